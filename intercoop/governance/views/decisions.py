"""Decisions: web views (see governance/urls.py)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.governance.forms.decisions import BallotForm, DecisionForm
from intercoop.governance.models import Decision, Meeting, Member, Option, Proposal
from intercoop.governance.selectors import decisions as selectors
from intercoop.governance.services import decisions as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, visible_perms

RECEIPTS = "decision-receipts"


def _perms(request: AuthedRequest, org: Organization) -> set[str]:
    return {p.value for p in visible_perms(request.user, org)}


def _detail(decision: Decision) -> HttpResponse:
    return redirect("governance:decision_detail", decision.organization.slug, decision.pk)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def decision_list(request: AuthedRequest, org: Organization) -> HttpResponse:
    context = {
        "org": org,
        "decisions": selectors.decision_list(org),
        "org_perms": _perms(request, org),
    }
    return render(request, "governance/decisions/list.html", context)


def _linked(org: Organization, model: type[Any], raw: str | None) -> Any:
    if not raw or not raw.isdigit():
        return None
    return model.objects.filter(organization=org, pk=int(raw)).first()


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_DECISIONS)
def decision_create(request: AuthedRequest, org: Organization) -> HttpResponse:
    proposal: Proposal | None = _linked(org, Proposal, request.GET.get("proposal"))
    meeting: Meeting | None = _linked(org, Meeting, request.GET.get("meeting"))
    initial: dict[str, Any] = {
        "language": translation.get_language(),
        "record_date": meeting.record_date if meeting else timezone.localdate(),
    }
    if proposal is not None:
        initial.update(
            title=proposal.title,
            question=_("Do you adopt the proposal “%(title)s”?") % {"title": proposal.title},
            language=proposal.language,
            method=Decision.Method.YES_NO,
        )
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                organization=org,
                by=request.user,
                proposal=proposal,
                meeting=meeting,
                **form.cleaned_data,
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The decision was created. Open the vote when ready."))
            return _detail(decision)
    context = {
        "org": org,
        "form": form,
        "proposal": proposal,
        "meeting": meeting,
        "org_perms": _perms(request, org),
    }
    return render(
        request, "governance/decisions/form.html", context, status=400 if form.errors else 200
    )


def _ballot_forms(
    request: AuthedRequest,
    decision: Decision,
    options: list[Option],
    bound: BallotForm | None = None,
) -> list[dict[str, Any]]:
    out = []
    for ballot in selectors.ballots_for(decision, request.user):
        if bound is not None and bound.member_id == ballot.member.pk:
            form = bound
        else:
            form = BallotForm(
                decision=decision,
                options=options,
                member_id=ballot.member.pk,
                voted=ballot.voted,
            )
        out.append({"ballot": ballot, "form": form})
    return out


def _detail_page(
    request: AuthedRequest,
    org: Organization,
    decision: Decision,
    *,
    bound: BallotForm | None = None,
    status: int = 200,
) -> HttpResponse:
    options = selectors.options_of(decision)
    context = {
        "org": org,
        "decision": decision,
        "options": options,
        "turnout": selectors.turnout(decision),
        "ballots": _ballot_forms(request, decision, options, bound),
        "view": selectors.result_view(decision),
        "named_ballots": selectors.named_ballots(decision, request.user),
        "org_perms": _perms(request, org),
        "now": timezone.now(),
    }
    return render(request, "governance/decisions/detail.html", context, status=status)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def decision_detail(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    return _detail_page(request, org, selectors.decision_of(org, decision_id))


@require_POST
@org_permission(Perm.PARTICIPATE)
def decision_vote(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    decision = selectors.decision_of(org, decision_id)
    raw = request.POST.get("member", "")
    member = Member.objects.filter(organization=org, pk=int(raw)).first() if raw.isdigit() else None
    if member is None:
        raise Http404
    form = BallotForm(
        request.POST,
        decision=decision,
        options=selectors.options_of(decision),
        member_id=member.pk,
    )
    if not form.is_valid():
        return _detail_page(request, org, decision, bound=form, status=400)
    try:
        receipt = services.ballot_cast(
            decision=decision,
            by=request.user,
            member=member,
            choices=form.choices(),
            receipt_code=form.cleaned_data.get("receipt_code") or None,
        )
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return _detail_page(request, org, decision, bound=form, status=exc.status)
    # The receipt, with a secret ballot's code, travels in a signed cookie to the voter's own
    # browser and is never stored on the server: a code kept in the session table could open
    # the sealed ballot, for anyone who reads the database.
    receipts = _receipts_in(request, decision)
    receipts.append(
        {
            "member": receipt.member_name,
            "revote": receipt.revote,
            "at": receipt.cast_at.isoformat(),
            "code": receipt.code,
        }
    )
    response = redirect("governance:decision_receipt", org.slug, decision.pk)
    response.set_signed_cookie(
        _receipt_cookie(decision),
        json.dumps(receipts),
        salt=RECEIPTS,
        max_age=RECEIPT_MAX_AGE,
        path=_receipt_path(org, decision),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


@require_safe
@org_permission(Perm.PARTICIPATE)
def decision_receipt(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    decision = selectors.decision_of(org, decision_id)
    context = {
        "org": org,
        "decision": decision,
        # Shown once: the cookie is deleted with this response. The cookie carries the time as
        # ISO 8601; the page shows it in the reader's language and time zone.
        "receipts": [
            {**r, "at": parse_datetime(str(r.get("at", "")))}
            for r in _receipts_in(request, decision)
        ],
        "org_perms": _perms(request, org),
    }
    response = render(request, "governance/decisions/receipt.html", context)
    response.delete_cookie(
        _receipt_cookie(decision), path=_receipt_path(org, decision), samesite="Strict"
    )
    return response


RECEIPT_MAX_AGE = 600  # seconds between casting and seeing the receipt


def _receipt_cookie(decision: Decision) -> str:
    return f"receipt-{decision.pk}"


def _receipt_path(org: Organization, decision: Decision) -> str:
    # Only this decision's pages, in the current language, receive the cookie.
    return reverse("governance:decision_detail", args=[org.slug, decision.pk])


def _receipts_in(request: HttpRequest, decision: Decision) -> list[dict[str, Any]]:
    raw = request.get_signed_cookie(
        _receipt_cookie(decision), default=None, salt=RECEIPTS, max_age=RECEIPT_MAX_AGE
    )
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return []
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


@require_POST
@org_permission(Perm.MANAGE_DECISIONS)
def decision_open(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    decision = selectors.decision_of(org, decision_id)
    try:
        services.decision_open(decision=decision, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The vote is open; the roll is frozen."))
    return _detail(decision)


CLOSE_CONFIRMATION = "close"  # the value of the confirmation page's ``confirm`` field


def close_confirmation(
    request: AuthedRequest,
    org: Organization,
    decision: Decision,
    *,
    action: str,
    cancel: str,
    button: str,
    status: int = 200,
) -> HttpResponse:
    """The page that asks before a vote is closed: when it was to close, and how many of the
    roll have voted. Used by the verifiable election's close too."""
    context = {
        "org": org,
        "decision": decision,
        "closing": selectors.closing_summary(decision),
        "action": action,
        "cancel": cancel,
        "button": button,
        "confirm_value": CLOSE_CONFIRMATION,
        "unconfirmed": status == 400,
        "org_perms": _perms(request, org),
    }
    return render(request, "governance/decisions/close.html", context, status=status)


