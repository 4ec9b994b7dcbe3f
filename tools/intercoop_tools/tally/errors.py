"""The one exception the tally package raises for bad input."""

from __future__ import annotations


class TallyError(ValueError):
    """Input that cannot be counted: a malformed file, or ballots a method cannot take.

    ``line`` is the 1-based line number of the offending input, when there is one.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)
