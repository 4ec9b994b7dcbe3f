"""ESSGlobal vocabularies (organisational structure, ICA activity, membership type) with
English, French and Spanish labels. Pure Python: importers and exports use it too."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

Scheme = Literal["activity", "membership_type", "structure"]
_FILE = Path(__file__).resolve().parent / "data" / "essglobal.json"


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_FILE.read_text(encoding="utf-8"))["schemes"]
    return data


def codes(scheme: Scheme) -> list[str]:
    return list(_data()[scheme]["terms"])


def uri_base(scheme: Scheme) -> str:
    return str(_data()[scheme]["uri"])


def label(scheme: Scheme, code: str, language: str) -> str:
    """The term's label in the language (falling back to English), or the code itself."""
    term = _data()[scheme]["terms"].get(code)
    if term is None:
        return code
    return str(term.get(language[:2]) or term["en"])


def title(scheme: Scheme, language: str) -> str:
    titles = _data()[scheme]["title"]
    return str(titles.get(language[:2]) or titles["en"])


def code_from_uri(scheme: Scheme, uri: str) -> str | None:
    """``…/activities-ica/ICA280`` → ``ICA280``; None for another scheme or an unknown term."""
    base = uri_base(scheme)
    if not uri.startswith(base):
        return None
    code = uri[len(base) :]
    return code if code in _data()[scheme]["terms"] else None
