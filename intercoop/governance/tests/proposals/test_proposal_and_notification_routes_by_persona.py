"""Every web route of proposals, attachments and notifications, for each of the four personas.

Alice administers co-op A, Bob is a member of A, Charlie is a member of co-op B, and the fourth
persona is an anonymous visitor. Charlie and the visitor never see or change anything of A's
proposals, discussion or attachments; nobody reads or changes another person's notifications.
"""

from __future__ import annotations

from typing import Any

import pytest

from intercoop.governance.models import (
    Amendment,
    Attachment,
    Comment,
    Notification,
    NotificationPreference,
    Proposal,
)
from intercoop.governance.tests.proposals.conftest import (
    AMENDMENT_TEXT,
    COMMENT_BODY,
    DRAFT_TITLE,
    OPEN_BODY,
    OPEN_TITLE,
    PDF,
    World,
    upload,
)
from intercoop.governance.views import notifications as notification_views
from intercoop.governance.views import proposals as proposal_views
from intercoop.testing.persona_routes import (
    CASE,
    DONE,
    LOGIN,
    OTHER_METHOD_CASE,
    Expected,
    PersonaTable,
    Route,
    Row,
    url_names_of,
    writes_by,
)


def _open(w: World) -> list[Any]:
    return ["coop-a", w.proposal.pk]


def _draft(w: World) -> list[Any]:
    return ["coop-a", w.draft.pk]


def _amendment(w: World) -> list[Any]:
    return ["coop-a", w.proposal.pk, w.amendment.pk]


def _bobs_notification(w: World) -> list[Any]:
    return [Notification.objects.get(user=w.g.personas.bob, kind="proposal.opened").pk]


ROUTES: dict[str, Route[World]] = {
    "list": Route("governance:proposal_list", lambda w: ["coop-a"]),
    "create": Route(
        "governance:proposal_create",
        lambda w: ["coop-a"],
        lambda w: {"title": "A new idea", "body": "Text", "language": "en"},
    ),
    "detail": Route("governance:proposal_detail", _open),
    "draft_detail": Route("governance:proposal_detail", _draft),
    "edit": Route(
        "governance:proposal_edit",
        _draft,
        lambda w: {"title": "Edited draft", "body": "Text", "language": "en"},
    ),
    "open": Route("governance:proposal_open", _draft, lambda w: {"closes_at": ""}),
    "withdraw": Route("governance:proposal_withdraw", _open),
    "history": Route("governance:proposal_history", _open),
    "comment": Route("governance:comment_create", _open, lambda w: {"body": "A new comment"}),
    "reply": Route(
        "governance:comment_reply",
        lambda w: ["coop-a", w.proposal.pk, w.comment.pk],
        lambda w: {"body": "A reply"},
    ),
    "amend": Route(
        "governance:amendment_create", _open, lambda w: {"text": "Other text", "rationale": ""}
    ),
    "accept": Route("governance:amendment_accept", _amendment),
    "reject": Route("governance:amendment_reject", _amendment, lambda w: {"reason": "No."}),
    "amendment_withdraw": Route("governance:amendment_withdraw", _amendment),
    "attach": Route(
        "governance:attachment_create",
        _open,
        lambda w: {"file": upload("more.pdf", PDF + b"% more\n")},
    ),
    "download": Route(
        "governance:attachment_download",
        lambda w: ["coop-a", w.proposal.pk, w.attachment.pk],
    ),
    "notifications": Route("governance:notifications"),
    "notification_read": Route("governance:notification_read", _bobs_notification),
    "read_all": Route("governance:notifications_read_all"),
    "preferences": Route(
        "governance:notification_preferences",
        data=lambda w: {f"org-{w.g.personas.coop_a.pk}": "daily"},
    ),
}

