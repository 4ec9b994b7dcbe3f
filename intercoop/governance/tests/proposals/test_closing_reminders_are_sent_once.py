from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from intercoop.governance.models import Decision, Notification, Participation, RollEntry
from intercoop.governance.services.notifications import governance_notify, reminders_send
from intercoop.governance.tests.conftest import Governance
from intercoop.testing.factories import UserFactory


def _decision(governance: Governance, closes_in: timedelta, state: str = "open") -> Decision:
    p = governance.personas
    decision = Decision.objects.create(
        organization=p.coop_a,
        title="Buy the cargo bike",
        language="en",
        method=Decision.Method.YES_NO,
        record_date=timezone.localdate(),
        state=state,
        closes_at=timezone.now() + closes_in,
    )
    for member in governance.members:
        RollEntry.objects.create(
            decision=decision, member=member, college="workers", voter=member.user
        )
    return decision


def test_voters_who_have_not_voted_are_reminded_once(
    governance: Governance, django_capture_on_commit_callbacks
) -> None:
    p = governance.personas
    decision = _decision(governance, timedelta(hours=5))
    # A legal person's representative, with an account, who has not voted either.
    dora = UserFactory.create(email="dora@example.org")
    third = governance.members[2]
    RollEntry.objects.filter(decision=decision, member=third).update(voter=dora)
    # Alice has voted.
    Participation.objects.create(
        decision=decision, member=governance.alice_member, college="workers", cast_by=p.alice
    )

    with django_capture_on_commit_callbacks(execute=True):
        first = governance_notify()
        again = reminders_send()
        later = reminders_send(now=timezone.now() + timedelta(hours=3))

    reminded = Notification.objects.filter(kind="decision.closing")
    assert set(reminded.values_list("user__email", flat=True)) == {
        "bob@example.org",
        "dora@example.org",
    }
    assert first.reminders == 2 and again == 0 and later == 0
    assert set(reminded.values_list("dedupe_key", flat=True)) == {f"reminder:{decision.pk}"}
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.org", "dora@example.org"]


def test_no_reminder_far_from_the_close_after_it_or_for_other_states(
    governance: Governance,
) -> None:
    _decision(governance, timedelta(hours=30))
    _decision(governance, timedelta(hours=-1))
    _decision(governance, timedelta(hours=5), state="closed")
    _decision(governance, timedelta(hours=5), state="draft")

    assert reminders_send() == 0
    assert not Notification.objects.filter(kind="decision.closing").exists()
