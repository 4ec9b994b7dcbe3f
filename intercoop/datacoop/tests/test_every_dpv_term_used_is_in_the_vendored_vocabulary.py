"""Every DPV term the data co-operative writes exists in the vendored DPV material, read from
disk (``../shared/standards/dpv-27560``: the DPV 2.2 consent modules, the DPV schema of the
ISO/IEC TS 27560 profile, and the guide's examples of that profile), nothing fetched: each
purpose of the table, and every property, type and IRI of a receipt, expanded as JSON-LD.

The vendored .ttl files are DPV's consent modules: they define the consent statuses and types,
not the purposes nor the record's properties (``dpv:hasPurpose``, ``dpv:ConsentRecord``), which
the profile's guide uses. A term counts as DPV's if a .ttl file names it or the guide uses it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

import intercoop
from intercoop.conftest import Personas
from intercoop.datacoop import dpv
from intercoop.datacoop.models import ConsentRecord, DatasetPurpose
from intercoop.datacoop.selectors.consents import history
from intercoop.datacoop.selectors.receipts import receipt
from intercoop.datacoop.services.consents import consent_withdraw, consents_review
from intercoop.datacoop.tests.world import build

DPV_27560 = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/dpv-27560"
PREFIXED = re.compile(r"(?<![\w:/#-])([a-z][a-z0-9-]*):([A-Za-z][\w-]*)")


@cache
def prefixes() -> dict[str, str]:
    found: dict[str, str] = {}
    for ttl in sorted(DPV_27560.glob("*.ttl")):
        for prefix, iri in re.findall(r"@prefix\s+([\w-]*):\s*<([^>]+)>", ttl.read_text()):
            found.setdefault(prefix, iri)
    return found


@cache
def vocabulary() -> frozenset[str]:
    """Every full IRI a vendored .ttl file names with a known prefix, or the guide uses."""
    known = prefixes()
    names: set[str] = set()
    for ttl in DPV_27560.glob("*.ttl"):
        text = ttl.read_text()
        names.update(re.findall(r"<(https://w3id\.org/dpv[^>]*)>", text))
        for prefix, local in PREFIXED.findall(text):
            if prefix in known:
                names.add(known[prefix] + local)
    guide = json.dumps(json.loads((DPV_27560 / "guide-consent-27560-examples.json").read_text()))
    for prefix, local in PREFIXED.findall(guide):
        if prefix in known:
            names.add(known[prefix] + local)
    return frozenset(names)


def expand(term: str) -> str:
    prefix, local = term.split(":", 1)
    return prefixes()[prefix] + local


def test_the_vendored_files_are_read() -> None:
    assert expand("dpv:ConsentGiven") in vocabulary()
    assert expand("dpv:hasConsentStatus") in vocabulary()
    assert expand("dpv:NoSuchTerm") not in vocabulary()
    # The context's prefixes are those the vendored files declare.
    for prefix, iri in dpv.CONTEXT.items():
        assert prefixes()[prefix] == iri


@pytest.mark.parametrize("term", [*dpv.PURPOSES, *DatasetPurpose.Term.values])
def test_each_purpose_is_a_dpv_term(term: str) -> None:
    assert expand(term) in vocabulary(), term


def test_the_statuses_and_profiles_are_dpv_terms() -> None:
    for term in (dpv.GIVEN, dpv.RENEWED, dpv.WITHDRAWN, dpv.EXPIRED, dpv.EXPLICIT):
        assert expand(term) in vocabulary(), term
    for profile in (dpv.RECORD_PROFILE, dpv.RECEIPT_PROFILE):
        assert profile in vocabulary(), profile


def _iris(node: Any, found: set[str]) -> None:
    """Every property, type, datatype and IRI value of expanded JSON-LD."""
    if isinstance(node, list):
        for item in node:
            _iris(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                found.update(value if isinstance(value, list) else [value])
            elif key == "@id":
                found.add(value)
            elif not key.startswith("@"):
                found.add(key)
                _iris(value, found)


def test_every_term_of_a_receipt_is_a_dpv_term(personas: Personas, db: None) -> None:
    world = build(personas)
    consent_withdraw(purpose=world.analytics, member=personas.bob)
    record = ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob)
    document = receipt(record)

    expanded = jsonld.expand(document)
    found: set[str] = set()
    _iris(expanded, found)

    ours = {
        iri
        for iri in found
        if not iri.startswith(("http://testserver", "http://127.0.0.1", "urn:uuid:"))
        and "/orgs/" not in iri
    }
    unknown = sorted(iri for iri in ours if iri not in vocabulary())
    assert not unknown, unknown
    assert expand("dpv:ConsentReceipt") in found
    assert expand("dpv:hasPurpose") in found


def test_a_receipt_has_the_guide_s_shape(personas: Personas, db: None) -> None:
    world = build(personas)
    record = ConsentRecord.objects.get(purpose=world.analytics, member=personas.bob)
    given = history(record)[0]
    consents_review(now=given.at.replace(year=given.at.year + 2))

    document = receipt(record)

    guide = json.loads((DPV_27560 / "guide-consent-27560-examples.json").read_text())
    (example,) = [
        g
        for g in guide
        if g.get("@type") == "dpv:ConsentReceipt"
        and "dpv:hasRecordOfActivity" in g
        and g.get("dct:conformsTo") == dpv.RECEIPT_PROFILE
    ]
    for key in ("@id", "@type", "dct:identifier", "dct:conformsTo", "dct:created"):
        assert key in document
    assert document["dct:conformsTo"] == {"@id": dpv.RECEIPT_PROFILE}
    inner = document["dpv:hasRecordOfActivity"]
    shared = set(example["dpv:hasRecordOfActivity"]) & set(inner)
    assert {
        "@type",
        "dct:identifier",
        "dct:conformsTo",
        "dpv:hasDataSubject",
        "dpv:hasDataController",
        "dpv:hasProcess",
        "dpv:hasConsentControl",
        "dpv:hasNotice",
        "dpv:hasConsentStatus",
    } <= shared
    assert inner["dct:conformsTo"] == {"@id": dpv.RECORD_PROFILE}
    assert [s["@type"][0] for s in inner["dpv:hasConsentStatus"]] == [dpv.GIVEN, dpv.EXPIRED]
    assert inner["dpv:hasProcess"]["dpv:hasPurpose"]["skos:broader"] == {"@id": "dpv:Analytics"}
    assert personas.bob.email not in json.dumps(document)
