"""General meetings: convocation, agenda, proxy register, attendance, quorum and minutes.

A meeting goes draft → convened → open → closed; a quorum not met at the opening adjourns it
until a second call, whose own (lower) quorum applies; it may be cancelled before it closes.
Its resolutions are ``Decision`` rows (``services.decisions``), opened and closed while the
meeting is in session; their roll is the members present or represented.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intercoop.accounts.models import User
from intercoop.core.errors import Conflict, ServiceError
from intercoop.core.tasks import send_email
from intercoop.governance.audit import audit_append
from intercoop.governance.models import Attendance, Decision, Meeting, Member, Proxy
from intercoop.governance.rendering.ical import meeting_ics
from intercoop.governance.rendering.minutes import minutes_html
from intercoop.governance.selectors import meetings as selectors
from intercoop.governance.selectors.register import (
    member_facts,
    member_of_user,
    rules_of,
)
from intercoop.governance.services.notifications import notify
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize, has_perm
from intercoop_tools.rules import rules
from intercoop_tools.rules.proxies import check_proxy

# Fields a draft meeting may change; once convened, only those of the session itself.
DRAFT_FIELDS = (
    "kind",
    "title",
    "language",
    "starts_at",
    "place",
    "remote_link",
    "record_date",
    "chair",
    "secretary",
    "notes",
)
SESSION_FIELDS = ("chair", "secretary", "notes")
LIVE_STATES = (Meeting.State.DRAFT, Meeting.State.CONVENED, Meeting.State.ADJOURNED)
PROXY_STATES = (
    Meeting.State.DRAFT,
    Meeting.State.CONVENED,
    Meeting.State.ADJOURNED,
    Meeting.State.OPEN,
)
ATTENDANCE_STATES = (Meeting.State.CONVENED, Meeting.State.ADJOURNED, Meeting.State.OPEN)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _locked(meeting: Meeting) -> Meeting:
    """The meeting re-read under a row lock, so two chairs cannot race a state change."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _refuse_state(meeting: Meeting, allowed: tuple[str, ...]) -> None:
    if meeting.state not in allowed:
        raise Conflict(
            _("This is not possible while the meeting is “%(state)s”.")
            % {"state": meeting.get_state_display()},
            code="meeting_state",
        )


def _member_of(organization: Organization, member: Member) -> None:
    if member.organization_id != organization.pk:
        # Never say anything about another co-op's register.
        raise ServiceError(_("No such member."), code="member_unknown", status=404)


# --- Meetings ----------------------------------------------------------------------------


def meeting_create(
    *,
    organization: Organization,
    by: User,
    kind: str,
    title: str,
    language: str,
    starts_at: datetime,
    record_date: date,
    place: str = "",
    remote_link: str = "",
    chair: str = "",
    secretary: str = "",
) -> Meeting:
    authorize(by, Perm.MANAGE_MEETINGS, organization)
    title = title.strip()
    if not title:
        raise ServiceError(_("Give the meeting a title."), code="title_missing")
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Unknown language."), code="language_unknown")
    if kind not in Meeting.Kind.values:
        raise ServiceError(_("Unknown kind of meeting."), code="kind_unknown")
    if not place.strip() and not remote_link.strip():
        raise ServiceError(
            _("Say where the meeting takes place, or give a link to join remotely."),
            code="place_missing",
        )
    if record_date > starts_at.date():
        raise ServiceError(
            _("The record date must not be after the meeting's date."), code="record_date_late"
        )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organization=organization,
            kind=kind,
            title=title,
            language=language,
            starts_at=starts_at,
            record_date=record_date,
            place=place.strip(),
            remote_link=remote_link.strip(),
            chair=chair.strip(),
            secretary=secretary.strip(),
        )
        audit_append(
            organization=organization,
            action="meeting.created",
            by=by,
            obj=meeting,
            data={"title": meeting.title, "starts_at": meeting.starts_at.isoformat()},
        )
    return meeting