# route, method: expected for alice, bob, charlie, anonymous
ROWS: list[Row] = [
    ("list", "GET", (200, 200, 403, LOGIN)),
    ("create", "GET", (200, 200, 403, LOGIN)),
    ("create", "POST", (DONE, DONE, 403, LOGIN)),
    ("detail", "GET", (200, 200, 403, LOGIN)),
    ("draft_detail", "GET", (200, 200, 403, LOGIN)),
    ("edit", "GET", (404, 200, 403, LOGIN)),  # only the author edits a draft
    ("edit", "POST", (404, DONE, 403, LOGIN)),
    ("open", "POST", (DONE, DONE, 403, LOGIN)),  # the author, or the board
    ("withdraw", "POST", (DONE, DONE, 403, LOGIN)),  # refused for Bob: shown as a message
    ("history", "GET", (200, 200, 403, LOGIN)),
    ("comment", "POST", (DONE, DONE, 403, LOGIN)),
    ("reply", "GET", (200, 200, 403, LOGIN)),
    ("reply", "POST", (DONE, DONE, 403, LOGIN)),
    ("amend", "GET", (200, 200, 403, LOGIN)),
    ("amend", "POST", (DONE, DONE, 403, LOGIN)),
    ("accept", "POST", (DONE, 403, 403, LOGIN)),
    ("reject", "GET", (200, 403, 403, LOGIN)),
    ("reject", "POST", (DONE, 403, 403, LOGIN)),
    ("amendment_withdraw", "POST", (DONE, DONE, 403, LOGIN)),  # refused for Alice: a message
    ("attach", "GET", (200, 200, 403, LOGIN)),
    ("attach", "POST", (DONE, 403, 403, LOGIN)),  # the author or the board
    ("download", "GET", (200, 200, 403, LOGIN)),
    ("notifications", "GET", (200, 200, 200, LOGIN)),
    ("notification_read", "POST", (DONE, DONE, DONE, LOGIN)),  # others: "does not exist"
    ("read_all", "POST", (DONE, DONE, DONE, LOGIN)),
    ("preferences", "POST", (DONE, DONE, 400, LOGIN)),  # Charlie's form is about B only
]

# Who changes the protected state through each row.
CHANGES: dict[tuple[str, str], set[str]] = {
    ("create", "POST"): {"alice", "bob"},
    ("edit", "POST"): {"bob"},
    ("open", "POST"): {"alice", "bob"},
    ("withdraw", "POST"): {"alice"},
    ("comment", "POST"): {"alice", "bob"},
    ("reply", "POST"): {"alice", "bob"},
    ("amend", "POST"): {"alice", "bob"},
    ("accept", "POST"): {"alice"},
    ("reject", "POST"): {"alice"},
    ("amendment_withdraw", "POST"): {"bob"},
    ("attach", "POST"): {"alice"},
    ("notification_read", "POST"): {"bob"},
    ("read_all", "POST"): {"bob"},  # only Bob has notifications here
    ("preferences", "POST"): {"alice", "bob"},
}


def protected_state(w: World) -> tuple[object, ...]:
    org = w.g.personas.coop_a
    return (
        sorted(
            Proposal.objects.filter(organization=org).values_list("pk", "state", "title", "body")
        ),
        sorted(Comment.objects.filter(proposal__organization=org).values_list("pk", "body")),
        sorted(Amendment.objects.filter(proposal__organization=org).values_list("pk", "state")),
        sorted(Attachment.objects.filter(proposal__organization=org).values_list("pk", flat=True)),
        sorted(Notification.objects.values_list("pk", "read_at")),
        sorted(NotificationPreference.objects.values_list("user_id", "organization_id", "email")),
    )


PRIVATE = [DRAFT_TITLE, OPEN_TITLE, OPEN_BODY, COMMENT_BODY, AMENDMENT_TEXT, "quote.pdf"]


def private_markers(w: World, route: str, who: str) -> list[str | bytes]:
    """A's proposals, discussion and attached files: hidden from Charlie and visitors."""
    return [PDF, *PRIVATE] if who in ("charlie", "anonymous") else []


TABLE = PersonaTable(
    routes=ROUTES,
    rows=ROWS,
    client=lambda w, who: w.g.personas.client_for(who),
    state=protected_state,
    changes=writes_by(CHANGES),
    hidden=private_markers,
    login_before_method=True,
)


@pytest.mark.parametrize(CASE, TABLE.cases())
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: Expected
) -> None:
    TABLE.check(world, route, method, who, expected)


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_coop_people_see_the_discussion(world: World, who: str) -> None:
    # The positive control for the leak check above.
    _, response = TABLE.request(world, "detail", "GET", who)
    content = response.content.decode()

    for marker in (OPEN_TITLE, OPEN_BODY, COMMENT_BODY, AMENDMENT_TEXT, "quote.pdf"):
        assert marker in content


@pytest.mark.parametrize(OTHER_METHOD_CASE, TABLE.other_method_cases())
def test_a_method_the_route_does_not_take_is_refused_without_effect(
    world: World, route: str, method: str, who: str
) -> None:
    TABLE.check_other_method(world, route, method, who)


def test_every_route_of_this_area_has_rows_in_the_table() -> None:
    names = url_names_of(
        [*proposal_views.urlpatterns, *notification_views.urlpatterns], "governance"
    )

    assert names - TABLE.url_names() == set(), "add persona rows for these routes"
