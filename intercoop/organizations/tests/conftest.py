from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations import services
from intercoop.organizations.models import Role
from intercoop.testing.factories import RoleFactory, UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

NEWCOMER_EMAIL = "newcomer@example.org"


@pytest.fixture
def newcomer(db: None) -> User:
    """Someone with an account and a verified address, not yet in any organization."""
    return UserFactory.create(email=NEWCOMER_EMAIL)


def invite_newcomer(
    personas: Personas, *, role: str = Role.Name.MEMBER, by: User | None = None
) -> services.IssuedInvitation:
    """Co-op A invites the newcomer, by default through Alice, its administrator."""
    return services.invitation_create(
        organization=personas.coop_a,
        email=NEWCOMER_EMAIL,
        role=role,
        by=by or personas.alice,
        base_url="http://testserver/",
    )


_SPACE = " \t\r\f\v"


class _Facts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.groups: dict[str, dict[str, list[str]]] = {}
        self.empty: list[str] = []
        self._in: str | None = None  # "h2", "dt" or "dd"
        self._text = ""
        self._heading = ""
        self._term = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "dt", "dd"):
            self._in, self._text = tag, ""
        elif tag == "br" and self._in:
            self._text += "\n"

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag != self._in:
            return
        # Collapse the template's whitespace, but keep no-break spaces: they are typography.
        lines = self._text.strip(_SPACE).split("\n")
        text = "\n".join(re.sub(f"[{_SPACE}]+", " ", line).strip(_SPACE) for line in lines)
        if not text:
            self.empty.append(f"<{tag}> under {self._heading!r} {self._term!r}")
        if tag == "h2":
            self._heading = text
        elif tag == "dt":
            self._term = text
            self.groups.setdefault(self._heading, {})[text] = []
        else:
            self.groups[self._heading][self._term].append(text)
        self._in = None


def profile_facts_in(html: str) -> dict[str, dict[str, list[str]]]:
    """The facts of a page as {heading: {term: [values]}}, from its <h2>, <dt> and <dd>;
    fails on an empty heading, term or value."""
    parser = _Facts()
    parser.feed(html)
    assert not parser.empty, f"empty elements: {parser.empty}"
    return {heading: facts for heading, facts in parser.groups.items() if facts}


ERIN_EMAIL = "erin@example.org"


@pytest.fixture
def erin(personas: Personas) -> User:
    """An administrator of co-op B: the side that answers A's proposals."""
    admin: User = UserFactory.create(email=ERIN_EMAIL, name="Erin")
    RoleFactory.create(organization=personas.coop_b, user=admin, role=Role.Name.ADMIN)
    return admin


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def propose_on_the_web(
    client: Client, *, subject: str, obj: str, predicate: str = "member_of"
) -> TestResponse:
    """An administrator of ``subject`` proposes, on its relationships page, that it is
    ``predicate`` of the organization whose short name is ``obj``."""
    return client.post(
        reverse("organizations:relationships", args=[subject]),
        {"predicate": predicate, "object": obj},
    )
