"""The OpenAPI schema declares, on every operation, each coded error status it can answer, and the
error body lists every code of the catalogue (``cyberins.api.error_codes``)."""

from __future__ import annotations

from typing import Any

from ninja.openapi.schema import OpenAPISchema

from cyberins.api.error_codes import all_codes

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}


def error_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "title": "ErrorOut",
        "description": "A refused request: a stable code (see docs/errors.md), a message in the request's "
        "language and the field at fault, if any.",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "title": "Code", "enum": all_codes()},
            "message": {"type": "string", "title": "Message"},
            "field": {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Field"},
            "errors": {"type": "array", "items": {"type": "object"}, "title": "Errors"},
        },
    }


def _statuses(method: str, operation: dict[str, Any]) -> dict[int, str]:
    statuses = {
        400: "Refused: a coded domain error or an unparseable body",
        403: "The caller's role may not do this",
        404: "No such record visible to the caller (also: an id out of range)",
    }
    if operation.get("security"):
        statuses[401] = "A valid API token is required"
    if operation.get("parameters") or operation.get("requestBody"):
        statuses[422] = "A value does not fit the schema"
    if operation.get("requestBody"):
        statuses[413] = "The request body is too large"
    if method != "get":
        statuses[409] = "The record is not in a state that allows this"
    return statuses


def declare_errors(schema: OpenAPISchema) -> OpenAPISchema:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorOut"] = error_schema()
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            # ninja keys its own responses by int; one key per status in the document.
            responses = {str(status): body for status, body in operation.get("responses", {}).items()}
            operation["responses"] = responses
            for status, description in _statuses(method, operation).items():
                responses[str(status)] = {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
            if path.endswith(".pdf") and "200" in responses:
                responses["200"] = {
                    "description": "The PDF document",
                    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
                }
    return schema
