"""Every web route of proposals, attachments and notifications, for each of the four personas.

Alice administers co-op A, Bob is a member of A, Charlie is a member of co-op B, and the fourth
persona is an anonymous visitor. Charlie and the visitor never see or change anything of A's
proposals, discussion or attachments; nobody reads or changes another person's notifications.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import URLPattern, reverse

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

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

PERSONAS = ("alice", "bob", "charlie", "anonymous")
LOGIN = "login"  # a redirect to the sign-in page
DONE = "done"  # a redirect after the form (never to sign in)


@dataclass(frozen=True)
class Route:
    url_name: str
    args: Callable[[World], list[Any]]
    data: Callable[[World], dict[str, Any]] = lambda w: {}


def _open(w: World) -> list[Any]:
    return ["coop-a", w.proposal.pk]


def _draft(w: World) -> list[Any]:
    return ["coop-a", w.draft.pk]


def _amendment(w: World) -> list[Any]:
    return ["coop-a", w.proposal.pk, w.amendment.pk]


def _bobs_notification(w: World) -> list[Any]:
    return [Notification.objects.get(user=w.g.personas.bob, kind="proposal.opened").pk]


ROUTES: dict[str, Route] = {
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
    "notifications": Route("governance:notifications", lambda w: []),
    "notification_read": Route("governance:notification_read", _bobs_notification),
    "read_all": Route("governance:notifications_read_all", lambda w: []),
    "preferences": Route(
        "governance:notification_preferences",
        lambda w: [],
        lambda w: {f"org-{w.g.personas.coop_a.pk}": "daily"},
    ),
}

# route, method: expected for alice, bob, charlie, anonymous
TABLE: list[tuple[str, str, tuple[object, object, object, object]]] = [
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

CASES = [
    pytest.param(route, method, who, expected, id=f"{route}-{method}-{who}")
    for route, method, outcomes in TABLE
    for who, expected in zip(PERSONAS, outcomes, strict=True)
]


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


def request(w: World, route: str, method: str, who: str) -> tuple[str, TestResponse]:
    r = ROUTES[route]
    path = reverse(r.url_name, args=r.args(w))
    client = w.g.personas.client_for(who)
    if method == "GET":
        return path, client.get(path)
    return path, client.post(path, r.data(w))


def assert_outcome(response: TestResponse, path: str, expected: object) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
        assert path in response["Location"]
    elif expected == DONE:
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def _content(response: TestResponse) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content


@pytest.mark.parametrize(("route", "method", "who", "expected"), CASES)
def test_route_answers_each_persona_as_the_table_says(
    world: World, route: str, method: str, who: str, expected: object
) -> None:
    # given
    before = protected_state(world)

    # when
    path, response = request(world, route, method, who)

    # then
    assert_outcome(response, path, expected)
    changed = protected_state(world) != before
    assert changed == (who in CHANGES.get((route, method), set()))
    if who in ("charlie", "anonymous"):
        content = _content(response)
        assert PDF not in content
        for marker in PRIVATE:
            assert marker.encode() not in content, f"{marker} leaked to {who}"


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_coop_people_see_the_discussion(world: World, who: str) -> None:
    # The positive control for the leak check above.
    _, response = request(world, "detail", "GET", who)
    content = response.content.decode()

    for marker in (OPEN_TITLE, OPEN_BODY, COMMENT_BODY, AMENDMENT_TEXT, "quote.pdf"):
        assert marker in content


def _methods_in_table(route: str) -> set[str]:
    return {method for r, method, _ in TABLE if r == route}


OTHER_METHOD_CASES = [
    pytest.param(route, method, who, id=f"{route}-{method}-{who}")
    for route in ROUTES
    for method in ("GET", "POST")
    if method not in _methods_in_table(route)
    for who in PERSONAS
]


@pytest.mark.parametrize(("route", "method", "who"), OTHER_METHOD_CASES)
def test_a_method_the_route_does_not_take_is_refused_without_effect(
    world: World, route: str, method: str, who: str
) -> None:
    before = protected_state(world)

    path, response = request(world, route, method, who)

    if who == "anonymous" and response.status_code == 302:
        assert_outcome(response, path, LOGIN)
    else:
        assert response.status_code == 405
    assert protected_state(world) == before


def test_every_route_of_this_area_has_rows_in_the_table() -> None:
    names = {
        f"governance:{p.name}"
        for p in [*proposal_views.urlpatterns, *notification_views.urlpatterns]
        if isinstance(p, URLPattern)
    }
    covered = {ROUTES[route].url_name for route, _, _ in TABLE}

    assert names - covered == set(), "add persona rows for these routes"
