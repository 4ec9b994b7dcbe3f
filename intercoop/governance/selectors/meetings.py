"""Reads of general meetings: agenda, proxy register, attendance, convocation, minutes, and what
the services check before they write (the notice, the quorum at a call).

The minutes' facts are read once, at the close, as plain JSON (``minutes_data``);
``rendering.minutes`` lays them out as blocks (headings, paragraphs, tables) that both the HTML
and the PDF render, so the two always state the same facts.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, TypedDict

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from intercoop.accounts.models import User
from intercoop.governance.models import Attendance, Decision, Meeting, Member, Proxy
from intercoop.governance.results import (
    CollegeQuorumCheck,
    DecisionResult,
    QuorumCheck,
    QuorumCount,
    stored_result,
)
from intercoop.governance.selectors.register import member_roll, rules_of
from intercoop.organizations.models import Organization, Role


def meeting_list(organization: Organization) -> QuerySet[Meeting]:
    return Meeting.objects.filter(organization=organization).order_by("-starts_at", "-pk")


def meeting_of(organization: Organization, meeting_id: int) -> Meeting:
    """The co-op's meeting, or 404: another co-op's meetings do not exist here."""
    return get_object_or_404(
        Meeting.objects.select_related("organization"), organization=organization, pk=meeting_id
    )


def agenda(meeting: Meeting) -> QuerySet[Decision]:
    return Decision.objects.filter(meeting=meeting).order_by("agenda_position", "pk")


def proxy_register(meeting: Meeting, *, active_only: bool = False) -> QuerySet[Proxy]:
    proxies = Proxy.objects.filter(meeting=meeting).select_related("grantor", "holder")
    if active_only:
        proxies = proxies.filter(revoked_at__isnull=True)
    return proxies.order_by("holder__number", "grantor__number", "pk")


def attendance_list(meeting: Meeting) -> QuerySet[Attendance]:
    return (
        Attendance.objects.filter(meeting=meeting)
        .filter(Q(proxy__isnull=True) | Q(proxy__revoked_at__isnull=True))
        .select_related("member", "proxy__holder")
        .order_by("member__number")
    )


def register_members(organization: Organization) -> QuerySet[Member]:
    """Members who may attend or give a proxy: all but those who have left."""
    return (
        Member.objects.filter(organization=organization)
        .exclude(status=Member.Status.LEFT)
        .order_by("number")
    )


def convocation_users(meeting: Meeting) -> list[User]:
    """Accounts to notify: each member's (or representative's), and everyone with a role."""
    organization = meeting.organization
    members = register_members(organization)
    ids = set(members.exclude(user=None).values_list("user_id", flat=True))
    ids |= set(
        members.exclude(representative_user=None).values_list("representative_user_id", flat=True)
    )
    ids |= set(Role.objects.filter(organization=organization).values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def convocation_addresses(meeting: Meeting) -> list[str]:
    """Where the convocation is emailed: the accounts above, and the register's address of
    each member who has no account to vote with."""
    addresses = {u.email.lower() for u in convocation_users(meeting) if u.email}
    for member in register_members(meeting.organization).exclude(email=""):
        if member.voter is None:
            addresses.add(member.email.lower())
    return sorted(addresses)


# --- Resolutions and their results -------------------------------------------------------


class ResolutionCollege(TypedDict):
    key: str
    name: str
    ballots: int
    counts: list[list[Any]]  # [[option label, count], ...]


class ResolutionSummary(TypedDict):
    """A resolution as the minutes state it (``Meeting.minutes_data``, "resolutions")."""

    id: int
    title: str
    question: str
    method: str
    threshold: str
    state: str
    secrecy: str
    adopted: bool | None
    quorum_met: bool | None
    winners: list[str]
    ballots: int | None
    roll_size: int | None
    counts: list[list[Any]]  # [[option label, count], ...]
    shares: list[list[Any]]  # [[option label, percentage as text], ...]
    colleges: list[ResolutionCollege]


class AgendaOutcome(TypedDict):
    quorum_failed: bool
    adopted: bool | None
    share_for: Decimal | None  # yes/no: the share of Yes, a percentage with two decimals
    winners: list[str]


def _percent(value: Any) -> str:
    """A share (a Fraction, "2/5", a float) as a percentage with two decimals."""
    try:
        share = Fraction(str(value)) if not isinstance(value, Fraction) else value
    except (ValueError, ZeroDivisionError):
        return str(value)
    return f"{float(share * 100):.2f}"


def _labelled(mapping: Any, labels: dict[str, str]) -> list[list[Any]]:
    """[[option label, value], ...] from a mapping keyed by the tally's option names, in the
    options' order (``labels``' order): PostgreSQL's JSON does not keep the keys' order."""
    if not isinstance(mapping, dict):
        return []
    order = {name: i for i, name in enumerate(labels)}
    keys = sorted(mapping, key=lambda k: (order.get(str(k), len(order)), str(k)))
    return [[labels.get(str(k), str(k)), mapping[k]] for k in keys]


def resolution_summary(decision: Decision) -> ResolutionSummary:
    """A resolution's outcome in plain JSON, from the result stored at its close
    (``selectors.decisions.tally``): adopted or not, winners, ballots, the overall counts or
    weighted shares, and the counts of each college whose own result may be published."""
    from intercoop_tools.tally.bundle import safe_name

    stored = stored_result(decision.result)
    result = stored if isinstance(stored, DecisionResult) else None
    labels = {safe_name(o.label): o.label for o in decision.options.all()}  # by position
    colleges: list[ResolutionCollege] = []
    if result is not None:
        publishable = set(result.turnout.publishable)
        for college in result.colleges:
            # A college where no one voted has no result of its own to write down.
            if college.key in publishable and college.ballots:
                colleges.append(
                    {
                        "key": college.key,
                        "name": college.name or college.key,
                        "ballots": college.ballots,
                        "counts": _labelled(college.counts or {}, labels),
                    }
                )
    overall = result.overall if result is not None else None
    return {
        "id": decision.pk,
        "title": decision.title,
        "question": decision.question,
        "method": decision.method,
        "threshold": decision.threshold,
        "state": decision.state,
        "secrecy": decision.secrecy,
        "adopted": result.adopted if result is not None else None,
        "quorum_met": result.turnout.quorum.met if result is not None else None,
        "winners": [labels.get(str(w), str(w)) for w in overall.winners] if overall else [],
        "ballots": result.turnout.ballots if result is not None else None,
        "roll_size": result.turnout.roll_size if result is not None else None,
        "counts": _labelled(overall.counts if overall else None, labels),
        "shares": [
            [k, _percent(v)] for k, v in _labelled(overall.shares if overall else None, labels)
        ],
        "colleges": colleges,
    }


def agenda_outcome(decision: Decision) -> AgendaOutcome | None:
    """What the meeting's agenda says of a closed resolution, from :func:`resolution_summary`:
    whether the quorum failed, adopted or not with the share of Yes (a Decimal percentage with
    two decimals, for yes-or-no votes), or the names chosen; None while the vote is not closed
    or has no stored result."""
    result = stored_result(decision.result)
    if decision.state != Decision.State.CLOSED or not isinstance(result, DecisionResult):
        return None
    summary = resolution_summary(decision)
    share_for = None
    if result.outcome is not None and result.outcome.share_for is not None:
        try:
            share = Fraction(str(result.outcome.share_for))
            share_for = (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        except (ValueError, ZeroDivisionError):
            share_for = None
    return {
        "quorum_failed": summary["quorum_met"] is False,
        "adopted": summary["adopted"],
        "share_for": share_for,
        "winners": summary["winners"],
    }


# --- Minutes -----------------------------------------------------------------------------


def minutes_data(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes state, as plain JSON, read at the close."""
    ruleset = rules_of(meeting.organization)
    roll = member_roll(meeting.organization, meeting.record_date)
    college_of = {int(m): key for key, ids in roll.by_college.items() for m in ids}
    names = {c.key: c.name for c in ruleset.colleges}
    rows = []
    for a in attendance_list(meeting):
        rows.append(
            {
                "number": a.member.number,
                "name": a.member.name,
                "mode": a.mode,
                "college": names.get(
                    college_of.get(a.member_id, ""), college_of.get(a.member_id, "")
                ),
                "eligible": a.member_id in college_of,
                "holder": a.proxy.holder.name if a.proxy else "",
            }
        )
    present = sum(1 for r in rows if r["mode"] != Attendance.Mode.PROXY and r["eligible"])
    represented = sum(1 for r in rows if r["mode"] == Attendance.Mode.PROXY and r["eligible"])
    return {
        "organization": meeting.organization.name,
        "title": meeting.title,
        "kind": meeting.kind,
        "language": meeting.language,
        "starts_at": meeting.starts_at.isoformat(),
        "second_call_at": meeting.second_call_at.isoformat() if meeting.second_call_at else None,
        "opened_at": meeting.opened_at.isoformat() if meeting.opened_at else None,
        "closed_at": meeting.closed_at.isoformat() if meeting.closed_at else None,
        "record_date": meeting.record_date.isoformat(),
        "place": meeting.place,
        "remote_link": meeting.remote_link,
        "chair": meeting.chair,
        "secretary": meeting.secretary,
        "call": meeting.call,
        "quorum": meeting.quorum_check,
        "attendance": {
            "eligible": roll.total,
            "present": present,
            "represented": represented,
            "members": rows,
        },
        "proxies": [
            {"grantor": p.grantor.name, "holder": p.holder.name}
            for p in proxy_register(meeting, active_only=True)
        ],
        "resolutions": [resolution_summary(d) for d in agenda(meeting).prefetch_related("options")],
        "notes": meeting.notes,
    }


