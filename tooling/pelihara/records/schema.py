"""Schema validation with two validators: a compiled one for speed, jsonschema for messages.

Most files are valid, so each schema is compiled once with fastjsonschema and that answers
"valid?" in microseconds. Only a file it rejects goes through jsonschema's
Draft202012Validator, which lists every error with its JSON path; `convert` turns those into
message codes, picking the best match inside anyOf/oneOf so a person reads one useful message.

Both validators get the same format functions (`formats.py`) and resolve `$ref`s between our
schemas from memory, never from the network.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from types import CodeType
from typing import Any
from urllib.parse import urldefrag

import fastjsonschema
from fastjsonschema.draft2019 import CodeGeneratorDraft2019
from fastjsonschema.ref_resolver import RefResolver
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from pelihara.core.errors import PeliharaError
from pelihara.core.formats import FORMATS
from pelihara.records import codecache
from pelihara.records.errors_map import SchemaError, convert

Validator = Callable[[Any], Any]

_MEMORY: dict[str, tuple[str, CodeType]] = {}
"""Compiled validators of this process, by content key (tests build many repositories)."""


def _discriminator(condition: Any) -> tuple[str, str] | None:
    """`{"properties": {K: {"const": "v"}}, "required": [K]}` → (K, "v"), else None."""
    if not isinstance(condition, dict) or set(condition) - {"properties", "required"}:
        return None
    properties = condition.get("properties")
    if not isinstance(properties, dict) or len(properties) != 1:
        return None
    ((key, sub),) = properties.items()
    if not isinstance(sub, dict) or set(sub) != {"const"} or not isinstance(sub["const"], str):
        return None
    return (key, sub["const"]) if key in condition.get("required", ()) else None


class _Generator(CodeGeneratorDraft2019):
    """fastjsonschema's generator with one optimisation: `if: {event: {const: …}}`.

    The case schema says "a `submitted` event requires `memo`" with seventeen if/then
    branches per event. fastjsonschema compiles each `if` as a try/except that raises for
    every branch that does not apply: sixteen exceptions per event, three quarters of the
    validation time. A discriminator `if` is the same as a plain equality test, so that is
    what this emits. Any other `if` is compiled as before.
    """

    def generate_if_then_else(self) -> None:
        found = _discriminator(self._definition["if"])
        if found is None or "else" in self._definition:
            super().generate_if_then_else()
            return
        key, value = found
        with self.l("if isinstance({variable}, dict) and {variable}.get({}) == {}:",
                    repr(key), repr(value)):
            before = len(self._code)
            if "then" in self._definition:
                self.generate_func_code_block(self._definition["then"], self._variable,
                                              self._variable_name, clear_variables=True)
            if len(self._code) == before:
                self.l("pass")


@dataclass
class SchemaSet:
    """All schemas of a repository, by file name (`case.schema.json`)."""

    schemas: dict[str, dict[str, Any]]
    _fast: dict[str, Validator] = field(default_factory=dict)
    _slow: dict[str, Draft202012Validator] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {s["$id"]: s for s in self.schemas.values() if isinstance(s.get("$id"), str)}
        self.registry: Registry[Any] = Registry().with_resources(
            (sid, Resource.from_contents(s)) for sid, s in self.by_id.items()
        )

    def __contains__(self, name: str) -> bool:
        return name in self.schemas

    def _resolve(self, uri: str) -> dict[str, Any]:
        base, _ = urldefrag(uri)
        if base not in self.by_id:
            raise PeliharaError("check.schema_ref", {"ref": uri})
        return self.by_id[base]

    def fast(self, name: str) -> Validator:
        """The compiled validator for schema `name`: from memory, the disk cache, or built."""
        if name not in self._fast:
            key = self._key(name)
            cached = _MEMORY.get(key) or codecache.load(key)
            if cached is None:
                cached = self._build(name)
                codecache.store(key, *cached)
            _MEMORY[key] = cached
            scope, code = cached
            namespace: dict[str, Any] = {}
            exec(code, namespace)  # our own generated validator, as fastjsonschema loads it
            self._fast[name] = partial(namespace[scope], custom_formats=FORMATS)
        return self._fast[name]

    def _key(self, name: str) -> str:
        """Every schema takes part: a `$ref` may reach into any of them."""
        if not hasattr(self, "_digest"):
            text = json.dumps(self.schemas, sort_keys=True, ensure_ascii=True)
            self._digest = hashlib.sha256(f"{codecache.salt()}|{text}".encode()).hexdigest()
        return hashlib.sha256(f"{self._digest}|{name}".encode()).hexdigest()[:32]

    def _build(self, name: str) -> tuple[str, CodeType]:
        schema = self.schemas[name]
        _refuse_unknown_formats(name, schema)
        handlers = {"https": self._resolve, "http": self._resolve}
        resolver = RefResolver.from_schema(schema, handlers=handlers, store={})
        generator = _Generator(schema, resolver=resolver, formats=FORMATS,
                               use_default=False, use_formats=True)
        source = generator.global_state_code + "\n" + generator.func_code
        return resolver.get_scope_name(), compile(source, f"<validator {name}>", "exec")

    def slow(self, name: str) -> Draft202012Validator:
        if name not in self._slow:
            checker = FormatChecker(formats=())
            for fmt, func in FORMATS.items():
                checker.checks(fmt)(func)
            self._slow[name] = Draft202012Validator(
                self.schemas[name], registry=self.registry, format_checker=checker)
        return self._slow[name]

    def validate(self, name: str, data: Any) -> list[SchemaError]:
        """Every schema error in `data`, or [] when it is valid."""
        try:
            self.fast(name)(data)
        except fastjsonschema.JsonSchemaException:
            pass
        except (RecursionError, TypeError, ValueError):
            pass  # odd input the generated code did not expect: let jsonschema judge it
        else:
            return []
        return convert(self.slow(name).iter_errors(data))


def _refuse_unknown_formats(name: str, schema: Any) -> None:
    """A format neither validator knows would be skipped silently; refuse it loudly."""
    for node in _walk(schema):
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt not in FORMATS:
            raise PeliharaError("check.unknown_format", {"schema": name, "format": fmt})


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
