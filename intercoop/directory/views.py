from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import wraps
from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from intercoop.core.errors import error_response
from intercoop.core.pagecache import public_page
from intercoop.directory import (
    areas,
    basemap,
    duplicates,
    mapview,
    murmurations,
    stats,
)
from intercoop.directory.duplicates import probable_duplicates
from intercoop.directory.jsonld import organization_jsonld
from intercoop.directory.search.labels import achievement_labels, facet_label, facet_title
from intercoop.directory.search.query import (
    FACETS,
    LABEL,
    BBox,
    QueryError,
    SearchQuery,
    parse,
)
from intercoop.directory.search.service import (
    MAP_POINTS,
    SearchResult,
    facet_counts,
    map_cells,
    search,
)
from intercoop.directory.selectors import (
    attributions,
    country_name,
    list_rows,
    map_names,
    profile_facts,
)
from intercoop.directory.templatetags.search_page import grouped_integers
from intercoop.organizations import selectors as registry
from intercoop.organizations import vocabularies
from intercoop.organizations.addresses import slug_path
from intercoop.organizations.forms import JoinRequestForm
from intercoop.organizations.models import Organization, Relationship, Role
from intercoop.organizations.policy import (
    Perm,
    can,
    can_manage_relationships,
    can_view_duplicates,
    is_moderator,
    role_of,
    visible_perms,
)

# Codes with a name in the CLDR that are no country: unknown, groupings, private use.
NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """The home page: the search form and the directory's countries."""
    language = get_language() or "en"
    countries = [(code, country_name(code, language), n) for code, n in stats.countries()]
    return render(
        request,
        "core/home.html",
        {"counts": registry.organization_counts(), "countries": countries},
    )


@require_safe
def regions(request: HttpRequest, country: str) -> HttpResponse:
    country = country.upper()
    language = get_language() or "en"
    name = country_name(country, language)
    if len(country) != 2 or name == country or country in NOT_COUNTRIES:
        raise Http404  # not a country: a known one with no organization yet is a 200 below
    rows = stats.regions(country=country)
    groups, ungrouped = areas.grouped(country, rows)
    return render(
        request,
        "directory/regions.html",
        {
            "country": country,
            "country_name": name,
            "regions": ungrouped,
            "groups": groups,
            "total": sum(n for _, n in rows),
            "search_href": reverse("directory:search") + "?" + urlencode({"country": country}),
        },
    )


@require_safe
def region(request: HttpRequest, country: str, region: str) -> HttpResponse:
    result = stats.region_stats(country=country.upper(), region=region)
    if result.total == 0:
        raise Http404
    language = get_language() or "en"
    kinds = dict(Organization.Kind.choices)
    in_region = {"country": result.country, "region": result.region}
    search = reverse("directory:search")

    def rows(
        facet: str, counts: dict[str, int], label: Callable[[str], object]
    ) -> list[tuple[str, int, int, str]]:
        # (label, count, share of the region in whole percent, the search of those counted)
        return [
            (
                str(label(code)) if code else "—",
                n,
                round(100 * n / result.total),
                search + "?" + urlencode({**in_region, facet: code}) if code else "",
            )
            for code, n in counts.items()
        ]

    context = {
        "stats": result,
        "country_name": country_name(result.country, language),
        "search_href": search + "?" + urlencode(in_region),
        "by_kind": rows("kind", result.by_kind, kinds.get),
        "by_activity": rows(
            "activity", result.by_activity, lambda c: vocabularies.label("activity", c, language)
        ),
        "by_structure": rows(
            "structure",
            result.by_structure,
            lambda c: vocabularies.label("structure", c, language),
        ),
        "activity_title": vocabularies.title("activity", language),
        "structure_title": vocabularies.title("structure", language),
        "attributions": stats.attributions(country=result.country, region=result.region),
    }
    return render(request, "directory/region.html", context)


@require_safe
def murmurations_profile(request: HttpRequest, slug: str) -> JsonResponse:
    """The organization's Murmurations profile: public data, readable from any site."""
    org = (
        Organization.objects.prefetch_related(
            # Only confirmed relationships are public.
            Prefetch("links_out", Relationship.objects.confirmed().select_related("object"))
        )
        .filter(slug=slug)
        .first()
    )
    if org is None:
        response = error_response(request, 404, "not_found", _("There is nothing at this address."))
    else:
        base_url = request.build_absolute_uri("/")
        response = JsonResponse(murmurations.profile(org, base_url=base_url))
    response["Access-Control-Allow-Origin"] = "*"
    return response


