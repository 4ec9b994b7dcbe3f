"""The methods by name, and which file format each reads."""

from __future__ import annotations

from collections.abc import Callable

from intercoop_tools.tally.blt import read_blt
from intercoop_tools.tally.csvformat import read_csv
from intercoop_tools.tally.errors import TallyError
from intercoop_tools.tally.irv import irv
from intercoop_tools.tally.meek import stv_meek
from intercoop_tools.tally.result import TallyResult
from intercoop_tools.tally.schulze import schulze
from intercoop_tools.tally.scottish import stv_scottish
from intercoop_tools.tally.simple import approval, plurality, score

RANKED = ("irv", "stv-scottish", "stv-meek", "schulze")
CHOICE = ("plurality", "approval", "score")
METHODS = RANKED + CHOICE


def count(
    text: str, method: str, *, seats: int | None = None, seed: str | None = None
) -> TallyResult:
    """Parse ``text`` in the method's format (BLT or CSV) and count it."""
    if seats is not None and seats < 1:
        raise TallyError("--seats must be at least 1")
    if method in RANKED:
        profile = read_blt(text)
        if method == "irv":
            if seats not in (None, 1):
                raise TallyError("irv elects one candidate; use stv-scottish or stv-meek for more")
            return irv(profile, seed=seed)
        ranked: dict[str, Callable[..., TallyResult]] = {
            "stv-scottish": stv_scottish,
            "stv-meek": stv_meek,
            "schulze": schulze,
        }
        return ranked[method](profile, seats=seats, seed=seed)
    if method == "plurality":
        return plurality(read_csv(text, "plurality"), seats=seats or 1, seed=seed)
    if method == "approval":
        return approval(read_csv(text, "approval"), seats=seats or 1, seed=seed)
    if method == "score":
        return score(read_csv(text, "score"), seats=seats or 1, seed=seed)
    raise TallyError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
