"""Reads of decisions: lists, who may cast which ballot, the result as pages show it, and the
anonymous ballot bundle."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from intercoop.governance.models import (
    Attendance,
    Decision,
    Member,
    Option,
    Participation,
    Proxy,
    RollEntry,
)
from intercoop.governance.services.decisions import count_colleges, decision_rules
from intercoop.governance.tally import bundle
from intercoop.organizations.models import Organization


def decision_list(organization: Organization) -> QuerySet[Decision]:
    return Decision.objects.filter(organization=organization).select_related("proposal", "meeting")


def decision_of(organization: Organization, decision_id: int) -> Decision:
    """One decision of this co-op; 404 for any other co-op's."""
    return get_object_or_404(
        Decision.objects.select_related("organization", "proposal", "meeting"),
        organization=organization,
        pk=decision_id,
    )


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
    voted = set(Participation.objects.filter(decision=decision).values_list("member_id", flat=True))
    modes: dict[int, str] = {}
    if decision.meeting_id is not None:
        modes = dict(
            Attendance.objects.filter(meeting_id=decision.meeting_id).values_list(
                "member_id", "mode"
            )
        )
    own = []
    for entry in RollEntry.objects.filter(decision=decision, voter=user).select_related("member"):
        if decision.meeting_id is None or modes.get(entry.member_id) in ("in_person", "remote"):
            own.append(Ballot(entry.member, None, entry.member_id in voted))
    if decision.meeting_id is not None:
        on_roll = set(
            RollEntry.objects.filter(decision=decision).values_list("member_id", flat=True)
        )
        proxies = Proxy.objects.filter(
            meeting_id=decision.meeting_id, revoked_at=None
        ).select_related("grantor", "holder__user", "holder__representative_user")
        for proxy in proxies:
            voter = proxy.holder.voter
            if (
                voter is not None
                and voter.pk == user.pk
                and proxy.grantor_id in on_roll
                and modes.get(proxy.grantor_id) == "proxy"
            ):
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
    return Turnout(
        roll_size=RollEntry.objects.filter(decision=decision).count(),
        ballots=Participation.objects.filter(decision=decision).count(),
    )


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
                value=str(counts[name]),
                percent=round(100 * values[name] / total, 2) if total else 0.0,
                winner=name in winners,
            )
            for name in counts
        ]
    )


def _round_table(round_: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """One round of IRV or STV as rows (candidate, votes, status) plus notes."""
    tallies = round_.get("tallies") or round_.get("votes") or {}
    elected = set(_names(round_.get("elected")))
    excluded = set(_names(round_.get("excluded"))) | set(_names(round_.get("eliminated")))
    moved = round_.get("transfers")
    transfers: dict[str, Any] = moved if isinstance(moved, dict) else {}
    rows = [
        {
            "label": labels.get(name, name),
            "votes": value,
            "transfer": transfers.get(name, ""),
            "elected": name in elected,
            "excluded": name in excluded,
        }
        for name, value in tallies.items()
    ]
    skip = ("tallies", "votes", "elected", "excluded", "eliminated", "round", "stage", "transfers")
    extra = {
        k: (labels.get(v, v) if isinstance(v, str) else v)
        for k, v in round_.items()
        if k not in skip and v not in (None, [], {})
    }
    if transfers and "exhausted" in transfers:
        extra["transferred to exhausted"] = transfers["exhausted"]
    return {"number": round_.get("round") or round_.get("stage"), "rows": rows, "extra": extra}


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def result_view(decision: Decision) -> dict[str, Any] | None:
    """What the result page shows, from the stored result."""
    result = decision.result
    if not result:
        return None
    labels = _labels(decision)
    r = decision_rules(decision)
    turnout_ = result["turnout"]
    publishable = set(turnout_["publishable"])
    overall = result["overall"]
    winners = overall.get("winners", [])
    overall_bars: list[Bar] = []
    if overall.get("shares"):
        overall_bars = _placed(
            [
                Bar(
                    label=labels.get(k, k),
                    value=f"{_percent(Fraction(v))} %",
                    percent=_percent(Fraction(v)),
                    winner=k in winners,
                )
                for k, v in overall["shares"].items()
            ]
        )
    elif overall.get("counts"):
        overall_bars = _bars(overall["counts"], labels, winners)
    colleges = []
    for college, row in zip(result["colleges"], turnout_["colleges"], strict=True):
        shown = college["key"] in publishable
        college_result = college["result"] if shown else None
        colleges.append(
            {
                "key": college["key"],
                "name": college["name"],
                "weight": (
                    _percent(Fraction(college["weight"])) if college["weight"] is not None else None
                ),
                "roll": row["roll"],
                "voted": row["voted"],
                "blank": college["blank"],
                "abstain": college.get("abstain", 0),
                "quorum": _percent(Fraction(row["quorum"])) if row["quorum"] else None,
                "quorum_met": row["met"],
                "shown": shown,
                "bars": (
                    _bars(college_result["counts"], labels, college_result["winners"])
                    if college_result and college_result.get("counts")
                    else []
                ),
                "winners": [labels.get(w, w) for w in (college_result or {}).get("winners", [])],
            }
        )
        colleges[-1]["height"] = chart_height(colleges[-1]["bars"])
    rounds = []
    pairwise = None
    if decision.ranked and overall.get("rounds"):
        if decision.method == Decision.Method.SCHULZE:
            round_ = overall["rounds"][0]
            matrix = round_.get("pairwise") or {}
            names = [n for n in result["options"] if n in matrix]
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
            rounds = [_round_table(rd, labels) for rd in overall["rounds"]]
    quorum = turnout_["quorum"]
    return {
        "result": result,
        "turnout": turnout_,
        "turnout_percent": (
            _percent(Fraction(turnout_["ballots"], turnout_["roll_size"]))
            if turnout_["roll_size"]
            else 0
        ),
        "quorum": quorum,
        "quorum_required": (
            _percent(Fraction(quorum["required"])) if quorum.get("required") else None
        ),
        "weighted": result["weighted"],
        "scale": overall.get("scale"),
        "winners": [labels.get(w, w) for w in winners],
        "empty": bool(overall.get("empty")),
        "overall_bars": overall_bars,
        "overall_height": chart_height(overall_bars),
        "colleges": colleges,
        "withheld": [c for c in colleges if not c["shown"]],
        "min_ballots": r.min_college_ballots_to_publish,
        "outcome": result.get("outcome"),
        "share_for": (
            _percent(Fraction(result["outcome"]["share_for"]))
            if result.get("outcome") and result["outcome"].get("share_for")
            else None
        ),
        "threshold_percent": _percent(decision.threshold_fraction),
        "adopted": result.get("adopted"),
        "rounds": rounds,
        "pairwise": pairwise,
        "method_note": _method_note(decision),
    }


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
