"""Pages of a cycle's close: the coordinator closes it and reads its summary; each member reads
their own invoice, each supplier its delivery list and each buying group its packing list, as a
page, a CSV file and a PDF.

Who sees what: the coordinator's administrators (``Perm.EDIT_PROFILE`` of the coordinating
organization) close and see the summary with the payouts; a supplier's administrators only
their own delivery list, a buying group's administrators only their own packing list (a cycle
the organization is not part of is not found under its address); a member only their own
invoice, at an address without any organization, found through their own order."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.exchange.documents import Document
from intercoop.exchange.documents.csvfile import document_csv
from intercoop.exchange.documents.pdf import document_pdf
from intercoop.exchange.documents.text import cell_text, table_text
from intercoop.exchange.models import CycleClosing, OrderCycle
from intercoop.exchange.selectors import closing as selectors
from intercoop.exchange.selectors.cycles import CycleState, cycle_state
from intercoop.exchange.services.closing import cycle_close
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm

Form = Literal["page", "csv", "pdf"]


def _coordinated(org: Organization, uuid: UUID) -> OrderCycle:
    return get_object_or_404(OrderCycle, uuid=uuid, coordinator=org)


def _closed(cycle: OrderCycle) -> CycleClosing:
    stored = selectors.stored_closing(cycle)
    if stored is None:
        raise Http404(_("This cycle is not closed yet."))
    return stored


def _answer(
    request: AuthedRequest,
    document: Document,
    form: Form,
    *,
    cycle: OrderCycle,
    csv_url: str | None = None,
    pdf_url: str | None = None,
    org: Organization | None = None,
    back: tuple[str, str] | None = None,
) -> HttpResponse:
    response = _drawn(request, document, form, cycle, csv_url, pdf_url, org, back)
    # A member's invoice and an organization's lists are nobody else's: no shared cache.
    patch_cache_control(response, private=True)
    return response


def _drawn(
    request: AuthedRequest,
    document: Document,
    form: Form,
    cycle: OrderCycle,
    csv_url: str | None,
    pdf_url: str | None,
    org: Organization | None,
    back: tuple[str, str] | None,
) -> HttpResponse:
    if form == "csv":
        response = HttpResponse(document_csv(document), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{document.filename}.csv"'
        return response
    if form == "pdf":
        response = HttpResponse(document_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{document.filename}.pdf"'
        return response
    context = {
        "document": document,
        "tables": [table_text(table) for table in document.tables],
        "facts": [(label, cell_text(value)) for label, value in document.facts],
        "cycle": cycle,
        "org": org,
        "csv_url": csv_url,
        "pdf_url": pdf_url,
        "back": back or (reverse("exchange:cycle", args=[cycle.uuid]), _("Order cycle")),
    }
    return render(request, "exchange/closing_document.html", context)


# --- the coordinator ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def cycle_close_page(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    """GET: what closing does, and a button once the cycle is past its closing time. POST:
    close it (a second POST finds it closed and goes to the summary)."""
    cycle = _coordinated(org, uuid)
    summary = reverse("exchange:cycle_closing", args=[org.slug, cycle.uuid])
    state = cycle_state(cycle)
    if state is CycleState.CLOSED:
        if request.method == "POST":
            messages.info(request, _("This cycle is already closed."))
        return redirect(summary)
    error = None
    if request.method == "POST":
        try:
            cycle_close(cycle=cycle, by=request.user)
        except ServiceError as exc:
            error = exc.message
        else:
            messages.success(request, _("The cycle is closed."))
            return redirect(summary)
    context = {
        "org": org,
        "cycle": cycle,
        "can_close": state is CycleState.CLOSING,
        "error": error,
    }
    return render(request, "exchange/closing_confirm.html", context, status=409 if error else 200)


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def cycle_closing(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    """The closing's summary for the coordinator: offers, payouts, invoices, digest."""
    cycle = _coordinated(org, uuid)
    stored = selectors.stored_closing(cycle)
    if stored is None:
        return redirect("exchange:cycle_close", org.slug, cycle.uuid)
    document = selectors.summary_document(cycle, stored, selectors.closing_result(stored))
    return _answer(request, document, "page", cycle=cycle, org=org)


# --- a member's invoice ---------------------------------------------------------------------


def _invoice(request: AuthedRequest, uuid: UUID, form: Form) -> HttpResponse:
    cycle = get_object_or_404(OrderCycle, uuid=uuid)
    if not selectors.member_has_order(cycle, request.user):
        raise Http404(_("You have no order in this cycle."))
    stored = _closed(cycle)
    result = selectors.closing_result(stored)
    invoice = selectors.invoice_of(result, request.user)
    if invoice is None:
        raise Http404(_("Your order in this cycle was empty: there is no invoice."))
    document = selectors.invoice_document(cycle, stored, result, invoice)
    return _answer(
        request,
        document,
        form,
        cycle=cycle,
        csv_url=reverse("exchange:cycle_invoice_csv", args=[cycle.uuid]),
        pdf_url=reverse("exchange:cycle_invoice_pdf", args=[cycle.uuid]),
        back=(reverse("exchange:cycle_my_order", args=[cycle.uuid]), _("My order")),
    )


@require_safe
@login_required
def cycle_invoice(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _invoice(request, uuid, "page")


@require_safe
@login_required
def cycle_invoice_csv(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _invoice(request, uuid, "csv")


@require_safe
@login_required
def cycle_invoice_pdf(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _invoice(request, uuid, "pdf")


# --- a supplier's delivery list -------------------------------------------------------------


def _delivery(request: AuthedRequest, org: Organization, uuid: UUID, form: Form) -> HttpResponse:
    cycle = get_object_or_404(OrderCycle, uuid=uuid)
    if not selectors.is_supplier(cycle, org):
        raise Http404(_("This organization supplies nothing in this cycle."))
    stored = _closed(cycle)
    document = selectors.delivery_document(cycle, stored, selectors.closing_result(stored), org)
    return _answer(
        request,
        document,
        form,
        cycle=cycle,
        org=org,
        csv_url=reverse("exchange:cycle_delivery_csv", args=[org.slug, cycle.uuid]),
        pdf_url=reverse("exchange:cycle_delivery_pdf", args=[org.slug, cycle.uuid]),
    )


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def cycle_delivery(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    return _delivery(request, org, uuid, "page")


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def cycle_delivery_csv(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    return _delivery(request, org, uuid, "csv")


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def cycle_delivery_pdf(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    return _delivery(request, org, uuid, "pdf")


# --- a buying group's packing list ----------------------------------------------------------


def _packing(request: AuthedRequest, org: Organization, uuid: UUID, form: Form) -> HttpResponse:
    cycle = get_object_or_404(OrderCycle, uuid=uuid)
    if not selectors.is_hub(cycle, org):
        raise Http404(_("This organization is not a buying group of this cycle."))
    stored = _closed(cycle)
    document = selectors.packing_document(cycle, stored, selectors.closing_result(stored), org)
    return _answer(
        request,
        document,
        form,
        cycle=cycle,
        org=org,
        csv_url=reverse("exchange:cycle_packing_csv", args=[org.slug, cycle.uuid]),
        pdf_url=reverse("exchange:cycle_packing_pdf", args=[org.slug, cycle.uuid]),
    )


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def cycle_packing(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    return _packing(request, org, uuid, "page")


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def cycle_packing_csv(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    return _packing(request, org, uuid, "csv")


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def cycle_packing_pdf(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    return _packing(request, org, uuid, "pdf")
