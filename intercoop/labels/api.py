"""The labels' API: verifying a credential, shaped like the W3C VC API's
``POST /credentials/verify``. Public: no token, no session, so no CSRF check; rate limited per
address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from intercoop.api.errors import errors
from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import client_address, rate_limit
from intercoop.labels import checks

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
        "check. The credential must be signed by a key of an issuer of this site. A body that is "
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
        if not c.ok
    ]
    answer = VerifyOut(checks=[c.key for c in verification.checks], warnings=[], errors=failed)
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
