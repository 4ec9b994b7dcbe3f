"""Proposals in co-op A: Bob's draft, and Alice's proposal open for discussion with a thread
of comments, an amendment and an attachment. Charlie (co-op B) must see none of it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intercoop.governance.models import Amendment, Attachment, Comment, Proposal
from intercoop.governance.services import proposals as services
from intercoop.governance.tests.conftest import Governance

# Minimal real files: what each kind starts with.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48

DRAFT_TITLE = "Secret draft on bike racks"
OPEN_TITLE = "Buy a cargo bike for deliveries"
OPEN_BODY = "We buy one cargo bike, budget 4000 euros."
COMMENT_BODY = "Which model do we have in mind?"
AMENDMENT_TEXT = "We buy two cargo bikes, budget 8000 euros."


@dataclass
class World:
    g: Governance
    draft: Proposal  # Bob's draft
    proposal: Proposal  # Alice's, open for discussion
    comment: Comment  # Bob's comment on it
    amendment: Amendment  # Bob's amendment to it
    attachment: Attachment  # Alice's PDF on it


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def world(governance: Governance) -> World:
    p = governance.personas
    draft = services.proposal_create(
        organization=p.coop_a, title=DRAFT_TITLE, body="Racks by the door.", language="en", by=p.bob
    )
    proposal = services.proposal_create(
        organization=p.coop_a, title=OPEN_TITLE, body=OPEN_BODY, language="en", by=p.alice
    )
    attachment = services.attachment_add(
        proposal=proposal, upload=upload("quote.pdf", PDF), by=p.alice
    )
    proposal = services.proposal_open(proposal=proposal, by=p.alice)
    comment = services.comment_create(proposal=proposal, body=COMMENT_BODY, by=p.bob)
    amendment = services.amendment_create(
        proposal=proposal, text=AMENDMENT_TEXT, rationale="One is not enough.", by=p.bob
    )
    return World(governance, draft, proposal, comment, amendment, attachment)
