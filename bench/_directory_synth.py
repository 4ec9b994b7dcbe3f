"""A deterministic stream of synthetic co-operatives and allies, for the directory benchmark.

Pure Python, no Django: ``Synth(seed).batches(count, size)`` yields lists of ``Record``s whose
``org`` and ``offers`` are field dictionaries ready for ``Organization(**org)`` and
``Offer(**offer)``. The stream depends only on the seed, so a smaller directory is a prefix of a
larger one. ``WordSample`` watches the stream to learn which words are common and which are rare,
so that benchmark queries use words the data holds, with mixed frequencies.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from _directory_places import CITIES, COUNTRIES, REGION_LANGUAGES, City, Country
from _directory_words import (
    ADJECTIVES,
    ALLY_CATEGORIES,
    ALLY_TEXT,
    CONSONANTS,
    COUNTRY_DISTINCT,
    COUNTRY_ONLY_WORDS,
    COUNTRY_TRADE_BOOST,
    DISTINCT,
    FIRST_SENTENCES,
    MORE_SENTENCES,
    NAME_ENDS,
    NAME_PATTERNS,
    NAME_STARTS,
    OWNERSHIP,
    STOPWORDS,
    TRADES,
    VOWELS,
)

T = TypeVar("T")

# Languages the platform knows (settings.LANGUAGES); other descriptions are stored without one,
# as the importers do.
PLATFORM_LANGUAGES = ("en", "fr", "es")
ALLY_SHARE = 0.05
STATUSES = (("active", 93), ("dissolved", 3), ("dormant", 2), ("forming", 2))
SCOPES = (("local", 70), ("regional", 20), ("national", 8), ("international", 2))
OFFER_COUNTS = ((0, 30), (1, 35), (2, 20), (3, 15))
EXTRA_SENTENCES = ((0, 35), (1, 40), (2, 25))
# How much weight a city gets for its population: below 1 flattens big cities a little.
POPULATION_EXPONENT = 0.75
KM_PER_DEGREE = 111.32

ALLY_FORMS = {
    "GB": "Company limited by guarantee",
    "FR": "Association loi 1901",
    "ES": "Asociación",
    "CA": "Not-for-profit corporation",
    "IT": "Associazione",
    "DE": "Eingetragener Verein (e.V.)",
    "AR": "Asociación civil",
    "BR": "Associação",
    "KE": "Community-based organisation",
    "IN": "Society registered under the Societies Registration Act",
    "PT": "Associação",
    "US": "Nonprofit corporation",
}
QUEBEC_ALLY_FORM = "Organisme à but non lucratif (OBNL)"
STREETS = {
    "en": (
        "High Street",
        "Station Road",
        "Church Lane",
        "Mill Road",
        "Market Square",
        "Main Street",
    ),
    "fr": ("rue de la République", "avenue Jean-Jaurès", "rue du Moulin", "place du Marché"),
    "es": ("Calle Mayor", "Avenida de la Libertad", "Calle San Martín", "Plaza de España"),
    "it": ("Via Roma", "Via Garibaldi", "Corso Italia", "Piazza del Mercato"),
    "de": ("Hauptstraße", "Bahnhofstraße", "Marktplatz", "Schulstraße"),
    "pt": ("Rua Direita", "Avenida Brasil", "Rua da Liberdade", "Praça da República"),
}
PHONE_PREFIX = {
    "GB": "+44",
    "FR": "+33",
    "ES": "+34",
    "CA": "+1",
    "IT": "+39",
    "DE": "+49",
    "AR": "+54",
    "BR": "+55",
    "KE": "+254",
    "IN": "+91",
    "PT": "+351",
    "US": "+1",
}


class Pick(Generic[T]):
    """A weighted choice that costs one random number and one bisection."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        if not items:
            raise ValueError("nothing to pick from")
        self.items = [item for item, _ in items]
        self.cumulative = list(itertools.accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]

    @classmethod
    def zipf(cls, items: Sequence[T], exponent: float = 1.0) -> Pick[T]:
        """Items given most common first, weighted 1/rank^exponent."""
        return cls([(item, 1.0 / (rank + 1) ** exponent) for rank, item in enumerate(items)])


class Record(NamedTuple):
    org: dict[str, Any]
    offers: list[dict[str, Any]]
    # The language the text is written in (it, de and pt too, unlike description_language).
    language: str


