"""Defining datasets and contributing rows: by the form, a CSV file (all or nothing) or the API.

Who may call each is decided before (``organizations.policy``: administrators define datasets
and write collective rows; every person of the co-op writes their own individual rows); the
services check what the data must satisfy.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.accounts.models import User
from intercoop.core.csvfile import CsvRefused, CsvShape, read_csv
from intercoop.core.errors import Conflict, ServiceError
from intercoop.datacoop import cells, sealing
from intercoop.datacoop.models import Column, Dataset, DatasetPurpose, Row
from intercoop.organizations.models import Organization, Role

MAX_COLUMNS = 60
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 5000


class CellsRefused(ServiceError):
    """Some cells of a row cannot be stored: nothing was written. ``errors`` maps each column
    key to why."""

    code = "cells_invalid"

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(_("Some values cannot be stored; nothing was saved."))
        self.details = [{"loc": ["values", key], "msg": msg} for key, msg in self.errors.items()]


@dataclass(frozen=True)
class NewColumn:
    key: str
    label: str
    type: str
    sensitivity: str
    required: bool = False
    choices: Sequence[str] = ()


def dataset_create(
    *,
    organization: Organization,
    by: User,
    kind: str,
    name: str,
    description: str = "",
    description_language: str = "",
) -> Dataset:
    if kind not in Dataset.Kind.values:
        raise ServiceError(_("Choose collective or individual."), code="invalid_kind")
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the dataset a name."), code="name_required")
    if Dataset.objects.filter(organization=organization, name=name).exists():
        raise Conflict(_("The co-op already has a dataset of this name."))
    try:
        with transaction.atomic():
            return Dataset.objects.create(
                organization=organization,
                kind=kind,
                name=name,
                description=description.strip(),
                description_language=description_language,
                created_by=by,
            )
    except IntegrityError:
        raise Conflict(_("The co-op already has a dataset of this name.")) from None


def _check_column(dataset: Dataset, new: NewColumn) -> None:
    if not cells.KEY.match(new.key):
        raise ServiceError(
            _(
                "The key starts with a lowercase letter and holds only lowercase letters, "
                "digits and underscores (at most 40)."
            ),
            code="invalid_key",
        )
    if new.type not in Column.Type.values:
        raise ServiceError(_("Choose one of the types."), code="invalid_type")
    if new.sensitivity not in Column.Sensitivity.values:
        raise ServiceError(_("Choose one of the sensitivities."), code="invalid_sensitivity")
    if new.type == cells.CHOICE and not new.choices:
        raise ServiceError(_("A choice column needs its options."), code="choices_required")
    if new.type != cells.CHOICE and new.choices:
        raise ServiceError(_("Only a choice column has options."), code="choices_unexpected")
    if not new.label.strip():
        raise ServiceError(_("Give the column a label."), code="label_required")
    if new.required and dataset.rows.exists():
        raise Conflict(_("A column added once rows exist cannot be required."))
    if dataset.columns.count() >= MAX_COLUMNS:
        raise Conflict(_("A dataset has at most %(n)s columns.") % {"n": MAX_COLUMNS})


def column_add(*, dataset: Dataset, new: NewColumn) -> Column:
    """Add a column at the end. Columns are never changed nor removed: rows written under a
    column's type and sensitivity stay readable as they were written."""
    _check_column(dataset, new)
    try:
        with transaction.atomic():
            return Column.objects.create(
                dataset=dataset,
                key=new.key,
                label=new.label.strip(),
                type=new.type,
                sensitivity=new.sensitivity,
                required=new.required,
                choices=list(new.choices),
                position=dataset.columns.count(),
            )
    except IntegrityError:
        raise Conflict(_("The dataset already has a column of this key.")) from None


def purpose_add(
    *,
    dataset: Dataset,
    term: str,
    description: str,
    description_language: str,
    review_months: int = 12,
) -> DatasetPurpose:
    if dataset.kind != Dataset.Kind.INDIVIDUAL:
        raise ServiceError(
            _("Only an individual dataset holds members' data to consent to."),
            code="collective_purpose",
        )
    if term not in DatasetPurpose.Term.values:
        raise ServiceError(_("Choose one of the purposes."), code="invalid_purpose")
    if not description.strip():
        raise ServiceError(
            _("Say in your own words what the data is used for."), code="description_required"
        )
    if not 1 <= review_months <= 60:
        raise ServiceError(
            _("The review comes after 1 to 60 months."), code="invalid_review_months"
        )
    try:
        with transaction.atomic():
            return DatasetPurpose.objects.create(
                dataset=dataset,
                term=term,
                description=description.strip(),
                description_language=description_language,
                review_months=review_months,
            )
    except IntegrityError:
        raise Conflict(_("The dataset already asks consent for this purpose.")) from None


# --- Rows -------------------------------------------------------------------------------------


