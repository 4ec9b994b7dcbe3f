"""What a refused catalogue says: a stable code, a message in English, and the same message as
a gettext msgid with its parameters, so that the web layer can show it in the reader's language
without this package importing Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation (``makemessages`` extracts calls by this name); the web
    layer translates it when it shows it."""
    return message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue: ``line`` is the CSV line (0 for a JSON-LD document),
    ``where`` the product it is about in a JSON-LD document (its IRI), ``msgid`` the
    untranslated message with ``%(name)s`` placeholders filled from ``params``."""

    line: int
    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    where: str = ""

    @property
    def text(self) -> str:
        return self.msgid % dict(self.params) if self.params else self.msgid

    def __str__(self) -> str:
        if self.line:
            return f"line {self.line}: {self.text}"
        return f"{self.where}: {self.text}" if self.where else self.text


class CatalogueError(ValueError):
    """A catalogue (DFC JSON-LD or CSV) was refused whole; ``problems`` says what is wrong,
    ``code`` what kind of input it was (``not_json``, ``unknown_context``, ``not_dfc``,
    ``invalid_product``, ``invalid_csv``)."""

    def __init__(self, code: str, problems: list[Problem]) -> None:
        self.code = code
        self.problems = sorted(problems, key=lambda p: (p.line, p.where, p.text))
        super().__init__("; ".join(str(p) for p in self.problems))


def refuse(code: str, msgid: str, line: int = 0, **params: Any) -> CatalogueError:
    return CatalogueError(code, [Problem(line, msgid, params)])
