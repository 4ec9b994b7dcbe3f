"""Reads of decisions: lists, who may cast which ballot, the result as pages show it, the
anonymous ballot bundle, and what the services compute from reads before they store it (the
frozen rules, the roll's hash, a ballot's canonical form, the count)."""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from intercoop.core.errors import ServiceError
from intercoop.core.i18n import percent_text
from intercoop.governance.models import (
    Attendance,
    Decision,
    Meeting,
    Member,
    Option,
    Participation,
    Proxy,
    RollEntry,
    SecretBallotCount,
)
from intercoop.governance.results import (
    CollegeResult,
    CollegeTurnout,
    DecisionResult,
    Outcome,
    Overall,
    Quorum,
    QuorumCheck,
    RulesSnapshot,
    stored_result,
)
from intercoop.governance.results import Turnout as ResultTurnout
from intercoop.governance.selectors.register import rules_of
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm
from intercoop_tools.rules import rules
from intercoop_tools.rules.results import publishable_colleges
from intercoop_tools.tally import bundle
from intercoop_tools.tally.profile import ChoiceProfile, RankedProfile

# What the decisions list shows of each. A decision's stored result and frozen rules, and its
# meeting's minutes, are kilobytes of JSON and text each: a list loading them decoded them all.
LIST_FIELDS = ("title", "method", "secrecy", "state", "closes_at", "meeting", "meeting__title")
# The methods whose ballot names one option at most.
ONE_CHOICE = (Decision.Method.YES_NO, Decision.Method.CONSENT, Decision.Method.SINGLE)


def decision_list(organization: Organization) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(organization=organization)
        .select_related("meeting")
        .only(*LIST_FIELDS)
    )


def decision_of(organization: Organization, decision_id: int) -> Decision:
    """One decision of this co-op; 404 for any other co-op's."""
    decision = get_object_or_404(
        Decision.objects.select_related("proposal", "meeting"),
        organization=organization,
        pk=decision_id,
    )
    decision.organization = organization  # the caller's, not a second copy joined in
    return decision


def options_of(decision: Decision) -> list[Option]:
    return list(decision.options.order_by("position", "pk"))


@dataclass(frozen=True)
class Ballot:
    """A ballot the user may cast: a member's own, or one they hold a proxy for."""

    member: Member
    holder: Member | None  # the proxy holder the user casts as, if a proxy
    voted: bool


def ballots_for(decision: Decision, user: Any) -> list[Ballot]:
    """The ballots ``user`` may cast in this decision, as ``ballot_cast`` will allow them."""
    if not user.is_authenticated or decision.state != Decision.State.OPEN:
        return []
    # Only the rows of the user's own roll entries and proxies are read, never the whole roll,
    # its ballots or the attendance: the page of a co-op of thousands reads a few rows.
    entries = list(RollEntry.objects.filter(decision=decision, voter=user).select_related("member"))
    proxies = []
    if decision.meeting_id is not None:
        held = Proxy.objects.filter(
            Q(holder__user=user) | Q(holder__representative_user=user),
            meeting_id=decision.meeting_id,
            revoked_at=None,
        ).select_related("grantor", "holder__user", "holder__representative_user")
        proxies = [p for p in held if p.holder.voter is not None and p.holder.voter.pk == user.pk]
    grantors = [proxy.grantor_id for proxy in proxies]
    members = [entry.member_id for entry in entries] + grantors
    if not members:
        return []
    voted = set(
        Participation.objects.filter(decision=decision, member_id__in=members).values_list(
            "member_id", flat=True
        )
    )
    modes: dict[int, str] = {}
    on_roll: set[int] = set()
    if decision.meeting_id is not None:
        modes = dict(
            Attendance.objects.filter(
                meeting_id=decision.meeting_id, member_id__in=members
            ).values_list("member_id", "mode")
        )
        if grantors:
            on_roll = set(
                RollEntry.objects.filter(decision=decision, member_id__in=grantors).values_list(
                    "member_id", flat=True
                )
            )
    own = []
    for entry in entries:
        if decision.meeting_id is None or modes.get(entry.member_id) in ("in_person", "remote"):
            own.append(Ballot(entry.member, None, entry.member_id in voted))
    for proxy in proxies:
        if proxy.grantor_id in on_roll and modes.get(proxy.grantor_id) == "proxy":
            own.append(Ballot(proxy.grantor, proxy.holder, proxy.grantor_id in voted))
    return own


@dataclass(frozen=True)
class Turnout:
    roll_size: int
    ballots: int

    @property
    def percent(self) -> float:
        return 100 * self.ballots / self.roll_size if self.roll_size else 0.0


def turnout(decision: Decision) -> Turnout:
    # Two counts: one query of two subqueries took more CPU to build than a second query takes.
    return Turnout(
        roll_size=RollEntry.objects.filter(decision=decision).count(),
        ballots=Participation.objects.filter(decision=decision).count(),
    )


