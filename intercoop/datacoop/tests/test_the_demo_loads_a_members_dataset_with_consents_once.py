"""The demo's data co-operative: Riverside's members' dataset, with rows from several members
(a sensitive cell sealed), two purposes, consents given and withdrawn, one due for review; loading
the demo again adds nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from intercoop.datacoop.demo import DATASET
from intercoop.datacoop.models import ConsentEvent, ConsentRecord, Dataset, Row
from intercoop.datacoop.selectors.consents import current_events

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Dataset, Row, ConsentRecord, ConsentEvent))


def test_the_demo_loads_a_members_dataset_with_consents_and_a_second_run_adds_nothing(
    tmp_path: Path,
) -> None:
    with override_settings(DATA_DIR=tmp_path):
        # given the demo loaded
        said = io.StringIO()
        call_command("demo", stdout=said)
        before = _counts()

        # then Riverside has its members' dataset
        dataset = Dataset.objects.get(organization__slug="riverside-food-coop", name=DATASET)
        assert dataset.kind == Dataset.Kind.INDIVIDUAL
        assert dataset.columns.filter(sensitivity="sensitive").count() == 1
        rows = Row.objects.filter(dataset=dataset)
        assert rows.values("member").distinct().count() == 5
        assert rows.exclude(sealed=b"").count() == rows.count()
        assert not any("Peanuts" in str(row.values) for row in rows)
        assert dataset.purposes.count() == 2
        # with consents given, one withdrawn, and one due for review
        current = current_events().filter(record__purpose__dataset=dataset)
        assert current.filter(status__in=ConsentEvent.GIVEN_STATUSES).count() == 6
        assert current.filter(status=ConsentEvent.Status.WITHDRAWN).count() == 1
        today = timezone.localdate()
        due = current.filter(review_on__lte=today, lapses_on__gt=today)
        assert list(due.values_list("record__member__email", flat=True)) == [
            "bob@demo.intercoop.coop"
        ]
        assert "Data co-operative" in said.getvalue()

        # when it is loaded again, then nothing is added
        call_command("demo", stdout=io.StringIO())
        assert _counts() == before
