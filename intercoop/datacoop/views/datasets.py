"""The data co-operative's pages: a co-op's datasets, a dataset (its columns and purposes, the
reader's own rows and consents), and the forms that write to them."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from intercoop.accounts.http import AuthedRequest
from intercoop.core.csvfile import CsvRefused
from intercoop.core.errors import ServiceError
from intercoop.datacoop.forms import (
    ColumnForm,
    ConsentForm,
    CsvForm,
    DatasetForm,
    PurposeForm,
    RowForm,
)
from intercoop.datacoop.models import Dataset, DatasetPurpose
from intercoop.datacoop.selectors import consents as consent_selectors
from intercoop.datacoop.selectors import datasets as selectors
from intercoop.datacoop.services import consents as consent_services
from intercoop.datacoop.services import datasets as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm


@require_http_methods(["GET", "POST"])
@org_permission(Perm.VIEW_DATASETS)
def datasets(request: AuthedRequest, org: Organization) -> HttpResponse:
    """The co-op's datasets; its administrators define a new one here."""
    can_manage = has_perm(request.user, Perm.MANAGE_DATASETS, org)
    form = DatasetForm(initial={"description_language": get_language()})
    status = 200
    if request.method == "POST":
        if not can_manage:
            return HttpResponse(status=403)
        form = DatasetForm(request.POST)
        if form.is_valid():
            try:
                dataset = services.dataset_create(
                    organization=org, by=request.user, **form.cleaned_data
                )
            except ServiceError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The dataset was created; now add its columns."))
                return redirect("datacoop:dataset", org.slug, dataset.uuid)
        status = 400
    context = {
        "org": org,
        "datasets": selectors.datasets_of(org),
        "form": form if can_manage else None,
    }
    return render(request, "datacoop/datasets.html", context, status=status)


