"""A CSV import with any bad row writes nothing, and names every bad row by its line number
and the reason; a good file is imported whole."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Member, MemberStatusChange
from intercoop.governance.services.register import (
    MAX_IMPORT_BYTES,
    ImportRefused,
    register_import,
)
from intercoop.governance.tests.conftest import Governance

HEADER = "number,name,email,category,joined_on,status,status_since\n"


def _state(governance: Governance) -> tuple[object, ...]:
    org = governance.personas.coop_a
    return (
        sorted(Member.objects.filter(organization=org).values_list()),
        MemberStatusChange.objects.count(),
        AuditEntry.objects.filter(organization=org).count(),
    )


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(
    governance: Governance,
) -> None:
    # given a file whose lines 2 and 6 are good and the others each wrong in one way
    existing = governance.members[2].number
    content = (
        HEADER
        + "N-1,Good One,,worker,2024-01-10,,\n"  # line 2: good
        + "N-2,Bad Date,,worker,10/01/2024,,\n"  # line 3
        + "N-3,Bad Category,,astronaut,2024-01-10,,\n"  # line 4
        + "N-1,Same Number,,worker,2024-01-10,,\n"  # line 5: N-1 is on line 2
        + f"{existing},Updated Name,,worker,2020-01-01,,\n"  # line 6: good (an update)
        + "N-4,,,worker,2024-01-10,,\n"  # line 7: no name
        + "N-5,Bad Mail,not-an-email,user,2024-01-10,,\n"  # line 8
        + "N-6,Bad Status,,user,2024-01-10,gone,\n"  # line 9
        + "N-7,Left No Date,,user,2024-01-10,left,\n"  # line 10: status without a date
    ).encode()
    before = _state(governance)

    # when
    with pytest.raises(ImportRefused) as refused:
        register_import(
            organization=governance.personas.coop_a, content=content, by=governance.personas.alice
        )

    # then
    lines = [line for line, _ in refused.value.errors]
    assert lines == [3, 4, 5, 7, 8, 9, 10]
    reasons = dict(refused.value.errors)
    assert "10/01/2024" in reasons[3] and "YYYY-MM-DD" in reasons[3]
    assert "astronaut" in reasons[4]
    assert "line 2" in reasons[5]
    assert "name is missing" in reasons[7]
    assert "not-an-email" in reasons[8]
    assert "gone" in reasons[9]
    assert "status_since" in reasons[10]
    assert _state(governance) == before


def test_the_page_lists_the_bad_lines_and_writes_nothing(governance: Governance) -> None:
    content = HEADER + "N-1,Good,,worker,2024-01-10,,\nN-2,Bad,,worker,2024-13-40,,\n"
    before = _state(governance)

    response = governance.personas.client_for("alice").post(
        reverse("governance:members_import", args=[governance.personas.coop_a.slug]),
        {"file": SimpleUploadedFile("m.csv", content.encode()), "action": "import"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "<td>3</td>" in page
    assert "2024-13-40" in page
    assert _state(governance) == before


def test_a_good_file_is_imported_whole_and_audited(governance: Governance) -> None:
    today = timezone.localdate()
    left_on = today - timedelta(days=10)
    content = (
        HEADER
        + "N-1,New Worker,nw@example.org,worker,2024-01-10,,\n"
        + f"N-2,Former,,user,2023-05-01,left,{left_on.isoformat()}\n"
    ).encode()

    report = register_import(
        organization=governance.personas.coop_a, content=content, by=governance.personas.alice
    )

    assert report.applied
    assert sorted(report.added) == ["N-1", "N-2"]
    former = Member.objects.get(organization=governance.personas.coop_a, number="N-2")
    assert (former.status, former.left_on) == ("left", left_on)
    assert list(former.status_changes.values_list("on", "status")) == [(left_on, "left")]
    entry = AuditEntry.objects.filter(organization=governance.personas.coop_a).last()
    assert entry is not None
    assert entry.action == "register.imported"
    assert (entry.data["added"], entry.data["changed"]) == (2, 0)


def test_a_preview_reports_the_changes_and_writes_nothing(governance: Governance) -> None:
    content = (HEADER + "N-1,New Worker,,worker,2024-01-10,,\n").encode()
    before = _state(governance)

    report = register_import(
        organization=governance.personas.coop_a,
        content=content,
        by=governance.personas.alice,
        dry_run=True,
    )

    assert report.added == ["N-1"]
    assert not report.applied
    assert _state(governance) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"number,name,category\n", "Missing columns: joined_on"),
        (b"number,name,category,joined_on,shoe_size\n", "Unknown columns: shoe_size"),
        (
            "number,name,category,joined_on\nN-1,Jos\xe9,worker,2024-01-01\n".encode("latin-1"),
            "UTF-8",
        ),
        (b"number,name,category,joined_on\nN-1,x,worker\n", "3 cells"),
        (b"number,name,category,joined_on\n", "no member"),
    ],
)
def test_malformed_files_are_refused_clearly(
    governance: Governance, content: bytes, reason: str
) -> None:
    before = _state(governance)

    with pytest.raises(ImportRefused) as refused:
        register_import(
            organization=governance.personas.coop_a, content=content, by=governance.personas.alice
        )

    assert any(reason in message for _, message in refused.value.errors), refused.value.errors
    assert _state(governance) == before


def test_a_file_over_the_size_limit_is_refused(governance: Governance) -> None:
    content = HEADER.encode() + b"x" * MAX_IMPORT_BYTES

    with pytest.raises(ServiceError) as refused:
        register_import(
            organization=governance.personas.coop_a, content=content, by=governance.personas.alice
        )

    assert refused.value.code == "import_too_large"
