"""The verifier's checks and its report: which checks a run has, in the order they are printed,
the failures found per check, and the heads of the board noted earlier (``--expect-head``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.jsonshape import DuplicateKeyError

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


# --- the record ---------------------------------------------------------------------------------


def plural(n: int, word: str) -> str:
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
