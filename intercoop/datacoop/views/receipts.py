"""A consent's receipt: a page in the reader's language, and the JSON-LD document at its stable
address. Both are private to the member whose consent it is and to the co-op's staff and
administrators; anyone else signed in is told it is not found, a visitor is sent to sign in."""

from __future__ import annotations

import json
import uuid

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.datacoop.models import ConsentRecord
from intercoop.datacoop.selectors import consents as consent_selectors
from intercoop.datacoop.selectors import receipts
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm


def _readable(request: HttpRequest, record_uuid: uuid.UUID) -> ConsentRecord:
    record = (
        ConsentRecord.objects.select_related("purpose__dataset__organization", "member")
        .filter(uuid=record_uuid)
        .first()
    )
    if record is None:
        raise Http404("no such consent")
    organization = record.purpose.dataset.organization
    if record.member_id != request.user.pk and not has_perm(
        request.user, Perm.VIEW_CONSENTS, organization
    ):
        raise Http404("no such consent")
    return record


@require_safe
@org_permission(Perm.VIEW_DATASETS)
def receipt_page(request: AuthedRequest, org: Organization, uuid: uuid.UUID) -> HttpResponse:
    record = _readable(request, uuid)
    if record.purpose.dataset.organization_id != org.pk:
        raise Http404("no such consent in this co-op")
    context = {
        "org": org,
        "record": record,
        "purpose": record.purpose,
        "dataset": record.purpose.dataset,
        "events": consent_selectors.history(record),
        "jsonld_path": receipts.receipt_path(record),
        "own": record.member_id == request.user.pk,
    }
    return render(request, "datacoop/receipt.html", context)


@require_safe
def receipt_jsonld(request: HttpRequest, uuid: uuid.UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    record = _readable(request, uuid)
    response = HttpResponse(
        json.dumps(receipts.receipt(record), indent=2, ensure_ascii=False),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response
