"""Reading consents: the current state is each record's latest event.

``consenting_members(purpose, on=...)`` is the question later steps ask before any use of the
data ("who consents to this purpose of this dataset on that day"): a consent counts while its
latest event is a consent given and its lapse date is after that day, whether or not the daily
review has recorded the lapse yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from intercoop.accounts.models import User
from intercoop.datacoop.models import ConsentEvent, ConsentRecord, Dataset, DatasetPurpose


def current_events() -> QuerySet[ConsentEvent]:
    """Each record's latest event."""
    later = ConsentEvent.objects.filter(record=OuterRef("record"), seq__gt=OuterRef("seq"))
    return ConsentEvent.objects.filter(~Exists(later))


def latest_event(record: ConsentRecord) -> ConsentEvent | None:
    return record.events.order_by("-seq").first()


def valid_on(on: datetime.date) -> QuerySet[ConsentEvent]:
    """The latest events that are a consent given and still holding on ``on``."""
    return current_events().filter(status__in=ConsentEvent.GIVEN_STATUSES, lapses_on__gt=on)


def consenting_members(
    purpose: DatasetPurpose, *, on: datetime.date | None = None
) -> QuerySet[User]:
    """The members who consent to ``purpose`` on ``on`` (today by default)."""
    on = on or timezone.localdate()
    holding = valid_on(on).filter(record__purpose=purpose).values("record__member_id")
    return User.objects.filter(pk__in=holding)


@dataclass(frozen=True)
class MyConsent:
    purpose: DatasetPurpose
    record: ConsentRecord | None
    current: ConsentEvent | None

    @property
    def holds(self) -> bool:
        today = timezone.localdate()
        return bool(
            self.current
            and self.current.is_given
            and self.current.lapses_on
            and self.current.lapses_on > today
        )

    @property
    def due_for_review(self) -> bool:
        return bool(
            self.holds
            and self.current
            and self.current.review_on
            and self.current.review_on <= timezone.localdate()
        )


def consents_of(member: User, dataset: Dataset) -> list[MyConsent]:
    """Each purpose of the dataset, with the member's record and its current event, if any."""
    purposes = list(dataset.purposes.all())
    records = {
        r.purpose_id: r
        for r in ConsentRecord.objects.filter(purpose__dataset=dataset, member=member)
    }
    current = {e.record_id: e for e in current_events().filter(record__in=list(records.values()))}
    return [
        MyConsent(
            purpose=p,
            record=records.get(p.pk),
            current=current.get(records[p.pk].pk) if p.pk in records else None,
        )
        for p in purposes
    ]


def history(record: ConsentRecord) -> list[ConsentEvent]:
    return list(record.events.order_by("seq"))
