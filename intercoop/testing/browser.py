"""Browser test fixtures: Playwright for Python driving Debian's Chromium, never a downloaded one.

Loaded as a pytest plugin by ``intercoop/conftest.py``. Mark browser tests with
``@pytest.mark.browser``; they get:

- ``browser``: one headless Chromium for the session (``/usr/bin/chromium``). When it is missing,
  the tests are skipped on a developer's machine and FAIL in CI (the ``CI`` variable is set), so
  CI can never pass by skipping them;
- ``new_context``: makes browser contexts (``new_context(java_script_enabled=False)``...), closed
  after the test; every request leaving the test server is aborted and fails the test;
- ``page``: a page in a default context;
- ``screenshot``: ``screenshot(page, "step")`` saves a full-page PNG in
  ``test-artifacts/screenshots/<test>-<step>.png``, for people to look at. No test reads them,
  and a full-page capture of a long page costs Chromium about a second of CPU: CI, whose
  artifacts nobody sees, sets ``INTERCOOP_SCREENSHOTS=off`` and they are not taken;
- ``static_files_from_finders``: unhashed static URLs. pytest-django's live server serves
  ``/static/`` through the staticfiles finders, which know ``css/intercoop.css`` but not the
  hashed names of the collected manifest; without it every stylesheet would be a 404.

``MAIN_PAGES`` and ``fill_main_pages`` are the main pages (and the data that fills their tables)
shared by the accessibility, weight and security-header tests.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from intercoop.testing.requirements import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# Every address but the test server's own and data:/blob: ones. Matched by Playwright's driver
# (a pattern is handed to it; a Python function would be asked about every request): the
# requests a page makes to the test server, dozens per page, never wait on this process.
_OUTSIDE = re.compile(
    r"^(?!(?:https?|wss?)://(?:localhost|127\.0\.0\.1|\[::1\])(?:[:/?#]|$))(?!(?:data|blob):)"
)


def require_chromium() -> str:
    """The Chromium executable, or skip (developer machine) / fail (CI) the test."""
    require(
        CHROMIUM.exists(),
        f"Chromium not found at {CHROMIUM}: browser tests skipped "
        "(apt-get install -y chromium to run them)",
    )
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop marked as running in this thread for as
    # long as the browser lives, so Django takes every later test (browser or not) for async
    # code and refuses its ORM calls. Allowed while the browser is up, restored afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    contexts: list[BrowserContext] = []
    outside: list[str] = []

    def keep_local(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in {"data", "blob"} or urlsplit(url).hostname in _LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    def make(**kwargs: Any) -> BrowserContext:
        kwargs.setdefault("viewport", {"width": 1280, "height": 800})
        kwargs.setdefault("locale", "en-GB")
        context = browser.new_context(**kwargs)
        context.set_default_timeout(15_000)
        # A navigation waits on the live server too (a sign-in hashes a password), which on
        # this shared two-core machine, under a parallel test run and a benchmark, once took
        # more than 15 s.
        context.set_default_navigation_timeout(60_000)
        context.route(_OUTSIDE, keep_local)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if outside:
        pytest.fail(f"pages tried to fetch from outside the test server: {outside}")


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    test = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")

    wanted = os.environ.get("INTERCOOP_SCREENSHOTS", "on") != "off"

    def take(page: Page, step: str) -> Path:
        path = SCREENSHOTS / f"{test}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', step)}.png"
        if wanted:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def static_files_from_finders(settings: Any) -> None:
    """Plain static storage, for the live server (see the module docstring)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- The main pages, shared by the accessibility, weight and security-header tests -----------


@dataclass(frozen=True)
class MainPage:
    name: str
    path: str  # "{lang}" is replaced by the language code
    who: str  # a persona of intercoop/conftest.py, or "anonymous"
    status: int = 200

    def url(self, lang: str) -> str:
        return self.path.format(lang=lang, **FILLED_IDS)


# The ids of the governance objects that fill_main_pages makes, for the paths naming one
# ("{decision_open}"...): ids differ between runs and databases, so they are looked up.
FILLED_IDS: dict[str, int] = {}


