"""Reads of general meetings: agenda, proxy register, attendance, convocation, minutes.

The minutes are drawn once, at the close, as plain JSON (``minutes_data``), then laid out as
blocks (``minutes_blocks``: headings, paragraphs, tables) that both the HTML and the PDF
render, so the two always state the same facts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.fonts import pdf_add_unicode_font
from intercoop.governance.models import Attendance, Decision, Meeting, Member, Proxy
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


# --- iCalendar ---------------------------------------------------------------------------


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _ics_fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _ics_time(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(meeting: Meeting) -> str:
    """The meeting as an iCalendar event, in its language, at its current call."""
    host = settings.PUBLIC_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    starts = (
        meeting.second_call_at
        if meeting.call == 2 and meeting.second_call_at
        else meeting.starts_at
    )
    with translation.override(meeting.language):
        items = [f"{n}. {d.title}" for n, d in enumerate(agenda(meeting), start=1)]
        description = _("Agenda:") + "\n" + "\n".join(items)
        if meeting.remote_link:
            description += "\n\n" + _("To join remotely: %(link)s") % {"link": meeting.remote_link}
        summary = f"{meeting.organization.name}: {meeting.title}"
    status = "CANCELLED" if meeting.state == Meeting.State.CANCELLED else "CONFIRMED"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Intercoop//General meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{_ics_time(meeting.convened_at or meeting.created_at)}",
        f"DTSTART:{_ics_time(starts)}",
        f"SEQUENCE:{meeting.call - 1 + (1 if status == 'CANCELLED' else 0)}",
        f"STATUS:{status}",
        f"SUMMARY:{_ics_text(summary)}",
        f"DESCRIPTION:{_ics_text(description)}",
    ]
    if meeting.place:
        lines.append(f"LOCATION:{_ics_text(meeting.place)}")
    if meeting.remote_link:
        lines.append(f"URL:{_ics_text(meeting.remote_link)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_ics_fold(line) + "\r\n" for line in lines)


# --- Resolutions and their results -------------------------------------------------------


def _percent(value: Any) -> str:
    """A share (a Fraction, "2/5", a float) as a percentage with two decimals."""
    try:
        share = Fraction(str(value)) if not isinstance(value, Fraction) else value
    except (ValueError, ZeroDivisionError):
        return str(value)
    return f"{float(share * 100):.2f}"


def _localized(number: Any) -> str:
    """A figure stored as plain JSON text ("33.33"), written in the active language ("33,33")."""
    try:
        return number_format(Decimal(str(number)), decimal_pos=2)
    except ArithmeticError:
        return str(number)


def _labelled(mapping: Any, labels: dict[str, str]) -> list[list[Any]]:
    """[[option label, value], ...] from a mapping keyed by the tally's option names, in the
    options' order (``labels``' order): PostgreSQL's JSON does not keep the keys' order."""
    if not isinstance(mapping, dict):
        return []
    order = {name: i for i, name in enumerate(labels)}
    keys = sorted(mapping, key=lambda k: (order.get(str(k), len(order)), str(k)))
    return [[labels.get(str(k), str(k)), mapping[k]] for k in keys]


def resolution_summary(decision: Decision) -> dict[str, Any]:
    """A resolution's outcome in plain JSON, from the result stored at its close
    (``services.decisions.tally``): adopted or not, winners, ballots, the overall counts or
    weighted shares, and the counts of each college whose own result may be published."""
    from intercoop.governance.tally.bundle import safe_name

    result = decision.result if isinstance(decision.result, dict) else {}
    labels = {safe_name(o.label): o.label for o in decision.options.all()}  # by position
    overall = result.get("overall") or {}
    turnout = result.get("turnout") or {}
    publishable = set(turnout.get("publishable") or [])
    colleges = []
    for college in result.get("colleges") or []:
        # A college where no one voted has no result of its own to write down.
        if college.get("key") in publishable and college.get("ballots"):
            counts = (college.get("result") or {}).get("counts") or {}
            colleges.append(
                {
                    "key": college.get("key"),
                    "name": college.get("name") or college.get("key"),
                    "ballots": college.get("ballots"),
                    "counts": _labelled(counts, labels),
                }
            )
    quorum = turnout.get("quorum") or {}
    return {
        "id": decision.pk,
        "title": decision.title,
        "question": decision.question,
        "method": decision.method,
        "threshold": decision.threshold,
        "state": decision.state,
        "secrecy": decision.secrecy,
        "adopted": result.get("adopted"),
        "quorum_met": quorum.get("met") if quorum else None,
        "winners": [labels.get(str(w), str(w)) for w in overall.get("winners") or []],
        "ballots": turnout.get("ballots"),
        "roll_size": turnout.get("roll_size"),
        "counts": _labelled(overall.get("counts"), labels),
        "shares": [[k, _percent(v)] for k, v in _labelled(overall.get("shares"), labels)],
        "colleges": colleges,
    }


def agenda_outcome(decision: Decision) -> dict[str, Any] | None:
    """What the meeting's agenda says of a closed resolution, from :func:`resolution_summary`:
    whether the quorum failed, adopted or not with the share of Yes (a Decimal percentage with
    two decimals, for yes-or-no votes), or the names chosen; None while the vote is not closed
    or has no stored result."""
    if decision.state != Decision.State.CLOSED or not isinstance(decision.result, dict):
        return None
    summary = resolution_summary(decision)
    outcome = decision.result.get("outcome") or {}
    share_for = None
    if outcome.get("share_for") is not None:
        try:
            share = Fraction(str(outcome["share_for"]))
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


def _when(value: str | None) -> str:
    if not value:
        return "—"
    parsed = parse_datetime(value)
    if parsed is None:
        return value
    return date_format(timezone.localtime(parsed), "DATETIME_FORMAT")


def _day(value: str) -> str:
    parsed = parse_date(value)
    return date_format(parsed, "DATE_FORMAT") if parsed else value


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _quorum_blocks(check: dict[str, Any]) -> list[dict[str, Any]]:
    if not check:
        return []
    met = _("met") if check.get("met") else _("not met")
    blocks: list[dict[str, Any]] = [
        {"kind": "h2", "text": _("Quorum")},
        {
            "kind": "p",
            "text": _(
                "Quorum required: %(rule)s %% of the %(eligible)s members eligible on the record "
                "date, that is %(required)s. Present: %(present)s; represented: %(represented)s; "
                "in all %(counted)s. The quorum is %(met)s."
            )
            % {
                # in the minutes' language: 33,33 in French; no trailing zeros (20, not 20.00)
                "rule": floatformat(check.get("rule_percent", 0), -2),
                "eligible": check.get("eligible", 0),
                "required": check.get("required", 0),
                "present": check.get("present", 0),
                "represented": check.get("represented", 0),
                "counted": check.get("counted", 0),
                "met": met,
            },
        },
    ]
    colleges = check.get("colleges") or []
    if colleges:
        blocks.append(
            {
                "kind": "table",
                "caption": _("Quorum by college"),
                "headers": [
                    _("College"),
                    _("Eligible"),
                    _("Present"),
                    _("Represented"),
                    _("Required"),
                    _("Quorum"),
                ],
                "rows": [
                    [
                        c.get("name", c.get("key", "")),
                        c.get("eligible", 0),
                        c.get("present", 0),
                        c.get("represented", 0),
                        c.get("required", 0) if c.get("has_rule") else "—",
                        (_("met") if c.get("met") else _("not met")) if c.get("has_rule") else "—",
                    ]
                    for c in colleges
                ],
            }
        )
    return blocks


def _resolution_blocks(number: int, r: dict[str, Any]) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {
            "kind": "h3",
            "text": _("Resolution %(n)s: %(title)s") % {"n": number, "title": r["title"]},
        }
    ]
    if r.get("question"):
        blocks.append({"kind": "p", "text": r["question"]})
    method = _label(Decision.Method, r["method"])
    if r["method"] == Decision.Method.YES_NO:
        method += " — " + _label(Decision.Threshold, r["threshold"])
    blocks.append({"kind": "p", "text": _("Method: %(method)s.") % {"method": method}})
    if r["state"] != Decision.State.CLOSED:
        blocks.append({"kind": "p", "text": _("Not put to the vote.")})
        return blocks
    outcome = []
    if r.get("quorum_met") is False:
        outcome.append(_("The quorum was not reached."))
    elif r.get("adopted") is not None:
        outcome.append(_("Adopted.") if r["adopted"] else _("Not adopted."))
    if r.get("winners") and r.get("adopted") is None:
        outcome.append(_("Chosen: %(winners)s.") % {"winners": ", ".join(r["winners"])})
    if r.get("ballots") is not None:
        outcome.append(
            _("Ballots: %(ballots)s of %(roll)s members on the roll.")
            % {"ballots": r["ballots"], "roll": r.get("roll_size") or 0}
        )
    if outcome:
        blocks.append({"kind": "p", "text": " ".join(outcome)})
    if r.get("counts"):
        blocks.append(
            {
                "kind": "table",
                "caption": _("Votes for each option"),
                "headers": [_("Option"), _("Votes")],
                "rows": [list(pair) for pair in r["counts"]],
            }
        )
    for college in r.get("colleges") or []:
        if not college["counts"]:  # ranked methods: no per-option count to list
            continue
        blocks.append(
            {
                "kind": "table",
                "caption": _("Votes in the college %(college)s") % {"college": college["name"]},
                "headers": [_("Option"), _("Votes")],
                "rows": [list(pair) for pair in college["counts"]],
            }
        )
    if r.get("shares"):
        blocks.append(
            {
                "kind": "table",
                "caption": _("Weighted shares of the assembly's vote"),
                "headers": [_("Option"), _("Share (%)")],
                "rows": [[label, _localized(share)] for label, share in r["shares"]],
            }
        )
    return blocks


def minutes_blocks(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The minutes laid out, in the active language: what the HTML and the PDF render."""
    call = _("first call") if data.get("call", 1) == 1 else _("second call")
    kind = _label(Meeting.Kind, data["kind"])
    blocks: list[dict[str, Any]] = [
        {
            "kind": "h1",
            "text": _("Minutes of the general meeting “%(title)s”") % {"title": data["title"]},
        },
        {
            "kind": "dl",
            "rows": [
                [_("Co-operative"), data["organization"]],
                [_("Kind"), kind],
                [_("Convened for"), _when(data["starts_at"])],
                [_("Opened"), _when(data.get("opened_at"))],
                [_("Closed"), _when(data.get("closed_at"))],
                [_("Call"), call],
                [_("Place"), data.get("place") or "—"],
                [_("Remote attendance"), data.get("remote_link") or "—"],
                [_("Record date"), _day(data["record_date"])],
                [_("Chair"), data.get("chair") or "—"],
                [_("Secretary"), data.get("secretary") or "—"],
            ],
        },
    ]
    blocks += _quorum_blocks(data.get("quorum") or {})
    attendance = data["attendance"]
    blocks += [
        {"kind": "h2", "text": _("Attendance")},
        {
            "kind": "p",
            # Labels and figures, so that no count shares a plural form with another.
            "text": _(
                "Members who could vote: %(eligible)s; present: %(present)s; represented by "
                "proxy: %(represented)s."
            )
            % attendance,
        },
    ]
    if attendance["members"]:
        blocks.append(
            {
                "kind": "table",
                "caption": _("Members present or represented"),
                "headers": [
                    _("Number"),
                    _("Member"),
                    _("College"),
                    _("Attendance"),
                    _("Proxy holder"),
                ],
                "rows": [
                    [
                        m["number"],
                        m["name"],
                        m["college"] or "—",
                        _label(Attendance.Mode, m["mode"])
                        + ("" if m["eligible"] else " (" + _("cannot vote") + ")"),
                        m["holder"] or "—",
                    ]
                    for m in attendance["members"]
                ],
            }
        )
    if data.get("proxies"):
        blocks += [
            {"kind": "h2", "text": _("Proxies")},
            {
                "kind": "table",
                "caption": _("Proxy register"),
                "headers": [_("Given by"), _("Held by")],
                "rows": [[p["grantor"], p["holder"]] for p in data["proxies"]],
            },
        ]
    blocks.append({"kind": "h2", "text": _("Resolutions")})
    if not data["resolutions"]:
        blocks.append({"kind": "p", "text": _("No resolution was on the agenda.")})
    for number, resolution in enumerate(data["resolutions"], start=1):
        blocks += _resolution_blocks(number, resolution)
    if data.get("notes"):
        blocks += [{"kind": "h2", "text": _("Notes")}, {"kind": "p", "text": data["notes"]}]
    return blocks


