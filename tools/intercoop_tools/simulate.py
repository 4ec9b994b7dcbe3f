"""A complete election run headlessly, for tests and benchmarks: :func:`simulate` returns the
:class:`~intercoop_tools.record.Record` that ``intercoop-verify`` checks.

The steps are those of a real election: a key ceremony among the trustees (every share checked),
a roll of voters spread over weighted colleges, each with a signing credential, a random valid
ballot from each voter on a yes/no and an approval question, some revotes, the homomorphic tally
per college, threshold decryption by the trustees who are present, and the weighted result.

``seed`` makes the voters' choices, colleges, revoters and absent trustees reproducible; the
cryptographic randomness (keys, encryption, proof nonces) always comes from libsodium and is
never seeded.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import nacl.signing

from intercoop_tools.crypto.ballot import QuestionSpec, SignedBallot, ballot_encrypt
from intercoop_tools.crypto.dkg import (
    Dealer,
    DecryptionShare,
    DkgParameters,
    TrusteeKey,
    combine_decryption_shares,
    decryption_share_create,
    joint_public_key,
    trustee_key,
    verification_keys,
)
from intercoop_tools.crypto.elgamal import NEUTRAL, Ciphertext, DiscreteLog
from intercoop_tools.crypto.group import Point
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.record.board import BoardEntry, board_entry, counted_entries
from intercoop_tools.record.document import Record, pool_context
from intercoop_tools.record.encoding import DEFAULT_MINIMUM_BALLOTS, hash_json
from intercoop_tools.record.manifest import (
    Ceremony,
    College,
    Description,
    Manifest,
    Option,
    Question,
    Roll,
    RollEntry,
)
from intercoop_tools.record.result import is_published, weighted_result
from intercoop_tools.record.tally import CollegeTally, SelectionTally, Tally

APPROVAL_OPTIONS = ("alpha", "beta", "gamma", "delta")


class SimulationError(RuntimeError):
    """The simulated election came out wrong (a decrypted count differs from the votes cast)."""


@dataclass(frozen=True, slots=True)
class _Cast:
    seed: bytes
    choices: tuple[tuple[int, ...], ...]


def simulation_description(
    *,
    colleges: int,
    trustees: int,
    threshold: int,
    minimum_ballots: int = DEFAULT_MINIMUM_BALLOTS,
    election_id: str = "simulated",
) -> Description:
    """A yes/no question and an approval question (4 options, 0 to 3 approved), K colleges with
    weights proportional to 1..K (exact fractions summing to 1), revoting on."""
    total = colleges * (colleges + 1) // 2
    description = Description(
        election_id=election_id,
        title="Simulated election",
        revoting=True,
        questions=(
            Question(
                "adopt",
                "yes_no",
                "Adopt the proposal?",
                (Option("yes", "Yes"), Option("no", "No")),
                1,
                1,
            ),
            Question(
                "projects",
                "approval",
                "Which projects should be funded?",
                tuple(Option(o, o.capitalize()) for o in APPROVAL_OPTIONS),
                0,
                3,
            ),
        ),
        colleges=tuple(
            College(f"college-{k}", f"College {k}", Fraction(k, total), minimum_ballots)
            for k in range(1, colleges + 1)
        ),
        trustees=trustees,
        threshold=threshold,
    )
    description.check()
    return description


def _random_choices(
    rng: random.Random, specs: Sequence[QuestionSpec]
) -> tuple[tuple[int, ...], ...]:
    out = []
    for spec in specs:
        k = rng.randint(spec.min_selected, spec.max_selected)
        chosen = set(rng.sample(range(spec.selections), k))
        out.append(tuple(int(s in chosen) for s in range(spec.selections)))
    return tuple(out)


def _college_sizes(voters: int, colleges: int) -> list[int]:
    """The last college is small (voters // (2K)), so a small simulation shows a withheld
    college; the others share the rest as evenly as possible."""
    if colleges == 1:
        return [voters]
    last = voters // (2 * colleges)
    rest = voters - last
    base, extra = divmod(rest, colleges - 1)
    return [base + (1 if k < extra else 0) for k in range(colleges - 1)] + [last]


# --- ballot creation, possibly in worker processes ---------------------------------------------

_worker_state: dict[str, Any] = {}


def _init_worker(specs: list[QuestionSpec], public_key: bytes, manifest_hash: bytes) -> None:
    _worker_state["specs"] = specs
    _worker_state["public_key"] = Point(public_key)
    _worker_state["manifest_hash"] = manifest_hash


def _cast(task: _Cast) -> SignedBallot:
    return ballot_encrypt(
        choices=task.choices,
        specs=_worker_state["specs"],
        public_key=_worker_state["public_key"],
        manifest_hash=_worker_state["manifest_hash"],
        credential=nacl.signing.SigningKey(task.seed),
    )


def _cast_all(
    tasks: list[_Cast],
    *,
    specs: list[QuestionSpec],
    public_key: Point,
    manifest_hash: bytes,
    jobs: int,
) -> list[SignedBallot]:
    """Every ballot, encrypted and proven in ``jobs`` processes. The ballots come back pickled,
    not re-decoded: decoding checks every point again, which costs about as much as making the
    ballot, and the record's verifier does that anyway."""
    init_args = (specs, public_key.data, manifest_hash)
    if jobs <= 1 or len(tasks) < 2:
        _init_worker(*init_args)
        return [_cast(t) for t in tasks]
    context = pool_context()
    with context.Pool(jobs, initializer=_init_worker, initargs=init_args) as pool:
        return pool.map(_cast, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))


