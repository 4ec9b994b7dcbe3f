"""The CSV ballot format for plurality, approval and score votes.

::

    count,ballot                  optional header row, as spreadsheets write it
    candidates,Anne+Bob+Carol     optional row before the ballots: every candidate, in
                                  tie-break order
    12,Anne                       count, then the ballot
    3,Anne+Carol                  approval: several names joined by '+'
    4,Anne:5+Bob:2                score: name:score, whole scores of 0 or more
    2,                            an empty ballot field is a blank vote

Fields follow RFC 4180 (quote a name that holds a comma). A name may not contain ``+`` or
``:``. Without the ``candidates`` row the candidates are the names that appear, in Unicode
code-point order. A UTF-8 byte order mark at the start is ignored. Every error names its line.
"""

from __future__ import annotations

import csv
import io
from typing import Literal

from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.profile import ChoiceProfile

Kind = Literal["plurality", "approval", "score"]


#: The header row a spreadsheet or a hand-written file usually starts with (any case).
HEADER = ("count", "ballot")


def read_csv(text: str, kind: Kind) -> ChoiceProfile:
    declared: list[str] | None = None
    rows: list[tuple[int, int, dict[str, int]]] = []
    first = True
    # Spreadsheets saving "CSV UTF-8" start the file with a byte order mark.
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    try:
        for fields in reader:
            number = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) != 2:
                raise TallyError(
                    f"expected 2 fields 'count,ballot', found {len(fields)}", line=number
                )
            head, ballot = fields[0].strip(), fields[1].strip()
            is_header = (head.lower(), ballot.lower()) == HEADER
            was_first, first = first, False
            if is_header:
                if not was_first:
                    raise TallyError("the header 'count,ballot' must be the first row", line=number)
                continue
            if head == "candidates":
                if declared is not None or rows:
                    raise TallyError(
                        "the 'candidates' row must be the first row (after any header)",
                        line=number,
                    )
                declared = [name.strip() for name in ballot.split("+")]
                if any(not name or ":" in name for name in declared):
                    raise TallyError("a declared candidate name is empty or has ':'", line=number)
                if len(set(declared)) != len(declared):
                    raise TallyError("a candidate is declared twice", line=number)
                continue
            try:
                count = int(head)
            except ValueError:
                raise TallyError(f"the count {head!r} is not a whole number", line=number) from None
            if count < 1:
                raise TallyError("the count must be at least 1", line=number)
            rows.append((number, count, _ballot(ballot, kind, number)))
    except csv.Error as exc:
        raise TallyError(f"not valid CSV: {exc}", line=reader.line_num) from None

    if declared is None:
        names = sorted({name for _, _, marks in rows for name in marks})
    else:
        names = declared
    if not names:
        raise TallyError("no candidate is named", line=1)
    index = {name: i for i, name in enumerate(names)}
    ballots: list[tuple[dict[int, int], int]] = []
    for number, count, marks in rows:
        scored: dict[int, int] = {}
        for name, value in marks.items():
            if name not in index:
                raise TallyError(f"{name!r} is not a declared candidate", line=number)
            scored[index[name]] = value
        ballots.append((scored, count))
    return ChoiceProfile.from_choices(names, ballots)


def _ballot(field: str, kind: Kind, number: int) -> dict[str, int]:
    if not field:
        return {}
    out: dict[str, int] = {}
    for part in field.split("+"):
        name, sep, value = part.partition(":")
        name = name.strip()
        if not name:
            raise TallyError("a ballot has an empty name", line=number)
        if kind == "score":
            if not sep:
                raise TallyError(f"{name!r} has no score (write name:score)", line=number)
            try:
                score = int(value.strip())
            except ValueError:
                raise TallyError(
                    f"the score {value.strip()!r} is not a whole number", line=number
                ) from None
            if score < 0:
                raise TallyError("a score is negative", line=number)
        else:
            if sep:
                raise TallyError(f"a {kind} ballot has no scores ({part!r})", line=number)
            score = 1
        if name in out:
            raise TallyError(f"{name!r} appears twice in one ballot", line=number)
        out[name] = score
    if kind == "plurality" and len(out) > 1:
        raise TallyError("a plurality ballot names more than one candidate", line=number)
    return out


def write_csv(profile: ChoiceProfile, kind: Kind) -> str:
    """The profile as CSV, with the ``candidates`` row; reading it back gives an equal profile."""
    for name in profile.candidates:
        if "+" in name or ":" in name:
            raise TallyError(f"{name!r} contains '+' or ':', which this CSV format cannot hold")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["candidates", "+".join(profile.candidates)])
    for ballot, count in profile.choices():
        if kind == "score":
            field = "+".join(f"{profile.candidates[c]}:{s}" for c, s in sorted(ballot.items()))
        else:
            field = "+".join(profile.candidates[c] for c in sorted(ballot))
        writer.writerow([count, field])
    if profile.blank:
        writer.writerow([profile.blank, ""])
    return buffer.getvalue()
