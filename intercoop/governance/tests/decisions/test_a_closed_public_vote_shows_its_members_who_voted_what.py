"""A public vote is a roll-call vote: once it is closed, the co-op's people who may see its
decisions (Alice and Bob of co-op A) see each voter's name and ballot, with the proxy holder who
cast it and the college's weight. Not before the close, never to Charlie (co-op B) or an anonymous
visitor, and never for a secret or verifiable vote."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from intercoop.governance.models import Attendance, Decision, Meeting, Member, Proxy
from intercoop.governance.selectors.decisions import named_ballots
from intercoop.governance.services.decisions import ballot_cast, decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, option_ids, result

pytestmark = pytest.mark.django_db

HEADING = "Who voted what"


def _roll_call(content: str) -> list[list[str]]:
    """The rows of the "Who voted what" table, as text cells."""
    assert HEADING in content
    table = content[content.index(HEADING) :].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


@pytest.fixture(autouse=True)
def every_college_published(governance: Governance) -> None:
    """Each college's own result is published from its first ballot (the default, 5, withholds
    the small colleges of this co-op, and their members' ballots with them: see the last test)."""
    governance.rules.min_college_ballots_to_publish = 1
    governance.rules.save()


@pytest.fixture
def public_vote(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> Decision:
    """An open public ranked vote of co-op A: Alice, Bob and Carlos have voted, Carlos blank."""
    decision = make_decision("irv", ("Anne", "Bob", "Carol"), title="Board election")
    cast(decision, voters[0], ["Carol", "Anne"])
    cast(decision, voters[1], ["Bob"])
    cast(decision, voters[2], [])
    return decision


@pytest.mark.parametrize("who", ["alice", "bob"])
@pytest.mark.parametrize("page", ["", "result/"])
def test_members_of_the_coop_see_each_ballot_once_closed(
    governance: Governance, voters: list[Member], public_vote: Decision, who: str, page: str
) -> None:
    decision_close(decision=public_vote, by=governance.personas.alice)
    response = governance.personas.client_for(who).get(
        f"/en/orgs/coop-a/decisions/{public_vote.pk}/{page}"
    )
    assert response.status_code == 200
    rows = _roll_call(response.content.decode())
    # member, college, college weight, ballot, proxy holder; by name
    expected = sorted(
        [
            ["Alice", "Workers", "40.0 %", "1.\u00a0Carol, 2.\u00a0Anne", "—"],
            ["Bob", "Users", "40.0 %", "1.\u00a0Bob", "—"],
            [voters[2].name, "Workers", "40.0 %", "blank ballot", "—"],
        ],
        key=lambda r: r[0].casefold(),
    )
    assert rows == expected


def test_no_one_sees_the_ballots_before_the_close(
    governance: Governance, public_vote: Decision
) -> None:
    for who in ("alice", "bob"):
        response = governance.personas.client_for(who).get(
            f"/en/orgs/coop-a/decisions/{public_vote.pk}/"
        )
        assert response.status_code == 200
        assert HEADING not in response.content.decode()
        assert named_ballots(public_vote, getattr(governance.personas, who)) is None
        # the voters are told beforehand that their ballot will be shown
        assert (
            "This vote is public: once it closes, the co-operative's members will see each "
            "member's ballot, with their name." in html.unescape(response.content.decode())
        )


@pytest.mark.parametrize("who", ["charlie", "anonymous"])
def test_outsiders_see_nothing(governance: Governance, public_vote: Decision, who: str) -> None:
    decision = decision_close(decision=public_vote, by=governance.personas.alice)
    for page in ("", "result/"):
        response = governance.personas.client_for(who).get(
            f"/en/orgs/coop-a/decisions/{decision.pk}/{page}"
        )
        assert response.status_code == (403 if who == "charlie" else 302)
        assert HEADING not in response.content.decode()
    user = governance.personas.charlie if who == "charlie" else AnonymousUser()
    assert named_ballots(decision, user) is None


@pytest.mark.parametrize("secrecy", ["secret", "verifiable"])
def test_secret_and_verifiable_votes_never_show_them(
    governance: Governance, voters: list[Member], make_decision: MakeDecision, secrecy: str
) -> None:
    decision = make_decision("yes_no", ("Yes", "No"), open=secrecy == "secret", secrecy=secrecy)
    if secrecy == "secret":
        cast(decision, voters[0], ["Yes"])
        decision = decision_close(decision=decision, by=governance.personas.alice)
    else:  # as a closed verifiable vote would be
        Decision.objects.filter(pk=decision.pk).update(state=Decision.State.CLOSED)
        decision.refresh_from_db()
    assert named_ballots(decision, governance.personas.alice) is None
    assert named_ballots(decision, governance.personas.bob) is None
    for page in ("", "result/"):
        response = governance.personas.client_for("bob").get(
            f"/en/orgs/coop-a/decisions/{decision.pk}/{page}"
        )
        assert HEADING not in response.content.decode()


def test_a_ballot_cast_by_proxy_names_its_holder(
    governance: Governance, make_decision: MakeDecision
) -> None:
    coop = governance.personas.coop_a
    meeting = Meeting.objects.create(
        organization=coop,
        title="AGM",
        language="en",
        starts_at=timezone.now() - timedelta(hours=1),
        record_date=timezone.localdate() - timedelta(days=20),
        state=Meeting.State.OPEN,
        quorum_check={"met": True, "eligible": 10, "present": 1, "represented": 1},
    )
    proxy = Proxy.objects.create(
        organization=coop,
        meeting=meeting,
        grantor=governance.bob_member,
        holder=governance.alice_member,
    )
    Attendance.objects.create(meeting=meeting, member=governance.alice_member, mode="in_person")
    Attendance.objects.create(
        meeting=meeting, member=governance.bob_member, mode="proxy", proxy=proxy
    )
    decision = make_decision("yes_no", ("Yes", "No"), meeting=meeting)
    ids = option_ids(decision)
    alice = governance.personas.alice
    ballot_cast(decision=decision, by=alice, member=governance.alice_member, choices=[ids["Yes"]])
    ballot_cast(decision=decision, by=alice, member=governance.bob_member, choices=[ids["No"]])
    decision = decision_close(decision=decision, by=alice)
    content = (
        governance.personas.client_for("bob")
        .get(f"/en/orgs/coop-a/decisions/{decision.pk}/result/")
        .content.decode()
    )
    assert _roll_call(content) == [
        ["Alice", "Workers", "40.0 %", "Yes", "—"],
        ["Bob", "Users", "40.0 %", "No", "Alice"],
    ]


def test_a_public_vote_names_every_ballot_even_in_a_small_college(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    # given the rules publish a college's own result from 3 ballots: the users (Bob and three
    # more) reach it, the workers (Alice alone) do not
    governance.rules.min_college_ballots_to_publish = 3
    governance.rules.save()
    decision = make_decision("single", ("Anne", "Bob", "Carol"))
    cast(decision, voters[0], ["Anne"])  # Alice, a worker
    for member in voters[1:2] + voters[4:7]:  # Bob and the other users
        cast(decision, member, ["Carol"])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    content = html.unescape(
        governance.personas.client_for("bob")
        .get(f"/en/orgs/coop-a/decisions/{decision.pk}/result/")
        .content.decode()
    )
    # then Alice's ballot is named like every other: a public vote keeps no ballot secret, so
    # the smallest college's own result is not withheld either (the page said "public", then
    # withheld every ballot of the demo's colleges)
    rows = {row[0]: row for row in _roll_call(content)}
    assert rows["Alice"] == ["Alice", "Workers", "40.0 %", "Anne", "—"]
    assert rows["Bob"] == ["Bob", "Users", "40.0 %", "Carol", "—"]
    assert "withheld" not in content
    assert "so that the votes of a small college stay secret" not in content


def test_a_secret_vote_still_withholds_a_small_college_s_own_result(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    governance.rules.min_college_ballots_to_publish = 3
    governance.rules.save()
    decision = make_decision("single", ("Anne", "Bob", "Carol"), secrecy="secret")
    cast(decision, voters[0], ["Anne"])
    for member in voters[1:2] + voters[4:7]:
        cast(decision, member, ["Carol"])
    decision = decision_close(decision=decision, by=governance.personas.alice)
    assert result(decision)["turnout"]["publishable"] == ["users"]
    content = html.unescape(
        governance.personas.client_for("bob")
        .get(f"/en/orgs/coop-a/decisions/{decision.pk}/result/")
        .content.decode()
    )
    assert "so that the votes of a small college stay secret" in content
    assert "Who voted what" not in content