# --- tally and decryption ----------------------------------------------------------------------


def college_sums(
    *,
    description: Description,
    board: Sequence[BoardEntry],
    roll: Sequence[RollEntry],
) -> dict[str, tuple[list[int], list[list[Ciphertext]]]]:
    """Per college: the counted board entries (the last per credential) and the homomorphic sums
    per question and option."""
    college_of = {e.credential: e.college for e in roll}
    counted = counted_entries([e.ballot.ballot.credential for e in board])
    out: dict[str, tuple[list[int], list[list[Ciphertext]]]] = {
        c.id: ([], [[NEUTRAL] * len(q.options) for q in description.questions])
        for c in description.colleges
    }
    for index in counted:
        ballot = board[index].ballot.ballot
        indices, sums = out[college_of[ballot.credential]]
        indices.append(index)
        for q, question in enumerate(ballot.questions):
            for s, selection in enumerate(question.selections):
                sums[q][s] = sums[q][s] + selection.ciphertext
    return out


def decrypt_tally(
    *,
    description: Description,
    sums: dict[str, tuple[list[int], list[list[Ciphertext]]]],
    keys: Sequence[TrusteeKey],
    verification_keys: dict[int, Point],
    manifest_hash: bytes,
) -> Tally:
    """The present trustees' decryption shares for each published college, combined and solved
    for the counts; withheld colleges (fewer ballots than their minimum) are not decrypted."""
    params = description.params()
    context = Context(manifest_hash)
    colleges = []
    for college in description.colleges:
        indices, question_sums = sums[college.id]
        withheld = not is_published(college, len(indices))
        log = DiscreteLog(len(indices))
        questions = []
        for row in question_sums:
            selections = []
            for ciphertext in row:
                if withheld:
                    selections.append(SelectionTally(ciphertext, None, None))
                    continue
                shares: list[DecryptionShare] = [
                    decryption_share_create(key=k, ciphertext=ciphertext, context=context)
                    for k in keys
                ]
                combined = combine_decryption_shares(
                    params=params,
                    ciphertext=ciphertext,
                    shares=shares,
                    verification_keys=verification_keys,
                    context=context,
                )
                selections.append(
                    SelectionTally(ciphertext, tuple(shares), log.solve(combined.point))
                )
            questions.append(tuple(selections))
        colleges.append(CollegeTally(college.id, tuple(indices), withheld, tuple(questions)))
    return Tally(tuple(k.index for k in keys), tuple(colleges))


