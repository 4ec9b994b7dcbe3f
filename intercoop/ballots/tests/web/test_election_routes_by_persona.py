"""Every route of a verifiable election, for each persona: Alice (admin of co-op A, and one of
the two trustees) may do everything; Bob (member of A) may see the election's page and vote in
the booth, but not choose the trustees, open, close or publish, and is not a trustee; Charlie
(member of co-op B) and a platform staff member (with no role in A) get 403; an anonymous
visitor is sent to sign in. The bulletin board and the public files are open to anyone once the
vote has opened. A refused request changes nothing, and so does any GET.

Also: the POST routes refuse a POST without its CSRF token, the booth alone has a nonce and
'wasm-unsafe-eval' in its Content-Security-Policy, and the trustees of an election not yet
published must set up two-factor authentication first.

The elections are moved through their states with the real services and the real
``intercoop-trustee`` command, as in the whole-election test."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nacl.signing
import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.ballots import selectors, services
from intercoop.ballots.models import AuditedBallot, BoardEntry, Credential, Election, Trustee
from intercoop.ballots.tests.web.conftest import (
    World,
    cast,
    ceremony,
    credentials_from_mail,
    decrypt,
    make_decision,
    make_world,
    run,
)
from intercoop.ballots.views import urlpatterns
from intercoop.conftest import Personas
from intercoop.governance.models import Decision, Participation
from intercoop.governance.services import decisions
from intercoop.governance.tests.conftest import build_governance
from intercoop.testing.factories import PASSWORD, UserFactory
from intercoop.testing.persona_routes import (
    ANONYMOUS,
    CASE,
    DONE,
    LOGIN,
    Expected,
    check_answer,
    persona_cases,
    send,
    successful_posts,
)
from intercoop.testing.shared_world import shared_world
from intercoop_tools.credentials import credential_seed
from intercoop_tools.crypto.ballot import ballot_encrypt, ballot_encrypt_with_opening
from intercoop_tools.record.manifest import Manifest

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

YES, NO = [1, 0], [0, 1]
MFA_SETUP = "/en/accounts/2fa/totp/activate/"

# The states an election is built up to (``Stage``): "closed" is decrypting with no decryption
# handed in yet, "decrypted" is decrypting with both trustees' decryptions in.
STATES = ["setup", "ceremony", "ready", "open", "closed", "decrypted", "published"]


def with_mfa(user: User) -> str:
    """Give ``user`` a TOTP authenticator, as activating it on the MFA page does."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    """The TOTP code of this 30-second window (waiting for the next window when this one is
    about to end: the server allows no drift)."""
    left = 30 - time.time() % 30
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@dataclass
class Stage:
    """Builds elections of co-op A up to a given state, with two trustees (Alice and a worker
    member, threshold 2) and, from the opening on, two ballots cast and one audited by members
    other than the personas."""

    w: World
    tmp: Path
    staff: User
    trustee2: User
    codes: dict[int, dict[str, str]] = field(default_factory=dict)  # election -> email -> code
    secrets: dict[int, dict[int, Path]] = field(default_factory=dict)  # election -> index -> file
    built: dict[str, int] = field(default_factory=dict)  # state -> an election built in it

    def built_in(self, state: str) -> Election:
        """The election of the module's world in ``state``, as it was built."""
        return Election.objects.select_related("decision").get(pk=self.built[state])

    def __call__(self, state: str) -> Election:
        w = self.w
        election = services.election_of(make_decision(w))
        if state == "setup":
            return election
        trustees = [w.alice, self.trustee2]
        services.trustees_setup(election=election, by=w.alice, users=trustees, threshold=2)
        election.refresh_from_db()
        if state == "ceremony":
            return election
        folder = self.tmp / f"election-{election.pk}"
        folder.mkdir()
        self.secrets[election.pk] = ceremony(election, trustees, folder)
        election.refresh_from_db()
        assert election.state == Election.State.READY
        if state == "ready":
            return election
        mail.outbox.clear()
        services.election_open(election=election, by=w.alice)
        self.codes[election.pk] = credentials_from_mail()
        mail.outbox.clear()
        worker, user = self.trustee2, w.voters[w.g.members[4].pk]
        cast(election, worker, self.code(election, worker), YES)
        cast(election, user, self.code(election, user), NO)
        services.audit_submit(election=election, by=user, **audit_pair(self, election, user, YES))
        election.refresh_from_db()
        if state == "open":
            return election
        services.election_close(election=election, by=w.alice)
        election.refresh_from_db()
        if state == "closed":
            return election
        for index, user in enumerate(trustees, start=1):
            decrypt(election, user, self.secrets[election.pk][index], folder)
        election.refresh_from_db()
        if state == "decrypted":
            return election
        services.election_publish(election=election, by=w.alice)
        election.refresh_from_db()
        assert state == "published" and election.state == Election.State.PUBLISHED
        return election

    def code(self, election: Election, user: User) -> str:
        return self.codes[election.pk][user.email]

    def client_for(self, who: str, **kwargs: Any) -> Client:
        client = Client(**kwargs)
        user = {"staff": self.staff, "trustee2": self.trustee2}.get(who)
        if user is None and who != "anonymous":
            user = getattr(self.w.g.personas, who)
        if user is not None:
            client.force_login(user)
        return client


