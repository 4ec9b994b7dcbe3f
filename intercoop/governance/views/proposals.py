"""proposals: web views (see governance/urls.py). Reading needs VIEW_DECISIONS, writing
PARTICIPATE; the services check the rest (author, board, state)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import rate_limit
from intercoop.governance.forms.proposals import (
    AmendmentForm,
    AttachmentForm,
    CommentForm,
    OpenForm,
    ProposalForm,
    RejectForm,
)
from intercoop.governance.models import Amendment, Attachment, Comment, Proposal
from intercoop.governance.selectors import proposals as selectors
from intercoop.governance.services import proposals as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, visible_perms


def _proposal(org: Organization, user: Any, pk: int) -> Proposal:
    """A proposal of this co-op the person may read, or 404 (never another co-op's)."""
    return get_object_or_404(
        selectors.proposals_visible(org, user).select_related("organization"), pk=pk
    )


def _context(request: AuthedRequest, org: Organization, **extra: Any) -> dict[str, Any]:
    return {"org": org, "org_perms": {p.value for p in visible_perms(request.user, org)}, **extra}


def _to_detail(org: Organization, proposal: Proposal, anchor: str = "") -> HttpResponse:
    url = reverse("governance:proposal_detail", args=[org.slug, proposal.pk])
    return redirect(url + anchor)


def _refused(request: AuthedRequest, org: Organization, proposal: Proposal, exc: ServiceError):
    messages.error(request, exc.message)
    return _to_detail(org, proposal)


def _decision_links(org: Organization, proposal: Proposal) -> tuple[str | None, list[Any]]:
    """The link to put the proposal to a vote, and its decisions with links, while the
    decisions area's routes may not exist yet."""
    try:
        create = reverse("governance:decision_create", args=[org.slug])
        create += f"?proposal={proposal.pk}"
    except NoReverseMatch:
        create = None
    linked = []
    for decision in proposal.decisions.all():
        try:
            url: str | None = reverse("governance:decision_detail", args=[org.slug, decision.pk])
        except NoReverseMatch:
            url = None
        linked.append((decision, url))
    return create, linked


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def proposal_list(request: AuthedRequest, org: Organization) -> HttpResponse:
    state = request.GET.get("state") or ""
    if state not in Proposal.State.values:
        state = ""
    counts = selectors.proposal_counts(org, request.user)
    page = Paginator(selectors.proposal_list(org, request.user, state or None), 50).get_page(
        request.GET.get("page")
    )
    tabs = [(value, label, counts.get(value, 0)) for value, label in Proposal.State.choices]
    context = _context(request, org, page=page, state=state, tabs=tabs, total=sum(counts.values()))
    return render(request, "governance/proposals/list.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.PARTICIPATE)
def proposal_create(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = ProposalForm(request.POST or None, initial={"language": request.LANGUAGE_CODE or "en"})
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit("proposal_create", request.user.pk)
            proposal = services.proposal_create(
                organization=org, by=request.user, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Your draft was saved. Only you and the board see it."))
            return _to_detail(org, proposal)
    status = 400 if form.errors else 200
    return render(
        request,
        "governance/proposals/form.html",
        _context(request, org, form=form, proposal=None),
        status=status,
    )


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def proposal_detail(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    perms = visible_perms(request.user, org)
    mine = proposal.author_id == request.user.pk
    manages = Perm.MANAGE_DECISIONS in perms
    participates = Perm.PARTICIPATE in perms
    draft = proposal.state == Proposal.State.DRAFT
    discussing = proposal.state == Proposal.State.DISCUSSION and (
        proposal.discussion_closes_at is None or timezone.now() < proposal.discussion_closes_at
    )
    vote_link, decisions = _decision_links(org, proposal)
    context = _context(
        request,
        org,
        proposal=proposal,
        threads=selectors.comment_threads(proposal),
        amendments=selectors.amendments_of(proposal),
        attachments=selectors.attachments_of(proposal),
        decisions=decisions,
        vote_link=vote_link if manages and proposal.state == Proposal.State.DISCUSSION else None,
        can_edit=mine and draft,
        can_open=draft and (mine or manages),
        can_withdraw=proposal.state in (Proposal.State.DRAFT, Proposal.State.DISCUSSION)
        and (mine or manages),
        can_attach=proposal.state in (Proposal.State.DRAFT, Proposal.State.DISCUSSION)
        and (mine or manages),
        can_discuss=participates and discussing,
        can_decide_amendments=manages and proposal.state == Proposal.State.DISCUSSION,
        comment_form=CommentForm(),
        open_form=OpenForm(),
    )
    return render(request, "governance/proposals/detail.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.PARTICIPATE)
def proposal_edit(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    if proposal.author_id != request.user.pk:
        raise Http404
    initial = {"title": proposal.title, "body": proposal.body, "language": proposal.language}
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The draft was saved."))
            return _to_detail(org, proposal)
    status = 400 if form.errors else 200
    return render(
        request,
        "governance/proposals/form.html",
        _context(request, org, form=form, proposal=proposal),
        status=status,
    )


@require_POST
@org_permission(Perm.PARTICIPATE)
def proposal_open(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    form = OpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date and time for the end of the discussion."))
        return _to_detail(org, proposal)
    try:
        services.proposal_open(
            proposal=proposal, by=request.user, closes_at=form.cleaned_data["closes_at"]
        )
    except ServiceError as exc:
        return _refused(request, org, proposal, exc)
    messages.success(request, _("The proposal is open for discussion; the co-op was told."))
    return _to_detail(org, proposal)


@require_POST
@org_permission(Perm.PARTICIPATE)
def proposal_withdraw(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user)
    except ServiceError as exc:
        return _refused(request, org, proposal, exc)
    messages.success(request, _("The proposal was withdrawn."))
    return _to_detail(org, proposal)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def proposal_history(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    page = Paginator(selectors.proposal_versions(proposal), 20).get_page(request.GET.get("page"))
    for version in page.object_list:
        version.reason_label = _reason_label(version.history_change_reason or "")
    return render(
        request,
        "governance/proposals/history.html",
        _context(request, org, proposal=proposal, page=page),
    )


def _reason_label(reason: str) -> str:
    """The services' change reasons, in the reader's language."""
    labels = {
        "created": _("Written"),
        "edited": _("Draft edited"),
        "opened": _("Opened for discussion"),
        "withdrawn": _("Withdrawn"),
    }
    if reason.startswith("amendment "):
        return _("Amendment %(n)s accepted") % {"n": reason.removeprefix("amendment ")}
    return labels.get(reason, reason)


# --- Comments ----------------------------------------------------------------------------


@require_POST
@org_permission(Perm.PARTICIPATE)
def comment_create(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_create(
                proposal=proposal, by=request.user, body=form.cleaned_data["body"]
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            return _to_detail(org, proposal, f"#comment-{comment.pk}")
    return render(
        request,
        "governance/proposals/reply.html",
        _context(request, org, proposal=proposal, parent=None, form=form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
@org_permission(Perm.PARTICIPATE)
def comment_reply(request: AuthedRequest, org: Organization, pk: int, cid: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    parent = get_object_or_404(Comment.objects.select_related("author"), pk=cid, proposal=proposal)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_create(
                proposal=proposal, by=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            return _to_detail(org, proposal, f"#comment-{comment.pk}")
    status = 400 if form.errors else 200
    return render(
        request,
        "governance/proposals/reply.html",
        _context(request, org, proposal=proposal, parent=parent, form=form),
        status=status,
    )


# --- Amendments --------------------------------------------------------------------------


def _amendment(org: Organization, user: Any, pk: int, aid: int) -> Amendment:
    proposal = _proposal(org, user, pk)
    return get_object_or_404(
        Amendment.objects.select_related("proposal__organization", "author"),
        pk=aid,
        proposal=proposal,
    )


@require_http_methods(["GET", "POST"])
@org_permission(Perm.PARTICIPATE)
def amendment_create(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    form = AmendmentForm(request.POST or None, initial={"text": proposal.body})
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amendment_create(
                proposal=proposal, by=request.user, **form.cleaned_data
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("Your amendment was proposed."))
            return _to_detail(org, proposal, f"#amendment-{amendment.pk}")
    status = 400 if form.errors else 200
    return render(
        request,
        "governance/proposals/amendment_form.html",
        _context(request, org, proposal=proposal, form=form),
        status=status,
    )


@require_POST
@org_permission(Perm.MANAGE_DECISIONS)
def amendment_accept(request: AuthedRequest, org: Organization, pk: int, aid: int) -> HttpResponse:
    amendment = _amendment(org, request.user, pk, aid)
    try:
        services.amendment_accept(amendment=amendment, by=request.user)
    except ServiceError as exc:
        return _refused(request, org, amendment.proposal, exc)
    messages.success(request, _("The amendment was accepted: the text of the proposal changed."))
    return _to_detail(org, amendment.proposal, f"#amendment-{amendment.pk}")


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_DECISIONS)
def amendment_reject(request: AuthedRequest, org: Organization, pk: int, aid: int) -> HttpResponse:
    amendment = _amendment(org, request.user, pk, aid)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_reject(
                amendment=amendment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The amendment was rejected."))
            return _to_detail(org, amendment.proposal, f"#amendment-{amendment.pk}")
    status = 400 if form.errors else 200
    return render(
        request,
        "governance/proposals/amendment_reject.html",
        _context(request, org, proposal=amendment.proposal, amendment=amendment, form=form),
        status=status,
    )


@require_POST
@org_permission(Perm.PARTICIPATE)
def amendment_withdraw(
    request: AuthedRequest, org: Organization, pk: int, aid: int
) -> HttpResponse:
    amendment = _amendment(org, request.user, pk, aid)
    try:
        services.amendment_withdraw(amendment=amendment, by=request.user)
    except ServiceError as exc:
        return _refused(request, org, amendment.proposal, exc)
    messages.success(request, _("Your amendment was withdrawn."))
    return _to_detail(org, amendment.proposal, f"#amendment-{amendment.pk}")


# --- Attachments -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_permission(Perm.PARTICIPATE)
def attachment_create(request: AuthedRequest, org: Organization, pk: int) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                proposal=proposal, upload=form.cleaned_data["file"], by=request.user
            )
        except ServiceError as exc:
            form.add_refusal(exc)
            status = exc.status
        else:
            messages.success(request, _("The file was attached."))
            return _to_detail(org, proposal, "#attachments")
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "governance/proposals/attachment_form.html",
        _context(request, org, proposal=proposal, form=form),
        status=status,
    )


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def attachment_download(
    request: AuthedRequest, org: Organization, pk: int, aid: int
) -> HttpResponse:
    proposal = _proposal(org, request.user, pk)
    attachment = get_object_or_404(Attachment, pk=aid, proposal=proposal)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered it, the file could run nothing and reach nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    # org_permission types views as returning HttpResponse; a streamed file is a response too.
    return response  # type: ignore[return-value]


urlpatterns: list[URLPattern] = [
    path("orgs/<slug:slug>/proposals/", proposal_list, name="proposal_list"),
    path("orgs/<slug:slug>/proposals/new/", proposal_create, name="proposal_create"),
    path("orgs/<slug:slug>/proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("orgs/<slug:slug>/proposals/<int:pk>/edit/", proposal_edit, name="proposal_edit"),
    path("orgs/<slug:slug>/proposals/<int:pk>/open/", proposal_open, name="proposal_open"),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/withdraw/",
        proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("orgs/<slug:slug>/proposals/<int:pk>/history/", proposal_history, name="proposal_history"),
    path("orgs/<slug:slug>/proposals/<int:pk>/comments/", comment_create, name="comment_create"),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/comments/<int:cid>/reply/",
        comment_reply,
        name="comment_reply",
    ),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/amendments/new/",
        amendment_create,
        name="amendment_create",
    ),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/amendments/<int:aid>/accept/",
        amendment_accept,
        name="amendment_accept",
    ),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/amendments/<int:aid>/reject/",
        amendment_reject,
        name="amendment_reject",
    ),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/amendments/<int:aid>/withdraw/",
        amendment_withdraw,
        name="amendment_withdraw",
    ),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/attachments/new/",
        attachment_create,
        name="attachment_create",
    ),
    path(
        "orgs/<slug:slug>/proposals/<int:pk>/attachments/<int:aid>/",
        attachment_download,
        name="attachment_download",
    ),
]
