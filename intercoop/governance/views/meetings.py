"""General meetings: web views (see governance/urls.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.governance.forms.meetings import (
    AttendanceForm,
    CloseForm,
    MeetingForm,
    MoveForm,
    ProxyForm,
    SecondCallForm,
    SessionForm,
)
from intercoop.governance.models import Attendance, Decision, Meeting, Member, Proxy
from intercoop.governance.rendering import ical
from intercoop.governance.rendering.minutes_pdf import minutes_pdf
from intercoop.governance.selectors import meetings as selectors
from intercoop.governance.selectors.register import member_of_user, rules_of
from intercoop.governance.services import meetings as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm, visible_perms


def _perms(request: AuthedRequest, org: Organization) -> set[str]:
    return {p.value for p in visible_perms(request.user, org)}


def _detail(meeting: Meeting) -> HttpResponse:
    return redirect(
        "governance:meeting_detail", slug=meeting.organization.slug, meeting_id=meeting.pk
    )


def _new_resolution_url(org: Organization, meeting: Meeting) -> str | None:
    try:
        return reverse("governance:decision_create", args=[org.slug]) + f"?meeting={meeting.pk}"
    except NoReverseMatch:  # the decisions area is not there yet
        return None


def _decision_url(org: Organization, decision: Decision) -> str | None:
    try:
        return reverse("governance:decision_detail", args=[org.slug, decision.pk])
    except NoReverseMatch:
        return None


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def meeting_list(request: AuthedRequest, org: Organization) -> HttpResponse:
    context = {
        "org": org,
        "meetings": selectors.meeting_list(org),
        "org_perms": _perms(request, org),
    }
    return render(request, "governance/meetings/list.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_create(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = MeetingForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                organization=org, by=request.user, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("The meeting was created. Add its agenda, then convene it.")
            )
            return _detail(meeting)
    context = {"org": org, "form": form, "org_perms": _perms(request, org)}
    status = 400 if form.errors else 200
    return render(request, "governance/meetings/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_edit(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    form_class = MeetingForm if meeting.state == Meeting.State.DRAFT else SessionForm
    # A copy: validating the form changes its instance, and the service compares.
    form = form_class(request.POST or None, instance=selectors.meeting_of(org, meeting_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The meeting was saved."))
            return _detail(meeting)
    context = {"org": org, "meeting": meeting, "form": form, "org_perms": _perms(request, org)}
    status = 400 if form.errors else 200
    return render(request, "governance/meetings/form.html", context, status=status)


def _detail_context(request: AuthedRequest, org: Organization, meeting: Meeting) -> dict[str, Any]:
    resolutions = [{"decision": d, "url": _decision_url(org, d)} for d in selectors.agenda(meeting)]
    attendance = list(selectors.attendance_list(meeting))
    own = member_of_user(org, request.user)
    rules = rules_of(org)
    return {
        "org": org,
        "meeting": meeting,
        "resolutions": resolutions,
        "new_resolution_url": _new_resolution_url(org, meeting),
        "present": sum(1 for a in attendance if a.mode != Attendance.Mode.PROXY),
        "represented": sum(1 for a in attendance if a.mode == Attendance.Mode.PROXY),
        "own": own,
        "own_attendance": next((a for a in attendance if own and a.member_id == own.pk), None),
        "own_proxy": (
            Proxy.objects.filter(meeting=meeting, grantor=own, revoked_at__isnull=True)
            .select_related("holder")
            .first()
            if own
            else None
        ),
        "notice_days": rules.notice_days,
        "proxies_allowed": rules.proxies_allowed,
        "second_call_form": SecondCallForm(),
        "close_form": CloseForm(initial={"notes": meeting.notes}),
        "org_perms": _perms(request, org),
    }


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def meeting_detail(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    return render(
        request, "governance/meetings/detail.html", _detail_context(request, org, meeting)
    )


def _refused(
    request: AuthedRequest, org: Organization, meeting: Meeting, exc: ServiceError, **forms: Any
) -> HttpResponse:
    """The meeting page again, with the refusal next to the actions."""
    meeting.refresh_from_db()
    context = _detail_context(request, org, meeting)
    context.update(forms)
    context["error"] = exc.message
    return render(request, "governance/meetings/detail.html", context, status=exc.status)


def _act(
    request: AuthedRequest, org: Organization, meeting_id: int, action: Any, done: str
) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    try:
        action(meeting)
    except ServiceError as exc:
        return _refused(request, org, meeting, exc)
    messages.success(request, done)
    return _detail(meeting)


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_convene(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    return _act(
        request,
        org,
        meeting_id,
        lambda m: services.meeting_convene(meeting=m, by=request.user),
        _("The meeting was convened; the members were notified."),
    )


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_cancel(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    return _act(
        request,
        org,
        meeting_id,
        lambda m: services.meeting_cancel(meeting=m, by=request.user),
        _("The meeting was cancelled."),
    )


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_open(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    try:
        meeting = services.meeting_open(meeting=meeting, by=request.user)
    except ServiceError as exc:
        return _refused(request, org, meeting, exc)
    if meeting.state == Meeting.State.OPEN:
        messages.success(request, _("The quorum is met: the meeting is in session."))
    else:
        messages.warning(
            request, _("The quorum is not met: the meeting is adjourned. Set the second call.")
        )
    return _detail(meeting)


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_second_call(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    form = SecondCallForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_second_call(
                meeting=meeting, by=request.user, second_call_at=form.cleaned_data["second_call_at"]
            )
        except ServiceError as exc:
            form.add_error("second_call_at", exc.message)
        else:
            messages.success(request, _("The second call is set; the members were notified."))
            return _detail(meeting)
    context = _detail_context(request, org, meeting)
    context["second_call_form"] = form
    return render(request, "governance/meetings/detail.html", context, status=400)


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_close(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_close(
                meeting=meeting, by=request.user, notes=form.cleaned_data["notes"]
            )
        except ServiceError as exc:
            return _refused(request, org, meeting, exc, close_form=form)
        messages.success(request, _("The meeting is closed and its minutes are written."))
        return _detail(meeting)
    return _refused(request, org, meeting, ServiceError(_("Check the notes.")), close_form=form)


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_agenda_move(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, org, meeting, ServiceError(_("Choose a resolution to move.")))
    decision = get_object_or_404(Decision, meeting=meeting, pk=form.cleaned_data["decision"])
    try:
        services.agenda_move(
            meeting=meeting, by=request.user, decision=decision, offset=form.cleaned_data["offset"]
        )
    except ServiceError as exc:
        return _refused(request, org, meeting, exc)
    return _detail(meeting)


def _resolution_action(
    request: AuthedRequest, org: Organization, meeting_id: int, decision_id: int, opening: bool
) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    decision = get_object_or_404(Decision, meeting=meeting, pk=decision_id)
    action = services.resolution_open if opening else services.resolution_close
    try:
        action(meeting=meeting, decision=decision, by=request.user)
    except ServiceError as exc:
        return _refused(request, org, meeting, exc)
    if opening:
        messages.success(request, _("The vote on “%(title)s” is open.") % {"title": decision.title})
    else:
        messages.success(
            request, _("The vote on “%(title)s” is closed.") % {"title": decision.title}
        )
    return _detail(meeting)


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def resolution_open(
    request: AuthedRequest, org: Organization, meeting_id: int, decision_id: int
) -> HttpResponse:
    return _resolution_action(request, org, meeting_id, decision_id, opening=True)


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def resolution_close(
    request: AuthedRequest, org: Organization, meeting_id: int, decision_id: int
) -> HttpResponse:
    return _resolution_action(request, org, meeting_id, decision_id, opening=False)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def meeting_ics(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    response = HttpResponse(
        ical.meeting_ics(meeting, selectors.agenda(meeting)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Proxy register ----------------------------------------------------------------------


def _may_manage_proxies(request: AuthedRequest, org: Organization) -> bool:
    return has_perm(request.user, Perm.MANAGE_REGISTER, org) or has_perm(
        request.user, Perm.MANAGE_MEETINGS, org
    )


@require_http_methods(["GET", "POST"])
@org_permission(Perm.PARTICIPATE)
def meeting_proxies(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    """The proxy register: managers see and keep all of it; a member sees the proxies they
    gave or hold, and gives their own."""
    meeting = selectors.meeting_of(org, meeting_id)
    manager = _may_manage_proxies(request, org)
    own = None if manager else member_of_user(org, request.user)
    members = selectors.register_members(org)
    form = ProxyForm(request.POST or None, members=members, own=own)
    if request.method == "POST":
        if not manager and own is None:
            form.add_error(None, _("Your account is not linked to a member of this co-op."))
        elif form.is_valid():
            try:
                services.proxy_record(meeting=meeting, by=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The proxy was recorded."))
                return redirect("governance:meeting_proxies", slug=org.slug, meeting_id=meeting.pk)
    proxies = selectors.proxy_register(meeting)
    if not manager:
        proxies = (
            proxies.filter(grantor=own) | proxies.filter(holder=own) if own else proxies.none()
        )
    context = {
        "org": org,
        "meeting": meeting,
        "form": form,
        "proxies": proxies,
        "manager": manager,
        "own": own,
        "proxies_allowed": rules_of(org).proxies_allowed,
        "open_for_proxies": meeting.state in services.PROXY_STATES,
        "org_perms": _perms(request, org),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/meetings/proxies.html", context, status=status)


@require_POST
@org_permission(Perm.PARTICIPATE)
def proxy_revoke(
    request: AuthedRequest, org: Organization, meeting_id: int, proxy_id: int
) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    proxy = get_object_or_404(
        Proxy.objects.select_related("meeting__organization", "grantor"),
        meeting=meeting,
        pk=proxy_id,
    )
    try:
        services.proxy_revoke(proxy=proxy, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The proxy was revoked."))
    return redirect("governance:meeting_proxies", slug=org.slug, meeting_id=meeting.pk)


# --- Attendance --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_MEETINGS)
def meeting_attendance(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    form = AttendanceForm(request.POST or None, members=selectors.register_members(org))
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(meeting=meeting, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The attendance was recorded."))
            return redirect("governance:meeting_attendance", slug=org.slug, meeting_id=meeting.pk)
    context = {
        "org": org,
        "meeting": meeting,
        "form": form,
        "attendance": selectors.attendance_list(meeting),
        "open_for_attendance": meeting.state in services.ATTENDANCE_STATES,
        "org_perms": _perms(request, org),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/meetings/attendance.html", context, status=status)


@require_POST
@org_permission(Perm.MANAGE_MEETINGS)
def attendance_remove(
    request: AuthedRequest, org: Organization, meeting_id: int, member_id: int
) -> HttpResponse:
    meeting = selectors.meeting_of(org, meeting_id)
    member = get_object_or_404(Member, organization=org, pk=member_id)
    try:
        services.attendance_remove(meeting=meeting, by=request.user, member=member)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("governance:meeting_attendance", slug=org.slug, meeting_id=meeting.pk)


@require_POST
@org_permission(Perm.PARTICIPATE)
def meeting_check_in(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    return _act(
        request,
        org,
        meeting_id,
        lambda m: services.attendance_check_in(meeting=m, by=request.user),
        _("You are recorded as present remotely."),
    )


# --- Minutes -----------------------------------------------------------------------------


def _closed(org: Organization, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_of(org, meeting_id)
    if meeting.state != Meeting.State.CLOSED or not meeting.minutes_data:
        raise Http404("no minutes yet")
    return meeting


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def meeting_minutes(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = _closed(org, meeting_id)
    context = {"org": org, "meeting": meeting, "org_perms": _perms(request, org)}
    return render(request, "governance/meetings/minutes.html", context)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def meeting_minutes_pdf(request: AuthedRequest, org: Organization, meeting_id: int) -> HttpResponse:
    meeting = _closed(org, meeting_id)
    response = HttpResponse(minutes_pdf(meeting.minutes_data or {}), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


_M = "orgs/<slug:slug>/meetings/<int:meeting_id>/"

urlpatterns: list[URLPattern] = [
    path("orgs/<slug:slug>/meetings/", meeting_list, name="meeting_list"),
    path("orgs/<slug:slug>/meetings/new/", meeting_create, name="meeting_create"),
    path(_M, meeting_detail, name="meeting_detail"),
    path(_M + "edit/", meeting_edit, name="meeting_edit"),
    path(_M + "agenda/move/", meeting_agenda_move, name="meeting_agenda_move"),
    path(_M + "convene/", meeting_convene, name="meeting_convene"),
    path(_M + "cancel/", meeting_cancel, name="meeting_cancel"),
    path(_M + "open/", meeting_open, name="meeting_open"),
    path(_M + "second-call/", meeting_second_call, name="meeting_second_call"),
    path(_M + "close/", meeting_close, name="meeting_close"),
    path(_M + "meeting.ics", meeting_ics, name="meeting_ics"),
    path(_M + "proxies/", meeting_proxies, name="meeting_proxies"),
    path(_M + "proxies/<int:proxy_id>/revoke/", proxy_revoke, name="meeting_proxy_revoke"),
    path(_M + "attendance/", meeting_attendance, name="meeting_attendance"),
    path(
        _M + "attendance/<int:member_id>/remove/",
        attendance_remove,
        name="meeting_attendance_remove",
    ),
    path(_M + "check-in/", meeting_check_in, name="meeting_check_in"),
    path(
        _M + "resolutions/<int:decision_id>/open/", resolution_open, name="meeting_resolution_open"
    ),
    path(
        _M + "resolutions/<int:decision_id>/close/",
        resolution_close,
        name="meeting_resolution_close",
    ),
    path(_M + "minutes/", meeting_minutes, name="meeting_minutes"),
    path(_M + "minutes.pdf", meeting_minutes_pdf, name="meeting_minutes_pdf"),
]
