"""A supplier's catalogue as plain values: what DFC's SuppliedProduct, CatalogItem, Offer and
Price say about one product, read from CSV or DFC JSON-LD and written back to either.

Money is an integer number of minor units with an ISO 4217 currency, a VAT rate is in basis
points (550 = 5.5 %). Amounts are converted exactly: a price with more decimals than its
currency has (12.345 EUR) is refused, never rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from intercoop.exchange.dfc.errors import CatalogueError, Problem, gettext_noop

DFC_MEASURES = (
    "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#"
)

# The units a product is counted in: a short code (CSV) and its concept in DFC's measures
# taxonomy (dfc-m:…). The codes are the taxonomy's own skos:notation where it has one.
UNITS: dict[str, str] = {
    "g": "Gram",
    "kg": "Kilogram",
    "ml": "Millilitre",
    "cl": "Centilitre",
    "l": "Litre",
    "piece": "Piece",
}
UNIT_CODES: dict[str, str] = {name: code for code, name in UNITS.items()}

# ISO 4217 code -> (digits after the decimal point, the currency's concept in dfc-m:).
CURRENCIES: dict[str, tuple[int, str]] = {
    "EUR": (2, "Euro"),
    "GBP": (2, "PoundSterling"),
    "USD": (2, "USDollar"),
    "AUD": (2, "AustralianDollar"),
    "CAD": (2, "CanadianDollar"),
}
CURRENCY_CODES: dict[str, str] = {name: code for code, (_, name) in CURRENCIES.items()}

MAX_SKU = 500  # a DFC product without a sku is keyed by its IRI
MAX_NAME = 200
MAX_VAT_BP = 10_000
# Bounds on what is read, so that a number such as 1e999999 is refused rather than expanded:
# amounts fit a 64-bit integer of minor units with room to add them up, and decimals are
# written in plain notation.
MAX_MINOR_UNITS = 10**15
MAX_DIGITS = 18


def to_minor_units(amount: Decimal, currency: str) -> int:
    """``amount`` (12.06) in ``currency``'s minor units (1206); ``ValueError`` if it has more
    decimals than the currency (12.065 EUR) or is not a finite number."""
    digits = CURRENCIES[currency][0]
    if not amount.is_finite():
        raise ValueError(amount)
    minor = amount.scaleb(digits)
    if minor != minor.to_integral_value() or abs(minor) >= MAX_MINOR_UNITS:
        raise ValueError(amount)
    return int(minor)


def from_minor_units(minor: int, currency: str) -> Decimal:
    """1206 EUR minor units as Decimal('12.06'), with exactly the currency's decimals."""
    digits = CURRENCIES[currency][0]
    return Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


def vat_from_percent(percent: Decimal) -> int:
    """5.5 (%) as 550 basis points; ``ValueError`` for a finer rate (5.555 %)."""
    if not percent.is_finite():
        raise ValueError(percent)
    basis_points = percent.scaleb(2)
    if basis_points != basis_points.to_integral_value():
        raise ValueError(percent)
    return int(basis_points)


def vat_to_percent(basis_points: int) -> Decimal:
    """550 basis points as Decimal('5.5'): no trailing zeros (20 %, not 20.00 %)."""
    percent = Decimal(basis_points).scaleb(-2)
    return (
        percent.quantize(Decimal(1))
        if percent == percent.to_integral_value()
        else percent.normalize()
    )


def decimal_text(value: Decimal) -> str:
    """A quantity as plain decimal text: 0.5, 250, never 2.5E+2."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def parse_decimal(text: str) -> Decimal:
    """A decimal number written with a point, as CSV and JSON-LD literals carry it, of at most
    ``MAX_DIGITS`` digits on either side of the point."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or (value and not -MAX_DIGITS <= value.adjusted() < MAX_DIGITS):
        raise ValueError(text)
    if value.as_tuple().exponent < -MAX_DIGITS:  # type: ignore[operator]
        raise ValueError(text)
    return value


@dataclass(frozen=True)
class Product:
    """One product of a supplier's catalogue.

    ``quantity`` of ``unit`` is what one item holds (0.5 kg); ``case_size`` how many items a case
    holds; ``price`` is the price of one item, excluding VAT, in minor units of ``currency``.
    ``vat_rate`` is in basis points, ``None`` when the source does not say. ``stock`` is how many
    items are available, ``None`` when unlimited (DFC: no stockLimitation) and 0 when none is.
    ``sku`` is the product's key in the catalogue: a re-import updates the product with the same
    sku. ``id`` is the product's DFC IRI when it has one."""

    sku: str
    name: str
    unit: str
    quantity: Decimal
    price: int
    currency: str
    description: str = ""
    case_size: int = 1
    vat_rate: int | None = None
    stock: int | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        problems = [Problem(0, msgid, params) for msgid, params in _problems(self)]
        if problems:
            raise CatalogueError("invalid_product", problems)

    @property
    def key(self) -> str:
        """What makes two rows the same product: its sku."""
        return catalogue_key(self.sku)

    @property
    def available(self) -> bool:
        return self.stock != 0

    @property
    def unit_code(self) -> str:
        return UNIT_CODES[self.unit]

    @property
    def price_decimal(self) -> Decimal:
        return from_minor_units(self.price, self.currency)


def catalogue_key(sku: str) -> str:
    """The de-duplication key of a product: its sku, without surrounding spaces. SKUs are
    compared exactly otherwise (A-1 and a-1 are different products, as for most suppliers)."""
    return sku.strip()


def _problems(p: Product) -> list[tuple[str, dict[str, object]]]:
    found: list[tuple[str, dict[str, object]]] = []
    if not p.sku.strip():
        found.append((gettext_noop("The sku is empty."), {}))
    elif len(p.sku) > MAX_SKU:
        found.append((gettext_noop("The sku is longer than %(n)s characters."), {"n": MAX_SKU}))
    if not p.name.strip():
        found.append((gettext_noop("The name is empty."), {}))
    elif len(p.name) > MAX_NAME:
        found.append((gettext_noop("The name is longer than %(n)s characters."), {"n": MAX_NAME}))
    if p.unit not in UNIT_CODES:
        found.append(
            (
                gettext_noop("Unknown unit %(unit)s; the units are %(units)s."),
                {"unit": p.unit, "units": ", ".join(UNITS)},
            )
        )
    if not p.quantity.is_finite() or p.quantity < 0:
        found.append((gettext_noop("The quantity must be a number, 0 or more."), {}))
    if isinstance(p.case_size, bool) or p.case_size < 1:
        found.append((gettext_noop("The case size must be a whole number, 1 or more."), {}))
    if p.currency not in CURRENCIES:
        found.append(
            (
                gettext_noop("Unknown currency %(currency)s; the currencies are %(currencies)s."),
                {"currency": p.currency, "currencies": ", ".join(CURRENCIES)},
            )
        )
    if isinstance(p.price, bool) or p.price < 0:
        found.append((gettext_noop("The price must be 0 or more."), {}))
    if p.vat_rate is not None and not 0 <= p.vat_rate <= MAX_VAT_BP:
        found.append((gettext_noop("The VAT rate must be a percentage between 0 and 100."), {}))
    if p.stock is not None and p.stock < 0:
        found.append((gettext_noop("The stock must be 0 or more, or empty for unlimited."), {}))
    return found
