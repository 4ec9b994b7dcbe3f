"""The co-op share of a resource: its public page (the share, how much of the chain is valued,
each step with its agent and its part, never an amount), and the request of its administrators
for the supplier's "Co-op share" label."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.exchange.models import EconomicResource
from intercoop.exchange.selectors import coop_share as selectors
from intercoop.exchange.selectors import trace
from intercoop.exchange.services import coop_share as services
from intercoop.organizations.policy import Perm, authorize, has_perm


def _resource(uuid: UUID) -> EconomicResource:
    found = trace.resource_by_uuid(uuid)
    if found is None:
        raise Http404
    return found


def _depth(request: HttpRequest) -> int:
    try:
        depth = int(request.GET.get("depth", selectors.DEFAULT_DEPTH))
    except ValueError:
        return selectors.DEFAULT_DEPTH
    return max(0, min(depth, selectors.MAX_DEPTH))


@require_safe
def resource_coop_share(request: HttpRequest, uuid: UUID) -> HttpResponse:
    resource = _resource(uuid)
    depth = _depth(request)
    share = selectors.resource_coop_share(resource, depth)
    supplier = resource.primary_accountable
    admin = has_perm(request.user, Perm.EDIT_PROFILE, supplier)
    context = {
        "resource": resource,
        "share": share,
        "depth": depth,
        "max_depth": selectors.MAX_DEPTH,
        "supplier": supplier,
        "supplier_is_coop": selectors.is_coop(supplier),
        "admin": admin,
        "can_ask": admin and bool(settings.EXCHANGE_COOP_SHARE_ISSUER),
        "label": selectors.coop_share_label_of(resource),
        "urls": selectors.evidence_urls(resource),
    }
    return render(request, "exchange/coop_share_resource.html", context)


@login_required
@require_POST
def resource_coop_share_label(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """An administrator of the resource's supplier asks for the supplier's co-op share label."""
    resource = _resource(uuid)
    authorize(request.user, Perm.EDIT_PROFILE, resource.primary_accountable)
    try:
        label = services.coop_share_label_issue(
            resource=resource, by=request.user, language=(request.LANGUAGE_CODE or "en")[:2]
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if label.new:
            messages.success(request, _("The co-op share label is issued to your organization."))
        else:
            messages.info(request, _("Your organization already holds this co-op share label."))
        return redirect("labels:credential", label.credential.uuid)
    return redirect("exchange:resource_coop_share", resource.uuid)