@dataclass(frozen=True)
class ClosingSummary:
    """What the board must know before closing a vote: when it was to close, and who voted."""

    closes_at: Any  # datetime | None
    early: bool  # closing before the date the members were given
    turnout: Turnout

    @property
    def not_voted(self) -> int:
        return self.turnout.roll_size - self.turnout.ballots


def closing_summary(decision: Decision, now: Any = None) -> ClosingSummary:
    now = now or timezone.now()
    return ClosingSummary(
        closes_at=decision.closes_at,
        early=decision.closes_at is not None and now < decision.closes_at,
        turnout=turnout(decision),
    )


# --- The rules a decision is counted under, and its ballots for the tally -------------------

GENERAL_NAME = gettext_noop("All members")


def rules_from_snapshot(data: RulesSnapshot) -> rules.Rules:
    def frac(value: str | None) -> Fraction:
        return Fraction(value) if value is not None else Fraction(0)

    return rules.Rules(
        preset=data["preset"],
        colleges=tuple(
            rules.College(
                key=c["key"],
                name=c["name"],
                categories=frozenset(c["categories"]),
                weight=Fraction(c["weight"]) if c["weight"] is not None else None,
            )
            for c in data["colleges"]
        ),
        categories=tuple(rules.Category(c["key"], c["label"]) for c in data["categories"]),
        one_member_one_vote=data["one_member_one_vote"],
        weighting_by_capital=data["weighting_by_capital"],
        proxies_allowed=data["proxies_allowed"],
        max_proxies_per_holder=data["max_proxies_per_holder"],
        min_membership_days_to_vote=data["min_membership_days_to_vote"],
        notice_days=data["notice_days"],
        quorum=frac(data["quorum"]),
        college_quorum={k: frac(v) for k, v in data["college_quorum"].items()},
        second_call_quorum=frac(data["second_call_quorum"]),
        min_college_ballots_to_publish=data["min_college_ballots_to_publish"],
    )


def decision_rules(decision: Decision) -> rules.Rules:
    """The rules the decision is counted under: its snapshot once open."""
    if decision.rules_snapshot is not None:
        return rules_from_snapshot(decision.rules_snapshot)
    return rules_of(decision.organization)


def college_list(r: rules.Rules) -> list[tuple[str, str, Fraction | None]]:
    """(key, name, weight) of each college, in the rules' order; one general college without."""
    if not r.colleges:
        return [(rules.GENERAL, _(GENERAL_NAME), None)]
    return [(c.key, c.name, c.weight if r.weighted else None) for c in r.colleges]


def ballot_text(canonical: list[Any]) -> str:
    return json.dumps(canonical, separators=(",", ":"))


def stored_ballots(decision: Decision) -> dict[str, list[tuple[list[Any], int]]]:
    """The ballots by college as (canonical ballot, count) pairs, public or secret alike."""
    out: dict[str, list[tuple[list[Any], int]]] = defaultdict(list)
    if decision.secrecy == Decision.Secrecy.SECRET:
        for college, text, n in SecretBallotCount.objects.filter(
            decision=decision, count__gt=0
        ).values_list("college", "choices", "count"):
            out[college].append((json.loads(text), n))
    else:
        grouped: dict[tuple[str, str], int] = defaultdict(int)
        for college, choices in Participation.objects.filter(decision=decision).values_list(
            "college", "choices"
        ):
            grouped[(college, ballot_text(choices or []))] += 1
        for (college, text), n in sorted(grouped.items()):
            out[college].append((json.loads(text), n))
    return out


def count_spec(decision: Decision, options: Sequence[Option]) -> bundle.Spec:
    return bundle.Spec(
        method=decision.method,
        options=tuple(bundle.safe_name(o.label) for o in options),
        seats=decision.seats,
        threshold=decision.threshold_fraction,
        title=decision.title.replace('"', "'"),
    )


def count_colleges(decision: Decision) -> tuple[bundle.Spec, list[bundle.College]]:
    """The decision's ballots as the tally engine's profiles, one per college."""
    options = list(decision.options.order_by("position", "pk"))
    index = {o.pk: i for i, o in enumerate(options)}
    spec = count_spec(decision, options)
    ballots = stored_ballots(decision)
    colleges = []
    for key, name, weight in college_list(decision_rules(decision)):
        pairs = ballots.get(key, [])
        profile: RankedProfile | ChoiceProfile
        if decision.ranked:
            profile = RankedProfile.from_rankings(
                spec.options,
                [([index[o] for o in ballot], n) for ballot, n in pairs],
                seats=decision.seats,
                title=spec.title,
            )
        elif decision.method == Decision.Method.SCORE:
            profile = ChoiceProfile.from_choices(
                spec.options, [({index[o]: s for o, s in ballot}, n) for ballot, n in pairs]
            )
        else:
            profile = ChoiceProfile.from_choices(
                spec.options, [({index[o]: 1 for o in ballot}, n) for ballot, n in pairs]
            )
        colleges.append(bundle.College(key=key, name=name, weight=weight, profile=profile))
    return spec, colleges