def build_stage(personas: Personas) -> Stage:
    """The world and, for each state the table names, an election of co-op A in that state:
    built once for the module, each test seeing them fresh (``shared_world``)."""
    world = make_world(build_governance(personas))
    # Every college with at least one ballot is published, so the tally has counts to decrypt.
    world.g.rules.min_college_ballots_to_publish = 1
    world.g.rules.save()
    # Alice is a trustee of elections not yet published: she must use a second factor. So must
    # platform staff. Bob and Charlie need none.
    with_mfa(world.alice)
    staff = UserFactory.create(email="staff@example.org", name="Staff", is_staff=True)
    with_mfa(staff)
    trustee2 = world.voters[world.g.members[2].pk]
    # The trustees' secret files of the elections built here, removed with the module's world.
    folder = Path(tempfile.mkdtemp(prefix="election-routes-"))
    stage = Stage(world, folder, staff, trustee2)
    weakref.finalize(stage, shutil.rmtree, folder, True)
    stage.built = {state: stage(state).pk for state in dict.fromkeys(STATE.values())}
    return stage


_built_world, built_stage = shared_world(build_stage)


@pytest.fixture
def stage(built_stage: Stage, tmp_path: Path) -> Stage:
    # Elections a test builds itself keep their files in the test's own folder.
    built_stage.tmp = tmp_path
    return built_stage


def snapshot() -> list[Any]:
    """Everything a request to these routes could change."""
    return [
        list(Election.objects.order_by("pk").values()),
        list(Trustee.objects.order_by("pk").values()),
        list(BoardEntry.objects.order_by("pk").values()),
        list(AuditedBallot.objects.order_by("pk").values()),
        list(Credential.objects.order_by("pk").values()),
        list(Decision.objects.order_by("pk").values("pk", "state", "result", "closed_at")),
        list(Participation.objects.order_by("pk").values()),
        len(mail.outbox),
    ]


def url(election: Election, route: str, name: str = "", *, slug: str = "") -> str:
    args: list[Any] = [slug or election.decision.organization.slug, election.decision_id]
    if name:
        args.append(name)
    return reverse(f"ballots:{route}", args=args)


# --- what each POST sends ---------------------------------------------------------------------


def seal(stage: Stage, election: Election, user: User, choice: list[int]) -> str:
    """A ballot encrypted and signed with ``user``'s credential, as the booth sends it."""
    manifest = Manifest.from_json(election.manifest)
    signed = ballot_encrypt(
        choices=[choice],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(stage.code(election, user))),
    )
    return json.dumps(signed.to_json())