def _dataset_page(
    request: AuthedRequest,
    org: Organization,
    dataset: Dataset,
    *,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    user = request.user
    can_manage = has_perm(user, Perm.MANAGE_DATASETS, org)
    columns = selectors.columns_of(dataset)
    individual = dataset.kind == Dataset.Kind.INDIVIDUAL
    can_write = individual or can_manage
    context: dict[str, Any] = {
        "org": org,
        "dataset": dataset,
        "columns": columns,
        "purposes": list(dataset.purposes.all()),
        "can_manage": can_manage,
        "individual": individual,
        "can_write": can_write and bool(columns),
        "column_form": forms.get("column_form") or ColumnForm() if can_manage else None,
        "purpose_form": (
            forms.get("purpose_form")
            or PurposeForm(initial={"description_language": get_language()})
            if can_manage and individual
            else None
        ),
        "row_form": forms.get("row_form") or RowForm(columns=columns),
        "csv_form": forms.get("csv_form") or CsvForm(),
        "csv_errors": forms.get("csv_errors") or [],
    }
    if individual:
        context["rows"] = selectors.own_rows(dataset, user)
        context["row_columns"] = columns
        context["consents"] = consent_selectors.consents_of(user, dataset)
        if has_perm(user, Perm.VIEW_CONSENTS, org):
            context["contributions"] = selectors.contributions(dataset)
    else:
        context["row_columns"], context["rows"] = selectors.collective_rows(
            dataset, all_columns=can_manage
        )
    return render(request, "datacoop/dataset.html", context, status=status)


@require_http_methods(["GET"])
@org_permission(Perm.VIEW_DATASETS)
def dataset_page(request: AuthedRequest, org: Organization, uuid: uuid.UUID) -> HttpResponse:
    return _dataset_page(request, org, selectors.dataset_of(org, uuid))


@require_POST
@org_permission(Perm.MANAGE_DATASETS)
def column_add(request: AuthedRequest, org: Organization, uuid: uuid.UUID) -> HttpResponse:
    dataset = selectors.dataset_of(org, uuid)
    form = ColumnForm(request.POST)
    if form.is_valid():
        try:
            services.column_add(dataset=dataset, new=services.NewColumn(**form.cleaned_data))
        except ServiceError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The column was added."))
            return redirect("datacoop:dataset", org.slug, dataset.uuid)
    return _dataset_page(request, org, dataset, status=400, column_form=form)


@require_POST
@org_permission(Perm.MANAGE_DATASETS)
def purpose_add(request: AuthedRequest, org: Organization, uuid: uuid.UUID) -> HttpResponse:
    dataset = selectors.dataset_of(org, uuid)
    form = PurposeForm(request.POST)
    if form.is_valid():
        try:
            services.purpose_add(dataset=dataset, **form.cleaned_data)
        except ServiceError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The purpose was added; members may now consent to it."))
            return redirect("datacoop:dataset", org.slug, dataset.uuid)
    return _dataset_page(request, org, dataset, status=400, purpose_form=form)


def _may_write(request: AuthedRequest, org: Organization, dataset: Dataset) -> bool:
    return dataset.kind == Dataset.Kind.INDIVIDUAL or has_perm(
        request.user, Perm.MANAGE_DATASETS, org
    )


@require_POST
@org_permission(Perm.VIEW_DATASETS)
def row_add(request: AuthedRequest, org: Organization, uuid: uuid.UUID) -> HttpResponse:
    dataset = selectors.dataset_of(org, uuid)
    if not _may_write(request, org, dataset):
        return HttpResponse(status=403)
    form = RowForm(request.POST, columns=selectors.columns_of(dataset))
    if form.is_valid():
        try:
            services.row_contribute(
                dataset=dataset,
                by=request.user,
                values=form.values(),
                submission=form.cleaned_data["submission"],
            )
        except services.CellsRefused as refused:
            form.add_refusals(refused.errors)
        except ServiceError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The row was saved."))
            return redirect("datacoop:dataset", org.slug, dataset.uuid)
    return _dataset_page(request, org, dataset, status=400, row_form=form)


@require_POST
@org_permission(Perm.VIEW_DATASETS)
def rows_csv(request: AuthedRequest, org: Organization, uuid: uuid.UUID) -> HttpResponse:
    dataset = selectors.dataset_of(org, uuid)
    if not _may_write(request, org, dataset):
        return HttpResponse(status=403)
    form = CsvForm(request.POST, request.FILES)
    errors: list[tuple[int, str]] = []
    if form.is_valid():
        try:
            rows = services.rows_import_csv(
                dataset=dataset,
                by=request.user,
                content=form.content(),
                submission=form.cleaned_data["submission"],
            )
        except CsvRefused as refused:
            form.add_error(None, refused.message)
            errors = refused.errors
        except ServiceError as refused:
            form.add_error(None, refused.message)
        else:
            if rows:
                messages.success(
                    request,
                    ngettext("%(n)s row was imported.", "%(n)s rows were imported.", len(rows))
                    % {"n": len(rows)},
                )
            else:
                messages.info(request, _("This file was already imported."))
            return redirect("datacoop:dataset", org.slug, dataset.uuid)
    return _dataset_page(request, org, dataset, status=400, csv_form=form, csv_errors=errors)


@require_POST
@org_permission(Perm.VIEW_DATASETS)
def consent(
    request: AuthedRequest, org: Organization, uuid: uuid.UUID, purpose_uuid: uuid.UUID
) -> HttpResponse:
    """Give or withdraw the reader's own consent to one purpose of an individual dataset."""
    dataset = selectors.dataset_of(org, uuid)
    purpose = DatasetPurpose.objects.filter(dataset=dataset, uuid=purpose_uuid).first()
    form = ConsentForm(request.POST)
    if purpose is None or not form.is_valid():
        return HttpResponse(status=400 if purpose else 404)
    try:
        if form.cleaned_data["action"] == "give":
            consent_services.consent_give(
                purpose=purpose, member=request.user, language=get_language() or ""
            )
            messages.success(request, _("Your consent was recorded; its receipt is below."))
        else:
            consent_services.consent_withdraw(
                purpose=purpose, member=request.user, language=get_language() or ""
            )
            messages.success(request, _("Your consent was withdrawn."))
    except ServiceError as refused:
        messages.error(request, refused.message)
    return redirect("datacoop:dataset", org.slug, dataset.uuid)
