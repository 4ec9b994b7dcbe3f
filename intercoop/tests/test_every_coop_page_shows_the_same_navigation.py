"""Every page of a co-op (profile, people, proposals, decisions, meetings, register, rules,
audit log, elections, join requests, history…) shows one and the same sub-navigation: for a
given person, the same entries in the same order on every page, the page's own entry marked
with aria-current, and only the entries that person may open."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from intercoop.ballots import urls as ballot_urls
from intercoop.datacoop import urls as datacoop_urls
from intercoop.directory import urls as directory_urls
from intercoop.exchange import urls as exchange_urls
from intercoop.governance import urls as governance_urls
from intercoop.governance.models import Decision
from intercoop.governance.services import decisions, meetings, proposals
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.conftest import governance as governance
from intercoop.governance.tests.meetings.conftest import in_days
from intercoop.labels import services as labels
from intercoop.labels import urls as label_urls
from intercoop.labels.tests.conftest import with_mfa
from intercoop.organizations import urls as organization_urls

PERSONAS = ("alice", "bob", "charlie", "anonymous")
NAV_LABEL = "Organization"


class _OrgNav(HTMLParser):
    """The entries of each <nav aria-label="Organization">: (label, href, current)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.navs: list[list[tuple[str, str, bool]]] = []
        self._in_nav = False
        self._link: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav" and a.get("aria-label") == NAV_LABEL:
            self._in_nav = True
            self.navs.append([])
        elif tag == "a" and self._in_nav:
            self._link = {"href": a.get("href"), "current": a.get("aria-current") == "page"}
            self._link["text"] = ""

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            link = self._link
            self.navs[-1].append((" ".join(link["text"].split()), link["href"], link["current"]))
            self._link = None
        elif tag == "nav":
            self._in_nav = False


def org_navs(html: str) -> list[list[tuple[str, str, bool]]]:
    parser = _OrgNav()
    parser.feed(html)
    return parser.navs


@dataclass
class Page:
    path: str
    html: str


def _coop_patterns() -> list[tuple[str, URLPattern]]:
    found = []
    # The directory's public list and page of an organization are in the organizations
    # namespace (intercoop/urls.py).
    modules = [
        (organization_urls.app_name, organization_urls.urlpatterns),
        (organization_urls.app_name, directory_urls.organization_pages),
        (governance_urls.app_name, governance_urls.urlpatterns),
        (ballot_urls.app_name, ballot_urls.urlpatterns),
        (label_urls.app_name, label_urls.urlpatterns),
        (exchange_urls.app_name, exchange_urls.urlpatterns),
        (datacoop_urls.app_name, datacoop_urls.urlpatterns),
    ]
    for namespace, patterns in modules:
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and "<slug:slug>" in str(pattern.pattern):
                found.append((f"{namespace}:{pattern.name}", pattern))
    return found


@pytest.fixture
def ids(governance: Governance) -> dict[str, int]:
    """Something of co-op A for each kind of id the co-op's addresses take."""
    p = governance.personas
    # Alice may open the co-op's labels pages: she set up two-factor authentication, and A is an
    # issuer.
    with_mfa(p.alice)
    labels.issuer_create(organization=p.coop_a, by=p.alice)
    proposal = proposals.proposal_create(
        organization=p.coop_a, by=p.alice, title="Buy a van", body="For deliveries.", language="en"
    )
    decision = decisions.decision_create(
        organization=p.coop_a,
        by=p.alice,
        title="Adopt the budget",
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        record_date=timezone.localdate(),
    )
    decisions.decision_open(decision=decision, by=p.alice)
    verifiable = decisions.decision_create(
        organization=p.coop_a,
        by=p.alice,
        title="Join the federation",
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        secrecy=Decision.Secrecy.VERIFIABLE,
        record_date=timezone.localdate(),
    )
    meeting = meetings.meeting_create(
        organization=p.coop_a,
        by=p.alice,
        kind="annual",
        title="Annual general meeting",
        language="en",
        starts_at=in_days(20),
        record_date=timezone.localdate(),
        place="The bakery",
    )
    return {
        "pk": proposal.pk,
        "decision_id": decision.pk,
        "verifiable_id": verifiable.pk,
        "meeting_id": meeting.pk,
        "member_id": governance.bob_member.pk,
    }


