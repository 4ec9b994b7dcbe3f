"""The whole record as one JSON document: its typed form, its top-level shape, and writing and
reading it (plain or gzip-compressed)."""

from __future__ import annotations

import gzip
import json
import multiprocessing
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from intercoop_tools.crypto.jsonshape import expect_list, expect_object, loads_strict
from intercoop_tools.record.board import BoardEntry
from intercoop_tools.record.encoding import FORMAT, VERSION, expect_hash
from intercoop_tools.record.manifest import Manifest
from intercoop_tools.record.result import Result
from intercoop_tools.record.tally import Tally

# --- the record ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Record:
    manifest: Manifest
    manifest_hash: bytes
    board: tuple[BoardEntry, ...]
    head: bytes
    tally: Tally
    result: Result

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "manifest": self.manifest.to_json(),
            "manifest_hash": self.manifest_hash.hex(),
            "board": {"entries": [e.to_json() for e in self.board], "head": self.head.hex()},
            "tally": self.tally.to_json(),
            "result": self.result.to_json(),
        }

    @classmethod
    def from_json(cls, value: object) -> Record:
        """Strict decoding of a whole record (every encoding checked; no semantic check)."""
        obj = expect_record_object(value)
        manifest = Manifest.from_json(obj["manifest"])
        board = expect_board(obj["board"])
        return cls(
            manifest,
            expect_hash(obj["manifest_hash"], where="manifest_hash"),
            tuple(BoardEntry.from_json(e, where=f"board.entries[{i}]") for i, e in board.entries),
            board.head,
            Tally.from_json(obj["tally"], params=manifest.description.params()),
            Result.from_json(obj["result"]),
        )


RECORD_KEYS = ("format", "version", "manifest", "manifest_hash", "board", "tally", "result")


def expect_record_object(value: object) -> dict[str, object]:
    return expect_object(value, RECORD_KEYS, where="record")


@dataclass(frozen=True, slots=True)
class RawBoard:
    entries: tuple[tuple[int, object], ...]
    head: bytes


def expect_board(value: object, *, where: str = "board") -> RawBoard:
    """The board's shape and head; its entries are left as JSON (decoded where they are
    verified, possibly in another process)."""
    obj = expect_object(value, ("entries", "head"), where=where)
    entries = expect_list(obj["entries"], where=f"{where}.entries")
    return RawBoard(tuple(enumerate(entries)), expect_hash(obj["head"], where=f"{where}.head"))


def record_dump(record: Record | Mapping[str, object], path: Path | str) -> None:
    """Write the record as JSON; gzip-compressed when the file name ends in ``.gz``."""
    data = record.to_json() if isinstance(record, Record) else record
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=True).encode()
    target = Path(path)
    if target.name.endswith(".gz"):
        target.write_bytes(gzip.compress(text, compresslevel=6, mtime=0))
    else:
        target.write_bytes(text)


def record_load_json(path: Path | str) -> object:
    """The JSON value of a record file, plain or gzip-compressed (detected by its magic bytes),
    read by the strict loader of every tool (``jsonshape.loads_strict``). Raises OSError or
    ValueError (``jsonshape.DuplicateKeyError`` for a key given twice)."""
    data = Path(path).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return loads_strict(data)


def pool_context() -> BaseContext:
    """Worker processes are forked where the platform allows it (the workers then start at
    once, with the module state they need); elsewhere they are spawned."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()
