"""jsonschema errors → message codes with a JSON path (the position is found later).

One `SchemaError` per thing a person has to fix: a missing field, an unknown field, a bad
value. Inside anyOf/oneOf only the best-matching branch's error is kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pelihara.core.formats import EXAMPLES
from pelihara.core.text import Text
from pelihara.core.timeparse import TimeTextError, parse_date, parse_time

if TYPE_CHECKING:  # jsonschema is loaded only when a file fails the compiled validator
    from jsonschema.exceptions import ValidationError

TIME_FORMATS = {"local-date-time": parse_time, "date": parse_date}
"""Formats whose faults the time reader explains itself (`time.*` codes with the fix)."""


@dataclass(frozen=True)
class SchemaError:
    """A schema fault at `path`; `key` names an offending mapping key (unknown field)."""

    path: tuple[str | int, ...]
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    key: str | None = None


def show(value: Any, limit: int = 60) -> str:
    """A value as a person would type it, shortened so one message stays one line."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", " ")
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"'{text}'" if isinstance(value, str) else text


def _time_fault(fmt: Any, value: Any) -> TimeTextError | None:
    reader = TIME_FORMATS.get(fmt) if isinstance(fmt, str) else None
    if reader is None or not isinstance(value, str):
        return None
    try:
        reader(value)
    except TimeTextError as exc:
        return exc
    return None


JSON_TYPES = frozenset({"string", "integer", "number", "object", "array", "boolean", "null"})
"""JSON Schema's types, each named in the reader's language (`schema.type_name.<type>`)."""


def _type_names(names: list[str]) -> Text | str:
    """'teks/string' or 'teks/string / null', worded where the message is shown."""
    worded: list[Text | str] = [Text(f"schema.type_name.{n}") if n in JSON_TYPES else n
                                for n in names]
    expected = worded[0]
    for name in worded[1:]:
        expected = Text("words.either", a=expected, b=name)
    return expected


def convert(errors: Iterable[ValidationError]) -> list[SchemaError]:
    result: list[SchemaError] = []
    seen: set[tuple[Any, ...]] = set()
    for error in errors:
        for item in _convert_one(error):
            marker = (item.path, item.code, item.key, tuple(sorted(map(str, item.params.items()))))
            if marker not in seen:
                seen.add(marker)
                result.append(item)
    return result


def _convert_one(error: ValidationError) -> list[SchemaError]:
    from jsonschema.exceptions import best_match  # loaded already: `error` is jsonschema's

    if error.validator in ("anyOf", "oneOf") and error.context:
        best = best_match(error.context)
        if best is not None:
            return _convert_one(best)
    path = tuple(error.absolute_path)
    for convert in (_shape, _text, _bounds):
        found = convert(error, path)
        if found is not None:
            return found
    return [SchemaError(path, "schema.invalid", {"detail": error.message})]


def _shape(error: ValidationError, path: tuple[str | int, ...]) -> list[SchemaError] | None:
    """Missing and unknown fields, wrong types, values outside a list."""
    keyword, value, rule = error.validator, error.instance, error.validator_value
    if keyword == "required" and isinstance(value, dict):
        return [SchemaError(path, "schema.required", {"field": name})
                for name in rule if name not in value]
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(value, dict):
        known = set(error.schema.get("properties", {}))
        allowed = ", ".join(sorted(known)) or "-"
        return [SchemaError(path, "schema.unknown_field", {"field": key, "allowed": allowed}, key)
                for key in value if key not in known]
    if keyword == "type":
        names = [rule] if isinstance(rule, str) else list(rule)
        expected = _type_names(names)
        return [SchemaError(path, "schema.type", {"value": show(value), "expected": expected})]
    if keyword in ("enum", "const"):
        choices = rule if keyword == "enum" else [rule]
        return [SchemaError(path, "schema.enum", {
            "value": show(value), "allowed": ", ".join(str(c) for c in choices)})]
    return None


def _text(error: ValidationError, path: tuple[str | int, ...]) -> list[SchemaError] | None:
    """Times, formats and patterns."""
    keyword, value, rule = error.validator, error.instance, error.validator_value
    time_fault = _time_fault(error.schema.get("format"), value)
    if time_fault is not None and keyword in ("format", "pattern"):
        # One message per bad time, from the reader every command uses, with the fix; the
        # pattern (kept in the schema for editors) says the same thing less helpfully.
        if keyword == "pattern":
            return []
        field_name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        return [SchemaError(path, time_fault.code, time_fault.params(field_name))]
    if keyword == "format":
        return [SchemaError(path, "schema.format", {
            "value": show(value), "format": rule, "format_hint": EXAMPLES.get(rule, rule)})]
    if keyword == "pattern":
        examples = error.schema.get("examples")
        hint = examples[0] if examples else error.schema.get("description", rule)
        return [SchemaError(path, "schema.pattern", {
            "value": show(value), "pattern": rule, "pattern_hint": hint})]
    return None


def _bounds(error: ValidationError, path: tuple[str | int, ...]) -> list[SchemaError] | None:
    """Lengths, sizes, ranges and uniqueness."""
    keyword, value, rule = error.validator, error.instance, error.validator_value
    if keyword in ("minLength", "minItems", "minProperties"):
        return [SchemaError(path, "schema.too_short", {"value": show(value), "limit": rule})]
    if keyword in ("maxLength", "maxItems", "maxProperties"):
        return [SchemaError(path, "schema.too_long", {"value": show(value), "limit": rule})]
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return [SchemaError(path, "schema.out_of_range", {
            "value": show(value), "rule": keyword, "limit": rule})]
    if keyword == "uniqueItems":
        return [SchemaError(path, "schema.not_unique", {"value": show(value)})]
    return None
