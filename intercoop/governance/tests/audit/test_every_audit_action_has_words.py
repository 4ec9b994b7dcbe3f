"""Every action code the code base can append to the audit log has a sentence, in every language.

The codes are found in the sources themselves (``action="…"`` arguments, the helpers that pass
one on, and ``action = "…"`` assignments), so a new code without words fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from intercoop.core.i18n import LOCALE_DIR as LOCALE
from intercoop.governance.audit_words import ACTIONS, LABELS

ROOT = Path(__file__).resolve().parents[3]
CODE = re.compile(r"[a-z_]+\.[a-z_]+")
# Helpers that take an action code as a positional argument: (name, index).
PASSERS = {"_audit": 1, "_amendment_decided": 3}


def _codes_in_sources() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.Call):
                candidates += [kw.value for kw in node.keywords if kw.arg == "action"]
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                index = PASSERS.get(name or "")
                if index is not None and len(node.args) > index:
                    candidates.append(node.args[index])
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "action" for t in node.targets
            ):
                candidates.append(node.value)
            for value in candidates:
                if (
                    isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and CODE.fullmatch(value.value)
                ):
                    found[value.value] = str(path.relative_to(ROOT))
    return found


def test_the_scan_finds_the_codes_it_must() -> None:
    codes = _codes_in_sources()
    # one of each way of writing a code: a keyword, a helper's argument, an assignment
    expected = {"ballot.cast", "election.opened", "amendment.accepted", "meeting.adjourned"}
    assert expected <= set(codes)
    assert len(codes) >= 35


def test_every_code_written_has_words() -> None:
    missing = {code: path for code, path in _codes_in_sources().items() if code not in ACTIONS}
    assert missing == {}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_words_are_translated(lang: str) -> None:
    with (LOCALE / lang / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalogue = read_po(po, locale=lang)
    with translation.override("en"):
        english = [str(words) for words in [*ACTIONS.values(), *LABELS.values()]]
    untranslated = [
        msgid
        for msgid in english
        if (message := catalogue.get(msgid)) is None or not message.string or message.fuzzy
    ]
    assert untranslated == []
