"""A closing written to its canonical JSON reads back equal, and its text and digest do not
depend on anything but the closing: the same book, shuffled, gives the same digest; JSON that is
not a closing's form is refused, naming where; a closing holding a value out of place (a float,
a bool, a number for an id) is refused when written."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from hypothesis import given, settings

from intercoop.exchange.closing import Cycle, MemberOrder, Offer, close_cycle, codec

from .test_closing_random_order_books_keeps_its_promises import books


def _no_float(text: str) -> float:
    raise AssertionError(f"a float in a closing: {text}")


@settings(max_examples=150, deadline=None)
@given(books())
def test_a_closing_reads_back_equal_and_hashes_the_same_when_shuffled(
    book: tuple[Cycle, list[Offer], list[MemberOrder]],
) -> None:
    cycle, offers, orders = book
    closing = close_cycle(cycle, offers, orders)

    text = codec.dumps(closing)
    shuffled = random.Random(7).sample(orders, len(orders))

    assert codec.loads(text) == closing
    assert codec.decode(json.loads(json.dumps(codec.encode(closing)))) == closing
    assert codec.digest(close_cycle(cycle, offers[::-1], shuffled)) == codec.digest(closing)
    json.loads(text, parse_float=_no_float)
    assert text == codec.canonical_text(json.loads(text))
    # ``dumps`` writes the text directly; it is the text of the JSON values ``encode`` gives.
    assert text == codec.canonical_text(codec.encode(closing))


def test_the_canonical_text_sorts_keys_and_writes_enums_as_their_values() -> None:
    from .closing_books import EUR, order

    closing = close_cycle(
        EUR, [Offer("o1", "s1", 250, case_size=2)], [order("m1", "o1", 3, seen=250)]
    )
    data = json.loads(codec.dumps(closing))

    assert list(data) == sorted(data)
    assert data["offers"][0]["outcome"] == "dropped"
    assert data["fees_by_role"] == [["coordinator", 0], ["supplier", 0], ["distributor", 0]]
    assert len(codec.digest(closing)) == 64


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(goods=1.5), "closing.goods"),
        (lambda d: d.update(goods=True), "closing.goods"),
        (lambda d: d["offers"][0].update(outcome="lost"), "closing.offers[0].outcome"),
        (lambda d: d["offers"][0].pop("cases"), "closing.offers[0]"),
        (lambda d: d.update(fees_by_role=[["coordinator"]]), "closing.fees_by_role[0]"),
    ],
)
def test_json_that_is_not_a_closing_is_refused_naming_where(change: object, where: str) -> None:
    from .closing_books import EUR, order

    closing = close_cycle(EUR, [Offer("o1", "s1", 250)], [order("m1", "o1", 3, seen=250)])
    data = codec.encode(closing)
    change(data)  # type: ignore[operator]

    with pytest.raises(codec.CodecError, match=where.replace("[", r"\[").replace("]", r"\]")):
        codec.decode(data)


@pytest.mark.parametrize(
    ("change", "typed_only"),
    [
        (lambda c: dataclasses.replace(c, goods=1.5), False),
        (lambda c: dataclasses.replace(c, goods=True), False),
        (lambda c: dataclasses.replace(c, offers=list(c.offers)), False),
        (lambda c: dataclasses.replace(c, fees_by_role=((c.fees_by_role[0][0], 0.0),)), False),
        # JSON values, but not of the field's type: ``dumps`` checks the types the hints name.
        (lambda c: dataclasses.replace(c, currency=978), True),
        (
            lambda c: dataclasses.replace(
                c, invoices=(dataclasses.replace(c.invoices[0], total=None),)
            ),
            True,
        ),
    ],
)
def test_a_closing_holding_a_value_out_of_place_is_refused_when_written(
    change: object, typed_only: bool
) -> None:
    from .closing_books import EUR, order

    closing = close_cycle(EUR, [Offer("o1", "s1", 250)], [order("m1", "o1", 3, seen=250)])
    broken = change(closing)  # type: ignore[operator]

    if not typed_only:
        with pytest.raises(codec.CodecError, match="no place in a closing"):
            codec.encode(broken)
    with pytest.raises(codec.CodecError, match="no place in a closing"):
        codec.dumps(broken)
