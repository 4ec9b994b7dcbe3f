"""Pages of suppliers' catalogues: an organization's public catalogue, its CSV and DFC exports,
and the page where its administrators import the catalogue (CSV or DFC, all or nothing) and
remove products."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.csvfile import CsvRefused
from intercoop.core.errors import ServiceError
from intercoop.exchange.catalogue_csv import MAX_BYTES as CSV_MAX_BYTES
from intercoop.exchange.dfc import catalogue as dfc
from intercoop.exchange.dfc.jsonld import MAX_BYTES as DFC_MAX_BYTES
from intercoop.exchange.models import Product
from intercoop.exchange.selectors import catalogues as selectors
from intercoop.exchange.services import catalogues as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, can_edit_profile

PRODUCTS_PER_PAGE = 50


class _FileForm(forms.Form):
    max_bytes = CSV_MAX_BYTES

    def content(self) -> bytes:
        upload: UploadedFile = self.cleaned_data["file"]
        # One byte over the limit, so that the reader refuses a larger file by its size.
        return upload.read(self.max_bytes + 1)

    def add_refusal(self, refusal: ServiceError) -> None:
        self.add_error(None, refusal.message)


class CsvImportForm(_FileForm):
    prefix = "csv"
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, with a header row: sku, name, unit, quantity, price, currency (required), "
            "description, case_size, vat_rate, available. At most 5 MB."
        ),
    )


class DfcImportForm(_FileForm):
    prefix = "dfc"
    max_bytes = DFC_MAX_BYTES
    file = forms.FileField(
        label=gettext_lazy("DFC file (JSON-LD)"),
        help_text=gettext_lazy(
            "A Data Food Consortium catalogue, as Open Food Network and other DFC platforms "
            "export it. At most 5 MB."
        ),
    )


class ProductForm(forms.Form):
    """What a supplier sets by hand on a product; amounts as people write them (2.50, 5.5)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=dfc.MAX_NAME)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )
    case_size = forms.IntegerField(
        label=gettext_lazy("Case size"),
        min_value=1,
        max_value=services.MAX_INTEGER,
        help_text=gettext_lazy("Items in a case; 1 to sell by the item."),
    )
    price = forms.DecimalField(
        label=gettext_lazy("Price of one item, excluding VAT"), min_value=0, max_digits=18
    )
    vat_rate = forms.DecimalField(
        label=gettext_lazy("VAT rate (%)"),
        min_value=0,
        max_value=100,
        max_digits=6,
        required=False,
        help_text=gettext_lazy("Empty when not stated."),
    )
    stock = forms.IntegerField(
        label=gettext_lazy("Stock"),
        min_value=0,
        max_value=services.MAX_INTEGER,
        required=False,
        help_text=gettext_lazy("Items available: empty for unlimited, 0 for none."),
    )

    def __init__(self, *args: Any, currency: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["price"].help_text = _("In %(currency)s.") % {"currency": currency}

    @classmethod
    def of(cls, product: Product) -> ProductForm:
        return cls(
            currency=product.currency,
            initial={
                "name": product.name,
                "description": product.description,
                "case_size": product.case_size,
                "price": dfc.from_minor_units(product.price, product.currency),
                "vat_rate": None
                if product.vat_rate is None
                else dfc.vat_to_percent(product.vat_rate),
                "stock": product.stock,
            },
        )

    def clean_price(self) -> int:
        try:
            return dfc.to_minor_units(self.cleaned_data["price"], self.currency)
        except ValueError:
            raise forms.ValidationError(
                _("The price has more decimals than %(currency)s has.")
                % {"currency": self.currency}
            ) from None

    def clean_vat_rate(self) -> int | None:
        rate = self.cleaned_data.get("vat_rate")
        if rate is None:
            return None
        try:
            return dfc.vat_from_percent(rate)
        except ValueError:
            raise forms.ValidationError(_("The VAT rate takes at most two decimals.")) from None


@require_safe
def catalogue(request: HttpRequest, slug: str) -> HttpResponse:
    """An organization's catalogue as anyone sees it: its products, prices and VAT."""
    org = get_object_or_404(Organization, slug=slug)
    page = Paginator(selectors.products_of(org), PRODUCTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "org": org,
        "page": page,
        "rows": selectors.product_rows(page.object_list),
        "can_manage": can_edit_profile(request.user, org),
    }
    return render(request, "exchange/catalogue.html", context)


@require_safe
def catalogue_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The catalogue as the CSV file its import reads back."""
    org = get_object_or_404(Organization, slug=slug)
    response = HttpResponse(selectors.catalogue_csv(org), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalogue-{org.slug}.csv"'
    return response


@require_safe
def catalogue_dfc(request: HttpRequest, slug: str) -> HttpResponse:
    """The catalogue in DFC JSON-LD, at the stable address its IRIs are named under."""
    org = get_object_or_404(Organization, slug=slug)
    response = HttpResponse(
        json.dumps(selectors.catalogue_dfc(org), indent=2, ensure_ascii=False),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _manage_page(
    request: AuthedRequest,
    org: Organization,
    *,
    csv_form: CsvImportForm | None = None,
    dfc_form: DfcImportForm | None = None,
    errors: list[tuple[int, str]] | None = None,
    dfc_errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = Paginator(selectors.products_of(org), PRODUCTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "org": org,
        "page": page,
        "rows": selectors.product_rows(page.object_list),
        "csv_form": csv_form or CsvImportForm(),
        "dfc_form": dfc_form or DfcImportForm(),
        "errors": errors or [],
        "dfc_errors": dfc_errors or [],
    }
    return render(request, "exchange/catalogue_manage.html", context, status=status)


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def catalogue_manage(request: AuthedRequest, org: Organization) -> HttpResponse:
    return _manage_page(request, org)


def _imported(request: HttpRequest, result: services.CatalogueImport) -> None:
    parts = [
        ngettext("%(n)s product added.", "%(n)s products added.", result.added)
        % {"n": result.added},
        ngettext("%(n)s product updated.", "%(n)s products updated.", result.updated)
        % {"n": result.updated},
    ]
    if result.unchanged:
        parts.append(
            ngettext("%(n)s product unchanged.", "%(n)s products unchanged.", result.unchanged)
            % {"n": result.unchanged}
        )
    if result.withdrawn:
        parts.append(
            ngettext(
                "%(n)s product not in the file is now unavailable.",
                "%(n)s products not in the file are now unavailable.",
                result.withdrawn,
            )
            % {"n": result.withdrawn}
        )
    messages.success(request, " ".join(parts))


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def catalogue_import_csv(request: AuthedRequest, org: Organization) -> HttpResponse:
    """Import a CSV catalogue, all or nothing: its refusal lists every bad row by line."""
    form = CsvImportForm(request.POST, request.FILES)
    errors: list[tuple[int, str]] = []
    if form.is_valid():
        try:
            result = services.catalogue_import_csv(
                supplier=org, content=form.content(), by=request.user
            )
        except CsvRefused as exc:
            errors = exc.errors
            form.add_refusal(exc)
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            _imported(request, result)
            return redirect("exchange:catalogue_manage", slug=org.slug)
    return _manage_page(request, org, csv_form=form, errors=errors, status=400)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def catalogue_import_dfc(request: AuthedRequest, org: Organization) -> HttpResponse:
    """Import a DFC catalogue, all or nothing: its refusal names every problem by product."""
    form = DfcImportForm(request.POST, request.FILES)
    problems: list[tuple[str, str]] = []
    if form.is_valid():
        try:
            result = services.catalogue_import_dfc(
                supplier=org, content=form.content(), by=request.user
            )
        except services.DfcRefused as exc:
            problems = exc.problems
            form.add_refusal(exc)
        except ServiceError as exc:
            form.add_refusal(exc)
        else:
            _imported(request, result)
            return redirect("exchange:catalogue_manage", slug=org.slug)
    return _manage_page(request, org, dfc_form=form, dfc_errors=problems, status=400)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def product_edit(request: AuthedRequest, org: Organization, product_id: int) -> HttpResponse:
    """Change a product by hand: its case size above all, which DFC does not carry."""
    product = get_object_or_404(Product, pk=product_id, supplier=org)
    if request.method == "GET":
        form = ProductForm.of(product)
    else:
        form = ProductForm(request.POST, currency=product.currency)
        if form.is_valid():
            try:
                services.product_update(product=product, by=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("%(name)s was saved.") % {"name": product.name})
                return redirect("exchange:catalogue_manage", slug=org.slug)
    status = 400 if form.is_bound else 200
    context = {"org": org, "product": product, "form": form}
    return render(request, "exchange/product_edit.html", context, status=status)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def product_delete(request: AuthedRequest, org: Organization, product_id: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=product_id, supplier=org)
    services.product_delete(product=product, by=request.user)
    messages.success(
        request, _("%(name)s was removed from the catalogue.") % {"name": product.name}
    )
    return redirect("exchange:catalogue_manage", slug=org.slug)