# --- The result page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # as shown
    percent: float  # 0..100, the bar's length
    winner: bool = False
    y: int = 0  # the bar's row in the chart, in SVG units

    @property
    def value_x(self) -> int:
        return 205 + self.width

    @property
    def width(self) -> int:
        """The bar's length in SVG units (of 400)."""
        return round(4 * self.percent)


ROW = 24


def _placed(bars: list[Bar]) -> list[Bar]:
    return [Bar(b.label, b.value, b.percent, b.winner, y=i * ROW) for i, b in enumerate(bars)]


def chart_height(bars: list[Bar]) -> int:
    return len(bars) * ROW


def _percent(value: Fraction | float) -> float:
    return round(float(value) * 100, 2)


def _labels(decision: Decision) -> dict[str, str]:
    return {bundle.safe_name(o.label): o.label for o in options_of(decision)}


def _bars(counts: dict[str, Any], labels: dict[str, str], winners: list[str]) -> list[Bar]:
    values = {k: float(v) for k, v in counts.items()}
    total = sum(values.values())
    return _placed(
        [
            Bar(
                label=labels.get(name, name),
                value=_shown(counts[name], None),
                percent=round(100 * values[name] / total, 2) if total else 0.0,
                winner=name in winners,
            )
            for name in counts
        ]
    )


def _number(value: Any) -> Decimal | None:
    """A tally's figure (an int, a float, or a fixed-point string such as "12.50000") as a
    Decimal; None when it is not a number."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


_CENTS = Decimal("0.01")


def vote_figure(value: Any, scale: int | None = None) -> Any:
    """A number of votes as the result page shows it.

    With weighted colleges (``scale``: the ranked count's units per whole assembly vote) the
    figure becomes a percentage of the assembly's vote with two decimals. Otherwise whole
    numbers stay whole and any other figure (Scottish STV's five-decimal fixed point, Meek's
    floats) is rounded to two decimals; the export keeps the full precision."""
    number = _number(value)
    if number is None:
        return value
    if scale:
        return (number * 100 / Decimal(scale)).quantize(_CENTS, rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return int(number)
    return number.quantize(_CENTS, rounding=ROUND_HALF_UP)


def _shown(value: Any, scale: int | None) -> str:
    """A figure of votes as text, localized, with " %" when it is a share of the assembly."""
    figure = vote_figure(value, scale)
    if isinstance(figure, (int, Decimal)):
        text = localize(figure)
        return f"{text}\u00a0%" if scale else text  # no break before the %
    return str(figure)


# Round keys holding a number of votes (scaled like the tallies), by method: IRV (``exhausted``,
# ``continuing_votes``, ``majority``), Scottish STV (``quota``, ``surplus``, ``total``,
# ``lost_to_truncation``, ``non_transferable``), Meek STV (``quota``, ``excess``).
_VOTE_KEYS = (
    "quota",
    "surplus",
    "total",
    "lost_to_truncation",
    "non_transferable",
    "exhausted",
    "continuing_votes",
    "majority",
    "excess",
)
# Keys the rows of the table already show, or that the notes render together.
_TABLE_KEYS = (
    "tallies",
    "votes",
    "elected",
    "excluded",
    "eliminated",
    "round",
    "stage",
    "transfers",
    "action",
    "candidate",
)


def _vote_labels() -> dict[str, str]:
    return {
        "quota": _("Quota"),
        "surplus": _("Surplus"),
        "total": _("Votes of the candidate before the transfer"),
        "lost_to_truncation": _("Lost to truncation"),
        "non_transferable": _("Non-transferable (running total)"),
        "exhausted": _("Exhausted ballots (no preference left)"),
        "continuing_votes": _("Votes for the candidates still in the race"),
        "majority": _("Majority needed to win"),
        "excess": _("Excess (votes left after the last preference)"),
    }


def _plain(value: Any, labels: dict[str, str], scale: int | None = None) -> str:
    """Any value of a round as readable text: names by their labels, numbers formatted,
    lists joined, mappings as "key value" pairs; never a Python repr."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        if value in labels:
            return labels[value]
        return _shown(value, None) if _number(value) is not None else value
    if isinstance(value, (int, float)):
        return _shown(value, scale)
    if isinstance(value, dict):
        return "; ".join(
            f"{labels.get(str(k), str(k))}: {_plain(v, labels, scale)}" for k, v in value.items()
        )
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_plain(v, labels, scale) for v in value)
    return str(value)


