"""A credential that anyone submits to the verifier (its page, its API): read from JSON text or
from a baked PNG or SVG image, parsed strictly, and checked. The checks are those of
``verifier.verify_credential`` followed by three more: the Open Badges 3.0 required fields, the
VC Data Model 2.0 JSON Schema, and whether the issuer is an organization of this directory.

Every refusal of the input is a ``ServiceError`` (400, or 413 for a file that is too large),
with a message for people: bad input never gets a server error."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator

from intercoop.core.errors import ServiceError
from intercoop.labels import selectors
from intercoop.labels.models import Issuer
from intercoop.labels.vc import baking
from intercoop.labels.verifier import Check, Verification, verify_credential

MAX_BYTES = 1024 * 1024
# Deeper than any credential: a bound that keeps the JSON-LD processing's recursion shallow.
MAX_DEPTH = 32
SCHEMA_FILE = Path(__file__).parent / "schemas" / "verifiable-credential-schema.json"
OB3_TYPES = ("OpenBadgeCredential", "AchievementCredential")


def _refused(message: str, code: str, status: int = 400) -> ServiceError:
    return ServiceError(message, code=code, status=status)


def _unbaking_message(error: baking.BakingError) -> str:
    messages = {
        "bad_png": _("This PNG image is damaged or not a PNG image."),
        "bad_svg": _(
            "This SVG image cannot be read safely: it is not well-formed, or it has a DOCTYPE "
            "or entity declarations."
        ),
        "not_baked": _("This image holds no credential."),
        "already_baked": _("This image holds more than one credential."),
        "too_large": _("This image is too large."),
        "unsupported": _(
            "This image holds a credential in a form the verifier does not read (compressed, "
            "or a JWT)."
        ),
    }
    return messages[error.code]


def credential_text(content: bytes) -> str:
    """The credential's JSON text in an uploaded file: a PNG or an SVG image that holds one
    (baked), or the JSON itself (UTF-8)."""
    if len(content) > MAX_BYTES:
        raise _refused(_("The file is over 1 MB."), "too_large", 413)
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    try:
        if start.startswith(baking.PNG_SIGNATURE):
            return baking.unbake_png(content)
        if start.startswith(b"<"):
            return baking.unbake_svg(content)
    except baking.BakingError as error:
        raise _refused(_unbaking_message(error), error.code) from None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(
            _("This file is neither JSON (UTF-8) nor a PNG or SVG image."), "not_json"
        ) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"duplicate key {key!r}")
        found[key] = value
    return found


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _depth(value: object, limit: int) -> bool:
    """Whether ``value`` nests no deeper than ``limit``."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if level > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
    return True


def parse_credential(text: str) -> dict[str, Any]:
    """The credential as a JSON object, read strictly: no duplicate keys, no NaN or Infinity,
    nesting no deeper than ``MAX_DEPTH``."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise _refused(_("The credential is over 1 MB."), "too_large", 413)
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise _refused(_("The credential is nested too deeply."), "too_deep") from None
    except ValueError as error:
        raise _refused(
            _("This is not valid JSON: %(error)s") % {"error": error}, "not_json"
        ) from None
    if not isinstance(document, dict):
        raise _refused(_("A credential is a JSON object."), "not_json")
    if not _depth(document, MAX_DEPTH):
        raise _refused(_("The credential is nested too deeply."), "too_deep")
    return document


def _types(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _has_id(value: object) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("id"), str) and bool(value["id"])


def missing_fields(document: Mapping[str, Any]) -> list[str]:
    """The Open Badges 3.0 required fields that the credential lacks (those of an
    ``EndorsementCredential`` if it is one)."""
    missing = []
    if "EndorsementCredential" in _types(document.get("type")):
        return _missing_endorsement_fields(document)
    if not any(t in OB3_TYPES for t in _types(document.get("type"))):
        missing.append("type OpenBadgeCredential")
    issuer = document.get("issuer")
    if not (_has_id(issuer) or (isinstance(issuer, str) and issuer)):
        missing.append("issuer.id")
    if not isinstance(document.get("validFrom"), str):
        missing.append("validFrom")
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    if not isinstance(achievement, Mapping):
        missing.append("credentialSubject.achievement")
        return missing
    for name in ("id", "name", "description", "criteria"):
        if achievement.get(name) in (None, "", {}):
            missing.append(f"credentialSubject.achievement.{name}")
    return missing


def _missing_endorsement_fields(document: Mapping[str, Any]) -> list[str]:
    missing = []
    issuer = document.get("issuer")
    if not (_has_id(issuer) or (isinstance(issuer, str) and issuer)):
        missing.append("issuer.id")
    if not isinstance(document.get("validFrom"), str):
        missing.append("validFrom")
    subject = document.get("credentialSubject")
    if not _has_id(subject):
        missing.append("credentialSubject.id")
    elif not isinstance(subject, Mapping) or "EndorsementSubject" not in _types(
        subject.get("type")
    ):
        missing.append("credentialSubject.type EndorsementSubject")
    return missing


@cache
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def schema_errors(document: Mapping[str, Any], *, limit: int = 5) -> list[str]:
    """What the VC Data Model 2.0 JSON Schema finds wrong, at most ``limit`` messages."""
    found = []
    for error in _schema_validator().iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        found.append(f"{where}: {error.message}"[:300])
        if len(found) >= limit:
            break
    return found


def local_issuer(document: Mapping[str, Any]) -> Issuer | None:
    """The issuer of this site that the credential's ``issuer`` names by its did:web, if any."""
    issuer = document.get("issuer")
    did = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not isinstance(did, str):
        return None
    probe = selectors.issuer_did(Issuer(path="x"))
    prefix = probe[: -len("x")]
    if not did.startswith(prefix):
        return None
    found = selectors.issuer_by_path(did[len(prefix) :])
    if found is None or selectors.issuer_did(found) != did:
        return None
    return found


def examine(document: Mapping[str, Any], *, now: datetime | None = None) -> Verification:
    """Every check of a submitted credential: ``verify_credential``'s, then the required
    fields, the JSON Schema and the issuer's place in this directory."""
    checks = list(verify_credential(document, now=now).checks)
    missing = missing_fields(document)
    checks.append(
        Check(
            "fields",
            gettext_lazy("Open Badges 3.0 required fields"),
            not missing,
            ", ".join(missing),
        )
    )
    problems = schema_errors(document)
    checks.append(
        Check(
            "schema",
            gettext_lazy("VC Data Model 2.0 JSON Schema"),
            not problems,
            "; ".join(problems),
        )
    )
    issuer = local_issuer(document)
    checks.append(
        Check(
            "directory",
            gettext_lazy("Issuer in this directory"),
            issuer is not None,
            issuer.organization.name if issuer is not None else "",
            warning=True,
        )
    )
    return Verification(checks)


def issuer_page(issuer: Issuer) -> str:
    return reverse("organizations:detail", args=[issuer.organization.slug])
