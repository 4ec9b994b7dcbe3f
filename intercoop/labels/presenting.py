"""A holder's verifiable presentation, as the W3C VC API's ``POST /presentations/prove`` makes
one: a co-op that holds labels presents them to a partner, signed in its own name.

The presentation's ``holder`` is the did:web of an issuer of this site: the organization's DID,
whose signing key signs the presentation (``eddsa-rdfc-2022``, proof purpose
``authentication``, with the verifier's ``challenge`` and ``domain`` when given, against
replay). The caller may do so when it may issue labels in that organization, with two-factor
authentication, as for issuing.

The checks come before anything is signed, and every refusal names its problem:

- the VC Data Model 2.0 rules for presentations: the base context first, ``VerifiablePresentation``
  among the types, an ``id`` that is one URL, a ``holder`` that is a URL or an object with one;
- each ``verifiableCredential`` is an object (never a string: a URL or a JWT is not embedded), a
  credential by the data model's rules (``issuing_api.data_model_problems``), or an
  ``EnvelopedVerifiableCredential`` whose ``id`` is a ``data:`` URL;
- a credential without a proof of its own is secured by the presentation's proof only: it is
  self-asserted, and its ``issuer`` must be the ``holder`` (VC Data Model 2.0, "Presentations
  Including Holder Claims");
- the VC Data Model 2.0 JSON Schema for presentations (enveloped credentials aside: the schema
  reads every entry as a credential, which the data model does not ask of them);
- the credential core's refusals when it signs (undefined terms, unknown contexts).

The credentials' own proofs are not checked here: they are the issuers' word, and checking them
is the verifier's work (``POST /credentials/verify``, one by one). Nothing is stored."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from intercoop.accounts.models import User
from intercoop.core.errors import ServiceError
from intercoop.labels import checks, keystore, selectors
from intercoop.labels.issuing_api import (
    BASE_CONTEXT,
    ISSUER_PATTERN,
    data_model_problems,
    envelope_problems,
    shown,
)
from intercoop.labels.models import Issuer
from intercoop.labels.vc import dataintegrity
from intercoop.labels.vc.errors import CredentialError
from intercoop.organizations.policy import Perm, authorize

SCHEMA_FILE = Path(__file__).parent / "schemas" / "verifiable-presentation-schema.json"
OPTIONS = ("challenge", "domain")
ENVELOPED = "EnvelopedVerifiableCredential"
PROOF_PURPOSE = "authentication"


def _refused(message: str, code: str = "invalid_presentation", status: int = 400) -> ServiceError:
    return ServiceError(message, code=code, status=status)


def _entries(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _id_of(value: object) -> object:
    return value.get("id") if isinstance(value, Mapping) else value


def _check_holder(presentation: Mapping[str, Any]) -> str:
    """The holder's URL, or a refusal naming ``holder``."""
    if "holder" not in presentation:
        raise _refused(
            _(
                "The presentation has no holder: set it to the did:web of the issuer of your "
                "organization, whose key signs it."
            )
        )
    holder = _id_of(presentation["holder"])
    if not isinstance(holder, str) or re.search(ISSUER_PATTERN, holder) is None:
        raise _refused(
            _("The holder must be a URL, or an object whose id is a URL: %(value)s.")
            % {"value": shown(holder)}
        )
    return holder


def _local_holder(holder: str) -> Issuer:
    found = checks.local_issuer({"issuer": holder})
    if found is None:
        raise _refused(
            _(
                "%(holder)s is not an issuer of this site: a presentation is signed by its "
                "holder, the did:web of an organization's issuer here."
            )
            % {"holder": holder},
            code="unknown_holder",
            status=404,
        )
    return found


def _enveloped_problems(entry: Mapping[str, Any]) -> list[str]:
    problems = []
    if ENVELOPED not in _entries(entry.get("type")):
        problems.append(_("An enveloped credential's type must be %(type)s.") % {"type": ENVELOPED})
    identifier = entry.get("id")
    if not (isinstance(identifier, str) and identifier.startswith("data:") and "," in identifier):
        problems.append(
            _("An enveloped credential's id must be a data: URL (RFC 2397): %(value)s.")
            % {"value": shown(identifier)[:60]}
        )
    if BASE_CONTEXT not in _entries(entry.get("@context")):
        problems.append(
            _("An enveloped credential's @context must include %(url)s.") % {"url": BASE_CONTEXT}
        )
    return problems


def _is_enveloped(entry: Mapping[str, Any]) -> bool:
    """An enveloped credential, or one meant to be: typed so, or untyped with a data: URL."""
    identifier = entry.get("id")
    return ENVELOPED in _entries(entry.get("type")) or (
        "type" not in entry and isinstance(identifier, str) and identifier.startswith("data:")
    )


