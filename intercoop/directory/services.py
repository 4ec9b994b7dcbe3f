from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.directory import selectors
from intercoop.directory.importers.records import OrgRecord, Parsed
from intercoop.directory.models import ImportRun
from intercoop.organizations.models import (
    PLACE_CELL_FIELDS,
    Organization,
    RegistryIdentifier,
    place_cells,
)

# The fields an import owns; everything else (roles, descriptions written on Intercoop…) stays.
IMPORTED_FIELDS = [
    "name",
    "legal_form",
    "structure",
    "activity",
    "membership_type",
    "street_address",
    "locality",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "website",
    "source_licence",
    "source_attribution",
]
# Fields only some sources carry: a reader names those it owns (its EXTRA_FIELDS), and an
# import by any other reader leaves them as they are.
OPTIONAL_IMPORTED_FIELDS = [
    "nickname",
    "description",
    "mission",
    "email",
    "phone",
    "status",
    "geographic_scope",
    "founded_on",
    # Carried by the generic CSV format only.
    "legal_name",
    "description_language",
    "mission_language",
]


class ImportRefused(ServiceError):
    code = "import_refused"
    status = 400


def _check_import(*, parsed: Parsed, skip_bad_rows: bool) -> None:
    if parsed.errors and not skip_bad_rows:
        raise ImportRefused(
            _(
                "%(count)d row(s) have errors, so nothing was imported. Correct them, or import "
                "the other rows and skip these with --skip-bad-rows."
            )
            % {"count": len(parsed.errors)}
        )


def _slugger(taken: set[str]) -> Callable[[str], str]:
    def unique(name: str) -> str:
        base = slugify(name)[:70] or "org"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        return slug

    return unique


def _values(
    record: OrgRecord, licence: str, attribution: str, fields: Sequence[str]
) -> dict[str, object]:
    values = {k: v for k, v in asdict(record).items() if k in fields}
    values["source_licence"] = licence
    values["source_attribution"] = attribution
    if "latitude" in values:
        # Bulk writes skip Organization.save(), which keeps the H3 cells and the place key.
        values.update(
            zip(PLACE_CELL_FIELDS, place_cells(record.latitude, record.longitude), strict=True)
        )
    return values


def organizations_import(
    *,
    source: str,
    licence: str,
    attribution: str,
    parsed: Parsed,
    file_name: str,
    file_sha256: str,
    skip_bad_rows: bool = False,
    extra_fields: Sequence[str] = (),
    by: User | None = None,
    progress: Callable[[int], object] = lambda n: None,
) -> ImportRun:
    """Create or update one organization per record, keyed by (source, identifier at source).

    The import owns ``IMPORTED_FIELDS`` and the ``extra_fields`` (of
    ``OPTIONAL_IMPORTED_FIELDS``) its source carries; every other field is left as it is.
    All or nothing: one transaction, so a refused file, an error or a crash half-way leaves the
    directory as it was. Importing the same file again changes nothing.
    """
    unknown = set(extra_fields) - set(OPTIONAL_IMPORTED_FIELDS)
    if unknown:
        raise ValueError(f"not fields an import may own: {sorted(unknown)}")
    fields = [*IMPORTED_FIELDS, *extra_fields]
    _check_import(parsed=parsed, skip_bad_rows=skip_bad_rows)
    run = _import(
        source=source,
        licence=licence,
        attribution=attribution,
        parsed=parsed,
        file_name=file_name,
        file_sha256=file_sha256,
        fields=fields,
        by=by,
        progress=progress,
    )
    if run.created or run.updated:
        search_index_optimize()
    return run


