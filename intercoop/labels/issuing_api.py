"""Issuing a caller's own credential through the API, as the W3C VC API's
``POST /credentials/issue`` does: any VC Data Model 2.0 credential whose ``issuer`` is the
did:web of an issuer of this site, checked, then signed ``eddsa-rdfc-2022`` with that issuer's
signing key.

The checks come before anything is signed, and every refusal names its problem:

- the data model's rules: the base context first, ``VerifiableCredential`` among the types, an
  ``id`` that is one URL, an ``issuer`` that is a URL or an object with one, ``validFrom`` and
  ``validUntil`` as XML Schema date-times in order, subjects that are objects with claims, the
  ``type`` (and where required the ``id``) of ``credentialStatus``, ``evidence``,
  ``termsOfUse``, ``refreshService`` and ``credentialSchema``, names and descriptions that are
  strings or language value objects, and proofs already there (if any) objects with a type;
- the VC Data Model 2.0 JSON Schema (``checks.schema_errors``), on the credential without its
  proofs;
- the credential core's own refusals when it signs: undefined terms (safe mode), contexts it
  does not hold, too much canonicalization work.

A credential that already has proofs (a co-signer's, say) keeps them untouched, and ours is
added beside them as a Data Integrity proof set: ours covers the credential without them, so it
vouches for none of them, and they are not checked here.

Nothing is stored: a credential of this kind has no achievement, so it is not a ``Credential``
of this site; nor is the issuing recorded, since the platform's audit log is governance's, an
app above this one. The caller keeps what it is given."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.labels import checks, keystore, selectors
from intercoop.labels.models import Issuer
from intercoop.labels.vc import dataintegrity
from intercoop.labels.vc.errors import CredentialError
from intercoop.organizations.policy import Perm, authorize

BASE_CONTEXT = "https://www.w3.org/ns/credentials/v2"
# An absolute URL (RFC 3986): a scheme, a colon, and no white space.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+")
# The same for the issuer, as the operation's schema gives it (a JSON Schema pattern, searched):
# the spaces named, since JSON Schema's \s and Python's are not the same set.
ISSUER_PATTERN = r"^[A-Za-z][A-Za-z0-9+.-]*:[^ \t\n\r\f\v]+$"
# XML Schema's dateTimeStamp as the VC Data Model 2.0 gives it (a time zone is optional there).
_DATETIME = re.compile(
    r"-?([1-9][0-9]{3,}|0[0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|(24:00:00(\.0+)?))"
    r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
)
# The properties whose entries must have a type, and those whose entries must have an id too.
_TYPED = (
    "credentialStatus",
    "evidence",
    "termsOfUse",
    "refreshService",
    "credentialSchema",
    "proof",
)
_NEEDS_ID = ("credentialSchema",)
_VALUE_OBJECT_KEYS = frozenset({"@value", "@language", "@direction"})


def _refused(message: str, code: str = "invalid_credential", status: int = 400) -> ServiceError:
    return ServiceError(message, code=code, status=status)


def is_url(value: object) -> bool:
    return isinstance(value, str) and _URL.fullmatch(value) is not None


def _entries(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _issuer_id(credential: Mapping[str, Any]) -> object:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


def _check_issuer(credential: Mapping[str, Any]) -> str:
    """The issuer's URL, or a refusal naming ``issuer``."""
    if "issuer" not in credential:
        raise _refused(_("The credential has no issuer."))
    issuer_id = _issuer_id(credential)
    if not isinstance(issuer_id, str) or re.search(ISSUER_PATTERN, issuer_id) is None:
        raise _refused(
            _("The issuer must be a URL, or an object whose id is a URL: %(value)s.")
            % {"value": shown(issuer_id)}
        )
    return str(issuer_id)


def shown(value: object) -> str:
    return "null" if value is None else str(value)[:200]


def _text_problems(where: str, value: object) -> list[str]:
    """A name or a description: a string, a language value object, or a list of them."""
    problems = []
    for entry in _entries(value):
        if isinstance(entry, str):
            continue
        if (
            isinstance(entry, Mapping)
            and isinstance(entry.get("@value"), str)
            and set(entry) <= _VALUE_OBJECT_KEYS
        ):
            continue
        problems.append(
            _(
                "%(field)s must be a string or a language value object "
                "(only @value, @language and @direction)."
            )
            % {"field": where}
        )
    return problems


def _date_problems(credential: Mapping[str, Any]) -> list[str]:
    problems = []
    moments: dict[str, datetime | None] = {}
    for field in ("validFrom", "validUntil"):
        if field not in credential:
            continue
        value = credential[field]
        if not isinstance(value, str) or _DATETIME.fullmatch(value) is None:
            problems.append(
                _("%(field)s must be an XML Schema date and time: %(value)s.")
                % {"field": field, "value": shown(value)}
            )
            continue
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:  # a year past 9999, say: valid, but not compared
            moments[field] = None
        else:
            moments[field] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    start, end = moments.get("validFrom"), moments.get("validUntil")
    if start is not None and end is not None and end < start:
        problems.append(_("validUntil must not be before validFrom."))
    return problems