# --- What the services check before they write: notice, quorum ---------------------------------


def notice_problem(meeting: Meeting, notice_days: int, now: datetime) -> str | None:
    """Why the meeting cannot be convened now for lack of notice, or None."""
    earliest = now + timedelta(days=notice_days)
    if meeting.starts_at >= earliest:
        return None
    return ngettext(
        "The rules require %(days)s day's notice: a meeting convened now can start on "
        "%(earliest)s at the earliest, and this one starts on %(starts)s.",
        "The rules require %(days)s days' notice: a meeting convened now can start on "
        "%(earliest)s at the earliest, and this one starts on %(starts)s.",
        notice_days,
    ) % {
        "days": notice_days,
        "earliest": date_format(timezone.localtime(earliest), "DATETIME_FORMAT"),
        "starts": date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
    }


def _required(share: Fraction, eligible: int) -> int:
    """The fewest members present or represented that reach ``share`` of ``eligible``."""
    return math.ceil(share * eligible)


def _count(eligible_ids: set[int], modes: Mapping[int, str], share: Fraction) -> QuorumCount:
    present = sum(
        1
        for m in eligible_ids
        if modes.get(m) in (Attendance.Mode.IN_PERSON, Attendance.Mode.REMOTE)
    )
    represented = sum(1 for m in eligible_ids if modes.get(m) == Attendance.Mode.PROXY)
    required = _required(share, len(eligible_ids))
    return {
        "eligible": len(eligible_ids),
        "present": present,
        "represented": represented,
        "counted": present + represented,
        "rule": f"{share.numerator}/{share.denominator}",
        "rule_percent": float(share * 100),
        "required": required,
        "met": present + represented >= required,
    }