def meeting_update(*, meeting: Meeting, by: User, **fields: Any) -> Meeting:
    """Change a draft meeting; once convened, only its chair, secretary and notes."""
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ServiceError(_("These fields cannot be changed."), code="fields_unknown")
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, (*LIVE_STATES, Meeting.State.OPEN))
        allowed = DRAFT_FIELDS if current.state == Meeting.State.DRAFT else SESSION_FIELDS
        changed = {name: value for name, value in fields.items() if getattr(current, name) != value}
        refused = set(changed) - set(allowed)
        if refused:
            raise Conflict(
                _(
                    "The meeting has been convened: its date, place and record date can no "
                    "longer change. Cancel it and convene a new one."
                ),
                code="meeting_convened",
            )
        if not changed:
            return current
        for name, value in changed.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if not current.place and not current.remote_link:
            raise ServiceError(
                _("Say where the meeting takes place, or give a link to join remotely."),
                code="place_missing",
            )
        if current.record_date > current.starts_at.date():
            raise ServiceError(
                _("The record date must not be after the meeting's date."),
                code="record_date_late",
            )
        current.save()
        audit_append(
            organization=current.organization,
            action="meeting.updated",
            by=by,
            obj=current,
            data={"fields": sorted(changed)},
        )
    return current


def agenda_move(*, meeting: Meeting, by: User, decision: Decision, offset: int) -> None:
    """Move a resolution ``offset`` places up (negative) or down the agenda."""
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    if decision.meeting_id != meeting.pk:
        raise ServiceError(_("No such resolution."), code="resolution_unknown", status=404)
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, (*LIVE_STATES, Meeting.State.OPEN))
        items = list(selectors.agenda(current))
        index = next(i for i, d in enumerate(items) if d.pk == decision.pk)
        target = max(0, min(len(items) - 1, index + offset))
        items.insert(target, items.pop(index))
        for position, item in enumerate(items, start=1):
            if item.agenda_position != position:
                Decision.objects.filter(pk=item.pk).update(agenda_position=position)


def _convocation_context(meeting: Meeting) -> dict[str, Any]:
    base = settings.PUBLIC_URL.rstrip("/")
    with translation.override(meeting.language):
        url = base + reverse(
            "governance:meeting_detail", args=[meeting.organization.slug, meeting.pk]
        )
        proxies_url = base + reverse(
            "governance:meeting_proxies", args=[meeting.organization.slug, meeting.pk]
        )
        ics_url = base + reverse(
            "governance:meeting_ics", args=[meeting.organization.slug, meeting.pk]
        )
    return {
        "meeting": meeting,
        "org": meeting.organization,
        "agenda": list(selectors.agenda(meeting)),
        "rules": rules_of(meeting.organization),
        "url": url,
        "proxies_url": proxies_url,
        "ics_url": ics_url,
        "when": meeting.second_call_at if meeting.call == 2 else meeting.starts_at,
    }


def _send_convocations(meeting_id: int, subject_template: str) -> None:
    """Email the convocation, in the meeting's language, with its calendar entry."""
    meeting = Meeting.objects.select_related("organization").get(pk=meeting_id)
    context = _convocation_context(meeting)
    ics = meeting_ics(meeting, selectors.agenda(meeting))
    with translation.override(meeting.language):
        body = render_to_string("governance/meetings/email/convocation.txt", context)
        subject = (
            _(subject_template) % {"org": meeting.organization.name, "title": meeting.title}
        )[:150]
    for address in selectors.convocation_addresses(meeting):
        send_email(
            {
                "subject": subject,
                "body": body,
                "from_email": None,
                "to": [address],
                "alternatives": [(ics, "text/calendar; method=PUBLISH; charset=utf-8")],
            }
        )


def _notify_members(meeting: Meeting, template: str, kind: str, dedupe: str) -> None:
    notify(
        users=selectors.convocation_users(meeting),
        organization=meeting.organization,
        kind=kind,
        template=template,
        values={"title": meeting.title},
        url=reverse("governance:meeting_detail", args=[meeting.organization.slug, meeting.pk]),
        dedupe_key=f"{dedupe}:{meeting.pk}",
    )