def _tie_note(tie: Any, labels: dict[str, str]) -> str:
    if not isinstance(tie, dict):
        return _plain(tie, labels)
    how = str(tie.get("broken_by") or "")
    ways = {"tie-break order": _("the tie-break order")}
    if how.startswith("earlier rounds"):
        how_text = _("the votes at earlier rounds")
    else:
        how_text = ways.get(how, how)
    return _("Tie between %(names)s, broken by %(how)s") % {
        "names": _plain(tie.get("candidates") or [], labels),
        "how": how_text,
    }


def _transfer_values(values: Any) -> str:
    """Scottish STV's transfer values (value when received → value when transferred), as
    ratios with their five decimals: they are not numbers of votes."""
    if not isinstance(values, dict):
        return _plain(values, {})
    items = list(values.items())
    if len(items) == 1 and _number(items[0][0]) == 1:
        return str(localize(_number(items[0][1])))
    return "; ".join(
        _("%(new)s for papers received at %(old)s")
        % {"new": localize(_number(new)), "old": localize(_number(old))}
        if _number(new) is not None and _number(old) is not None
        else f"{old} → {new}"
        for old, new in items
    )


def round_notes(
    round_: dict[str, Any], labels: dict[str, str], scale: int | None = None
) -> list[tuple[str, str]]:
    """What a round of IRV, Scottish STV or Meek STV did besides the tallies, as (label,
    value) pairs ready to show; the value is "" for a note that is a sentence of its own."""
    notes: list[tuple[str, str]] = []
    action = round_.get("action")
    who = labels.get(str(round_.get("candidate")), str(round_.get("candidate") or ""))
    if action == "first preferences":
        notes.append((_("First preferences"), ""))
    elif action == "surplus":
        notes.append((_("Transfer of the surplus of %(name)s") % {"name": who}, ""))
    elif action == "exclusion":
        notes.append((_("Exclusion of %(name)s") % {"name": who}, ""))
    elif action:
        notes.append((_plain(action, labels), ""))
    elif "candidate" in round_ and round_["candidate"] not in (None, "", [], {}):
        notes.append((_("Candidate"), _plain(round_["candidate"], labels)))
    vote_labels = _vote_labels()
    for key, value in round_.items():
        if key in _TABLE_KEYS or value in (None, [], {}, ""):
            continue
        if key in vote_labels:
            notes.append((vote_labels[key], _shown(value, scale)))
        elif key == "transfer_values":
            notes.append((_("Transfer value"), _transfer_values(value)))
        elif key == "elected_last_vacancies":
            notes.append((_("Elected to the last vacancies"), _plain(value, labels)))
        elif key == "elected_order_ties":
            notes.append((_("Order of election decided by a tie-break"), _plain(value, labels)))
        elif key == "tie":
            notes.append((_tie_note(value, labels), ""))
        elif key == "iterations":
            notes.append((_("Iterations"), _plain(value, labels)))
        elif key == "keep":
            notes.append(
                (
                    _("Keep values"),
                    "; ".join(
                        f"{labels.get(str(k), str(k))}: {localize(round(float(v), 5))}"
                        for k, v in value.items()
                    )
                    if isinstance(value, dict)
                    else _plain(value, labels),
                )
            )
        else:
            notes.append((str(key).replace("_", " ").capitalize(), _plain(value, labels, scale)))
    moved = round_.get("transfers")
    if isinstance(moved, dict) and "exhausted" in moved:
        notes.append((_("Transferred to no one (exhausted)"), _shown(moved["exhausted"], scale)))
    return notes