def _credential_problems(index: int, entry: object, holder: str) -> list[str]:
    where = f"verifiableCredential[{index}]"
    if not isinstance(entry, Mapping):
        return [
            _(
                "%(where)s must be an object, a credential or an %(type)s, not a string, a "
                "number or a URL."
            )
            % {"where": where, "type": ENVELOPED}
        ]
    if _is_enveloped(entry):
        found = _enveloped_problems(entry)
    else:
        found = data_model_problems(entry)
        issuer = _id_of(entry.get("issuer"))
        if not found and "proof" not in entry and issuer != holder:
            found.append(
                _(
                    "It has no proof of its own, so only the presentation's proof secures it: "
                    "it is self-asserted, and its issuer (%(issuer)s) must be the holder "
                    "(%(holder)s)."
                )
                % {"issuer": shown(issuer), "holder": holder}
            )
    return [f"{where}: {problem}" for problem in found]


def presentation_problems(presentation: Mapping[str, Any], *, holder: str) -> list[str]:
    """What the presentation breaks of the VC Data Model 2.0, each naming its property."""
    problems = envelope_problems(presentation, required_type="VerifiablePresentation")
    if "proof" in presentation:
        problems.append(_("The presentation already has a proof: send it without one."))
    if "verifiableCredential" in presentation:
        for index, entry in enumerate(_entries(presentation["verifiableCredential"])):
            problems += _credential_problems(index, entry, holder)
    return problems


@cache
def _schema_validator() -> Draft202012Validator:
    presentation = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    credential = json.loads(checks.SCHEMA_FILE.read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(
        credential["$id"], Resource.from_contents(credential)
    )
    return Draft202012Validator(presentation, registry=registry)


def schema_errors(presentation: Mapping[str, Any], *, limit: int = 5) -> list[str]:
    """What the VC Data Model 2.0 JSON Schema for presentations finds wrong. Enveloped
    credentials are left out: the schema would read them as credentials."""
    document = dict(presentation)
    if "verifiableCredential" in document:
        kept = [
            entry
            for entry in _entries(document["verifiableCredential"])
            if not (isinstance(entry, Mapping) and _is_enveloped(entry))
        ]
        if kept:
            document["verifiableCredential"] = kept
        else:
            del document["verifiableCredential"]
    found = []
    for error in _schema_validator().iter_errors(document):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        found.append(f"{where}: {error.message}"[:300])
        if len(found) >= limit:
            break
    return found


def _options(body: Mapping[str, Any]) -> dict[str, str]:
    options = body.get("options", {})
    if not isinstance(options, dict):
        raise _refused(_("The options must be an object."), code="validation_error", status=422)
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise _refused(
            _("Unknown options: %(names)s.") % {"names": ", ".join(unknown)},
            code="unknown_option",
        )
    for name, value in options.items():
        if not isinstance(value, str) or not value or len(value) > 1000:
            raise _refused(
                _("The option %(name)s must be a string of 1 to 1000 characters.") % {"name": name}
            )
    return options


def presentation_prove(
    *, body: Mapping[str, Any], by: User, now: datetime | None = None
) -> dict[str, Any]:
    """The body's ``presentation``, checked and signed by its holder's signing key. ``by`` must
    hold ``issue_labels`` in the holder's organization and have set up two-factor
    authentication, as for issuing."""
    presentation = body.get("presentation")
    if not isinstance(presentation, dict):
        raise _refused(
            _("The body has no presentation object."), code="validation_error", status=422
        )
    options = _options(body)
    holder = _check_holder(presentation)
    issuer = _local_holder(holder)
    authorize(by, Perm.ISSUE_LABELS, issuer.organization)
    if not is_mfa_enabled(by):
        raise _refused(
            _(
                "Presenting labels in an organization's name needs two-factor authentication: "
                "set it up first."
            ),
            code="mfa_required",
            status=403,
        )
    problems = presentation_problems(presentation, holder=holder)
    if problems:
        raise _refused(" ".join(problems))
    schema = schema_errors(presentation)
    if schema:
        raise _refused(
            _("The presentation does not match the VC Data Model 2.0 JSON Schema: %(errors)s")
            % {"errors": "; ".join(schema)}
        )
    key = selectors.signing_key(issuer)
    if key is None:
        raise _refused(_("This issuer has no signing key."), code="no_signing_key")
    created = (now or timezone.now()).replace(microsecond=0)
    try:
        return dataintegrity.sign(
            presentation,
            secret_key=keystore.unseal(bytes(key.sealed_private_key)),
            verification_method=f"{selectors.issuer_did(issuer)}#{key.fragment}",
            created=created.isoformat().replace("+00:00", "Z"),
            proof_purpose=PROOF_PURPOSE,
            challenge=options.get("challenge"),
            domain=options.get("domain"),
        )
    except CredentialError as error:
        raise _refused(
            _("The presentation cannot be signed: %(error)s") % {"error": error.message},
            code=error.code,
        ) from None