def meeting_convene(*, meeting: Meeting, by: User, now: datetime | None = None) -> Meeting:
    """Convene a draft meeting: at least ``notice_days`` ahead and with an agenda. Notifies
    every member with an account and everyone with a role in the co-op, and emails the
    convocation with its calendar entry."""
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    now = _now(now)
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, (Meeting.State.DRAFT,))
        notice_days = rules_of(current.organization).notice_days
        problem = selectors.notice_problem(current, notice_days, now)
        if problem is not None:
            raise ServiceError(problem, code="notice_too_short")
        if not selectors.agenda(current).exists():
            raise ServiceError(
                _("Add at least one resolution to the agenda before convening the meeting."),
                code="agenda_empty",
            )
        current.state = Meeting.State.CONVENED
        current.convened_at = now
        current.convened_by = by
        current.save(update_fields=["state", "convened_at", "convened_by"])
        audit_append(
            organization=current.organization,
            action="meeting.convened",
            by=by,
            obj=current,
            data={
                "starts_at": current.starts_at.isoformat(),
                "notice_days": notice_days,
                "agenda": [d.pk for d in selectors.agenda(current)],
            },
        )
        _notify_members(
            current,
            gettext_noop("You are convened to the general meeting “%(title)s”."),
            "meeting.convened",
            "meeting.convened",
        )
        transaction.on_commit(
            lambda: _send_convocations(
                current.pk, gettext_noop("%(org)s: convocation to the general meeting “%(title)s”")
            )
        )
    return current


def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, LIVE_STATES)
        was_convened = current.state != Meeting.State.DRAFT
        current.state = Meeting.State.CANCELLED
        current.save(update_fields=["state"])
        audit_append(
            organization=current.organization, action="meeting.cancelled", by=by, obj=current
        )
        if was_convened:
            _notify_members(
                current,
                gettext_noop("The general meeting “%(title)s” is cancelled."),
                "meeting.cancelled",
                "meeting.cancelled",
            )
    return current


# --- Proxies -----------------------------------------------------------------------------


def _may_manage_proxies(user: User, organization: Organization) -> bool:
    return has_perm(user, Perm.MANAGE_REGISTER, organization) or has_perm(
        user, Perm.MANAGE_MEETINGS, organization
    )


def _authorize_proxy(by: User, meeting: Meeting, grantor: Member) -> None:
    """Managers record anyone's proxy; a member records (or revokes) only their own."""
    organization = meeting.organization
    if _may_manage_proxies(by, organization):
        return
    authorize(by, Perm.PARTICIPATE, organization)
    own = member_of_user(organization, by)
    if own is None or own.pk != grantor.pk:
        raise PermissionDenied("proxy_of_another_member")


def _rules_message(error: rules.RulesError) -> str:
    return " ".join(problem.translated(_) for problem in error.problems)


