"""Pages of a verifiable election.

Private (the co-op's people): the election's page, where the board of the co-op chooses the
trustees and opens, closes and publishes; the trustee's page, where each trustee hands in the
files ``intercoop-trustee`` makes on their own computer; the booth.
Public (anyone, as in Helios and Belenios): the bulletin board, the audited ballots, the
election record and the result, so that anyone can verify the election.

Every page but the booth works without JavaScript. The booth needs it, and says why: the ballot
must be encrypted on the voter's own device before anything is sent.
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from csp.constants import NONCE, WASM_UNSAFE_EVAL
from csp.decorators import csp_update
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.ballots import selectors, services
from intercoop.ballots.forms import TrusteesForm, UploadForm
from intercoop.ballots.models import Election
from intercoop.core.errors import ServiceError
from intercoop.governance.models import Decision
from intercoop.governance.selectors import decisions as decision_selectors
from intercoop.governance.views.decisions import close_confirmation, close_confirmed
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, visible_perms
from intercoop_tools.credential_letters import LANGUAGES as LETTER_LANGUAGES

BOARD_PER_PAGE = 100


def _election(org: Organization, decision_id: int) -> Election:
    decision = decision_selectors.decision_of(org, decision_id)
    try:
        return services.election_of(decision)
    except ServiceError:
        raise Http404 from None


def _perms(request: AuthedRequest, org: Organization) -> set[str]:
    return {p.value for p in visible_perms(request.user, org)}


def _letter_booth_url(request: HttpRequest, election: Election) -> str:
    """The whole address of the booth for credential letters, as printed on each letter."""
    slug = election.decision.organization.slug
    return request.build_absolute_uri(
        reverse("ballots:letter_booth", args=[slug, election.decision_id])
    )


def _letters_command(request: HttpRequest, election: Election) -> str:
    """The credential authority's command that prints the letters, in the page's language."""
    language = get_language()
    return shlex.join(
        [
            "intercoop-credentials",
            "letters",
            "voters.json",
            "--keys",
            "keys.json",
            "--codes",
            "codes.csv",
            "--out",
            "letters.html",
            "--booth-url",
            _letter_booth_url(request, election),
            "--title",
            election.decision.title,
            "--language",
            language if language in LETTER_LANGUAGES else "en",
        ]
    )


def _to_election(election: Election) -> HttpResponse:
    return redirect("ballots:election", election.decision.organization.slug, election.decision_id)


def _json_download(value: Any, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(value, indent=1, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the election's page (the co-op's people) -------------------------------------------------


def _election_page(
    request: AuthedRequest,
    org: Organization,
    election: Election,
    *,
    form: TrusteesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    perms = _perms(request, org)
    if form is None and "manage_decisions" in perms:
        form = TrusteesForm(organization=org, election=election)
    context = {
        "org": org,
        "decision": election.decision,
        "election": election,
        "trustees": selectors.trustees_of(election),
        "step": selectors.ceremony_step(election),
        "form": form,
        "is_trustee": selectors.trustee_for(election, request.user) is not None,
        "is_authority": election.credential_authority_id == request.user.pk,
        "on_roll": selectors.on_roll(election, request.user),
        "without_credential": selectors.without_credential_count(election),
        "channels": selectors.credential_channels(election),
        "letter_booth_url": _letter_booth_url(request, election),
        "result": selectors.result_view(election),
        "org_perms": perms,
    }
    return render(request, "ballots/election.html", context, status=status)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def election(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    return _election_page(request, org, _election(org, decision_id))


@require_POST
@org_permission(Perm.MANAGE_DECISIONS)
def trustees_setup(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    election_ = _election(org, decision_id)
    form = TrusteesForm(request.POST, organization=org, election=election_)
    if not form.is_valid():
        return _election_page(request, org, election_, form=form, status=400)
    try:
        services.trustees_setup(
            election=election_,
            by=request.user,
            users=form.cleaned_data["trustees"],
            threshold=form.cleaned_data["threshold"],
            authority=form.cleaned_data.get("credential_authority"),
        )
    except ServiceError as exc:
        form.add_error(None, exc.message)
        return _election_page(request, org, election_, form=form, status=exc.status)
    messages.success(request, _("The trustees are chosen: the key ceremony has started."))
    return _to_election(election_)


def _action(request: AuthedRequest, election_: Election, action: Any, done: str) -> HttpResponse:
    try:
        action(election=election_, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _to_election(election_)


@require_POST
@org_permission(Perm.MANAGE_DECISIONS)
def election_open(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    return _action(
        request,
        _election(org, decision_id),
        services.election_open,
        _("The vote is open: the roll and the credentials are frozen, and the voters emailed."),
    )


@require_http_methods(["GET", "POST"])
@org_permission(Perm.MANAGE_DECISIONS)
def election_close(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    election_ = _election(org, decision_id)
    if election_.state != Election.State.OPEN:
        messages.error(request, _("Only an open vote can be closed."))
        return _to_election(election_)
    if not close_confirmed(request):
        # A GET asks; a POST without the confirmation closes nothing and asks again.
        return close_confirmation(
            request,
            org,
            election_.decision,
            action=reverse("ballots:election_close", args=[org.slug, decision_id]),
            cancel=reverse("ballots:election", args=[org.slug, decision_id]),
            button=_("Close the vote and sum the encrypted ballots"),
            status=400 if request.method == "POST" else 200,
        )
    return _action(
        request,
        election_,
        services.election_close,
        _("The vote is closed and the tally summed: the trustees can now decrypt it."),
    )


@require_POST
@org_permission(Perm.MANAGE_DECISIONS)
def election_publish(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    return _action(
        request,
        _election(org, decision_id),
        services.election_publish,
        _("The result is published, with the complete election record."),
    )


# --- the trustee's page ----------------------------------------------------------------------


def _own_trustee(request: AuthedRequest, org: Organization, decision_id: int) -> Any:
    election_ = _election(org, decision_id)
    trustee = selectors.trustee_for(election_, request.user)
    if trustee is None:
        raise Http404
    return election_, trustee


def _trustee_page(
    request: AuthedRequest,
    org: Organization,
    election_: Election,
    trustee: Any,
    *,
    form: UploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "org": org,
        "decision": election_.decision,
        "election": election_,
        "trustee": trustee,
        "trustees": selectors.trustees_of(election_),
        "task": selectors.trustee_task(election_, trustee),
        "form": form or UploadForm(),
        "org_perms": _perms(request, org),
    }
    return render(request, "ballots/trustee.html", context, status=status)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.VIEW_DECISIONS)
def trustee(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    election_, trustee_ = _own_trustee(request, org, decision_id)
    if request.method == "GET":
        return _trustee_page(request, org, election_, trustee_)
    form = UploadForm(request.POST, request.FILES)
    task = selectors.trustee_task(election_, trustee_)
    if not form.is_valid():
        return _trustee_page(request, org, election_, trustee_, form=form, status=400)
    submit = {
        "commit": services.commitment_submit,
        "share": services.shares_submit,
        "confirm": services.confirmation_submit,
        "decrypt": services.decryption_submit,
    }.get(task.upload)
    if submit is None:
        form.add_error(None, _("There is nothing to hand in at this step."))
        return _trustee_page(request, org, election_, trustee_, form=form, status=409)
    try:
        submit(election=election_, by=request.user, data=form.cleaned_data["file"].read())
    except ServiceError as exc:
        form.add_error("file", exc.message)
        return _trustee_page(request, org, election_, trustee_, form=form, status=exc.status)
    messages.success(request, _("Your file was checked and recorded."))
    return redirect("ballots:trustee", org.slug, decision_id)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def trustee_file(
    request: AuthedRequest, org: Organization, decision_id: int, name: str
) -> HttpResponse:
    election_, trustee_ = _own_trustee(request, org, decision_id)
    value = selectors.trustee_download(election_, trustee_, name)
    if value is None:
        raise Http404
    return _json_download(value, f"{election_.decision.organization.slug}-{decision_id}-{name}")


# --- the credential authority's page ---------------------------------------------------------


def _own_authority(org: Organization, decision_id: int, user: Any) -> Election:
    election_ = _election(org, decision_id)
    if election_.credential_authority_id is None or election_.credential_authority_id != user.pk:
        raise Http404
    return election_


def _authority_page(
    request: AuthedRequest,
    org: Organization,
    election_: Election,
    *,
    form: UploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "org": org,
        "decision": election_.decision,
        "election": election_,
        "open_for_keys": election_.state in (Election.State.CEREMONY, Election.State.READY),
        "voters": len(selectors.authority_voters(election_))
        if election_.state in (Election.State.CEREMONY, Election.State.READY)
        else None,
        "form": form or UploadForm(),
        "channels": selectors.credential_channels(election_),
        "letters_command": _letters_command(request, election_),
        "org_perms": _perms(request, org),
    }
    return render(request, "ballots/authority.html", context, status=status)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.VIEW_DECISIONS)
def authority(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    election_ = _own_authority(org, decision_id, request.user)
    if request.method == "GET":
        return _authority_page(request, org, election_)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _authority_page(request, org, election_, form=form, status=400)
    try:
        services.authority_keys_submit(
            election=election_, by=request.user, data=form.cleaned_data["file"].read()
        )
    except ServiceError as exc:
        form.add_error("file", exc.message)
        return _authority_page(request, org, election_, form=form, status=exc.status)
    messages.success(request, _("Your file was checked and recorded."))
    return redirect("ballots:authority", org.slug, decision_id)


@require_safe
@org_permission(Perm.VIEW_DECISIONS)
def authority_voters(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    election_ = _own_authority(org, decision_id, request.user)
    if election_.state not in (Election.State.CEREMONY, Election.State.READY):
        raise Http404
    return _json_download(
        selectors.authority_voters_file(election_), f"{org.slug}-{decision_id}-voters.json"
    )


# --- the booth -------------------------------------------------------------------------------

# The booth's page maps libsodium.js's modules with an inline import map, allowed by a nonce (not
# 'unsafe-inline'), and libsodium compiles WebAssembly ('wasm-unsafe-eval', which allows no
# JavaScript eval).
booth_csp = csp_update({"script-src": [NONCE, WASM_UNSAFE_EVAL]})


def _booth_page(
    request: AuthedRequest,
    org: Organization,
    election_: Election,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "org": org,
        "decision": election_.decision,
        "election": election_,
        "booth": selectors.booth_parameters(election_) if election_.state == "open" else None,
        "on_roll": selectors.on_roll(election_, request.user),
        "voted": selectors.has_voted(election_, request.user),
        "cast_url": reverse("ballots:booth_cast", args=[org.slug, election_.decision_id]),
        "audit_url": reverse("ballots:booth_audit", args=[org.slug, election_.decision_id]),
        "error": error,
        "org_perms": _perms(request, org),
    }
    return render(request, "ballots/booth.html", context, status=status)


@require_safe
@booth_csp
@org_permission(Perm.PARTICIPATE)
def booth(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    return _booth_page(request, org, _election(org, decision_id))


@require_POST
@booth_csp
@org_permission(Perm.PARTICIPATE)
def booth_cast(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    election_ = _election(org, decision_id)
    try:
        tracker = services.ballot_submit(
            election=election_, by=request.user, data=request.POST.get("ballot", "")
        )
    except ServiceError as exc:
        return _booth_page(request, org, election_, error=exc.message, status=exc.status)
    messages.success(
        request,
        _("Your ballot is on the bulletin board. Its tracker is %(tracker)s.")
        % {"tracker": tracker},
    )
    url = selectors.board_url(election_)
    return redirect(f"{url}?{urlencode({'tracker': tracker})}#lookup")


@require_POST
@booth_csp
@org_permission(Perm.PARTICIPATE)
def booth_audit(request: AuthedRequest, org: Organization, decision_id: int) -> HttpResponse:
    election_ = _election(org, decision_id)
    try:
        audited = services.audit_submit(
            election=election_,
            by=request.user,
            ballot=request.POST.get("ballot", ""),
            opening=request.POST.get("opening", ""),
        )
    except ServiceError as exc:
        return _booth_page(request, org, election_, error=exc.message, status=exc.status)
    messages.success(
        request,
        _(
            "The audited ballot checks: it encrypted exactly your choices. It was not cast. "
            "Encrypt a new one to vote."
        ),
    )
    return redirect(
        f"{selectors.board_url(election_)}?{urlencode({'audited': audited.fingerprint})}#audited"
    )


# --- the booth for credential letters (no account needed) -------------------------------------


def _letter_election(slug: str, decision_id: int) -> Election:
    """An election whose credential authority may have printed letters: only then can a member
    without an account hold a code."""
    election_ = _public_election(slug, decision_id)
    if election_.credential_authority_id is None:
        raise Http404
    return election_


def _letter_booth_page(
    request: HttpRequest, election_: Election, *, error: str = "", status: int = 200
) -> HttpResponse:
    org = election_.decision.organization
    on_roll = selectors.on_roll(election_, request.user)
    context = {
        "org": org,
        "decision": election_.decision,
        "election": election_,
        "booth": selectors.booth_parameters(election_) if election_.state == "open" else None,
        "on_roll": True,
        "by_letter": True,
        # A member with an account votes in their own booth, signed in.
        "own_booth": on_roll and reverse("ballots:booth", args=[org.slug, election_.decision_id]),
        "cast_url": reverse("ballots:letter_booth_cast", args=[org.slug, election_.decision_id]),
        "error": error,
        "org_perms": {p.value for p in visible_perms(request.user, org)},
    }
    return render(request, "ballots/booth.html", context, status=status)


@require_safe
@booth_csp  # type: ignore[arg-type]  # django-csp types a view as taking the request alone
def letter_booth(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    return _letter_booth_page(request, _letter_election(slug, decision_id))


@require_POST
@booth_csp  # type: ignore[arg-type]  # django-csp types a view as taking the request alone
def letter_booth_cast(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    election_ = _letter_election(slug, decision_id)
    try:
        tracker = services.ballot_submit(
            election=election_, by=None, data=request.POST.get("ballot", "")
        )
    except ServiceError as exc:
        return _letter_booth_page(request, election_, error=exc.message, status=exc.status)
    messages.success(
        request,
        _("Your ballot is on the bulletin board. Its tracker is %(tracker)s.")
        % {"tracker": tracker},
    )
    url = selectors.board_url(election_)
    return redirect(f"{url}?{urlencode({'tracker': tracker})}#lookup")


# --- public: the bulletin board, the audited ballots, the record ------------------------------


def _public_election(slug: str, decision_id: int) -> Election:
    election_ = get_object_or_404(
        Election.objects.select_related("decision__organization"),
        decision__organization__slug=slug,
        decision_id=decision_id,
        decision__secrecy=Decision.Secrecy.VERIFIABLE,
    )
    if not election_.manifest:
        raise Http404
    return election_


@require_safe
def board(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    election_ = _public_election(slug, decision_id)
    page = Paginator(selectors.board_entries(election_), BOARD_PER_PAGE).get_page(
        request.GET.get("page")
    )
    tracker = request.GET.get("tracker", "").strip().lower()
    credential = request.GET.get("credential", "").strip().lower()
    context = {
        "org": election_.decision.organization,
        "decision": election_.decision,
        "election": election_,
        "facts": selectors.manifest_facts(election_),
        "page": page,
        "tracker": tracker,
        "found": selectors.find_tracker(election_, tracker) if tracker else None,
        "credential": credential,
        "signed": selectors.credential_entries(election_, credential) if credential else None,
        "audited": selectors.audited_ballots(election_),
        "audited_shown": request.GET.get("audited", ""),
        "result": selectors.result_view(election_),
    }
    return render(request, "ballots/board.html", context)


@require_safe
def record(request: HttpRequest, slug: str, decision_id: int, name: str) -> HttpResponse:
    election_ = _public_election(slug, decision_id)
    value = selectors.public_download(election_, name)
    if value is None:
        raise Http404
    return _json_download(value, f"{slug}-{decision_id}-{name}")


urlpatterns: list[URLPattern] = [
    path("orgs/<slug:slug>/decisions/<int:decision_id>/election/", election, name="election"),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/trustees/",
        trustees_setup,
        name="trustees_setup",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/open/",
        election_open,
        name="election_open",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/close/",
        election_close,
        name="election_close",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/publish/",
        election_publish,
        name="election_publish",
    ),
    path("orgs/<slug:slug>/decisions/<int:decision_id>/election/trustee/", trustee, name="trustee"),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/trustee/<str:name>",
        trustee_file,
        name="trustee_file",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/credentials/",
        authority,
        name="authority",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/credentials/voters.json",
        authority_voters,
        name="authority_voters",
    ),
    path("orgs/<slug:slug>/decisions/<int:decision_id>/election/booth/", booth, name="booth"),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/booth/cast/",
        booth_cast,
        name="booth_cast",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/booth/audit/",
        booth_audit,
        name="booth_audit",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/vote/",
        letter_booth,
        name="letter_booth",
    ),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/vote/cast/",
        letter_booth_cast,
        name="letter_booth_cast",
    ),
    path("orgs/<slug:slug>/decisions/<int:decision_id>/election/board/", board, name="board"),
    path(
        "orgs/<slug:slug>/decisions/<int:decision_id>/election/<str:name>",
        record,
        name="record",
    ),
]
