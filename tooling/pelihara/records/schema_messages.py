"""jsonschema's validator for the schemas, used only for a file the compiled validator
(`schema.py`) rejects: it lists every error with its JSON path, for the messages.

It runs `pattern`, `patternProperties` and, when it has to tell which keys a
patternProperties covers, `additionalProperties` with RE2 (`patterns.py`), like the compiled
validator; the rest is Draft202012Validator's own. (`unevaluatedProperties` beside
patternProperties is refused when loading: jsonschema's helper for it searches with `re`.)
Schemas `$ref` each other from memory (a `referencing` registry), never from the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from referencing import Registry, Resource

from pelihara.core.formats import FORMATS
from pelihara.records.patterns import compile_pattern


def validator(schema: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> Any:
    """The validator of `schema`, with every schema of `by_id` (by `$id`) reachable by `$ref`
    and our format functions (`formats.py`)."""
    registry: Registry[Any] = Registry().with_resources(
        (sid, Resource.from_contents(s)) for sid, s in by_id.items())
    checker = FormatChecker(formats=())
    for fmt, func in FORMATS.items():
        checker.checks(fmt)(func)
    return _RE2Validator(schema, registry=registry, format_checker=checker)


_ADDITIONAL = Draft202012Validator.VALIDATORS["additionalProperties"]


# jsonschema calls a keyword function with (validator, value, instance, schema), used or not.
def _pattern(validator: Any, pattern: str, instance: Any, schema: Any  # noqa: ARG001
             ) -> Iterator[Any]:
    if validator.is_type(instance, "string") and not compile_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, properties: dict[str, Any], instance: Any,
                        schema: Any) -> Iterator[Any]:  # noqa: ARG001
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in properties.items():
        regex = compile_pattern(pattern)
        for key, value in instance.items():
            if regex.search(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any,
                           schema: Any) -> Iterator[Any]:
    if "patternProperties" not in schema:  # no pattern involved: jsonschema's own
        yield from _ADDITIONAL(validator, additional, instance, schema)
        return
    if not validator.is_type(instance, "object"):
        return
    known = schema.get("properties", {})
    regexes = [compile_pattern(p) for p in schema["patternProperties"]]
    extras = [k for k in instance if k not in known and not any(r.search(k) for r in regexes)]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif additional is False and extras:
        yield ValidationError(f"{', '.join(map(repr, sorted(extras)))} do not match any of "
                              f"the regexes: {', '.join(map(repr, schema['patternProperties']))}")


_RE2Validator = validators.extend(Draft202012Validator, {
    "pattern": _pattern, "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties})