def proxy_record(
    *, meeting: Meeting, by: User, grantor: Member, holder: Member, now: datetime | None = None
) -> Proxy:
    """Record that ``grantor`` gives ``holder`` their vote at ``meeting``, if the rules allow."""
    organization = meeting.organization
    _member_of(organization, grantor)
    _member_of(organization, holder)
    _authorize_proxy(by, meeting, grantor)
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, PROXY_STATES)
        # Lock the holder's row: two proxies given to one holder at once queue here, so the
        # count below cannot let an eleventh through.
        Member.objects.select_for_update().filter(pk=holder.pk).get()
        facts = {
            f.id: f
            for f in member_facts(
                organization, members=Member.objects.filter(pk__in=[grantor.pk, holder.pk])
            )
        }
        held = Proxy.objects.filter(meeting=current, holder=holder, revoked_at__isnull=True).count()
        try:
            check_proxy(
                facts[grantor.pk],
                facts[holder.pk],
                rules_of(organization),
                held,
                current.record_date,
            )
        except rules.RulesError as error:
            raise ServiceError(_rules_message(error), code=error.code) from error
        given = Proxy.objects.filter(
            meeting=current, grantor=grantor, revoked_at__isnull=True
        ).first()
        if given is not None:
            raise Conflict(
                _("%(grantor)s has already given their proxy to %(holder)s; revoke it first.")
                % {"grantor": grantor.name, "holder": given.holder.name},
                code="proxy_already_given",
            )
        if Proxy.objects.filter(meeting=current, grantor=holder, revoked_at__isnull=True).exists():
            raise ServiceError(
                _("%(holder)s has given their own proxy, so cannot hold another member's.")
                % {"holder": holder.name},
                code="proxy_holder_represented",
            )
        if Attendance.objects.filter(
            meeting=current,
            member=grantor,
            mode__in=[Attendance.Mode.IN_PERSON, Attendance.Mode.REMOTE],
        ).exists():
            raise Conflict(
                _("%(grantor)s attends the meeting and votes in person.")
                % {"grantor": grantor.name},
                code="grantor_attends",
            )
        try:
            with transaction.atomic():
                proxy = Proxy.objects.create(
                    organization=organization,
                    meeting=current,
                    grantor=grantor,
                    holder=holder,
                    created_by=by,
                    created_at=_now(now),
                )
        except IntegrityError as error:
            raise Conflict(
                _("%(grantor)s has already given their proxy; revoke it first.")
                % {"grantor": grantor.name},
                code="proxy_already_given",
            ) from error
        audit_append(
            organization=organization,
            action="proxy.recorded",
            by=by,
            obj=proxy,
            data={"meeting": current.pk, "grantor": grantor.pk, "holder": holder.pk},
        )
        # A holder already in the room carries the new proxy at once.
        if (
            current.state == Meeting.State.OPEN
            and Attendance.objects.filter(
                meeting=current,
                member=holder,
                mode__in=[Attendance.Mode.IN_PERSON, Attendance.Mode.REMOTE],
            ).exists()
        ):
            Attendance.objects.create(
                meeting=current,
                member=grantor,
                mode=Attendance.Mode.PROXY,
                proxy=proxy,
                recorded_by=by,
            )
    return proxy


def _revoke(proxy: Proxy, by: User, reason: str, now: datetime) -> None:
    proxy.revoked_at = now
    proxy.save(update_fields=["revoked_at"])
    # The grantor is no longer represented through it.
    Attendance.objects.filter(proxy=proxy).delete()
    audit_append(
        organization=proxy.organization,
        action="proxy.revoked",
        by=by,
        obj=proxy,
        data={
            "meeting": proxy.meeting_id,
            "grantor": proxy.grantor_id,
            "holder": proxy.holder_id,
            "reason": reason,
        },
    )


def proxy_revoke(*, proxy: Proxy, by: User, now: datetime | None = None) -> Proxy:
    _authorize_proxy(by, proxy.meeting, proxy.grantor)
    with transaction.atomic():
        meeting = _locked(proxy.meeting)
        _refuse_state(meeting, PROXY_STATES)
        current = Proxy.objects.select_for_update().get(pk=proxy.pk)
        if current.revoked_at is not None:
            raise Conflict(_("This proxy has already been revoked."), code="proxy_revoked")
        _revoke(current, by, "revoked", _now(now))
    return current


# --- Attendance --------------------------------------------------------------------------


def attendance_record(
    *, meeting: Meeting, by: User, member: Member, mode: str, now: datetime | None = None
) -> Attendance:
    """Record ``member`` present in person, remotely, or represented by proxy.

    A member who attends overrides the proxy they gave: it is revoked. A holder who attends
    brings the proxies they hold: those grantors are recorded as represented.
    """
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    return _attend(meeting=meeting, by=by, member=member, mode=mode, now=_now(now))


def attendance_check_in(*, meeting: Meeting, by: User, now: datetime | None = None) -> Attendance:
    """A member marks themselves present remotely while the meeting is in session."""
    organization = meeting.organization
    authorize(by, Perm.PARTICIPATE, organization)
    member = member_of_user(organization, by)
    if member is None:
        raise ServiceError(
            _("Your account is not linked to a member of this co-op."), code="not_a_member"
        )
    if meeting.state != Meeting.State.OPEN:
        raise Conflict(
            _("You can check in once the meeting is in session."), code="meeting_not_open"
        )
    if not meeting.remote_link:
        raise ServiceError(
            _("This meeting cannot be attended remotely."), code="no_remote_attendance"
        )
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing is not None and existing.mode != Attendance.Mode.PROXY:
        return existing
    return _attend(
        meeting=meeting, by=by, member=member, mode=Attendance.Mode.REMOTE, now=_now(now)
    )