DUPLICATES_PER_PAGE = 200


def platform_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Platform staff only: a visitor signs in first, anyone else is refused (403). Staff
    without MFA never get here: the MFA middleware sends them to set it up."""

    @wraps(view)
    def check(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(check)


@require_safe
@platform_staff_required
def duplicates_list(request: HttpRequest) -> HttpResponse:
    pairs = [(a, b, duplicates.REASONS[reason]) for a, b, reason in duplicates.find_duplicates()]
    page = Paginator(pairs, DUPLICATES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "directory/duplicates.html", {"page": page, "total": len(pairs)})


# --- Search page, map and embeddable widget ---------------------------------------------------

# Facet options listed before "more" are cut; chosen values are always listed.
FACET_OPTIONS_SHOWN = 10
# Countries whose region pages the region facet links to.
REGION_LINKS_MAX = 3
DESCRIPTION_CHARS = 200
NETWORKS_LISTED = 200


# The facets the page lists, in order: the organizations' own, then the labels they hold.
SEARCH_FACETS = (*FACETS, LABEL)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    options: list[FacetOption]
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text) below the options
    more_href: str = ""  # the page listing all its values, when some are left out


@dataclass(frozen=True)
class ResultRow:
    number: int  # in the whole list, as on the map's pins
    org: Organization
    href: str  # its page
    details: list[str]  # place, activity, distance
    description: str


def _search_params(request: HttpRequest) -> dict[str, list[str]]:
    return dict(request.GET.lists())


def _query_string(params: dict[str, list[str]], **changes: str | None) -> str:
    """``?…`` for these parameters, without empty values, with ``changes`` applied (None
    removes a parameter) and without ``page`` unless it is one of the changes: a new search
    starts on its first page."""
    merged = {k: v for k, v in params.items() if k != "page"}
    for name, value in changes.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = [value]
    pairs = [(k, v) for k, values in merged.items() for v in values if v != ""]
    return "?" + urlencode(pairs) if pairs else "?"


def _facets(
    query: SearchQuery, result: SearchResult, params: dict[str, list[str]], language: str
) -> list[Facet]:
    # ``more=<facet>`` lists every value of that facet, not only the largest ones: a link, so
    # that pages stay light and it works without JavaScript.
    more = next((v for v in params.get("more", []) if v in SEARCH_FACETS), "")
    facets = []
    for name in SEARCH_FACETS:
        # Results without a value are counted under "", which no filter can ask for.
        counts = [(value, n) for value, n in result.facets.get(name, []) if value]
        chosen = query.labels if name == LABEL else query.filters.get(name, ())
        shown = counts if name == more else counts[:FACET_OPTIONS_SHOWN]
        listed = {value for value, _n in shown}
        counted = dict(counts)
        shown += [(value, counted.get(value, 0)) for value in chosen if value not in listed]
        if not shown:
            continue
        # The labels' names are read only when one is shown: most directories have none.
        names = achievement_labels([v for v, _n in shown], language) if name == LABEL else {}
        options = [
            FacetOption(
                value,
                names.get(value, value) if name == LABEL else facet_label(name, value, language),
                n,
                value in chosen,
            )
            for value, n in shown
        ]
        links = []
        if name == "region":
            # Countries that have results: their codes are safe in an address, and their
            # region pages exist.
            countries = [code for code, n in result.facets.get("country", []) if code and n]
            countries = countries[:REGION_LINKS_MAX]
            if len(countries) == 1:
                links += [
                    (
                        reverse("directory:region", args=[countries[0], region]),
                        _("Statistics of %(region)s") % {"region": region},
                    )
                    for region in chosen
                    if "/" not in region  # a region page's address cannot hold one
                ]
            links += [
                (
                    reverse("directory:regions", args=[code]),
                    _("Regions of %(country)s") % {"country": country_name(code, language)},
                )
                for code in countries
            ]
        more_href = _query_string(params, more=name) if len(counts) > len(shown) else ""
        facets.append(Facet(name, facet_title(name, language), options, links, more_href))
    return facets


def _rows(result: SearchResult, language: str) -> list[ResultRow]:
    first = (result.page - 1) * result.query.page_size + 1
    rows = []
    for number, org in enumerate(result.organizations, start=first):
        country = country_name(org.country, language) if org.country else ""
        details = [", ".join(p for p in (org.locality, org.region, country) if p)]
        if org.activity:
            details.append(vocabularies.label("activity", org.activity, language))
        distance = getattr(org, "distance_km", None)
        if distance is not None:
            details.append(
                _("%(distance)s km away") % {"distance": formats.number_format(distance, 1)}
            )
        rows.append(
            ResultRow(
                number=number,
                org=org,
                href=slug_path("organizations:detail", org.slug),
                details=[d for d in details if d],
                description=Truncator(org.description).chars(DESCRIPTION_CHARS),
            )
        )
    return rows


def _tiles_origin() -> str:
    parts = urlsplit(settings.MAP_TILES_URL)
    return f"{parts.scheme}://{parts.netloc}" if settings.MAP_TILES_URL else ""


def _map(
    query: SearchQuery, result: SearchResult, rows: list[ResultRow], params: dict[str, list[str]]
) -> dict[str, object]:
    """The map's drawing, its land and borders, and the links that move it."""
    pins = [
        mapview.Pin(
            row.org.latitude,
            row.org.longitude,
            row.href,
            row.org.name,
            row.number,
        )
        for row in rows
        if row.org.latitude is not None and row.org.longitude is not None
    ]
    places = [(lat, lon) for _id, lat, lon in result.points]
    near = (
        mapview.Circle(query.near.lat, query.near.lon, query.near.radius_km) if query.near else None
    )
    box = None
    if query.bbox is not None:
        b = query.bbox
        box = (b.min_lon, b.min_lat, b.max_lon, b.max_lat)
    viewport = mapview.choose_viewport(
        box=box, near=near, places=places or [(p.lat, p.lon) for p in pins]
    )
    ids = [pk for pk, _lat, _lon in result.points]
    weights: list[int] = []
    spread = (0.0, 0.0)
    if len(result.points) >= MAP_POINTS:
        # More results than points: every result in the window instead, counted per cell of a
        # grid a few pixels wide, so that the clusters count them all; and without an area
        # asked for, a window that fits every result's one-degree cell, not the first points.
        if box is None and near is None:
            degrees = map_cells(query, box=BBox(-180, -90, 180, 90), lat_step=1.0, lon_step=1.0)
            corners = [
                corner
                for _n, lat, lon, _pk in degrees
                for corner in (
                    (math.floor(lat), math.floor(lon)),
                    (math.floor(lat) + 1.0, math.floor(lon) + 1.0),
                )
            ]
            viewport = mapview.choose_viewport(places=corners or places)
        step = mapview.GRID_PX * 360.0 / mapview.world_size(viewport.zoom)
        cells = map_cells(query, box=BBox(*viewport.box()), lat_step=step, lon_step=step)
        places = [(lat, lon) for _n, lat, lon, _pk in cells]
        weights = [n for n, _lat, _lon, _pk in cells]
        ids = [pk for _n, _lat, _lon, pk in cells]
        spread = (step, step)
    drawing = mapview.draw(
        viewport,
        points=places,
        weights=weights,
        spread=spread,
        pins=pins,
        near=near,
        tiles_url=settings.MAP_TILES_URL,
    )
    # Without a tile server, land and borders are drawn here (None: world-atlas not installed).
    land = None if settings.MAP_TILES_URL else basemap.basemap(settings.MAP_WORLD_ATLAS, viewport)

    def moved(to: mapview.Viewport | None) -> str:
        return _query_string(params, bbox=mapview.format_box(to.box())) if to else ""

    in_window = [i for i, p in enumerate(places) if viewport.shows(*viewport.to_screen(*p))]
    closer = mapview.zoom_in(
        viewport, [places[i] for i in in_window], [weights[i] for i in in_window] if weights else []
    )
    controls = [
        ("zoom-in", _("Zoom in"), moved(closer)),
        ("zoom-out", _("Zoom out"), moved(viewport.zoomed_out())),
        ("north", _("Move north"), moved(viewport.panned(0, -0.5))),
        ("south", _("Move south"), moved(viewport.panned(0, 0.5))),
        ("west", _("Move west"), moved(viewport.panned(-0.5, 0))),
        ("east", _("Move east"), moved(viewport.panned(0.5, 0))),
    ]
    names = map_names([ids[c.first] for c in drawing.clusters if c.count == 1])
    written = grouped_integers()
    markers = []
    for c in drawing.clusters:
        text = written(c.count)
        if c.count == 1:
            slug, name = names.get(ids[c.first], ("", ""))
            if not slug:
                continue
            href, label = slug_path("organizations:detail", slug), name
        else:
            href = _query_string(params, bbox=mapview.format_box(c.box))
            label = ngettext(
                "%(count)s organization: zoom in on them",
                "%(count)s organizations: zoom in on them",
                c.count,
            ) % {"count": text}
        markers.append((c, href, label, text))
    # A map that moved away from every result says so, and how to find them again.
    elsewhere = 0
    if query.bbox is not None and result.count == 0:
        elsewhere, _counts = facet_counts(replace(query, bbox=None, page=1))
    return {
        "drawing": drawing,
        "markers": markers,
        "land": land,
        "controls": [(key, text, href) for key, text, href in controls if href],
        "everywhere": _query_string(params, bbox=None) if query.bbox else "",
        "elsewhere": elsewhere,
        "zoom_out": moved(viewport.zoomed_out()),
        "points": drawing.points_shown if weights else len(result.points),
        "attribution": settings.MAP_ATTRIBUTION if settings.MAP_TILES_URL else "",
        "tiles_host": urlsplit(settings.MAP_TILES_URL).hostname or "",
    }


