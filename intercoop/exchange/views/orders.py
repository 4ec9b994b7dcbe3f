"""Buying in an order cycle: the buying page (the cycle's offers, where each stands, and the
member's quantities, one form a page) and the member's own order. For the people of the cycle's
buying groups only; nothing here shows another member's order, only totals per offer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.exchange import closing
from intercoop.exchange.models import CycleHub, Listing, MemberOrder, OrderCycle
from intercoop.exchange.selectors import closing as closing_selectors
from intercoop.exchange.selectors import orders as selectors
from intercoop.exchange.selectors.cycles import CycleState, cycle_state
from intercoop.exchange.services import orders as services

PAGE_SIZE = 50
MAX_FIELD = 20  # characters of a number field read at most
MAX_ID = 2**63 - 1  # the largest id the database holds

BuyerView = Callable[[AuthedRequest, OrderCycle, list[CycleHub]], HttpResponse]


def buyer(view: BuyerView) -> Callable[..., HttpResponse]:
    """Load the cycle named by ``uuid`` and require a role in one of its buying groups:
    anonymous visitors are sent to sign in, others get 403. The view receives the cycle and the
    person's buying groups."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, uuid: UUID) -> HttpResponse:
        cycle = selectors.cycle_by_uuid(uuid)
        if cycle is None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        groups = selectors.buying_groups_for(cycle, request.user)
        if not groups:
            raise PermissionDenied("not_a_buyer")
        return view(request, cycle, groups)  # type: ignore[arg-type]

    return wrapper


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    supplier = forms.TypedChoiceField(
        label=gettext_lazy("Supplier"), coerce=int, required=False, empty_value=None
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        choices=[("", gettext_lazy("Any")), *list(Listing.Category.choices)],
        required=False,
    )

    def __init__(self, data: QueryDict, *, suppliers: list[Any]) -> None:
        super().__init__(data)
        supplier_field = self.fields["supplier"]
        assert isinstance(supplier_field, forms.ChoiceField)  # noqa: S101
        supplier_field.choices = [("", _("Any")), *[(s.pk, s.supplier.name) for s in suppliers]]


def _number(raw: str) -> int | None:
    """A whole number as a person types it (empty: 0); None when it is not one."""
    text = raw.strip()[:MAX_FIELD]
    if not text:
        return 0
    if not text.isascii() or not text.lstrip("-").isdigit():
        return None
    return int(text)


def _posted_lines(post: QueryDict) -> tuple[list[services.LineInput], list[str]]:
    """The lines a page's form sends: ``q-<offer id>`` quantity, ``t-<offer id>`` tolerance."""
    ids: list[str] = []
    for key in post:
        if key[:2] in ("q-", "t-") and key[2:] not in ids:
            ids.append(key[2:])
    lines: list[services.LineInput] = []
    problems: list[str] = []
    for raw_id in ids[: services.MAX_LINES + 1]:
        quantity = _number(post.get(f"q-{raw_id}", ""))
        tolerance = _number(post.get(f"t-{raw_id}", ""))
        if (
            not raw_id.isascii()
            or not raw_id.isdigit()
            or len(raw_id) > len(str(MAX_ID))
            or int(raw_id) > MAX_ID
        ):
            problems.append(_("An offer is not one of this cycle's."))
        elif quantity is None or tolerance is None:
            bad = post.get(f"q-{raw_id}" if quantity is None else f"t-{raw_id}", "")
            problems.append(
                _("Quantities and tolerances are whole numbers: “%(value)s” is not one.")
                % {"value": bad[:MAX_FIELD]}
            )
        else:
            lines.append(services.LineInput(int(raw_id), quantity, tolerance))
    return lines, problems


def _chosen_hub(post: QueryDict, groups: list[CycleHub]) -> CycleHub | None:
    raw = post.get("hub", "")
    return next((g for g in groups if str(g.pk) == raw), None)


def _save(request: AuthedRequest, cycle: OrderCycle, groups: list[CycleHub]) -> list[str]:
    """Save what the form sent; the problems when it is refused."""
    lines, problems = _posted_lines(request.POST)
    if problems:
        return problems
    try:
        services.order_save(
            cycle=cycle,
            member=request.user,
            lines=lines,
            hub=_chosen_hub(request.POST, groups),
        )
    except services.OrderRefused as exc:
        return [message for _where, message in exc.problems]
    except ServiceError as exc:
        return [exc.message]
    messages.success(request, _("Your order is saved."))
    return []