def audit_pair(stage: Stage, election: Election, user: User, choice: list[int]) -> dict[str, str]:
    """An unsigned ballot and its opening, as the booth sends them to be audited."""
    manifest = Manifest.from_json(election.manifest)
    signed, opening = ballot_encrypt_with_opening(
        choices=[choice],
        specs=manifest.description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=manifest.hash(),
        credential=nacl.signing.SigningKey(credential_seed(stage.code(election, user))),
    )
    return {"ballot": json.dumps(signed.ballot.to_json()), "opening": json.dumps(opening.to_json())}


def commitment_of(stage: Stage, election: Election, user: User) -> SimpleUploadedFile:
    """The commitment file ``intercoop-trustee start`` makes for this trustee."""
    t = election.trustees.get(user=user)
    folder = stage.tmp / f"commit-{election.pk}-{t.index}"
    folder.mkdir()
    description = folder / "description.json"
    description.write_text(json.dumps(selectors.trustee_download(election, t, "description.json")))
    out = folder / "commitment.json"
    run(["start", str(description), "--secret", str(folder / "secret.json"), "--out", str(out)])
    return SimpleUploadedFile("commitment.json", out.read_bytes(), "application/json")


def post_data(stage: Stage, election: Election, route: str, who: str) -> dict[str, Any]:
    """What ``who`` would send: their own ballot; for the personas without one, Bob's (a ballot
    someone else got hold of), and for the trustee page, Alice's commitment file."""
    w = stage.w
    voter = w.alice if who == "alice" else w.g.personas.bob
    if route == "trustees_setup":
        return {"trustees": [w.alice.pk, stage.trustee2.pk], "threshold": "2"}
    if route == "trustee":
        return {"file": commitment_of(stage, election, w.alice)}
    if route == "election_close":
        return {"confirm": "close"}  # what the confirmation page sends
    if route == "booth_cast":
        return {"ballot": seal(stage, election, voter, YES)}
    if route == "booth_audit":
        return audit_pair(stage, election, voter, NO)
    return {}


def check_done(stage: Stage, election: Election, route: str, who: str, response: Any) -> None:
    """A POST that was let through did its work (a refused action also redirects, with an error
    message, so the redirect alone proves nothing)."""
    before = election.state
    election.refresh_from_db()
    if route in ("trustees_setup", "election_open", "election_close", "election_publish"):
        assert response["Location"] == url(election, "election")
    if route == "trustee":
        assert response["Location"] == url(election, "trustee")
    if route == "trustees_setup":
        assert election.state == Election.State.CEREMONY
        assert [t.user_id for t in election.trustees.order_by("index")] == [
            stage.w.alice.pk,
            stage.trustee2.pk,
        ]
    elif route == "election_open":
        assert (before, election.state) == ("ready", "open")
        assert election.manifest_hash
    elif route == "election_close":
        assert (before, election.state) == ("open", "decrypting")
    elif route == "election_publish":
        assert (before, election.state) == ("decrypting", "published")
    elif route == "trustee":
        assert election.trustees.get(user=stage.w.alice).commitment
    elif route == "booth_cast":
        voter = stage.w.alice if who == "alice" else stage.w.g.personas.bob
        assert BoardEntry.objects.filter(election=election).count() == 3
        last = BoardEntry.objects.filter(election=election).order_by("index").last()
        assert last is not None
        assert (
            last.credential
            == Credential.objects.get(election=election, member__user=voter).public_key
        )
        assert response["Location"] == (url(election, "board") + f"?tracker={last.tracker}#lookup")
        assert response["Location"].startswith(url(election, "board") + "?tracker=")
    elif route == "booth_audit":
        assert response["Location"].startswith(url(election, "board") + "?audited=")
        fingerprint = response["Location"].split("?audited=")[1].split("#")[0]
        assert AuditedBallot.objects.get(election=election, fingerprint=fingerprint).choices == [NO]
        assert AuditedBallot.objects.filter(election=election).count() == 2
    else:
        raise AssertionError(route)


# --- the table --------------------------------------------------------------------------------

