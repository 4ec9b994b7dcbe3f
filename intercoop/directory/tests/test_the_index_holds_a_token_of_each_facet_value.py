"""The full-text index holds a token of each facet value (search.tokens), written by the
database's triggers, so a search with words narrows by facets inside the index. The Python
tokens and the triggers' SQL must agree exactly: a value whose token differed would make words
and that facet find nothing. Checked in the index itself, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from intercoop.directory.search import planner
from intercoop.directory.search.query import parse
from intercoop.directory.search.service import search
from intercoop.directory.search.tokens import FACET_TOKEN_PREFIX, facet_token
from intercoop.organizations import places
from intercoop.organizations.models import Offer, Organization

pytestmark = pytest.mark.django_db

VALUES = {
    "activity": "ICA260",
    "structure": "OS130",
    "membership_type": "BMT10",
    "legal_form": "Société coopérative d'intérêt collectif (SCIC)",
    "kind": "coop",
    "region": "Île-de-France",
    "country": "FR",
}


def indexed(org_id: int, token: str) -> bool:
    """Whether the index finds the organization by this token alone."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The rowid is the search key, whose low bits are the id (places.search_key).
            cursor.execute(
                "SELECT rowid & %s FROM directory_search_fts WHERE directory_search_fts MATCH %s",
                [places.ID_MASK, f'cells : "{token}"'],
            )
        else:
            cursor.execute(
                "SELECT id FROM directory_search_row WHERE document @@ to_tsquery('simple', %s)",
                [token],
            )
        return org_id in {row[0] for row in cursor.fetchall()}


def test_every_facet_value_has_its_token_in_the_index() -> None:
    assert set(VALUES) == set(FACET_TOKEN_PREFIX)
    org = Organization.objects.create(name="Boulangerie", slug="boulangerie", **VALUES)
    Organization.objects.create(name="Other", slug="other", activity="ICA261", country="BE")
    for facet, value in VALUES.items():
        assert indexed(org.pk, facet_token(facet, value)), facet
        # A token stands for its value only: another value, or the same under another facet,
        # does not find it.
        assert not indexed(org.pk, facet_token(facet, value + "0")), facet
    assert not indexed(org.pk, facet_token("structure", VALUES["activity"]))


def test_the_tokens_follow_a_change_of_facet_value_and_of_offers() -> None:
    org = Organization.objects.create(name="Boulangerie", slug="boulangerie", **VALUES)
    org.activity = "ICA310"
    org.legal_form = ""
    org.save()
    assert indexed(org.pk, facet_token("activity", "ICA310"))
    assert not indexed(org.pk, facet_token("activity", "ICA260"))
    assert not indexed(org.pk, facet_token("legal_form", VALUES["legal_form"]))
    # Offers rewrite the document; the facet tokens stay in it.
    Offer.objects.create(organization=org, text="Pain au levain", tags="bread")
    assert indexed(org.pk, facet_token("activity", "ICA310"))
    assert indexed(org.pk, facet_token("region", VALUES["region"]))


def test_words_and_facets_find_through_the_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    org = Organization.objects.create(name="Boulangerie du coin", slug="coin", **VALUES)
    Organization.objects.create(
        name="Boulangerie voisine", slug="voisine", **{**VALUES, "legal_form": "SCOP"}
    )
    params = {
        "q": ["boulangerie"],
        "legal_form": [VALUES["legal_form"]],
        "region": ["Île-de-France"],
    }
    # On SQLite the tokens are used from this many matches of the words (2 here).
    monkeypatch.setattr(planner, "FACET_TOKENS_FROM", 1)
    result = search(parse(params))
    assert [o.pk for o in result.organizations] == [org.pk]
    assert "facet tokens" in result.explain
    # With fewer matches of the words than the threshold, SQLite checks the facets on the rows
    # only, and finds the same; PostgreSQL always uses the tokens.
    monkeypatch.setattr(planner, "FACET_TOKENS_FROM", 3)
    again = search(parse(params))
    assert [o.pk for o in again.organizations] == [org.pk]
    assert ("facet tokens" in again.explain) == (connection.vendor == "postgresql")
