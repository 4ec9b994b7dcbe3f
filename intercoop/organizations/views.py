from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import rate_limit
from intercoop.organizations import attention, checks, selectors, services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.forms import (
    InvitationForm,
    JoinRequestDeclineForm,
    JoinRequestForm,
    OfferForm,
    OfferFormSet,
    OrganizationForm,
    ProfileForm,
    RelationshipForm,
    RoleChangeForm,
)
from intercoop.organizations.models import (
    Invitation,
    JoinRequest,
    Organization,
    Relationship,
    Role,
)
from intercoop.organizations.policy import (
    Perm,
    role_of,
    visible_perms,
)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: AuthedRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit("organization_create", request.user.pk)
            org = services.organization_create(by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(org)s has been created.") % {"org": org})
            return redirect("organizations:detail", slug=org.slug)
    return render(request, "organizations/create.html", {"form": form})


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE, moderated=True)
def organization_edit(request: AuthedRequest, org: Organization) -> HttpResponse:
    # The form works on a copy: validating it changes its instance, and the service compares
    # what is saved with what was there.
    form = ProfileForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(organization=org, by=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("organizations:detail", slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "org_perms": {p.value for p in visible_perms(request.user, org)},
    }
    status = 400 if form.errors else 200
    return render(request, "organizations/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE, moderated=True)
def organization_offers(request: AuthedRequest, org: Organization) -> HttpResponse:
    initial = [OfferForm.initial_for(offer) for offer in org.offers.all()]
    formset = OfferFormSet(request.POST or None, initial=initial, prefix="offers")
    if request.method == "POST" and formset.is_valid():
        try:
            services.offers_replace(organization=org, by=request.user, offers=formset.offers())
        except ServiceError as exc:
            formset.add_refusal(exc)
        else:
            messages.success(request, _("The products and services were saved."))
            return redirect("organizations:detail", slug=org.slug)
    context = {
        "org": org,
        "formset": formset,
        "org_perms": {p.value for p in visible_perms(request.user, org)},
    }
    # A POST that gets here was refused.
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/offers.html", context, status=status)


@require_safe
@org_permission(Perm.VIEW_HISTORY, moderated=True)
def organization_history(request: AuthedRequest, org: Organization) -> HttpResponse:
    page = Paginator(selectors.organization_versions(org), 50).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "page": page,
        "versions": selectors.version_rows(list(page.object_list), org),
        "org_perms": {p.value for p in visible_perms(request.user, org)},
    }
    return render(request, "organizations/history.html", context)


# Proposals to an organization shown at once; more wait until these are answered.
WAITING_SHOWN = 100


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_RELATIONSHIPS, moderated=True)
def relationships(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = RelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposed = services.relationship_propose(
                subject=org,
                predicate=form.cleaned_data["predicate"],
                object_slug=form.cleaned_data["object"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request,
                _(
                    "The relationship “%(relationship)s” was proposed. It will be shown once an "
                    "administrator of %(org)s confirms it."
                )
                % {"relationship": proposed, "org": proposed.object},
            )
            return redirect("organizations:relationships", slug=org.slug)
    confirmed = Paginator(selectors.relationships_confirmed(org), 50)
    waiting = selectors.relationships_waiting(org)
    context = {
        "org": org,
        "form": form,
        "waiting": waiting[:WAITING_SHOWN],
        "waiting_count": waiting.count(),
        "proposed": selectors.relationships_proposed(org),
        "page": confirmed.get_page(request.GET.get("page")),
        "org_perms": {p.value for p in visible_perms(request.user, org)},
    }
    status = 400 if form.errors else 200
    return render(request, "organizations/relationships.html", context, status=status)


@require_POST
@org_permission(Perm.MANAGE_RELATIONSHIPS, moderated=True)
def relationship_confirm(
    request: AuthedRequest, org: Organization, relationship_id: int
) -> HttpResponse:
    # Only the organization a relationship points at confirms it.
    relationship = get_object_or_404(
        Relationship.objects.select_related("subject", "object"), pk=relationship_id, object=org
    )
    try:
        services.relationship_confirm(relationship=relationship, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The relationship “%(relationship)s” is confirmed and now shown.")
            % {"relationship": relationship},
        )
    return redirect("organizations:relationships", slug=org.slug)


@require_POST
@org_permission(Perm.MANAGE_RELATIONSHIPS, moderated=True)
def relationship_remove(
    request: AuthedRequest, org: Organization, relationship_id: int
) -> HttpResponse:
    relationship = get_object_or_404(
        Relationship.objects.of(org).select_related("subject", "object"), pk=relationship_id
    )
    try:
        how = services.relationship_remove(
            relationship=relationship, on_behalf_of=org, by=request.user
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        done = {
            services.Ended.WITHDRAWN: _("The proposal “%(relationship)s” was withdrawn."),
            services.Ended.DECLINED: _("The proposal “%(relationship)s” was declined."),
            services.Ended.ENDED: _("The relationship “%(relationship)s” was ended."),
        }[how]
        messages.success(request, done % {"relationship": relationship})
    return redirect("organizations:relationships", slug=org.slug)


@require_safe
@org_permission(Perm.VIEW_PEOPLE)
def people(request: AuthedRequest, org: Organization) -> HttpResponse:
    page = Paginator(selectors.roles_of_organization(org), 50).get_page(request.GET.get("page"))
    context = {
        "org": org,
        "page": page,
        "roles": page.object_list,
        "org_perms": {p.value for p in visible_perms(request.user, org)},
        "role_choices": Role.Name.choices,
    }
    return render(request, "organizations/people.html", context)


@require_POST
@org_permission(Perm.MANAGE_ROLES)
def role_change(request: AuthedRequest, org: Organization, role_id: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=role_id, organization=org)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
    else:
        try:
            services.role_change(role=role, new_role=form.cleaned_data["role"], by=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The role of %(person)s was changed.") % {"person": role.user}
            )
    return redirect("organizations:people", slug=org.slug)


@require_POST
@org_permission(Perm.VIEW_PEOPLE)
def role_remove(request: AuthedRequest, org: Organization, role_id: int) -> HttpResponse:
    role = get_object_or_404(Role, pk=role_id, organization=org)
    try:
        services.role_remove(role=role, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("organizations:people", slug=org.slug)
    if role.user_id == request.user.pk:
        messages.success(request, _("You have left %(org)s.") % {"org": org})
        return redirect("organizations:detail", slug=org.slug)
    messages.success(request, _("%(person)s was removed.") % {"person": role.user})
    return redirect("organizations:people", slug=org.slug)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.INVITE_MEMBERS)
def invitations(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate_limit("invitation_create", request.user.pk)
            services.invitation_create(
                organization=org,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("organizations:invitations", slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "invitations": selectors.invitations_open(org),
        "org_perms": {p.value for p in visible_perms(request.user, org)},
    }
    status = 400 if form.errors else 200
    return render(request, "organizations/invitations.html", context, status=status)


@require_POST
@org_permission(Perm.INVITE_MEMBERS)
def invitation_revoke(
    request: AuthedRequest, org: Organization, invitation_id: int
) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, organization=org)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("organizations:invitations", slug=org.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: AuthedRequest, token: str) -> HttpResponse:
    return _invitation_page(request, token=token)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_received(request: AuthedRequest, invitation_id: int) -> HttpResponse:
    """The same page, reached from "Needs my attention" by the invitation's addressee."""
    return _invitation_page(request, invitation_id=invitation_id)


def _invitation_page(
    request: AuthedRequest, *, token: str | None = None, invitation_id: int | None = None
) -> HttpResponse:
    try:
        if token is not None:
            invitation = selectors.invitation_lookup(token=token)
        elif invitation_id is not None:
            invitation = selectors.invitation_received(
                invitation_id=invitation_id, user=request.user
            )
        else:
            raise Http404
        checks.check_invitation_acceptable(invitation=invitation, user=request.user)
    except ServiceError as exc:
        return render(
            request,
            "organizations/invitation_error.html",
            {"message": exc.message},
            status=exc.status,
        )
    if request.method == "POST":
        try:
            services.invitation_accept(token=token, invitation_id=invitation_id, user=request.user)
        except ServiceError as exc:
            return render(
                request,
                "organizations/invitation_error.html",
                {"message": exc.message},
                status=exc.status,
            )
        messages.success(request, _("Welcome to %(org)s.") % {"org": invitation.organization})
        return redirect("organizations:detail", slug=invitation.organization.slug)
    return render(request, "organizations/invitation.html", {"invitation": invitation})


# --- requests to join ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def join_request_create(request: AuthedRequest, slug: str) -> HttpResponse:
    org = get_object_or_404(Organization, slug=slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_create(
                organization=org,
                by=request.user,
                message=form.cleaned_data["message"],
                base_url=request.build_absolute_uri("/"),
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Your request to join %(org)s was sent. You will be told of the answer by email.")
                % {"org": org},
            )
            return redirect("organizations:detail", slug=org.slug)
    context = {
        "org": org,
        "form": form,
        "my_role": role_of(request.user, org),
        "join_request": selectors.join_request_latest(org, request.user),
    }
    status = 400 if form.errors else 200
    return render(request, "organizations/join.html", context, status=status)


@login_required
@require_POST
def join_request_withdraw(request: AuthedRequest, slug: str, join_request_id: int) -> HttpResponse:
    # Only the person who asked: anyone else learns nothing of the request.
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("organization"),
        pk=join_request_id,
        organization__slug=slug,
        user=request.user,
    )
    try:
        services.join_request_withdraw(join_request=join_request, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Your request to join %(org)s was withdrawn.") % {"org": join_request.organization},
        )
    return redirect("organizations:detail", slug=slug)


@require_safe
@org_permission(Perm.DECIDE_JOIN_REQUESTS)
def join_requests(request: AuthedRequest, org: Organization) -> HttpResponse:
    context = {
        "org": org,
        "join_requests": selectors.join_requests_pending(org),
        "reason_max_length": services.JOIN_MESSAGE_MAX_LENGTH,
    }
    return render(request, "organizations/join_requests.html", context)


@require_POST
@org_permission(Perm.DECIDE_JOIN_REQUESTS)
def join_request_accept(
    request: AuthedRequest, org: Organization, join_request_id: int
) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest, pk=join_request_id, organization=org)
    try:
        services.join_request_accept(
            join_request=join_request, by=request.user, base_url=request.build_absolute_uri("/")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(person)s is now a member.") % {"person": join_request.user})
    return redirect("organizations:join_requests", slug=org.slug)


@require_POST
@org_permission(Perm.DECIDE_JOIN_REQUESTS)
def join_request_decline(
    request: AuthedRequest, org: Organization, join_request_id: int
) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest, pk=join_request_id, organization=org)
    form = JoinRequestDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors.get("reason", [])))
        return redirect("organizations:join_requests", slug=org.slug)
    try:
        services.join_request_decline(
            join_request=join_request,
            by=request.user,
            reason=form.cleaned_data["reason"],
            base_url=request.build_absolute_uri("/"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The request of %(person)s was declined.") % {"person": join_request.user},
        )
    return redirect("organizations:join_requests", slug=org.slug)


@login_required
@require_safe
def attention_page(request: AuthedRequest) -> HttpResponse:
    """What waits for me in my co-ops: where people land after signing in."""
    items = attention.attention_items(request.user)
    context = {
        "items": items,
        "nothing": not any(items.values()),
        "has_roles": selectors.roles_of_user(request.user).exists(),
    }
    return render(request, "organizations/attention.html", context)