def _run_search(
    params: dict[str, list[str]], link_params: dict[str, list[str]]
) -> tuple[dict[str, object], int]:
    """Parses and runs the search (``params``); the template context, and 400 for a bad
    parameter. The page's own links carry ``link_params``."""
    language = get_language() or "en"
    context: dict[str, object] = {
        # What was asked, as typed, for the form: the first value of each parameter...
        "asked": {k: next((v for v in vs if v), "") for k, vs in link_params.items()},
        # ...and every value of each facet, kept in hidden fields when the search failed.
        "asked_facets": [(k, v) for k in SEARCH_FACETS for v in link_params.get(k, []) if v],
        "sorts": _sorts(),
    }
    try:
        query = parse(params)
        result = search(query)
    except QueryError as exc:
        context["error"] = exc
        context["error_message"] = exc.translated(_)
        context["error_field"] = _field_name(exc.param, language)
        return context, 400
    rows = _rows(result, language)
    context.update(
        {
            "query": query,
            "result": result,
            "rows": rows,
            "facets": _facets(query, result, link_params, language),
            "attributions": attributions(result.organizations),
            # Nothing to show on a map, unless the map itself narrowed the search down.
            "map": _map(query, result, rows, link_params)
            if result.points or query.bbox or query.near
            else None,
            "previous": _query_string(link_params, page=str(result.page - 1))
            if result.page > 1
            else "",
            "next": _query_string(link_params, page=str(result.page + 1))
            if result.page < result.pages
            else "",
            "first": _query_string(link_params) if result.page > result.pages > 0 else "",
        }
    )
    return context, 200


