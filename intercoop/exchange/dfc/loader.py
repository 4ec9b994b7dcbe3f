"""The offline JSON-LD document loader for DFC documents: the DFC context 1.16.0, vendored in
``contexts/`` (see its README), for the URL DFC platforms put in ``@context``. Any other URL is
refused with an error naming it; nothing is fetched from the network."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from intercoop.exchange.dfc.errors import gettext_noop, refuse

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

# The URL Open Food Network and the DFC connectors write in "@context". It is not versioned:
# it is mapped to the release these files were written against, 1.16.0.
DFC_CONTEXT = "https://www.datafoodconsortium.org"

CONTEXT_FILES: dict[str, str] = {
    DFC_CONTEXT: "context_1.16.0.json",
}


@cache
def load_context(url: str) -> Any:
    """The parsed context document held for ``url``, shared between calls: do not change it."""
    name = CONTEXT_FILES.get(url.rstrip("/")) if isinstance(url, str) else None
    if name is None:
        raise refuse(
            "unknown_context",
            gettext_noop(
                "Unknown JSON-LD context %(url)s: only the DFC context (%(known)s) is read, "
                "and none is fetched from the network."
            ),
            url=url,
            known=", ".join(sorted(CONTEXT_FILES)),
        )
    return json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's ``documentLoader``: the held context for ``url``, or ``CatalogueError``."""
    return {
        "contextUrl": None,
        "documentUrl": url,
        "contentType": "application/ld+json",
        "document": copy.deepcopy(load_context(url)),
        "tag": "static",
    }
