"""In Chromium with JavaScript off: a co-op with three weighted colleges
runs a general meeting end to end. Alice sets the rules, prepares and convenes the meeting with
three resolutions and a board election; a member gives a proxy; Alice records the attendance and
the quorum check passes; the members vote in their own browsers (the proxy holder for two);
Alice closes each vote and the meeting; the minutes (HTML and PDF) state the outcomes; and each
decision's anonymous ballot export, recounted by `intercoop recount`, gives the stored result.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.governance.models import Decision, Meeting, Member, Notification
from intercoop.organizations.models import Role
from intercoop.testing.factories import PASSWORD, MemberFactory, RoleFactory, UserFactory

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator, Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("transactional_db", "static_files_from_finders"),
]

# The register: (name, category), Alice first. Workers 4, users 5, supporters 3.
REGISTER = (
    ("Alice", "worker"),
    ("Wanda", "worker"),
    ("Walter", "worker"),
    ("Wendy", "worker"),
    ("Bob", "user"),
    ("Uma", "user"),
    ("Ulric", "user"),
    ("Una", "user"),
    ("Ursula", "user"),
    ("Sam", "supporting"),
    ("Sara", "community"),
    ("Stan", "supporting"),
)
# Who attends: Wendy stays away; Stan gives his proxy to Sam.
ATTENDANCE = {
    "Alice": "In person",
    "Wanda": "In person",
    "Walter": "Remotely",
    "Bob": "In person",
    "Uma": "Remotely",
    "Ulric": "In person",
    "Una": "In person",
    "Ursula": "Remotely",
    "Sam": "In person",
    "Sara": "Remotely",
}
GRANTOR, HOLDER = "Stan", "Sam"
VOTERS = [*ATTENDANCE, GRANTOR]  # everyone present or represented

ACCOUNTS = "Approve the 2025 accounts"
STATUTES = "Amend article 12 of the statutes"
HANDBOOK = "Adopt the member handbook"
BOARD = "Elect two board members"
CANDIDATES = ("Ana", "Ben", "Chloe", "Dev")

# Each voter's ballot, by resolution. Statutes (two-thirds): 7 of 11 heads say yes (64 %, not
# enough), but weighted by college it is 40 % x 3/3 + 40 % x 1/5 + 20 % x 3/3 = 68 %: adopted.
BALLOTS: dict[str, dict[str, Any]] = {
    ACCOUNTS: {
        "Alice": "Yes", "Wanda": "Yes", "Walter": "No",
        "Bob": "Yes", "Uma": "Yes", "Ulric": "No", "Una": "No", "Ursula": "Yes",
        "Sam": "Yes", "Stan": "Yes", "Sara": "No",
    },
    STATUTES: {
        "Alice": "Yes", "Wanda": "Yes", "Walter": "Yes",
        "Bob": "Yes", "Uma": "No", "Ulric": "No", "Una": "No", "Ursula": "No",
        "Sam": "Yes", "Stan": "Yes", "Sara": "Yes",
    },
    HANDBOOK: {
        "Alice": "Agree", "Wanda": "Agree", "Walter": "Abstain",
        "Bob": "Agree", "Uma": "Agree", "Ulric": "Block", "Una": "Agree", "Ursula": "Disagree",
        "Sam": "Agree", "Stan": "Agree", "Sara": "Agree",
    },
    BOARD: {
        "Alice": ["Ana", "Ben"], "Wanda": ["Ana", "Chloe"], "Walter": ["Ben", "Ana"],
        "Bob": ["Chloe", "Dev"], "Uma": ["Chloe", "Ana"], "Ulric": ["Dev", "Chloe"],
        "Una": ["Chloe"], "Ursula": ["Ben", "Chloe"],
        "Sam": ["Dev", "Ben"], "Stan": ["Dev"], "Sara": ["Ana", "Dev"],
    },
}  # fmt: skip


def _click(page: Page, name: str, within: Page | Locator | None = None) -> None:
    scope = within if within is not None else page.locator("main")
    with page.expect_navigation():
        scope.get_by_role("button", name=name, exact=True).click()


def _message(page: Page) -> str:
    return page.locator(".messages").inner_text().strip()


def _no_form_errors(page: Page) -> None:
    errors = page.locator("main .errorlist, main [role=alert]")
    assert errors.count() == 0, f"{page.url}: {errors.all_inner_texts()}"


def _signed_in_context(
    new_context: Callable[..., BrowserContext], base: str, user: User
) -> BrowserContext:
    """A browser without JavaScript, signed in with a session made by force_login."""
    client = Client()
    client.force_login(user)
    context = new_context(java_script_enabled=False)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    return context


def _setup_rules(page: Page, base: str) -> None:
    """The rules page keeps one blank college form: three saves make the three colleges.
    The weights go on with the third, as weights must cover every college and add up to 100 %."""
    colleges = [
        ("workers", "Workers", "worker", "40"),
        ("users", "Users", "user", "40"),
        ("supporters", "Supporters", "supporting, community", "20"),
    ]
    for count in range(1, 4):
        page.goto(f"{base}/en/orgs/coop-a/rules/edit/")
        key, name, categories, _weight = colleges[count - 1]
        i = count - 1
        page.fill(f"input[name=colleges-{i}-key]", key)
        page.fill(f"input[name=colleges-{i}-name]", name)
        page.fill(f"input[name=colleges-{i}-categories]", categories)
        if count == 3:
            page.select_option("select[name=preset]", "scic_france")
            page.fill("input[name=notice_days]", "15")
            page.fill("input[name=quorum_percent]", "20")
            for j, (_, _, _, weight) in enumerate(colleges):
                page.fill(f"input[name=colleges-{j}-weight_percent]", weight)
        _click(page, "Save the rules")
        _no_form_errors(page)
        assert page.url == f"{base}/en/orgs/coop-a/rules/", page.url
        assert _message(page) == "The voting rules were saved."


def _create_resolution(page: Page, base: str, meeting: Meeting, **fields: str) -> Decision:
    page.goto(f"{base}/en/orgs/coop-a/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Add a resolution to the agenda").click()
    assert page.locator("input[name=record_date]").input_value() == meeting.record_date.isoformat()
    page.fill("input[name=title]", fields["title"])
    page.fill("textarea[name=question]", fields.get("question", ""))
    page.select_option("select[name=method]", fields["method"])
    if "options" in fields:
        page.fill("textarea[name=options]", fields["options"])
    for name in ("threshold", "secrecy"):
        if name in fields:
            page.select_option(f"select[name={name}]", fields[name])
    if "seats" in fields:
        page.fill("input[name=seats]", fields["seats"])
    _click(page, "Create the decision")
    _no_form_errors(page)
    decision = Decision.objects.get(meeting=meeting, title=fields["title"])
    assert page.url == f"{base}/en/orgs/coop-a/decisions/{decision.pk}/", page.url
    return decision


def _vote(page: Page, base: str, decision: Decision, member: str, ballot: Any) -> None:
    """Cast one member's ballot on the decision page, as the signed-in voter."""
    page.goto(f"{base}/en/orgs/coop-a/decisions/{decision.pk}/")
    heading = f"Ballot of {member}, by proxy" if member == GRANTOR else f"Ballot of {member}"
    section = page.locator("section.ballot").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )
    assert section.count() == 1, f"{member} has no ballot on {page.url}"
    if isinstance(ballot, list):
        for rank, candidate in enumerate(ballot, start=1):
            section.locator(f"select[name$=-rank_{rank}]").select_option(label=candidate)
    else:
        section.get_by_role("radio", name=ballot, exact=True).check()
    _click(page, "Cast the ballot", within=section)
    _no_form_errors(page)
    assert page.url == f"{base}/en/orgs/coop-a/decisions/{decision.pk}/receipt/", page.url
    receipt = page.locator("main").inner_text()
    assert f"The ballot of {member} was cast" in receipt, receipt
    if decision.secrecy == Decision.Secrecy.SECRET:
        assert page.locator(".receipt-code").inner_text().strip()


