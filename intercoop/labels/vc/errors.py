"""The one exception of the credential core: a stable ``code`` for programs and a message for
people. Every refusal of the core is a ``CredentialError``, so that a caller tells a malformed
credential, an unknown context or too much work apart from a signature that does not verify."""

from __future__ import annotations

from typing import Literal

Code = Literal[
    # Not a JSON-LD document a credential can be: not an object, a bad value, a JSON-LD error.
    "malformed",
    # A term or a type that the document's contexts do not define (it would be dropped
    # silently by JSON-LD, so the signature would not cover it).
    "undefined_term",
    # A context URL the core does not hold; nothing is ever fetched from the network.
    "unknown_context",
    # Canonicalizing the document would take more work than the bound allows.
    "too_much_work",
    # A proof of a type or cryptosuite the core does not implement, or a proof without the
    # fields the suite requires.
    "unsupported_proof",
    # The verification method's key cannot be had (not a did:key and no resolver gave it).
    "unknown_key",
    # The signature does not verify: the document or its proof was changed, or the key is not
    # the one that signed.
    "bad_proof",
]


class CredentialError(Exception):
    """A credential or proof the core refuses; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: Code, message: str) -> None:
        super().__init__(message)
        self.code: Code = code
        self.message = message

    def __repr__(self) -> str:
        return f"CredentialError({self.code!r}, {self.message!r})"
