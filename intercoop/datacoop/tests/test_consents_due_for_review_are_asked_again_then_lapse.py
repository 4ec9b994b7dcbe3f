"""On its review date a consent's member is asked again, in the app and by email; without a new
answer by the lapse date the consent lapses (an expired step in its history). The review is
safe to run again: nobody is asked twice for one consent, nothing lapses twice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.datacoop import dpv
from intercoop.datacoop.models import LAPSE_AFTER, ConsentRecord
from intercoop.datacoop.selectors.consents import consenting_members, history
from intercoop.datacoop.services.consents import ReviewReport, consent_give, consents_review
from intercoop.datacoop.tests.world import build
from intercoop.governance.models import Notification

pytestmark = pytest.mark.django_db(transaction=False)


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_the_member_is_asked_once_on_the_review_date(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    world = build(personas)
    record = ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob)
    given = history(record)[0]
    assert given.review_on is not None

    assert consents_review(now=_at(given.review_on - datetime.timedelta(1))) == ReviewReport(0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        first = consents_review(now=_at(given.review_on))
    again = consents_review(now=_at(given.review_on + datetime.timedelta(1)))

    assert (first, again) == (ReviewReport(1, 0), ReviewReport(0, 0))
    (note,) = Notification.objects.filter(user=personas.bob, kind="datacoop.consent_review")
    assert world.energy.name in note.values["dataset"]
    assert [m.to for m in mail.outbox] == [[personas.bob.email]]
    assert "due for review" in mail.outbox[0].body


def test_without_a_new_answer_the_consent_lapses_once(personas: Personas) -> None:
    world = build(personas)
    record = ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob)
    given = history(record)[0]
    assert given.review_on is not None and given.lapses_on is not None
    assert given.lapses_on == given.review_on + LAPSE_AFTER

    lapsed = consents_review(now=_at(given.lapses_on))
    again = consents_review(now=_at(given.lapses_on + datetime.timedelta(3)))

    assert (lapsed.lapsed, again.lapsed) == (1, 0)
    assert [e.status for e in history(record)] == [dpv.GIVEN, dpv.EXPIRED]
    assert not consenting_members(world.analytics, on=given.lapses_on).exists()


def test_an_answer_after_the_review_date_renews_the_consent(personas: Personas) -> None:
    world = build(personas)
    record = ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob)
    given = history(record)[0]
    assert given.review_on is not None and given.lapses_on is not None

    renewed = consent_give(purpose=world.analytics, member=personas.bob, now=_at(given.review_on))
    review = consents_review(now=_at(given.lapses_on))

    assert renewed.status == dpv.RENEWED
    assert renewed.review_on is not None and renewed.review_on > given.review_on
    assert review.lapsed == 0
    assert list(consenting_members(world.analytics, on=given.lapses_on)) == [personas.bob]
