"""Reading datasets and rows. Sealed cells are opened here, and only for the reader the rules of
docs/datacoop.md ("Who can decrypt") allow: a member their own rows of an individual dataset;
the co-op's administrators the rows of a collective one. Nobody else reads an individual row in
this release; later steps release data only under an agreement the members voted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from intercoop.accounts.models import User
from intercoop.datacoop import sealing
from intercoop.datacoop.models import Column, Dataset, Row
from intercoop.organizations.models import Organization


def datasets_of(organization: Organization) -> QuerySet[Dataset]:
    return Dataset.objects.filter(organization=organization).annotate(
        column_count=Count("columns", distinct=True)
    )


def dataset_of(organization: Organization, dataset_uuid: UUID) -> Dataset:
    """The co-op's dataset, or 404: another co-op's dataset is not found under this one."""
    return get_object_or_404(Dataset, organization=organization, uuid=dataset_uuid)


def columns_of(dataset: Dataset) -> list[Column]:
    return list(dataset.columns.all())


@dataclass(frozen=True)
class RowView:
    row: Row
    cells: list[Any]  # in the order of the columns
    values: dict[str, Any]  # by column key


def _opened(row: Row, columns: list[Column], *, shown: set[str]) -> RowView:
    values = dict(row.values)
    if any(c.sealed and c.key in shown for c in columns):
        values.update(
            sealing.unseal(
                bytes(row.sealed),
                dataset=row.dataset.uuid,
                row=row.uuid,
                member_id=row.member_id,
            )
        )
    kept = {c.key: values.get(c.key) for c in columns if c.key in shown}
    return RowView(row=row, cells=[kept.get(c.key) for c in columns], values=kept)


def row_opened(row: Row) -> RowView:
    """Every cell of a row, for the one who just wrote it."""
    columns = columns_of(row.dataset)
    return _opened(row, columns, shown={c.key for c in columns})


def own_rows(dataset: Dataset, member: User) -> list[RowView]:
    """The member's own rows of an individual dataset, every cell opened."""
    columns = columns_of(dataset)
    shown = {c.key for c in columns}
    rows = Row.objects.filter(dataset=dataset, member=member).select_related("dataset")
    return [_opened(row, columns, shown=shown) for row in rows]


def collective_rows(dataset: Dataset, *, all_columns: bool) -> tuple[list[Column], list[RowView]]:
    """A collective dataset's rows: every column for its administrators
    (``all_columns``), the columns public within the co-op for its other people."""
    columns = columns_of(dataset)
    if not all_columns:
        columns = [c for c in columns if c.sensitivity == Column.Sensitivity.PUBLIC_IN_COOP]
    shown = {c.key for c in columns}
    rows = Row.objects.filter(dataset=dataset, member=None).select_related("dataset")
    return columns, [_opened(row, columns, shown=shown) for row in rows]


def contributions(dataset: Dataset) -> dict[str, int]:
    """How many rows, and from how many members: what the co-op's staff see of an individual
    dataset."""
    rows = Row.objects.filter(dataset=dataset)
    return {
        "rows": rows.count(),
        "members": rows.exclude(member=None).values("member").distinct().count(),
    }
