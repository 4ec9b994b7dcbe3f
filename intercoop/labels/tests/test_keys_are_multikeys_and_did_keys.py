"""Ed25519 keys as Data Integrity writes them: Multikey public keys (z6Mk…), did:key
verification methods, and Multikey secret keys of 32 or 64 bytes."""

from __future__ import annotations

import pytest

from intercoop.labels.tests.vectors import EDDSA, OB3, load
from intercoop.labels.vc.errors import CredentialError
from intercoop.labels.vc.keys import (
    did_key,
    did_key_verification_method,
    public_key_of,
    resolve_did_key,
    secret_key_from_multibase,
    secret_key_multibase,
)
from intercoop.labels.vc.multibase import b58decode, b58encode, ed25519_multikey


def test_the_vector_key_pairs_decode_to_matching_halves() -> None:
    pair = load(EDDSA / "keyPair.json")
    seed = secret_key_from_multibase(pair["privateKeyMultibase"])
    assert ed25519_multikey(public_key_of(seed)) == pair["publicKeyMultibase"]
    assert secret_key_multibase(seed) == pair["privateKeyMultibase"]
    ob3 = load(OB3 / "keypair.json")
    seed = secret_key_from_multibase(ob3["secretKeyMultibase"])
    assert public_key_of(seed).hex() == ob3["publicKeyHex"]


def test_a_did_key_verification_method_resolves_to_its_key() -> None:
    public = public_key_of(bytes(32))
    method = did_key_verification_method(public)
    assert method == f"{did_key(public)}#{ed25519_multikey(public)}"
    resolved = resolve_did_key(method)
    assert resolved.public_key == public
    assert resolved.controller == did_key(public)


@pytest.mark.parametrize(
    "method",
    [
        "https://example.edu/issuers/565049#key-1",
        "did:web:example.coop#key-1",
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#key-1",
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
    ],
)
def test_other_verification_methods_are_unknown_keys(method: str) -> None:
    with pytest.raises(CredentialError) as refused:
        resolve_did_key(method)
    assert refused.value.code == "unknown_key"


def test_a_secret_key_whose_public_half_is_not_its_own_is_refused() -> None:
    pair = load(OB3 / "keypair.json")
    seed = bytes.fromhex(pair["privateKeyHex"])[:32]
    wrong = seed + public_key_of(bytes(32))
    with pytest.raises(CredentialError) as refused:
        secret_key_from_multibase(secret_key_multibase(wrong))
    assert refused.value.code == "malformed"


@pytest.mark.parametrize("data", [b"", b"\0", b"\0\0\x01", bytes(range(256))])
def test_base58btc_round_trips_leading_zeros(data: bytes) -> None:
    assert b58decode(b58encode(data)) == data
