"""The BLT ballot format (ERS/OpenSTV/eSTV interchange format for ranked ballots).

::

    4 2              candidates, seats
    -2               optional: withdrawn candidates, as negative numbers
    3 1 3 4 0        weight, then candidate numbers (1-based) best first, then 0
    1 0              a blank ballot (weight 1)
    0                end of ballots
    "Anne"           one quoted name per candidate, in order
    "Bob"
    "Carol"
    "Dan"
    "Board 2026"     the title

Weights are whole numbers of ballots (at least 1). Equal rankings (``1=2``) and ballot ids are
not supported. Blank lines are ignored. Names may not contain a double quote. Every error
names its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.profile import RankedProfile

_QUOTED = re.compile(r'\s*"([^"]*)"\s*')


def _lines(text: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line.strip()


def _int(token: str, number: int, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise TallyError(f"{what} {token!r} is not a whole number", line=number) from None


def read_blt(text: str) -> RankedProfile:
    lines = _lines(text)
    try:
        number, header = next(lines)
    except StopIteration:
        raise TallyError("the file is empty", line=1) from None
    parts = header.split()
    if len(parts) != 2:
        raise TallyError("the first line must be 'candidates seats'", line=number)
    ncand = _int(parts[0], number, "the number of candidates")
    seats = _int(parts[1], number, "the number of seats")
    if ncand < 1:
        raise TallyError("there must be at least one candidate", line=number)
    if seats < 1:
        raise TallyError("there must be at least one seat", line=number)

    withdrawn: list[int] = []
    rankings: list[tuple[list[int], int]] = []
    seen_ballot = False
    ended = False
    for number, line in lines:
        tokens = line.split()
        if not seen_ballot and tokens[0].startswith("-"):
            for token in tokens:
                c = -_int(token, number, "withdrawn candidate")
                if not 1 <= c <= ncand:
                    raise TallyError(f"withdrawn candidate {token} does not exist", line=number)
                withdrawn.append(c - 1)
            seen_ballot = True
            continue
        seen_ballot = True
        if tokens == ["0"]:
            ended = True
            break
        if "=" in line:
            raise TallyError("equal rankings ('=') are not supported", line=number)
        weight = _int(tokens[0], number, "the ballot weight")
        if weight < 1:
            raise TallyError("a ballot weight must be at least 1", line=number)
        if tokens[-1] != "0":
            raise TallyError("a ballot line must end with 0", line=number)
        ranking: list[int] = []
        for token in tokens[1:-1]:
            c = _int(token, number, "candidate")
            if not 1 <= c <= ncand:
                raise TallyError(f"candidate {c} does not exist (1 to {ncand})", line=number)
            if c - 1 in ranking:
                raise TallyError(f"candidate {c} is ranked twice", line=number)
            ranking.append(c - 1)
        rankings.append((ranking, weight))
    if not ended:
        raise TallyError("the ballots are not ended by a line '0'", line=number + 1)

    strings: list[tuple[int, str]] = []
    for number, line in lines:
        pos = 0
        while pos < len(line):
            match = _QUOTED.match(line, pos)
            if match is None:
                raise TallyError(f"expected a quoted name, found {line[pos:]!r}", line=number)
            strings.append((number, match.group(1)))
            pos = match.end()
    last = strings[-1][0] if strings else number
    if len(strings) < ncand + 1:
        raise TallyError(
            f"expected {ncand} candidate names and a title, found {len(strings)} quoted strings",
            line=last + 1,
        )
    if len(strings) > ncand + 1:
        raise TallyError("unexpected text after the title", line=strings[ncand + 1][0])
    names = [name for _, name in strings[:ncand]]
    seen: dict[str, int] = {}
    for line_number, name in strings[:ncand]:
        if not name.strip():
            raise TallyError("a candidate's name is empty", line=line_number)
        if name in seen:
            raise TallyError(f"candidate {name!r} is listed twice", line=line_number)
        seen[name] = line_number
    return RankedProfile.from_rankings(
        names, rankings, withdrawn=withdrawn, seats=seats, title=strings[ncand][1]
    )


def write_blt(profile: RankedProfile) -> str:
    """The profile as BLT; reading it back gives an equal profile."""
    for name in (*profile.candidates, profile.title):
        if '"' in name:
            raise TallyError(f"{name!r} contains a double quote, which BLT cannot hold")
    out = [f"{len(profile.candidates)} {profile.seats}"]
    if profile.withdrawn:
        out.append(" ".join(f"-{c + 1}" for c in sorted(profile.withdrawn)))
    for ranking, count in profile.rankings():
        out.append(" ".join([str(count), *(str(c + 1) for c in ranking), "0"]))
    if profile.blank:
        out.append(f"{profile.blank} 0")
    out.append("0")
    out.extend(f'"{name}"' for name in profile.candidates)
    out.append(f'"{profile.title}"')
    return "\n".join(out) + "\n"
