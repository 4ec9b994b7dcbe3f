"""Governance demo data, loaded by ``intercoop demo`` after the co-ops and their people.

Riverside Food Co-op gets custom voting rules with three weighted colleges, a register of 41
members, proposals, closed and open decisions and two general meetings; the Coopérative
d'énergie citoyenne des Monts gets Québec rules and a small register. Everything is written
through the governance services, as its people, so the co-ops' audit logs record it and
verify. The only direct writes are the accounts (and their roles) of the demo members who
vote: no service creates accounts.

Ballots are cast online, and an online ballot is cast by the member's own account (or by their
proxy holder's at a meeting). So the fifteen Riverside members who vote have accounts: Alice
and Bob of ``intercoop demo``, and thirteen accounts made here with no usable password (they
cannot sign in). Members without an account are on the rolls but do not vote, as members who
stay at home.

Dates are relative to today. The services that take a ``now`` (convening, proxies,
attendance, the meeting's opening and close, comments) are given the past moment the data
describes; the votes themselves are opened, cast and closed at the moment the demo is loaded.
"""

from __future__ import annotations

import contextlib
import logging
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from intercoop.accounts.models import User
from intercoop.governance.models import Decision, Meeting, Member
from intercoop.governance.services import decisions as decision_services
from intercoop.governance.services import meetings as meeting_services
from intercoop.governance.services import proposals as proposal_services
from intercoop.governance.services import register as register_services
from intercoop.organizations.models import Organization, Role
from intercoop_tools.rules import rules

RIVERSIDE = "riverside-food-coop"
MONTS = "energie-citoyenne-des-monts"
DEMO_DOMAIN = "demo.intercoop.coop"

RIVERSIDE_CATEGORIES = (
    rules.Category("worker", "Workers"),
    rules.Category("consumer", "Consumers"),
    rules.Category("supporter", "Supporters"),
)
RIVERSIDE_COLLEGES = (
    register_services.CollegeData("workers", "Workers", ("worker",), Decimal(40)),
    register_services.CollegeData("consumers", "Consumers", ("consumer",), Decimal(40)),
    register_services.CollegeData("supporters", "Supporters", ("supporter",), Decimal(20)),
)


@dataclass(frozen=True)
class Person:
    """A member of a demo register. ``account`` is the local part of their account's address
    at demo.intercoop.coop ("" for none); for a legal person, their representative's."""

    name: str
    category: str
    account: str = ""
    representative: str = ""
    legal: bool = False
    email: bool = True