PERSONAS = ("alice", "bob", "charlie", "staff", ANONYMOUS)
PUBLIC: tuple[Expected, ...] = (200, 200, 200, 200, 200)

# route (/file), the election's state, method: expected for alice, bob, charlie, staff (with no
# role in A) and anonymous. The bulletin board and the public files are open to anyone.
ROWS: list[tuple[str, str, str, tuple[Expected, ...]]] = [
    ("election", "open", "GET", (200, 200, 403, 403, LOGIN)),
    ("trustees_setup", "setup", "POST", (DONE, 403, 403, 403, LOGIN)),
    ("election_open", "ready", "POST", (DONE, 403, 403, 403, LOGIN)),
    ("election_close", "open", "GET", (200, 403, 403, 403, LOGIN)),
    ("election_close", "open", "POST", (DONE, 403, 403, 403, LOGIN)),
    ("election_publish", "decrypted", "POST", (DONE, 403, 403, 403, LOGIN)),
    ("trustee", "ceremony", "GET", (200, 404, 403, 403, LOGIN)),
    ("trustee", "ceremony", "POST", (DONE, 404, 403, 403, LOGIN)),
    ("trustee_file/description.json", "ceremony", "GET", (200, 404, 403, 403, LOGIN)),
    ("trustee_file/tally.json", "closed", "GET", (200, 404, 403, 403, LOGIN)),
    ("booth", "open", "GET", (200, 200, 403, 403, LOGIN)),
    ("booth_cast", "open", "POST", (DONE, DONE, 403, 403, LOGIN)),
    ("booth_audit", "open", "POST", (DONE, DONE, 403, 403, LOGIN)),
    ("board", "open", "GET", PUBLIC),
    ("record/manifest.json", "open", "GET", PUBLIC),
    ("record/board.json", "open", "GET", PUBLIC),
    ("record/audited.json", "open", "GET", PUBLIC),
    ("record/record.json", "published", "GET", PUBLIC),
]
STATE = {route: state for route, state, _, _ in ROWS}
POST_ROUTES = sorted({route for route, _, method, _ in ROWS if method == "POST"})


# The credential authority's two routes, and the booth for the letters they print, have their
# own tests, in test_credential_authority_routes_by_persona.py.
AUTHORITY_ROUTES = {"authority", "authority_voters", "letter_booth", "letter_booth_cast"}


def test_the_table_covers_every_route() -> None:
    covered = {route.partition("/")[0] for route in STATE}
    assert covered | AUTHORITY_ROUTES == {p.name for p in urlpatterns}


@pytest.mark.parametrize(CASE, persona_cases([(r, m, o) for r, _, m, o in ROWS], PERSONAS))
def test_route_answers_each_persona_as_the_table_says(
    stage: Stage, route: str, method: str, who: str, expected: Expected
) -> None:
    name, _, file = route.partition("/")
    election = stage.built_in(STATE[route])
    data = post_data(stage, election, name, who) if method == "POST" else None
    target = url(election, name, file)
    client = stage.client_for(who)

    response = check_answer(
        who=who,
        path=target,
        request=lambda: send(client, method, target, data),
        expected=expected,
        state=snapshot,
        changes=successful_posts(route, method, who, expected),  # refused, or a GET: no change
    )

    if expected == DONE:
        check_done(stage, election, name, who, response)
    if expected == 200 and response["Content-Type"] == "application/json":
        assert json.loads(response.content)  # a non-empty file


@pytest.mark.parametrize("who", ["alice", "anonymous"])
def test_each_route_takes_only_its_own_methods(stage: Stage, who: str) -> None:
    election = stage("open")
    client = stage.client_for(who)
    before = snapshot()
    for route, _, method, _ in ROWS:
        name, _, file = route.partition("/")
        target = url(election, name, file)
        if name in ("trustee", "election_close"):  # these take both (close: GET asks first)
            continue
        if method == "GET":
            assert client.post(target).status_code == 405, target
            assert client.put(target).status_code == 405, target
        else:
            assert client.get(target).status_code == 405, target
    assert client.delete(url(election, "trustee")).status_code == 405
    assert snapshot() == before


