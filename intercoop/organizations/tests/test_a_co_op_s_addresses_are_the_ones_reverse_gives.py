"""The addresses of a co-op's pages written without ``reverse`` (``addresses.slug_path``, for
pages that link to many co-ops or many pages) are, character for character, what ``reverse``
gives: in every language, under a script prefix, and after switching between them; a slug the
address cannot take fails as ``reverse`` fails."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from intercoop.organizations.addresses import slug_path
from intercoop.organizations.navigation import ENTRIES

NAMES = sorted({"organizations:detail", *(entry.url_name for entry in ENTRIES)})
SLUGS = ["riverside-food-coop", "a", "coop_1", "UPPER-case-2", "slug"]


@pytest.mark.parametrize("prefix", ["/", "/intercoop/"])
def test_every_address_is_what_reverse_gives(prefix: str) -> None:
    before = get_script_prefix()
    set_script_prefix(prefix)
    try:
        # Twice round the languages: what was kept for one is never given for another.
        for _round in range(2):
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    for name in NAMES:
                        for slug in SLUGS:
                            assert slug_path(name, slug) == reverse(name, args=[slug]), (
                                name,
                                slug,
                                language,
                                prefix,
                            )
    finally:
        set_script_prefix(before)


@pytest.mark.parametrize("slug", ["", "two words", "café", "a/b", "../x"])
def test_a_slug_the_address_cannot_take_fails_as_reverse_fails(slug: str) -> None:
    with pytest.raises(NoReverseMatch):
        reverse("organizations:detail", args=[slug])
    with pytest.raises(NoReverseMatch):
        slug_path("organizations:detail", slug)