# In the order they joined, oldest first: the member numbers follow it.
RIVERSIDE_PEOPLE = (
    Person("Alice Martin", "worker", "alice"),
    Person("Margaret Ellis", "supporter", "margaret.ellis"),
    Person("Daniel Okafor", "worker"),
    Person("Bob Singh", "consumer", "bob"),
    Person("Isabelle Côté", "worker"),
    Person("Fatima Diallo", "consumer", email=False),
    Person("Marc-André Lefebvre", "worker", "marc-andre.lefebvre"),
    Person("Olivier Gauthier", "consumer"),
    Person(
        "Green Meadow Farm Ltd.",
        "supporter",
        "helene.roy",
        representative="Hélène Roy",
        legal=True,
    ),
    Person("Grace Kim", "consumer"),
    Person("Luc Pelletier", "worker"),
    Person("Nadia Benali", "consumer", "nadia.benali"),
    Person("Rafael Mendes", "consumer", email=False),
    Person("Priya Raman", "worker", "priya.raman"),
    Person("Gabriel Morin", "supporter", "gabriel.morin"),
    Person("Chloé Lavoie", "consumer"),
    Person("Yusuf Demir", "consumer"),
    Person("Tomás Rivera", "worker"),
    Person("Kevin O'Brien", "consumer", "kevin.obrien"),
    Person("Hannah Schmidt", "consumer"),
    Person(
        "Plateau Community Foundation",
        "supporter",
        representative="Claire Dufresne",
        legal=True,
    ),
    Person("Jonah Weiss", "worker", "jonah.weiss"),
    Person("Antoine Roy", "consumer", email=False),
    Person("Ingrid Larsen", "supporter", "ingrid.larsen"),
    Person("Layla Haddad", "consumer"),
    Person("Amélie Fortin", "consumer", "amelie.fortin"),
    Person("Robert Taylor", "supporter"),
    Person("Patrick Murphy", "consumer"),
    Person("Mei Lin Chen", "worker"),
    Person("Julie Bergeron", "consumer"),
    Person("Sophie Bouchard", "worker", "sophie.bouchard"),
    Person("Miguel Santos", "consumer"),
    Person("Thomas Bélanger", "supporter", "thomas.belanger"),
    Person("Aisha Mohammed", "consumer"),
    Person("Noémie Girard", "supporter"),
    Person("Samuel Nguyen", "consumer", "samuel.nguyen"),
    Person("Émile Dubois", "consumer", email=False),
    Person("Ahmed Farouk", "supporter"),
    Person("Rosa Martínez", "consumer"),
    Person("Elena Popescu", "supporter"),
    Person("Wei Zhang", "consumer"),
)
# Days since each joined, oldest first: from 2016 to last month.
RIVERSIDE_SENIORITY = (
    3390, 3305, 3190, 3120, 2990, 2870, 2755, 2690, 2580, 2460,
    2350, 2240, 2175, 2050, 1960, 1850, 1745, 1660, 1540, 1480,
    1370, 1255, 1160, 1090, 980, 905, 820, 745, 690, 610,
    540, 470, 415, 350, 300, 255, 210, 170, 130, 95, 30,
)  # fmt: skip
SUSPENDED = ("Chloé Lavoie", 45, "Share payment returned unpaid; suspended until it is settled.")
LEFT = ("Luc Pelletier", 60, "Moved to Québec City.")

MONTS_PEOPLE = (
    Person("Élise Gagnon", "worker", "elise"),
    Person("Jean-François Côté", "user"),
    Person("Marie-Ève Pelletier", "user"),
    Person("Farid Haddad", "worker", "farid"),
    Person("Gilles Arsenault", "producer"),
    Person(
        "Municipalité de Sainte-Anne-des-Monts",
        "public_body",
        representative="Lise Cloutier",
        legal=True,
    ),
    Person("Josée Lévesque", "user"),
    Person("Réjean Bélanger", "user", email=False),
    Person("Nathalie Fournier", "user"),
    Person("Pierre-Luc Saint-Onge", "producer"),
    Person("Annie Gagné", "user"),
    Person("Mathieu Bouchard", "user"),
)
MONTS_SENIORITY = (2900, 2900, 2650, 2210, 1980, 1800, 1420, 1100, 760, 520, 300, 120)

# Who votes at Riverside, by college: five in each, so every college's own result is shown.
WORKERS = ("Alice Martin", "Marc-André Lefebvre", "Priya Raman", "Jonah Weiss", "Sophie Bouchard")
CONSUMERS = ("Bob Singh", "Nadia Benali", "Kevin O'Brien", "Amélie Fortin", "Samuel Nguyen")
SUPPORTERS = (
    "Green Meadow Farm Ltd.",
    "Margaret Ellis",
    "Gabriel Morin",
    "Ingrid Larsen",
    "Thomas Bélanger",
)
VOTERS = WORKERS + CONSUMERS + SUPPORTERS

