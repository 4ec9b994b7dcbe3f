"""The labels' API, shaped like the W3C VC API: verifying a credential
(``POST /credentials/verify``: public, no token, no session, so no CSRF check; rate limited per
address) and issuing one in an issuer's name (``POST /credentials/issue``: with a token or the
session, rate limited per account), and, for a holder, presenting credentials
(``POST /presentations/prove``, as issuing)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from intercoop.accounts.api_auth import token_or_session
from intercoop.accounts.http import AuthedRequest
from intercoop.api.errors import AUTHENTICATED, errors
from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import client_address, rate_limit
from intercoop.labels import checks, issuing_api, presenting

router = Router(tags=["credentials"])


class ProblemOut(Schema):
    check: str
    title: str
    detail: str


class VerifyOut(Schema):
    checks: list[str]
    warnings: list[ProblemOut]
    errors: list[ProblemOut]


_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["verifiableCredential"],
                    "properties": {
                        "verifiableCredential": {
                            "type": "object",
                            "description": "The credential, a JSON object (at most 1 MB).",
                        }
                    },
                }
            }
        },
    }
}


@router.post(
    "/verify",
    response={200: VerifyOut, **errors(413, 422, 429)},
    operation_id="credentials_verify",
    auth=None,
    summary="Verify a credential: its proof, issuer, dates, revocation, fields and schema",
    description=(
        'As the W3C VC API: the body is `{"verifiableCredential": {...}}`. The answer names the '
        "checks made; it is 200 when every one passes. When one does not, it is 400 with the "
        'usual `{"error": {"code": "not_verified", "message"}}` and, beside it, the VC API\'s '
        '`checks`, `warnings` and `errors`: one `{"check", "title", "detail"}` for each failed '
        "check. The key that signed is an issuer's of this site, a did:key, or found in the DID "
        "document of a did:web of another host, fetched over HTTPS. Whether the issuer is an "
        "organization of this directory is a warning, not an error. A body that is "
        "not strict JSON (duplicate keys, NaN, nested too deeply) is a 400 error without checks, "
        "a body without a credential object a 422."
    ),
    openapi_extra=_REQUEST_BODY,
)
def credentials_verify(request: HttpRequest) -> Status[Any] | HttpResponse:
    rate_limit("credential_verify", client_address(request))
    try:
        body = checks.parse_credential(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ServiceError(_("The body is not UTF-8."), code="not_json") from None
    document = body.get("verifiableCredential")
    if not isinstance(document, dict):
        raise ServiceError(
            _("The body has no verifiableCredential object."), code="validation_error", status=422
        )
    verification = checks.examine(document)
    failed = [
        ProblemOut(check=c.key, title=str(c.label), detail=c.detail)
        for c in verification.checks
        if not c.ok and not c.warning
    ]
    notes = [
        ProblemOut(check=c.key, title=str(c.label), detail=c.detail)
        for c in verification.checks
        if not c.ok and c.warning
    ]
    answer = VerifyOut(checks=[c.key for c in verification.checks], warnings=notes, errors=failed)
    if verification.ok:
        return Status(200, answer)
    # An error as every error of the API is, with the VC API's answer beside it.
    message = _("The credential does not verify: %(checks)s.") % {
        "checks": ", ".join(p.title for p in failed)
    }
    return JsonResponse(
        {"error": {"code": "not_verified", "message": message}, **answer.model_dump()},
        status=400,
    )


class IssueOut(Schema):
    verifiableCredential: dict[str, Any]  # the VC API's name


_ISSUER_URL = {"type": "string", "pattern": issuing_api.ISSUER_PATTERN}
_ISSUE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["credential"],
                    "properties": {
                        "credential": {
                            "type": "object",
                            "description": "A VC Data Model 2.0 credential.",
                            "required": ["issuer"],
                            "properties": {
                                "issuer": {
                                    "description": "The did:web of an issuer of this site.",
                                    "anyOf": [
                                        _ISSUER_URL,
                                        {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {"id": _ISSUER_URL},
                                        },
                                    ],
                                }
                            },
                        },
                        "options": {
                            "type": "object",
                            "maxProperties": 0,
                            "description": "None are taken: send it empty, or leave it out.",
                        },
                    },
                }
            }
        },
    }
}


@router.post(
    "/issue",
    response={201: IssueOut, **errors(*AUTHENTICATED, 404, 422)},
    operation_id="credentials_issue",
    auth=token_or_session,
    summary="Issue a credential in an issuer's name: checked, then signed",
    description=(
        'As the W3C VC API: the body is `{"credential": {...}, "options": {}}`. The '
        "credential's `issuer` (a URL, or an object with an `id`) is the did:web of an issuer "
        "of this site (404 `unknown_issuer` if it is not), in whose organization the caller "
        "may issue labels; the caller must have two-factor authentication set up (403 "
        "`mfa_required`). The credential is checked against the VC Data Model 2.0 (its rules "
        "and its JSON Schema) and by the credential core's safe mode (undefined terms, "
        "contexts this site does not hold, too much work): a 400 names each problem. Proofs "
        "already there (a co-signer's) are kept as they are, not checked, and ours is added "
        "beside them (a proof set). It is signed `eddsa-rdfc-2022` by the issuer's signing "
        'key, and the answer is 201 `{"verifiableCredential": {...}}`. Nothing is stored.'
    ),
    openapi_extra=_ISSUE_BODY,
)
def credentials_issue(request: AuthedRequest) -> Status[IssueOut]:
    rate_limit("credential_issue", request.user.pk)
    try:
        body = checks.parse_credential(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ServiceError(_("The body is not UTF-8."), code="not_json") from None
    signed = issuing_api.credential_issue(body=body, by=request.user)
    return Status(201, IssueOut(verifiableCredential=signed))


# A holder's operations, as the VC API's: presenting credentials in an organization's name.
presentations_router = Router(tags=["presentations"])


class ProveOut(Schema):
    verifiablePresentation: dict[str, Any]  # the VC API's name


_HOLDER_URL = {"type": "string", "pattern": issuing_api.ISSUER_PATTERN}
_PROVE_OPTION = {"type": "string", "minLength": 1, "maxLength": 1000}
_PROVE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["presentation"],
                    "properties": {
                        "presentation": {
                            "type": "object",
                            "description": "A VC Data Model 2.0 presentation without a proof.",
                            "required": ["holder"],
                            "properties": {
                                "holder": {
                                    "description": "The did:web of an issuer of this site.",
                                    "anyOf": [
                                        _HOLDER_URL,
                                        {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {"id": _HOLDER_URL},
                                        },
                                    ],
                                }
                            },
                        },
                        "options": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "challenge": {
                                    **_PROVE_OPTION,
                                    "description": "The verifier's challenge, put in the proof.",
                                },
                                "domain": {
                                    **_PROVE_OPTION,
                                    "description": "The verifier's domain, put in the proof.",
                                },
                            },
                        },
                    },
                }
            }
        },
    }
}


@presentations_router.post(
    "/prove",
    response={201: ProveOut, **errors(*AUTHENTICATED, 404, 422)},
    operation_id="presentations_prove",
    auth=token_or_session,
    summary="Present credentials in a holder's name: checked, then signed",
    description=(
        'As the W3C VC API: the body is `{"presentation": {...}, "options": {"challenge", '
        '"domain"}}` (both options optional). The presentation\'s `holder` (a URL, or an '
        "object with an `id`) is the did:web of an issuer of this site (404 `unknown_holder` "
        "if it is not), in whose organization the caller may issue labels; the caller must "
        "have two-factor authentication set up (403 `mfa_required`). The presentation is "
        "checked against the VC Data Model 2.0 (its rules and its JSON Schema): each "
        "`verifiableCredential` is an object, a credential or an "
        "`EnvelopedVerifiableCredential` with a `data:` URL; a credential without a proof of "
        "its own is self-asserted and its `issuer` must be the `holder`. A 400 names each "
        "problem. The credentials' own proofs are not checked (verify them one by one). It is "
        "then signed `eddsa-rdfc-2022` by the holder's signing key, proof purpose "
        "`authentication`, with the challenge and domain in the proof, and the answer is 201 "
        '`{"verifiablePresentation": {...}}`. Nothing is stored. Its rate limit is shared with '
        "issuing."
    ),
    openapi_extra=_PROVE_BODY,
)
def presentations_prove(request: AuthedRequest) -> Status[ProveOut]:
    rate_limit("credential_issue", request.user.pk)
    try:
        body = checks.parse_credential(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ServiceError(_("The body is not UTF-8."), code="not_json") from None
    signed = presenting.presentation_prove(body=body, by=request.user)
    return Status(201, ProveOut(verifiablePresentation=signed))
