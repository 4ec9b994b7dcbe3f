from __future__ import annotations

import pytest
from django.urls import reverse

from intercoop.governance.models import Meeting
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.meetings.conftest import on_the_day

PAGES = ["meeting_list", "meeting_detail", "meeting_proxies", "meeting_attendance", "meeting_edit"]


@pytest.fixture
def in_session(governance: Governance, convened: Meeting) -> Meeting:
    services.proxy_record(
        meeting=convened,
        by=governance.personas.alice,
        grantor=governance.members[3],
        holder=governance.alice_member,
    )
    for member in (governance.alice_member, governance.bob_member):
        services.attendance_record(
            meeting=convened, by=governance.personas.alice, member=member, mode="in_person"
        )
    return services.meeting_open(
        meeting=convened, by=governance.personas.alice, now=on_the_day(convened)
    )


@pytest.mark.parametrize("page", PAGES)
def test_each_page_is_under_50_kb_without_inline_style_or_script(
    governance: Governance, in_session: Meeting, page: str
) -> None:
    args = ["coop-a"] if page == "meeting_list" else ["coop-a", in_session.pk]

    response = governance.personas.client_for("alice").get(reverse(f"governance:{page}", args=args))

    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 50_000
    assert "style=" not in html
    assert "<script" not in html
    if page != "meeting_edit":  # the pages in the meeting's navigation
        assert 'aria-current="page"' in html
