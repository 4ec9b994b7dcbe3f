"""Money for closing an order cycle: ISO 4217 exponents and the one rounding rule.

Amounts are integers in the currency's minor unit (cents for EUR, yen for JPY). Rates are basis
points (1 bp = 0.01 %). A rate applied to an amount is rounded half to even, once, where the
closing computes it (per line, or per order for per-order fees); every total is then a sum of
those integers, so totals add up exactly."""

from __future__ import annotations

from decimal import Decimal

# ISO 4217 minor-unit exponents of the currencies co-ops here trade in. A code not in this table
# is refused rather than guessed: a wrong exponent misprices everything by a factor of 10 or 100.
CURRENCY_EXPONENTS: dict[str, int] = {
    "EUR": 2,
    "GBP": 2,
    "USD": 2,
    "CAD": 2,
    "AUD": 2,
    "NZD": 2,
    "CHF": 2,
    "SEK": 2,
    "NOK": 2,
    "DKK": 2,
    "PLN": 2,
    "CZK": 2,
    "HUF": 2,
    "RON": 2,
    "BRL": 2,
    "MXN": 2,
    "ARS": 2,
    "COP": 2,
    "INR": 2,
    "ZAR": 2,
    "MAD": 2,
    "XOF": 0,
    "XAF": 0,
    "JPY": 0,
    "KRW": 0,
    "CLP": 0,
    "ISK": 0,
    "TND": 3,
    "KWD": 3,
    "BHD": 3,
    "JOD": 3,
}

BASIS_POINTS = 10_000


class UnknownCurrencyError(ValueError):
    """The currency code is not an ISO 4217 code of the table above."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"unknown currency {code!r}: expected an ISO 4217 code among "
            + ", ".join(sorted(CURRENCY_EXPONENTS))
        )
        self.code = code


def currency_exponent(code: str) -> int:
    """The number of decimals of the currency's minor unit (EUR 2, JPY 0, KWD 3)."""
    try:
        return CURRENCY_EXPONENTS[code]
    except KeyError:
        raise UnknownCurrencyError(code) from None


def to_decimal(amount: int, currency: str) -> Decimal:
    """An amount in minor units as a Decimal in major units, with the currency's decimals."""
    return Decimal(amount).scaleb(-currency_exponent(currency))


def apply_rate(amount: int, rate_bp: int) -> int:
    """``amount * rate_bp / 10000`` rounded half to even, in integers (no float ever)."""
    if amount < 0 or rate_bp < 0:
        raise ValueError("amounts and rates are never negative")
    quotient, remainder = divmod(amount * rate_bp, BASIS_POINTS)
    twice = 2 * remainder
    if twice > BASIS_POINTS or (twice == BASIS_POINTS and quotient % 2 == 1):
        quotient += 1
    return quotient
