from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from intercoop.api.errors import error_response
from intercoop.directory import duplicates, murmurations, stats, vocabularies
from intercoop.directory.selectors import country_name
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import is_moderator


@require_safe
def regions(request: HttpRequest, country: str) -> HttpResponse:
    rows = stats.regions(country=country.upper())
    if not rows:
        raise Http404
    return render(
        request,
        "directory/regions.html",
        {
            "country": country.upper(),
            "country_name": country_name(country.upper(), get_language() or "en"),
            "regions": rows,
            "total": sum(n for _, n in rows),
        },
    )


@require_safe
def region(request: HttpRequest, country: str, region: str) -> HttpResponse:
    result = stats.region_stats(country=country.upper(), region=region)
    if result.total == 0:
        raise Http404
    language = get_language() or "en"
    kinds = dict(Organization.Kind.choices)

    def rows(counts: dict[str, int], label: Callable[[str], object]) -> list[tuple[str, int, int]]:
        # (label, count, share of the region in whole percent)
        return [
            (str(label(code)) if code else "—", n, round(100 * n / result.total))
            for code, n in counts.items()
        ]

    context = {
        "stats": result,
        "country_name": country_name(result.country, language),
        "by_kind": rows(result.by_kind, kinds.get),
        "by_activity": rows(
            result.by_activity, lambda c: vocabularies.label("activity", c, language)
        ),
        "by_structure": rows(
            result.by_structure, lambda c: vocabularies.label("structure", c, language)
        ),
        "activity_title": vocabularies.title("activity", language),
        "structure_title": vocabularies.title("structure", language),
        "attributions": stats.attributions(country=result.country, region=result.region),
    }
    return render(request, "directory/region.html", context)


@require_safe
def murmurations_profile(request: HttpRequest, slug: str) -> JsonResponse:
    """The organization's Murmurations profile: public data, readable from any site."""
    org = Organization.objects.prefetch_related("links_out__object").filter(slug=slug).first()
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