def simulate(
    *,
    voters: int,
    trustees: int,
    threshold: int,
    colleges: int,
    absent: int = 0,
    revotes: int = 0,
    seed: int | None = None,
    jobs: int | None = None,
    minimum_ballots: int = DEFAULT_MINIMUM_BALLOTS,
) -> Record:
    """Run a whole election and return its record (see the module docstring)."""
    if voters < 0 or colleges < 1:
        raise ValueError("voters >= 0 and colleges >= 1 are required")
    if not 0 <= absent <= trustees - threshold:
        raise ValueError("between 0 and trustees - threshold trustees may be absent")
    if not 0 <= revotes <= voters:
        raise ValueError("between 0 and voters voters may revote")
    rng = random.Random(seed)  # noqa: S311 - who votes what, not key material
    jobs = (os.cpu_count() or 1) if jobs is None else jobs

    # Before the ceremony: the description, whose hash is the ceremony's context.
    description = simulation_description(
        colleges=colleges, trustees=trustees, threshold=threshold, minimum_ballots=minimum_ballots
    )
    description_hash = hash_json(description.to_json())
    params = DkgParameters(trustees=trustees, threshold=threshold)
    ceremony_context = Context(description_hash)
    dealers = [Dealer.start(params=params, index=i) for i in range(1, trustees + 1)]
    commitments = [d.commitment(ceremony_context) for d in dealers]
    keys = [
        trustee_key(
            params=params,
            index=j,
            commitments=commitments,
            shares=[d.share_for(j) for d in dealers],
        )
        for j in range(1, trustees + 1)
    ]
    public_key = joint_public_key(params=params, commitments=commitments)
    vks = verification_keys(params=params, commitments=commitments)
    ceremony = Ceremony(
        description_hash,
        tuple(commitments),
        tuple(vks[j] for j in range(1, trustees + 1)),
        public_key,
    )

    # The roll: one credential per voter, in a college. The private roll (member -> credential)
    # is only committed to by its hash.
    sizes = _college_sizes(voters, colleges)
    college_ids = [
        c.id for c, size in zip(description.colleges, sizes, strict=True) for _ in range(size)
    ]
    seeds = [os.urandom(32) for _ in range(voters)]
    credentials = [bytes(nacl.signing.SigningKey(s).verify_key) for s in seeds]
    roll_entries = [
        RollEntry(cred, college) for cred, college in zip(credentials, college_ids, strict=True)
    ]
    private_roll = [
        {"member": f"member-{i}", "credential": c.hex()} for i, c in enumerate(credentials)
    ]
    # Sorted by key, as the format requires: the public roll's order says nothing about members.
    roll_entries.sort(key=lambda e: e.credential)
    roll = Roll(hash_json(private_roll), tuple(roll_entries))
    manifest = Manifest(description, ceremony, roll)
    manifest_hash = manifest.hash()

    # Voting: everyone votes once, in random order, then the revoters vote again.
    specs = description.specs()
    first = [_Cast(seeds[i], _random_choices(rng, specs)) for i in range(voters)]
    rng.shuffle(first)
    again = [_Cast(t.seed, _random_choices(rng, specs)) for t in rng.sample(first, revotes)]
    signed = _cast_all(
        first + again, specs=specs, public_key=public_key, manifest_hash=manifest_hash, jobs=jobs
    )
    board: list[BoardEntry] = []
    for ballot in signed:
        board.append(board_entry(board=board, genesis=manifest_hash, ballot=ballot))

    # Tally, decryption by the present trustees, result.
    sums = college_sums(description=description, board=board, roll=roll.credentials)
    absent_trustees = set(rng.sample(range(1, trustees + 1), absent))
    present = [k for k in keys if k.index not in absent_trustees]
    tally = decrypt_tally(
        description=description,
        sums=sums,
        keys=present,
        verification_keys=vks,
        manifest_hash=manifest_hash,
    )
    _check_counts(
        description,
        first + again,
        tally,
        dict(zip(seeds, credentials, strict=True)),
        roll,
    )
    result = weighted_result(
        description,
        {c.college: (len(c.ballots), None if c.withheld else c.counts()) for c in tally.colleges},
    )
    head = board[-1].hash if board else manifest_hash
    return Record(manifest, manifest_hash, tuple(board), head, tally, result)


def _check_counts(
    description: Description,
    casts: Sequence[_Cast],
    tally: Tally,
    credential_of: dict[bytes, bytes],
    roll: Roll,
) -> None:
    """The decrypted counts must equal the plaintext votes that count (the last per voter)."""
    college_of = {e.credential: e.college for e in roll.credentials}
    last: dict[bytes, tuple[tuple[int, ...], ...]] = {}
    for cast in casts:
        last[cast.seed] = cast.choices
    expected = {
        c.id: [[0] * len(q.options) for q in description.questions] for c in description.colleges
    }
    for seed, choices in last.items():
        rows = expected[college_of[credential_of[seed]]]
        for q, answer in enumerate(choices):
            for s, value in enumerate(answer):
                rows[q][s] += value
    for college in tally.colleges:
        if not college.withheld and college.counts() != expected[college.college]:
            raise SimulationError(f"college {college.college}: decrypted counts differ")