def minutes_html(data: dict[str, Any]) -> str:
    with translation.override(data["language"]):
        return render_to_string(
            "governance/meetings/minutes_document.html",
            {"blocks": minutes_blocks(data), "language": data["language"]},
        )


def minutes_pdf(data: dict[str, Any]) -> bytes:
    """The minutes as a PDF, drawn from the same blocks as the HTML, in an embedded Unicode
    font so that every member's name prints as written (Cyrillic, Greek, Vietnamese...)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    with translation.override(data["language"]):
        blocks = minutes_blocks(data)
        title = blocks[0]["text"]
    pdf = FPDF(format="A4")
    font = pdf_add_unicode_font(pdf)
    pdf.set_title(title)
    pdf.set_lang(data["language"])
    pdf.set_creator("Intercoop")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    sizes = {"h1": 16, "h2": 13, "h3": 11}
    for block in blocks:
        kind = block["kind"]
        if kind in sizes:
            pdf.ln(3)
            pdf.set_font(font, "B", sizes[kind])
            pdf.multi_cell(0, 7, block["text"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif kind == "p":
            pdf.set_font(font, "", 10)
            pdf.multi_cell(0, 5, block["text"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        elif kind == "dl":
            pdf.set_font(font, "", 10)
            for label, value in block["rows"]:
                pdf.set_font(font, "B", 10)
                pdf.cell(45, 5, label)
                pdf.set_font(font, "", 10)
                pdf.multi_cell(0, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif kind == "table":
            pdf.set_font(font, "I", 9)
            pdf.multi_cell(0, 5, block["caption"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_font(font, "", 9)
            with pdf.table(first_row_as_headings=True, line_height=5) as table:
                for row_values in [block["headers"], *block["rows"]]:
                    row = table.row()
                    for value in row_values:
                        row.cell(str(value))
            pdf.ln(2)
    return bytes(pdf.output())
