"""The document loader serves the held contexts, byte for byte the published ones, under their
canonical URLs, and refuses any other URL by name: nothing is fetched from the network."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from intercoop.labels.tests.vectors import STANDARDS, load
from intercoop.labels.vc import loader
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.rdf import canonical_nquads

PUBLISHED = {
    "https://www.w3.org/ns/credentials/v2": "contexts/credentials-v2.jsonld",
    "https://www.w3.org/2018/credentials/v1": "contexts/credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/examples/v2": "contexts/credentials-examples-v2.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "contexts/ed25519-signature-2020-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": (
        "contexts/ob-v3p0-context-3.0.3.json"
    ),
}


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the credential core opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_every_held_context_is_the_published_file() -> None:
    assert set(loader.CONTEXT_FILES) == set(PUBLISHED)
    for url, published in PUBLISHED.items():
        held = loader.CONTEXTS_DIR / loader.CONTEXT_FILES[url]
        assert held.read_bytes() == (STANDARDS / published).read_bytes(), url
        assert loader.document_loader(url)["document"] == load(held)


def test_the_contexts_have_their_licences() -> None:
    names = {path.name for path in loader.CONTEXTS_DIR.iterdir()}
    assert {"LICENSE-w3c.md", "LICENSE-1EdTech-spec.md", "README.md"} <= names


@pytest.mark.parametrize(
    "url",
    [
        "https://w3id.org/citizenship/v4rc1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "http://www.w3.org/ns/credentials/v2",
        "https://example.com/context.jsonld",
    ],
)
def test_any_other_context_is_refused_by_name(url: str) -> None:
    document = {"@context": ["https://www.w3.org/ns/credentials/v2", url], "type": "x"}
    with pytest.raises(CredentialError) as refused:
        canonical_nquads(document)
    assert refused.value.code == "unknown_context"
    assert f"'{url}'" in refused.value.message


def test_a_held_context_given_to_pyld_is_not_changed_by_it() -> None:
    first = loader.document_loader(loader.VC_V2)["document"]
    first["@context"]["id"] = "changed"
    assert loader.document_loader(loader.VC_V2)["document"]["@context"]["id"] == "@id"