SUNDAY_PROPOSAL = (
    "Open the store on Sundays",
    "The store is closed on Sundays, the day many households do their weekly shopping. We "
    "propose to open from 10:00 to 16:00 on Sundays, staffed by volunteers from the worker "
    "college on a rota, with a review after six months.\n\n"
    "The extra hours are expected to bring about 8 % more sales, enough to pay for the "
    "heating and the extra shifts.",
)
BIKE_PROPOSAL = (
    "Join the neighbourhood cargo-bike pool for our deliveries",
    "Our two delivery bikes are eight years old and spend a third of the week in repair. The "
    "Pointe-Saint-Charles cargo-bike pool offers co-ops a share of its fleet: five electric "
    "cargo bikes, maintained by the pool, booked by the hour.\n\n"
    "We propose to sell our two bikes, join the pool for a yearly fee of $2,400, and book "
    "up to 30 hours a week for home deliveries.",
)
BIKE_AMENDMENT = (
    "Our two delivery bikes are eight years old and spend a third of the week in repair. The "
    "Pointe-Saint-Charles cargo-bike pool offers co-ops a share of its fleet: five electric "
    "cargo bikes, maintained by the pool, booked by the hour.\n\n"
    "We propose to join the pool for a yearly fee of $2,400 for a one-year trial, keep our "
    "newer bike as a spare during the trial, and book up to 30 hours a week for home "
    "deliveries."
)
BIKE_COMMENTS = (
    # (key, parent key, author, days ago, text)
    (
        "hours",
        "",
        "Priya Raman",
        4,
        "Thirty hours a week covers today's deliveries, but December is twice as busy. Can we "
        "book more in the holiday season?",
    ),
    (
        "hours-bob",
        "hours",
        "Bob Singh",
        4,
        "Yes: the pool lets members book up to 60 hours in December, at the same hourly rate.",
    ),
    (
        "hours-kevin",
        "hours",
        "Kevin O'Brien",
        3,
        "I ride for the pool on weekends; the bikes are in much better shape than ours.",
    ),
    (
        "sell",
        "",
        "Margaret Ellis",
        2,
        "Selling both bikes at once feels risky. What if the pool has no bike free on a busy "
        "Saturday?",
    ),
    (
        "sell-alice",
        "sell",
        "Alice Martin",
        1,
        "Fair point. Nadia is drafting an amendment to keep one bike during a one-year trial.",
    ),
)
DRAFT_PROPOSAL = (
    "Adopt a fair-price charter with our supplying farms",
    "Draft for the board: a charter that commits the co-op to prices agreed each spring with "
    "the farms that supply us, published in the store, and to paying within 15 days.",
)

BOARD_CANDIDATES = (
    "Priya Raman",
    "Marc-André Lefebvre",
    "Nadia Benali",
    "Margaret Ellis",
    "Samuel Nguyen",
)
# Rankings by index into BOARD_CANDIDATES, one per voter in VOTERS' order.
BOARD_BALLOTS = (
    (0, 1, 2),
    (1, 0, 4),
    (0, 2, 1, 3),
    (1, 0),
    (0, 1, 3),
    (2, 4, 0),
    (4, 2),
    (2, 0, 4),
    (2, 4, 1),
    (0, 2, 4),
    (3, 0, 2),
    (3, 2, 0),
    (0, 3),
    (3, 4, 2),
    (2, 3, 0),
)
# Yes (0), no (1) or blank (None), in VOTERS' order.
SUNDAY_BALLOTS = (0, 0, 1, 0, 0, 0, 0, 0, 0, None, 0, 1, 0, 0, 0)

BULK_OPTIONS = (
    "Nuts and dried fruit",
    "Fair-trade coffee beans",
    "Laundry detergent refills",
    "Olive oil",
    "Spices",
)
# Everyone but Alice has voted so far (Alice, the demo's visitor, can still vote).
BULK_BALLOTS = {
    "Bob Singh": (0, 1),
    "Priya Raman": (0, 2, 4),
    "Nadia Benali": (1, 2),
    "Margaret Ellis": (3,),
    "Jonah Weiss": (0, 1, 3),
    "Gabriel Morin": (2, 4),
}

