"""The data co-operative's pages (under the language prefix)."""

from django.urls import path

from intercoop.datacoop.views import datasets, receipts

app_name = "datacoop"

_DATASET = "orgs/<slug:slug>/data/<uuid:uuid>/"
urlpatterns = [
    path("orgs/<slug:slug>/data/", datasets.datasets, name="datasets"),
    path(_DATASET, datasets.dataset_page, name="dataset"),
    path(_DATASET + "columns/", datasets.column_add, name="column_add"),
    path(_DATASET + "purposes/", datasets.purpose_add, name="purpose_add"),
    path(_DATASET + "rows/", datasets.row_add, name="row_add"),
    path(_DATASET + "rows/csv/", datasets.rows_csv, name="rows_csv"),
    path(_DATASET + "purposes/<uuid:purpose_uuid>/consent/", datasets.consent, name="consent"),
    path("orgs/<slug:slug>/data/consents/<uuid:uuid>/", receipts.receipt_page, name="receipt"),
]
