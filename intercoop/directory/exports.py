"""Bulk exports of the directory, public and streamed: CSV, GeoJSON and JSON-LD.

Rows are read in chunks (``iterator(chunk_size=…)``) and written as they come, so an export of
any size needs little memory. Each export says under which licences its data may be reused and
which attributions it requires: in the ``Link`` and ``X-Attribution`` headers, inside the
document where the format allows it, and in ``LICENSE.txt``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Query, Router

from intercoop.api.errors import errors
from intercoop.core.ratelimit import client_address, rate_limit
from intercoop.directory import selectors
from intercoop.directory.api import ExportParams, query_refused, search_query
from intercoop.directory.jsonld import CONTEXT, organization_iri, organization_node
from intercoop.directory.licences import entered_licence, licence, licence_code
from intercoop.directory.search.query import QueryError
from intercoop.directory.search.service import matching_ids
from intercoop.organizations.models import Organization, Relationship

router = Router(tags=["exports"])

CHUNK_ROWS = 2000
_FLUSH_CHARS = 64 * 1024


class Selection:
    """The organizations an export holds: all of them, or the results of a search (``ids``,
    in id order). Either way they are read in chunks of ``CHUNK_ROWS``."""

    def __init__(self, ids: list[int] | None = None) -> None:
        self.ids = ids
        self._sources: set[tuple[str, str, str]] | None = None

    def chunks(self, queryset: QuerySet[Organization]) -> Iterator[Organization]:
        queryset = queryset.order_by("pk")
        if self.ids is None:
            yield from queryset.iterator(chunk_size=CHUNK_ROWS)
            return
        for start in range(0, len(self.ids), CHUNK_ROWS):
            yield from queryset.filter(pk__in=self.ids[start : start + CHUNK_ROWS])

    def sources(self) -> set[tuple[str, str, str]]:
        """Every (source, attribution, licence) among the organizations."""
        if self._sources is not None:
            return self._sources
        fields = ("source", "source_attribution", "source_licence")
        found: set[tuple[str, str, str]] = set()
        if self.ids is None:
            found.update(Organization.objects.values_list(*fields).order_by().distinct())
        for start in range(0, len(self.ids or ()), CHUNK_ROWS):
            chunk = (self.ids or [])[start : start + CHUNK_ROWS]
            rows = Organization.objects.filter(pk__in=chunk).values_list(*fields)
            found.update(rows.order_by().distinct())
        self._sources = found
        return found


def _selection(request: HttpRequest, params: ExportParams) -> Selection | HttpResponse:
    """Every organization, or the results of the search the parameters describe (as on the
    directory page: words, place, area, facets); a 404 for an unknown ``member_of``. Each call
    counts as one export of the address (429 past its rate)."""
    rate_limit("export", client_address(request))
    if not any(value not in ("", [], None) for value in params.model_dump().values()):
        return Selection()
    try:
        query = search_query(params)
        return Selection(matching_ids(query) if query is not None else [])
    except QueryError as exc:
        return query_refused(request, exc)


def _dataset_attributions(selection: Selection) -> list[selectors.Attribution]:
    return selectors.attributions(
        Organization(source=source, source_attribution=attribution, source_licence=code)
        for source, attribution, code in selection.sources()
        if attribution
    )


def _dataset_licences(selection: Selection) -> list[str]:
    """The address of every licence the selection's records come under."""
    urls = set()
    for source, _attribution, code in selection.sources():
        known = licence(licence_code(source=source, source_licence=code))
        if known:
            urls.add(known.url)
    return sorted(urls)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _licence(org: Organization) -> str:
    return licence_code(source=org.source, source_licence=org.source_licence)


def _licence_url(org: Organization) -> str:
    known = licence(_licence(org))
    return known.url if known else ""


def _offers_cell(org: Organization) -> str:
    """The offers as a JSON array in one cell (their texts may hold commas and new lines);
    empty when there are none."""
    offers = [
        {"kind": o.kind, "text": o.text, "tags": o.tag_list, "language": o.language}
        for o in org.offers.all()
    ]
    return json.dumps(offers, ensure_ascii=False) if offers else ""


def _flushed(parts: Iterable[str]) -> Iterator[bytes]:
    """Joins small pieces into chunks of about 64 KB: fewer, larger writes to the socket."""
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= _FLUSH_CHARS:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()


def _stream(
    request: HttpRequest,
    parts: Iterable[str],
    content_type: str,
    selection: Selection,
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_flushed(parts), content_type=content_type)
    _add_licence_headers(request, response, selection)
    return response