def test_only_the_board_sees_the_form_that_chooses_the_trustees(stage: Stage) -> None:
    election = stage("setup")
    page = url(election, "election")
    alice = stage.client_for("alice").get(page)
    bob = stage.client_for("bob").get(page)
    assert alice.status_code == bob.status_code == 200
    assert url(election, "trustees_setup") in alice.content.decode()
    assert url(election, "trustees_setup") not in bob.content.decode()
    assert 'name="threshold"' not in bob.content.decode()


# --- another co-op's address ------------------------------------------------------------------

# Under co-op B's slug Charlie may view and take part, but co-op A's decision is not found there;
# he still may not manage B's decisions.
UNDER_B = [
    ("election", "", "get", 404),
    ("trustees_setup", "", "post", 403),
    ("election_open", "", "post", 403),
    ("election_close", "", "post", 403),
    ("election_publish", "", "post", 403),
    ("trustee", "", "get", 404),
    ("trustee", "", "post", 404),
    ("trustee_file", "description.json", "get", 404),
    ("booth", "", "get", 404),
    ("booth_cast", "", "post", 404),
    ("booth_audit", "", "post", 404),
    ("board", "", "get", 404),
    ("record", "manifest.json", "get", 404),
]


@pytest.mark.parametrize(("route", "name", "verb", "expected"), UNDER_B)
def test_charlie_does_not_find_co_op_a_s_election_under_co_op_b(
    stage: Stage, route: str, name: str, verb: str, expected: int
) -> None:
    election = stage("open")
    data: dict[str, Any] = {}
    if route == "trustees_setup":
        data = {"trustees": [stage.w.g.personas.charlie.pk], "threshold": "1"}
    elif route == "booth_cast":
        data = {"ballot": seal(stage, election, stage.w.g.personas.bob, YES)}
    elif route == "booth_audit":
        data = audit_pair(stage, election, stage.w.g.personas.bob, YES)
    before = snapshot()
    target = url(election, route, name, slug="coop-b")
    response = send(stage.client_for("charlie"), verb.upper(), target, data)
    assert response.status_code == expected
    assert snapshot() == before


# --- the trustee's page and files -------------------------------------------------------------

TRUSTEE_FILES = ["description.json", "commitments.json", "shares-for-you.json", "tally.json"]


def files_for(client: Client, election: Election) -> dict[str, int]:
    return {
        name: client.get(url(election, "trustee_file", name)).status_code
        for name in [*TRUSTEE_FILES, "secret.json", "manifest.json"]
    }


def only(name: str) -> dict[str, int]:
    return {n: 200 if n == name else 404 for n in [*TRUSTEE_FILES, "secret.json", "manifest.json"]}


def test_a_trustee_gets_the_file_of_their_current_step_only(stage: Stage) -> None:
    with_mfa(stage.trustee2)
    election = stage("ceremony")
    alice, other = stage.client_for("alice"), stage.client_for("trustee2")
    assert files_for(alice, election) == only("description.json")

    # Alice hands in her commitment: her part of step 1 is done, the other trustee's is not.
    response = alice.post(
        url(election, "trustee"), {"file": commitment_of(stage, election, stage.w.alice)}
    )
    assert response.status_code == 302
    assert files_for(alice, election) == only("")
    assert files_for(other, election) == only("description.json")

    # The other trustee's commitment completes step 1: both get every commitment (step 2).
    response = other.post(
        url(election, "trustee"), {"file": commitment_of(stage, election, stage.trustee2)}
    )
    assert response.status_code == 302
    assert files_for(alice, election) == only("commitments.json")
    assert files_for(other, election) == only("commitments.json")
    download = alice.get(url(election, "trustee_file", "commitments.json"))
    assert download["Content-Disposition"] == (
        f'attachment; filename="coop-a-{election.decision_id}-commitments.json"'
    )

    for state, expected in [
        ("ready", only("")),
        ("open", only("")),
        ("closed", only("tally.json")),
        ("decrypted", only("")),
        ("published", only("")),
    ]:
        later = stage(state)
        assert files_for(alice, later) == expected, state
        assert alice.get(url(later, "trustee")).status_code == 200, state