PAST_RESOLUTIONS = (
    (
        "Approve the financial statements of the past year",
        "Do the members approve the financial statements presented by the treasurer?",
        # yes (0), no (1), blank (None), in the order of the attendance below
        (0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, None, 0, 0),
    ),
    (
        "Appoint Leblanc & Associés as auditor for the coming year",
        "Do the members appoint Leblanc & Associés, chartered accountants, as auditor?",
        (0, 0, 1, 0, 0, 1, 0, 0, None, 0, 0, 1, 0, 0, 0, 0),
    ),
)
UPCOMING_RESOLUTIONS = (
    (
        "Authorise the board to sign a ten-year lease at 58 Rue Notre-Dame",
        "Do the members authorise the board to sign a ten-year lease for the new store at "
        "58 Rue Notre-Dame, at $4,200 a month?",
    ),
    (
        "Raise the member share from $50 to $100 for new members",
        "Do the members amend the by-laws so that a new member subscribes one share of $100?",
    ),
)


# --- Helpers -----------------------------------------------------------------------------


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join("".join(c for c in part if c.isalnum()) for part in ascii_name.lower().split())


def _address(account: str) -> str:
    return f"{account}@{DEMO_DOMAIN}"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _QuietEmail:
    """While on: email goes to a backend that sends nothing, and the task queue runs tasks at
    once (so the email tasks meet that backend, instead of waiting for a worker that would
    send them with the real one), without logging each of them."""

    def __init__(self) -> None:
        self.settings = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
        )
        self.was_immediate = HUEY.immediate
        self.log = logging.getLogger("huey")
        self.log_level = self.log.level

    def on(self) -> None:
        self.was_immediate = HUEY.immediate
        self.log_level = self.log.level
        HUEY.immediate = True
        self.log.setLevel(logging.WARNING)
        self.settings.enable()

    def off(self) -> None:
        self.settings.disable()
        self.log.setLevel(self.log_level)
        HUEY.immediate = self.was_immediate


@contextlib.contextmanager
def _emails_held_back() -> Iterator[None]:
    """The services email when the transaction commits (one email per notification and per
    convocation: some three hundred here). None is worth sending for demo data, so the commit
    callbacks the services queue meanwhile run with email turned off. Bracketing them with two
    callbacks of our own keeps this true whether or not a transaction is open."""
    quiet = _QuietEmail()
    transaction.on_commit(quiet.on)
    try:
        yield
    finally:
        transaction.on_commit(quiet.off)


def _accounts(organization: Organization, people: Sequence[Person]) -> dict[str, User]:
    """The accounts of the people who have one, made (with no usable password, and a member's
    role) for those not already among the demo's people."""
    accounts = {}
    for person in people:
        if not person.account:
            continue
        email = _address(person.account)
        user = User.objects.filter(email=email).first()
        if user is None:
            name = person.representative or person.name
            user = User.objects.create_user(email, None, name=name, language="en")
        Role.objects.get_or_create(
            organization=organization, user=user, defaults={"role": Role.Name.MEMBER}
        )
        accounts[person.name] = user
    return accounts


def _register(
    organization: Organization,
    people: Sequence[Person],
    seniority: Sequence[int],
    accounts: dict[str, User],
    by: User,
    domain: str,
) -> dict[str, Member]:
    today = timezone.localdate()
    members = {}
    for number, (person, days) in enumerate(zip(people, seniority, strict=True), start=1):
        account = accounts.get(person.name)
        data = register_services.MemberData(
            number=f"{number:04d}",
            name=person.name,
            category=person.category,
            joined_on=today - timedelta(days=days),
            email=(account.email if account else f"{_slug(person.name)}@{domain}")
            if person.email
            else "",
            is_legal_person=person.legal,
            representative_name=person.representative,
            account_email=account.email if account and not person.legal else "",
            representative_account_email=account.email if account and person.legal else "",
        )
        members[person.name] = register_services.member_add(
            organization=organization, data=data, by=by
        )
    return members