def _round_table(
    round_: dict[str, Any], labels: dict[str, str], scale: int | None = None
) -> dict[str, Any]:
    """One round of IRV or STV as rows (candidate, votes, status) plus notes."""
    tallies = round_.get("tallies") or round_.get("votes") or {}
    elected = set(_names(round_.get("elected"))) | set(_names(round_.get("elected_last_vacancies")))
    excluded = set(_names(round_.get("excluded"))) | set(_names(round_.get("eliminated")))
    if round_.get("action") == "exclusion" and isinstance(round_.get("candidate"), str):
        excluded.add(round_["candidate"])
    moved = round_.get("transfers")
    transfers: dict[str, Any] = moved if isinstance(moved, dict) else {}
    rows = [
        {
            "label": labels.get(name, name),
            "votes": _shown(value, scale),
            "transfer": _shown(transfers[name], scale) if name in transfers else "",
            "elected": name in elected,
            "excluded": name in excluded,
        }
        for name, value in tallies.items()
    ]
    return {
        "number": round_.get("round") or round_.get("stage"),
        "rows": rows,
        "notes": round_notes(round_, labels, scale),
    }


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def result_view(decision: Decision) -> dict[str, Any] | None:
    """What the result page shows, from the stored result."""
    result = stored_result(decision.result)
    if not isinstance(result, DecisionResult):
        # A verifiable decision's result is the election's (intercoop.ballots pages).
        return None
    labels = _labels(decision)
    r = decision_rules(decision)
    turnout_ = result.turnout
    publishable = set(turnout_.publishable)
    overall = result.overall
    verdict = result_verdict(decision, result, labels)
    # A decision that fails (quorum, threshold, block) chooses nothing: no option is marked.
    winners = list(overall.winners) if verdict.decided else []
    overall_bars: list[Bar] = []
    if overall.shares:
        overall_bars = _placed(
            [
                Bar(
                    label=labels.get(k, k),
                    value=percent_text(_percent(Fraction(v))),
                    percent=_percent(Fraction(v)),
                    winner=k in winners,
                )
                for k, v in overall.shares.items()
            ]
        )
    elif overall.counts:
        overall_bars = _bars(overall.counts, labels, winners)
    colleges = []
    for college, row in zip(result.colleges, turnout_.colleges, strict=True):
        shown = college.key in publishable
        college_count = college.count if shown else None
        bars = (
            _bars(
                college_count.counts,
                labels,
                list(college_count.winners) if verdict.decided else [],
            )
            if college_count and college_count.counts
            else []
        )
        colleges.append(
            {
                "key": college.key,
                "name": college.name,
                "weight": (
                    _percent(Fraction(college.weight)) if college.weight is not None else None
                ),
                "roll": row.roll,
                "voted": row.voted,
                "blank": college.blank,
                "abstain": college.abstain,
                "quorum": _percent(Fraction(row.quorum)) if row.quorum else None,
                "quorum_met": row.met,
                "shown": shown,
                "bars": bars,
                "winners": [
                    labels.get(w, w) for w in (college_count.winners if college_count else ())
                ],
                "height": chart_height(bars),
            }
        )
    rounds = []
    pairwise = None
    if decision.ranked and overall.rounds:
        if decision.method == Decision.Method.SCHULZE:
            round_ = overall.rounds[0]
            matrix = round_.get("pairwise") or {}
            names = [n for n in result.options if n in matrix]
            if names:
                pairwise = {
                    "labels": [labels.get(n, n) for n in names],
                    "rows": [
                        (
                            labels.get(a, a),
                            [(b, matrix[a].get(b, "")) for b in names],
                            a,
                        )
                        for a in names
                    ],
                }
        else:
            scale = overall.scale if result.weighted else None
            rounds = [_round_table(rd, labels, scale) for rd in overall.rounds]
    quorum = turnout_.quorum
    return {
        "result": result,
        "turnout": turnout_,
        "turnout_percent": (
            _percent(Fraction(turnout_.ballots, turnout_.roll_size)) if turnout_.roll_size else 0
        ),
        "quorum": quorum,
        "quorum_required": _percent(Fraction(quorum.required)) if quorum.required else None,
        "weighted": result.weighted,
        "scale": overall.scale,
        "winners": [labels.get(w, w) for w in winners],
        "empty": overall.empty,
        "overall_bars": overall_bars,
        "overall_height": chart_height(overall_bars),
        "colleges": colleges,
        "withheld": [c for c in colleges if not c["shown"]],
        "min_ballots": r.min_college_ballots_to_publish,
        "outcome": result.outcome,
        "share_for": (
            _percent(Fraction(result.outcome.share_for))
            if result.outcome and result.outcome.share_for
            else None
        ),
        "threshold_percent": _percent(decision.threshold_fraction),
        "adopted": result.adopted,
        "rounds": rounds,
        "pairwise": pairwise,
        "method_note": _method_note(decision),
        "verdict": verdict,
    }


@dataclass(frozen=True)
class Verdict:
    """What a closed decision decided, in one sentence that comes first on the result page,
    with its reason; ``details`` adds what the count gave when the quorum made it moot."""

    decided: bool  # adopted, or someone chosen
    text: str
    details: str = ""


def _pct(value: Fraction) -> str:
    return number_format(round(float(value) * 100, 1), decimal_pos=1)


def _quorum_failures(result: DecisionResult) -> list[str]:
    """Why the quorum failed, overall then college by college, with the figures."""
    turnout_ = result.turnout
    quorum = turnout_.quorum
    if quorum.source == "meeting":
        return [_("the general meeting did not reach its quorum")]
    reasons = []
    required = Fraction(quorum.required or 0)
    roll, ballots = turnout_.roll_size, turnout_.ballots
    if not roll or Fraction(ballots, roll) < required:
        reasons.append(
            ngettext(
                "the quorum was not reached (%(ballots)s of %(roll)s member voted; "
                "%(needed)s needed)",
                "the quorum was not reached (%(ballots)s of %(roll)s members voted; "
                "%(needed)s needed)",
                roll,
            )
            % {"ballots": ballots, "roll": roll, "needed": math.ceil(required * roll)}
        )
    for college in turnout_.colleges:
        if college.met:
            continue
        college_required = Fraction(college.quorum or 0)
        reasons.append(
            ngettext(
                "the college %(college)s did not reach its quorum (%(ballots)s of %(roll)s "
                "member voted; %(needed)s needed)",
                "the college %(college)s did not reach its quorum (%(ballots)s of %(roll)s "
                "members voted; %(needed)s needed)",
                college.roll,
            )
            % {
                "college": college.name,
                "ballots": college.voted,
                "roll": college.roll,
                "needed": math.ceil(college_required * college.roll),
            }
        )
    return reasons or [_("the quorum was not reached")]


