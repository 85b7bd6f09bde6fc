"""Constrained input types for the API schemas: every length, type and range is checked before the
database sees the value, the same way on SQLite and PostgreSQL.

- text: no NUL, no lone surrogate (neither can be stored: PostgreSQL refuses NUL, UTF-8 refuses a lone
  surrogate), at most the model field's ``max_length`` (``TEXT_MAX`` for a ``TextField``);
- integers: JSON integers only (``true`` is not 1, ``"7"`` is not 7) within a signed 64-bit column;
- dates and times: ISO strings only (``20260101`` is not a Unix timestamp);
- amounts: finite decimals, as a bounded decimal string or a JSON number (services check range).

``find_unstorable_text`` walks a parsed body or query string for the same text rule, so free-form JSON
(questionnaire answers, systems) is covered too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import Ge, Le
from django.db import models
from ninja import Schema
from pydantic import BeforeValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, Strict, field_validator
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
#: Longest accepted value for a ``TextField`` (notes, statements, reasons).
TEXT_MAX = 10_000
#: Error type (and API error code) of text that cannot be stored.
INVALID_TEXT = "invalid_text"


def is_storable_text(value: str) -> bool:
    """False for a NUL character or a lone UTF-16 surrogate (e.g. from JSON ``"\\ud800"``)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_unstorable_text(data: Any, path: tuple[str, ...] = ()) -> str | None:
    """The dotted path of the first unstorable string (key or value) in parsed JSON, else ``None``."""
    if isinstance(data, str):
        return None if is_storable_text(data) else ".".join(path)
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and not is_storable_text(key):
                return ".".join(path)
            found = find_unstorable_text(value, (*path, str(key)))
            if found is not None:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = find_unstorable_text(value, (*path, str(index)))
            if found is not None:
                return found
    return None


def _storable(value: str) -> str:
    if not is_storable_text(value):
        raise PydanticCustomError(INVALID_TEXT, "Text must not contain NUL or unpaired surrogate characters")
    return value


def refuse_null(value: Any) -> Any:
    """For optional PATCH fields (``field_validator("*", mode="before")``): leave out, never ``null``."""
    if value is None:
        raise PydanticCustomError("null_not_allowed", "This field cannot be null")
    return value


def _no_numbers(value: Any) -> Any:
    if not isinstance(value, (str, date)):
        raise PydanticCustomError("iso_date_required", "Give the date or time as an ISO 8601 string")
    return value


def _true_or_false(value: Any) -> Any:
    if value in ("true", "false", True, False):
        return value in ("true", True)
    raise PydanticCustomError("bool_parsing", "Give true or false")


def _json_integer(value: Any) -> Any:
    # JSON Schema counts 3.0 as an integer; a boolean or a numeric string is not one.
    if isinstance(value, (bool, str)):
        raise PydanticCustomError("number_required", "A number is required")
    return value


@dataclass(frozen=True)
class TextLimit:
    """``Annotated[str, TextLimit(n)]``: a JSON string (not a number), storable, at most ``n`` long."""

    max_length: int = TEXT_MAX
    min_length: int = 0

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            _storable,
            core_schema.str_schema(strict=True, max_length=self.max_length, min_length=self.min_length),
        )


#: A decimal literal as JSON text: bounded, so no service ever parses a million digits.
DECIMAL_PATTERN = r"^[+-]?[0-9]{1,20}(\.[0-9]{1,20})?$"


def _json_decimal(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise PydanticCustomError("number_required", "A number is required")
    if isinstance(value, str) and not re.fullmatch(DECIMAL_PATTERN, value):
        raise PydanticCustomError("number_required", "A number is required")
    return value


@dataclass(frozen=True)
class DecimalInput:
    """``Annotated[Decimal, DecimalInput()]``: a finite amount given as a decimal string (``"250000.00"``)
    or a JSON number. Range, sign and places stay with the service, which answers its own coded error."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(
            _json_decimal, core_schema.decimal_schema(allow_inf_nan=False)
        )

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        return {"anyOf": [{"type": "string", "pattern": DECIMAL_PATTERN}, {"type": "number"}]}


def model_text(model: type[models.Model], field: str, *, min_length: int = 0) -> TextLimit:
    """The text limit of a model field (``TEXT_MAX`` for a ``TextField``)."""
    max_length = getattr(model._meta.get_field(field), "max_length", None) or TEXT_MAX
    return TextLimit(max_length, min_length)


#: Any storable text up to ``TEXT_MAX``.
Text = Annotated[str, TextLimit()]
#: A JSON integer (not a boolean, not a string) that fits a signed 64-bit column.
Int64 = Annotated[int, Ge(INT64_MIN), Le(INT64_MAX), BeforeValidator(_json_integer)]
#: A record id in a JSON body: a positive integer that fits a ``BigAutoField``.
Id = Annotated[int, Ge(1), Le(INT64_MAX), BeforeValidator(_json_integer)]
#: A TCP port.
Port = Annotated[int, Ge(1), Le(65535), BeforeValidator(_json_integer)]
#: A decimal amount (see ``DecimalInput``).
Amount = Annotated[Decimal, DecimalInput()]
#: A date or time given as an ISO string, never as a number.
IsoDate = Annotated[date, BeforeValidator(_no_numbers)]
IsoDateTime = Annotated[datetime, BeforeValidator(_no_numbers)]
#: A JSON boolean only (``"yes"`` and ``1`` are refused).
Flag = Annotated[bool, Strict()]
#: A boolean query parameter: ``true`` or ``false``, nothing else.
QueryFlag = Annotated[bool, BeforeValidator(_true_or_false)]


#: The default of a PATCH field: left out, it stays as it is (``exclude_unset``); the schema shows no null.
UNCHANGED: Any = None


class PatchSchema(Schema):
    """A partial update: a field left out stays as it is; a field given as ``null`` is refused (it must
    never be stored as the text "None" or clear a required value)."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any) -> Any:
        return refuse_null(value)
