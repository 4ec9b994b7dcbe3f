"""The peer side of the verifiable ballots' benchmark: an ElectionGuard 1.4.0 election of N
ballots, and its verification, timed.

This script runs ONLY inside the separate ElectionGuard venv (never a dependency of Intercoop).
ElectionGuard 1.4.0 does not import on Python 3.11 (a dataclass in ``electionguard.tally`` has a
mutable default, which 3.11 rejects), so the venv uses Python 3.10:

    /root/.pyenv/versions/3.10.13/bin/python -m venv /work/bench-venvs/electionguard
    /work/bench-venvs/electionguard/bin/pip install electionguard==1.4.0 hypothesis dacite==1.6.0

(``hypothesis`` only because ``electionguard_tools``, whose key-ceremony and decryption helpers
we use, imports it; ``dacite`` 1.6.0 because with dacite 1.9 ElectionGuard 1.4.0 cannot read
back its own manifest JSON.) ``bench/ballots_vs_electionguard.py --make-peer-venv`` does this.

The election: 5 guardians, quorum 3; one contest of 5 selections, ``votes_allowed`` 5 (each
selection 0 or 1, between 0 and 5 selected: our ``QuestionSpec(5, 0, 5)``); each ballot selects a
random subset; every ballot is cast (ElectionGuard has no revoting); 2 guardians are absent at
decryption, so their shares are compensated by the 3 present (as in ``intercoop
simulate-election --absent 2``). The ElectionGuard standard 4096-bit group.

Subcommands (each prints one JSON line of timings on stdout):

* ``probe --repeat R``: medians of encrypting one ballot (without and with ElectionGuard's own
  proof self-check), verifying one ballot, adding one ballot to the tally.
* ``generate --ballots N --jobs J --out DIR``: the election, record written to DIR:
  ``manifest.json context.json constants.json guardians.json encrypted_tally.json tally.json``
  (ElectionGuard's own JSON via ``electionguard.serialize``) and ``submitted_ballots.jsonl.gz``
  (one ``SubmittedBallot`` per line, ElectionGuard JSON, gzip: one file rather than
  ElectionGuard's one-file-per-ballot export, which at 100k would be 100k files).
* ``verify DIR --jobs J``: the most complete verification ElectionGuard 1.4.0 itself provides,
  applied to the whole record (1.4.0 ships no standalone record verifier): see ``verify``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import statistics
import sys
import time
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from electionguard.ballot import (
    BallotBoxState,
    PlaintextBallot,
    PlaintextBallotContest,
    PlaintextBallotSelection,
    SubmittedBallot,
)
from electionguard.ballot_box import submit_ballot
from electionguard.ballot_validator import ballot_is_valid_for_election
from electionguard.constants import ElectionConstants, get_constants
from electionguard.data_store import DataStore
from electionguard.decrypt_with_shares import decrypt_selection_with_decryption_shares
from electionguard.decryption import (
    compute_lagrange_coefficients_for_guardians,
    compute_recovery_public_key,
)
from electionguard.decryption_mediator import DecryptionMediator
from electionguard.election import CiphertextElectionContext, make_ciphertext_election_context
from electionguard.elgamal import ElGamalCiphertext, elgamal_add, elgamal_combine_public_keys
from electionguard.encrypt import EncryptionDevice, encrypt_ballot, generate_device_uuid
from electionguard.group import ONE_MOD_P, mult_p, pow_p
from electionguard.guardian import GuardianRecord
from electionguard.hash import hash_elems
from electionguard.key_ceremony import CeremonyDetails, ElectionPublicKey
from electionguard.key_ceremony_mediator import KeyCeremonyMediator
from electionguard.manifest import (
    BallotStyle,
    Candidate,
    CandidateContestDescription,
    ElectionType,
    GeopoliticalUnit,
    InternalManifest,
    Manifest,
    ReportingUnitType,
    SelectionDescription,
    SpecVersion,
    VoteVariationType,
)
from electionguard.serialize import from_file, from_raw, to_file, to_raw
from electionguard.tally import CiphertextTally, PlaintextTally, PublishedCiphertextTally
from electionguard.utils import get_optional
from electionguard_tools.helpers.key_ceremony_orchestrator import KeyCeremonyOrchestrator
from electionguard_tools.helpers.tally_ceremony_orchestrator import TallyCeremonyOrchestrator

# ElectionGuard logs every encryption at INFO to stderr (with 4096-bit values); keep warnings
# (which is where failed checks are reported) and drop the rest.
logging.getLogger("electionguard").setLevel(logging.WARNING)

GUARDIANS = 5
QUORUM = 3
SELECTIONS = 5
CONTEST_ID = "projects"
STYLE_ID = "style-1"
UNIT_ID = "unit-1"
BALLOTS_FILE = "submitted_ballots.jsonl.gz"


def build_manifest() -> Manifest:
    """One approval contest of SELECTIONS options, 0 to SELECTIONS approved."""
    selections = [
        SelectionDescription(f"option-{i}", i, f"candidate-{i}") for i in range(SELECTIONS)
    ]
    contest = CandidateContestDescription(
        CONTEST_ID,
        0,
        UNIT_ID,
        VoteVariationType.approval,
        SELECTIONS,  # number_elected
        SELECTIONS,  # votes_allowed
        "Which projects should be funded?",
        selections,
    )
    style = BallotStyle(STYLE_ID)
    style.geopolitical_unit_ids = [UNIT_ID]
    return Manifest(
        election_scope_id="intercoop-benchmark",
        spec_version=SpecVersion.EG1_0,
        type=ElectionType.unknown,
        start_date=datetime(2026, 11, 29),  # noqa: DTZ001 -- as ElectionGuard samples do
        end_date=datetime(2026, 11, 30),  # noqa: DTZ001
        geopolitical_units=[GeopoliticalUnit(UNIT_ID, "Unit", ReportingUnitType.unknown)],
        parties=[],
        candidates=[Candidate(f"candidate-{i}") for i in range(SELECTIONS)],
        contests=[contest],
        ballot_styles=[style],
    )


def plaintext_ballot(ballot_id: str, rng: random.Random) -> PlaintextBallot:
    votes = [rng.randint(0, 1) for _ in range(SELECTIONS)]
    return PlaintextBallot(
        ballot_id,
        STYLE_ID,
        [
            PlaintextBallotContest(
                CONTEST_ID,
                [PlaintextBallotSelection(f"option-{i}", v) for i, v in enumerate(votes)],
            )
        ],
    )


def key_ceremony(manifest: Manifest) -> tuple[list[Any], InternalManifest, Any]:
    details = CeremonyDetails(GUARDIANS, QUORUM)
    guardians = KeyCeremonyOrchestrator.create_guardians(details)
    mediator = KeyCeremonyMediator("key-ceremony", details)
    KeyCeremonyOrchestrator.perform_full_ceremony(guardians, mediator)
    joint = get_optional(mediator.publish_joint_key())
    internal = InternalManifest(manifest)
    context = make_ciphertext_election_context(
        GUARDIANS, QUORUM, joint.joint_public_key, joint.commitment_hash, manifest.crypto_hash()
    )
    return guardians, internal, context


def _median_ms(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def probe(repeat: int) -> dict[str, Any]:
    manifest = build_manifest()
    _guardians, internal, context = key_ceremony(manifest)
    seed = EncryptionDevice(generate_device_uuid(), 1, 1, "probe").get_hash()
    rng = random.Random(1)  # noqa: S311 -- the voter's choices, not a key
    ballot = plaintext_ballot("b-0", rng)
    encrypted = get_optional(encrypt_ballot(ballot, internal, context, seed))
    submitted = submit_ballot(encrypted, BallotBoxState.CAST)
    tally = [s.ciphertext for s in submitted.contests[0].ballot_selections[:SELECTIONS]]

    def add_one() -> object:
        return [
            elgamal_add(t, s.ciphertext)
            for t, s in zip(
                tally, submitted.contests[0].ballot_selections[:SELECTIONS], strict=True
            )
        ]

    return {
        "peer": "electionguard 1.4.0",
        "repeat": repeat,
        "encrypt_ms": _median_ms(lambda: encrypt_ballot(ballot, internal, context, seed), repeat),
        "encrypt_self_check_ms": _median_ms(
            lambda: encrypt_ballot(ballot, internal, context, seed, should_verify_proofs=True),
            repeat,
        ),
        "verify_ballot_ms": _median_ms(
            lambda: ballot_is_valid_for_election(submitted, internal, context, True), repeat
        ),
        "tally_add_ms": _median_ms(add_one, repeat),
        "ciphertexts_per_ballot": len(submitted.contests[0].ballot_selections),
    }


# --- generation -------------------------------------------------------------------------------

_W: dict[str, Any] = {}


def _init_worker(manifest_raw: str, context_raw: str) -> None:
    manifest = from_raw(Manifest, manifest_raw)
    _W["internal"] = InternalManifest(manifest)
    _W["context"] = from_raw(CiphertextElectionContext, context_raw)
    _W["manifest"] = manifest


def _encrypt_chunk(args: tuple[int, int, int]) -> tuple[list[str], list[list[int]]]:
    """Encrypt ballots [start, stop) and cast them; returns their JSON and plaintext votes."""
    start, stop, seed = args
    rng = random.Random(seed * 1_000_003 + start)  # noqa: S311 -- choices, not keys
    device = EncryptionDevice(generate_device_uuid(), 1, 1, f"device-{start}")
    code_seed = device.get_hash()
    lines, votes = [], []
    for n in range(start, stop):
        plain = plaintext_ballot(f"ballot-{n}", rng)
        encrypted = get_optional(encrypt_ballot(plain, _W["internal"], _W["context"], code_seed))
        code_seed = get_optional(encrypted.code)
        lines.append(to_raw(submit_ballot(encrypted, BallotBoxState.CAST)))
        votes.append([s.vote for s in plain.contests[0].ballot_selections])
    return lines, votes


def _chunks(n: int, size: int) -> list[tuple[int, int]]:
    return [(i, min(i + size, n)) for i in range(0, n, size)]


def generate(ballots: int, jobs: int, out: Path, seed: int) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    manifest = build_manifest()
    guardians, internal, context = key_ceremony(manifest)
    timings["key_ceremony_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    manifest_raw, context_raw = to_raw(manifest), to_raw(context)
    work = [(a, b, seed) for a, b in _chunks(ballots, 50)]
    expected = [0] * SELECTIONS
    submitted: list[SubmittedBallot] = []
    with gzip.open(out / BALLOTS_FILE, "wt", encoding="utf-8", compresslevel=1) as fh:
        if jobs == 1:
            _init_worker(manifest_raw, context_raw)
            results = map(_encrypt_chunk, work)
            for lines, votes in results:
                _consume(lines, votes, fh, expected, submitted)
        else:
            with get_context("fork").Pool(
                jobs, initializer=_init_worker, initargs=(manifest_raw, context_raw)
            ) as pool:
                for lines, votes in pool.imap(_encrypt_chunk, work):
                    _consume(lines, votes, fh, expected, submitted)
    timings["encrypt_and_cast_s"] = time.perf_counter() - t0

    # Tally: ElectionGuard's own homomorphic tally (no re-validation: the ballots were just made).
    t0 = time.perf_counter()
    store: DataStore = DataStore()
    for b in submitted:
        store.set(b.object_id, b)
    tally = CiphertextTally("election-results", internal, context)
    if not tally.batch_append(store, False):
        raise SystemExit("ElectionGuard tally failed")
    timings["tally_s"] = time.perf_counter() - t0
    del store, submitted

    # Decryption: the first QUORUM guardians present, the other two compensated.
    t0 = time.perf_counter()
    mediator = DecryptionMediator("decryption", context)
    present = guardians[:QUORUM]
    TallyCeremonyOrchestrator.perform_compensated_decryption_setup(
        present, [g.share_key() for g in guardians], mediator, context, tally, []
    )
    plaintext = get_optional(mediator.get_plaintext_tally(tally, manifest))
    timings["decrypt_s"] = time.perf_counter() - t0
    counts = [plaintext.contests[CONTEST_ID].selections[f"option-{i}"].tally for i in range(5)]
    if counts != expected:
        raise SystemExit(f"ElectionGuard decrypted {counts}, expected {expected}")

    to_file(manifest, "manifest", str(out))
    to_file(context, "context", str(out))
    to_file(get_constants(), "constants", str(out))
    (out / "guardians.json").write_text(
        "[" + ",".join(to_raw(g.publish()) for g in guardians) + "]", encoding="utf-8"
    )
    to_file(tally.publish(), "encrypted_tally", str(out))
    to_file(plaintext, "tally", str(out))
    size = sum(p.stat().st_size for p in out.iterdir())
    return {
        "peer": "electionguard 1.4.0",
        "step": "generate",
        "ballots": ballots,
        "jobs": jobs,
        "counts": counts,
        "record_bytes": size,
        **timings,
    }


def _consume(
    lines: list[str],
    votes: list[list[int]],
    fh: Any,
    expected: list[int],
    submitted: list[SubmittedBallot],
) -> None:
    for line, vote in zip(lines, votes, strict=True):
        fh.write(line + "\n")
        submitted.append(from_raw(SubmittedBallot, line))
        for i, v in enumerate(vote):
            expected[i] += v


# --- verification -----------------------------------------------------------------------------


def _verify_chunk(lines: list[str]) -> tuple[int, list[str], dict[str, ElGamalCiphertext]]:
    """Parse and fully validate ballots (ElectionGuard's ``ballot_is_valid_for_election`` with
    ``should_validate=True``: ballot style, description hashes, placeholder count, the ballot and
    contest crypto hashes, each selection's disjunctive Chaum-Pedersen 0/1 proof and the
    contest's constant proof that the selections plus placeholders sum to votes_allowed), and sum
    this chunk's cast ciphertexts per selection."""
    internal, context = _W["internal"], _W["context"]
    bad: list[str] = []
    sums: dict[str, list[ElGamalCiphertext]] = {}
    ids = 0
    for line in lines:
        ballot = from_raw(SubmittedBallot, line)
        ids += 1
        if not ballot_is_valid_for_election(ballot, internal, context, True):
            bad.append(ballot.object_id)
            continue
        if ballot.state != BallotBoxState.CAST:
            continue
        for contest in ballot.contests:
            for sel in contest.ballot_selections:
                if not sel.is_placeholder_selection:
                    sums.setdefault(f"{contest.object_id}/{sel.object_id}", []).append(
                        sel.ciphertext
                    )
    return ids, bad, {k: elgamal_add(*v) for k, v in sums.items()}


def _line_chunks(path: Path, size: int, limit: int | None) -> Any:
    chunk: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            chunk.append(line)
            if len(chunk) == size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def verify(record: Path, jobs: int, limit: int | None = None) -> dict[str, Any]:
    """Everything ElectionGuard 1.4.0's Python library can check about a published record:

    1. guardians: every coefficient's Schnorr proof (``SchnorrProof.is_valid``), proofs bound to
       the published commitments, each guardian key = its first commitment; the joint key = the
       product of guardian keys; the commitment hash, base hash and extended base hash recomputed
       from the constants, the manifest hash and the commitments; the manifest hash recomputed;
    2. every submitted ballot, fully (see ``_verify_chunk``), in a pool of ``jobs`` processes
       (ElectionGuard itself validates ballots one after another in one process,
       ``CiphertextTally.batch_append``; the pool is our addition, in the peer's favour);
    3. the homomorphic tally recomputed from the cast ballots and compared with the published
       encrypted tally, and with the ciphertext each decrypted selection says it decrypted;
    4. decryption: each guardian's share proof (``CiphertextDecryptionSelection.is_valid``),
       including every compensating part's proof, each part's recovery key recomputed from the
       missing guardian's commitments, each missing guardian's share = the Lagrange combination
       of its parts; then ElectionGuard's ``decrypt_selection_with_decryption_shares`` recombines
       and solves the discrete log, and the count and g^count must equal the published ones.

    ``limit`` verifies only the first ``limit`` ballots and then cannot compare the tally (a
    partial run, to time the per-ballot cost when the whole record would take too long); every
    250 ballots a progress line (ballots done, seconds) goes to stderr, so the linearity of the
    ballot phase is measured within one run, and a run stopped early still leaves its figures.
    """
    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    failures: list[str] = []

    t0 = time.perf_counter()
    manifest = from_file(Manifest, record / "manifest.json")
    context = from_file(CiphertextElectionContext, record / "context.json")
    constants = from_file(ElectionConstants, record / "constants.json")
    guardians = [
        from_raw(GuardianRecord, json.dumps(g))
        for g in json.loads((record / "guardians.json").read_text(encoding="utf-8"))
    ]
    published_tally = from_file(PublishedCiphertextTally, record / "encrypted_tally.json")
    plaintext = from_file(PlaintextTally, record / "tally.json")
    internal = InternalManifest(manifest)

    if constants != get_constants():
        failures.append("constants are not ElectionGuard's standard constants")
    if manifest.crypto_hash() != context.manifest_hash:
        failures.append("manifest hash")
    commitments = []
    for g in guardians:
        if g.election_public_key != g.election_commitments[0]:
            failures.append(f"guardian {g.guardian_id}: key is not its first commitment")
        for commitment, proof in zip(g.election_commitments, g.election_proofs, strict=True):
            if proof.public_key != commitment or not proof.is_valid():
                failures.append(f"guardian {g.guardian_id}: Schnorr proof")
        commitments.extend(g.election_commitments)
    if elgamal_combine_public_keys(g.election_public_key for g in guardians) != (
        context.elgamal_public_key
    ):
        failures.append("joint key")
    if hash_elems(commitments) != context.commitment_hash:
        failures.append("commitment hash")
    remade = make_ciphertext_election_context(
        context.number_of_guardians,
        context.quorum,
        context.elgamal_public_key,
        context.commitment_hash,
        context.manifest_hash,
    )
    if (remade.crypto_base_hash, remade.crypto_extended_base_hash) != (
        context.crypto_base_hash,
        context.crypto_extended_base_hash,
    ):
        failures.append("base hash / extended base hash")
    timings["load_and_guardians_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    totals: dict[str, list[ElGamalCiphertext]] = {}
    count = 0
    chunks = _line_chunks(record / BALLOTS_FILE, 100, limit)
    progress: list[tuple[int, float]] = []
    if jobs == 1:
        _W.update(internal=internal, context=context)
        results: Any = map(_verify_chunk, chunks)
        pool = None
    else:
        pool = get_context("fork").Pool(
            jobs, initializer=_init_worker, initargs=(to_raw(manifest), to_raw(context))
        )
        results = pool.imap_unordered(_verify_chunk, chunks)
    for n, bad, sums in results:
        count += n
        if count % 250 == 0:
            progress.append((count, round(time.perf_counter() - t0, 2)))
            print(f"verified {count} ballots in {progress[-1][1]} s", file=sys.stderr, flush=True)
        failures.extend(f"ballot {b}" for b in bad)
        for k, v in sums.items():
            totals.setdefault(k, []).append(v)
    if pool is not None:
        pool.close()
        pool.join()
    timings["ballots_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    recomputed = {k: elgamal_add(*v) for k, v in totals.items()}
    for cid, contest in published_tally.contests.items():
        for sid, sel in contest.selections.items():
            empty = ElGamalCiphertext(ONE_MOD_P, ONE_MOD_P)
            if limit is None and recomputed.get(f"{cid}/{sid}", empty) != sel.ciphertext:
                failures.append(f"encrypted tally {cid}/{sid}")
    timings["tally_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    keys = {
        g.guardian_id: ElectionPublicKey(
            g.guardian_id,
            g.sequence_order,
            g.election_public_key,
            g.election_commitments,
            g.election_proofs,
        )
        for g in guardians
    }
    for cid, contest in plaintext.contests.items():
        for sid, sel in contest.selections.items():
            published = published_tally.contests[cid].selections[sid]
            if sel.message != published.ciphertext:
                failures.append(f"decrypted ciphertext {cid}/{sid}")
            present = [keys[s.guardian_id] for s in sel.shares if s.proof is not None]
            lagrange = compute_lagrange_coefficients_for_guardians(present)
            shares = {}
            for share in sel.shares:
                if share.recovered_parts is not None:
                    combined = ONE_MOD_P
                    for helper_id, part in share.recovered_parts.items():
                        expected_key = compute_recovery_public_key(
                            keys[helper_id], keys[share.guardian_id]
                        )
                        if part.recovery_key != expected_key:
                            failures.append(f"recovery key {share.guardian_id}/{helper_id}")
                        combined = mult_p(combined, pow_p(part.share, lagrange[helper_id]))
                    if combined != share.share:
                        failures.append(f"reconstructed share {share.guardian_id} {sid}")
                shares[share.guardian_id] = (keys[share.guardian_id].key, share)
            result = decrypt_selection_with_decryption_shares(
                published, shares, context.crypto_extended_base_hash
            )
            if result is None or (result.tally, result.value) != (sel.tally, sel.value):
                failures.append(f"decryption {cid}/{sid}")
    timings["decryption_s"] = time.perf_counter() - t0
    timings["total_s"] = time.perf_counter() - t_all
    return {
        "peer": "electionguard 1.4.0",
        "step": "verify",
        "ballots": count,
        "jobs": jobs,
        "partial": limit is not None,
        "progress": progress,
        "ok": not failures,
        "failures": failures[:20],
        **timings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("probe")
    p.add_argument("--repeat", type=int, default=30)
    g = sub.add_parser("generate")
    g.add_argument("--ballots", type=int, required=True)
    g.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--out", type=Path, required=True)
    v = sub.add_parser("verify")
    v.add_argument("record", type=Path)
    v.add_argument("--jobs", type=int, default=1)
    v.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if args.cmd == "probe":
        result = probe(args.repeat)
    elif args.cmd == "generate":
        result = generate(args.ballots, args.jobs, args.out, args.seed)
    else:
        result = verify(args.record, args.jobs, args.limit)
    print(json.dumps(result), flush=True)
    if result.get("ok") is False:
        sys.exit(1)


if __name__ == "__main__":
    main()