def fold(text: str) -> str:
    """Lower case without accents, as the search folds queries."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def city_weight(city: City) -> float:
    return float(city.population_k**POPULATION_EXPONENT * city.boost)


class Synth:
    """The generator; one instance yields one stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 -- synthetic data, not security
        self.countries = {c.code: c for c in COUNTRIES}
        self.pick_country = Pick([(c, c.share) for c in COUNTRIES])
        self.pick_city_in: dict[str, Pick[City]] = {
            code: Pick([(city, city_weight(city)) for city in CITIES if city.country == code])
            for code in self.countries
        }
        self.pick_trade_in: dict[str, Pick[str]] = {
            code: Pick(
                [
                    (key, trade.weight * COUNTRY_TRADE_BOOST.get(code, {}).get(key, 1.0))
                    for key, trade in TRADES.items()
                ]
            )
            for code in self.countries
        }
        self.pick_pattern = {lang: Pick(patterns) for lang, patterns in NAME_PATTERNS.items()}
        self.pick_adjective = {lang: Pick.zipf(words) for lang, words in ADJECTIVES.items()}
        self.pick_distinct = {lang: Pick.zipf(words, 0.9) for lang, words in DISTINCT.items()}
        self.pick_country_distinct = {
            code: Pick.zipf(words) for code, words in COUNTRY_DISTINCT.items()
        }
        self.pick_status = Pick(STATUSES)
        self.pick_scope = Pick(SCOPES)
        self.pick_offer_count = Pick(OFFER_COUNTS)
        self.pick_extra = Pick(EXTRA_SENTENCES)
        self.pick_ally = Pick([(row, row[1]) for row in ALLY_CATEGORIES])
        self._languages: dict[tuple[str, str], Pick[str]] = {}
        self._legal_forms: dict[tuple[str, bool, str], Pick[str]] = {}
        self._trade_names: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._postal_prefixes: dict[City, str] = {}
        self._codes: dict[str, tuple[Pick[str], Pick[str], Pick[str]]] = {
            key: (Pick(t.activity), Pick(t.structure), Pick(t.membership))
            for key, t in TRADES.items()
        }

    # --- Places -------------------------------------------------------------------------------
    def pick_city(self, rng: random.Random) -> City:
        """A city, as likely as an organization is to be placed there."""
        return self.pick_city_in[self.pick_country(rng).code](rng)

    def scatter(self, rng: random.Random, city: City) -> tuple[float, float]:
        """A point around the city: gaussian, wider for bigger cities (1.5 to 12 km)."""
        sigma_km = min(12.0, 1.5 + math.sqrt(city.population_k) / 10)
        lat = city.lat + rng.gauss(0, sigma_km) / KM_PER_DEGREE
        cos_lat = max(0.01, math.cos(math.radians(city.lat)))
        lon = city.lon + rng.gauss(0, sigma_km) / (KM_PER_DEGREE * cos_lat)
        lat = min(90.0, max(-90.0, lat))
        lon = (lon + 180.0) % 360.0 - 180.0
        return round(lat, 6), round(lon, 6)

    def language_at(self, city: City, rng: random.Random) -> str:
        """The language of a description written there."""
        key = (city.country, city.region)
        pick = self._languages.get(key)
        if pick is None:
            pick = Pick(REGION_LANGUAGES.get(key, self.countries[city.country].languages))
            self._languages[key] = pick
        return pick(rng)

    def postal_code(self, country: Country, city: City) -> str:
        # The first two characters depend on the city only, so codes cluster by place.
        prefix = self._postal_prefixes.get(city)
        if prefix is None:
            local = random.Random(zlib.crc32(city.name.encode()))  # noqa: S311
            prefix = "".join(_postal_char(local, shape) for shape in country.postal_pattern[:2])
            self._postal_prefixes[city] = prefix
        rest = country.postal_pattern[2:]
        return prefix + "".join(_postal_char(self.rng, shape) for shape in rest)

    # --- Words --------------------------------------------------------------------------------
    def made_up_word(self, language: str) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            starts, ends = NAME_STARTS[language], NAME_ENDS[language]
            return rng.choice(starts) + rng.choice(ends)
        syllables = rng.choice((2, 3, 3))
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))
        return word.capitalize()

    def distinct(self, language: str, country: str) -> str:
        roll = self.rng.random()
        if roll < 0.7:
            if country in self.pick_country_distinct and self.rng.random() < 0.5:
                return self.pick_country_distinct[country](self.rng)
            return self.pick_distinct[language](self.rng)
        return self.made_up_word(language)

    def trade_names(self, trade: str, language: str, country: str) -> tuple[str, ...]:
        key = (trade, language, country)
        names = self._trade_names.get(key)
        if names is None:
            every = TRADES[trade].text[language][0]
            names = (
                tuple(n for n in every if country in COUNTRY_ONLY_WORDS.get(n, (country,)))
                or every[:1]
            )
            self._trade_names[key] = names
        return names

    def legal_form(self, country: Country, region: str, trade: str) -> str:
        quebec = country.code == "CA" and region == "Québec"
        key = (country.code, quebec, trade)
        pick = self._legal_forms.get(key)
        if pick is None:
            forms = []
            for form, weight, trades in country.legal_forms:
                if country.code == "CA" and quebec != form.startswith("Coopérative"):
                    continue
                if trades:
                    weight = weight * 6 if trade in trades else weight * 0.02
                forms.append((form, weight))
            pick = Pick(forms)
            self._legal_forms[key] = pick
        return pick(self.rng)

    # --- Records ------------------------------------------------------------------------------
    def record(self, pk: int) -> Record:
        rng = self.rng
        country = self.pick_country(rng)
        city = self.pick_city_in[country.code](rng)
        language = self.language_at(city, rng)
        lat, lon = self.scatter(rng, city)
        if rng.random() < ALLY_SHARE:
            org, offers = self._ally(pk, country, city, language)
        else:
            org, offers = self._coop(pk, country, city, language)
        status = self.pick_status(rng)
        slug = f"{slugify(org['name'])[:60].rstrip('-')}-{pk}"
        org.update(
            id=pk,
            slug=slug,
            description_language=language if language in PLATFORM_LANGUAGES else "",
            status=status,
            founded_on=None if status == "forming" else self._founded(),
            locality=city.name,
            region=city.region,
            country=country.code,
            postal_code=self.postal_code(country, city),
            latitude=lat,
            longitude=lon,
            geographic_scope=self.pick_scope(rng),
            source=f"bench-{country.code.lower()}",
            source_id=str(pk),
        )
        if rng.random() < 0.5:
            org["street_address"] = f"{rng.randint(1, 250)} {rng.choice(STREETS[language])}"
        if rng.random() < 0.55:
            org["website"] = f"https://{slug}.example.coop"
        if rng.random() < 0.35:
            org["email"] = f"contact@{slug}.example.coop"
        if rng.random() < 0.3:
            org["phone"] = f"{PHONE_PREFIX[country.code]} {rng.randint(10**8, 10**9 - 1)}"
        return Record(org, offers, language)

    def _founded(self) -> dt.date:
        rng = self.rng
        year = max(1844, 2025 - int(rng.expovariate(1 / 22)))
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28))

    def _coop(
        self, pk: int, country: Country, city: City, language: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rng = self.rng
        trade_key = self.pick_trade_in[country.code](rng)
        trade = TRADES[trade_key]
        pick_activity, pick_structure, pick_membership = self._codes[trade_key]
        membership = pick_membership(rng)
        _names, does, offers = trade.text[language]
        trade_name = rng.choice(self.trade_names(trade_key, language, country.code))
        adjective = self.pick_adjective[language](rng)
        pattern = self.pick_pattern[language](rng)
        if "}genossenschaft" in pattern and " " in trade_name:
            pattern = "{trade} {place} eG"
        name = pattern.format(
            trade=trade_name,
            place=city.name,
            distinct=self.distinct(language, country.code),
            adj=adjective.capitalize() if language == "en" else adjective,
        )
        own = rng.choice(OWNERSHIP[language].get(membership, OWNERSHIP[language][""]))
        first = rng.choice(FIRST_SENTENCES[language]).format(
            own=own, does=rng.choice(does), place=city.name
        )
        if language == "en":
            first = _A_BEFORE_VOWEL.sub(r"\1n ", first)
        sentences = [first]
        extra = self.pick_extra(rng)
        for template in rng.sample(MORE_SENTENCES[language], extra):
            sentences.append(
                template.format(
                    year=rng.randint(1900, 2024),
                    members=int(rng.lognormvariate(4.5, 1.4)) + 3,
                    place=city.name,
                    region=city.region,
                    adj=self.pick_adjective[language](rng),
                )
            )
        legal_form = self.legal_form(country, city.region, trade_key)
        org: dict[str, Any] = {
            "name": name[:200],
            "kind": "coop",
            "description": " ".join(sentences),
            "legal_form": legal_form,
            "activity": pick_activity(rng),
            "structure": pick_structure(rng),
            "membership_type": membership,
        }
        if rng.random() < 0.7:
            suffix = rng.choice(country.legal_suffixes)
            org["legal_name"] = f"{name} {suffix}".strip()[:300]
        if rng.random() < 0.15:
            org["nickname"] = _nickname(name)
        count = self.pick_offer_count(rng)
        offer_language = language if language in PLATFORM_LANGUAGES else ""
        chosen = rng.sample(offers, min(count, len(offers)))
        org_offers = [
            {
                "organization_id": pk,
                "kind": "product" if rng.random() < 0.5 else "service",
                "text": text,
                "tags": tags,
                "language": offer_language,
                "position": position,
            }
            for position, (text, tags) in enumerate(chosen)
        ]
        return org, org_offers

    def _ally(
        self, pk: int, country: Country, city: City, language: str
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rng = self.rng
        category, _, structure, activity = self.pick_ally(rng)
        names, descriptions = ALLY_TEXT[category][language]
        values = {
            "region": city.region,
            "place": city.name,
            "distinct": self.distinct(language, country.code),
        }
        name = rng.choice(names).format(**values)
        sentences = [rng.choice(descriptions).format(**values)]
        if rng.random() < 0.5:
            sentences.append(
                MORE_SENTENCES[language][0].format(
                    year=rng.randint(1900, 2024),
                    members=int(rng.lognormvariate(3.5, 1.2)) + 3,
                    place=city.name,
                    region=city.region,
                    adj="",
                )
            )
        if category == "public_body":
            legal_form = ""
        elif country.code == "CA" and city.region == "Québec":
            legal_form = QUEBEC_ALLY_FORM
        else:
            legal_form = ALLY_FORMS[country.code]
        org: dict[str, Any] = {
            "name": name[:200],
            "kind": "ally",
            "ally_category": category,
            "description": " ".join(sentences),
            "legal_form": legal_form,
            "activity": activity,
            "structure": structure,
            "membership_type": "BMT60" if rng.random() < 0.3 else "",
        }
        if rng.random() < 0.3:
            org["nickname"] = _nickname(name)
        return org, []

    def batches(self, count: int, size: int, start: int = 1) -> Iterator[list[Record]]:
        """``count`` records with ids from ``start``, ``size`` at a time."""
        for first in range(start, start + count, size):
            last = min(first + size, start + count)
            yield [self.record(pk) for pk in range(first, last)]


def _postal_char(rng: random.Random, shape: str) -> str:
    if shape == "9":
        return str(rng.randrange(10))
    if shape == "A":
        return chr(ord("A") + rng.randrange(26))
    return shape


def _nickname(name: str) -> str:
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    return initials if len(initials) >= 2 else name.split()[0]


class WordSample:
    """Word counts over a sample of the stream, per language, and a few sampled texts.

    It counts the words people search by (names, offers and their tags), not the boilerplate of
    descriptions, though the search matches descriptions too. Generated queries draw from it:
    single words from the head (most common), the torso or the tail of each language's
    vocabulary, and pairs of words that occur in one organization.
    """

    HEAD = 20
    TORSO = 400
    KEEP_TEXTS = 3000

    def __init__(self, every: int, seed: int) -> None:
        self.every = max(1, every)
        self.seen = 0
        # Its own generator, so sampling never changes the data stream.
        self.rng = random.Random(seed)  # noqa: S311
        self.counts: dict[str, Counter[str]] = {}
        self.surface: dict[str, str] = {}
        self.texts: dict[str, list[list[str]]] = {}
        self._ranked: dict[str, list[str]] = {}

    def observe(self, record: Record) -> None:
        self.seen += 1
        if self.seen % self.every:
            return
        org = record.org
        text = " ".join([org["name"]] + [f"{o['text']} {o['tags']}" for o in record.offers])
        words = []
        for word in _WORD.findall(text.lower()):
            folded = fold(word)
            if len(folded) < 3 or folded.isdigit() or folded in STOPWORDS:
                continue
            self.surface.setdefault(folded, word)
            words.append(folded)
        self.counts.setdefault(record.language, Counter()).update(words)
        texts = self.texts.setdefault(record.language, [])
        if len(texts) < self.KEEP_TEXTS:
            texts.append(words)
        else:
            slot = self.rng.randrange(self.seen)
            if slot < self.KEEP_TEXTS:
                texts[slot] = words
        self._ranked.pop(record.language, None)

    def ranked(self, language: str) -> list[str]:
        ranked = self._ranked.get(language)
        if ranked is None:
            ranked = [w for w, _ in self.counts.get(language, Counter()).most_common()]
            self._ranked[language] = ranked
        return ranked

    def languages(self) -> list[tuple[str, int]]:
        return [(lang, sum(c.values())) for lang, c in sorted(self.counts.items())]

    def query_text(self, rng: random.Random, language: str) -> str:
        """One or two words a person might type, with the accents the data has."""
        ranked = self.ranked(language)
        if not ranked:
            return ""
        texts = self.texts.get(language, [])
        if texts and rng.random() < 0.25:
            words = sorted(set(rng.choice(texts)))
            if len(words) >= 2:
                return " ".join(self.surface[w] for w in rng.sample(words, 2))
        roll = rng.random()
        if roll < 0.2:
            pool = ranked[: self.HEAD]
        elif roll < 0.7:
            pool = ranked[self.HEAD : self.TORSO] or ranked
        else:
            pool = ranked[self.TORSO :] or ranked
        return self.surface[rng.choice(pool)]

    def frequency(self, words: str, language: str) -> int:
        counts = self.counts.get(language, Counter())
        return min((counts.get(fold(w), 0) for w in words.split()), default=0)
