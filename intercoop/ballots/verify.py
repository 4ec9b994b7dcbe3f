"""``intercoop-verify RECORD``: the independent verifier of an election record.

It needs neither Django nor a database: it imports only the pure core (``crypto`` and
``record``). Every check of ``docs/election-record.md`` is run and printed as ``PASS name:
detail`` or ``FAIL name: detail``; the exit status is 0 when every check passes, 1 when any
fails, and 2 when the file cannot be read as JSON. Ballots are verified in ``--jobs`` processes.
``--expect-head HASH[@N]`` adds the check ``board.expected_head``: the board had the head HASH
after N entries, as a voter or an auditor noted it earlier.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from intercoop.ballots.crypto.ballot import (
    QuestionSpec,
    SignedBallot,
    ballot_verify_proofs,
    verify_ballot_signature,
)
from intercoop.ballots.crypto.dkg import (
    DkgParameters,
    joint_public_key,
    lagrange_at_zero,
    verification_keys,
    verify_dealer_commitment,
    verify_decryption_share,
)
from intercoop.ballots.crypto.elgamal import NEUTRAL, Ciphertext
from intercoop.ballots.crypto.errors import CryptoError, EncodingError
from intercoop.ballots.crypto.group import IDENTITY, Point, Scalar, base_mul, mul, parse_hex
from intercoop.ballots.crypto.jsonshape import (
    DuplicateKeyError,
    describe,
    expect_int,
    expect_object,
)
from intercoop.ballots.crypto.transcript import Context
from intercoop.ballots.record.board import counted_entries
from intercoop.ballots.record.document import (
    expect_board,
    expect_record_object,
    pool_context,
    record_load_json,
)
from intercoop.ballots.record.encoding import (
    FORMAT,
    HASH_BYTES,
    READABLE_VERSIONS,
    entry_hash_of,
    hash_json,
)
from intercoop.ballots.record.manifest import Manifest
from intercoop.ballots.record.result import Result, is_published, weighted_result
from intercoop.ballots.record.tally import Tally

#: The checks, in the order they are printed. docs/election-record.md describes each.
CHECKS = (
    "format",
    "encodings",
    "manifest",
    "manifest.hash",
    "weights",
    "ceremony.context",
    "ceremony.proofs",
    "ceremony.verification_keys",
    "ceremony.joint_key",
    "roll",
    "board.chain",
    "board.trackers",
    "ballots.roll",
    "ballots.signatures",
    "ballots.proofs",
    "ballots.counted",
    "tally.sums",
    "decryption.trustees",
    "decryption.shares",
    "decryption.counts",
    "withheld",
    "result",
)

#: Run only with ``--expect-head`` (heads noted earlier), and printed after ``board.chain``.
EXPECTED_HEAD = "board.expected_head"


def checks_of_run(*, expected_heads: bool) -> tuple[str, ...]:
    """The checks of a run, in the order they are printed."""
    if not expected_heads:
        return CHECKS
    after = CHECKS.index("board.chain") + 1
    return (*CHECKS[:after], EXPECTED_HEAD, *CHECKS[after:])


#: Failures listed in full per check; beyond this only their number is given.
SHOWN_FAILURES = 5


@dataclass(frozen=True, slots=True)
class ExpectedHead:
    """A head of the board noted earlier: its hash, and the number of entries the board had
    then (``None`` if not noted: any position will do)."""

    hash: bytes
    entries: int | None = None

    def __str__(self) -> str:
        return self.hash.hex() + ("" if self.entries is None else f"@{self.entries}")


_EXPECTED_HEAD = re.compile(r"([0-9a-fA-F]{64})(?:@([0-9]{1,10}))?")


def parse_expected_head(text: str) -> ExpectedHead:
    """``HASH`` or ``HASH@N``: 64 hex digits, and the number of board entries N (0 for the
    empty board, whose head is the manifest hash). Spaces are ignored, so that the fingerprint
    ``intercoop-trustee decrypt`` prints (the hash in groups of four) can be given as it is."""
    match = _EXPECTED_HEAD.fullmatch("".join(text.split()))
    if match is None:
        raise ValueError(
            f"expected HASH or HASH@N (64 hex digits, then @ and a count), not {text!r}"
        )
    count = match.group(2)
    return ExpectedHead(bytes.fromhex(match.group(1)), None if count is None else int(count))


@dataclass
class Report:
    """Failures per check; a check that ran with no failure passes, one that could not run is
    skipped (which counts as a failure: the record could not be verified). ``checks`` are the
    checks of this run (:func:`checks_of_run`)."""

    checks: tuple[str, ...] = CHECKS
    failures: dict[str, list[str]] = field(
        default_factory=lambda: {c: [] for c in (*CHECKS, EXPECTED_HEAD)}
    )
    ran: dict[str, str] = field(default_factory=dict)

    def fail(self, check: str, detail: str) -> None:
        self.failures[check].append(detail)
        self.ran.setdefault(check, "")

    def passed(self, check: str, detail: str) -> None:
        self.ran[check] = detail

    def run(self, check: str, body: Callable[[], str]) -> None:
        """Run one check: ``body`` returns a summary or raises; failures may also be recorded
        with :meth:`fail` from inside it."""
        try:
            summary = body()
        except CryptoError as exc:
            self.fail(check, str(exc))
            return
        self.passed(check, summary)

    @property
    def ok(self) -> bool:
        return all(c in self.ran and not self.failures[c] for c in self.checks)

    def lines(self) -> list[str]:
        out = []
        for check in self.checks:
            failures = self.failures[check]
            if check not in self.ran:
                out.append(f"FAIL {check}: not checked (an earlier failure prevents it)")
            elif failures:
                shown = "; ".join(failures[:SHOWN_FAILURES])
                more = len(failures) - SHOWN_FAILURES
                out.append(f"FAIL {check}: {shown}" + (f" (and {more} more)" if more > 0 else ""))
            else:
                out.append(f"PASS {check}: {self.ran[check]}")
        return out


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


# --- the record ---------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def new_report(*, expected_heads: Sequence[ExpectedHead] = ()) -> Report:
    """An empty report for the checks of a run (``board.expected_head`` only if heads were
    noted)."""
    return Report(checks=checks_of_run(expected_heads=bool(expected_heads)))


def not_strict_json(
    exc: DuplicateKeyError, *, expected_heads: Sequence[ExpectedHead] = ()
) -> Report:
    """The report on a file that is JSON but not strict JSON: ``format`` fails, nothing else
    is checked (which value of the key would be verified?)."""
    report = new_report(expected_heads=expected_heads)
    report.fail("format", f"not strict JSON: {exc}")
    return report


def verify_record(
    value: object, *, jobs: int = 1, expected_heads: Sequence[ExpectedHead] = ()
) -> Report:
    """Run every check on a record (the JSON value of the file); ``expected_heads`` are heads
    of the board noted earlier, each checked by ``board.expected_head``."""
    report = new_report(expected_heads=expected_heads)
    try:
        obj = expect_record_object(value)
    except EncodingError as exc:
        report.fail("format", str(exc))
        return report
    version = obj["version"]
    if obj["format"] != FORMAT:
        report.fail("format", f"format is {describe(obj['format'])}, expected {FORMAT!r}")
    # ``type(...) is int``: in Python ``True == 1`` and ``1.0 == 1``, and neither is a version.
    if type(version) is not int or version not in READABLE_VERSIONS:
        readable = " or ".join(str(v) for v in READABLE_VERSIONS)
        report.fail(
            "format", f"version must be the JSON integer {readable}, found {describe(version)}"
        )
    if report.failures["format"] or type(version) is not int:
        return report
    report.passed("format", f"{FORMAT} version {version}")

    try:
        manifest = Manifest.from_json(obj["manifest"])
        stated_manifest_hash = parse_hex(obj["manifest_hash"], length=32, where="manifest_hash")
        board = expect_board(obj["board"])
    except EncodingError as exc:
        report.fail("encodings", str(exc))
        return report
    description = manifest.description
    params = description.params()
    tally: Tally | None = None
    result: Result | None = None
    try:
        tally = Tally.from_json(obj["tally"], params=params)
    except EncodingError as exc:
        report.fail("encodings", str(exc))
    try:
        result = Result.from_json(obj["result"])
    except EncodingError as exc:
        report.fail("encodings", str(exc))

    _check_manifest(report, manifest, obj["manifest"], stated_manifest_hash, version=version)
    _check_ceremony(report, manifest, params)

    # Everything below uses the manifest hash as stated: if it is wrong, manifest.hash fails,
    # and the ballots' proofs (bound to the true hash by honest voters) fail too.
    outcomes = check_board_entries(
        board.entries,
        specs=description.specs(),
        public_key=manifest.ceremony.public_key,
        manifest_hash=stated_manifest_hash,
        jobs=jobs,
    )
    decoded = [o for o in outcomes if o.encoding is None]
    for o in outcomes:
        if o.encoding is not None:
            report.fail("encodings", o.encoding)
    if not report.failures["encodings"]:
        report.passed(
            "encodings", f"manifest, {_plural(len(outcomes), 'board entry')}, tally and result"
        )
    _check_board(report, decoded, len(outcomes), board.head, stated_manifest_hash)
    if expected_heads:
        _check_expected_heads(report, decoded, len(outcomes), stated_manifest_hash, expected_heads)
    counted = _check_ballots(report, manifest, decoded)
    if tally is None:
        return report
    sums = _check_tally(report, manifest, decoded, counted, tally)
    _check_decryption(report, manifest, params, tally, stated_manifest_hash)
    _check_withheld(report, manifest, tally, sums)
    if result is not None:
        _check_result(report, manifest, tally, sums, result)
    return report


def _check_manifest(
    report: Report, manifest: Manifest, raw: object, stated_hash: bytes, *, version: int
) -> None:
    description = manifest.description

    def shape() -> str:
        description.check()
        return (
            f"{_plural(len(description.questions), 'question')}, "
            f"{_plural(len(description.colleges), 'college')}, "
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
            f"hash {roll.hash.hex()[:16]}…, {_plural(len(seen), 'frozen credential')}{order}",
        )


def _check_ceremony(report: Report, manifest: Manifest, params: DkgParameters) -> None:
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
    report.passed("ceremony.proofs", f"{_plural(params.trustees, 'dealer')}' proofs of knowledge")
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


def _check_board(
    report: Report,
    decoded: Sequence[EntryOutcome],
    total: int,
    head: bytes,
    genesis: bytes,
) -> None:
    previous = genesis
    expected_position = 0
    # An honest voter never posts the same ballot twice (each encryption draws fresh
    # randomness), so a repeated tracker is a replay: an earlier ballot posted again, perhaps
    # after the voter changed it, to make the old choice count.
    first_seen: dict[bytes, int] = {}
    for outcome in decoded:
        if outcome.position != expected_position:
            report.fail("board.chain", f"entry {expected_position} could not be decoded")
        expected_position = outcome.position + 1
        if outcome.index != outcome.position:
            report.fail("board.chain", f"entry {outcome.position} says it is entry {outcome.index}")
        if outcome.previous != previous:
            report.fail("board.chain", f"entry {outcome.position} does not link to its predecessor")
        if not outcome.own_hash_ok:
            report.fail("board.chain", f"entry {outcome.position}'s hash is wrong")
        if not outcome.tracker_ok:
            report.fail("board.trackers", f"entry {outcome.position}'s tracker is not its ballot's")
        earlier = first_seen.setdefault(outcome.tracker, outcome.position)
        if outcome.tracker and earlier != outcome.position:
            report.fail(
                "board.trackers",
                f"entry {outcome.position} repeats the ballot of entry {earlier} (a replay)",
            )
        previous = outcome.hash
    if len(decoded) != total:
        report.fail("board.chain", f"{total - len(decoded)} entry(ies) could not be decoded")
    elif head != previous:
        report.fail("board.chain", "the head is not the last entry's hash")
    if not report.failures["board.chain"]:
        report.passed("board.chain", f"{_plural(total, 'entry')}, head {head.hex()[:16]}…")
    if not report.failures["board.trackers"]:
        report.passed(
            "board.trackers", "each tracker is the SHA-256 of its ballot, and none repeats"
        )


def _check_expected_heads(
    report: Report,
    decoded: Sequence[EntryOutcome],
    total: int,
    genesis: bytes,
    expected: Sequence[ExpectedHead],
) -> None:
    """Each head noted earlier is the board's head after as many entries as noted: the record's
    board then begins with exactly the entries the noter saw, none removed or moved. (The chain
    alone cannot show this: a board rebuilt without an entry chains just as well.)"""
    # heads[n] is the head after n entries, as the entries state it (board.chain checks them).
    heads: dict[int, bytes] = {0: genesis}
    for outcome in decoded:
        heads[outcome.position + 1] = outcome.hash
    found = []
    for head in expected:
        if head.entries is None:
            at = [n for n, h in sorted(heads.items()) if h == head.hash]
            if at:
                found.append(f"{head.hash.hex()[:16]}… after {_plural(at[0], 'entry')}")
            else:
                report.fail(EXPECTED_HEAD, f"{head.hash.hex()} is never the board's head")
        elif head.entries > total:
            report.fail(
                EXPECTED_HEAD,
                f"{head}: the board has {_plural(total, 'entry')}, fewer than the "
                f"{head.entries} noted",
            )
        elif heads.get(head.entries) != head.hash:
            stated = heads.get(head.entries)
            report.fail(
                EXPECTED_HEAD,
                f"{head}: after {_plural(head.entries, 'entry')} the head is "
                f"{stated.hex() if stated else 'unknown (an entry could not be decoded)'}: an "
                "entry up to there was removed, moved or altered",
            )
        else:
            found.append(f"{head.hash.hex()[:16]}… after {_plural(head.entries, 'entry')}")
    if not report.failures[EXPECTED_HEAD]:
        report.passed(EXPECTED_HEAD, "; ".join(found))


def _check_ballots(
    report: Report, manifest: Manifest, decoded: Sequence[EntryOutcome]
) -> dict[str, list[int]]:
    """Roll, signatures, proofs, and which entry counts for each credential; returns the counted
    entries per college as they should be."""
    college_of = {e.credential: e.college for e in manifest.roll.credentials}
    for o in decoded:
        if o.credential not in college_of:
            report.fail("ballots.roll", f"entry {o.position}: the credential is not on the roll")
        if o.signature is not None:
            report.fail("ballots.signatures", f"entry {o.position}: {o.signature}")
        if o.proofs is not None:
            report.fail("ballots.proofs", f"entry {o.position}: {o.proofs}")
    n = len(decoded)
    if not report.failures["ballots.roll"]:
        report.passed("ballots.roll", f"{_plural(n, 'ballot')} signed by frozen credentials")
    if not report.failures["ballots.signatures"]:
        report.passed("ballots.signatures", f"{_plural(n, 'signature')} verified")
    if not report.failures["ballots.proofs"]:
        report.passed("ballots.proofs", f"every proof of {_plural(n, 'ballot')} verified")

    credentials = [o.credential for o in decoded]
    if not manifest.description.revoting and len(set(credentials)) != len(credentials):
        report.fail("ballots.counted", "revoting is off, yet a credential cast two ballots")
    counted: dict[str, list[int]] = {c.id: [] for c in manifest.description.colleges}
    for i in counted_entries(credentials):
        college = college_of.get(decoded[i].credential)
        # A credential of an unknown college has already failed the roll check.
        if college is not None and college in counted:
            counted[college].append(decoded[i].position)
    return counted


def _check_tally(
    report: Report,
    manifest: Manifest,
    decoded: Sequence[EntryOutcome],
    counted: dict[str, list[int]],
    tally: Tally,
) -> dict[str, int]:
    """The counted entries per college, and their homomorphic sums; returns ballots per
    college (as recomputed)."""
    description = manifest.description
    ballots = {c: len(v) for c, v in counted.items()}
    if [c.college for c in tally.colleges] != [c.id for c in description.colleges]:
        report.fail("ballots.counted", "the tally does not list the colleges of the manifest")
        report.fail("tally.sums", "not checked: the tally's colleges are not the manifest's")
        return ballots
    by_position = {o.position: o for o in decoded}
    for college in tally.colleges:
        expected = counted[college.college]
        if list(college.ballots) != expected:
            report.fail(
                "ballots.counted",
                f"college {college.college}: the counted entries are not the last ballot of "
                f"each credential ({len(college.ballots)} stated, {len(expected)} expected)",
            )
        shape = [len(q.options) for q in description.questions]
        if [len(q) for q in college.questions] != shape:
            report.fail("tally.sums", f"college {college.college}: wrong shape")
            continue
        sums = [[NEUTRAL] * n for n in shape]
        for position in expected:
            outcome = by_position[position]
            if not outcome.ciphertexts:
                continue
            for q, pairs in enumerate(outcome.ciphertexts):
                for s, (alpha, beta) in enumerate(pairs):
                    sums[q][s] = sums[q][s] + Ciphertext(Point(alpha), Point(beta))
        for q, row in enumerate(college.questions):
            for s, selection in enumerate(row):
                if selection.ciphertext != sums[q][s]:
                    report.fail(
                        "tally.sums",
                        f"college {college.college}, question {q}, option {s}: not the sum of "
                        f"the counted ballots",
                    )
    if not report.failures["ballots.counted"]:
        report.passed(
            "ballots.counted",
            f"{_plural(sum(ballots.values()), 'ballot')} counted (the last per credential)",
        )
    if not report.failures["tally.sums"]:
        report.passed("tally.sums", f"recomputed for {_plural(len(tally.colleges), 'college')}")
    return ballots


def _check_decryption(
    report: Report,
    manifest: Manifest,
    params: DkgParameters,
    tally: Tally,
    manifest_hash: bytes,
) -> None:
    present = list(tally.trustees_present)
    if len(set(present)) != len(present) or present != sorted(present):
        report.fail("decryption.trustees", "the present trustees are not distinct and in order")
    if len(set(present)) < params.threshold:
        report.fail(
            "decryption.trustees",
            f"{len(set(present))} trustee(s) present, {params.threshold} needed",
        )
    vks = dict(enumerate(manifest.ceremony.verification_keys, start=1))
    context = Context(manifest_hash)
    decrypted = 0
    for college in tally.colleges:
        for q, row in enumerate(college.questions):
            for s, selection in enumerate(row):
                if selection.shares is None or selection.count is None:
                    continue
                where = f"college {college.college}, question {q}, option {s}"
                trustees = [share.trustee for share in selection.shares]
                if trustees != present:
                    report.fail(
                        "decryption.trustees",
                        f"{where}: shares from trustees {trustees}, present {present}",
                    )
                valid = True
                for share in selection.shares:
                    try:
                        verify_decryption_share(
                            verification_key=vks[share.trustee],
                            ciphertext=selection.ciphertext,
                            share=share,
                            context=context,
                        )
                    except CryptoError as exc:
                        report.fail("decryption.shares", f"{where}: {exc}")
                        valid = False
                decrypted += 1
                if not valid or len(set(trustees)) < params.threshold:
                    report.fail("decryption.counts", f"{where}: not checked (shares invalid)")
                    continue
                used = sorted(set(trustees))[: params.threshold]
                by_trustee = {share.trustee: share.point for share in selection.shares}
                x_alpha = IDENTITY
                for j in used:
                    x_alpha = x_alpha + mul(lagrange_at_zero(used, j), by_trustee[j])
                if base_mul_int(selection.count) != selection.ciphertext.beta - x_alpha:
                    report.fail(
                        "decryption.counts",
                        f"{where}: the count {selection.count} is not what the shares decrypt to",
                    )
    for check, summary in (
        ("decryption.trustees", f"trustees {present} present, threshold {params.threshold}"),
        ("decryption.shares", f"{_plural(decrypted * len(present), 'decryption share')} verified"),
        ("decryption.counts", f"{_plural(decrypted, 'count')} equal the combined shares"),
    ):
        if not report.failures[check]:
            report.passed(check, summary)


def base_mul_int(count: int) -> Point:
    return base_mul(Scalar.from_int(count))


def _check_withheld(
    report: Report, manifest: Manifest, tally: Tally, ballots: dict[str, int]
) -> None:
    withheld = 0
    for college in tally.colleges:
        spec = manifest.description.college(college.college)
        n = ballots.get(college.college, 0)
        should_withhold = not is_published(spec, n)
        if college.withheld != should_withhold:
            report.fail(
                "withheld",
                f"college {college.college}: {n} ballot(s), minimum {spec.minimum_ballots}, "
                f"but marked {'withheld' if college.withheld else 'published'}",
            )
        cells = [s for row in college.questions for s in row]
        if college.withheld:
            withheld += 1
            if any(s.shares is not None or s.count is not None for s in cells):
                report.fail(
                    "withheld",
                    f"college {college.college} is withheld but its shares or counts are published",
                )
        elif any(s.shares is None or s.count is None for s in cells):
            report.fail("withheld", f"college {college.college} is published without its counts")
    if not report.failures["withheld"]:
        report.passed(
            "withheld", f"{_plural(withheld, 'college')} withheld, each below its minimum"
        )


def _check_result(
    report: Report, manifest: Manifest, tally: Tally, ballots: dict[str, int], result: Result
) -> None:
    description = manifest.description
    try:
        tallies = {
            c.college: (ballots[c.college], None if c.withheld else c.counts())
            for c in tally.colleges
        }
        expected = weighted_result(description, tallies)
    except (CryptoError, KeyError) as exc:
        report.fail("result", f"cannot be recomputed: {exc}")
        return
    if result.included != expected.included or result.withheld != expected.withheld:
        report.fail(
            "result",
            f"included {list(result.included)} and withheld {list(result.withheld)}, expected "
            f"{list(expected.included)} and {list(expected.withheld)}",
        )
    if result.questions != expected.questions:
        report.fail("result", "the weighted scores are not those recomputed from the counts")
    if not report.failures["result"]:
        report.passed(
            "result",
            f"weighted scores recomputed exactly over {_plural(len(expected.included), 'college')}",
        )


# --- command line -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="intercoop-verify",
        description="Verify an Intercoop election record (docs/election-record.md).",
    )
    parser.add_argument("record", metavar="RECORD", help="the record file (JSON, or gzip JSON)")
    parser.add_argument(
        "--expect-head",
        metavar="HASH[@N]",
        action="append",
        default=[],
        type=_expected_head_argument,
        help=(
            "a head of the board noted earlier (on the board page or a voter's receipt), with the "
            "number of entries the board had then; check that the record's board had that head "
            "after that many entries (repeatable)"
        ),
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for verifying ballots (default: the number of CPUs)",
    )
    args = parser.parse_args(argv)
    heads: list[ExpectedHead] = args.expect_head
    try:
        value = record_load_json(args.record)
    except DuplicateKeyError as exc:
        # Valid JSON (RFC 8259 allows it) but two values for one key: the format check fails.
        report = not_strict_json(exc, expected_heads=heads)
    except (OSError, ValueError, EOFError) as exc:
        print(f"intercoop-verify: cannot read {args.record}: {exc}", file=sys.stderr)
        return 2
    else:
        report = verify_record(value, jobs=max(1, args.jobs), expected_heads=heads)
    for line in report.lines():
        print(line)
    failed = sum(1 for line in report.lines() if line.startswith("FAIL"))
    # Not "N passed, N failed": CI reads a line of that form as a test runner's summary.
    print(f"intercoop-verify: {len(report.checks)} checks, {failed} failed")
    return 0 if report.ok else 1


def _expected_head_argument(text: str) -> ExpectedHead:
    try:
        return parse_expected_head(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


if __name__ == "__main__":
    sys.exit(main())
