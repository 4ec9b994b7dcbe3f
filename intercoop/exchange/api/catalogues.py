"""Suppliers' catalogues in the API: an organization's products (public, a page at a time), and
importing its catalogue as a DFC document (its administrators, with a token or the session).
Added under ``/organizations`` in ``apps.py``, beside the registry's operations there."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.exchange.dfc.catalogue import UNIT_CODES, decimal_text
from intercoop.exchange.dfc.jsonld import MAX_BYTES
from intercoop.exchange.models import Product
from intercoop.exchange.selectors import catalogues as selectors
from intercoop.exchange.services import catalogues as services
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize

router = Router(tags=["catalogues"])

PAGE_SIZE = 50
MAX_PAGE = 1000


class ProductOut(Schema):
    sku: str = Field(..., description="The product's key in the catalogue.")
    name: str
    description: str
    unit: str = Field(..., description="`g`, `kg`, `ml`, `cl`, `l` or `piece`.")
    quantity: str = Field(..., description="What one item holds, in `unit`: decimal text.")
    case_size: int = Field(..., description="Items in a case; 1: sold by the item.")
    price: int = Field(
        ..., description="Price of one item excluding VAT, in minor units of `currency`."
    )
    currency: str = Field(..., description="ISO 4217 code.")
    vat_rate: int | None = Field(..., description="Basis points (550 = 5.5 %); null: not stated.")
    stock: int | None = Field(..., description="Items available; null: unlimited; 0: none.")
    dfc_id: str = Field(..., description="The product's DFC IRI; empty when it has none.")


class ProductPageOut(Schema):
    count: int = Field(..., description="Every product, on all pages.")
    page: int
    pages: int
    results: list[ProductOut]
    dfc: str = Field(..., description="The whole catalogue in DFC JSON-LD, at its public URL.")


class ProductPageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")


def _product_out(p: Product) -> ProductOut:
    return ProductOut(
        sku=p.sku,
        name=p.name,
        description=p.description,
        unit=UNIT_CODES.get(p.unit, p.unit),
        quantity=decimal_text(p.quantity),
        case_size=p.case_size,
        price=p.price,
        currency=p.currency,
        vat_rate=p.vat_rate,
        stock=p.stock,
        dfc_id=p.dfc_id,
    )


@router.get(
    "/{org_id}/products",
    response={200: ProductPageOut, **errors(404, 422)},
    operation_id="organizations_products_list",
    auth=None,
    summary="An organization's catalogue: its products, by name, 50 a page",
    description=(
        "A page past the last gives the last page. The whole catalogue is also at `dfc`, in "
        "Data Food Consortium JSON-LD."
    ),
)
def organizations_products_list(
    request: HttpRequest, org_id: int, params: Query[ProductPageParams]
) -> ProductPageOut:
    org = get_object_or_404(Organization, pk=org_id)
    page = Paginator(selectors.products_of(org), PAGE_SIZE).get_page(params.page)
    return ProductPageOut(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        results=[_product_out(p) for p in page.object_list],
        dfc=selectors.catalogue_base_url(org) + "/dfc.json",
    )


class ImportOut(Schema):
    added: int
    updated: int
    unchanged: int
    withdrawn: int = Field(
        ..., description="Products of the catalogue the document left out, now unavailable."
    )


_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": (
                        "A DFC catalogue in JSON-LD (SuppliedProduct, CatalogItem, Offer, "
                        f"Price), at most {MAX_BYTES // (1024 * 1024)} MB."
                    ),
                }
            }
        },
    }
}


@router.post(
    "/{org_id}/products/import",
    response={200: ImportOut, **errors(*AUTHENTICATED, 404, 422)},
    operation_id="organizations_products_import",
    auth=token_or_session,
    summary="Import the catalogue from a DFC document, all or nothing (its administrators)",
    description=(
        "The document is the catalogue as it now stands: a product whose sku (else its IRI) "
        "is in the catalogue is updated, a new one added, and one the document leaves out "
        "kept but made unavailable (stock 0); DFC carries no case size, so products keep "
        "theirs. If anything is wrong nothing is written, and the 400 `import_invalid` lists "
        'each problem in `details`: `{"loc": ["body", <product IRI>], "msg"}`.'
    ),
    openapi_extra=_IMPORT_BODY,
)
def organizations_products_import(request: AuthedRequest, org_id: int) -> ImportOut:
    org = get_object_or_404(Organization, pk=org_id)
    authorize(request.user, Perm.EDIT_PROFILE, org)
    result = services.catalogue_import_dfc(supplier=org, content=request.body, by=request.user)
    return ImportOut(
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        withdrawn=result.withdrawn,
    )