def _recount(path: Path) -> dict[str, Any]:
    out = io.StringIO()
    call_command("recount", str(path), stdout=out)
    recounted: dict[str, Any] = json.loads(out.getvalue())
    return recounted


def test_a_general_meeting_from_convocation_to_minutes_and_recount(
    new_context: Callable[..., BrowserContext],
    live_server: Any,
    personas: Any,
    screenshot: Callable[[Page, str], Path],
    tmp_path: Path,
) -> None:
    base = live_server.url
    coop, alice = personas.coop_a, personas.alice

    # Given: the register, each member with an account that has a role in the co-op (setup,
    # not part of the journey). Bob of the personas is the user member Bob.
    long_ago = timezone.localdate() - timedelta(days=800)
    users: dict[str, User] = {"Alice": alice, "Bob": personas.bob}
    members: dict[str, Member] = {}
    for n, (name, category) in enumerate(REGISTER, start=1):
        if name not in users:
            users[name] = UserFactory.create(email=f"{name.lower()}@example.org", name=name)
            RoleFactory.create(organization=coop, user=users[name], role=Role.Name.MEMBER)
        members[name] = MemberFactory.create(
            organization=coop,
            number=f"M{n:03d}",
            name=name,
            category=category,
            joined_on=long_ago,
            user=users[name],
            email=f"{name.lower()}@example.org",
        )

    # Alice signs in through the login form.
    alice_page = new_context(java_script_enabled=False).new_page()
    alice_page.goto("data:text/html,<title>off</title><script>document.title = 'on'</script>")
    assert alice_page.title() == "off", "JavaScript is not disabled"
    alice_page.goto(f"{base}/en/accounts/login/")
    alice_page.fill("input[name=login]", alice.email)
    alice_page.fill("input[name=password]", PASSWORD)
    with alice_page.expect_navigation():
        alice_page.locator("main form button[type=submit]").first.click()
    assert alice_page.locator("header").get_by_role("button", name="Sign out").count() == 1

    # She sets the voting rules: SCIC, three colleges weighing 40/40/20 %.
    _setup_rules(alice_page, base)
    rules_text = alice_page.locator("main").inner_text()
    for college in ("Workers", "Users", "Supporters"):
        assert college in rules_text
    screenshot(alice_page, "01-rules")

    # She prepares the meeting, beyond the 15 days' notice.
    starts = timezone.localtime() + timedelta(days=20)
    alice_page.goto(f"{base}/en/orgs/coop-a/meetings/")
    with alice_page.expect_navigation():
        alice_page.locator("main").get_by_role("link", name="Prepare a general meeting").click()
    alice_page.select_option("select[name=kind]", "annual")
    alice_page.fill("input[name=title]", "Annual general meeting 2026")
    alice_page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT%H:%M"))
    alice_page.fill("input[name=place]", "The bakery, 1 Mill Lane")
    alice_page.fill("input[name=remote_link]", "https://meet.example.org/agm-2026")
    alice_page.fill("input[name=record_date]", timezone.localdate().isoformat())
    alice_page.fill("input[name=chair]", "Alice")
    alice_page.fill("input[name=secretary]", "Bob")
    screenshot(alice_page, "02-meeting-form")
    _click(alice_page, "Save")
    _no_form_errors(alice_page)
    meeting = Meeting.objects.get(organization=coop, title="Annual general meeting 2026")
    meeting_url = f"{base}/en/orgs/coop-a/meetings/{meeting.pk}/"
    assert alice_page.url == meeting_url, alice_page.url

    # The agenda: three resolutions and a board election.
    decisions = {
        ACCOUNTS: _create_resolution(
            alice_page,
            base,
            meeting,
            title=ACCOUNTS,
            question="Do you approve the accounts of 2025?",
            method="yes_no",
            threshold="majority",
        ),
        STATUTES: _create_resolution(
            alice_page,
            base,
            meeting,
            title=STATUTES,
            question="Do you adopt the new wording of article 12?",
            method="yes_no",
            threshold="two_thirds",
            secrecy="secret",
        ),
        HANDBOOK: _create_resolution(alice_page, base, meeting, title=HANDBOOK, method="consent"),
        BOARD: _create_resolution(
            alice_page,
            base,
            meeting,
            title=BOARD,
            method="stv_scottish",
            options="\n".join(CANDIDATES),
            seats="2",
            secrecy="secret",
        ),
    }
    screenshot(alice_page, "03-election-created")
    alice_page.goto(meeting_url)
    agenda = alice_page.locator("main table").first.locator("tbody th[scope=row]")
    assert agenda.all_inner_texts() == [ACCOUNTS, STATUTES, HANDBOOK, BOARD]
    screenshot(alice_page, "04-agenda")

    # She convenes it: every member gets the convocation by email, with the calendar entry,
    # and a notification in the app.
    mail.outbox.clear()
    _click(alice_page, "Convene the members")
    assert _message(alice_page) == "The meeting was convened; the members were notified."
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CONVENED
    screenshot(alice_page, "05-convened")
    for name in ("Bob", "Wendy", "Stan"):
        address = f"{name.lower()}@example.org"
        convocations = [
            m
            for m in mail.outbox
            if address in m.to
            and any("text/calendar" in alt[1] for alt in getattr(m, "alternatives", []))
        ]
        assert len(convocations) == 1, [(m.to, m.subject) for m in mail.outbox]
        body = str(convocations[0].body)
        assert "Annual general meeting 2026" in body
        for title in (ACCOUNTS, STATUTES, HANDBOOK, BOARD):
            assert title in body, f"{title!r} missing from the convocation:\n{body}"
    assert Notification.objects.filter(user=users["Bob"], organization=coop).exists()

    # Bob reads the notification in his browser.
    bob_page = _signed_in_context(new_context, base, users["Bob"]).new_page()
    bob_page.goto(f"{base}/en/notifications/")
    assert "Annual general meeting 2026" in bob_page.locator("main").inner_text()
    screenshot(bob_page, "06-bob-notification")

    # Stan gives his proxy to Sam on the proxy page.
    pages = {"Alice": alice_page, "Bob": bob_page}
    for name in VOTERS:
        if name not in pages:
            pages[name] = _signed_in_context(new_context, base, users[name]).new_page()
    stan_page = pages[GRANTOR]
    stan_page.goto(meeting_url)
    with stan_page.expect_navigation():
        stan_page.get_by_role("link", name="Give your proxy to another member").click()
    stan_page.get_by_label("Member holding the proxy").select_option(
        label=f"{members[HOLDER].number} {HOLDER}"
    )
    _click(stan_page, "Record the proxy")
    _no_form_errors(stan_page)
    assert _message(stan_page) == "The proxy was recorded."
    screenshot(stan_page, "07-proxy-given")

    # Alice records the attendance; Sam brings Stan's proxy.
    alice_page.goto(meeting_url)
    with alice_page.expect_navigation():
        alice_page.get_by_role("link", name="Record the attendance").click()
    for name, mode in ATTENDANCE.items():
        alice_page.locator("select[name=member]").select_option(
            label=f"{members[name].number} {name}"
        )
        alice_page.locator("select[name=mode]").select_option(label=mode)
        _click(alice_page, "Record")
        _no_form_errors(alice_page)
        assert _message(alice_page) == "The attendance was recorded."
    stan_row = alice_page.locator("tbody tr").filter(has_text=f"{members[GRANTOR].number} Stan")
    assert "By proxy" in stan_row.inner_text() and HOLDER in stan_row.inner_text()
    assert alice_page.locator("tbody tr").count() == 11
    screenshot(alice_page, "08-attendance")

    # The meeting opens at its start. The convocation's notice was checked when convening; to
    # open now, the start moves into the past here, as the clock would have moved on.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    alice_page.goto(meeting_url)
    _click(alice_page, "Check the quorum and open the meeting")
    assert _message(alice_page) == "The quorum is met: the meeting is in session."
    quorum = alice_page.locator("section[aria-labelledby=quorum-heading]").inner_text()
    assert "Call 1: 10 present and 1 represented of 12 eligible members; 3 required." in quorum
    assert "The quorum was met." in quorum
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.OPEN
    assert meeting.quorum_check is not None and meeting.quorum_check["met"]
    screenshot(alice_page, "09-quorum-met")

    # Each resolution: Alice opens the vote, the members vote, Alice closes it.
    stored: dict[str, dict[str, Any]] = {}
    for step, (title, decision) in enumerate(decisions.items(), start=10):
        alice_page.goto(meeting_url)
        _click(alice_page, f"Open the vote on {title}")
        assert _message(alice_page) == f"The vote on “{title}” is open."
        for name in VOTERS:
            voter = HOLDER if name == GRANTOR else name
            _vote(pages[voter], base, decision, name, BALLOTS[title][name])
        pages[HOLDER].goto(f"{base}/en/orgs/coop-a/decisions/{decision.pk}/")
        screenshot(pages[HOLDER], f"{step}a-holder-voted")
        decision.refresh_from_db()
        assert decision.participations.count() == len(VOTERS)

        alice_page.goto(meeting_url)
        _click(alice_page, f"Close the vote on {title}")
        assert _message(alice_page) == f"The vote on “{title}” is closed."
        decision.refresh_from_db()
        assert decision.state == Decision.State.CLOSED
        assert decision.result is not None
        stored[title] = decision.result

        alice_page.goto(f"{base}/en/orgs/coop-a/decisions/{decision.pk}/result/")
        screenshot(alice_page, f"{step}b-result")
        by_college = alice_page.locator("main table").filter(
            has=alice_page.get_by_role("columnheader", name="Weight")
        )
        for college, weight, roll in (
            ("Workers", "40.0 %", 3),
            ("Users", "40.0 %", 5),
            ("Supporters", "20.0 %", 3),
        ):
            cells = by_college.locator("tr").filter(has_text=college).locator("td")
            assert cells.nth(0).inner_text() == weight
            assert cells.nth(1).inner_text() == str(roll)  # on the roll
            assert cells.nth(2).inner_text() == str(roll)  # ballots: everyone voted
        outcome = alice_page.locator("main .outcome").inner_text()
        if decision.method == Decision.Method.STV_SCOTTISH:
            winners = stored[title]["overall"]["winners"]
            assert len(winners) == 2 and set(winners) <= set(CANDIDATES)
            assert outcome == "Chosen: " + ", ".join(winners) + "."
        else:
            adopted = "Adopted:" if stored[title]["adopted"] else "Not adopted:"
            assert outcome.startswith(adopted), outcome

    # The outcomes, as the ballots and the weights make them.
    assert stored[ACCOUNTS]["adopted"] is True
    assert Fraction(stored[ACCOUNTS]["outcome"]["share_for"]) == Fraction(16, 25)
    assert stored[STATUTES]["adopted"] is True
    assert Fraction(stored[STATUTES]["outcome"]["share_for"]) == Fraction(17, 25)
    yes_heads = sum(1 for b in BALLOTS[STATUTES].values() if b == "Yes")
    assert Fraction(yes_heads, len(VOTERS)) < Fraction(2, 3), "only the weights adopt it"
    assert stored[HANDBOOK]["adopted"] is False
    assert stored[HANDBOOK]["outcome"]["blocks"] == 1
    elected = stored[BOARD]["overall"]["winners"]

    # Alice closes the meeting: the minutes are written, in HTML and PDF.
    alice_page.goto(meeting_url)
    alice_page.fill("textarea[name=notes]", "The meeting thanked the outgoing board.")
    _click(alice_page, "Close the meeting and write the minutes")
    assert _message(alice_page) == "The meeting is closed and its minutes are written."
    with alice_page.expect_navigation():
        alice_page.locator("main").get_by_role("link", name="Read the minutes").click()
    screenshot(alice_page, "14-minutes")
    expected = {
        ACCOUNTS: "Adopted.",
        STATUTES: "Adopted.",
        HANDBOOK: "Not adopted.",
        BOARD: "Chosen: " + ", ".join(elected) + ".",
    }
    minutes = re.sub(r"\s+", " ", alice_page.locator("main").inner_text())
    assert "The meeting thanked the outgoing board." in minutes
    assert "Present: 10; represented: 1; in all 11. The quorum is met." in minutes

    pdf_response = alice_page.context.request.get(
        f"{base}/en/orgs/coop-a/meetings/{meeting.pk}/minutes.pdf"
    )
    assert pdf_response.ok and pdf_response.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(pdf_response.body()))
    pdf_text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "Present: 10; represented: 1; in all 11. The quorum is met." in pdf_text
    for text, where in ((minutes, "HTML"), (pdf_text, "PDF")):
        # Each resolution's paragraph, up to the next one, states its outcome.
        for n, (title, outcome) in enumerate(expected.items(), start=1):
            found = re.search(
                rf"Resolution {n}: {re.escape(title)} (.*?)(Resolution {n + 1}:|$)", text
            )
            assert found, f"resolution {n} not in the {where} minutes"
            assert outcome in found.group(1), f"{where}: {title!r}: {found.group(1)[:300]}"

    # Each decision's anonymous ballots, downloaded by a member from the result page and
    # recounted by the real command, give the result stored and shown.
    for title, decision in decisions.items():
        bob_page.goto(f"{base}/en/orgs/coop-a/decisions/{decision.pk}/result/")
        with bob_page.expect_download() as download_info:
            bob_page.get_by_role(
                "link", name="Download the anonymous ballots (ZIP) to recount them"
            ).click()
        bundle = tmp_path / f"decision-{decision.pk}.zip"
        download_info.value.save_as(bundle)
        recounted = _recount(bundle)
        assert recounted["overall"] == stored[title]["overall"], title
        assert recounted["outcome"] == stored[title]["outcome"], title
        assert recounted["colleges"] == stored[title]["colleges"], title
        assert recounted["weighted"] is True
    assert _recount(tmp_path / f"decision-{decisions[BOARD].pk}.zip")["overall"]["winners"] == (
        elected
    )
