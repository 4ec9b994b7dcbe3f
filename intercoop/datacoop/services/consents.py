"""Giving and withdrawing consent, and its review: every change appends a ``ConsentEvent``.

Nothing is updated in place. A repeated answer (a double submit, or two requests racing) appends
nothing: each event takes the next ``seq`` of its record, unique per record, so of two answers
following the same step one is written and the other finds it written.

The review (``consents_review``, daily in the worker) asks each member whose consent reached its
review date to answer again (in the app, and by email as they prefer), and records the lapse of
each consent not renewed by its lapse date. Run twice, it asks and lapses nothing more.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intercoop.accounts.models import User
from intercoop.core.errors import Conflict, ServiceError
from intercoop.datacoop import dpv
from intercoop.datacoop.models import (
    LAPSE_AFTER,
    ConsentEvent,
    ConsentRecord,
    Dataset,
    DatasetPurpose,
)
from intercoop.datacoop.selectors.consents import current_events, latest_event
from intercoop.governance.services.notifications import notify
from intercoop.organizations.models import Role


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _check_member(purpose: DatasetPurpose, member: User) -> None:
    dataset: Dataset = purpose.dataset
    if not Role.objects.filter(organization_id=dataset.organization_id, user=member).exists():
        raise ServiceError(
            _("Only the co-op's people give consent to its datasets."),
            code="not_in_org",
            status=403,
        )


def _append(
    record: ConsentRecord,
    after: ConsentEvent | None,
    status: str,
    *,
    method: str,
    language: str,
    now: datetime.datetime,
    review_on: datetime.date | None = None,
) -> ConsentEvent | None:
    """Append the step that follows ``after``; None if another request appended it first."""
    event = ConsentEvent(
        record=record,
        seq=(after.seq if after else 0) + 1,
        status=status,
        at=now,
        method=method,
        language=language,
        review_on=review_on,
        lapses_on=review_on + LAPSE_AFTER if review_on else None,
    )
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        return None
    return event


def consent_give(
    *,
    purpose: DatasetPurpose,
    member: User,
    method: str = ConsentEvent.Method.WEB,
    language: str = "",
    now: datetime.datetime | None = None,
) -> ConsentEvent:
    """Give consent to ``purpose``, or give it again once its review date has come. A consent
    already given and not yet due for review is left as it is (a repeated submit)."""
    _check_member(purpose, member)
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        record, _created = ConsentRecord.objects.get_or_create(purpose=purpose, member=member)
    latest = latest_event(record)
    if latest is not None and latest.is_given and latest.review_on and latest.review_on > today:
        return latest
    renewing = latest is not None and latest.is_given
    event = _append(
        record,
        latest,
        dpv.RENEWED if renewing else dpv.GIVEN,
        method=method,
        language=language,
        now=now,
        review_on=_add_months(today, purpose.review_months),
    )
    return event or _latest(record)


def consent_withdraw(
    *,
    purpose: DatasetPurpose,
    member: User,
    method: str = ConsentEvent.Method.WEB,
    language: str = "",
    now: datetime.datetime | None = None,
) -> ConsentEvent:
    """Withdraw consent to ``purpose``. Withdrawing a consent already withdrawn or lapsed
    changes nothing."""
    record = ConsentRecord.objects.filter(purpose=purpose, member=member).first()
    latest = latest_event(record) if record else None
    if record is None or latest is None:
        raise Conflict(_("You have not given consent to this purpose."))
    if not latest.is_given:
        return latest
    event = _append(
        record, latest, dpv.WITHDRAWN, method=method, language=language, now=now or timezone.now()
    )
    return event or _latest(record)


def _latest(record: ConsentRecord) -> ConsentEvent:
    latest = latest_event(record)
    if latest is None:  # pragma: no cover - a record's first event is never deleted
        raise Conflict(_("This consent has no history."))
    return latest


# --- The review ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewReport:
    asked: int
    lapsed: int


def _ask_again(event: ConsentEvent) -> int:
    record = event.record
    purpose = record.purpose
    dataset = purpose.dataset
    notes = notify(
        users=[record.member],
        organization=dataset.organization,
        kind="datacoop.consent_review",
        template=gettext_noop(
            "Your consent to “%(purpose)s” for the dataset “%(dataset)s” is due for review: "
            "give it again by %(lapses_on)s or it lapses."
        ),
        values={
            "purpose": purpose.get_term_display(),
            "dataset": dataset.name,
            "lapses_on": event.lapses_on.isoformat() if event.lapses_on else "",
        },
        url=reverse("datacoop:dataset", args=[dataset.organization.slug, dataset.uuid]),
        dedupe_key=f"datacoop-review:{record.uuid}:{event.seq}",
    )
    return len(notes)


def consents_review(*, now: datetime.datetime | None = None) -> ReviewReport:
    """Ask again each member whose given consent reached its review date, once per consent
    given; record the lapse of each given consent past its lapse date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    given = current_events().filter(status__in=ConsentEvent.GIVEN_STATUSES)
    asked = 0
    due = given.filter(review_on__lte=today, lapses_on__gt=today).select_related(
        "record__member", "record__purpose__dataset__organization"
    )
    for event in due:
        with transaction.atomic():
            asked += _ask_again(event)
    lapsed = 0
    for event in given.filter(lapses_on__lte=today).select_related("record"):
        if _append(
            event.record,
            event,
            dpv.EXPIRED,
            method=ConsentEvent.Method.REVIEW,
            language="",
            now=now,
        ):
            lapsed += 1
    return ReviewReport(asked=asked, lapsed=lapsed)
