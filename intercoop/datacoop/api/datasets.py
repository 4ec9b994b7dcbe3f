"""The data co-operative in the API, for the co-op's people (a token or the session): its
datasets, the caller's own rows (or a collective dataset's rows), contributing a row, and the
caller's own consents, given or withdrawn."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.api.types import Integer, Number, Text
from intercoop.core.errors import ServiceError
from intercoop.datacoop.models import ConsentEvent, Dataset, DatasetPurpose
from intercoop.datacoop.selectors import consents as consent_selectors
from intercoop.datacoop.selectors import datasets as selectors
from intercoop.datacoop.selectors.receipts import receipt_path
from intercoop.datacoop.services import consents as consent_services
from intercoop.datacoop.services import datasets as services
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize, has_perm

organizations_router = Router(tags=["datasets"])
router = Router(tags=["datasets"])

Cell = Integer | Number | Text | bool | None


class ColumnOut(Schema):
    key: str
    label: str
    type: str
    sensitivity: str
    required: bool
    choices: list[str]


class PurposeOut(Schema):
    uuid: UUID
    term: str = Field(..., description="The DPV purpose concept, as a compact IRI (dpv:…).")
    description: str
    description_language: str
    review_months: int


class DatasetOut(Schema):
    uuid: UUID
    organization_id: int
    kind: str
    name: str
    description: str
    description_language: str
    columns: list[ColumnOut]
    purposes: list[PurposeOut]


class RowOut(Schema):
    uuid: UUID
    created_at: datetime
    source: str
    values: dict[str, Any] = Field(
        ..., description="By column key: integers, decimals as text, text, booleans, dates."
    )


class RowIn(Schema):
    values: dict[str, Cell] = Field(
        ..., description="By column key. Decimals as numbers or text; dates as YYYY-MM-DD."
    )
    submission: UUID | None = Field(
        None, description="A key of the caller's: the same key sent again writes nothing more."
    )


class ConsentOut(Schema):
    purpose: UUID
    term: str
    status: str | None = Field(..., description="The latest DPV status; null: never given.")
    holds: bool
    review_on: date | None
    lapses_on: date | None
    receipt: str | None = Field(..., description="The JSON-LD receipt's address.")


class ConsentIn(Schema):
    action: Literal["give", "withdraw"]


def _dataset(request: AuthedRequest, dataset_uuid: UUID) -> Dataset:
    dataset = get_object_or_404(Dataset.objects.select_related("organization"), uuid=dataset_uuid)
    authorize(request.user, Perm.VIEW_DATASETS, dataset.organization)
    return dataset


def _out(dataset: Dataset) -> DatasetOut:
    return DatasetOut(
        uuid=dataset.uuid,
        organization_id=dataset.organization_id,
        kind=dataset.kind,
        name=dataset.name,
        description=dataset.description,
        description_language=dataset.description_language,
        columns=[
            ColumnOut(
                key=c.key,
                label=c.label,
                type=c.type,
                sensitivity=c.sensitivity,
                required=c.required,
                choices=list(c.choices),
            )
            for c in dataset.columns.all()
        ],
        purposes=[
            PurposeOut(
                uuid=p.uuid,
                term=p.term,
                description=p.description,
                description_language=p.description_language,
                review_months=p.review_months,
            )
            for p in dataset.purposes.all()
        ],
    )


@organizations_router.get(
    "/{org_id}/datasets",
    response={200: list[DatasetOut], **errors(*AUTHENTICATED, 404, 422)},
    operation_id="organizations_datasets_list",
    auth=token_or_session,
    summary="A co-op's datasets, with their columns and purposes (its people)",
)
def organizations_datasets_list(request: AuthedRequest, org_id: int) -> list[DatasetOut]:
    org = get_object_or_404(Organization, pk=org_id)
    authorize(request.user, Perm.VIEW_DATASETS, org)
    return [_out(d) for d in selectors.datasets_of(org)]


@router.get(
    "/{dataset_uuid}",
    response={200: DatasetOut, **errors(*AUTHENTICATED, 404, 422)},
    operation_id="datasets_get",
    auth=token_or_session,
    summary="A dataset, with its columns and purposes (the co-op's people)",
)
def datasets_get(request: AuthedRequest, dataset_uuid: UUID) -> DatasetOut:
    return _out(_dataset(request, dataset_uuid))


@router.get(
    "/{dataset_uuid}/rows",
    response={200: list[RowOut], **errors(*AUTHENTICATED, 404, 422)},
    operation_id="datasets_rows_list",
    auth=token_or_session,
    summary="The caller's own rows of an individual dataset, or a collective dataset's rows",
    description=(
        "An individual dataset: the caller's own rows, every cell. A collective dataset: its "
        "rows, every column for the co-op's administrators and the columns public within the "
        "co-op for its other people."
    ),
)
def datasets_rows_list(request: AuthedRequest, dataset_uuid: UUID) -> list[RowOut]:
    dataset = _dataset(request, dataset_uuid)
    if dataset.kind == Dataset.Kind.INDIVIDUAL:
        rows = selectors.own_rows(dataset, request.user)
    else:
        manage = has_perm(request.user, Perm.MANAGE_DATASETS, dataset.organization)
        _columns, rows = selectors.collective_rows(dataset, all_columns=manage)
    return [
        RowOut(uuid=r.row.uuid, created_at=r.row.created_at, source=r.row.source, values=r.values)
        for r in rows
    ]


@router.post(
    "/{dataset_uuid}/rows",
    response={201: RowOut, **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="datasets_rows_create",
    auth=token_or_session,
    summary="Contribute a row: the caller's own (individual), or the co-op's (its administrators)",
)
def datasets_rows_create(
    request: AuthedRequest, dataset_uuid: UUID, payload: RowIn
) -> Status[RowOut]:
    dataset = _dataset(request, dataset_uuid)
    if dataset.kind == Dataset.Kind.COLLECTIVE:
        authorize(request.user, Perm.MANAGE_DATASETS, dataset.organization)
    try:
        row = services.row_contribute(
            dataset=dataset,
            by=request.user,
            values=payload.values,
            source="api",
            submission=payload.submission,
        )
    except ServiceError as exc:
        if exc.status == 400:
            exc.status = 422
        raise
    values = selectors.row_opened(row).values
    return Status(
        201, RowOut(uuid=row.uuid, created_at=row.created_at, source=row.source, values=values)
    )


def _consents(request: AuthedRequest, dataset: Dataset) -> list[ConsentOut]:
    return [
        ConsentOut(
            purpose=c.purpose.uuid,
            term=c.purpose.term,
            status=c.current.status if c.current else None,
            holds=c.holds,
            review_on=c.current.review_on if c.current else None,
            lapses_on=c.current.lapses_on if c.current else None,
            receipt=request.build_absolute_uri(receipt_path(c.record)) if c.record else None,
        )
        for c in consent_selectors.consents_of(request.user, dataset)
    ]


@router.get(
    "/{dataset_uuid}/consents",
    response={200: list[ConsentOut], **errors(*AUTHENTICATED, 404, 422)},
    operation_id="datasets_consents_list",
    auth=token_or_session,
    summary="The caller's own consents to each purpose of a dataset",
)
def datasets_consents_list(request: AuthedRequest, dataset_uuid: UUID) -> list[ConsentOut]:
    return _consents(request, _dataset(request, dataset_uuid))


@router.post(
    "/{dataset_uuid}/consents/{purpose_uuid}",
    response={200: list[ConsentOut], **errors(*AUTHENTICATED, 404, 409, 422)},
    operation_id="datasets_consents_set",
    auth=token_or_session,
    summary="Give or withdraw the caller's own consent to one purpose of a dataset",
    description=(
        "Each change is appended to the consent's history; giving a consent that holds and is "
        "not yet due for review, or withdrawing one that does not hold, changes nothing. "
        "Withdrawing a consent never given is a 409."
    ),
)
def datasets_consents_set(
    request: AuthedRequest, dataset_uuid: UUID, purpose_uuid: UUID, payload: ConsentIn
) -> list[ConsentOut]:
    dataset = _dataset(request, dataset_uuid)
    purpose = DatasetPurpose.objects.filter(dataset=dataset, uuid=purpose_uuid).first()
    if purpose is None:
        raise ServiceError(_("This dataset has no such purpose."), code="not_found", status=404)
    change = (
        consent_services.consent_give
        if payload.action == "give"
        else consent_services.consent_withdraw
    )
    change(purpose=purpose, member=request.user, method=ConsentEvent.Method.API)
    return _consents(request, dataset)
