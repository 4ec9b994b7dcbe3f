"""The checks of the manifest: its shape, its hash, the college weights, the roll and the key
ceremony."""

from __future__ import annotations

from fractions import Fraction

from intercoop_tools.crypto.dkg import (
    DkgParameters,
    joint_public_key,
    verification_keys,
    verify_dealer_commitment,
)
from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.record.encoding import HASH_BYTES, hash_json
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.verify.report import Report, plural


def check_manifest(
    report: Report, manifest: Manifest, raw: object, stated_hash: bytes, *, version: int
) -> None:
    description = manifest.description

    def shape() -> str:
        description.check()
        return (
            f"{plural(len(description.questions), 'question')}, "
            f"{plural(len(description.colleges), 'college')}, "
            f"{description.threshold} of {description.trustees} trustees"
        )

    report.run("manifest", shape)
    computed = hash_json(raw)
    if computed == stated_hash:
        report.passed("manifest.hash", computed.hex())
    else:
        report.fail(
            "manifest.hash", f"stated {stated_hash.hex()}, SHA-256 of the manifest {computed.hex()}"
        )
    total = sum((c.weight for c in description.colleges), Fraction(0))
    if total == 1:
        weights = ", ".join(f"{c.id} {c.weight}" for c in description.colleges)
        report.passed("weights", f"sum to 1 ({weights})")
    else:
        report.fail("weights", f"the college weights sum to {total}, not 1")

    roll = manifest.roll
    known = {c.id for c in description.colleges}
    if roll.hash == bytes(HASH_BYTES):
        report.fail("roll", "the roll hash is missing (all zero)")
    seen: set[bytes] = set()
    for i, entry in enumerate(roll.credentials):
        if entry.credential in seen:
            report.fail("roll", f"credentials[{i}] is on the roll twice")
        seen.add(entry.credential)
        if entry.college not in known:
            report.fail("roll", f"credentials[{i}] is in an unknown college {entry.college!r}")
        # From version 2: sorted by key, so that their order cannot tell who holds which.
        if version >= 2 and i > 0 and entry.credential < roll.credentials[i - 1].credential:
            report.fail(
                "roll",
                f"credentials[{i}] comes before credentials[{i - 1}] in key order (the "
                "credentials must be sorted by key)",
            )
    if not report.failures["roll"]:
        order = ", sorted by key" if version >= 2 else " (version 1: order not checked)"
        report.passed(
            "roll",
            f"hash {roll.hash.hex()[:16]}…, {plural(len(seen), 'frozen credential')}{order}",
        )


def check_ceremony(report: Report, manifest: Manifest, params: DkgParameters) -> None:
    ceremony = manifest.ceremony
    # The description decodes strictly, so its re-encoding is the JSON as found in the record.
    description_hash = hash_json(manifest.description.to_json())
    if ceremony.context == description_hash:
        report.passed("ceremony.context", "the SHA-256 of the description")
    else:
        report.fail("ceremony.context", "the context is not the SHA-256 of the description")
    context = Context(ceremony.context)
    for i, commitment in enumerate(ceremony.commitments):
        if commitment.dealer != i + 1:
            report.fail("ceremony.proofs", f"commitments[{i}] is from dealer {commitment.dealer}")
            continue
        try:
            verify_dealer_commitment(params=params, commitment=commitment, context=context)
        except CryptoError as exc:
            report.fail("ceremony.proofs", str(exc))
    if report.failures["ceremony.proofs"]:
        report.fail("ceremony.verification_keys", "not checked: the commitments are invalid")
        report.fail("ceremony.joint_key", "not checked: the commitments are invalid")
        return
    report.passed("ceremony.proofs", f"{plural(params.trustees, 'dealer')}' proofs of knowledge")
    commitments = list(ceremony.commitments)
    vks = verification_keys(params=params, commitments=commitments)
    for j, stated in enumerate(ceremony.verification_keys, start=1):
        if vks[j] != stated:
            report.fail(
                "ceremony.verification_keys",
                f"trustee {j}'s key is not the one its Feldman commitments give",
            )
    if not report.failures["ceremony.verification_keys"]:
        report.passed("ceremony.verification_keys", "recomputed from the Feldman commitments")
    try:
        joint = joint_public_key(params=params, commitments=commitments)
    except CryptoError as exc:
        report.fail("ceremony.joint_key", str(exc))
        return
    if joint == ceremony.public_key:
        report.passed("ceremony.joint_key", "the sum of the dealers' constant terms")
    else:
        report.fail("ceremony.joint_key", "not the sum of the dealers' constant commitments")
