from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from django.urls import reverse

from intercoop.core.errors import ServiceError
from intercoop.governance.models import Attachment, AuditEntry
from intercoop.governance.selectors import proposals as selectors
from intercoop.governance.services import proposals as services
from intercoop.governance.tests.proposals.conftest import EXE, PDF, PNG, World, upload


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first and uncompressed, as the format requires
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _post(world: World, who: str, name: str, content: bytes, content_type: str):
    return world.g.personas.client_for(who).post(
        reverse("governance:attachment_create", args=["coop-a", world.proposal.pk]),
        {"file": upload(name, content, content_type)},
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("budget.pdf", PDF + b"% budget\n", "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20, "image/jpeg"),
        ("notes.txt", "Notes for the meeting: café, 5 €.\n".encode(), "text/plain"),
        ("letter.docx", _docx(), selectors.DOCX_MIME),
        ("letter.odt", _odt(), selectors.ODT_MIME),
    ],
)
def test_allowed_files_are_attached_with_their_sniffed_type_and_sha256(
    world: World, name: str, content: bytes, expected: str
) -> None:
    # The browser's claimed type is ignored: the first bytes decide.
    response = _post(world, "alice", name, content, "application/octet-stream")

    assert response.status_code == 302
    attachment = Attachment.objects.get(proposal=world.proposal, name=name)
    assert attachment.content_type == expected
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.size == len(content)
    # Stored under a random name, not the one sent.
    stored_as = str(attachment.file.name)
    assert name not in stored_as
    assert re.fullmatch(rf"governance/{world.g.personas.coop_a.pk}/[0-9a-f]{{32}}", stored_as)
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    entry = AuditEntry.objects.filter(action="attachment.added").last()
    assert entry is not None and entry.data["sha256"] == attachment.sha256
    assert entry.data["name"] == name
    page = world.g.personas.client_for("bob").get(
        reverse("governance:proposal_detail", args=["coop-a", world.proposal.pk])
    )
    assert attachment.sha256 in page.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", EXE),  # a program named as a PDF
        ("page.txt", b"<html>\x00\x01binary"),  # not text
        ("archive.docx", b"PK\x03\x04not really a zip"),
        ("latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1")),  # not UTF-8
        ("empty.pdf", b""),
    ],
)
def test_other_files_are_refused_on_the_form_and_nothing_is_stored(
    world: World, name: str, content: bytes
) -> None:
    before = Attachment.objects.count()

    response = _post(world, "alice", name, content, "application/pdf")

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert Attachment.objects.count() == before
    assert not AuditEntry.objects.filter(action="attachment.added", data__name=name).exists()


def test_a_file_over_10_mb_is_refused(world: World) -> None:
    too_big = PDF + b"0" * (services.ATTACHMENT_MAX_BYTES + 1 - len(PDF))

    response = _post(world, "alice", "big.pdf", too_big, "application/pdf")

    # 413, as every upload over its limit; the form says which limit
    assert response.status_code == 413
    assert "too large" in response.content.decode()
    assert not Attachment.objects.filter(name="big.pdf").exists()


def test_only_the_author_or_the_board_attach_and_not_after_the_discussion(world: World) -> None:
    p = world.g.personas

    with pytest.raises(ServiceError) as bob:
        services.attachment_add(proposal=world.proposal, upload=upload("b.pdf", PDF), by=p.bob)
    services.proposal_withdraw(proposal=world.proposal, by=p.alice)
    with pytest.raises(ServiceError) as late:
        services.attachment_add(proposal=world.proposal, upload=upload("c.pdf", PDF), by=p.alice)

    assert bob.value.code == "not_author"
    assert late.value.code == "wrong_state"
    assert Attachment.objects.filter(proposal=world.proposal).count() == 1


def test_a_hostile_file_name_is_cleaned() -> None:
    assert selectors.clean_file_name("../../etc/passwd") == "passwd"
    assert selectors.clean_file_name("C:\\Users\\x\\report.pdf") == "report.pdf"
    assert selectors.clean_file_name("a\x00b\r\nc.pdf") == "abc.pdf"
    assert selectors.clean_file_name("...") == "attachment"
    assert len(selectors.clean_file_name("x" * 500 + ".pdf")) <= selectors.TITLE_MAX
