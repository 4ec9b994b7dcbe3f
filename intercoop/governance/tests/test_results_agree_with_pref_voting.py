"""Our winners agree with pref_voting's on random small profiles.

Compared only where the comparison is meaningful: pref_voting returns a single winner (or a
single committee), and our count broke no tie (pref_voting breaks ties differently: its IRV
eliminates every last-placed candidate at once, its STV draws lots). Rankings are complete,
where pref_voting's Beat Path (margins) and our Schulze (winning votes) coincide.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from pref_voting.grade_methods import approval as pv_approval
from pref_voting.grade_profiles import GradeProfile
from pref_voting.iterative_methods import instant_runoff
from pref_voting.margin_based_methods import beat_path
from pref_voting.profiles import Profile
from pref_voting.proportional_methods import stv_meek as pv_stv_meek
from pref_voting.proportional_methods import stv_scottish as pv_stv_scottish
from pref_voting.scoring_methods import plurality as pv_plurality

from intercoop.governance.tests.strategies import NAMES, had_ties
from intercoop_tools.tally import (
    ChoiceProfile,
    RankedProfile,
    TallyResult,
    approval,
    irv,
    plurality,
    schulze,
    stv_meek,
    stv_scottish,
)

PROFILES = 150


def _random_profiles(seed: int) -> list[tuple[int, list[tuple[list[int], int]]]]:
    rng = random.Random(seed)
    out = []
    for _ in range(PROFILES):
        ncand = rng.randint(3, 5)
        # A few popular orders plus noise, so that results are not all ties.
        base = [rng.sample(range(ncand), ncand) for _ in range(3)]
        pairs = []
        for _ in range(rng.randint(3, 12)):
            ranking = (
                list(rng.choice(base)) if rng.random() < 0.6 else rng.sample(range(ncand), ncand)
            )
            pairs.append((ranking, rng.randint(1, 9)))
        out.append((ncand, pairs))
    return out


def _ours(ncand: int, pairs: list[tuple[list[int], int]], seats: int = 1) -> RankedProfile:
    return RankedProfile.from_rankings(NAMES[:ncand], pairs, seats=seats)


def _theirs(pairs: list[tuple[list[int], int]]) -> Profile:
    return Profile([r for r, _ in pairs], rcounts=[n for _, n in pairs])


def _names(winners: list[int]) -> list[str]:
    return [NAMES[c] for c in winners]


def test_plurality_and_approval_agree() -> None:
    compared = 0
    for ncand, pairs in _random_profiles(1):
        firsts = ChoiceProfile.from_choices(NAMES[:ncand], [({r[0]: 1}, n) for r, n in pairs])
        theirs = pv_plurality(_theirs(pairs))
        ours = plurality(firsts)
        if len(theirs) == 1 and not had_ties(ours.to_json()):
            assert ours.winners == _names(theirs)
            compared += 1
        top2 = [({r[0]: 1, r[1]: 1}, n) for r, n in pairs]
        graded = GradeProfile(
            [dict.fromkeys(b, 1) | {c: 0 for c in range(ncand) if c not in b} for b, _ in top2],
            [0, 1],
            gcounts=[n for _, n in top2],
            candidates=list(range(ncand)),
        )
        theirs = pv_approval(graded)
        ours = approval(ChoiceProfile.from_choices(NAMES[:ncand], top2))
        if len(theirs) == 1 and not had_ties(ours.to_json()):
            assert ours.winners == _names(theirs)
            compared += 1
    assert compared > PROFILES


def test_irv_and_schulze_agree() -> None:
    compared = 0
    for ncand, pairs in _random_profiles(2):
        profile = _ours(ncand, pairs)
        theirs = instant_runoff(_theirs(pairs))
        ours = irv(profile)
        if len(theirs) == 1 and not had_ties(ours.to_json()):
            assert ours.winners == _names(theirs)
            compared += 1
        theirs = beat_path(_theirs(pairs))
        ours = schulze(profile)
        if len(theirs) == 1:
            assert ours.winners == _names(theirs)
            compared += 1
    assert compared > PROFILES


def _pv_scottish(profile: Profile, seats: int) -> list[int]:
    return list(pv_stv_scottish(profile, num_seats=seats, rng=random.Random(0)))


def _pv_meek(profile: Profile, seats: int) -> list[int]:
    return list(pv_stv_meek(profile, num_seats=seats))


@pytest.mark.parametrize(
    ("ours_fn", "theirs_fn"), [(stv_scottish, _pv_scottish), (stv_meek, _pv_meek)]
)
def test_stv_committees_agree(
    ours_fn: Callable[..., TallyResult], theirs_fn: Callable[[Profile, int], list[int]]
) -> None:
    compared = 0
    for ncand, pairs in _random_profiles(3):
        seats = 2 if ncand > 3 else 1
        ours = ours_fn(_ours(ncand, pairs, seats), seats=seats)
        if had_ties(ours.to_json()):
            continue
        theirs = theirs_fn(_theirs(pairs), seats)
        assert sorted(ours.winners) == sorted(_names(theirs))
        compared += 1
    assert compared > PROFILES // 2
