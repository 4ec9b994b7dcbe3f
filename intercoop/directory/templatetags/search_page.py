"""The search page's repeated elements, written in Python: the options of each facet, the rows of
the result list, and the tiles, clusters and numbered pins of the map.

A page of the directory has some forty facet options, twenty results and up to a few hundred
markers; written by the template language, every element cost a dozen variable lookups, filters
and tags, which made up most of the page's time. Here each element is one string, with every
value escaped as the template would escape it (``conditional_escape``) and numbers written as it
would write them, so the HTML is the same to the character
(``tests/test_search_page_html_is_pinned_for_a_fixed_directory.py``). What is around them (titles,
translated sentences, the map's frame) stays in the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


def grouped_integers() -> Callable[[int], str]:
    """``intcomma`` (and ``number_format(n, force_grouping=True)``) for the many integers of one
    page, in the language active now: the language's separators are looked up once, not three
    times a number."""
    language = get_language()
    decimal = get_format("DECIMAL_SEPARATOR", language)
    grouping = get_format("NUMBER_GROUPING", language)
    thousands = get_format("THOUSAND_SEPARATOR", language)

    def written(n: int) -> str:
        return numberformat.format(
            int(n), decimal, None, grouping, thousands, force_grouping=True, use_l10n=True
        )

    return written


def _target(link_target: Any) -> str:
    return f' target="{conditional_escape(link_target)}"' if link_target else ""


@register.simple_tag
def facet_options(facet: Any) -> SafeString:
    """A facet's checkboxes, each labelled with its value and its count."""
    name = conditional_escape(facet.name)
    count = grouped_integers()
    items = []
    for number, option in enumerate(facet.options, start=1):
        field = f"f-{name}-{number}"
        checked = " checked" if option.checked else ""
        items.append(
            f'<li><input type="checkbox" id="{field}" name="{name}"'
            f' value="{conditional_escape(option.value)}"{checked}>'
            f' <label for="{field}">{conditional_escape(option.label)}'
            f' <span class="count">({conditional_escape(count(option.count))})</span>'
            "</label></li>"
        )
    return mark_safe("<ul>" + "".join(items) + "</ul>")  # noqa: S308 -- each value escaped


@register.simple_tag(takes_context=True)
def result_items(context: template.Context, rows: Iterable[Any]) -> SafeString:
    """The list's items: each result's name linking to its page, its place and activity, and
    the start of its description (marked with its language when not the page's)."""
    target = _target(context.get("link_target"))
    language = get_language()
    items = []
    for row in rows:
        org = row.org
        meta = (
            '<p class="meta">' + " · ".join(conditional_escape(d) for d in row.details) + "</p>"
            if row.details
            else ""
        )
        summary = ""
        if row.description:
            lang = org.description_language
            lang_attribute = (
                f' lang="{conditional_escape(lang)}"' if lang and lang != language else ""
            )
            summary = (
                f'<p class="summary"{lang_attribute}>{conditional_escape(row.description)}</p>'
            )
        items.append(
            f'<li><h3><a href="{conditional_escape(row.href)}"{target}>'
            f"{conditional_escape(org.name)}</a></h3>\n{meta}\n{summary}</li>\n"
        )
    return mark_safe("".join(items))  # noqa: S308 -- each value escaped


@register.simple_tag
def map_tiles(tile_urls: Sequence[tuple[Any, str]]) -> SafeString:
    """The raster tiles under the map, each at its place in the window."""
    return mark_safe(  # noqa: S308 -- the address escaped, the rest numbers
        "".join(
            f'<image href="{conditional_escape(url)}" x="{tile.left:.1f}" y="{tile.top:.1f}"'
            ' width="256" height="256"/>'
            for tile, url in tile_urls
        )
    )


@register.simple_tag(takes_context=True)
def map_clusters(context: template.Context, markers: Iterable[Any]) -> SafeString:
    """The clusters (a circle with their count, a link that zooms in on them) and the places
    alone (a dot linking to the organization's page), each on a line of its own.

    Coordinates are written as the template wrote them under ``{% localize off %}``: ``str``
    of the number."""
    target = _target(context.get("link_target"))
    parts = []
    for cluster, href, label, text in markers:
        x, y = cluster.x, cluster.y
        one = cluster.count == 1
        parts.append(
            f'\n<a href="{conditional_escape(href)}"'
            + (f' class="map-one"{target}' if one else "")
            + f"><title>{conditional_escape(label)}</title>"
            f'<circle cx="{x}" cy="{y}" r="{cluster.r}"/>'
            + ("" if one else f'<text x="{x}" y="{y}">{conditional_escape(text)}</text>')
            + "</a>"
        )
    return mark_safe("".join(parts))  # noqa: S308 -- each value escaped


@register.simple_tag(takes_context=True)
def map_pins(context: template.Context, pins: Iterable[Any]) -> SafeString:
    """The page's results on the map: numbered labels linking to their pages, one a line."""
    target = _target(context.get("link_target"))
    parts = []
    for placed in pins:
        pin = placed.pin
        name = f"{pin.number}. {conditional_escape(pin.label)}"
        parts.append(
            f'<a class="map-pin" href="{conditional_escape(pin.href)}" aria-label="{name}"'
            f'{target}><title>{name}</title><path d="{placed.shape}"/>'
            f'<text x="{placed.x}" y="{placed.label_y}">{pin.number}</text></a>\n'
        )
    return mark_safe("".join(parts))  # noqa: S308 -- each value escaped
