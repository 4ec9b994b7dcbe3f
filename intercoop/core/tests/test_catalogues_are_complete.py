"""The fr and es catalogues translate every string, keep every placeholder, and are up to date."""

from __future__ import annotations

from pathlib import Path

from intercoop.core.management.commands.checkcatalogues import (
    catalogue_problems,
    extraction_problems,
)
from intercoop.testing.requirements import require

SYNTHETIC_PO = """\
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Save"
msgstr "Enregistrer"

msgid "Not translated yet"
msgstr ""

#, python-format
msgid "Welcome to %(org)s."
msgstr "Bienvenue dans %(organisation)s."

msgid "Revoke<span class=\\"visually-hidden\\"> token</span>"
msgstr "Révoquer le jeton"

#, fuzzy
msgid "Sign in"
msgstr "Se connecter"

#, python-format
msgid "%(n)s organization"
msgid_plural "%(n)s organizations"
msgstr[0] "%(n)s organisation"
msgstr[1] ""
"""


def test_the_real_catalogues_have_no_problem() -> None:
    assert catalogue_problems() == []


def test_every_string_of_the_sources_is_in_the_catalogues() -> None:
    missing = extraction_problems()
    require(missing is not None, "GNU gettext is not installed: the sources were not re-extracted")
    assert missing == []


def test_the_check_reports_each_kind_of_problem(tmp_path: Path) -> None:
    po = tmp_path / "fr" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(SYNTHETIC_PO, encoding="utf-8")

    problems = catalogue_problems(tmp_path, ["fr", "es"])

    assert "fr: untranslated: 'Not translated yet'" in problems
    assert any(
        p.startswith("fr: placeholders differ in 'Welcome to %(org)s.'") and "%(organisation)s" in p
        for p in problems
    )
    assert any(p.startswith("fr: placeholders differ in 'Revoke<span") for p in problems)
    assert "fr: fuzzy: 'Sign in'" in problems
    assert "fr: untranslated: '%(n)s organization'" in problems
    assert any(p.startswith("es: ") and p.endswith("is missing") for p in problems)
    assert not any("'Save'" in p for p in problems)
    assert len(problems) == 6