def test_someone_who_is_not_a_trustee_finds_no_trustee_page_nor_files(stage: Stage) -> None:
    election = stage("closed")  # the step with a file to fetch (tally.json) and to hand in
    bob = stage.client_for("bob")
    before = snapshot()
    assert bob.get(url(election, "trustee")).status_code == 404
    assert (
        bob.post(
            url(election, "trustee"), {"file": SimpleUploadedFile("d.json", b"{}")}
        ).status_code
        == 404
    )
    assert set(files_for(bob, election).values()) == {404}
    assert snapshot() == before
    # while a trustee gets the tally at this step
    assert (
        stage.client_for("alice").get(url(election, "trustee_file", "tally.json")).status_code
        == 200
    )


# --- public routes ----------------------------------------------------------------------------

PUBLIC_FILES = ["manifest.json", "board.json", "audited.json", "record.json"]


def public_statuses(client: Client, election: Election) -> dict[str, int]:
    out = {"board": client.get(url(election, "board")).status_code}
    for name in [*PUBLIC_FILES, "secret.json", "trustee"]:
        out[name] = client.get(url(election, "record", name)).status_code
    return out


@pytest.mark.parametrize("state", STATES)
def test_the_public_routes_open_with_the_vote_and_the_record_with_the_result(
    stage: Stage, state: str
) -> None:
    election = stage(state)
    opened = state not in ("setup", "ceremony", "ready")
    expected = {
        "board": 200 if opened else 404,
        "manifest.json": 200 if opened else 404,
        "board.json": 200 if opened else 404,
        "audited.json": 200 if opened else 404,
        "record.json": 200 if state == "published" else 404,
        "secret.json": 404,
        "trustee": 404,
    }
    before = snapshot()
    assert public_statuses(Client(), election) == expected
    assert public_statuses(stage.client_for("charlie"), election) == expected
    assert snapshot() == before
    if opened:
        manifest = Client().get(url(election, "record", "manifest.json")).json()
        assert manifest["manifest_hash"] == election.manifest_hash
        board = Client().get(url(election, "record", "board.json")).json()
        assert len(board["entries"]) == 2
        assert len(Client().get(url(election, "record", "audited.json")).json()) == 1


def test_the_public_routes_of_a_decision_without_a_verifiable_ballot_are_not_found(
    stage: Stage,
) -> None:
    w = stage.w
    decision = decisions.decision_create(
        organization=w.g.personas.coop_a,
        by=w.alice,
        title="A secret ballot, not verifiable",
        language="en",
        method=Decision.Method.YES_NO,
        options=[],
        secrecy=Decision.Secrecy.SECRET,
        record_date=timezone.localdate(),
    )
    decisions.decision_open(decision=decision, by=w.alice)
    before = snapshot()
    slug, pk = "coop-a", decision.pk
    anonymous, alice, bob = Client(), stage.client_for("alice"), stage.client_for("bob")
    assert anonymous.get(reverse("ballots:board", args=[slug, pk])).status_code == 404
    for name in PUBLIC_FILES:
        assert anonymous.get(reverse("ballots:record", args=[slug, pk, name])).status_code == 404
    # and the private routes do not find an election either, nor make one
    for route in ["election", "trustee", "booth"]:
        assert alice.get(reverse(f"ballots:{route}", args=[slug, pk])).status_code == 404
        assert bob.get(reverse(f"ballots:{route}", args=[slug, pk])).status_code == 404
    for name in TRUSTEE_FILES:
        target = reverse("ballots:trustee_file", args=[slug, pk, name])
        assert alice.get(target).status_code == 404
    for route in POST_ROUTES:
        assert alice.post(reverse(f"ballots:{route}", args=[slug, pk])).status_code == 404
    assert snapshot() == before
    assert not Election.objects.filter(decision=decision).exists()