def _cast(decision: Decision, voter: User, member: Member, choices: Any) -> None:
    decision_services.ballot_cast(decision=decision, by=voter, member=member, choices=choices)


def _option_ids(decision: Decision) -> list[int]:
    return list(decision.options.order_by("position", "pk").values_list("pk", flat=True))


# --- Riverside Food Co-op ----------------------------------------------------------------


def _riverside(coop: Organization, alice: User, bob: User) -> None:
    now = timezone.now()
    today = timezone.localdate()
    register_services.rules_update(
        organization=coop,
        by=alice,
        settings=register_services.RuleSettings(
            preset="custom",
            proxies_allowed=True,
            max_proxies_per_holder=2,
            notice_days=15,
            quorum_percent=Decimal(20),
            min_college_ballots_to_publish=5,
        ),
        categories=RIVERSIDE_CATEGORIES,
        colleges=RIVERSIDE_COLLEGES,
    )
    accounts = _accounts(coop, RIVERSIDE_PEOPLE)
    members = _register(coop, RIVERSIDE_PEOPLE, RIVERSIDE_SENIORITY, accounts, alice, "example.org")
    for (name, days, note), status in ((SUSPENDED, "suspended"), (LEFT, "left")):
        register_services.member_status_change(
            member=members[name],
            status=status,
            on=today - timedelta(days=days),
            note=note,
            by=alice,
        )
    voters = [(accounts[name], members[name]) for name in VOTERS]

    # A proposal put to a secret yes/no vote at two thirds, closed and adopted.
    title, body = SUNDAY_PROPOSAL
    sophie = accounts["Sophie Bouchard"]
    sunday = proposal_services.proposal_create(
        organization=coop, title=title, body=body, language="en", by=sophie
    )
    proposal_services.proposal_open(
        proposal=sunday,
        by=sophie,
        closes_at=now - timedelta(days=16),
        now=now - timedelta(days=30),
    )
    proposal_services.comment_create(
        proposal=sunday,
        by=accounts["Samuel Nguyen"],
        body="Good idea: Sunday is the only day I can shop with the children.",
        now=now - timedelta(days=28),
    )
    decision = decision_services.decision_create(
        organization=coop,
        by=alice,
        title=title,
        question="Do the members agree to open the store on Sundays from 10:00 to 16:00?",
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        threshold=Decision.Threshold.TWO_THIRDS,
        secrecy=Decision.Secrecy.SECRET,
        record_date=today - timedelta(days=15),
        proposal=sunday,
    )
    decision_services.decision_open(decision=decision, by=alice)
    yes_no = _option_ids(decision)
    for (voter, member), choice in zip(voters, SUNDAY_BALLOTS, strict=True):
        _cast(decision, voter, member, [] if choice is None else [yes_no[choice]])
    decision_services.decision_close(decision=decision, by=alice)

    # The board election: 3 seats, 5 candidates, Scottish STV, secret.
    election = decision_services.decision_create(
        organization=coop,
        by=alice,
        title="Election of the board of directors",
        question="Rank the candidates in your order of preference; three seats are filled.",
        language="en",
        method=Decision.Method.STV_SCOTTISH,
        options=list(BOARD_CANDIDATES),
        seats=3,
        secrecy=Decision.Secrecy.SECRET,
        record_date=today - timedelta(days=15),
    )
    decision_services.decision_open(decision=election, by=alice)
    candidates = _option_ids(election)
    for (voter, member), ranking in zip(voters, BOARD_BALLOTS, strict=True):
        _cast(election, voter, member, [candidates[i] for i in ranking])
    decision_services.decision_close(decision=election, by=alice)

    # An open approval vote, closing in seven days, that Alice has not voted on yet.
    bulk = decision_services.decision_create(
        organization=coop,
        by=alice,
        title="Choose the products of the new bulk aisle",
        question="Approve every product you would buy in bulk; the three most approved are "
        "stocked from next month.",
        language="en",
        method=Decision.Method.APPROVAL,
        options=list(BULK_OPTIONS),
        record_date=today,
        opens_at=now,
        closes_at=now + timedelta(days=7),
    )
    decision_services.decision_open(decision=bulk, by=alice)
    products = _option_ids(bulk)
    for name, chosen in BULK_BALLOTS.items():
        _cast(bulk, accounts[name], members[name], [products[i] for i in chosen])

    # A proposal in discussion, with threaded comments and an amendment; and a draft.
    title, body = BIKE_PROPOSAL
    bikes = proposal_services.proposal_create(
        organization=coop, title=title, body=body, language="en", by=bob
    )
    proposal_services.proposal_open(
        proposal=bikes,
        by=bob,
        closes_at=now + timedelta(days=10),
        now=now - timedelta(days=5),
    )
    comments: dict[str, Any] = {}
    for key, parent, author, days, text in BIKE_COMMENTS:
        comments[key] = proposal_services.comment_create(
            proposal=bikes,
            by=accounts[author],
            body=text,
            parent=comments.get(parent),
            now=now - timedelta(days=days) + timedelta(hours=len(comments)),
        )
    proposal_services.amendment_create(
        proposal=bikes,
        by=accounts["Nadia Benali"],
        text=BIKE_AMENDMENT,
        rationale="Keep a spare bike during a one-year trial, then decide.",
        now=now - timedelta(hours=20),
    )
    title, body = DRAFT_PROPOSAL
    proposal_services.proposal_create(
        organization=coop, title=title, body=body, language="en", by=alice
    )

    _past_meeting(coop, alice, accounts, members)
    _upcoming_meeting(coop, alice, members)


