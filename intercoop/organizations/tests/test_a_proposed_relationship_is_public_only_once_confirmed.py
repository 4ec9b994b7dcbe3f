"""Alice, administrator of A, proposes that A is a member of B. Nothing public shows it until
Erin, administrator of B, confirms it; then every public view does: both profiles, the JSON-LD,
Murmurations, the API, the search by network, the members widget and the open data export."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import cast

from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from intercoop.accounts.models import User
from intercoop.conftest import Personas
from intercoop.organizations.models import Relationship
from intercoop.organizations.tests.conftest import client_of, propose_on_the_web

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def where_a_shows_as_member_of_b(client: Client, personas: Personas) -> dict[str, bool]:
    """Each public view, and whether it says that A is a member of B."""
    a, b = personas.coop_a, personas.coop_b
    a_url = reverse("organizations:detail", args=[a.slug])
    b_url = reverse("organizations:detail", args=[b.slug])
    a_page = client.get(a_url).content.decode()
    b_page = client.get(b_url).content.decode()
    page_data = json.loads(JSONLD.findall(a_page)[0])
    murmurations = client.get(reverse("murmurations:organization", args=[a.slug])).json()
    api_a = client.get(f"/api/v1/organizations/{a.pk}").json()
    api_b = client.get(f"/api/v1/organizations/{b.pk}").json()
    listed = client.get(f"/api/v1/organizations/{a.pk}/relationships").json()
    search = client.get("/api/v1/organizations", {"member_of": b.slug}).json()
    search_with_words = client.get("/api/v1/organizations", {"member_of": b.slug, "q": "co"})
    widget = client.get(reverse("directory:embed", args=[b.slug])).content.decode()
    export = client.get("/api/v1/exports/organizations.jsonld")
    streamed = cast(Iterable[bytes], cast(StreamingHttpResponse, export).streaming_content)
    graph = json.loads(b"".join(streamed))["@graph"]
    a_node = next(node for node in graph if node["name"] == a.name)
    return {
        "a_page": f'Member of <a href="{b_url}">{b.name}</a>' in a_page,
        "b_page": f'Has as member <a href="{a_url}">{a.name}</a>' in b_page,
        "page_jsonld": [m["name"] for m in page_data.get("memberOf", [])] == [b.name],
        "murmurations": len(murmurations.get("relationships", [])) == 1,
        "api_links_out": [link["slug"] for link in api_a["links_out"]] == [b.slug],
        "api_links_in": [link["slug"] for link in api_b["links_in"]] == [a.slug],
        "api_relationships": [r["object"]["slug"] for r in listed] == [b.slug],
        "search": [hit["slug"] for hit in search["results"]] == [a.slug],
        "search_with_words": [hit["slug"] for hit in search_with_words.json()["results"]]
        == [a.slug],
        "widget": a.name in widget,
        "export": [m["name"] for m in a_node.get("memberOf", [])] == [b.name],
    }


def test_the_membership_shows_nowhere_until_b_confirms_it_then_everywhere(
    personas: Personas, erin: User
) -> None:
    alice = personas.client_for("alice")
    visitor = Client()
    nowhere = dict.fromkeys(where_a_shows_as_member_of_b(visitor, personas), False)
    everywhere = dict.fromkeys(nowhere, True)

    # when Alice proposes it
    proposed = propose_on_the_web(alice, subject="coop-a", obj="coop-b")

    # then it waits, and is shown to nobody: not to a visitor, not to B's members
    assert proposed.status_code == 302
    relationship = Relationship.objects.get()
    assert (relationship.subject, relationship.predicate, relationship.object) == (
        personas.coop_a,
        Relationship.Predicate.MEMBER_OF,
        personas.coop_b,
    )
    assert relationship.confirmed_at is None
    assert relationship.proposed_by == personas.alice
    assert where_a_shows_as_member_of_b(visitor, personas) == nowhere
    assert where_a_shows_as_member_of_b(personas.client_for("charlie"), personas) == nowhere
    # A's administrators see their proposal waiting on their own page
    assert "Co-op B" in alice.get(reverse("organizations:relationships", args=["coop-a"])).text

    # when Erin, administrator of B, is told on B's page, and confirms it there
    erin_client = client_of(erin)
    b_profile = erin_client.get(reverse("organizations:detail", args=["coop-b"])).text
    b_page = erin_client.get(reverse("organizations:relationships", args=["coop-b"])).text
    confirm_url = reverse("organizations:relationship_confirm", args=["coop-b", relationship.pk])
    confirmed = erin_client.post(confirm_url)

    # then it is public, in every view
    assert "1 proposed relationship is waiting for your answer." in b_profile
    assert "Co-op A" in b_page
    assert f'action="{confirm_url}"' in b_page
    assert confirmed.status_code == 302
    relationship.refresh_from_db()
    assert relationship.confirmed_at is not None
    assert relationship.confirmed_by == erin
    assert where_a_shows_as_member_of_b(visitor, personas) == everywhere


def test_confirming_twice_changes_nothing(personas: Personas, erin: User) -> None:
    # given a confirmed relationship
    propose_on_the_web(personas.client_for("alice"), subject="coop-a", obj="coop-b")
    relationship = Relationship.objects.get()
    url = reverse("organizations:relationship_confirm", args=["coop-b", relationship.pk])
    client_of(erin).post(url)
    relationship.refresh_from_db()
    first = relationship.confirmed_at

    # when the form is sent again
    again = client_of(erin).post(url)

    # then
    assert again.status_code == 302
    relationship.refresh_from_db()
    assert relationship.confirmed_at == first
    assert relationship.history.count() == 2  # proposed, confirmed
