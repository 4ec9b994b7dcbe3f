"""Django's flush (every transactional and browser test ends with one) empties the count tables
and then the organizations, whose delete triggers wrote negative counts on SQLite: the next
test's co-ops were then counted short (4 counted as 2). After a flush, no count is left."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from intercoop.directory.models import FacetCount, RegionCount
from intercoop.testing.factories import OrganizationFactory


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_new_organizations_are_counted_from_zero(client: Client) -> None:
    # given two co-ops, flushed away as at the end of a browser test
    OrganizationFactory.create_batch(2, country="GB", region="Devon")
    call_command("flush", interactive=False, verbosity=0)
    assert not FacetCount.objects.exclude(count=0).exists()
    assert not RegionCount.objects.exclude(count=0).exists()

    # when four co-ops come
    OrganizationFactory.create_batch(4, country="GB", region="Devon")

    # then the directory and the region count four
    html = client.get("/en/directory/").content.decode()
    assert "4 organizations found" in html
    assert "4 organizations in this country." in client.get("/en/regions/GB/").content.decode()
