"""A light, server-rendered API reference built from the OpenAPI schema.

It is interactive without JavaScript: each GET operation has a form, and the small ``try`` view
fills the path parameters in and redirects to the real endpoint, whose JSON the browser shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": p.get("schema", {}).get("type", ""),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ops.append(
                {
                    "id": op.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tags": op.get("tags", []),
                    "params": params,
                    "body_ref": body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1],
                    "responses": sorted(op.get("responses", {}).keys()),
                    "secured": bool(op.get("security")),
                }
            )
    return ops


def _type_of(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return str(spec["$ref"]).rsplit("/", 1)[-1]
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in spec:
            return " | ".join(_type_of(s) for s in spec[combinator])
    if spec.get("type") == "array":
        return _("array of %(type)s") % {"type": _type_of(spec.get("items", {}))}
    if "enum" in spec:
        return " | ".join(repr(v) for v in spec["enum"])
    return str(spec.get("format") or spec.get("type") or "object")


def _schemas(schema: dict[str, Any], names: set[str]) -> dict[str, dict[str, Any]]:
    """Each component schema of ``names`` as its fields (name, type, required) or, for an enum,
    its values."""
    out = {}
    for name, spec in schema.get("components", {}).get("schemas", {}).items():
        if name not in names:
            continue
        required = set(spec.get("required", []))
        out[name] = {
            "fields": [
                (field, _type_of(fspec), field in required)
                for field, fspec in spec.get("properties", {}).items()
            ],
            "values": [str(v) for v in spec.get("enum", [])],
        }
    return out


SCHEMAS_PART = "schemas"
# The schemas come in parts of this many, so that each page stays light: "schemas", then
# "schemas-2", "schemas-3"…
SCHEMAS_PER_PART = 40


def _schema_parts(schema: dict[str, Any]) -> dict[str, str]:
    """The part of the reference each component schema is on."""
    names = list(schema.get("components", {}).get("schemas", {}))
    return {
        name: SCHEMAS_PART
        if i < SCHEMAS_PER_PART
        else f"{SCHEMAS_PART}-{i // SCHEMAS_PER_PART + 1}"
        for i, name in enumerate(names)
    }


class ReferenceDocs(DocsBase):
    """The reference in parts, each page light: an index of every operation, one page per tag
    with its operations in full (``?part=<tag>``) and one with the schemas
    (``?part=schemas``)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema()
        operations = _operations(schema)
        tags = list(dict.fromkeys(op["tags"][0] if op["tags"] else "" for op in operations))
        schema_parts = _schema_parts(schema)
        parts_of_schemas = list(dict.fromkeys([SCHEMAS_PART, *schema_parts.values()]))
        part = request.GET.get("part", "")
        if part and part not in tags and part not in parts_of_schemas:
            raise Http404("no such part of the reference")
        for op in operations:
            op["part"] = op["tags"][0] if op["tags"] else ""
            op["body_part"] = schema_parts.get(op["body_ref"], SCHEMAS_PART)
        context = {
            "api": api,
            "openapi_url": self.get_openapi_url(api, kwargs),
            "operations": operations,
            "tags": tags,
            "part": part,
            "schemas_part": SCHEMAS_PART,
            "schema_parts": parts_of_schemas,
            "shown": [op for op in operations if op["part"] == part] if part else [],
            "schemas": _schemas(schema, {n for n, p in schema_parts.items() if p == part}),
        }
        return render(request, "api/docs.html", context)


@require_safe
def try_operation(request: HttpRequest) -> HttpResponse:
    """Redirect a docs form to the real GET endpoint, with its path parameters filled in."""
    from intercoop.api.api import api

    schema = api.get_openapi_schema()
    wanted = request.GET.get("operation", "")
    for op in _operations(schema):
        if op["id"] == wanted and op["method"] == "GET":
            path = op["path"]
            query = []
            for param in op["params"]:
                value = request.GET.get(param["name"], "")
                if param["in"] == "path":
                    if not value:
                        raise Http404("missing path parameter")
                    path = path.replace("{" + param["name"] + "}", quote(value, safe=""))
                elif value:
                    query.append((param["name"], value))
            return HttpResponseRedirect(path + ("?" + urlencode(query) if query else ""))
    raise Http404("unknown operation")