def _past_meeting(
    coop: Organization, alice: User, accounts: dict[str, User], members: dict[str, Member]
) -> None:
    """Last month's annual general meeting: convened with notice, a proxy, quorum met, two
    resolutions voted, closed with its minutes."""
    day = timezone.localdate() - timedelta(days=35)
    starts = _at(day, 18, 30)
    meeting = meeting_services.meeting_create(
        organization=coop,
        by=alice,
        kind=Meeting.Kind.ANNUAL,
        title=f"Annual general meeting {day.year}",
        language="en",
        starts_at=starts,
        record_date=day - timedelta(days=14),
        place="Riverside community hall, 245 Rue Saint-Ambroise, Montréal",
        chair="Alice Martin",
        secretary="Priya Raman",
    )
    resolutions = [
        decision_services.decision_create(
            organization=coop,
            by=alice,
            title=title,
            question=question,
            language="en",
            method=Decision.Method.YES_NO,
            options=[],
            record_date=meeting.record_date,
            meeting=meeting,
        )
        for title, question, _ballots in PAST_RESOLUTIONS
    ]
    meeting_services.meeting_convene(meeting=meeting, by=alice, now=starts - timedelta(days=21))
    bob, fatima = members["Bob Singh"], members["Fatima Diallo"]
    meeting_services.proxy_record(
        meeting=meeting, by=alice, grantor=fatima, holder=bob, now=starts - timedelta(days=3)
    )
    for minutes, name in enumerate(VOTERS):
        # Bob brings Fatima's proxy: she is recorded as represented when he arrives.
        meeting_services.attendance_record(
            meeting=meeting,
            by=alice,
            member=members[name],
            mode="in_person",
            now=starts - timedelta(minutes=30 - minutes),
        )
    meeting = meeting_services.meeting_open(
        meeting=meeting, by=alice, now=starts + timedelta(minutes=5)
    )
    if meeting.state != Meeting.State.OPEN:
        raise RuntimeError(f"The demo meeting did not reach its quorum: {meeting.quorum_check}")
    # In the order of PAST_RESOLUTIONS' ballots: the voters, then Fatima through Bob.
    casts = [(accounts[name], members[name]) for name in VOTERS] + [(accounts["Bob Singh"], fatima)]
    for decision, (_title, _question, ballots) in zip(resolutions, PAST_RESOLUTIONS, strict=True):
        meeting_services.resolution_open(meeting=meeting, decision=decision, by=alice)
        yes_no = _option_ids(decision)
        for (voter, member), choice in zip(casts, ballots, strict=True):
            _cast(decision, voter, member, [] if choice is None else [yes_no[choice]])
        meeting_services.resolution_close(meeting=meeting, decision=decision, by=alice)
    meeting_services.meeting_close(
        meeting=meeting,
        by=alice,
        notes="The treasurer presented the accounts: sales rose by 6 % and the co-op closed "
        "the year with a small surplus, carried to the reserve. Questions from the floor "
        "were about the Sunday opening and the new store lease.",
        now=starts + timedelta(hours=2),
    )


