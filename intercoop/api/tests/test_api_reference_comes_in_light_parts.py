"""The API reference is split so that each page stays light: an index of every operation,
one page per tag with its operations and their "try it" forms, and one with the schemas."""

from __future__ import annotations

import pytest
from django.test import Client

from intercoop.api.api import api
from intercoop.api.docs import SCHEMAS_PER_PART

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
    assert 'id="schema-' in schemas


def test_every_schema_is_on_one_light_part_that_the_operations_link_to(client: Client) -> None:
    names = list(api.get_openapi_schema()["components"]["schemas"])
    index = client.get("/api/v1/docs").content.decode()
    # One part per SCHEMAS_PER_PART schemas, the last one perhaps not full (80 make two parts).
    count = -(-len(names) // SCHEMAS_PER_PART)
    parts = ["schemas"] + [f"schemas-{n}" for n in range(2, count + 1)]
    pages = {part: client.get("/api/v1/docs", {"part": part}) for part in parts}

    for part, page in pages.items():
        assert f'href="?part={part}"' in index
        assert page.status_code == 200 and len(page.content) < 50_000, part
    for name in names:
        holding = [p for p, page in pages.items() if f'id="schema-{name}"' in page.content.decode()]
        assert len(holding) == 1, name
    body = client.get("/api/v1/docs", {"part": "cycles"}).content.decode()
    (cycle_in,) = [p for p, page in pages.items() if 'id="schema-CycleIn"' in page.content.decode()]
    assert f'href="?part={cycle_in}#schema-CycleIn"' in body


def test_an_unknown_part_is_not_found(client: Client) -> None:
    assert client.get("/api/v1/docs", {"part": "nothing"}).status_code == 404