def _check_contributor(*, dataset: Dataset, member: User | None, by: User) -> None:
    """An individual row is the contributor's own, and the contributor is of the co-op; a
    collective row belongs to no member."""
    if dataset.kind == Dataset.Kind.INDIVIDUAL:
        if member is None or member.pk != by.pk:
            raise ServiceError(
                _("Members contribute only their own rows."), code="not_own_row", status=403
            )
        if not Role.objects.filter(organization_id=dataset.organization_id, user=by).exists():
            raise ServiceError(
                _("Only the co-op's people contribute to its datasets."),
                code="not_in_org",
                status=403,
            )
    elif member is not None:
        raise ServiceError(
            _("A collective dataset's rows belong to no member."), code="collective_row"
        )


def _build_row(
    dataset: Dataset,
    columns: Sequence[Column],
    values: Mapping[str, Any],
    *,
    member: User | None,
    by: User,
    source: str,
    submission: uuid.UUID | None,
) -> Row:
    """The unsaved row of ``values``, its sensitive cells sealed; or ``CellsRefused``."""
    stored, refused = cells.read_row([c.cell() for c in columns], values)
    if refused:
        raise CellsRefused({key: exc.message for key, exc in refused.items()})
    sealed_keys = {c.key for c in columns if c.sealed}
    row = Row(
        dataset=dataset,
        member=member,
        created_by=by,
        source=source,
        submission=submission,
        values={k: v for k, v in stored.items() if k not in sealed_keys},
    )
    row.sealed = sealing.seal(
        {k: v for k, v in stored.items() if k in sealed_keys},
        dataset=dataset.uuid,
        row=row.uuid,
        member_id=member.pk if member else None,
    )
    return row


def row_contribute(
    *,
    dataset: Dataset,
    by: User,
    values: Mapping[str, Any],
    source: str = "form",
    submission: uuid.UUID | None = None,
) -> Row:
    """Write one row: the contributor's own in an individual dataset, the co-op's in a
    collective one. With a ``submission`` key, a repeated submit returns the row written the
    first time."""
    member = by if dataset.kind == Dataset.Kind.INDIVIDUAL else None
    _check_contributor(dataset=dataset, member=member, by=by)
    if submission is not None:
        earlier = Row.objects.filter(dataset=dataset, submission=submission).first()
        if earlier is not None:
            return _same_contributor(earlier, by)
    columns = list(dataset.columns.all())
    if not columns:
        raise Conflict(_("The dataset has no columns yet."))
    row = _build_row(
        dataset, columns, values, member=member, by=by, source=source, submission=submission
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # The same submission, saved by a request that raced this one.
        return _same_contributor(Row.objects.get(dataset=dataset, submission=submission), by)
    return row


def _same_contributor(row: Row, by: User) -> Row:
    if row.created_by_id != by.pk:
        raise Conflict(_("This submission was already used."))
    return row


def _csv_shape(columns: Sequence[Column]) -> CsvShape:
    return CsvShape(
        columns=[c.key for c in columns],
        required=[c.key for c in columns if c.required],
        max_bytes=MAX_CSV_BYTES,
        max_rows=MAX_CSV_ROWS,
        too_many=gettext_lazy("The file has more than %(n)s rows; split it."),
    )


def rows_import_csv(
    *, dataset: Dataset, by: User, content: bytes, submission: uuid.UUID | None = None
) -> list[Row]:
    """Write every row of a CSV file (a header of column keys, then one row a line), or none:
    any bad cell refuses the whole file with ``CsvRefused``, each problem with its line. With a
    ``submission`` key (the upload form's), a repeated upload writes nothing and returns no
    rows."""
    member = by if dataset.kind == Dataset.Kind.INDIVIDUAL else None
    _check_contributor(dataset=dataset, member=member, by=by)
    if (
        submission is not None
        and Row.objects.filter(dataset=dataset, submission=submission).exists()
    ):
        return []
    columns = list(dataset.columns.all())
    if not columns:
        raise Conflict(_("The dataset has no columns yet."))
    _header, lines, problems = read_csv(content, _csv_shape(columns))
    rows: list[Row] = []
    for line, values in lines:
        try:
            rows.append(
                _build_row(
                    dataset,
                    columns,
                    values,
                    member=member,
                    by=by,
                    source=f"csv:{line}",
                    submission=None,
                )
            )
        except CellsRefused as refused:
            problems.extend(
                (line, _("%(column)s: %(problem)s") % {"column": key, "problem": msg})
                for key, msg in refused.errors.items()
            )
    if problems:
        raise CsvRefused(problems)
    if not rows:
        raise CsvRefused([(2, _("The file has no rows."))])
    # The first row carries the upload's key: a second upload racing this one fails on it.
    rows[0].submission = submission
    try:
        with transaction.atomic():
            Row.objects.bulk_create(rows)
    except IntegrityError:
        return []
    return rows
