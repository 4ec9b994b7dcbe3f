"""Proxies: whether a member may hold another's proxy (:func:`check_proxy`), and whose vote
counts for whom when some vote in person (:func:`effective_votes`)."""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import date

from intercoop_tools.rules.eligibility import MemberFacts, eligible
from intercoop_tools.rules.rules import M, Problem, Rules, RulesError, gettext_noop

# --- Proxies -----------------------------------------------------------------------------


def check_proxy(
    grantor: MemberFacts,
    holder: MemberFacts,
    rules: Rules,
    existing_proxies_of_holder: int,
    record_date: date,
) -> None:
    """Raises ``RulesError`` if ``grantor`` may not give their proxy to ``holder``, who already
    holds ``existing_proxies_of_holder`` proxies for this vote.

    Codes: ``proxies_forbidden`` and ``proxy_to_self`` alone, since nothing else matters
    then; otherwise every one of ``proxy_grantor_ineligible``, ``proxy_holder_ineligible`` and
    ``proxy_holder_full`` that applies.
    """
    if not rules.proxies_allowed:
        raise RulesError(
            [Problem("proxies_forbidden", gettext_noop("These rules do not allow proxies."))]
        )
    if grantor.id == holder.id:
        raise RulesError(
            [Problem("proxy_to_self", gettext_noop("A member cannot hold their own proxy."))]
        )
    problems: list[Problem] = []
    checks = (
        ("proxy_grantor_ineligible", gettext_noop("The grantor cannot vote: %(reason)s"), grantor),
        ("proxy_holder_ineligible", gettext_noop("The holder cannot vote: %(reason)s"), holder),
    )
    for code, template, facts in checks:
        cause = eligible(facts, rules, record_date).problem
        if cause is not None:
            problems.append(Problem(code, template, {"reason": cause.message}, cause))
    limit = rules.max_proxies_per_holder
    if limit is not None and existing_proxies_of_holder >= limit:
        problems.append(
            Problem(
                "proxy_holder_full",
                gettext_noop(
                    "The holder already holds %(held)s proxies, the most these rules allow "
                    "(%(limit)s)."
                ),
                {"held": existing_proxies_of_holder, "limit": limit},
            )
        )
    if problems:
        raise RulesError(problems)


def effective_votes(in_person: Set[M], proxies: Mapping[M, M]) -> dict[M, M]:
    """Who casts each member's vote: member → the member casting it.

    A member who votes in person casts their own vote, which overrides any proxy they gave;
    the others' votes are cast by their proxy holder. Members who neither vote nor gave a
    proxy are absent from the result.
    """
    votes: dict[M, M] = {
        grantor: holder for grantor, holder in proxies.items() if grantor not in in_person
    }
    votes.update((member, member) for member in in_person)
    return votes
