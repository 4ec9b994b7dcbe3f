"""The checks of the board and its ballots: the chain and its head, the heads noted earlier, each
ballot's credential, signature and proofs, and which ballots count."""

from __future__ import annotations

from collections.abc import Sequence

from intercoop_tools.record.board import counted_entries
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.verify.entries import EntryOutcome
from intercoop_tools.verify.report import EXPECTED_HEAD, ExpectedHead, Report, plural


def check_board(
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
        report.passed("board.chain", f"{plural(total, 'entry')}, head {head.hex()[:16]}…")
    if not report.failures["board.trackers"]:
        report.passed(
            "board.trackers", "each tracker is the SHA-256 of its ballot, and none repeats"
        )


def check_expected_heads(
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
                found.append(f"{head.hash.hex()[:16]}… after {plural(at[0], 'entry')}")
            else:
                report.fail(EXPECTED_HEAD, f"{head.hash.hex()} is never the board's head")
        elif head.entries > total:
            report.fail(
                EXPECTED_HEAD,
                f"{head}: the board has {plural(total, 'entry')}, fewer than the "
                f"{head.entries} noted",
            )
        elif heads.get(head.entries) != head.hash:
            stated = heads.get(head.entries)
            report.fail(
                EXPECTED_HEAD,
                f"{head}: after {plural(head.entries, 'entry')} the head is "
                f"{stated.hex() if stated else 'unknown (an entry could not be decoded)'}: an "
                "entry up to there was removed, moved or altered",
            )
        else:
            found.append(f"{head.hash.hex()[:16]}… after {plural(head.entries, 'entry')}")
    if not report.failures[EXPECTED_HEAD]:
        report.passed(EXPECTED_HEAD, "; ".join(found))


def check_ballots(
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
        report.passed("ballots.roll", f"{plural(n, 'ballot')} signed by frozen credentials")
    if not report.failures["ballots.signatures"]:
        report.passed("ballots.signatures", f"{plural(n, 'signature')} verified")
    if not report.failures["ballots.proofs"]:
        report.passed("ballots.proofs", f"every proof of {plural(n, 'ballot')} verified")

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