def _add_licence_headers(
    request: HttpRequest, response: HttpResponse | StreamingHttpResponse, selection: Selection
) -> None:
    attributions = _dataset_attributions(selection)
    links = [f'<{url}>; rel="license"' for url in _dataset_licences(selection)]
    links.append(f'<{request.build_absolute_uri("LICENSE.txt")}>; rel="describedby"')
    response["Link"] = ", ".join(links)
    if attributions:
        response["X-Attribution"] = "; ".join(a.text for a in attributions)


# The CSV columns, in order. docs/directory.md describes each one; keep the two in step.
CSV_COLUMNS: dict[str, Callable[[Organization, str], Any]] = {
    "id": lambda o, base: o.pk,
    "url": lambda o, base: organization_iri(o.slug, base_url=base),
    "name": lambda o, base: o.name,
    "nickname": lambda o, base: o.nickname,
    "kind": lambda o, base: o.kind,
    "ally_category": lambda o, base: o.ally_category,
    "status": lambda o, base: o.status,
    "legal_name": lambda o, base: o.legal_name,
    "legal_form": lambda o, base: o.legal_form,
    "founded_on": lambda o, base: o.founded_on.isoformat() if o.founded_on else "",
    "registry_ids": lambda o, base: " ".join(
        sorted(f"{r.scheme}:{r.value}" for r in o.registry_ids.all())
    ),
    "structure": lambda o, base: o.structure,
    "activity": lambda o, base: o.activity,
    "membership_type": lambda o, base: o.membership_type,
    "description": lambda o, base: o.description,
    "description_language": lambda o, base: o.description_language,
    "mission": lambda o, base: o.mission,
    "mission_language": lambda o, base: o.mission_language,
    "website": lambda o, base: o.website,
    "email": lambda o, base: o.email,
    "telephone": lambda o, base: o.phone,
    "street_address": lambda o, base: o.street_address,
    "locality": lambda o, base: o.locality,
    "region": lambda o, base: o.region,
    "postal_code": lambda o, base: o.postal_code,
    "country": lambda o, base: o.country,
    "latitude": lambda o, base: "" if o.latitude is None else o.latitude,
    "longitude": lambda o, base: "" if o.longitude is None else o.longitude,
    "geographic_scope": lambda o, base: o.geographic_scope,
    "offers": lambda o, base: _offers_cell(o),
    "source": lambda o, base: o.source,
    "source_id": lambda o, base: o.source_id,
    "licence": lambda o, base: _licence(o),
    "licence_url": lambda o, base: _licence_url(o),
    "attribution": lambda o, base: o.source_attribution,
    "updated_at": lambda o, base: o.updated_at.isoformat(),
}


class _Line:
    """A file-like object whose ``write`` hands back the line csv.writer wrote."""

    def write(self, line: str) -> str:
        return line


def _csv_lines(base_url: str, selection: Selection) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    orgs = Organization.objects.prefetch_related("registry_ids", "offers")
    for org in selection.chunks(orgs):
        yield writer.writerow([column(org, base_url) for column in CSV_COLUMNS.values()])


def _geojson_parts(base_url: str, selection: Selection) -> Iterator[str]:
    header = {
        "type": "FeatureCollection",
        "license": _dataset_licences(selection),
        "attribution": [a.text for a in _dataset_attributions(selection)],
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "features": ['
    orgs = Organization.objects.filter(latitude__isnull=False, longitude__isnull=False)
    for i, org in enumerate(selection.chunks(orgs)):
        feature = {
            "type": "Feature",
            "id": org.pk,
            "geometry": {"type": "Point", "coordinates": [org.longitude, org.latitude]},
            "properties": {
                "id": org.pk,
                "name": org.name,
                "url": organization_iri(org.slug, base_url=base_url),
                "kind": org.kind,
                "activity": org.activity or None,
                "locality": org.locality or None,
                "region": org.region or None,
                "country": org.country or None,
                "licence": _licence_url(org) or _licence(org),
                "attribution": org.source_attribution or None,
            },
        }
        yield ("," if i else "") + json.dumps(feature, ensure_ascii=False)
    yield "]}\n"


def _jsonld_parts(request: HttpRequest, base_url: str, selection: Selection) -> Iterator[str]:
    dataset = {
        "@context": CONTEXT,
        "@id": request.build_absolute_uri(),
        "@type": "Dataset",
        "name": "Intercoop directory of organizations",
        "license": _dataset_licences(selection),
        "creditText": [a.text for a in _dataset_attributions(selection)],
    }
    yield json.dumps(dataset, ensure_ascii=False)[:-1] + ', "@graph": ['
    orgs = Organization.objects.prefetch_related(
        "registry_ids",
        "offers",
        Prefetch(
            "links_out",
            # Only confirmed relationships are public.
            Relationship.objects.confirmed()
            .filter(predicate=Relationship.Predicate.MEMBER_OF)
            .select_related("object"),
        ),
    )
    for i, org in enumerate(selection.chunks(orgs)):
        node = organization_node(org, base_url=base_url)
        yield ("," if i else "") + json.dumps(node, ensure_ascii=False)
    yield "]}\n"


_LICENCE_HEADERS = {
    "Link": {
        "description": 'The licences of the data (`rel="license"`) and LICENSE.txt.',
        "schema": {"type": "string"},
    },
    "X-Attribution": {
        "description": "The attributions the data requires, separated by `; `.",
        "schema": {"type": "string"},
    },
}


def _documented(media_type: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "headers": _LICENCE_HEADERS,
                "content": {media_type: {"schema": schema}},
            }
        }
    }


