"""The minutes of a general meeting, from the facts stored at its close
(``selectors.meetings.minutes_data``, kept in ``Meeting.minutes_data``): laid out as blocks
(``minutes_blocks``: headings, paragraphs, tables) in the meeting's language, and written as
the HTML stored with the meeting (``minutes_html``). The PDF (``rendering.minutes_pdf``) draws
the same blocks, so the two always state the same facts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from intercoop.governance.models import Attendance, Decision, Meeting


def _localized(number: Any) -> str:
    """A figure stored as plain JSON text ("33.33"), written in the active language ("33,33")."""
    try:
        return number_format(Decimal(str(number)), decimal_pos=2)
    except ArithmeticError:
        return str(number)


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
