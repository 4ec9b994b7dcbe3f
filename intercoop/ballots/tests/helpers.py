"""Shared values for the ballot crypto tests."""

from __future__ import annotations

from dataclasses import dataclass

from intercoop_tools.crypto.dkg import (
    Dealer,
    DealerCommitment,
    DkgParameters,
    TrusteeKey,
    joint_public_key,
    trustee_key,
    verification_keys,
)
from intercoop_tools.crypto.group import Point
from intercoop_tools.crypto.transcript import Context, manifest_hash_of

MANIFEST_HASH = manifest_hash_of(b'{"election":"test"}')
OTHER_MANIFEST_HASH = manifest_hash_of(b'{"election":"other"}')
CONTEXT = Context(MANIFEST_HASH)

# Points of small order (from libsodium's list): identity, order 2, order 4, two of order 8.
SMALL_ORDER_POINTS = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
]


@dataclass(frozen=True)
class Ceremony:
    params: DkgParameters
    commitments: list[DealerCommitment]
    keys: dict[int, TrusteeKey]
    public_key: Point
    verification_keys: dict[int, Point]


def run_ceremony(trustees: int = 3, threshold: int = 2) -> Ceremony:
    """An honest ceremony, every check included."""
    params = DkgParameters(trustees=trustees, threshold=threshold)
    dealers = [Dealer.start(params=params, index=i) for i in range(1, trustees + 1)]
    commitments = [d.commitment(CONTEXT) for d in dealers]
    keys = {
        j: trustee_key(
            params=params,
            index=j,
            commitments=commitments,
            shares=[d.share_for(j) for d in dealers],
        )
        for j in range(1, trustees + 1)
    }
    return Ceremony(
        params,
        commitments,
        keys,
        joint_public_key(params=params, commitments=commitments),
        verification_keys(params=params, commitments=commitments),
    )
