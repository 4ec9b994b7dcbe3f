"""Languages: compile the message catalogues with Babel (so no GNU gettext is needed on the
machine), move an address from one language to another, and write percentages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.urls import translate_url
from django.utils import translation
from django.utils.formats import number_format

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogues(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Write each .mo next to its .po when missing or older; returns the files written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        tmp.replace(mo_path)  # atomic: a running server never reads half a catalogue
        written.append(mo_path)
    return written


def translate_path(url: str, language: str) -> str:
    """The same page as ``url`` in ``language``: ``/fr/directory/?q=x`` → ``/en/directory/?q=x``.

    Django's ``translate_url`` resolves the path in the *active* language, which in a view outside
    ``i18n_patterns`` comes from the cookie or the browser; ``/fr/…`` does not resolve while English
    is active, and the address came back untranslated. Resolve it in its own language instead, and
    if it resolves to no view, swap the language prefix itself.
    """
    parts = urlsplit(url)
    own = translation.get_language_from_path(parts.path)
    if own is None or own == language:
        return url
    with translation.override(own):
        translated = translate_url(url, language)
    if translated != url:
        return translated
    prefix = f"/{own}"
    if parts.path != prefix and not parts.path.startswith(prefix + "/"):
        return url
    return urlunsplit(parts._replace(path=f"/{language}{parts.path[len(prefix) :]}"))


PERCENT_SIGN = "\u00a0%"  # a no-break space before the sign, in every language, never a wrap


def percent_text(value: float | Decimal | None, decimals: int = 1) -> str:
    """A percentage in the active language: ``100.0 %`` in English, ``100,0 %`` in French.

    Pages, charts and sentences all write percentages through this (or the ``percent`` filter),
    so a chart's label never disagrees with the table beside it.
    """
    if value is None:
        return ""
    return number_format(round(float(value), decimals), decimal_pos=decimals) + PERCENT_SIGN
