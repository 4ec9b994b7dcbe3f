"""Pages of setting up order cycles: the coordinator's list and its page to manage a cycle
(details, suppliers, buying groups, fees), each supplier's page of its offers in a cycle, and
the public overview and list of open and upcoming cycles.

The coordinator's pages need ``Perm.EDIT_PROFILE`` of the coordinating organization (its
administrators, as for the catalogue); the offers pages that of a supplier of the cycle. A cycle
asked for under an organization that is not its coordinator (or not its supplier) is not found.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.exchange.closing.money import CURRENCY_EXPONENTS
from intercoop.exchange.models import CycleFee, CycleHub, CycleOffer, CycleSupplier, OrderCycle
from intercoop.exchange.selectors import catalogues as catalogue_selectors
from intercoop.exchange.selectors import cycles as selectors
from intercoop.exchange.selectors import orders as order_selectors
from intercoop.exchange.services import cycles as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm

PAGE_SIZE = 20
LIST_SIZE = 50  # the cycles supplied and bought in, the latest first
CLOSED_ORDERS = 10  # a member's latest orders in closed cycles, on the public list
PRODUCTS_PER_PAGE = 50
TIER_ROWS = 5

STATE_LABELS = {
    selectors.CycleState.UPCOMING: gettext_lazy("Upcoming"),
    selectors.CycleState.OPEN: gettext_lazy("Open for orders"),
    selectors.CycleState.CLOSING: gettext_lazy("Orders ended, closing"),
    selectors.CycleState.CLOSED: gettext_lazy("Closed"),
}


def _state(cycle: OrderCycle) -> Any:
    return STATE_LABELS[selectors.cycle_state(cycle)]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CycleForm(forms.Form):
    """A cycle's details; times in the site's time zone, as every date of the site."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=services.MAX_NAME)
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=services.MAX_DESCRIPTION,
    )
    currency = forms.CharField(
        label=gettext_lazy("Currency"),
        min_length=3,
        max_length=3,
        initial="EUR",
        help_text=gettext_lazy("Its ISO 4217 code: EUR, GBP, CHF…"),
    )
    opens_at = forms.DateTimeField(label=gettext_lazy("Opens"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=gettext_lazy("Closes"), widget=DateTimeInput())

    def clean_currency(self) -> str:
        code = str(self.cleaned_data["currency"]).strip().upper()
        if code not in CURRENCY_EXPONENTS:
            raise forms.ValidationError(
                _("“%(code)s” is not a currency code this site knows (ISO 4217, such as EUR).")
                % {"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens: datetime | None = data.get("opens_at")
        closes: datetime | None = data.get("closes_at")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes_at", _("The cycle must close after it opens."))
        return data

    @classmethod
    def initial_of(cls, cycle: OrderCycle) -> dict[str, Any]:
        return {
            "name": cycle.name,
            "description": cycle.description,
            "currency": cycle.currency,
            "opens_at": cycle.opens_at,
            "closes_at": cycle.closes_at,
        }


class OrganizationField(forms.CharField):
    """An organization of the directory, by its short name (as in its address) or its exact
    name."""

    def clean(self, value: Any) -> Organization:
        text = super().clean(value)
        found = selectors.organization_named(text)
        if found is None:
            raise forms.ValidationError(
                _("No organization of the directory has the short name or name “%(text)s”.")
                % {"text": text}
            )
        return found


class SupplierForm(forms.Form):
    prefix = "supplier"
    organization = OrganizationField(
        label=gettext_lazy("Supplier"),
        max_length=200,
        help_text=gettext_lazy("Its short name, as in its address (/orgs/short-name/), or name."),
    )


class HubForm(forms.Form):
    prefix = "hub"
    organization = OrganizationField(
        label=gettext_lazy("Buying group"),
        max_length=200,
        help_text=gettext_lazy("Its short name, as in its address (/orgs/short-name/), or name."),
    )


class FeeForm(forms.Form):
    prefix = "fee"
    name = forms.CharField(label=gettext_lazy("Name"), max_length=services.MAX_NAME)
    role = forms.ChoiceField(label=gettext_lazy("Paid to"), choices=CycleFee.Role.choices)
    basis = forms.ChoiceField(label=gettext_lazy("Charged"), choices=CycleFee.Basis.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("Fixed amount"),
        min_value=0,
        max_digits=18,
        required=False,
        help_text=gettext_lazy("Per item or per order, as written: 0.50."),
    )
    rate = forms.DecimalField(
        label=gettext_lazy("Rate (%)"),
        min_value=0,
        max_value=100,
        max_digits=6,
        required=False,
        help_text=gettext_lazy("Of the goods, as written: 2.5."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Applies to"), required=False)

    def __init__(self, *args: Any, cycle: OrderCycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        choices: list[tuple[str, str]] = [("", _("The whole cycle"))]
        choices += [
            (f"s{row.pk}", _("Only the offers of %(name)s") % {"name": row.supplier.name})
            for row in selectors.suppliers_of(cycle)
        ]
        choices += [
            (f"h{row.pk}", _("Only the members of %(name)s") % {"name": row.hub.name})
            for row in selectors.hubs_of(cycle)
        ]
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)  # noqa: S101
        scope.choices = choices

    def clean_amount(self) -> int:
        amount: Decimal | None = self.cleaned_data.get("amount")
        try:
            return 0 if amount is None else selectors.minor_units(amount, self.cycle.currency)
        except ValueError:
            raise forms.ValidationError(
                _("The amount has more decimals than %(currency)s has.")
                % {"currency": self.cycle.currency}
            ) from None

    def clean_rate(self) -> int:
        rate: Decimal | None = self.cleaned_data.get("rate")
        if rate is None:
            return 0
        basis_points = rate.scaleb(2)
        if basis_points != basis_points.to_integral_value():
            raise forms.ValidationError(_("The rate takes at most two decimals."))
        return int(basis_points)

    def service_values(self) -> dict[str, Any]:
        c = self.cleaned_data
        scope: str = c.get("scope") or ""
        supplier = hub = None
        if scope.startswith("s"):
            supplier = CycleSupplier.objects.filter(cycle=self.cycle, pk=scope[1:]).first()
        elif scope.startswith("h"):
            hub = CycleHub.objects.filter(cycle=self.cycle, pk=scope[1:]).first()
        return {
            "name": c["name"],
            "role": c["role"],
            "basis": c["basis"],
            "amount": c["amount"],
            "rate_bp": c["rate"],
            "supplier": supplier,
            "hub": hub,
        }


class OfferForm(forms.Form):
    """An offer's price, case size and price tiers, amounts as people write them."""

    unit_price = forms.DecimalField(
        label=gettext_lazy("Price per unit, excluding VAT"), min_value=0, max_digits=18
    )
    case_size = forms.IntegerField(
        label=gettext_lazy("Case size"),
        min_value=1,
        max_value=services.MAX_CASE_SIZE,
        help_text=gettext_lazy("Units in a case; 1 to sell by the unit."),
    )

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        for i in range(1, TIER_ROWS + 1):
            self.fields[f"tier_{i}_cases"] = forms.IntegerField(
                label=_("Tier %(n)s: from (cases)") % {"n": i},
                min_value=1,
                max_value=services.MAX_CASE_SIZE,
                required=False,
            )
            self.fields[f"tier_{i}_price"] = forms.DecimalField(
                label=_("Tier %(n)s: price per unit") % {"n": i},
                min_value=0,
                max_digits=18,
                required=False,
            )

    @classmethod
    def of(cls, offer: CycleOffer, currency: str) -> OfferForm:
        initial: dict[str, Any] = {
            "unit_price": selectors.amount_decimal(offer.unit_price, currency),
            "case_size": offer.case_size,
        }
        for i, tier in enumerate(offer.tiers.order_by("min_cases")[:TIER_ROWS], start=1):
            initial[f"tier_{i}_cases"] = tier.min_cases
            initial[f"tier_{i}_price"] = selectors.amount_decimal(tier.unit_price, currency)
        return cls(currency=currency, initial=initial)

    def _minor(self, amount: Decimal, field: str) -> int | None:
        try:
            return selectors.minor_units(amount, self.currency)
        except ValueError:
            self.add_error(
                field,
                _("The price has more decimals than %(currency)s has.")
                % {"currency": self.currency},
            )
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit_price") is not None:
            data["unit_price"] = self._minor(data["unit_price"], "unit_price")
        tiers: list[tuple[int, int]] = []
        for i in range(1, TIER_ROWS + 1):
            cases, price = data.get(f"tier_{i}_cases"), data.get(f"tier_{i}_price")
            if cases is None and price is None:
                continue
            if cases is None or price is None:
                self.add_error(
                    f"tier_{i}_cases" if cases is None else f"tier_{i}_price",
                    _("A tier needs both a number of cases and a price."),
                )
                continue
            minor = self._minor(price, f"tier_{i}_price")
            if minor is not None:
                tiers.append((cases, minor))
        data["tiers"] = tiers
        return data

    def tier_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (i, self[f"tier_{i}_cases"], self[f"tier_{i}_price"]) for i in range(1, TIER_ROWS + 1)
        ]


# --- helpers ----------------------------------------------------------------------------------


def _coordinated(org: Organization, uuid: UUID) -> OrderCycle:
    cycle = selectors.cycle_by_uuid(uuid)
    if cycle is None or cycle.coordinator_id != org.pk:
        raise Http404
    return cycle


def _supplied(org: Organization, uuid: UUID) -> CycleSupplier:
    cycle = selectors.cycle_by_uuid(uuid)
    row = selectors.supplier_row(cycle, org) if cycle is not None else None
    if row is None:
        raise Http404
    return row


def _fee_rows(fees: Any, currency: str) -> list[dict[str, Any]]:
    return [
        {
            "fee": fee,
            "amount": selectors.money_text(fee.amount, currency) if fee.amount else "",
            "rate": selectors.rate_text(fee.rate_bp) if fee.rate_bp else "",
        }
        for fee in fees
    ]


def _stage_rows(cycles: Any) -> list[tuple[OrderCycle, Any, str]]:
    """Each cycle with its state's label and key ("open", "closed"…), for the links of a row."""
    return [(c, _state(c), selectors.cycle_state(c).value) for c in cycles]


# --- the coordinator's pages ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def org_cycles(request: AuthedRequest, org: Organization) -> HttpResponse:
    """The cycles the organization coordinates, supplies and buys in, each with the pages of its
    stage, and the form to set one up."""
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(coordinator=org, by=request.user, **form.cleaned_data)
        except services.DuplicateCycle as exc:
            messages.info(request, exc.message)
            return redirect("exchange:cycle_manage", org.slug, exc.existing.uuid)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The order cycle is set up: add its suppliers."))
            return redirect("exchange:cycle_manage", org.slug, cycle.uuid)
    page = Paginator(selectors.cycles_coordinated_by(org), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # Each row links the pages of the cycle's stage this organization's administrators may open
    # (this page needs the same permission as each of them: EDIT_PROFILE of ``org``).
    context = {
        "org": org,
        "form": form,
        "page": page,
        "rows": _stage_rows(page),
        "supplied": _stage_rows(selectors.cycles_supplied_by(org)[:LIST_SIZE]),
        "bought": _stage_rows(selectors.cycles_bought_in_by(org)[:LIST_SIZE]),
    }
    return render(request, "exchange/cycles_org.html", context, status=400 if form.errors else 200)


def _manage_page(
    request: AuthedRequest,
    org: Organization,
    cycle: OrderCycle,
    *,
    form: CycleForm | None = None,
    supplier_form: SupplierForm | None = None,
    hub_form: HubForm | None = None,
    fee_form: FeeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    words = str(request.GET.get("q", ""))[:100]
    context = {
        "org": org,
        "cycle": cycle,
        "state": _state(cycle),
        "closed": cycle.closed_at is not None,
        "ordered": selectors.has_order_lines(cycle),
        "form": form or CycleForm(initial=CycleForm.initial_of(cycle)),
        "supplier_form": supplier_form or SupplierForm(),
        "hub_form": hub_form or HubForm(),
        "fee_form": fee_form or FeeForm(cycle=cycle),
        "suppliers": selectors.suppliers_of(cycle),
        "hubs": selectors.hubs_of(cycle),
        "fees": _fee_rows(selectors.fees_of(cycle), cycle.currency),
        "q": words,
        "found": selectors.organizations_matching(words),
    }
    return render(request, "exchange/cycles_manage.html", context, status=status)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def cycle_manage(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    """Manage a cycle the organization coordinates; a POST changes its details."""
    cycle = _coordinated(org, uuid)
    if request.method == "GET":
        return _manage_page(request, org, cycle)
    form = CycleForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        # The form shows times to the minute: a time left as shown is the time stored.
        for name in ("opens_at", "closes_at"):
            if _minute(values[name]) == _minute(getattr(cycle, name)):
                values[name] = getattr(cycle, name)
        try:
            services.cycle_update(cycle=cycle, by=request.user, **values)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("exchange:cycle_manage", org.slug, cycle.uuid)
    return _manage_page(request, org, cycle, form=form, status=400)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def cycle_supplier_add(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    cycle = _coordinated(org, uuid)
    form = SupplierForm(request.POST)
    if form.is_valid():
        supplier: Organization = form.cleaned_data["organization"]
        try:
            services.cycle_supplier_add(cycle=cycle, supplier=supplier, by=request.user)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("%(name)s is a supplier of the cycle.") % {"name": supplier.name}
            )
            return redirect("exchange:cycle_manage", org.slug, cycle.uuid)
    return _manage_page(request, org, cycle, supplier_form=form, status=400)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def cycle_supplier_remove(
    request: AuthedRequest, org: Organization, uuid: UUID, row_id: int
) -> HttpResponse:
    cycle = _coordinated(org, uuid)
    row = get_object_or_404(
        CycleSupplier.objects.select_related("supplier"), pk=row_id, cycle=cycle
    )
    try:
        services.cycle_supplier_remove(cycle_supplier=row, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a supplier of the cycle.") % {"name": row.supplier.name},
        )
    return redirect("exchange:cycle_manage", org.slug, cycle.uuid)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def cycle_hub_add(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    cycle = _coordinated(org, uuid)
    form = HubForm(request.POST)
    if form.is_valid():
        hub: Organization = form.cleaned_data["organization"]
        try:
            services.cycle_hub_add(cycle=cycle, hub=hub, by=request.user)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, _("%(name)s is a buying group of the cycle.") % {"name": hub.name}
            )
            return redirect("exchange:cycle_manage", org.slug, cycle.uuid)
    return _manage_page(request, org, cycle, hub_form=form, status=400)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def cycle_hub_remove(
    request: AuthedRequest, org: Organization, uuid: UUID, row_id: int
) -> HttpResponse:
    cycle = _coordinated(org, uuid)
    row = get_object_or_404(CycleHub.objects.select_related("hub"), pk=row_id, cycle=cycle)
    try:
        services.cycle_hub_remove(cycle_hub=row, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a buying group of the cycle.") % {"name": row.hub.name},
        )
    return redirect("exchange:cycle_manage", org.slug, cycle.uuid)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def cycle_fee_add(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    cycle = _coordinated(org, uuid)
    form = FeeForm(request.POST, cycle=cycle)
    if form.is_valid():
        try:
            fee = services.cycle_fee_add(cycle=cycle, by=request.user, **form.service_values())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The fee “%(name)s” is saved.") % {"name": fee.name})
            return redirect("exchange:cycle_manage", org.slug, cycle.uuid)
    return _manage_page(request, org, cycle, fee_form=form, status=400)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def cycle_fee_remove(
    request: AuthedRequest, org: Organization, uuid: UUID, fee_id: int
) -> HttpResponse:
    cycle = _coordinated(org, uuid)
    fee = get_object_or_404(CycleFee, pk=fee_id, cycle=cycle)
    try:
        services.cycle_fee_remove(fee=fee, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The fee “%(name)s” is removed.") % {"name": fee.name})
    return redirect("exchange:cycle_manage", org.slug, cycle.uuid)


# --- a supplier's offers ----------------------------------------------------------------------


def _offer_rows(row: CycleSupplier, currency: str) -> list[dict[str, Any]]:
    return [
        {
            "offer": offer,
            "holds": catalogue_selectors.unit_text(offer.unit, offer.quantity),
            "price": selectors.money_text(offer.unit_price, currency),
            "tiers": [
                (tier.min_cases, selectors.money_text(tier.unit_price, currency))
                for tier in offer.tiers.all()
            ],
        }
        for offer in selectors.offers_of_supplier(row)
    ]


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def cycle_offers(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    """A supplier's offers in a cycle, and its catalogue to add products from. A POST adds
    every available product (``all``) or the chosen ones (``product``)."""
    row = _supplied(org, uuid)
    cycle = row.cycle
    status = 200
    if request.method == "POST":
        if cycle.closed_at is not None:
            messages.error(request, _("This order cycle is closed: nothing of it can change."))
            return redirect("exchange:cycle_offers", org.slug, cycle.uuid)
        chosen = None
        if "all" not in request.POST:
            ids = [i for i in request.POST.getlist("product") if i.isdigit()]
            chosen = list(catalogue_selectors.products_of(org).filter(pk__in=ids))
            if not chosen:
                messages.error(request, _("Choose one or more products."))
                return redirect("exchange:cycle_offers", org.slug, cycle.uuid)
        try:
            result = services.cycle_offers_add(cycle_supplier=row, by=request.user, products=chosen)
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            _tell_added(request, result)
            return redirect("exchange:cycle_offers", org.slug, cycle.uuid)
    page = Paginator(selectors.catalogue_choices(row), PRODUCTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "org": org,
        "cycle": cycle,
        "state": _state(cycle),
        "closed": cycle.closed_at is not None,
        "offers": _offer_rows(row, cycle.currency),
        "fees": _fee_rows(selectors.fees_of(cycle, supplier=row), cycle.currency),
        "page": page,
        "products": [
            {"product": p, "price": catalogue_selectors.money_text(p.price, p.currency)}
            for p in page.object_list
        ],
    }
    return render(request, "exchange/cycles_offers.html", context, status=status)


def _tell_added(request: HttpRequest, result: services.OffersAdded) -> None:
    parts = [
        ngettext("%(n)s product added.", "%(n)s products added.", len(result.added))
        % {"n": len(result.added)}
    ]
    if result.already:
        parts.append(
            ngettext(
                "%(n)s product was already offered.",
                "%(n)s products were already offered.",
                len(result.already),
            )
            % {"n": len(result.already)}
        )
    messages.success(request, " ".join(parts))
    for product, reason in result.refused:
        messages.warning(
            request,
            _("“%(name)s” was not added: %(reason)s") % {"name": product.name, "reason": reason},
        )


def _own_offer(row: CycleSupplier, offer_id: int) -> CycleOffer:
    return get_object_or_404(CycleOffer.objects.select_related("cycle"), pk=offer_id, supplier=row)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def cycle_offer_edit(
    request: AuthedRequest, org: Organization, uuid: UUID, offer_id: int
) -> HttpResponse:
    """Change an offer's price, case size and tiers (until someone orders it)."""
    row = _supplied(org, uuid)
    offer = _own_offer(row, offer_id)
    currency = row.cycle.currency
    if request.method == "GET":
        form = OfferForm.of(offer, currency)
    else:
        form = OfferForm(request.POST, currency=currency)
        if form.is_valid():
            try:
                services.cycle_offer_update(
                    offer=offer,
                    by=request.user,
                    unit_price=form.cleaned_data["unit_price"],
                    case_size=form.cleaned_data["case_size"],
                    tiers=form.cleaned_data["tiers"],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("%(name)s was saved.") % {"name": offer.name})
                return redirect("exchange:cycle_offers", org.slug, row.cycle.uuid)
    context = {
        "org": org,
        "cycle": row.cycle,
        "offer": offer,
        "form": form,
        "closed": row.cycle.closed_at is not None,
        "ordered": offer.lines.exists(),
    }
    return render(
        request, "exchange/cycles_offer_edit.html", context, status=400 if form.is_bound else 200
    )


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def cycle_offer_remove(
    request: AuthedRequest, org: Organization, uuid: UUID, offer_id: int
) -> HttpResponse:
    row = _supplied(org, uuid)
    offer = _own_offer(row, offer_id)
    try:
        services.cycle_offer_remove(offer=offer, by=request.user)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s is no longer offered.") % {"name": offer.name})
    return redirect("exchange:cycle_offers", org.slug, row.cycle.uuid)


# --- public pages -----------------------------------------------------------------------------


@require_safe
def cycles(request: HttpRequest) -> HttpResponse:
    """The order cycles open or upcoming, the soonest closing first; before them, for a person
    signed in, the open cycles they may order in and the latest closed ones they ordered in."""
    page = Paginator(selectors.current_cycles(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, _state(c)) for c in page]
    context = {
        "page": page,
        "rows": rows,
        "ordering": list(selectors.cycles_to_order_in(request.user)[:LIST_SIZE]),
        "ordered": list(selectors.closed_cycles_ordered_in(request.user)[:CLOSED_ORDERS]),
    }
    return render(request, "exchange/cycles_list.html", context)


def _buy_url(cycle: OrderCycle) -> str | None:
    """The buying page's address, once the buying pages are installed."""
    try:
        return reverse("exchange:cycle_buy", args=[cycle.uuid])
    except NoReverseMatch:
        return None


@require_safe
def cycle_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A cycle's overview: who coordinates it, when, its suppliers and buying groups."""
    cycle = selectors.cycle_by_uuid(uuid)
    if cycle is None:
        raise Http404
    context = {
        "cycle": cycle,
        "state": _state(cycle),
        "state_key": selectors.cycle_state(cycle).value,
        "suppliers": selectors.suppliers_of(cycle),
        "hubs": selectors.hubs_of(cycle),
        "offer_count": selectors.offer_count(cycle),
        "can_manage": has_perm(request.user, Perm.EDIT_PROFILE, cycle.coordinator),
        "buy_url": _buy_url(cycle),
        # The buying pages are for the people of the cycle's buying groups; a visitor is asked
        # to sign in on the way.
        "can_order": bool(order_selectors.buying_groups_for(cycle, request.user)),
    }
    return render(request, "exchange/cycles_detail.html", context)
