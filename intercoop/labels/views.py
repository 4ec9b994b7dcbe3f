"""The labels app's pages: an organization's issuer, achievements and credentials; the
recipient's page to accept a label; a label's public page; the public JSON documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, time
from functools import wraps
from typing import Any
from uuid import UUID

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.csvfile import CsvRefused
from intercoop.core.errors import ServiceError
from intercoop.labels import selectors, services
from intercoop.labels.forms import (
    AchievementForm,
    EndorseOrganizationForm,
    EndorseProgrammeForm,
    IssueForm,
    IssueManyForm,
    IssueToOrganizationForm,
)
from intercoop.labels.models import Achievement, Credential, Endorsement, Issuer, StatusList
from intercoop.labels.templatetags.organization_labels import checked_endorsements
from intercoop.labels.verifier import verify_credential
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm

View = Callable[..., HttpResponse]


def mfa_for_issuing(view: View) -> View:
    """Whoever signs in an organization's name must have set up two-factor authentication:
    without it, they are sent to set it up, and nothing is done."""

    @wraps(view)
    def wrapper(
        request: AuthedRequest, org: Organization, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        if not is_mfa_enabled(request.user):
            messages.warning(
                request,
                _(
                    "Issuing labels in an organization's name needs two-factor authentication: "
                    "set it up first."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, org, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def issuer(request: AuthedRequest, org: Organization) -> HttpResponse:
    current = selectors.issuer_of(org)
    if request.method == "POST" and current is None:
        try:
            services.issuer_create(organization=org, by=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(org)s is now an issuer of labels.") % {"org": org.name})
        return redirect("labels:issuer", slug=org.slug)
    if request.method == "POST":
        return redirect("labels:issuer", slug=org.slug)
    context: dict[str, Any] = {"org": org, "issuer": current}
    if current is not None:
        context |= {
            "did": selectors.issuer_did(current),
            "keys": selectors.issuer_key_rows(current),
        }
    return render(request, "labels/issuer.html", context)


@require_POST
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def issuer_key_rotate(request: AuthedRequest, org: Organization) -> HttpResponse:
    current = selectors.issuer_of(org)
    if current is None:
        raise Http404
    compromised = request.POST.get("compromised") == "yes"
    key = services.issuer_key_rotate(issuer=current, by=request.user, compromised=compromised)
    if compromised:
        messages.warning(
            request,
            _(
                "The key was marked compromised and removed from the DID document: what it "
                "signed no longer verifies. New labels are signed with key %(key)s."
            )
            % {"key": key.fragment},
        )
    else:
        messages.success(
            request,
            _(
                "New labels are signed with key %(key)s. The earlier keys stay in the DID "
                "document, so the labels they signed keep verifying."
            )
            % {"key": key.fragment},
        )
    return redirect("labels:issuer", slug=org.slug)


@require_safe
def did_json(request: AuthedRequest, path: str) -> HttpResponse:
    """The issuer's DID document, public: what anyone resolves its did:web identifier to."""
    found = selectors.issuer_by_path(path)
    if found is None:
        raise Http404
    response = JsonResponse(selectors.did_document(found), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _issuer_or_404(org: Organization) -> Issuer:
    found = selectors.issuer_of(org)
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def achievements(request: AuthedRequest, org: Organization) -> HttpResponse:
    current = selectors.issuer_of(org)
    if current is None:
        return redirect("labels:issuer", slug=org.slug)
    form = AchievementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.achievement_create(
                issuer=current,
                by=request.user,
                kind=form.cleaned_data["kind"],
                texts=form.texts(),
                alignments=form.alignments(),
                image=form.cleaned_data.get("image"),
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(request, _("The achievement was created."))
            return redirect("labels:achievement", slug=org.slug, achievement_id=created.pk)
    context = {"org": org, "form": form, "achievements": selectors.achievements_of(current)}
    return render(request, "labels/achievements.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def achievement_detail(
    request: AuthedRequest, org: Organization, achievement_id: int
) -> HttpResponse:
    achievement = get_object_or_404(Achievement, pk=achievement_id, issuer=_issuer_or_404(org))
    form = IssueForm(request.POST or None, initial={"language": request.LANGUAGE_CODE[:2]})
    if request.method == "POST" and form.is_valid():
        until = form.cleaned_data.get("valid_until")
        try:
            issued = services.credential_issue(
                achievement=achievement,
                by=request.user,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                language=form.cleaned_data["language"],
                valid_until=(
                    datetime.combine(until, time(23, 59, 59), tzinfo=UTC) if until else None
                ),
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request,
                _("The label was issued to %(email)s, who was sent an email to accept it.")
                % {"email": issued.credential.recipient_email},
            )
            return redirect("labels:achievement", slug=org.slug, achievement_id=achievement.pk)
    return _achievement_page(request, org, achievement, form=form)


@require_POST
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def achievement_issue_organization(
    request: AuthedRequest, org: Organization, achievement_id: int
) -> HttpResponse:
    """Issue the achievement to an organization of the directory: a co-op's label, shown on its
    public page."""
    achievement = get_object_or_404(Achievement, pk=achievement_id, issuer=_issuer_or_404(org))
    form = IssueToOrganizationForm(request.POST)
    if form.is_valid():
        holder = Organization.objects.filter(slug=form.slug()).first()
        if holder is None:
            form.add_error("organization", _("No organization of this directory has this address."))
        else:
            until = form.cleaned_data.get("valid_until")
            try:
                services.credential_issue(
                    achievement=achievement,
                    by=request.user,
                    organization=holder,
                    language=form.cleaned_data["language"],
                    valid_until=(
                        datetime.combine(until, time(23, 59, 59), tzinfo=UTC) if until else None
                    ),
                )
            except ServiceError as exc:
                form.add_refusal(exc)
            else:
                messages.success(
                    request,
                    _("The label was issued to %(org)s; its page in the directory shows it.")
                    % {"org": holder.name},
                )
                return redirect("labels:achievement", slug=org.slug, achievement_id=achievement.pk)
    return _achievement_page(request, org, achievement, org_form=form, status=400)


@require_POST
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def achievement_issue_many(
    request: AuthedRequest, org: Organization, achievement_id: int
) -> HttpResponse:
    """Issue the achievement to everyone in a CSV file, all or nothing."""
    achievement = get_object_or_404(Achievement, pk=achievement_id, issuer=_issuer_or_404(org))
    form = IssueManyForm(request.POST, request.FILES)
    errors: list[tuple[int, str]] = []
    if form.is_valid():
        try:
            result = services.credentials_import(
                achievement=achievement,
                content=form.content(),
                by=request.user,
                language=form.cleaned_data["language"],
            )
        except CsvRefused as exc:
            errors = exc.errors
            form.add_refusal(exc)
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            issued, already = len(result.issued), len(result.already)
            said = ngettext(
                "%(n)s label issued, its recipient emailed.",
                "%(n)s labels issued, each recipient emailed.",
                issued,
            ) % {"n": issued}
            if already:
                said += " " + ngettext(
                    "%(n)s person already held it and got nothing new.",
                    "%(n)s people already held it and got nothing new.",
                    already,
                ) % {"n": already}
            messages.success(request, said)
            return redirect("labels:achievement", slug=org.slug, achievement_id=achievement.pk)
    return _achievement_page(request, org, achievement, many_form=form, errors=errors, status=400)


@require_POST
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def credential_revoke(
    request: AuthedRequest, org: Organization, credential_id: int
) -> HttpResponse:
    credential = get_object_or_404(
        Credential, pk=credential_id, achievement__issuer=_issuer_or_404(org)
    )
    services.credential_revoke(credential=credential, by=request.user)
    messages.success(request, _("The label was revoked: it no longer verifies as valid."))
    return redirect("labels:achievement", slug=org.slug, achievement_id=credential.achievement_id)


@require_POST
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def credential_suspend(
    request: AuthedRequest, org: Organization, credential_id: int
) -> HttpResponse:
    credential = get_object_or_404(
        Credential, pk=credential_id, achievement__issuer=_issuer_or_404(org)
    )
    suspended = request.POST.get("suspended") != "no"
    try:
        services.credential_suspend(credential=credential, by=request.user, suspended=suspended)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The label was suspended: it does not verify as valid until it is reinstated.")
            if suspended
            else _("The label was reinstated: it verifies as valid again."),
        )
    return redirect("labels:achievement", slug=org.slug, achievement_id=credential.achievement_id)


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The recipient's page, reached from the email: the label, and a button to accept it.
    The link is the proof that they read the email; no account is needed."""
    try:
        credential = (
            services.credential_accept(token=token)
            if request.method == "POST"
            else selectors.credential_by_token(token)
        )
    except ServiceError as exc:
        return render(request, "labels/accept_error.html", {"message": exc.message}, status=404)
    if request.method == "POST":
        messages.success(request, _("You accepted the label. It is yours to share."))
        return redirect("labels:accept", token=token)
    return render(request, "labels/accept.html", _credential_context(credential) | {"token": token})


@require_safe
def credential_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A label as anyone sees it from its link: what it says, and each check of it, live."""
    credential = get_object_or_404(Credential, uuid=uuid)
    return render(request, "labels/credential.html", _credential_context(credential))


def _evidence_links(document: dict[str, Any]) -> list[dict[str, str]]:
    """The credential's evidence that has a web address, as links (name, address)."""
    entries = document.get("evidence", [])
    return [
        {"url": e["id"], "name": str(e.get("name") or e["id"])}
        for e in (entries if isinstance(entries, list) else [entries])
        if isinstance(e, dict)
        and isinstance(e.get("id"), str)
        and e["id"].startswith(("https://", "http://"))
    ]


def _credential_context(credential: Credential) -> dict[str, Any]:
    document = json.loads(credential.document)
    achievement = credential.achievement
    subject = document.get("credentialSubject")
    return {
        "credential": credential,
        "achievement": achievement,
        "name": achievement.text("name", credential.language),
        "description": achievement.text("description", credential.language),
        "criteria": achievement.text("criteria", credential.language),
        "narrative": subject.get("narrative", "") if isinstance(subject, dict) else "",
        "evidence": _evidence_links(document),
        "issuer_org": achievement.issuer.organization,
        "verification": verify_credential(document),
        "json_url": reverse("labels_public:credential_json", args=[credential.uuid]),
        "endorsed": checked_endorsements(selectors.endorsements_of_achievement(achievement)),
    }


@require_safe
def credential_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The signed credential, byte for byte as it was signed: its ``id`` points here."""
    credential = get_object_or_404(Credential, uuid=uuid)
    response = HttpResponse(credential.document, content_type="application/vc+ld+json")
    response["Content-Disposition"] = f'inline; filename="label-{credential.uuid}.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def status_list_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A status list credential, as it was last signed: verifiers read a label's revocation
    and suspension here."""
    status_list = get_object_or_404(StatusList, uuid=uuid)
    response = HttpResponse(status_list.document, content_type="application/vc+ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def achievement_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    achievement = get_object_or_404(Achievement, uuid=uuid)
    response = JsonResponse(
        selectors.achievement_document(achievement), json_dumps_params={"indent": 2}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def achievement_image(request: HttpRequest, uuid: UUID) -> HttpResponse:
    achievement = get_object_or_404(Achievement, uuid=uuid)
    if not achievement.image:
        raise Http404
    with achievement.image.open("rb") as f:
        response = HttpResponse(f.read(), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _achievement_page(
    request: AuthedRequest,
    org: Organization,
    achievement: Achievement,
    *,
    form: IssueForm | None = None,
    many_form: IssueManyForm | None = None,
    org_form: IssueToOrganizationForm | None = None,
    errors: list[tuple[int, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The achievement's page with its three issuing forms: the one posted, bound, with its
    refusals; the others empty, in the page's language."""
    initial = {"language": request.LANGUAGE_CODE[:2]}
    context = {
        "org": org,
        "achievement": achievement,
        "form": form if form is not None else IssueForm(initial=initial),
        "many_form": many_form if many_form is not None else IssueManyForm(initial=initial),
        "org_form": org_form if org_form is not None else IssueToOrganizationForm(initial=initial),
        "errors": errors or [],
        "credentials": selectors.credentials_of(achievement),
    }
    return render(request, "labels/achievement.html", context, status=status)


# --- endorsements ---------------------------------------------------------------------------


def _endorsements_page(
    request: AuthedRequest,
    org: Organization,
    current: Issuer,
    *,
    programme_form: EndorseProgrammeForm | None = None,
    organization_form: EndorseOrganizationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    initial = {"language": request.LANGUAGE_CODE[:2]}
    achievements = selectors.endorsable_achievements(current)
    context = {
        "org": org,
        "programme_form": programme_form
        or EndorseProgrammeForm(initial=initial, achievements=achievements),
        "organization_form": organization_form or EndorseOrganizationForm(initial=initial),
        "endorsements": selectors.endorsements_given(current),
    }
    return render(request, "labels/endorsements.html", context, status=status)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def endorsements(request: AuthedRequest, org: Organization) -> HttpResponse:
    """The endorsements the issuer made, and its two forms: endorse a programme of another
    issuer, or a co-operative of the directory."""
    current = selectors.issuer_of(org)
    if current is None:
        return redirect("labels:issuer", slug=org.slug)
    if request.method == "GET":
        return _endorsements_page(request, org, current)
    achievements = selectors.endorsable_achievements(current)
    programme_form: EndorseProgrammeForm | None = None
    organization_form: EndorseOrganizationForm | None = None
    subject: dict[str, Any] = {}
    form: EndorseProgrammeForm | EndorseOrganizationForm
    if "programme-achievement" in request.POST:
        form = programme_form = EndorseProgrammeForm(request.POST, achievements=achievements)
        if form.is_valid():
            subject = {"achievement": form.cleaned_data["achievement"]}
    else:
        form = organization_form = EndorseOrganizationForm(request.POST)
        if form.is_valid():
            holder = Organization.objects.filter(slug=form.slug()).first()
            if holder is None:
                form.add_error(
                    "organization", _("No organization of this directory has this address.")
                )
            else:
                subject = {"organization": holder}
    if subject:
        try:
            made = services.endorsement_create(
                endorser=current,
                by=request.user,
                comment=form.cleaned_data["comment"],
                language=form.cleaned_data["language"],
                **subject,
            )
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            messages.success(
                request,
                _("%(org)s endorses “%(subject)s”; the endorsement is signed and published.")
                % {"org": org.name, "subject": selectors.endorsement_subject_name(made)},
            )
            return redirect("labels:endorsements", slug=org.slug)
    return _endorsements_page(
        request,
        org,
        current,
        programme_form=programme_form,
        organization_form=organization_form,
        status=400,
    )


@require_POST
@org_permission(Perm.ISSUE_LABELS)
@mfa_for_issuing
def endorsement_revoke(
    request: AuthedRequest, org: Organization, endorsement_id: int
) -> HttpResponse:
    endorsement = get_object_or_404(Endorsement, pk=endorsement_id, endorser=_issuer_or_404(org))
    services.endorsement_revoke(endorsement=endorsement, by=request.user)
    messages.success(request, _("The endorsement was withdrawn: verifiers now see it revoked."))
    return redirect("labels:endorsements", slug=org.slug)


@require_safe
def endorsement_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """An endorsement as anyone sees it: who vouches for what, and each check of it, live."""
    endorsement = get_object_or_404(
        Endorsement.objects.select_related(
            "endorser__organization", "achievement__issuer__organization", "organization"
        ),
        uuid=uuid,
    )
    context = {
        "endorsement": endorsement,
        "subject_name": selectors.endorsement_subject_name(endorsement),
        "verification": verify_credential(json.loads(endorsement.document)),
        "json_url": reverse("labels_public:endorsement_json", args=[endorsement.uuid]),
    }
    return render(request, "labels/endorsement.html", context)


@require_safe
def endorsement_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The signed endorsement, byte for byte: its ``id`` points here."""
    endorsement = get_object_or_404(Endorsement, uuid=uuid)
    response = HttpResponse(endorsement.document, content_type="application/vc+ld+json")
    response["Content-Disposition"] = f'inline; filename="endorsement-{endorsement.uuid}.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