def envelope_problems(document: Mapping[str, Any], *, required_type: str) -> list[str]:
    """What a credential or a presentation breaks of the VC Data Model 2.0's common rules: the
    base context first and each other one a URL or an object, ``required_type`` among its
    types, and an ``id`` that is one URL."""
    problems: list[str] = []
    contexts = document.get("@context")
    if not isinstance(contexts, list) or not contexts or contexts[0] != BASE_CONTEXT:
        problems.append(_("The first @context must be %(url)s.") % {"url": BASE_CONTEXT})
    for context in contexts[1:] if isinstance(contexts, list) else []:
        if not isinstance(context, dict) and not is_url(context):
            problems.append(
                _("Each @context must be a URL or an object: %(value)s.")
                % {"value": shown(context)}
            )
    if required_type not in _entries(document.get("type")):
        problems.append(_("The type must include %(type)s.") % {"type": required_type})
    if "id" in document and not is_url(document["id"]):
        problems.append(
            _("%(field)s must be a single URL: %(value)s.")
            % {"field": "id", "value": shown(document["id"])}
        )
    return problems


def data_model_problems(credential: Mapping[str, Any]) -> list[str]:
    """What the credential breaks of the VC Data Model 2.0, each naming its property."""
    problems = envelope_problems(credential, required_type="VerifiableCredential")
    problems += _date_problems(credential)
    subjects = credential.get("credentialSubject")
    if subjects is None:
        problems.append(_("The credential has no credentialSubject."))
    for subject in _entries(subjects) if subjects is not None else []:
        if not isinstance(subject, Mapping) or not subject:
            problems.append(_("Each credentialSubject must be an object with claims."))
        elif "id" in subject and not is_url(subject["id"]):
            problems.append(
                _("%(field)s must be a single URL: %(value)s.")
                % {"field": "credentialSubject.id", "value": shown(subject["id"])}
            )
    for field in _TYPED:
        for entry in _entries(credential.get(field)) if field in credential else []:
            problems += _entry_problems(field, entry)
    for field in ("name", "description"):
        if field in credential:
            problems += _text_problems(field, credential[field])
        issuer = credential.get("issuer")
        if isinstance(issuer, Mapping) and field in issuer:
            problems += _text_problems(f"issuer.{field}", issuer[field])
    return problems


def _entry_problems(field: str, entry: object) -> list[str]:
    if not isinstance(entry, Mapping):
        return [_("Each %(field)s must be an object.") % {"field": field}]
    problems = []
    types = _entries(entry.get("type"))
    if "type" not in entry or not types or not all(isinstance(t, str) for t in types):
        problems.append(_("Each %(field)s must have a type.") % {"field": field})
    if "id" in entry and not is_url(entry["id"]):
        problems.append(
            _("%(field)s must be a single URL: %(value)s.")
            % {"field": f"{field}.id", "value": shown(entry["id"])}
        )
    elif "id" not in entry and field in _NEEDS_ID:
        problems.append(_("Each %(field)s must have an id.") % {"field": field})
    return problems


def _local_issuer(issuer_id: str) -> Issuer:
    found = checks.local_issuer({"issuer": issuer_id})
    if found is None:
        raise _refused(
            _("%(issuer)s is not an issuer of this site.") % {"issuer": issuer_id},
            code="unknown_issuer",
            status=404,
        )
    return found


def credential_issue(
    *, body: Mapping[str, Any], by: User, now: datetime | None = None
) -> dict[str, Any]:
    """The body's ``credential``, checked and signed by its issuer's signing key. ``by`` must
    hold ``issue_labels`` in the issuer's organization and have set up two-factor
    authentication, as on the pages."""
    credential = body.get("credential")
    if not isinstance(credential, dict):
        raise _refused(_("The body has no credential object."), code="validation_error", status=422)
    options = body.get("options", {})
    if not isinstance(options, dict):
        raise _refused(_("The options must be an object."), code="validation_error", status=422)
    if options:
        raise _refused(
            _("Unknown options: %(names)s.") % {"names": ", ".join(sorted(options))},
            code="unknown_option",
        )
    issuer = _local_issuer(_check_issuer(credential))
    authorize(by, Perm.ISSUE_LABELS, issuer.organization)
    if not is_mfa_enabled(by):
        raise _refused(
            _(
                "Issuing labels in an organization's name needs two-factor authentication: "
                "set it up first."
            ),
            code="mfa_required",
            status=403,
        )
    problems = data_model_problems(credential)
    if problems:
        raise _refused(" ".join(problems))
    schema = checks.schema_errors({k: v for k, v in credential.items() if k != "proof"})
    if schema:
        raise _refused(
            _("The credential does not match the VC Data Model 2.0 JSON Schema: %(errors)s")
            % {"errors": "; ".join(schema)}
        )
    key = selectors.signing_key(issuer)
    if key is None:
        raise _refused(_("This issuer has no signing key."), code="no_signing_key")
    created = (now or timezone.now()).replace(microsecond=0)
    try:
        return dataintegrity.sign(
            credential,
            secret_key=keystore.unseal(bytes(key.sealed_private_key)),
            verification_method=f"{selectors.issuer_did(issuer)}#{key.fragment}",
            created=created.isoformat().replace("+00:00", "Z"),
        )
    except CredentialError as error:
        raise _refused(
            _("The credential cannot be signed: %(error)s") % {"error": error.message},
            code=error.code,
        ) from None
