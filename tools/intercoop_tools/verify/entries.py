"""The board's entries, decoded and checked in worker processes (``--jobs``): each entry's own
hash, tracker, signature and proofs. What links the entries together is checked in
:mod:`.board`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from intercoop_tools.crypto.ballot import (
    QuestionSpec,
    SignedBallot,
    ballot_verify_proofs,
    verify_ballot_signature,
)
from intercoop_tools.crypto.errors import CryptoError, EncodingError
from intercoop_tools.crypto.group import Point, parse_hex
from intercoop_tools.crypto.jsonshape import expect_int, expect_object
from intercoop_tools.record.document import pool_context
from intercoop_tools.record.encoding import HASH_BYTES, entry_hash_of, hash_json

# --- ballots, checked in worker processes -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryOutcome:
    """What a worker found about one board entry (``position`` is its place in the list)."""

    position: int
    encoding: str | None = None
    index: int = -1
    previous: bytes = b""
    hash: bytes = b""
    own_hash_ok: bool = False
    tracker_ok: bool = False
    credential: bytes = b""
    signature: str | None = None
    proofs: str | None = None
    ciphertexts: tuple[tuple[tuple[bytes, bytes], ...], ...] = ()
    tracker: bytes = b""


_worker: dict[str, Any] = {}


def _init_worker(specs: list[QuestionSpec], public_key: bytes, manifest_hash: bytes) -> None:
    _worker["specs"] = specs
    _worker["public_key"] = Point(public_key)
    _worker["manifest_hash"] = manifest_hash


def check_entry(position: int, raw: object) -> EntryOutcome:
    """Decode one board entry and check its own hash, tracker, signature and proofs."""
    where = f"board.entries[{position}]"
    try:
        obj = expect_object(raw, ("index", "previous", "tracker", "hash", "ballot"), where=where)
        index = expect_int(obj["index"], where=f"{where}.index")
        previous = parse_hex(obj["previous"], length=HASH_BYTES, where=f"{where}.previous")
        tracker = parse_hex(obj["tracker"], length=HASH_BYTES, where=f"{where}.tracker")
        stated_hash = parse_hex(obj["hash"], length=HASH_BYTES, where=f"{where}.hash")
        signed = SignedBallot.from_json(obj["ballot"], where=f"{where}.ballot")
    except EncodingError as exc:
        return EntryOutcome(position, encoding=str(exc))
    own_hash_ok = entry_hash_of(index=index, previous=previous, tracker=tracker) == stated_hash
    tracker_ok = hash_json(obj["ballot"]) == tracker
    specs: list[QuestionSpec] = _worker["specs"]
    manifest_hash: bytes = _worker["manifest_hash"]
    signature: str | None = None
    proofs: str | None = None
    try:
        verify_ballot_signature(signed)
    except CryptoError as exc:
        signature = str(exc)
    try:
        ballot_verify_proofs(
            ballot=signed.ballot,
            specs=specs,
            public_key=_worker["public_key"],
            manifest_hash=manifest_hash,
        )
    except CryptoError as exc:
        proofs = str(exc)
    shape_ok = len(signed.ballot.questions) == len(specs) and all(
        len(q.selections) == s.selections
        for q, s in zip(signed.ballot.questions, specs, strict=True)
    )
    ciphertexts = (
        tuple(
            tuple((s.ciphertext.alpha.data, s.ciphertext.beta.data) for s in q.selections)
            for q in signed.ballot.questions
        )
        if shape_ok
        else ()
    )
    return EntryOutcome(
        position,
        None,
        index,
        previous,
        stated_hash,
        own_hash_ok,
        tracker_ok,
        signed.ballot.credential,
        signature,
        proofs,
        ciphertexts,
        tracker,
    )


def _check_entries(chunk: list[tuple[int, object]]) -> list[EntryOutcome]:
    return [check_entry(position, raw) for position, raw in chunk]


def check_board_entries(
    entries: Sequence[tuple[int, object]],
    *,
    specs: list[QuestionSpec],
    public_key: Point,
    manifest_hash: bytes,
    jobs: int,
) -> list[EntryOutcome]:
    init_args = (specs, public_key.data, manifest_hash)
    size = max(1, min(200, len(entries) // (jobs * 4) or 1))
    chunks = [list(entries[i : i + size]) for i in range(0, len(entries), size)]
    if jobs <= 1 or len(chunks) < 2:
        _init_worker(*init_args)
        results = [_check_entries(c) for c in chunks]
    else:
        context = pool_context()
        with context.Pool(jobs, initializer=_init_worker, initargs=init_args) as pool:
            results = pool.map(_check_entries, chunks)
    return [outcome for chunk in results for outcome in chunk]