# --- what the pages say of an offer ---------------------------------------------------------


def case_text(p: closing.OfferProgress) -> str:
    """How full the offer's cases are: "2 full cases; open case: 4 of 6 units, the tolerance
    offered fills it"."""
    if p.case_size == 1:
        if not p.ordered_units:
            return _("Sold by the unit; none ordered yet.")
        return ngettext(
            "Sold by the unit; %(n)s ordered.", "Sold by the unit; %(n)s ordered.", p.ordered_units
        ) % {"n": number_format(p.ordered_units)}
    if not p.ordered_units:
        return _("No units ordered yet.")
    parts = []
    if p.full_cases:
        parts.append(
            ngettext("%(n)s full case", "%(n)s full cases", p.full_cases)
            % {"n": number_format(p.full_cases)}
        )
    if p.units_in_open_case:
        values = {
            "n": number_format(p.units_in_open_case),
            "size": number_format(p.case_size),
            "missing": number_format(p.units_to_fill_case),
        }
        if p.open_case_fills_by_tolerance:
            parts.append(
                _("open case: %(n)s of %(size)s units, the tolerance offered fills it") % values
            )
        else:
            parts.append(
                ngettext(
                    "open case: %(n)s of %(size)s units, %(missing)s more to fill it",
                    "open case: %(n)s of %(size)s units, %(missing)s more to fill it",
                    p.units_to_fill_case,
                )
                % values
            )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def tier_text(p: closing.OfferProgress, next_price: str) -> str:
    """The tier reached so far and what the next one needs: "3 more cases for 2.50 € each"."""
    parts = []
    if p.tier_min_cases:
        parts.append(
            ngettext(
                "Tier of %(n)s case reached.", "Tier of %(n)s cases reached.", p.tier_min_cases
            )
            % {"n": number_format(p.tier_min_cases)}
        )
    if p.units_to_next_tier is not None and p.next_tier_min_cases is not None:
        units = p.units_to_next_tier
        if p.case_size > 1 and units % p.case_size == 0:
            cases = units // p.case_size
            parts.append(
                ngettext(
                    "%(n)s more case for %(price)s each.",
                    "%(n)s more cases for %(price)s each.",
                    cases,
                )
                % {"n": number_format(cases), "price": next_price}
            )
        else:
            parts.append(
                ngettext(
                    "%(n)s more unit for %(price)s each.",
                    "%(n)s more units for %(price)s each.",
                    units,
                )
                % {"n": number_format(units), "price": next_price}
            )
    return " ".join(parts)


def fee_legend(pricing: selectors.Pricing) -> list[str]:
    """The cycle's fees that apply to the buyer's group, as sentences."""
    lines = []
    for fee in pricing.cycle.fees:
        if fee.hub_id is not None and fee.hub_id != pricing.hub_id:
            continue
        name, role = pricing.fee_names[fee.fee_id]
        amounts = []
        if fee.amount:
            amounts.append(selectors.money_text(fee.amount, pricing.currency))
        if fee.rate_bp:
            amounts.append(
                _("%(percent)s %%")
                % {"percent": number_format(Decimal(fee.rate_bp).scaleb(-2).normalize())}
            )
        values = {"name": name, "role": role, "amounts": " + ".join(amounts) or "0"}
        if fee.basis is closing.FeeBasis.PER_ITEM:
            lines.append(_("%(name)s (paid to: %(role)s): %(amounts)s per item") % values)
        else:
            lines.append(_("%(name)s (paid to: %(role)s): %(amounts)s per order") % values)
    return lines


def _invoice_url(cycle: OrderCycle) -> str:
    try:
        return reverse("exchange:cycle_invoice", args=[cycle.uuid])
    except NoReverseMatch:  # the invoices' page is not installed
        return ""


