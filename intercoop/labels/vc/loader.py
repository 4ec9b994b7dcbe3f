"""The offline JSON-LD document loader: the contexts a credential may use, vendored in
``contexts/`` (see its README), keyed by their canonical URLs. Any other URL is refused with an
error naming it; nothing is ever fetched from the network, so what a signature covers never
depends on what a server answers today."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from intercoop.labels.vc.errors import CredentialError

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
ED25519_2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# URL -> file in contexts/. Only the exact bytes of a release are mapped to its URL: an alias
# that the publisher may point at a later release (such as OB3's unversioned context.json) is
# not, since the same credential would then canonicalize differently tomorrow.
CONTEXT_FILES: dict[str, str] = {
    VC_V2: "credentials-v2.jsonld",
    VC_V1: "credentials-v1.jsonld",
    VC_EXAMPLES_V2: "credentials-examples-v2.jsonld",
    ED25519_2020: "ed25519-signature-2020-v1.jsonld",
    OB_V3P0: "ob-v3p0-context-3.0.3.json",
}


@cache
def load_context(url: str) -> Any:
    """The parsed context document held for ``url``, shared between calls: do not change it."""
    name = CONTEXT_FILES.get(url)
    if name is None:
        raise CredentialError(
            "unknown_context",
            f"unknown context '{url}': only the contexts held by Intercoop are used "
            f"({', '.join(sorted(CONTEXT_FILES))}), and none is fetched from the network",
        )
    return json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's ``documentLoader``: the held context for ``url``, or ``CredentialError``.

    The ``static`` tag lets pyld keep the processed context between documents (its resolved
    context cache), which is most of the speed of a verification."""
    return {
        "contextUrl": None,
        "documentUrl": url,
        "contentType": "application/ld+json",
        "document": copy.deepcopy(load_context(url)),
        "tag": "static",
    }
