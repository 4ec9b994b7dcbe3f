"""Consent is given and withdrawn at any time; every answer appends an event to the record's
history, nothing is updated in place, a repeated answer appends nothing, and who consents to a
purpose on a day is one query."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from intercoop.conftest import Personas
from intercoop.core.errors import ServiceError
from intercoop.datacoop import dpv
from intercoop.datacoop.models import ConsentEvent, ConsentRecord
from intercoop.datacoop.selectors.consents import consenting_members, history
from intercoop.datacoop.services.consents import consent_give, consent_withdraw
from intercoop.datacoop.tests.world import build

pytestmark = pytest.mark.django_db


def test_give_withdraw_and_give_again_keep_every_step(personas: Personas) -> None:
    world = build(personas)
    record = ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob)
    first = list(ConsentEvent.objects.filter(record=record).values())

    consent_withdraw(purpose=world.analytics, member=personas.bob)
    consent_give(purpose=world.analytics, member=personas.bob)

    steps = history(record)
    assert [(e.seq, e.status) for e in steps] == [
        (1, dpv.GIVEN),
        (2, dpv.WITHDRAWN),
        (3, dpv.GIVEN),
    ]
    assert list(ConsentEvent.objects.filter(pk=first[0]["id"]).values()) == first
    assert ConsentRecord.objects.filter(member=personas.bob).count() == 1


def test_a_repeated_answer_appends_nothing(personas: Personas) -> None:
    world = build(personas)

    consent_give(purpose=world.analytics, member=personas.bob)
    consent_withdraw(purpose=world.analytics, member=personas.bob)
    consent_withdraw(purpose=world.analytics, member=personas.bob)

    assert ConsentEvent.objects.count() == 2


def test_two_answers_cannot_follow_the_same_step(personas: Personas) -> None:
    world = build(personas)
    record = ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob)

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentEvent.objects.create(record=record, seq=1, status=dpv.WITHDRAWN, method="web")


def test_withdrawing_a_consent_never_given_is_refused(personas: Personas) -> None:
    world = build(personas)

    with pytest.raises(ServiceError) as refused:
        consent_withdraw(purpose=world.analytics, member=personas.alice)

    assert refused.value.status == 409


def test_people_of_another_co_op_cannot_consent(personas: Personas) -> None:
    world = build(personas)

    with pytest.raises(ServiceError) as refused:
        consent_give(purpose=world.analytics, member=personas.charlie)

    assert refused.value.code == "not_in_org"
    assert not ConsentRecord.objects.filter(member=personas.charlie).exists()


def test_who_consents_on_a_day_follows_the_history_and_the_lapse_date(
    personas: Personas,
) -> None:
    world = build(personas)
    consent_give(purpose=world.analytics, member=personas.alice)
    today = timezone.localdate()
    given = history(ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob))[0]

    assert set(consenting_members(world.analytics)) == {personas.alice, personas.bob}
    consent_withdraw(purpose=world.analytics, member=personas.alice)
    assert list(consenting_members(world.analytics)) == [personas.bob]
    # The day the consent lapses it no longer counts, whether or not the review recorded it.
    assert given.lapses_on is not None and given.review_on is not None
    assert given.review_on > today
    assert list(consenting_members(world.analytics, on=given.lapses_on - datetime.timedelta(1)))
    assert not consenting_members(world.analytics, on=given.lapses_on).exists()
