"""Writes of the member register and the voting rules. Each service authorizes its caller,
runs in one transaction and appends to the co-op's audit log (never a member's contact
details: the log is read by every member)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.accounts.models import User
from intercoop.core.csvfile import CsvRefused, CsvShape, read_csv
from intercoop.core.errors import ServiceError
from intercoop.governance.audit import audit_append
from intercoop.governance.models import Member, MemberStatusChange, RuleSet, VotingCollege
from intercoop.governance.selectors.register import (
    CSV_COLUMNS,
    rules_summary,
    ruleset_of,
)
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize
from intercoop_tools.rules import rules

# --- Members -----------------------------------------------------------------------------

MEMBER_FIELDS = (
    "number",
    "name",
    "email",
    "category",
    "joined_on",
    "is_legal_person",
    "representative_name",
    "user",
    "representative_user",
)


@dataclass(frozen=True)
class MemberData:
    """What a person types in to add or edit a member. Accounts are given by email address."""

    number: str
    name: str
    category: str
    joined_on: date
    email: str = ""
    is_legal_person: bool = False
    representative_name: str = ""
    account_email: str = ""
    representative_account_email: str = ""


class FieldRefused(ServiceError):
    """A refusal about one field of a form, so the page can show it beside that field."""

    def __init__(self, field_name: str, message: str, *, code: str = "invalid") -> None:
        super().__init__(message, code=code)
        self.field = field_name


def _account_in(organization: Organization, email: str, field_name: str) -> User | None:
    """The account with this address that has a role in the co-op, or a clear refusal."""
    email = email.strip()
    if not email:
        return None
    user = User.objects.filter(
        email__iexact=email, org_roles__organization=organization, is_active=True
    ).first()
    if user is None:
        raise FieldRefused(
            field_name,
            _(
                "No account with the address %(email)s has a role in %(org)s. Invite the "
                "person first; once they have accepted, link their account here."
            )
            % {"email": email, "org": organization.name},
            code="account_not_in_coop",
        )
    return user


def _check_member(
    organization: Organization, data: MemberData, member: Member | None
) -> tuple[User | None, User | None]:
    if not data.number.strip():
        raise FieldRefused("number", _("A member number is needed."), code="number_missing")
    if not data.name.strip():
        raise FieldRefused("name", _("A name is needed."), code="name_missing")
    categories = {c.key for c in ruleset_of(organization).category_list()}
    if data.category not in categories:
        raise FieldRefused(
            "category",
            _("Category '%(category)s' is not one of this co-op's categories.")
            % {"category": data.category},
            code="unknown_category",
        )
    others = Member.objects.filter(organization=organization)
    if member is not None:
        others = others.exclude(pk=member.pk)
    if others.filter(number=data.number.strip()).exists():
        raise FieldRefused(
            "number",
            _("Member number %(number)s is already in the register.")
            % {"number": data.number.strip()},
            code="number_taken",
        )
    user = _account_in(organization, data.account_email, "account_email")
    if user is not None and others.filter(user=user).exists():
        raise FieldRefused(
            "account_email",
            _("This account is already linked to another member of the register."),
            code="account_taken",
        )
    representative = None
    if data.representative_account_email.strip():
        if not data.is_legal_person:
            raise FieldRefused(
                "representative_account_email",
                _("Only a legal person has a representative."),
                code="representative_for_person",
            )
        representative = _account_in(
            organization, data.representative_account_email, "representative_account_email"
        )
    if data.representative_name.strip() and not data.is_legal_person:
        raise FieldRefused(
            "representative_name",
            _("Only a legal person has a representative."),
            code="representative_for_person",
        )
    return user, representative


def _values(data: MemberData, user: User | None, representative: User | None) -> dict[str, Any]:
    return {
        "number": data.number.strip(),
        "name": data.name.strip(),
        "email": data.email.strip(),
        "category": data.category,
        "joined_on": data.joined_on,
        "is_legal_person": data.is_legal_person,
        "representative_name": data.representative_name.strip(),
        "user": user,
        "representative_user": representative,
    }


def member_add(*, organization: Organization, data: MemberData, by: Any) -> Member:
    """Add a member to the register, active from ``joined_on``."""
    authorize(by, Perm.MANAGE_REGISTER, organization)
    with transaction.atomic():
        user, representative = _check_member(organization, data, None)
        member = Member(organization=organization, **_values(data, user, representative))
        member._history_user = by  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError as exc:
            # Two people added the same number (or account) at the same time.
            raise FieldRefused(
                "number",
                _("Member number %(number)s is already in the register.")
                % {"number": member.number},
                code="number_taken",
            ) from exc
        audit_append(
            organization=organization,
            action="member.added",
            by=by,
            obj=member,
            data={"number": member.number, "category": member.category},
        )
    return member


def member_update(*, member: Member, data: MemberData, by: Any) -> list[str]:
    """Change a member's details; returns the names of the fields that changed (none: nothing
    is written)."""
    organization = member.organization
    authorize(by, Perm.MANAGE_REGISTER, organization)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        user, representative = _check_member(organization, data, member)
        changed = []
        for name, value in _values(data, user, representative).items():
            if getattr(member, name) != value:
                setattr(member, name, value)
                changed.append(name)
        if not changed:
            return []
        member._history_user = by  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError as exc:
            raise FieldRefused(
                "number",
                _("Member number %(number)s is already in the register.")
                % {"number": member.number},
                code="number_taken",
            ) from exc
        audit_append(
            organization=organization,
            action="member.changed",
            by=by,
            obj=member,
            data={"number": member.number, "fields": changed},
        )
    return changed


def _apply_status(member: Member) -> None:
    """Member.status and left_on as the dated status changes say today."""
    facts = member.facts()
    today = timezone.localdate()
    member.status = facts.status_on(max(today, member.joined_on)) or Member.Status.ACTIVE
    left = [on for on, status in facts.statuses if status == Member.Status.LEFT]
    member.left_on = max(left) if member.status == Member.Status.LEFT and left else None


def member_status_change(
    *, member: Member, status: str, on: date, note: str = "", by: Any
) -> MemberStatusChange:
    """Record that from ``on`` the member is ``status`` (active, suspended or left). Dates in
    the future and before joining are refused, and so is a change that changes nothing."""
    organization = member.organization
    authorize(by, Perm.MANAGE_REGISTER, organization)
    if status not in Member.Status.values:
        raise FieldRefused("status", _("Unknown status."), code="unknown_status")
    if on > timezone.localdate():
        raise FieldRefused(
            "on", _("A status change cannot be dated in the future."), code="future_date"
        )
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if on < member.joined_on:
            raise FieldRefused(
                "on",
                _("The member joined on %(joined)s; a status change cannot come before.")
                % {"joined": member.joined_on.isoformat()},
                code="before_joining",
            )
        if member.facts().status_on(on) == status:
            raise FieldRefused(
                "status",
                _("The member already has this status on %(date)s.") % {"date": on.isoformat()},
                code="status_unchanged",
            )
        change = MemberStatusChange.objects.create(
            member=member, on=on, status=status, note=note.strip(), recorded_by=by
        )
        _apply_status(member)
        member._history_user = by  # type: ignore[attr-defined]
        member._change_reason = note.strip()[:100]  # type: ignore[attr-defined]
        member.save(update_fields=["status", "left_on"])
        audit_append(
            organization=organization,
            action="member.status_changed",
            by=by,
            obj=member,
            data={"number": member.number, "status": status, "on": on.isoformat()},
        )
    return change


# --- CSV export and import -----------------------------------------------------------------

REQUIRED_COLUMNS = ("number", "name", "category", "joined_on")
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 20_000
TRUE = {"yes", "true", "1", "y", "oui", "sí", "si"}
FALSE = {"no", "false", "0", "n", "non", ""}


@dataclass(frozen=True)
class ImportRow:
    line: int
    number: str
    name: str
    email: str
    category: str
    joined_on: date
    status: str
    status_since: date | None
    is_legal_person: bool
    representative_name: str
    user: User | None
    representative_user: User | None
    # The file's columns: a member's fields whose column is absent are left as they are.
    columns: frozenset[str] = frozenset(CSV_COLUMNS)


@dataclass
class ImportReport:
    """What an import did, or, for a preview, would do."""

    added: list[str] = field(default_factory=list)  # member numbers
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # number, fields
    status_changed: list[tuple[str, str]] = field(default_factory=list)  # number, new status
    unchanged: int = 0
    applied: bool = False

    @property
    def writes(self) -> bool:
        return bool(self.added or self.changed or self.status_changed)


# The register's name for a refused file (the views and tests catch it by this name).
ImportRefused = CsvRefused

# The member file's shape: its columns, those required and its limits.
MEMBER_CSV = CsvShape(
    columns=CSV_COLUMNS,
    required=REQUIRED_COLUMNS,
    max_bytes=MAX_IMPORT_BYTES,
    max_rows=MAX_IMPORT_ROWS,
    too_many=gettext_lazy("More than %(n)s members in one file."),
)


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _CsvCells:
    """The cells the import reads itself, being written in the file as they are not in the
    member form: dates as YYYY-MM-DD, legal_person as yes or no, and the status columns."""

    joined_on: date | None
    is_legal_person: bool
    status: str
    status_since: date | None


_DATE_REFUSED = {
    "joined_on": gettext_lazy("'%(value)s' is not a date in the form YYYY-MM-DD (joined_on)."),
    "status_since": gettext_lazy(
        "'%(value)s' is not a date in the form YYYY-MM-DD (status_since)."
    ),
}


def _date_cell(cell: dict[str, str], column: str, problems: list[str]) -> date | None:
    value = _parse_date(cell.get(column, ""))
    if value is None:
        problems.append(str(_DATE_REFUSED[column]) % {"value": cell.get(column, "")})
    return value


def _csv_cells(cell: dict[str, str], today: date) -> tuple[_CsvCells, list[str]]:
    problems: list[str] = []
    joined_on = _date_cell(cell, "joined_on", problems)
    status = cell.get("status", "").lower() or Member.Status.ACTIVE
    if status not in Member.Status.values:
        problems.append(
            _("Unknown status '%(status)s'; use active, suspended or left.") % {"status": status}
        )
    since = _date_cell(cell, "status_since", problems) if cell.get("status_since") else None
    if since is not None and since > today:
        problems.append(_("status_since is in the future."))
    if since is not None and joined_on is not None and since < joined_on:
        problems.append(_("status_since is before joined_on."))
    legal_text = cell.get("legal_person", "").lower()
    if legal_text not in TRUE | FALSE:
        problems.append(_("'%(value)s' is not yes or no (legal_person).") % {"value": legal_text})
    return _CsvCells(joined_on, legal_text in TRUE, status, since), problems


# The member form's fields the file gives as they are, and the column of each form field.
FORM_CELLS = (
    "number",
    "name",
    "email",
    "category",
    "representative_name",
    "account_email",
    "representative_account_email",
)
FIELD_COLUMNS = {"is_legal_person": "legal_person"}

# What the import says when the member form refuses a field, by field and the form's error
# code; any other refusal of the form is given in the form's words after the column's name.
FORM_REFUSALS = {
    ("number", "required"): gettext_lazy("The member number is missing."),
    ("number", "max_length"): gettext_lazy(
        "The member number is longer than %(limit)s characters."
    ),
    ("name", "required"): gettext_lazy("The name is missing."),
    ("name", "max_length"): gettext_lazy("The name is longer than %(limit)s characters."),
    ("email", "invalid"): gettext_lazy("'%(email)s' is not an email address."),
    ("category", "required"): gettext_lazy(
        "Unknown category '%(category)s'; this co-op's categories are: %(known)s."
    ),
    ("category", "invalid_choice"): gettext_lazy(
        "Unknown category '%(category)s'; this co-op's categories are: %(known)s."
    ),
    ("account_email", "invalid"): gettext_lazy("'%(email)s' is not an email address (%(column)s)."),
    ("representative_account_email", "invalid"): gettext_lazy(
        "'%(email)s' is not an email address (%(column)s)."
    ),
}


class _RowReader:
    """Checks the rows of one file: each with the member form, which holds the rules of a
    member's fields, and with what only an import has (the CSV spelling of dates, yes or no
    and the status; a number or an account on two lines; accounts given by address)."""

    def __init__(self, organization: Organization, header: list[str]) -> None:
        # The forms import this module's data types, so the form is imported when used.
        from intercoop.governance.forms.register import MemberForm

        ruleset = ruleset_of(organization)
        # One form for the file, given each row in turn: building a form copies its fields,
        # which made reading a 20,000-row file several times slower. full_clean starts afresh
        # (new errors and cleaned_data) and reads the new data through every field and clean
        # method of the form.
        self.form = MemberForm({}, ruleset=ruleset)
        self.known = ", ".join(sorted(c.key for c in ruleset.category_list()))
        self.accounts = {
            u.email.lower(): u
            for u in User.objects.filter(org_roles__organization=organization, is_active=True)
        }
        self.columns = frozenset(header)
        self.today = timezone.localdate()
        self.first_line_of: dict[str, int] = {}
        self.account_line: dict[int, int] = {}

    def read(self, line: int, cell: dict[str, str]) -> tuple[ImportRow | None, list[str]]:
        """The row, or None, and what is wrong with it."""
        csv_cells, problems = _csv_cells(cell, self.today)
        data: dict[str, Any] = {name: cell.get(name, "") for name in FORM_CELLS}
        data |= {"joined_on": csv_cells.joined_on, "is_legal_person": csv_cells.is_legal_person}
        form = self.form
        form.data = data
        form.full_clean()
        for name, errors in form.errors.as_data().items():
            # One reason a field; a date the import could not read is already reported.
            if not (name == "joined_on" and csv_cells.joined_on is None):
                problems.append(self._refusal(name, errors[0], cell))
        clean = form.cleaned_data
        problems += self._repeated_number(line, clean.get("number"))
        user, account_problems = self._account(line, clean.get("account_email"), "account_email")
        representative, more = self._account(
            line, clean.get("representative_account_email"), "representative_account_email"
        )
        problems += account_problems + more
        if not csv_cells.is_legal_person and (cell.get("representative_name") or representative):
            problems.append(_("Only a legal person has a representative."))
        if problems:
            return None, problems
        row = ImportRow(
            line,
            clean["number"],
            clean["name"],
            clean["email"],
            clean["category"],
            clean["joined_on"],
            csv_cells.status,
            csv_cells.status_since,
            clean["is_legal_person"],
            clean["representative_name"],
            user,
            representative,
            self.columns,
        )
        return row, []

    def _refusal(self, name: str, error: ValidationError, cell: dict[str, str]) -> str:
        column = FIELD_COLUMNS.get(name, name)
        message = FORM_REFUSALS.get((name, error.code or ""))
        if message is not None:
            value = cell.get(column, "")
            limit = (error.params or {}).get("limit_value")
            return str(message) % {
                "limit": limit,
                "email": value,
                "category": value,
                "known": self.known,
                "column": column,
            }
        reason = " ".join(error.messages)
        if name == NON_FIELD_ERRORS:
            return reason
        return _("%(column)s: %(reason)s") % {"column": column, "reason": reason}

    def _repeated_number(self, line: int, number: str | None) -> list[str]:
        if number is None:  # refused by the form
            return []
        first = self.first_line_of.setdefault(number, line)
        if first == line:
            return []
        return [
            _("Member number %(number)s is also on line %(line)s.")
            % {"number": number, "line": first}
        ]

    def _account(
        self, line: int, address: str | None, column: str
    ) -> tuple[User | None, list[str]]:
        """The account of the co-op an account column names, and what is wrong with it."""
        if not address:  # none, or refused by the form
            return None, []
        account = self.accounts.get(address.lower())
        if account is None:
            return None, [
                _("No account with the address %(email)s has a role in this co-op (%(column)s).")
                % {"email": address.lower(), "column": column}
            ]
        if column != "account_email":
            return account, []
        first = self.account_line.setdefault(account.pk, line)
        if first == line:
            return account, []
        return account, [
            _("The account %(email)s is also linked on line %(line)s.")
            % {"email": address.lower(), "line": first}
        ]


def _read_rows(
    organization: Organization, content: bytes
) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    """The file's rows, each checked on its own and against the rows above it (not against the
    register), and every problem found as (line, reason); a file that cannot be read at all is
    refused whole (``ImportRefused``, or a ``ServiceError`` over the size limit)."""
    header, cells_by_line, errors = read_csv(content, MEMBER_CSV)
    row_reader = _RowReader(organization, header)
    rows: list[ImportRow] = []
    for line, cell in cells_by_line:
        row, problems = row_reader.read(line, cell)
        errors.extend((line, p) for p in problems)
        if row is not None:
            rows.append(row)
    if not cells_by_line and not errors:
        errors.append((1, _("The file has a header but no member.")))
    return rows, errors


# The member field each optional column sets.
OPTIONAL_FIELDS = {
    "email": "email",
    "legal_person": "is_legal_person",
    "representative_name": "representative_name",
    "account_email": "user",
    "representative_account_email": "representative_user",
}


def _row_values(row: ImportRow) -> dict[str, Any]:
    """The fields the row sets: the required ones, and those whose column is in the file."""
    values = {
        "number": row.number,
        "name": row.name,
        "email": row.email,
        "category": row.category,
        "joined_on": row.joined_on,
        "is_legal_person": row.is_legal_person,
        "representative_name": row.representative_name,
        "user": row.user,
        "representative_user": row.representative_user,
    }
    absent = {f for column, f in OPTIONAL_FIELDS.items() if column not in row.columns}
    return {name: value for name, value in values.items() if name not in absent}


def _differences(member: Member, row: ImportRow) -> list[str]:
    ids = {"user": "user_id", "representative_user": "representative_user_id"}
    changed = []
    for name, value in _row_values(row).items():
        if name in ids:
            if getattr(member, ids[name]) != (value.pk if value is not None else None):
                changed.append(name)
        elif getattr(member, name) != value:
            changed.append(name)
    return changed


Plan = list[tuple[ImportRow, Member | None, list[str], bool]]


def _plan(
    rows: list[ImportRow], existing: dict[str, Member], errors: list[tuple[int, str]]
) -> Plan:
    """What each row does to the register (add, or change these fields of, a member, and
    whether it records a status), checked against the register: each problem is appended to
    ``errors``."""
    linked = {m.user_id: m.number for m in existing.values() if m.user_id is not None}
    plan: Plan = []
    for row in rows:
        member = existing.get(row.number)
        if row.user is not None and linked.get(row.user.pk, row.number) != row.number:
            errors.append(
                (
                    row.line,
                    _("The account %(email)s is already linked to member %(number)s.")
                    % {"email": row.user.email, "number": linked[row.user.pk]},
                )
            )
            continue
        current_status = member.status if member else Member.Status.ACTIVE
        status_moves = "status" in row.columns and row.status != current_status
        if status_moves and row.status_since is None:
            errors.append(
                (
                    row.line,
                    _("status_since is needed to record the status %(status)s.")
                    % {"status": row.status},
                )
            )
            continue
        if member is None:
            plan.append((row, None, [], status_moves))
            continue
        changed = _differences(member, row)
        since = row.status_since
        if status_moves and since is not None and member.facts().status_on(since) == row.status:
            # Already so on that date, and a later change overrides it: recording it
            # again would change nothing, and every import of the file would try again.
            errors.append(
                (
                    row.line,
                    _(
                        "The member already had the status %(status)s on %(date)s; "
                        "a later change overrides it. Record status changes on the "
                        "member's page."
                    )
                    % {"status": row.status, "date": since.isoformat()},
                )
            )
            continue
        plan.append((row, member, changed, status_moves))
    return plan


def register_import(
    *, organization: Organization, content: bytes, by: Any, dry_run: bool = False
) -> ImportReport:
    """Add and update members from a CSV file (columns ``CSV_COLUMNS``, keyed on the member
    number), all or nothing: if any row is bad, ``ImportRefused`` lists every bad row with
    its line number and nothing is written. Importing the same file again changes nothing.
    Members absent from the file are left as they are. With ``dry_run``, only reports what
    would change."""
    authorize(by, Perm.MANAGE_REGISTER, organization)
    rows, errors = _read_rows(organization, content)
    report = ImportReport()
    with transaction.atomic():
        existing = {
            m.number: m
            for m in Member.objects.select_for_update()
            .filter(organization=organization)
            .prefetch_related("status_changes")
        }
        plan = _plan(rows, existing, errors)
        if errors:
            raise ImportRefused(errors)

        for row, member, changed, status_moves in plan:
            if member is None:
                report.added.append(row.number)
            elif changed:
                report.changed.append((row.number, changed))
            if status_moves:
                report.status_changed.append((row.number, row.status))
            if member is not None and not changed and not status_moves:
                report.unchanged += 1
        if dry_run or not report.writes:
            return report

        try:
            with transaction.atomic():
                _apply_import(organization, plan, by)
        except IntegrityError as exc:
            raise ServiceError(
                _(
                    "The file could not be imported: it clashes with the register (two members "
                    "with one account?). Nothing was written."
                ),
                code="import_conflict",
            ) from exc
        report.applied = True
        audit_append(
            organization=organization,
            action="register.imported",
            by=by,
            data={
                "added": len(report.added),
                "changed": len(report.changed),
                "status_changed": len(report.status_changed),
                "unchanged": report.unchanged,
                "file_sha256": hashlib.sha256(content).hexdigest(),
            },
        )
    return report


def _apply_import(
    organization: Organization,
    plan: Sequence[tuple[ImportRow, Member | None, list[str], bool]],
    by: Any,
) -> None:
    reason = _("CSV import")
    for row, member, changed, status_moves in plan:
        if member is None:
            member = Member(organization=organization, **_row_values(row))
        elif not changed and not status_moves:
            continue
        else:
            for name in changed:
                setattr(member, name, _row_values(row)[name])
        if status_moves and row.status_since is not None:
            if member.pk is None:
                member.save()
            MemberStatusChange.objects.create(
                member=member, on=row.status_since, status=row.status, note=reason, recorded_by=by
            )
            _apply_status(member)
        member._history_user = by  # type: ignore[attr-defined]
        member._change_reason = reason  # type: ignore[attr-defined]
        member.save()


# --- Voting rules ------------------------------------------------------------------------


@dataclass(frozen=True)
class CollegeData:
    key: str
    name: str
    categories: tuple[str, ...]
    weight_percent: Decimal | None = None
    quorum_percent: Decimal | None = None


@dataclass(frozen=True)
class RuleSettings:
    preset: str
    one_member_one_vote: bool = True
    weighting_by_capital: bool = False
    proxies_allowed: bool = True
    max_proxies_per_holder: int | None = None
    min_membership_days_to_vote: int = 0
    notice_days: int = 15
    quorum_percent: Decimal = Decimal(0)
    second_call_quorum_percent: Decimal = Decimal(0)
    min_college_ballots_to_publish: int = 5


class RulesRefused(ServiceError):
    """The rules would be invalid; ``problems`` are every problem ``rules.validate`` found,
    and ``reasons`` their messages translated into the current language."""

    code = "rules_invalid"

    def __init__(self, problems: Sequence[rules.Problem]) -> None:
        self.problems = tuple(problems)
        self.reasons = [p.translated(_) for p in self.problems]
        super().__init__(" ".join(self.reasons))


def rules_update(
    *,
    organization: Organization,
    by: Any,
    settings: RuleSettings,
    categories: Sequence[rules.Category],
    colleges: Sequence[CollegeData],
) -> RuleSet:
    """Replace the co-op's voting rules, colleges and member categories, after
    ``rules.validate``: if the rules are invalid, ``RulesRefused`` carries every problem and
    nothing is saved. Members whose category is dropped keep it (their eligibility preview
    then shows it belongs to no college)."""
    authorize(by, Perm.MANAGE_RULES, organization)

    def frac(value: Decimal) -> Fraction:
        return Fraction(str(value)) / 100

    candidate = rules.Rules(
        preset=settings.preset,  # type: ignore[arg-type]
        colleges=tuple(
            rules.College(
                c.key,
                c.name,
                frozenset(c.categories),
                None if c.weight_percent is None else frac(c.weight_percent),
            )
            for c in colleges
        ),
        categories=tuple(categories),
        one_member_one_vote=settings.one_member_one_vote,
        weighting_by_capital=settings.weighting_by_capital,
        proxies_allowed=settings.proxies_allowed,
        max_proxies_per_holder=settings.max_proxies_per_holder,
        min_membership_days_to_vote=settings.min_membership_days_to_vote,
        notice_days=settings.notice_days,
        quorum=frac(settings.quorum_percent),
        college_quorum={
            c.key: frac(c.quorum_percent) for c in colleges if c.quorum_percent is not None
        },
        second_call_quorum=frac(settings.second_call_quorum_percent),
        min_college_ballots_to_publish=settings.min_college_ballots_to_publish,
    )
    try:
        rules.validate(candidate)
    except rules.RulesError as exc:
        raise RulesRefused(exc.problems) from exc

    with transaction.atomic():
        ruleset = ruleset_of(organization)
        ruleset = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
        for name, value in vars(settings).items():
            setattr(ruleset, name, value)
        defaults = [(c.key, c.label) for c in rules.DEFAULT_CATEGORIES]
        given = [(c.key, c.label) for c in categories]
        ruleset.categories = [] if given == defaults else [{"key": k, "label": v} for k, v in given]
        ruleset._history_user = by  # type: ignore[attr-defined]
        ruleset.save()
        kept = {c.key for c in colleges}
        for old in ruleset.colleges.exclude(key__in=kept):
            old._history_user = by  # type: ignore[attr-defined]
            old.delete()
        current = {c.key: c for c in ruleset.colleges.all()}
        for position, data in enumerate(colleges):
            college = current.get(data.key) or VotingCollege(ruleset=ruleset, key=data.key)
            values = {
                "name": data.name,
                "categories": list(data.categories),
                "weight_percent": data.weight_percent,
                "quorum_percent": data.quorum_percent,
                "position": position,
            }
            if college.pk is not None and all(getattr(college, k) == v for k, v in values.items()):
                continue
            for k, v in values.items():
                setattr(college, k, v)
            college._history_user = by  # type: ignore[attr-defined]
            college.save()
        audit_append(
            organization=organization,
            action="rules.changed",
            by=by,
            obj=ruleset,
            data=rules_summary(candidate),
        )
    return ruleset
