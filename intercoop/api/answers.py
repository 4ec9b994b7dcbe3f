"""Answers that an operation writes itself, through the API's own renderer.

An operation whose answer is costly to validate through its response schema (django-ninja
validates every nested object) may build the JSON data itself and return it with
``json_answer``: the bytes and the ``Content-Type`` are those the renderer writes for a schema's
answer, and the operation keeps its ``response=`` schema, which documents the answer in the
OpenAPI document. A test must then show that the data is what the schema would give.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def json_answer(request: HttpRequest, data: Any, *, status: int = 200) -> HttpResponse:
    # intercoop.api.api imports the routers, which import this module.
    from intercoop.api.api import api

    return api.create_response(request, data, status=status)
