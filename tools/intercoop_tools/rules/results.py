"""Results: each option's exact share of a weighted vote, and which colleges' own results may be
published."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from intercoop_tools.rules.rules import College, Problem, Rules, RulesError, gettext_noop

# --- Results -----------------------------------------------------------------------------


def weighted_shares(
    per_college_counts: Mapping[str, Mapping[str, int]], rules: Rules
) -> dict[str, Fraction]:
    """Each option's share of the assembly's vote, exact.

    With weighted colleges, each college's result is taken as shares of its own valid votes,
    multiplied by its weight, and summed. A college with no valid vote has no result to
    weigh; its weight is shared among the colleges that voted, in proportion to their
    weights (each weight is divided by the sum of the weights of the colleges that voted).
    The law leaves this case to the statutes; this proportional rule keeps the other colleges'
    relative weights (see docs/governance-rules.md). Statutes that say otherwise need their
    own rule.

    Without weights, the votes of all colleges are pooled: one member, one vote.

    The shares add up to 1 when anyone voted; when no one did, every option has 0.
    """
    known = {c.key: c for c in rules.colleges}
    problems: list[Problem] = []
    for key, counts in sorted(per_college_counts.items()):
        if rules.colleges and key not in known:
            problems.append(
                Problem(
                    "unknown_college",
                    gettext_noop("Votes are counted for college '%(key)s', which does not exist."),
                    {"key": key},
                )
            )
        for option, count in sorted(counts.items()):
            if count < 0:
                problems.append(
                    Problem(
                        "negative_count",
                        gettext_noop("College '%(key)s' has %(count)s votes for '%(option)s'."),
                        {"key": key, "count": count, "option": option},
                    )
                )
    if problems:
        raise RulesError(problems)

    options = sorted({o for counts in per_college_counts.values() for o in counts})
    shares = dict.fromkeys(options, Fraction(0))
    if not rules.weighted:
        total = sum(sum(c.values()) for c in per_college_counts.values())
        if total == 0:
            return shares
        for counts in per_college_counts.values():
            for option, count in counts.items():
                shares[option] += Fraction(count, total)
        return shares

    voted = {k: c for k, c in per_college_counts.items() if sum(c.values()) > 0}
    weight_of_voters = sum((_weight(known[k]) for k in voted), Fraction(0))
    for key, counts in voted.items():
        valid = sum(counts.values())
        weight = _weight(known[key]) / weight_of_voters
        for option, count in counts.items():
            shares[option] += weight * Fraction(count, valid)
    return shares


def _weight(college: College) -> Fraction:
    # Only called on weighted rules, where every college has a weight.
    return college.weight if college.weight is not None else Fraction(0)


def publishable_colleges(
    per_college_counts: Mapping[str, Mapping[str, int]], rules: Rules
) -> set[str]:
    """Colleges whose own result may be published: those with at least
    ``min_college_ballots_to_publish`` ballots, so that a small college's votes stay secret."""
    return {
        key
        for key, counts in per_college_counts.items()
        if sum(counts.values()) >= rules.min_college_ballots_to_publish
    }