MAIN_PAGES = (
    MainPage("home", "/{lang}/", "anonymous"),
    MainPage("org-list", "/{lang}/orgs/", "anonymous"),
    MainPage("org-detail", "/{lang}/orgs/coop-a/", "alice"),
    MainPage("org-edit", "/{lang}/orgs/coop-a/edit/", "alice"),
    MainPage("org-history", "/{lang}/orgs/coop-a/history/", "alice"),
    MainPage("people", "/{lang}/orgs/coop-a/people/", "alice"),
    MainPage("invitations", "/{lang}/orgs/coop-a/invitations/", "alice"),
    MainPage("offers", "/{lang}/orgs/coop-a/offers/", "alice"),
    MainPage("relationships", "/{lang}/orgs/coop-a/relationships/", "alice"),
    MainPage("join", "/{lang}/orgs/coop-a/join/", "charlie"),
    MainPage("join-requests", "/{lang}/orgs/coop-a/join-requests/", "alice"),
    MainPage("login", "/{lang}/accounts/login/", "anonymous"),
    MainPage("signup", "/{lang}/accounts/signup/", "anonymous"),
    MainPage("profile", "/{lang}/accounts/profile/", "alice"),
    MainPage("api-tokens", "/{lang}/accounts/tokens/", "alice"),
    MainPage("directory-search", "/{lang}/directory/", "anonymous"),
    # With an organization chosen: the <iframe> code and a preview of the widget in a frame.
    MainPage("directory-widget", "/{lang}/directory/widget/?org=coop-a", "anonymous"),
    # Outside the language prefixes: the language comes from the language cookie.
    MainPage("api-docs", "/api/v1/docs", "anonymous"),
    MainPage("api-docs-organizations", "/api/v1/docs?part=organizations", "anonymous"),
    MainPage("api-docs-schemas", "/api/v1/docs?part=schemas", "anonymous"),
    MainPage("not-found", "/{lang}/no-such-page/", "anonymous", status=404),
    MainPage("status", "/{lang}/status/", "anonymous"),
    # In the main navigation: for Bob, "Where you can order" comes first.
    MainPage("order-cycles", "/{lang}/exchange/cycles/", "bob"),
    # Governance, filled with the demo's register, proposals, votes and meetings.
    MainPage("members", "/{lang}/orgs/coop-a/members/", "alice"),
    MainPage("rules", "/{lang}/orgs/coop-a/rules/", "bob"),
    MainPage("proposals", "/{lang}/orgs/coop-a/proposals/", "bob"),
    MainPage("proposal", "/{lang}/orgs/coop-a/proposals/{proposal}/", "bob"),
    MainPage("decisions", "/{lang}/orgs/coop-a/decisions/", "alice"),
    # Open, and Alice has not voted yet: the page holds her ballot form.
    MainPage("decision-vote", "/{lang}/orgs/coop-a/decisions/{decision_open}/", "alice"),
    # A Scottish STV election: rounds, charts and their tables, colleges.
    MainPage("decision-result", "/{lang}/orgs/coop-a/decisions/{election}/result/", "bob"),
    MainPage("meetings", "/{lang}/orgs/coop-a/meetings/", "alice"),
    # Convened, with its agenda and the chair's actions.
    MainPage("meeting", "/{lang}/orgs/coop-a/meetings/{meeting_upcoming}/", "alice"),
    MainPage("minutes", "/{lang}/orgs/coop-a/meetings/{meeting_past}/minutes/", "bob"),
    MainPage("audit-log", "/{lang}/orgs/coop-a/audit/", "bob"),
    MainPage("notifications", "/{lang}/notifications/", "bob"),
    # What waits for Alice in the demo: votes, meetings, proposals.
    MainPage("attention", "/{lang}/attention/", "alice"),
    # Verifiable ballots (the ballots demo): a published election, its public board, Alice's
    # trustee page, then an open one and its booth (the one page that needs JavaScript).
    MainPage("election", "/{lang}/orgs/coop-a/decisions/{verifiable_published}/election/", "bob"),
    MainPage(
        "election-board",
        "/{lang}/orgs/coop-a/decisions/{verifiable_published}/election/board/",
        "anonymous",
    ),
    MainPage(
        "election-trustee",
        "/{lang}/orgs/coop-a/decisions/{verifiable_published}/election/trustee/",
        "alice",
    ),
    # The open one, whose credential authority printed letters: how each voter gets a code.
    MainPage("election-open", "/{lang}/orgs/coop-a/decisions/{verifiable_open}/election/", "alice"),
    MainPage("booth", "/{lang}/orgs/coop-a/decisions/{verifiable_open}/election/booth/", "alice"),
)
# The booth encrypts in the browser: the only page allowed JavaScript, and the only one allowed
# over the weight budget, by exactly its cryptography: libsodium.js and our port on it.
JAVASCRIPT_PAGES = frozenset({"booth"})
JAVASCRIPT_ALLOWANCE = ("ballots/vendor/", "ballots/booth-crypto.js")
LANGS = ("en", "fr")


