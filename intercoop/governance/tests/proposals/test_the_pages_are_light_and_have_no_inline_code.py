from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from intercoop.governance.services import proposals as services
from intercoop.governance.tests.proposals.conftest import World

PAGES = [
    ("governance:proposal_list", lambda w: ["coop-a"]),
    ("governance:proposal_create", lambda w: ["coop-a"]),
    ("governance:proposal_detail", lambda w: ["coop-a", w.proposal.pk]),
    ("governance:proposal_edit", lambda w: ["coop-a", w.draft.pk]),
    ("governance:proposal_history", lambda w: ["coop-a", w.proposal.pk]),
    ("governance:comment_reply", lambda w: ["coop-a", w.proposal.pk, w.comment.pk]),
    ("governance:amendment_create", lambda w: ["coop-a", w.proposal.pk]),
    ("governance:amendment_reject", lambda w: ["coop-a", w.proposal.pk, w.amendment.pk]),
    ("governance:attachment_create", lambda w: ["coop-a", w.proposal.pk]),
    ("governance:notifications", lambda w: []),
]


@pytest.mark.parametrize(("name", "args"), PAGES, ids=[p[0] for p in PAGES])
def test_page_with_its_stylesheet_is_under_50_kb_without_inline_script_or_style(
    world: World, name, args
) -> None:
    p = world.g.personas
    # A lively discussion: 40 comments, some nested.
    parent = None
    for i in range(40):
        comment = services.comment_create(
            proposal=world.proposal, body=f"Comment number {i}", by=p.alice, parent=parent
        )
        parent = comment if i % 3 else None
    client = p.client_for("bob" if name == "governance:proposal_edit" else "alice")

    response = client.get(reverse(name, args=args(world)))

    html = response.content.decode()
    css = finders.find("css/intercoop.css")
    assert css
    assert response.status_code == 200
    assert len(response.content) + Path(str(css)).stat().st_size < 50 * 1024
    assert "<script" not in html
    assert not re.search(r"\sstyle=", html)
    assert re.search(r"<h1[ >]", html)