def search_index_optimize() -> None:
    """Compact the search indexes after a bulk write such as an import. SQLite: merge the
    full-text index's segments into one (a 3M directory built row by row has dozens, and
    every word looked up reads each of them). PostgreSQL: refresh the planner's statistics;
    then, if the search rows are no longer in search-key order (rows written since the last
    time go where there is room, not next to their area's), put them back in order with
    CLUSTER, which rewrites the table and its indexes while searches with words wait for it
    (14 s for the 300k benchmark directory; docs/directory.md); otherwise move the GIN
    index's pending entries into the index proper."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO directory_search_fts (directory_search_fts) VALUES ('optimize')"
            )
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE organizations_organization")
            cursor.execute("ANALYZE directory_search_row")
            if selectors.search_rows_order() < SEARCH_ROWS_IN_ORDER:
                cursor.execute("CLUSTER directory_search_row USING directory_search_row_pkey")
                cursor.execute("ANALYZE directory_search_row")
            else:
                cursor.execute("SELECT gin_clean_pending_list('directory_search_row_document')")


# PostgreSQL: below this correlation between the search rows' key and their place in the table,
# search_index_optimize puts them back in order: a few rows out of place are not worth
# rewriting a large table for.
SEARCH_ROWS_IN_ORDER = 0.97


def _import(
    *,
    source: str,
    licence: str,
    attribution: str,
    parsed: Parsed,
    file_name: str,
    file_sha256: str,
    fields: list[str],
    by: User | None,
    progress: Callable[[int], object],
) -> ImportRun:
    started = timezone.now()
    with transaction.atomic(durable=True):
        existing = {o.source_id: o for o in Organization.objects.filter(source=source)}
        unique_slug = _slugger(set(Organization.objects.values_list("slug", flat=True)))
        to_create: list[Organization] = []
        to_update: list[Organization] = []
        unchanged = 0
        for record in parsed.records:
            values = _values(record, licence, attribution, fields)
            org = existing.get(record.source_id)
            if org is None:
                to_create.append(
                    Organization(
                        **values,
                        slug=unique_slug(record.name),
                        kind=Organization.Kind.COOP,
                        source=source,
                        source_id=record.source_id,
                        imported_at=started,
                        created_at=started,
                        updated_at=started,
                    )
                )
            elif any(getattr(org, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(org, k, v)
                org.imported_at = org.updated_at = started
                to_update.append(org)
            else:
                unchanged += 1
            progress(1)
        # Bulk writes skip save(), so the versions are written beside them, one per changed
        # organization, naming the run's person and file.
        version = {
            "default_user": by,
            "default_change_reason": f"import {source} {file_name}"[:100],
            "default_date": started,
        }
        bulk_create_with_history(to_create, Organization, batch_size=500, **version)
        bulk_update_with_history(
            to_update,
            Organization,
            [
                *fields,
                *(PLACE_CELL_FIELDS if "latitude" in fields else ()),
                "imported_at",
                "updated_at",
            ],
            batch_size=500,
            **version,
        )
        changed_ids, warnings = _sync_registry_ids(source, parsed.records)
        # Organizations whose only change was a registry identifier count as updated too.
        ids_only = changed_ids - {o.pk for o in to_create} - {o.pk for o in to_update}
        return ImportRun.objects.create(
            source=source,
            file_name=file_name,
            file_sha256=file_sha256,
            by=by,
            started_at=started,
            finished_at=timezone.now(),
            rows=parsed.rows,
            created=len(to_create),
            updated=len(to_update) + len(ids_only),
            unchanged=unchanged - len(ids_only),
            warnings=warnings,
            skipped=len(parsed.errors),
            skipped_rows=[
                {"line": e.line, "source_id": e.source_id, "reason": e.reason}
                for e in parsed.errors
            ],
        )


def _sync_registry_ids(source: str, records: list[OrgRecord]) -> tuple[set[int], list[str]]:
    """Make the registry identifiers of the imported organizations those of the file.

    Only organizations with a record in this import are touched: one whose row was skipped
    keeps what it had. An identifier already held by an organization outside this import
    (entered by hand, or from another source) is not moved: it marks a probable duplicate,
    returned as a warning. Returns the organizations whose identifiers changed, and warnings.
    """
    org_ids = dict(
        Organization.objects.filter(
            source=source, source_id__in=[r.source_id for r in records]
        ).values_list("source_id", "pk")
    )
    source_id_of = {pk: source_id for source_id, pk in org_ids.items()}
    in_import = set(org_ids.values())
    wanted = {
        (scheme, value): org_ids[r.source_id] for r in records for scheme, value in r.registry_ids
    }
    current = {
        (ri.scheme, ri.value): ri
        for ri in RegistryIdentifier.objects.filter(organization_id__in=in_import)
    }
    stale = [ri for key, ri in current.items() if wanted.get(key) != ri.organization_id]
    RegistryIdentifier.objects.filter(pk__in=[ri.pk for ri in stale]).delete()
    kept = {key for key, ri in current.items() if ri not in stale}
    missing = {key: pk for key, pk in wanted.items() if key not in kept}
    held: dict[tuple[str, str], Organization] = {}
    if missing:
        for ri in RegistryIdentifier.objects.select_related("organization").exclude(
            organization_id__in=in_import
        ):
            if (ri.scheme, ri.value) in missing:
                held[(ri.scheme, ri.value)] = ri.organization
    warnings = [
        f"{scheme} {value} of {source_id_of[missing[(scheme, value)]]} is already held by "
        f"{holder.name!r} (id {holder.pk}): a probable duplicate, left for review"
        for (scheme, value), holder in sorted(held.items())
    ]
    RegistryIdentifier.objects.bulk_create(
        [
            RegistryIdentifier(organization_id=pk, scheme=scheme, value=value)
            for (scheme, value), pk in missing.items()
            if (scheme, value) not in held
        ],
        batch_size=500,
    )
    changed = {ri.organization_id for ri in stale} | {
        pk for key, pk in missing.items() if key not in held
    }
    return changed, warnings