def _upcoming_meeting(coop: Organization, alice: User, members: dict[str, Member]) -> None:
    """A special general meeting convened three weeks ahead, with a proxy already given."""
    day = timezone.localdate() + timedelta(days=21)
    meeting = meeting_services.meeting_create(
        organization=coop,
        by=alice,
        kind=Meeting.Kind.SPECIAL,
        title="Special general meeting on the new store",
        language="en",
        starts_at=_at(day, 18, 30),
        record_date=day - timedelta(days=7),
        place="Riverside community hall, 245 Rue Saint-Ambroise, Montréal",
        remote_link="https://meet.example.org/riverside-special-meeting",
        chair="Alice Martin",
        secretary="Priya Raman",
    )
    for title, question in UPCOMING_RESOLUTIONS:
        decision_services.decision_create(
            organization=coop,
            by=alice,
            title=title,
            question=question,
            language="en",
            method=Decision.Method.YES_NO,
            options=[],
            threshold=Decision.Threshold.TWO_THIRDS,
            record_date=meeting.record_date,
            meeting=meeting,
        )
    meeting_services.meeting_convene(meeting=meeting, by=alice)
    meeting_services.proxy_record(
        meeting=meeting,
        by=alice,
        grantor=members["Kevin O'Brien"],
        holder=members["Alice Martin"],
    )


# --- Coopérative d'énergie citoyenne des Monts -------------------------------------------


def _monts(coop: Organization, elise: User) -> None:
    """Québec rules (one member, one vote, no proxies) and a small register."""
    register_services.rules_update(
        organization=coop,
        by=elise,
        settings=register_services.RuleSettings(
            preset="quebec", proxies_allowed=False, notice_days=10
        ),
        categories=rules.DEFAULT_CATEGORIES,
        colleges=[],
    )
    accounts = _accounts(coop, MONTS_PEOPLE)
    _register(coop, MONTS_PEOPLE, MONTS_SENIORITY, accounts, elise, "exemple.org")


# --- Entry point -------------------------------------------------------------------------


class Writer(Protocol):
    def write(self, msg: str, /) -> Any: ...


def load_governance_demo(*, stdout: Writer | None = None) -> bool:
    """Load the governance demo; False (and nothing written) if a co-op already has a register,
    as after an earlier run."""
    riverside = Organization.objects.get(slug=RIVERSIDE)
    monts = Organization.objects.get(slug=MONTS)
    if Member.objects.filter(organization__in=[riverside, monts]).exists():
        if stdout is not None:
            stdout.write("Governance demo already loaded: skipped.\n")
        return False
    alice = User.objects.get(email=_address("alice"))
    bob = User.objects.get(email=_address("bob"))
    elise = User.objects.get(email=_address("elise"))
    with transaction.atomic(), _emails_held_back():
        _riverside(riverside, alice, bob)
        _monts(monts, elise)
    if stdout is not None:
        stdout.write(
            f"Governance demo loaded: {len(RIVERSIDE_PEOPLE)} members at {riverside.name}, "
            f"{len(MONTS_PEOPLE)} at {monts.name}, with proposals, votes and general "
            f"meetings.\n"
        )
    return True
