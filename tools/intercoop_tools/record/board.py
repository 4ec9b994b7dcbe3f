"""The hash-chained bulletin board: its entries, the next entry of a board, and which entries
count (the last per credential)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from intercoop_tools.crypto.ballot import SignedBallot
from intercoop_tools.crypto.jsonshape import expect_int, expect_object
from intercoop_tools.record.encoding import entry_hash_of, expect_hash, tracker_of

# --- board --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardEntry:
    """One cast ballot on the board; ``hash`` chains it to ``previous`` (the manifest hash for
    the first entry)."""

    index: int
    previous: bytes
    tracker: bytes
    hash: bytes
    ballot: SignedBallot

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "previous": self.previous.hex(),
            "tracker": self.tracker.hex(),
            "hash": self.hash.hex(),
            "ballot": self.ballot.to_json(),
        }

    @classmethod
    def from_json(cls, value: object, *, where: str) -> BoardEntry:
        keys = ("index", "previous", "tracker", "hash", "ballot")
        obj = expect_object(value, keys, where=where)
        return cls(
            expect_int(obj["index"], where=f"{where}.index"),
            expect_hash(obj["previous"], where=f"{where}.previous"),
            expect_hash(obj["tracker"], where=f"{where}.tracker"),
            expect_hash(obj["hash"], where=f"{where}.hash"),
            SignedBallot.from_json(obj["ballot"], where=f"{where}.ballot"),
        )


def board_entry(*, board: Sequence[BoardEntry], genesis: bytes, ballot: SignedBallot) -> BoardEntry:
    """The next entry of a board whose first ``previous`` is ``genesis`` (the manifest hash)."""
    index = len(board)
    previous = board[-1].hash if board else genesis
    tracker = tracker_of(ballot.to_json())
    return BoardEntry(
        index,
        previous,
        tracker,
        entry_hash_of(index=index, previous=previous, tracker=tracker),
        ballot,
    )


def counted_entries(credentials: Sequence[bytes]) -> list[int]:
    """Indices of the board entries that count: the last one of each credential, in board order
    (with revoting off, a board holds at most one per credential, and this is every entry)."""
    last: dict[bytes, int] = {}
    for index, credential in enumerate(credentials):
        last[credential] = index
    return sorted(last.values())
