"""The presets: a country's rules, built from the co-op's colleges and checked by
:func:`~intercoop_tools.rules.rules.validate` (the legal sources are in the package's
docstring and docs/governance-rules.md)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction

from intercoop_tools.rules.rules import (
    DEFAULT_CATEGORIES,
    ITALY_MAX_PROXIES,
    ITALY_MIN_MEMBERSHIP_DAYS,
    Category,
    College,
    Rules,
    validate,
)

# --- Presets -----------------------------------------------------------------------------


def _checked(rules: Rules) -> Rules:
    validate(rules)
    return rules


def scic_france(
    colleges: Sequence[College],
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    weighting_by_capital: bool = False,
    proxies_allowed: bool = True,
    max_proxies_per_holder: int | None = None,
    min_membership_days_to_vote: int = 0,
    notice_days: int = 15,
    quorum: Fraction = Fraction(1, 5),
    college_quorum: Mapping[str, Fraction] | None = None,
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """A French SCIC with voting colleges (loi n° 47-1775 du 10 septembre 1947, art. 19 octies;
    décret n° 2002-241 du 21 février 2002).

    Art. 19 octies: members may be grouped in at least three colleges; each college has an
    equal number of votes unless the statutes say otherwise, and then no college holds more
    than 50 % nor less than 10 % of the votes. Each member has one vote in their college,
    whatever their capital. When no college has a weight, the colleges get equal weights (the
    law's default). The quorum and notice defaults are those of usual SCIC-SA statutes (a fifth
    at the first call, none at the second; 15 days), not of the law: set the statutes' own.
    """
    cols = tuple(colleges)
    if cols and all(c.weight is None for c in cols):
        cols = tuple(replace(c, weight=Fraction(1, len(cols))) for c in cols)
    return _checked(
        Rules(
            preset="scic_france",
            colleges=cols,
            categories=tuple(categories),
            one_member_one_vote=True,
            weighting_by_capital=weighting_by_capital,
            proxies_allowed=proxies_allowed,
            max_proxies_per_holder=max_proxies_per_holder,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            college_quorum=dict(college_quorum or {}),
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )


def quebec(
    colleges: Sequence[College] = (),
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    min_membership_days_to_vote: int = 0,
    notice_days: int = 10,
    quorum: Fraction = Fraction(0),
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """A Québec co-operative (Loi sur les coopératives, RLRQ c. C-67.2).

    Art. 4 (2°): no member has more than one vote, whatever the number of shares held, and no
    one votes by proxy. Colleges (e.g. the categories of a solidarity co-op) may group members
    for the roll, but carry no weight. Unless the by-laws say otherwise the members present
    form the quorum, hence a default of 0; set the by-laws' quorum and notice period.
    """
    return _checked(
        Rules(
            preset="quebec",
            colleges=tuple(colleges),
            categories=tuple(categories),
            one_member_one_vote=True,
            weighting_by_capital=False,
            proxies_allowed=False,
            max_proxies_per_holder=None,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )


def italy(
    colleges: Sequence[College] = (),
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    proxies_allowed: bool = True,
    max_proxies_per_holder: int | None = ITALY_MAX_PROXIES,
    min_membership_days_to_vote: int = ITALY_MIN_MEMBERSHIP_DAYS,
    notice_days: int = 15,
    quorum: Fraction = Fraction(1, 2),
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """An Italian co-operative (Codice civile, art. 2538 and 2539).

    Art. 2538: members vote once they have been in the members' book for at least 90 days,
    with one vote each whatever their shares. Art. 2539: in a co-operative governed by the
    rules of the società per azioni, each member may represent at most ten members. The
    statutes may set stricter limits. The quorum and notice defaults follow the SpA rules
    (half of the votes at the first call, art. 2368; none at the second, art. 2369; 15 days,
    art. 2366); the statutes fix the co-op's own (art. 2538, fifth paragraph).
    """
    return _checked(
        Rules(
            preset="italy",
            colleges=tuple(colleges),
            categories=tuple(categories),
            one_member_one_vote=True,
            weighting_by_capital=False,
            proxies_allowed=proxies_allowed,
            max_proxies_per_holder=max_proxies_per_holder if proxies_allowed else None,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )


def custom(
    colleges: Sequence[College] = (),
    *,
    categories: Sequence[Category] = DEFAULT_CATEGORIES,
    one_member_one_vote: bool = True,
    weighting_by_capital: bool = False,
    proxies_allowed: bool = True,
    max_proxies_per_holder: int | None = None,
    min_membership_days_to_vote: int = 0,
    notice_days: int = 15,
    quorum: Fraction = Fraction(0),
    college_quorum: Mapping[str, Fraction] | None = None,
    second_call_quorum: Fraction = Fraction(0),
    min_college_ballots_to_publish: int = 5,
) -> Rules:
    """Whatever the co-op's statutes set, checked only for internal consistency."""
    return _checked(
        Rules(
            preset="custom",
            colleges=tuple(colleges),
            categories=tuple(categories),
            one_member_one_vote=one_member_one_vote,
            weighting_by_capital=weighting_by_capital,
            proxies_allowed=proxies_allowed,
            max_proxies_per_holder=max_proxies_per_holder,
            min_membership_days_to_vote=min_membership_days_to_vote,
            notice_days=notice_days,
            quorum=quorum,
            college_quorum=dict(college_quorum or {}),
            second_call_quorum=second_call_quorum,
            min_college_ballots_to_publish=min_college_ballots_to_publish,
        )
    )