def _attend(*, meeting: Meeting, by: User, member: Member, mode: str, now: datetime) -> Attendance:
    _member_of(meeting.organization, member)
    if mode not in Attendance.Mode.values:
        raise ServiceError(_("Unknown kind of attendance."), code="mode_unknown")
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, ATTENDANCE_STATES)
        if mode == Attendance.Mode.PROXY:
            proxy = (
                Proxy.objects.filter(meeting=current, grantor=member, revoked_at__isnull=True)
                .select_related("holder")
                .first()
            )
            if proxy is None:
                raise ServiceError(
                    _("%(member)s has given no proxy for this meeting.") % {"member": member.name},
                    code="no_proxy",
                )
            if not Attendance.objects.filter(
                meeting=current,
                member=proxy.holder,
                mode__in=[Attendance.Mode.IN_PERSON, Attendance.Mode.REMOTE],
            ).exists():
                raise ServiceError(
                    _("The proxy holder, %(holder)s, is not recorded as present.")
                    % {"holder": proxy.holder.name},
                    code="holder_absent",
                )
            attendance, _created = Attendance.objects.update_or_create(
                meeting=current,
                member=member,
                defaults={"mode": mode, "proxy": proxy, "arrived_at": now, "recorded_by": by},
            )
        else:
            given = Proxy.objects.filter(
                meeting=current, grantor=member, revoked_at__isnull=True
            ).first()
            if given is not None:
                _revoke(given, by, "grantor_attends", now)
            attendance, _created = Attendance.objects.update_or_create(
                meeting=current,
                member=member,
                defaults={"mode": mode, "proxy": None, "arrived_at": now, "recorded_by": by},
            )
            for held in Proxy.objects.filter(
                meeting=current, holder=member, revoked_at__isnull=True
            ):
                Attendance.objects.get_or_create(
                    meeting=current,
                    member_id=held.grantor_id,
                    defaults={
                        "mode": Attendance.Mode.PROXY,
                        "proxy": held,
                        "arrived_at": now,
                        "recorded_by": by,
                    },
                )
        audit_append(
            organization=current.organization,
            action="attendance.recorded",
            by=by,
            obj=current,
            data={"member": member.pk, "mode": mode},
        )
    return attendance


def attendance_remove(*, meeting: Meeting, by: User, member: Member) -> None:
    """Remove a member from the attendance; the members they represent leave with them."""
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    _member_of(meeting.organization, member)
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, ATTENDANCE_STATES)
        deleted, _rows = Attendance.objects.filter(meeting=current, member=member).delete()
        if not deleted:
            raise ServiceError(_("This member is not in the attendance."), code="not_attending")
        Attendance.objects.filter(meeting=current, proxy__holder=member).delete()
        audit_append(
            organization=current.organization,
            action="attendance.removed",
            by=by,
            obj=current,
            data={"member": member.pk},
        )


# --- Quorum, opening, second call --------------------------------------------------------


def meeting_open(*, meeting: Meeting, by: User, now: datetime | None = None) -> Meeting:
    """Open the session if the quorum is met; otherwise adjourn it until a second call."""
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    now = _now(now)
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, (Meeting.State.CONVENED, Meeting.State.ADJOURNED))
        if current.state == Meeting.State.ADJOURNED:
            if current.second_call_at is None:
                raise ServiceError(
                    _("Set the date of the second call first."), code="second_call_missing"
                )
            current.call = 2
            starts = current.second_call_at
        else:
            starts = current.starts_at
        if now < starts:
            raise ServiceError(
                _("The meeting cannot open before %(starts)s.")
                % {"starts": date_format(timezone.localtime(starts), "DATETIME_FORMAT")},
                code="too_early",
            )
        check = selectors.quorum_check(current, now)
        current.quorum_check = check
        if check["met"]:
            current.state = Meeting.State.OPEN
            current.opened_at = now
            action = "meeting.opened"
        else:
            current.state = Meeting.State.ADJOURNED
            current.second_call_at = None
            action = "meeting.adjourned"
        current.save(update_fields=["state", "call", "quorum_check", "opened_at", "second_call_at"])
        audit_append(
            organization=current.organization, action=action, by=by, obj=current, data=check
        )
    return current


