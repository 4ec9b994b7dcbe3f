from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from intercoop.core.errors import ServiceError
from intercoop.governance.models import AuditEntry, Meeting, Proxy
from intercoop.governance.services import meetings as services
from intercoop.governance.tests.conftest import Governance
from intercoop.testing.factories import MemberFactory


def test_a_member_holds_at_most_ten_proxies(governance: Governance, convened: Meeting) -> None:
    # given: Italian rules (Codice civile art. 2539), and eleven members who cannot attend
    governance.rules.colleges.all().delete()
    governance.rules.preset = "italy"
    governance.rules.max_proxies_per_holder = 10
    governance.rules.min_membership_days_to_vote = 90
    governance.rules.save()
    long_ago = timezone.localdate() - timedelta(days=400)
    grantors = [
        MemberFactory.create(organization=governance.personas.coop_a, joined_on=long_ago)
        for _ in range(11)
    ]
    holder = governance.alice_member
    for grantor in grantors[:10]:
        services.proxy_record(
            meeting=convened, by=governance.personas.alice, grantor=grantor, holder=holder
        )

    # when
    with pytest.raises(ServiceError) as refused:
        services.proxy_record(
            meeting=convened, by=governance.personas.alice, grantor=grantors[10], holder=holder
        )

    # then
    assert refused.value.code == "proxy_holder_full"
    assert refused.value.message == (
        "The holder already holds 10 proxies, the most these rules allow (10)."
    )
    assert Proxy.objects.filter(holder=holder, revoked_at=None).count() == 10
    assert AuditEntry.objects.filter(action="proxy.recorded").count() == 10


def test_a_revoked_proxy_frees_a_place(governance: Governance, convened: Meeting) -> None:
    governance.rules.colleges.all().delete()
    governance.rules.preset = "italy"
    governance.rules.max_proxies_per_holder = 1
    governance.rules.save()
    first, second = governance.members[2], governance.members[3]
    given = services.proxy_record(
        meeting=convened, by=governance.personas.alice, grantor=first, holder=governance.bob_member
    )

    services.proxy_revoke(proxy=given, by=governance.personas.alice)
    services.proxy_record(
        meeting=convened, by=governance.personas.alice, grantor=second, holder=governance.bob_member
    )

    assert list(Proxy.objects.filter(revoked_at=None).values_list("grantor", flat=True)) == [
        second.pk
    ]
    assert AuditEntry.objects.filter(action="proxy.revoked").count() == 1
