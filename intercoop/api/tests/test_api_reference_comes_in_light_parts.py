"""The API reference is split so that each page stays light: an index of every operation,
one page per tag with its operations and their "try it" forms, and one with the schemas."""

from __future__ import annotations

import pytest
from django.test import Client

from intercoop.api.api import api

pytestmark = pytest.mark.django_db


def test_the_index_lists_every_operation_and_links_to_its_part(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    schema = api.get_openapi_schema()
    for methods in schema["paths"].values():
        for op in methods.values():
            tag = op["tags"][0]
            assert f'href="?part={tag}#{op["operationId"]}"' in html
    assert 'name="operation"' not in html


def test_a_part_holds_its_operations_with_their_forms(client: Client) -> None:
    html = client.get("/api/v1/docs", {"part": "organizations"}).content.decode()
    assert 'id="organizations_list"' in html
    assert 'name="operation" value="organizations_list"' in html
    assert 'id="regions_list"' not in html
    schemas = client.get("/api/v1/docs", {"part": "schemas"}).content.decode()
    assert 'id="schema-OrganizationSearchOut"' in schemas


def test_an_unknown_part_is_not_found(client: Client) -> None:
    assert client.get("/api/v1/docs", {"part": "nothing"}).status_code == 404
