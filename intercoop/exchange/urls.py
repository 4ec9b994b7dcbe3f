"""The exchange app's pages (under the language prefix)."""

from django.urls import path

from intercoop.exchange.views import (
    catalogues,
    closing,
    coop_share,
    cycles,
    listings,
    orders,
    trace,
)

app_name = "exchange"

urlpatterns: list = []

# --- offers and needs (views.listings) ------------------------------------------------------
urlpatterns += [
    path("exchange/listings/", listings.browse, name="listings"),
    path("exchange/listings/<uuid:uuid>/", listings.listing_page, name="listing"),
    path("orgs/<slug:slug>/exchange/listings/", listings.org_listings, name="org_listings"),
    path(
        "orgs/<slug:slug>/exchange/listings/<uuid:uuid>/edit/",
        listings.listing_edit,
        name="listing_edit",
    ),
    path(
        "orgs/<slug:slug>/exchange/listings/<uuid:uuid>/withdraw/",
        listings.listing_withdraw,
        name="listing_withdraw",
    ),
]

# --- catalogues (views.catalogues) ----------------------------------------------------------
urlpatterns += [
    path("orgs/<slug:slug>/exchange/catalogue/", catalogues.catalogue, name="catalogue"),
    path(
        "orgs/<slug:slug>/exchange/catalogue/catalogue.csv",
        catalogues.catalogue_csv,
        name="catalogue_csv",
    ),
    path(
        "orgs/<slug:slug>/exchange/catalogue/manage/",
        catalogues.catalogue_manage,
        name="catalogue_manage",
    ),
    path(
        "orgs/<slug:slug>/exchange/catalogue/manage/import-csv/",
        catalogues.catalogue_import_csv,
        name="catalogue_import_csv",
    ),
    path(
        "orgs/<slug:slug>/exchange/catalogue/manage/import-dfc/",
        catalogues.catalogue_import_dfc,
        name="catalogue_import_dfc",
    ),
    path(
        "orgs/<slug:slug>/exchange/catalogue/manage/products/<int:product_id>/",
        catalogues.product_edit,
        name="product_edit",
    ),
    path(
        "orgs/<slug:slug>/exchange/catalogue/manage/products/<int:product_id>/delete/",
        catalogues.product_delete,
        name="product_delete",
    ),
]

# --- setting order cycles up (views.cycles) -------------------------------------------------
_CYCLE = "orgs/<slug:slug>/exchange/cycles/<uuid:uuid>/"
urlpatterns += [
    path("exchange/cycles/", cycles.cycles, name="cycles"),
    path("exchange/cycles/<uuid:uuid>/", cycles.cycle_page, name="cycle"),
    path("orgs/<slug:slug>/exchange/cycles/", cycles.org_cycles, name="org_cycles"),
    path(_CYCLE + "manage/", cycles.cycle_manage, name="cycle_manage"),
    path(_CYCLE + "manage/suppliers/", cycles.cycle_supplier_add, name="cycle_supplier_add"),
    path(
        _CYCLE + "manage/suppliers/<int:row_id>/remove/",
        cycles.cycle_supplier_remove,
        name="cycle_supplier_remove",
    ),
    path(_CYCLE + "manage/hubs/", cycles.cycle_hub_add, name="cycle_hub_add"),
    path(
        _CYCLE + "manage/hubs/<int:row_id>/remove/",
        cycles.cycle_hub_remove,
        name="cycle_hub_remove",
    ),
    path(_CYCLE + "manage/fees/", cycles.cycle_fee_add, name="cycle_fee_add"),
    path(
        _CYCLE + "manage/fees/<int:fee_id>/remove/",
        cycles.cycle_fee_remove,
        name="cycle_fee_remove",
    ),
    path(_CYCLE + "offers/", cycles.cycle_offers, name="cycle_offers"),
    path(_CYCLE + "offers/<int:offer_id>/", cycles.cycle_offer_edit, name="cycle_offer_edit"),
    path(
        _CYCLE + "offers/<int:offer_id>/remove/",
        cycles.cycle_offer_remove,
        name="cycle_offer_remove",
    ),
]

# --- closing a cycle and its documents (views.closing) --------------------------------------
_CLOSE = "orgs/<slug:slug>/exchange/cycles/<uuid:uuid>/"
urlpatterns += [
    path(_CLOSE + "close/", closing.cycle_close_page, name="cycle_close"),
    path(_CLOSE + "closing/", closing.cycle_closing, name="cycle_closing"),
    path(
        "exchange/cycles/<uuid:uuid>/my-order/invoice/",
        closing.cycle_invoice,
        name="cycle_invoice",
    ),
    path(
        "exchange/cycles/<uuid:uuid>/my-order/invoice.csv",
        closing.cycle_invoice_csv,
        name="cycle_invoice_csv",
    ),
    path(
        "exchange/cycles/<uuid:uuid>/my-order/invoice.pdf",
        closing.cycle_invoice_pdf,
        name="cycle_invoice_pdf",
    ),
    path(_CLOSE + "delivery/", closing.cycle_delivery, name="cycle_delivery"),
    path(_CLOSE + "delivery.csv", closing.cycle_delivery_csv, name="cycle_delivery_csv"),
    path(_CLOSE + "delivery.pdf", closing.cycle_delivery_pdf, name="cycle_delivery_pdf"),
    path(_CLOSE + "packing/", closing.cycle_packing, name="cycle_packing"),
    path(_CLOSE + "packing.csv", closing.cycle_packing_csv, name="cycle_packing_csv"),
    path(_CLOSE + "packing.pdf", closing.cycle_packing_pdf, name="cycle_packing_pdf"),
]

# --- buying in an order cycle (views.orders) ------------------------------------------------
urlpatterns += [
    path("exchange/cycles/<uuid:uuid>/buy/", orders.cycle_buy, name="cycle_buy"),
    path("exchange/cycles/<uuid:uuid>/my-order/", orders.my_order, name="cycle_my_order"),
]

# --- traceability (views.trace) -------------------------------------------------------------
urlpatterns += [
    path("exchange/resources/<uuid:uuid>/", trace.resource_page, name="resource"),
    path("exchange/processes/<uuid:uuid>/", trace.process_page, name="process"),
    path("orgs/<slug:slug>/exchange/trace/", trace.org_trace, name="org_trace"),
    path(
        "orgs/<slug:slug>/exchange/trace/resources/",
        trace.resource_create,
        name="trace_resource_create",
    ),
    path("orgs/<slug:slug>/exchange/trace/events/", trace.event_create, name="trace_event_create"),
    path(
        "orgs/<slug:slug>/exchange/trace/processes/",
        trace.process_create,
        name="trace_process_create",
    ),
    path(
        "orgs/<slug:slug>/exchange/trace/deliveries/",
        trace.deliveries_create,
        name="trace_deliveries_create",
    ),
]

# --- the co-op share of a resource (views.coop_share) ---------------------------------------
urlpatterns += [
    path(
        "exchange/resources/<uuid:uuid>/coop-share/",
        coop_share.resource_coop_share,
        name="resource_coop_share",
    ),
    path(
        "exchange/resources/<uuid:uuid>/coop-share/label/",
        coop_share.resource_coop_share_label,
        name="resource_coop_share_label",
    ),
]