def test_a_tracker_is_found_by_anyone_on_the_public_board(stage: Stage) -> None:
    election = stage("open")
    entry = BoardEntry.objects.filter(election=election).order_by("index").first()
    assert entry is not None
    response = Client().get(url(election, "board"), {"tracker": entry.tracker.upper()})
    assert response.status_code == 200
    assert response.context["found"]["present"] is True
    response = Client().get(url(election, "board"), {"tracker": "0" * 64})
    assert response.context["found"] == {"present": False}


# --- every page in every state ----------------------------------------------------------------


@pytest.mark.parametrize("state", STATES)
def test_every_page_shows_in_every_state(stage: Stage, state: str) -> None:
    election = stage(state)
    alice, bob = stage.client_for("alice"), stage.client_for("bob")
    before = snapshot()
    for client in (alice, bob):
        assert client.get(url(election, "election")).status_code == 200
        assert client.get(url(election, "booth")).status_code == 200
    assert alice.get(url(election, "trustee")).status_code == (200 if state != "setup" else 404)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("state", "cast_status", "audit_status"),
    [("setup", 403, 409), ("ready", 403, 409), ("closed", 409, 409), ("published", 409, 409)],
)
def test_the_booth_refuses_a_ballot_when_the_vote_is_not_open(
    stage: Stage, state: str, cast_status: int, audit_status: int
) -> None:
    election = stage(state)
    # Bob's real ballot: for this election once it has opened, else for another, open one (before
    # the opening Bob is on no roll yet).
    source = election if election.manifest else stage("open")
    bob = stage.w.g.personas.bob
    ballot, pair = seal(stage, source, bob, YES), audit_pair(stage, source, bob, YES)
    before = snapshot()
    client = stage.client_for("bob")
    assert client.post(url(election, "booth_cast"), {"ballot": ballot}).status_code == cast_status
    assert client.post(url(election, "booth_audit"), pair).status_code == audit_status
    assert snapshot() == before


# --- CSRF -------------------------------------------------------------------------------------

POST_STATES = {
    "trustees_setup": "setup",
    "election_open": "ready",
    "election_close": "open",
    "election_publish": "decrypted",
    "trustee": "ceremony",
    "booth_cast": "open",
    "booth_audit": "open",
}


@pytest.mark.parametrize("route", POST_ROUTES)
def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(
    stage: Stage, route: str
) -> None:
    election = stage(POST_STATES[route])
    data = post_data(stage, election, route, "alice")
    before = snapshot()
    client = stage.client_for("alice", enforce_csrf_checks=True)
    response = client.post(url(election, route), data)
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    assert snapshot() == before


def test_the_same_post_with_its_csrf_token_goes_through(stage: Stage) -> None:
    election = stage("open")
    client = stage.client_for("alice", enforce_csrf_checks=True)
    page = client.get(url(election, "election_close"))  # the confirmation page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    response = client.post(
        url(election, "election_close"), {"csrfmiddlewaretoken": token[1], "confirm": "close"}
    )
    assert response.status_code == 302
    election.refresh_from_db()
    assert election.state == Election.State.DECRYPTING


# --- Content-Security-Policy ------------------------------------------------------------------


def policy(response: Response) -> dict[str, list[str]]:
    out = {}
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_the_booth_has_a_nonce_and_wasm_unsafe_eval_and_no_unsafe_inline(stage: Stage) -> None:
    election = stage("open")
    bob = stage.client_for("bob")
    for response, status in (
        (bob.get(url(election, "booth")), 200),
        # a refused ballot shows the booth again, under the same policy
        (bob.post(url(election, "booth_cast"), {"ballot": "not a ballot"}), 400),
        (bob.post(url(election, "booth_audit"), {"ballot": "{}", "opening": "{}"}), 400),
    ):
        assert response.status_code == status
        csp = policy(response)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'wasm-unsafe-eval'" in csp["script-src"]
        nonces = [s for s in csp["script-src"] if s.startswith("'nonce-")]
        assert len(nonces) == 1
        nonce = nonces[0][len("'nonce-") : -1]
        # the inline import map carries that nonce: it is the only inline script allowed
        html = response.content.decode()
        assert f'<script type="importmap" nonce="{nonce}">' in html
    # a fresh nonce on every page
    assert policy(bob.get(url(election, "booth")))["script-src"] != csp["script-src"]