def meeting_second_call(
    *, meeting: Meeting, by: User, second_call_at: datetime, now: datetime | None = None
) -> Meeting:
    """Set when an adjourned meeting meets again, at its second call, and tell the members."""
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    now = _now(now)
    if second_call_at <= now:
        raise ServiceError(_("The second call must be in the future."), code="second_call_past")
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, (Meeting.State.ADJOURNED,))
        current.second_call_at = second_call_at
        current.call = 2
        current.save(update_fields=["second_call_at", "call"])
        audit_append(
            organization=current.organization,
            action="meeting.second_call",
            by=by,
            obj=current,
            data={"second_call_at": second_call_at.isoformat()},
        )
        _notify_members(
            current,
            gettext_noop("The general meeting “%(title)s” meets again at a second call."),
            "meeting.second_call",
            f"meeting.second_call.{int(second_call_at.timestamp())}",
        )
        transaction.on_commit(
            lambda: _send_convocations(
                current.pk,
                gettext_noop("%(org)s: second call of the general meeting “%(title)s”"),
            )
        )
    return current


# --- Resolutions -------------------------------------------------------------------------


def _resolution(meeting: Meeting, decision: Decision) -> None:
    if decision.meeting_id != meeting.pk:
        raise ServiceError(_("No such resolution."), code="resolution_unknown", status=404)


def resolution_open(*, meeting: Meeting, decision: Decision, by: User) -> Decision:
    """Open a resolution's vote, in session; its roll is the members present or represented."""
    from intercoop.governance.services import decisions  # written beside this area

    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    _resolution(meeting, decision)
    if meeting.state != Meeting.State.OPEN:
        raise Conflict(
            _("Resolutions are voted while the meeting is in session."), code="meeting_not_open"
        )
    decisions.decision_open(decision=decision, by=by)
    decision.refresh_from_db()
    return decision


def resolution_close(*, meeting: Meeting, decision: Decision, by: User) -> Decision:
    from intercoop.governance.services import decisions  # written beside this area

    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    _resolution(meeting, decision)
    decisions.decision_close(decision=decision, by=by)
    decision.refresh_from_db()
    return decision


# --- Closing and minutes -----------------------------------------------------------------


def meeting_close(
    *, meeting: Meeting, by: User, notes: str | None = None, now: datetime | None = None
) -> Meeting:
    """Close the session and write its minutes, in the meeting's language; every resolution
    put to the vote must be closed first."""
    authorize(by, Perm.MANAGE_MEETINGS, meeting.organization)
    now = _now(now)
    with transaction.atomic():
        current = _locked(meeting)
        _refuse_state(current, (Meeting.State.OPEN,))
        still_open = [d.title for d in selectors.agenda(current) if d.state == Decision.State.OPEN]
        if still_open:
            raise Conflict(
                _("Close the vote on these resolutions first: %(titles)s.")
                % {"titles": ", ".join(still_open)},
                code="resolutions_open",
            )
        if notes is not None:
            current.notes = notes.strip()
        current.state = Meeting.State.CLOSED
        current.closed_at = now
        data = selectors.minutes_data(current)
        html = minutes_html(data)
        current.minutes_data = data
        current.minutes_html = html
        current.minutes_sha256 = hashlib.sha256(html.encode("utf-8")).hexdigest()
        current.save(
            update_fields=[
                "notes",
                "state",
                "closed_at",
                "minutes_data",
                "minutes_html",
                "minutes_sha256",
            ]
        )
        attendance = data["attendance"]
        audit_append(
            organization=current.organization,
            action="meeting.closed",
            by=by,
            obj=current,
            data={
                "present": attendance["present"],
                "represented": attendance["represented"],
                "resolutions": [r["id"] for r in data["resolutions"]],
            },
        )
        audit_append(
            organization=current.organization,
            action="minutes.generated",
            by=by,
            obj=current,
            data={"sha256": current.minutes_sha256, "language": current.language},
        )
        _notify_members(
            current,
            gettext_noop("The minutes of the general meeting “%(title)s” are available."),
            "meeting.minutes",
            "meeting.minutes",
        )
    return current
