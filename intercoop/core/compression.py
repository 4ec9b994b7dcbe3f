"""Compresses what is safe to compress: the API's answers and the open-data exports.

Never an HTML page, and never anything answered to a browser's session: a page that reflects
what a request asks for beside a secret (a CSRF token, private data) leaks that secret through
its compressed size (BREACH). API clients with a token and anonymous readers of open data carry
no such secret, and they are the ones that download megabytes (the JSON-LD export of the UK
directory: 6.84 MB, 0.62 MB compressed).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class SafeGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type in ("", "text/html", "application/xhtml+xml"):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        return super().process_response(request, response)
