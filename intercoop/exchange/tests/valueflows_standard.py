"""The Valueflows material the tests read: the vocabulary (all_vf.ttl), its JSON Schemas and its
worked examples, from the standards copied beside the checkout (../shared/standards/valueflows),
never from the network."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource

import intercoop

VALUEFLOWS = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/valueflows"
EXAMPLES = sorted((VALUEFLOWS / "examples").glob("*.jsonld"))
VF = "https://w3id.org/valueflows/ont/vf#"


def example(stem: str) -> Any:
    return json.loads((VALUEFLOWS / "examples" / f"{stem}.jsonld").read_text())


@cache
def ttl_statements() -> dict[str, str]:
    """Each ``vf:`` subject of all_vf.ttl and the text of its statement (up to the closing dot),
    read with a regex: a subject starts a line, a statement ends with `` .`` or ``.`` alone at the
    end of a line, outside string literals (which in this file hold no line breaks)."""
    text = (VALUEFLOWS / "all_vf.ttl").read_text()
    statements: dict[str, str] = {}
    for match in re.finditer(r"^vf:(\w+)\b(.*?)\s\.\s*$", text, re.M | re.S):
        statements.setdefault(match[1], match[2])
    return statements


@cache
def ttl_terms() -> frozenset[str]:
    """Every name the vocabulary defines as a subject (classes, properties, individuals)."""
    text = (VALUEFLOWS / "all_vf.ttl").read_text()
    return frozenset(re.findall(r"^vf:(\w+)\b", text, re.M))


def ttl_kind(term: str) -> set[str]:
    """The ``a`` types of a vocabulary term: owl:Class, owl:ObjectProperty, vf:Action…"""
    head = ttl_statements()[term].split(";")[0]
    return set(re.findall(r"(?:owl|vf):\w+", head))


def _rfc3339(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
        return False
    datetime.fromisoformat(value)
    return True


@cache
def _registry() -> Registry:
    resources = []
    for path in (VALUEFLOWS / "json-schemas").glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def schema_errors(vf_class: str, instance: Any) -> list[str]:
    """What keeps ``instance`` from validating against the Valueflows schema of ``vf_class``,
    references followed to the other schemas, ``date-time`` checked as RFC 3339."""
    schema = json.loads((VALUEFLOWS / "json-schemas" / f"{vf_class}.json").read_text())
    checker = FormatChecker()
    checker.checks("date-time")(_rfc3339)
    validator = Draft7Validator(schema, registry=_registry(), format_checker=checker)
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(instance)]