def _threshold_text(outcome: Outcome, threshold: Fraction) -> dict[str, str]:
    return {
        "share": _pct(Fraction(outcome.share_for or 0)),
        "threshold": _pct(threshold),
    }


def result_verdict(decision: Decision, result: DecisionResult, labels: dict[str, str]) -> Verdict:
    """The outcome of a closed decision and why, from its stored result."""
    outcome = result.outcome
    overall = result.overall
    quorum_met = bool(result.turnout.quorum.met)
    if not quorum_met:
        reason = "; ".join(_quorum_failures(result))
        details = ""
        if outcome is not None and decision.method == Decision.Method.YES_NO:
            values = _threshold_text(outcome, decision.threshold_fraction)
            details = (
                _(
                    "The ballots cast gave Yes %(share)s %% of the votes for or against (more "
                    "than %(threshold)s %% needed), but without its quorum the vote decides "
                    "nothing."
                )
                if outcome.rule == "more_than"
                else _(
                    "The ballots cast gave Yes %(share)s %% of the votes for or against (at "
                    "least %(threshold)s %% needed), but without its quorum the vote decides "
                    "nothing."
                )
            ) % values
        if outcome is not None:
            return Verdict(False, _("Not adopted: %(reason)s.") % {"reason": reason}, details)
        return Verdict(False, _("No one is chosen: %(reason)s.") % {"reason": reason})
    if overall.empty:
        if outcome is not None:
            return Verdict(False, _("Not adopted: no valid ballot was cast."))
        return Verdict(False, _("No valid ballot was cast: no one is chosen."))
    if outcome is None:
        winners = [labels.get(w, w) for w in overall.winners]
        if not winners:
            return Verdict(False, _("No valid ballot was cast: no one is chosen."))
        return Verdict(True, _("Chosen: %(winners)s.") % {"winners": ", ".join(winners)})
    adopted = bool(result.adopted)
    if decision.method == Decision.Method.YES_NO:
        values = _threshold_text(outcome, decision.threshold_fraction)
        strict = outcome.rule == "more_than"
        if adopted:
            text = (
                _(
                    "Adopted: Yes received %(share)s %% of the votes for or against (more than "
                    "%(threshold)s %% needed), and the quorum was reached."
                )
                if strict
                else _(
                    "Adopted: Yes received %(share)s %% of the votes for or against (at least "
                    "%(threshold)s %% needed), and the quorum was reached."
                )
            )
        else:
            text = (
                _(
                    "Not adopted: Yes received %(share)s %% of the votes for or against; more "
                    "than %(threshold)s %% was needed."
                )
                if strict
                else _(
                    "Not adopted: Yes received %(share)s %% of the votes for or against; at "
                    "least %(threshold)s %% was needed."
                )
            )
        return Verdict(adopted, text % values)
    # consent
    blocks = int(outcome.blocks or 0)
    if adopted:
        return Verdict(
            True,
            _(
                "Adopted: no one blocked, more members agreed than disagreed, and the quorum "
                "was reached."
            ),
        )
    if blocks:
        return Verdict(
            False,
            ngettext(
                "Not adopted: %(blocks)s member blocked it.",
                "Not adopted: %(blocks)s members blocked it.",
                blocks,
            )
            % {"blocks": blocks},
        )
    return Verdict(False, _("Not adopted: no more members agreed than disagreed."))


def _method_note(decision: Decision) -> str:
    notes: dict[str, str] = {
        Decision.Method.CONSENT: _(
            "Consent passes when no one blocks and more members agree than disagree; "
            "abstentions and blank ballots count for the quorum only."
        ),
        Decision.Method.YES_NO: _(
            "Blank ballots count for the quorum, not as votes; the share of Yes is taken among "
            "Yes and No."
        ),
    }
    return str(notes.get(decision.method, ""))


# --- Who voted what (public votes) -----------------------------------------------------------


@dataclass(frozen=True)
class NamedBallot:
    """One line of a public vote's roll call: a member who voted, and what."""

    member: str
    college: str
    weight: float | None  # the college's weight in percent, when the colleges are weighted
    choices: str  # as read: "Anne", "1. Anne, 2. Bob", "Anne: 3; Bob: 5"; "" for a blank one
    proxy: str  # the proxy holder who cast it, if any
    # In a college too small for its own result to be published (the rules'
    # ``min_college_ballots_to_publish``), its members' choices are withheld too.
    withheld: bool = False


