"""The public verifier: anyone pastes a credential or uploads it (JSON, or a PNG or SVG image it
is baked into) and sees each of its checks (``checks.examine``). No JavaScript; rate limited per
address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from intercoop.core.errors import ServiceError
from intercoop.core.ratelimit import client_address, rate_limit
from intercoop.labels import checks
from intercoop.labels.forms import VerifyForm


def _achievement_name(document: dict[str, Any]) -> str:
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    name = achievement.get("name") if isinstance(achievement, dict) else None
    return name if isinstance(name, str) else ""


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if posted:
        rate_limit("credential_verify", client_address(request))
        status = 400
        if form.is_valid():
            try:
                document = checks.parse_credential(checks.credential_text(form.content()))
            except ServiceError as exc:
                form.add_refusal(exc)
                status = exc.status
            else:
                issuer = checks.local_issuer(document)
                status = 200
                context |= {
                    "verification": checks.examine(document),
                    "name": _achievement_name(document),
                    "issuer": issuer,
                    "issuer_url": checks.issuer_page(issuer) if issuer is not None else "",
                }
    return render(request, "labels/verify.html", context, status=status)