# --- pages ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@buyer
def cycle_buy(request: AuthedRequest, cycle: OrderCycle, groups: list[CycleHub]) -> HttpResponse:
    """The cycle's offers, 50 a page, filtered by name, supplier and category, with the
    member's quantities and tolerances: one form a page."""
    state = cycle_state(cycle)
    problems: list[str] = []
    if request.method == "POST":
        problems = _save(request, cycle, groups)
        if not problems:
            return redirect(request.get_full_path())
    order = selectors.order_of(cycle, request.user)
    hub = order.hub if order is not None else (groups[0] if len(groups) == 1 else None)
    suppliers = selectors.suppliers_of(cycle)
    form = FilterForm(request.GET, suppliers=suppliers)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.buying_offers(
        cycle,
        words=filters.get("q") or "",
        supplier=filters.get("supplier"),
        category=filters.get("category") or "",
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    offers = list(page.object_list)
    pricing = selectors.pricing_for(cycle, hub)
    rows = selectors.offer_rows(
        offers,
        pricing=pricing,
        lines=selectors.own_lines(order, [offer.pk for offer in offers]),
    )
    posted = request.POST if problems else None
    shown = [
        {
            "row": row,
            "case": case_text(row.progress),
            "tier": tier_text(row.progress, row.next_price),
            "quantity": (
                posted.get(f"q-{row.offer.pk}", "")[:MAX_FIELD]
                if posted is not None
                else (row.line.quantity if row.line else "")
            ),
            "tolerance": (
                posted.get(f"t-{row.offer.pk}", "")[:MAX_FIELD]
                if posted is not None
                else (row.line.tolerance if row.line and row.line.tolerance else "")
            ),
        }
        for row in rows
    ]
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "cycle": cycle,
        "state": state,
        "open": state is CycleState.OPEN,
        "form": form,
        "page": page,
        "query": query,
        "rows": shown,
        "groups": groups,
        "hub": hub,
        "order": order,
        "fees": fee_legend(pricing),
        "problems": problems,
    }
    return render(request, "exchange/orders_buy.html", context, status=400 if problems else 200)


@require_http_methods(["GET", "POST"])
@buyer
def my_order(request: AuthedRequest, cycle: OrderCycle, groups: list[CycleHub]) -> HttpResponse:
    """The member's order: lines, tolerance, prices seen, the tier so far and an estimate of
    each line and of the whole with fees; editable until the close."""
    state = cycle_state(cycle)
    problems: list[str] = []
    if request.method == "POST":
        problems = _save(request, cycle, groups)
        if not problems:
            return redirect(request.get_full_path())
    order = selectors.order_of(cycle, request.user)
    if state is CycleState.CLOSED:
        return _closed_order(request, cycle, order=order, problems=problems)
    estimate = selectors.order_estimate(order, cycle) if order is not None else None
    rows = [
        {
            "e": e,
            "case": case_text(e.progress),
            "tier": tier_text(
                e.progress,
                ""
                if e.progress.next_tier_unit_price is None
                else selectors.money_text(e.progress.next_tier_unit_price, cycle.currency),
            ),
        }
        for e in (estimate.lines if estimate else [])
    ]
    context = {
        "cycle": cycle,
        "state": state,
        "open": state is CycleState.OPEN,
        "order": order,
        "estimate": estimate,
        "rows": rows,
        "groups": groups,
        "hub": order.hub if order is not None else None,
        "fees": fee_legend(selectors.pricing_for(cycle, order.hub if order is not None else None)),
        "problems": problems,
    }
    return render(request, "exchange/orders_mine.html", context, status=400 if problems else 200)


def _closed_order(
    request: AuthedRequest, cycle: OrderCycle, *, order: MemberOrder | None, problems: list[str]
) -> HttpResponse:
    """A closed cycle's order: what the stored closing gave the member, line by line."""
    outcome = closing_selectors.member_outcome(cycle, request.user)
    currency = cycle.currency

    def money(amount: int) -> str:
        return selectors.money_text(amount, currency)

    rows = [
        {
            "name": o.name,
            "line": o.line,
            "unit_price": money(o.line.unit_price),
            "total": money(o.line.total),
        }
        for o in (outcome.lines if outcome else ())
    ]
    context = {
        "cycle": cycle,
        "state": CycleState.CLOSED,
        "order": order,
        "outcome": outcome,
        "rows": rows,
        "order_fees": [
            (name, money(amount)) for name, amount in (outcome.order_fees if outcome else ())
        ],
        "total": money(outcome.invoice.total) if outcome else "",
        "invoice_url": _invoice_url(cycle) if order is not None else "",
        "problems": problems,
    }
    return render(request, "exchange/orders_closed.html", context, status=400 if problems else 200)