def close_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == CLOSE_CONFIRMATION


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_DECISIONS)
def decision_close(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    decision = selectors.decision_of(org, decision_id)
    if decision.secrecy == Decision.Secrecy.VERIFIABLE:
        return redirect("ballots:election", org.slug, decision.pk)  # closed from there
    if decision.state != Decision.State.OPEN:
        messages.error(request, _("Only an open vote can be closed."))
        return _detail(decision)
    if not close_confirmed(request):
        # A GET asks; a POST without the confirmation closes nothing and asks again.
        return close_confirmation(
            request,
            org,
            decision,
            action=reverse("governance:decision_close", args=[org.slug, decision.pk]),
            cancel=reverse("governance:decision_detail", args=[org.slug, decision.pk]),
            button=_("Close the vote and count it"),
            status=400 if request.method == "POST" else 200,
        )
    try:
        services.decision_close(decision=decision, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _detail(decision)
    messages.success(request, _("The vote is closed and counted."))
    return redirect("governance:decision_result", org.slug, decision.pk)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def decision_result(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    decision = selectors.decision_of(org, decision_id)
    view = selectors.result_view(decision)
    if view is None:
        raise Http404
    context = {
        "org": org,
        "decision": decision,
        "view": view,
        "named_ballots": selectors.named_ballots(decision, request.user),
        "org_perms": _perms(request, org),
    }
    return render(request, "governance/decisions/result.html", context)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def decision_export(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    decision = selectors.decision_of(org, decision_id)
    if decision.state != Decision.State.CLOSED:
        raise Http404
    response = HttpResponse(selectors.export_bundle(decision), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="{org.slug}-decision-{decision.pk}-ballots.zip"'
    )
    return response


urlpatterns: list[URLPattern] = [
    path("orgs/<slug:slug>/decisions/", decision_list, name="decision_list"),
    path("orgs/<slug:slug>/decisions/new/", decision_create, name="decision_create"),
    path("orgs/<slug:slug>/decisions/<int:decision_id>/", decision_detail, name="decision_detail"),
    path("orgs/<slug:slug>/decisions/<int:decision_id>/vote/", decision_vote, name="decision_vote"),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/receipt/",
        decision_receipt,
        name="decision_receipt",
    ),
    path("orgs/<slug:slug>/decisions/<int:decision_id>/open/", decision_open, name="decision_open"),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/close/", decision_close, name="decision_close"
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/result/",
        decision_result,
        name="decision_result",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/ballots.zip",
        decision_export,
        name="decision_export",
    ),
]
