"""Changing any single value of a signed credential, anywhere in the document or its proof,
makes verification fail: a value the contexts define breaks the signature (``bad_proof``); a
change that makes a term, type or context unknown, or the proof unusable, is refused for that
reason before any signature is checked."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from intercoop.labels.tests.vectors import EDDSA, OB3, load
from intercoop.labels.vc.dataintegrity import verify
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import ResolvedKey, resolve_did_key

Path_ = tuple[str | int, ...]

VECTORS: dict[str, Path] = {
    "eddsa-rdfc-2022": EDDSA / "eddsa-rdfc-2022/signedDataInt.json",
    "eddsa-jcs-2022": EDDSA / "eddsa-jcs-2022/signedJCS.json",
    "ob3": OB3 / "signed-ob3-credential.json",
}


def _ob3_key(verification_method: str) -> ResolvedKey:
    key_pair = load(OB3 / "keypair.json")
    if verification_method != key_pair["verificationMethod"]:
        return resolve_did_key(verification_method)
    return ResolvedKey(bytes.fromhex(key_pair["publicKeyHex"]), key_pair["controller"])


RESOLVERS: dict[str, Callable[[str], ResolvedKey]] = {
    "eddsa-rdfc-2022": resolve_did_key,
    "eddsa-jcs-2022": resolve_did_key,
    "ob3": _ob3_key,
}


def _leaves(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def _changed(document: Any, path: Path_) -> Any:
    changed = copy.deepcopy(document)
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = _one_character_changed(parent[path[-1]])
    return changed


def _one_character_changed(value: Any) -> Any:
    """The last digit changed, or a character more: the value stays of the same kind (a date
    stays a date, an IRI an IRI) unless it is a name the contexts define."""
    if not isinstance(value, str):
        return not value
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    if not digits:
        return value + "0"
    i = digits[-1]
    return value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1 :]


CASES = [
    pytest.param(name, path, id=f"{name}:{'.'.join(map(str, path))}")
    for name, file in VECTORS.items()
    for path in _leaves(load(file))
]


def _structural(path: Path_) -> bool:
    """Leaves whose change is refused before the signature: contexts, types, the proof's own
    kind, key and purpose, and its signature's encoding."""
    return (
        path[0] == "@context"
        or "type" in path
        or (path[0] == "proof" and path[-1] != "created")
        or "@context" in path
    )


@pytest.mark.parametrize(("name", "path"), CASES)
def test_changing_one_value_fails_verification(name: str, path: Path_) -> None:
    signed = load(VECTORS[name])
    verify(signed, resolve_key=RESOLVERS[name])  # the vector itself verifies
    with pytest.raises(CredentialError) as refused:
        verify(_changed(signed, path), resolve_key=RESOLVERS[name])
    if _structural(path):
        assert refused.value.code in {
            "bad_proof",
            "undefined_term",
            "unknown_context",
            "unsupported_proof",
            "unknown_key",
        }
    else:
        assert refused.value.code == "bad_proof", refused.value.message


def test_every_vector_has_many_signed_values() -> None:
    assert all(sum(1 for _ in _leaves(load(file))) >= 14 for file in VECTORS.values())