def _field_name(param: str, language: str) -> str:
    """The name the form gives a parameter, to say which one is wrong."""
    if param in SEARCH_FACETS:
        return facet_title(param, language)
    names = {
        "q": _("Words"),
        "near": _("Near (a town, or latitude,longitude)"),
        "radius_km": _("Within (km)"),
        "sort": _("Sort by"),
        "bbox": _("Map area"),
        "page": _("Page"),
    }
    return str(names.get(param, param))


def _sorts() -> list[tuple[str, str]]:
    return [("relevance", _("Relevance")), ("distance", _("Distance")), ("name", _("Name"))]


def _with_tiles(response: HttpResponse) -> HttpResponse:
    """Lets this response's map load tiles from the configured tile server, and no other page."""
    origin = _tiles_origin()
    if origin:
        response._csp_update = {"img-src": [origin]}  # type: ignore[attr-defined]
    return response


def _downloads(params: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(format, its description, address) of the exports of this search's results, on all
    pages; without a search, of the whole directory."""
    asked = _query_string(params, sort=None).removeprefix("?")
    suffix = "?" + asked if asked else ""
    return [
        ("CSV", _("a spreadsheet"), "/api/v1/exports/organizations.csv" + suffix),
        ("GeoJSON", _("points for a map"), "/api/v1/exports/organizations.geojson" + suffix),
        ("JSON-LD", _("linked data"), "/api/v1/exports/organizations.jsonld" + suffix),
    ]


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    params = _search_params(request)
    context, status = _run_search(params, params)
    if status == 200:
        context["downloads"] = _downloads(params)
    return _with_tiles(render(request, "directory/search.html", context, status=status))


@require_safe
@xframe_options_exempt
# django-csp types its decorators for views taking the request alone.
@csp_replace({"frame-ancestors": ["*"]})  # type: ignore[arg-type]
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The members of a federation or network, for its own site to show in an iframe: any
    site may frame this page (and only this one)."""
    network = get_object_or_404(Organization, slug=slug)
    link_params = {k: v for k, v in _search_params(request).items() if k != "member_of"}
    context, status = _run_search({**link_params, "member_of": [slug]}, link_params)
    context["network"] = network
    return _with_tiles(render(request, "directory/embed.html", context, status=status))


def _networks() -> list[Organization]:
    """Organizations with members, the most members first: those a widget is useful for.
    Only confirmed memberships count: pending ones are not public."""
    confirmed_member = Q(
        links_in__predicate=Relationship.Predicate.MEMBER_OF, links_in__confirmed_at__isnull=False
    )
    return list(
        Organization.objects.filter(confirmed_member)
        .annotate(members=Count("links_in", filter=confirmed_member))
        .order_by("-members", "name")[:NETWORKS_LISTED]
    )


@require_safe
def widget(request: HttpRequest) -> HttpResponse:
    """How to put a network's member list on another site: the <iframe> to paste."""
    slug = request.GET.get("org", "").strip()
    networks = _networks()
    context: dict[str, object] = {"networks": networks, "slug": slug}
    status = 200
    if slug:
        network = Organization.objects.filter(slug=slug).first()
        if network is not None and network not in networks:
            networks.insert(0, network)
        if network is None:
            context["error"] = _("No organization has the short name %(slug)s.") % {"slug": slug}
            status = 400
        else:
            path = reverse("directory:embed", args=[network.slug])
            title = _("Members of %(network)s") % {"network": network.name}
            snippet = format_html(
                '<iframe src="{}" title="{}" width="100%" height="700" loading="lazy"></iframe>',
                # The address this page was reached at, as invitation links do: the server
                # may run on another host or port than the default public address.
                request.build_absolute_uri(path),
                title,
            )
            context.update(
                {"network": network, "embed_path": path, "frame_title": title, "snippet": snippet}
            )
    return render(request, "directory/widget.html", context, status=status)


@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(registry.organization_list(), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": list_rows(page.object_list, get_language()),
        "attributions": attributions(page.object_list),
    }
    return render(request, "directory/organization_list.html", context)


@require_safe
@public_page
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Only confirmed relationships are public: the page and its JSON-LD show no other.
    org = get_object_or_404(
        Organization.objects.prefetch_related(
            "registry_ids",
            "offers",
            Prefetch("links_out", registry.links_out_confirmed()),
            Prefetch("links_in", registry.links_in_confirmed()),
        ),
        slug=slug,
    )
    waiting = (
        registry.relationships_waiting(org).count()
        if can_manage_relationships(request.user, org)
        else 0
    )
    context = {
        "org": org,
        "facts": profile_facts(org, get_language()),
        "offers": org.offers.all(),
        "jsonld": organization_jsonld(org, base_url=request.build_absolute_uri("/")),
        "my_role": Role.Name(role).label if (role := role_of(request.user, org)) else None,
        "org_perms": {p.value for p in visible_perms(request.user, org)},
        "links_out": org.links_out.all(),
        "links_in": org.links_in.all(),
        "relationships_waiting": waiting,
        "join_requests_waiting": (
            registry.join_requests_pending(org).count()
            if can(request.user, Perm.DECIDE_JOIN_REQUESTS, org)
            else 0
        ),
        # A signed-in person without a role may ask to join; their last request says where
        # it stands.
        "join_request": None if role else registry.join_request_latest(org, request.user),
        "join_form": JoinRequestForm(),
        # Searched only for those who may see them: the public never learns of them.
        "duplicates": (probable_duplicates(org) if can_view_duplicates(request.user, org) else []),
    }
    return render(request, "directory/organization_detail.html", context)