def test_the_other_ballots_pages_have_the_plain_policy(stage: Stage) -> None:
    election = stage("closed")
    alice = stage.client_for("alice")
    plain = policy(Client().get("/en/"))
    assert plain["script-src"] == ["'self'"]
    for response in (
        alice.get(url(election, "election")),
        alice.get(url(election, "trustee")),
        alice.get(url(election, "trustee_file", "tally.json")),
        Client().get(url(election, "board")),
        Client().get(url(election, "record", "manifest.json")),
        Client().get(url(election, "record", "board.json")),
    ):
        assert response.status_code == 200
        assert policy(response) == plain
        assert "nonce" not in response["Content-Security-Policy"]


# --- MFA --------------------------------------------------------------------------------------


def test_a_trustee_without_mfa_is_sent_to_set_it_up_first(stage: Stage) -> None:
    election = stage("ceremony")
    client = stage.client_for("trustee2")
    before = snapshot()
    for target in (
        url(election, "trustee"),
        url(election, "trustee_file", "description.json"),
        url(election, "election"),
        url(election, "booth"),
        "/en/orgs/",
        # every page but the set-up waits, even the public board (open to them signed out)
        url(election, "board"),
    ):
        response = client.get(target)
        assert response.status_code == 302, target
        assert response["Location"] == MFA_SETUP, target
    response = client.post(
        url(election, "trustee"), {"file": commitment_of(stage, election, stage.trustee2)}
    )
    assert response.status_code == 302
    assert response["Location"] == MFA_SETUP
    assert snapshot() == before

    with_mfa(stage.trustee2)
    assert client.get(url(election, "trustee")).status_code == 200
    assert client.get(url(election, "trustee_file", "description.json")).status_code == 200


def test_bob_is_asked_for_mfa_once_chosen_as_a_trustee(stage: Stage) -> None:
    election = stage("setup")
    bob = stage.client_for("bob")
    assert bob.get(url(election, "election")).status_code == 200
    services.trustees_setup(
        election=election, by=stage.w.alice, users=[stage.w.g.personas.bob], threshold=1
    )
    response = bob.get(url(election, "election"))
    assert (response.status_code, response["Location"]) == (302, MFA_SETUP)


def test_a_trustee_signs_in_with_their_code_and_reaches_their_page(stage: Stage) -> None:
    election = stage("ceremony")
    secret = with_mfa(stage.trustee2)
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"login": stage.trustee2.email, "password": PASSWORD}
    )
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get(url(election, "trustee"))["Location"].startswith("/en/accounts/login/")
    code = current_code(secret)
    assert client.post("/en/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get(url(election, "trustee")).status_code == 200


def test_once_published_its_trustees_no_longer_need_mfa(stage: Stage) -> None:
    election = stage("published")
    # The module's world holds elections still running, of which trustee2 is a trustee too.
    Election.objects.exclude(pk=election.pk).delete()
    client = stage.client_for("trustee2")  # never set up MFA
    assert client.get(url(election, "trustee")).status_code == 200
    assert client.get(url(election, "election")).status_code == 200


def test_staff_without_mfa_are_sent_to_set_it_up_and_with_it_have_no_access(
    stage: Stage,
) -> None:
    election = stage("open")
    newcomer = UserFactory.create(is_staff=True)
    client = Client()
    client.force_login(newcomer)
    response = client.get(url(election, "election"))
    assert (response.status_code, response["Location"]) == (302, MFA_SETUP)
    with_mfa(newcomer)
    assert client.get(url(election, "election")).status_code == 403
    assert client.get(url(election, "board")).status_code == 200