def fill_main_pages(personas: Any, *, base_url: str = "http://testserver/") -> None:
    """Give the personas' pages something in each table: an open invitation, an API token,
    a description, a full page of organizations in the directory, and co-op A's governance
    (see ``_fill_governance``)."""
    from intercoop.accounts.services import api_token_create
    from intercoop.organizations.services import invitation_create
    from intercoop.testing.factories import OrganizationFactory

    coop_a = personas.coop_a
    coop_a.description = "A workers' co-operative.\n\nWe bake bread."
    coop_a.description_language = "en"
    coop_a.website = "https://bakery.example.org"
    # A full profile, imported from an open-data file: every group of facts and the attribution
    # are on the organization's page and on the list.
    coop_a.legal_name = "Co-op A Bakery Limited"
    coop_a.legal_form = "Society"
    coop_a.founded_on = datetime.date(1998, 5, 4)
    coop_a.structure, coop_a.activity, coop_a.membership_type = "OS115", "ICA250", "BMT30"
    coop_a.street_address = "1 Mill Lane\nUnit 4"
    coop_a.locality, coop_a.region, coop_a.postal_code = "Leeds", "Yorkshire", "LS1 1AA"
    coop_a.country, coop_a.latitude, coop_a.longitude = "GB", 53.7997, -1.5492
    coop_a.email, coop_a.phone = "hello@bakery.example.org", "+44 113 000 0000"
    coop_a.source, coop_a.source_id = "coops-uk", "R000001"
    coop_a.source_licence = "ODC-By-1.0"
    coop_a.source_attribution = "Contains data from Co-operatives UK, ODC-By 1.0"
    coop_a.imported_at = coop_a.created_at
    coop_a.save()
    coop_a.registry_ids.create(scheme="gb-coh", value="IP00001R")
    invitation_create(
        organization=coop_a,
        email="dora@example.org",
        role="member",
        by=personas.alice,
        base_url=base_url,
    )
    api_token_create(user=personas.alice, name="Accounting export")
    OrganizationFactory.create_batch(50)
    _fill_governance(personas)


def _fill_governance(personas: Any) -> None:
    """Co-op A gets the governance demo of Riverside Food Co-op (``governance/demo.py``): 41
    members in three weighted colleges, proposals, closed and open votes, a past meeting with
    its minutes and a convened one, all written through the services. Alice and Bob are the
    demo's Alice Martin (administrator) and Bob Singh: the demo finds its people's accounts by
    their demo address, so the personas take those addresses first."""
    from intercoop.ballots import demo as ballots_demo
    from intercoop.governance import demo
    from intercoop.governance.models import Decision, Meeting, Proposal

    coop_a = personas.coop_a
    for user, account in ((personas.alice, "alice"), (personas.bob, "bob")):
        user.email = f"{account}@{demo.DEMO_DOMAIN}"
        user.save(update_fields=["email"])
    with demo._emails_held_back():
        demo._riverside(coop_a, personas.alice, personas.bob)
        published = ballots_demo._published(coop_a, personas.alice)
        ballots_demo._open_vote(coop_a, personas.alice)
    verifiable = Decision.objects.filter(organization=coop_a, secrecy="verifiable")
    decisions = Decision.objects.filter(organization=coop_a).exclude(secrecy="verifiable")
    meetings = Meeting.objects.filter(organization=coop_a)
    FILLED_IDS.clear()
    FILLED_IDS.update(
        proposal=Proposal.objects.get(organization=coop_a, title=demo.BIKE_PROPOSAL[0]).pk,
        decision_open=decisions.get(state=Decision.State.OPEN, meeting=None).pk,
        election=decisions.get(method=Decision.Method.STV_SCOTTISH).pk,
        meeting_upcoming=meetings.get(state=Meeting.State.CONVENED).pk,
        meeting_past=meetings.get(state=Meeting.State.CLOSED).pk,
        verifiable_published=published.pk,
        verifiable_open=verifiable.get(state=Decision.State.OPEN).pk,
    )