def _choices_text(decision: Decision, choices: Any, labels: dict[int, str]) -> str:
    if not choices:
        return ""
    if decision.method == Decision.Method.SCORE:
        return "; ".join(
            _("%(option)s: %(score)s") % {"option": labels.get(o, "?"), "score": points}
            for o, points in choices
        )
    if decision.ranked:
        return ", ".join(
            f"{rank}.\u00a0{labels.get(o, '?')}" for rank, o in enumerate(choices, start=1)
        )
    return ", ".join(labels.get(o, "?") for o in choices)


def named_ballots(decision: Decision, user: Any) -> list[NamedBallot] | None:
    """The roll call of a closed public vote: each member who voted and their ballot, for the
    people of the co-op who may see its decisions. None for anyone else, for a vote still open,
    and always for secret and verifiable votes, whose choices no one may link to a voter."""
    if (
        decision.secrecy != Decision.Secrecy.PUBLIC
        or decision.state != Decision.State.CLOSED
        or not has_perm(user, Perm.VIEW_DECISIONS, decision.organization)
    ):
        return None
    labels = {o.pk: o.label for o in options_of(decision)}
    colleges = {key: (name, weight) for key, name, weight in college_list(decision_rules(decision))}
    result = stored_result(decision.result)
    publishable = set(result.turnout.publishable) if result is not None else set()
    rows = []
    for ballot in Participation.objects.filter(decision=decision).select_related(
        "member", "cast_via"
    ):
        name, weight = colleges.get(ballot.college, (ballot.college, None))
        withheld = ballot.college not in publishable
        rows.append(
            NamedBallot(
                member=ballot.member.name,
                college=str(name),
                weight=_percent(weight) if weight is not None else None,
                choices="" if withheld else _choices_text(decision, ballot.choices, labels),
                proxy=ballot.cast_via.name if ballot.cast_via else "",
                withheld=withheld,
            )
        )
    return sorted(rows, key=lambda r: (r.member.casefold(), r.member))


# --- The export -----------------------------------------------------------------------------


def export_bundle(decision: Decision) -> bytes:
    """The anonymous ballots of a closed decision, as the ZIP of docs/ballot-export.md."""
    spec, colleges = count_colleges(decision)
    counts: dict[str, int] = {}
    for college in RollEntry.objects.filter(decision=decision).values_list("college", flat=True):
        counts[college] = counts.get(college, 0) + 1
    manifest = {
        "decision": {
            "id": decision.pk,
            "organization": decision.organization.slug,
            "title": decision.title,
            "question": decision.question,
            "secrecy": decision.secrecy,
            "opened_at": decision.opened_at.isoformat() if decision.opened_at else None,
            "closed_at": decision.closed_at.isoformat() if decision.closed_at else None,
            "record_date": decision.record_date.isoformat(),
        },
        "option_labels": [o.label for o in options_of(decision)],
        "max_score": decision.max_score if decision.method == Decision.Method.SCORE else None,
        "roll": {"size": sum(counts.values()), "hash": decision.roll_hash, "by_college": counts},
        "result": decision.result,
    }
    return bundle.write_bundle(manifest, spec, colleges)


# --- What the services store: the frozen rules, the roll's hash, ballots, the count -------------


def rules_snapshot(r: rules.Rules) -> RulesSnapshot:
    """``rules.Rules`` as JSON (fractions as "n/d")."""
    return {
        "preset": r.preset,
        "colleges": [
            {
                "key": c.key,
                "name": c.name,
                "categories": sorted(c.categories),
                "weight": bundle.fraction_text(c.weight),
            }
            for c in r.colleges
        ],
        "categories": [{"key": c.key, "label": c.label} for c in r.categories],
        "one_member_one_vote": r.one_member_one_vote,
        "weighting_by_capital": r.weighting_by_capital,
        "proxies_allowed": r.proxies_allowed,
        "max_proxies_per_holder": r.max_proxies_per_holder,
        "min_membership_days_to_vote": r.min_membership_days_to_vote,
        "notice_days": r.notice_days,
        "quorum": bundle.fraction_text(r.quorum),
        "college_quorum": {k: bundle.fraction_text(v) for k, v in r.college_quorum.items()},
        "second_call_quorum": bundle.fraction_text(r.second_call_quorum),
        "min_college_ballots_to_publish": r.min_college_ballots_to_publish,
    }


def roll_hash(decision_id: int, record_date: date, entries: Sequence[tuple[int, str]]) -> str:
    text = f"intercoop-roll/1\t{decision_id}\t{record_date.isoformat()}\n"
    text += "".join(f"{member}\t{college}\n" for member, college in sorted(entries))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    return int(value)


