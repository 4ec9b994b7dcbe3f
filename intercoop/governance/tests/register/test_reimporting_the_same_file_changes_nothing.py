"""Importing a file a second time changes nothing, whatever the file; and the register's own
CSV export, imported back, changes nothing either."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercoop.governance.models import AuditEntry, Member, MemberStatusChange
from intercoop.governance.selectors.register import CSV_COLUMNS, register_export_csv
from intercoop.governance.services.register import member_status_change, register_import
from intercoop.governance.tests.conftest import Governance

CATEGORIES = ["worker", "user", "supporting", "community"]
STATUSES = ["", "active", "suspended", "left"]

names = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def rows(draw: st.DrawFn) -> list[list[str]]:
    numbers = draw(
        st.lists(
            st.from_regex(r"[A-Z]{1,3}-[0-9]{1,4}", fullmatch=True),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    today = timezone.localdate()
    out = []
    for number in numbers:
        joined = today - timedelta(days=draw(st.integers(min_value=20, max_value=3000)))
        status = draw(st.sampled_from(STATUSES))
        since = ""
        if status in ("suspended", "left"):
            since = (
                joined + timedelta(days=draw(st.integers(min_value=0, max_value=19)))
            ).isoformat()
        out.append(
            [
                number,
                draw(names),
                draw(st.sampled_from(CATEGORIES)),
                joined.isoformat(),
                status,
                since,
                draw(st.sampled_from(["yes", "no", ""])),
            ]
        )
    return out


def _csv(data: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["number", "name", "category", "joined_on", "status", "status_since", "legal_person"]
    )
    writer.writerows(data)
    return out.getvalue().encode()


def _state(governance: Governance) -> tuple[object, ...]:
    org = governance.personas.coop_a
    return (
        sorted(Member.objects.filter(organization=org).values_list()),
        sorted(MemberStatusChange.objects.filter(member__organization=org).values_list()),
        sorted(Member.history.filter(organization_id=org.pk).values_list("history_id")),
        AuditEntry.objects.filter(organization=org).count(),
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=rows())
def test_a_second_import_of_any_file_changes_nothing(
    governance: Governance, data: list[list[str]]
) -> None:
    org, alice = governance.personas.coop_a, governance.personas.alice
    content = _csv(data)
    Member.objects.filter(organization=org, number__in=[r[0] for r in data]).delete()
    first = register_import(organization=org, content=content, by=alice)
    assert sorted(first.added) == sorted(r[0] for r in data)
    after_first = _state(governance)

    second = register_import(organization=org, content=content, by=alice)

    assert not second.writes
    assert second.unchanged == len(data)
    assert _state(governance) == after_first


def test_the_export_imports_back_without_any_change(governance: Governance) -> None:
    # given a register with a suspension, a departure, a legal person and a name a
    # spreadsheet would take for a formula (exported with a protective quote)
    org, alice = governance.personas.coop_a, governance.personas.alice
    today = timezone.localdate()
    member_status_change(
        member=governance.members[3], status="suspended", on=today - timedelta(days=5), by=alice
    )
    member_status_change(
        member=governance.members[5], status="left", on=today - timedelta(days=9), by=alice
    )
    Member.objects.filter(pk=governance.members[4].pk).update(
        is_legal_person=True, representative_name="Ms Repr", name="=cmd|' /C calc'!A0"
    )
    before = _state(governance)

    # when
    exported = register_export_csv(org, by=alice)
    report = register_import(organization=org, content=exported.encode(), by=alice)

    # then
    assert "'=cmd|" in exported
    assert exported.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert not report.writes
    assert report.unchanged == len(governance.members)
    assert _state(governance) == before
