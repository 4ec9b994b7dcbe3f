"""Fail when a translation catalogue is incomplete, fuzzy, inconsistent or behind the sources."""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from intercoop.core.i18n import LOCALE_DIR

SOURCE_DIR = LOCALE_DIR.parent
IGNORE = ["testing/*", "tests/*", "*/tests/*"]  # the same as `make messages`
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge")
# printf placeholders (with or without a name) and HTML tag names, which a translation must keep.
_TOKEN = re.compile(r"%%|%(?:\(\w+\))?[sdifr]|</?[a-zA-Z][\w-]*")


def translated_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _tokens(text: str) -> set[str]:
    return {part for part in _TOKEN.findall(text) if part != "%%"}


def _forms(value: Any) -> list[str]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _label(msg: Message) -> str:
    text = _forms(msg.id)[0]
    return repr(text if len(text) <= 70 else text[:67] + "...")


def po_problems(po_path: Path, language: str) -> list[str]:
    """Untranslated and fuzzy entries, and translations whose placeholders or tags differ."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    problems = [f"{language}: the header is marked fuzzy"] if catalog.fuzzy else []
    for msg in catalog:
        if not msg.id:
            continue
        strings = _forms(msg.string)
        if msg.fuzzy:
            problems.append(f"{language}: fuzzy: {_label(msg)}")
        if not all(strings):
            problems.append(f"{language}: untranslated: {_label(msg)}")
            continue
        expected = [_tokens(msgid) for msgid in _forms(msg.id)]
        for string in strings:
            if _tokens(string) not in expected:
                problems.append(
                    f"{language}: placeholders differ in {_label(msg)}: msgid has "
                    f"{sorted(expected[-1])}, msgstr has {sorted(_tokens(string))}"
                )
                break
    return problems


def catalogue_problems(
    locale_dir: Path = LOCALE_DIR, languages: list[str] | None = None
) -> list[str]:
    problems = []
    for language in languages or translated_languages():
        po_path = locale_dir / language / "LC_MESSAGES" / "django.po"
        if po_path.exists():
            problems += po_problems(po_path, language)
        else:
            problems.append(f"{language}: {po_path} is missing")
    return problems


def _msgids(po_path: Path) -> dict[tuple[str | None, str], Message]:
    if not po_path.exists():
        return {}
    with po_path.open("rb") as po_file:
        return {(m.context, "\x00".join(_forms(m.id))): m for m in read_po(po_file) if m.id}


def extraction_problems(
    source_dir: Path = SOURCE_DIR,
    locale_dir: Path = LOCALE_DIR,
    languages: list[str] | None = None,
) -> list[str] | None:
    """Strings in the sources that the .po files lack; None when GNU gettext is not installed.

    ``makemessages`` runs on a temporary copy of the sources, so the real catalogues are never
    written to.
    """
    if not all(shutil.which(tool) for tool in GETTEXT_TOOLS):
        return None
    languages = languages or translated_languages()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source_dir.name
        shutil.copytree(
            source_dir, copy, ignore=shutil.ignore_patterns(locale_dir.name, "__pycache__")
        )
        (copy / locale_dir.name).mkdir()
        with override_settings(LOCALE_PATHS=[copy / locale_dir.name]), contextlib.chdir(copy):
            call_command(
                "makemessages",
                locale=languages,
                no_obsolete=True,
                no_location=True,
                ignore_patterns=IGNORE,
                verbosity=0,
            )
        for language in languages:
            relative = Path(language, "LC_MESSAGES", "django.po")
            fresh = _msgids(copy / locale_dir.name / relative)
            current = _msgids(locale_dir / relative)
            problems += [
                f"{language}: in the sources but not in the catalogue: {_label(fresh[key])}"
                for key in sorted(fresh.keys() - current.keys(), key=str)
            ]
    return problems


class Command(BaseCommand):
    help = (
        "Check that the translation catalogues are complete, not fuzzy, keep every placeholder, "
        "and (when GNU gettext is installed) hold every string of the sources."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = catalogue_problems()
        missing = extraction_problems()
        if missing is None:
            self.stdout.write(
                "xgettext (GNU gettext) is not installed: skipped re-extracting the sources, "
                "so strings missing from the catalogues were not looked for."
            )
        else:
            problems += missing
        if problems:
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{len(problems)} problem(s) in the translation catalogues.")
        languages = ", ".join(translated_languages())
        self.stdout.write(self.style.SUCCESS(f"Translation catalogues ({languages}) are complete."))
