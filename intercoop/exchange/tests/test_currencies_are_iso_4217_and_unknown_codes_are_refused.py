"""The currency's exponent comes from ISO 4217; an unknown code is refused by name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intercoop.exchange.closing import (
    Cycle,
    Offer,
    UnknownCurrencyError,
    close_cycle,
    currency_exponent,
)
from intercoop.exchange.closing.money import to_decimal

from .closing_books import order


def test_common_currencies_have_their_iso_exponents() -> None:
    assert [currency_exponent(c) for c in ("EUR", "GBP", "USD", "CAD", "CHF")] == [2] * 5
    assert (currency_exponent("JPY"), currency_exponent("KWD")) == (0, 3)
    assert to_decimal(1050, "EUR") == Decimal("10.50")
    assert to_decimal(1050, "JPY") == Decimal("1050")


def test_a_closing_in_yen_counts_whole_yen() -> None:
    tofu = Offer(offer_id="tofu", supplier_id="s", unit_price=180)
    closing = close_cycle(Cycle("JPY", "c"), [tofu], [order("m", "tofu", 3, seen=180)])
    assert (closing.exponent, closing.invoiced) == (0, 540)


@pytest.mark.parametrize("code", ["XYZ", "eur", "", "EURO"])
def test_an_unknown_code_is_refused_clearly(code: str) -> None:
    with pytest.raises(UnknownCurrencyError, match="unknown currency") as refused:
        close_cycle(Cycle(code, "c"), [], [])
    assert refused.value.code == code
