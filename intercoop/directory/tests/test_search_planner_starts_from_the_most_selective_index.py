"""The pure planner: words start the search (intersected with the area's cells when few cells
cover it); without words, the smallest measured condition does."""

from __future__ import annotations

from intercoop.directory.search.planner import (
    FACET_TOKENS_FROM,
    Estimates,
    Shape,
    needs_estimates,
    plan,
)


def test_words_start_the_search_and_take_the_area_cells_with_them() -> None:
    p = plan(Shape(has_text=True, has_area=True, area_cells=True, facets=frozenset({"activity"})))
    assert (p.driver, p.text_with_cells, p.text_with_facets) == ("text", True, True)
    # The facet values narrow the full-text lookup by their tokens, and are checked exactly.
    assert p.steps == ("full text ∩ area cells ∩ facet tokens", "facet activity", "area (exact)")


def test_facet_tokens_only_when_the_words_match_many() -> None:
    shape = Shape(has_text=True, facets=frozenset({"activity"}))
    few = plan(shape, Estimates(text=FACET_TOKENS_FROM - 1))
    many = plan(shape, Estimates(text=FACET_TOKENS_FROM))
    unknown = plan(shape)
    assert (few.text_with_facets, many.text_with_facets, unknown.text_with_facets) == (
        False,
        True,
        True,
    )
    assert few.steps == (f"full text (words ~{FACET_TOKENS_FROM - 1})", "facet activity")


def test_an_area_too_large_for_cells_is_checked_on_the_rows() -> None:
    p = plan(Shape(has_text=True, has_area=True, area_cells=False))
    assert (p.driver, p.text_with_cells, p.text_with_facets) == ("text", False, False)
    assert p.steps == ("full text", "area")


def test_without_words_the_smallest_condition_starts() -> None:
    shape = Shape(has_area=True, facets=frozenset({"activity", "country"}))
    assert needs_estimates(shape)
    by_area = plan(shape, Estimates(area=40, facets={"activity": 900, "country": 5000}))
    assert (by_area.driver, by_area.driver_facet) == ("area", "")
    by_facet = plan(shape, Estimates(area=41, facets={"activity": 12, "country": 5000}))
    assert (by_facet.driver, by_facet.driver_facet) == ("facet", "activity")
    assert by_facet.steps[0] == "facet activity (~12)"
    assert by_facet.steps[1:] == ("facet country", "area")


def test_members_of_a_small_network_start_the_search() -> None:
    shape = Shape(has_area=True, has_members=True)
    p = plan(shape, Estimates(area=500, members=8))
    assert p.driver == "members"


def test_place_only_queries_read_counts_from_the_maintained_table() -> None:
    assert plan(Shape()).counts_from_table
    assert plan(Shape(facets=frozenset({"country", "region"})), Estimates()).counts_from_table
    assert not plan(Shape(facets=frozenset({"activity"})), Estimates()).counts_from_table
    assert not plan(Shape(has_text=True)).counts_from_table
    assert not needs_estimates(Shape(facets=frozenset({"activity"})))