def _path(name: str, pattern: URLPattern, ids: dict[str, int]) -> str | None:
    kwargs: dict[str, Any] = {"slug": "coop-a"}
    for key in pattern.pattern.converters:
        if key == "slug":
            continue
        if key == "decision_id" and name.startswith("ballots:"):
            kwargs[key] = ids["verifiable_id"]
        elif key in ids:
            kwargs[key] = ids[key]
        else:
            return None  # an id of something this world does not make (a comment, a file…)
    return reverse(name, kwargs=kwargs)


def coop_pages(client: Any, ids: dict[str, int]) -> list[Page]:
    """Every page of co-op A this client may read, as HTML."""
    pages = []
    for name, pattern in _coop_patterns():
        path = _path(name, pattern, ids)
        if path is None:
            continue
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(Page(path, response.content.decode()))
    return pages


@pytest.mark.parametrize("who", PERSONAS)
def test_each_page_shows_the_same_entries_with_its_own_marked(
    governance: Governance, ids: dict[str, int], who: str
) -> None:
    pages = coop_pages(governance.personas.client_for(who), ids)

    # Alice opens every page of the co-op, Bob those of its members; everyone its profile.
    assert len(pages) >= {"alice": 30, "bob": 15}.get(who, 1)
    entries = None
    for page in pages:
        navs = org_navs(page.html)
        assert len(navs) == 1, f"{page.path} has {len(navs)} co-op navigations"
        links = [(label, href) for label, href, _current in navs[0]]
        if entries is None:
            entries = links
        assert links == entries, f"{page.path} shows other entries"
        current = [href for _label, href, is_current in navs[0] if is_current]
        # The page's own entry: the longest entry address that begins the page's address.
        expected = max((href for _label, href in links if page.path.startswith(href)), key=len)
        assert current == [expected], page.path


def entries_of(governance: Governance, who: str) -> list[str]:
    client = governance.personas.client_for(who)
    html = client.get(reverse("organizations:detail", args=["coop-a"])).content.decode()
    return [label for label, _href, _current in org_navs(html)[0]]


def test_each_persona_sees_only_the_entries_they_may_open(governance: Governance) -> None:
    alice = entries_of(governance, "alice")
    bob = entries_of(governance, "bob")

    assert alice == [
        "Profile",
        "Proposals",
        "Decisions",
        "General meetings",
        "People and roles",
        "Member register",
        "Voting rules",
        "Invitations",
        "Requests to join",
        "Edit the profile",
        "Edit the products and services",
        "Relationships",
        "Labels",
        "Catalogue",
        "Offers and needs",
        "Order cycles",
        "Traceability",
        "Data co-operative",
        "Audit log",
        "History",
    ]
    assert bob == [
        "Profile",
        "Proposals",
        "Decisions",
        "General meetings",
        "People and roles",
        "Voting rules",
        "Catalogue",
        "Data co-operative",
        "Audit log",
        "History",
    ]
    # Every organization's catalogue is public.
    assert entries_of(governance, "charlie") == ["Profile", "Catalogue"]
    assert entries_of(governance, "anonymous") == ["Profile", "Catalogue"]


def test_the_public_bulletin_board_marks_decisions_and_shows_nothing_private(
    governance: Governance, ids: dict[str, int]
) -> None:
    # A page the public may read: its entry is marked, and no private entry shows.
    path = reverse("ballots:election", args=["coop-a", ids["verifiable_id"]])

    html = governance.personas.client_for("alice").get(path).content.decode()

    (nav,) = org_navs(html)
    assert [label for label, _href, current in nav if current] == ["Decisions"]