def canonical_ballot(decision: Decision, option_ids: Sequence[int], choices: Any) -> list[Any]:
    """The ballot in its canonical form, or a ServiceError saying what is wrong with it."""
    known = set(option_ids)

    def bad(message: str) -> ServiceError:
        return ServiceError(message, code="invalid_ballot", status=400)

    def ids(values: Any) -> list[int]:
        if values is None:
            return []
        if isinstance(values, (int, str)) and not isinstance(values, bool):
            values = [values]
        if not isinstance(values, (list, tuple)):
            raise bad(_("The ballot could not be read."))
        out = []
        for v in values:
            if v in (None, ""):
                continue
            try:
                option = _as_int(v)
            except (TypeError, ValueError):
                raise bad(_("The ballot names an unknown option.")) from None
            if option not in known:
                raise bad(_("The ballot names an unknown option."))
            out.append(option)
        return out

    method = decision.method
    if method == Decision.Method.SCORE:
        if choices is None:
            return []
        if not isinstance(choices, Mapping):
            raise bad(_("The ballot could not be read."))
        pairs = []
        for key, value in choices.items():
            if value in (None, ""):
                continue
            try:
                option, points = _as_int(key), _as_int(value)
            except (TypeError, ValueError):
                raise bad(_("A score must be a whole number.")) from None
            if option not in known:
                raise bad(_("The ballot names an unknown option."))
            if not 0 <= points <= decision.max_score:
                raise bad(_("Scores go from 0 to %(max)s.") % {"max": decision.max_score})
            pairs.append([option, points])
        return sorted(pairs)
    chosen = ids(choices)
    if len(set(chosen)) != len(chosen):
        if decision.ranked:
            raise bad(_("An option is ranked twice: rank each option at most once."))
        raise bad(_("An option is chosen twice."))
    if method in ONE_CHOICE:
        if len(chosen) > 1:
            raise bad(_("Choose one option only."))
        return chosen
    if method == Decision.Method.APPROVAL:
        return sorted(chosen)
    return chosen  # ranked: in order of preference


def turnout_summary(decision: Decision, r: rules.Rules) -> ResultTurnout:
    """Roll size, ballots and quorum, overall and per college, from the participations."""
    roll: dict[str, int] = defaultdict(int)
    for college in RollEntry.objects.filter(decision=decision).values_list("college", flat=True):
        roll[college] += 1
    voted: dict[str, int] = defaultdict(int)
    for college in Participation.objects.filter(decision=decision).values_list(
        "college", flat=True
    ):
        voted[college] += 1
    roll_size, cast_ballots = sum(roll.values()), sum(voted.values())
    colleges = []
    for key, name, _weight in college_list(r):
        required = r.college_quorum.get(key)
        share = Fraction(voted[key], roll[key]) if roll[key] else Fraction(0)
        colleges.append(
            CollegeTurnout(
                key=key,
                name=name,
                roll=roll[key],
                voted=voted[key],
                quorum=bundle.fraction_text(required),
                met=required is None or share >= required,
            )
        )
    if decision.meeting_id is not None:
        # Set when the meeting opened; resolutions are voted only once it has.
        check = cast(QuorumCheck, Meeting.objects.get(pk=decision.meeting_id).quorum_check or {})
        quorum = Quorum(source="meeting", met=bool(check.get("met")), check=check)
    else:
        overall = Fraction(cast_ballots, roll_size) if roll_size else Fraction(0)
        quorum = Quorum(
            source="rules",
            required=bundle.fraction_text(r.quorum),
            met=overall >= r.quorum and all(c.met for c in colleges),
        )
    if decision.secrecy == Decision.Secrecy.PUBLIC:
        # A public vote names every ballot once closed (its ballot form says so): no college's
        # result is withheld to keep its members' votes secret, since they are not.
        publishable = set(roll)
    else:
        publishable = publishable_colleges({k: {"ballots": voted[k]} for k in roll}, r)
    return ResultTurnout(
        roll_size=roll_size,
        ballots=cast_ballots,
        colleges=tuple(colleges),
        quorum=quorum,
        min_college_ballots_to_publish=r.min_college_ballots_to_publish,
        publishable=tuple(sorted(publishable)),
    )


def tally(decision: Decision) -> DecisionResult:
    """The full result of the decision's ballots as they stand."""
    spec, colleges = count_colleges(decision)
    count = bundle.count_colleges(spec, colleges)
    turnout = turnout_summary(decision, decision_rules(decision))
    outcome = Outcome.from_json(count["outcome"]) if count["outcome"] is not None else None
    return DecisionResult(
        method=count["method"],
        engine_method=count["engine_method"],
        seats=count["seats"],
        options=tuple(count["options"]),
        weighted=count["weighted"],
        colleges=tuple(CollegeResult.from_json(c) for c in count["colleges"]),
        overall=Overall.from_json(count["overall"]),
        outcome=outcome,
        turnout=turnout,
        adopted=bool(outcome.passed and turnout.quorum.met) if outcome is not None else None,
    )


def result_hash(result: Mapping[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(result, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