@router.get(
    "/organizations.csv",
    response={200: None, **errors(404, 422, 429)},
    operation_id="exports_organizations_csv",
    auth=None,
    summary="Organizations as CSV: every one, or a search's results",
    description=(
        "One row per organization, columns as documented in the directory guide. Without "
        "search parameters: every organization, dissolved ones included; with them (the same "
        "as the search's), the search's results on all pages, in id order. The `Link` "
        'header names the licences (`rel="license"`), `X-Attribution` the attributions the '
        "data requires."
    ),
    openapi_extra=_documented(
        "text/csv", {"type": "string"}, "UTF-8 CSV with a header row (RFC 4180)."
    ),
)
def exports_organizations_csv(
    request: HttpRequest, params: Query[ExportParams]
) -> StreamingHttpResponse | HttpResponse:
    selection = _selection(request, params)
    if isinstance(selection, HttpResponse):
        return selection
    response = _stream(
        request, _csv_lines(_base_url(request), selection), "text/csv; charset=utf-8", selection
    )
    response["Content-Disposition"] = 'attachment; filename="organizations.csv"'
    return response


@router.get(
    "/organizations.geojson",
    response={200: None, **errors(404, 422, 429)},
    operation_id="exports_organizations_geojson",
    auth=None,
    summary="Organizations with coordinates as GeoJSON: every one, or a search's results",
    description=(
        "Points in [longitude, latitude] order; search parameters select a search's results "
        "as for the CSV. Each feature carries its licence and "
        "attribution; the collection's `license` and `attribution` members list them all."
    ),
    openapi_extra=_documented(
        "application/geo+json", {"type": "object"}, "A GeoJSON FeatureCollection (RFC 7946)."
    ),
)
def exports_organizations_geojson(
    request: HttpRequest, params: Query[ExportParams]
) -> StreamingHttpResponse | HttpResponse:
    selection = _selection(request, params)
    if isinstance(selection, HttpResponse):
        return selection
    parts = _geojson_parts(_base_url(request), selection)
    return _stream(request, parts, "application/geo+json", selection)


@router.get(
    "/organizations.jsonld",
    response={200: None, **errors(404, 422, 429)},
    operation_id="exports_organizations_jsonld",
    auth=None,
    summary="Organizations as JSON-LD (schema.org, ESSGlobal, W3C ROV): every one, or a search's",
    description=(
        "A `Dataset` whose `@graph` holds one `Organization` per organization, each as embedded "
        "in its page; search parameters select a search's results as for the CSV. The context "
        "is inline: nothing needs fetching to read it."
    ),
    openapi_extra=_documented(
        "application/ld+json", {"type": "object"}, "A JSON-LD document with an inline context."
    ),
)
def exports_organizations_jsonld(
    request: HttpRequest, params: Query[ExportParams]
) -> StreamingHttpResponse | HttpResponse:
    selection = _selection(request, params)
    if isinstance(selection, HttpResponse):
        return selection
    parts = _jsonld_parts(request, _base_url(request), selection)
    return _stream(request, parts, "application/ld+json", selection)


@router.get(
    "/LICENSE.txt",
    response={200: None, **errors()},
    operation_id="exports_licence",
    auth=None,
    summary="The licences and attributions of the exported data",
    openapi_extra=_documented("text/plain", {"type": "string"}, "Plain text."),
)
def exports_licence(request: HttpRequest) -> HttpResponse:
    selection = Selection()
    attributions = _dataset_attributions(selection)
    lines = [
        "Intercoop directory exports",
        "",
        "organizations.csv, organizations.geojson and organizations.jsonld republish records",
        "from the sources below under their licences. Reuse must keep each attribution.",
        "Every record says its own licence and attribution. Records entered directly on",
        f"Intercoop come under {entered_licence().name} ({entered_licence().url}):",
        "anyone may reuse them without conditions.",
        "",
    ]
    for a in attributions:
        lines += [f"- {a.text}", f"  Licence: {a.licence_name}"]
        if a.licence_url:
            lines.append(f"  {a.licence_url}")
    if not attributions:
        lines.append("No record in the directory comes from another source today.")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    _add_licence_headers(request, response, selection)
    return response