def quorum_check(meeting: Meeting, now: datetime) -> QuorumCheck:
    """The quorum at this call: eligible members at the record date, present (in person or
    remotely) and represented (by an unrevoked proxy), overall and per college."""
    ruleset = rules_of(meeting.organization)
    roll = member_roll(meeting.organization, meeting.record_date)
    modes = dict(
        Attendance.objects.filter(meeting=meeting)
        .filter(Q(proxy__isnull=True) | Q(proxy__revoked_at__isnull=True))
        .values_list("member_id", "mode")
    )
    first_call = meeting.call == 1
    share = ruleset.quorum if first_call else ruleset.second_call_quorum
    everyone = {int(m) for ids in roll.by_college.values() for m in ids}
    names = {c.key: c.name for c in ruleset.colleges}
    colleges: list[CollegeQuorumCheck] = []
    for key, ids in roll.by_college.items():
        # The rules set college quorums for the first call only.
        college_share = ruleset.college_quorum.get(key) if first_call else None
        colleges.append(
            {
                "key": key,
                "name": names.get(key, key),
                **_count({int(m) for m in ids}, modes, college_share or Fraction(0)),
                "has_rule": college_share is not None,
            }
        )
    check: QuorumCheck = {
        "call": meeting.call,
        "checked_at": now.isoformat(),
        **_count(everyone, modes, share),
        "colleges": colleges,
    }
    check["met"] = check["met"] and all(c["met"] for c in colleges)
    return check
