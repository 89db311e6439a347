"""Schema validation with two validators: a compiled one for speed, jsonschema for messages.

Most files are valid, so each schema is compiled once with fastjsonschema and that answers
"valid?" in microseconds. Only a file it rejects goes through jsonschema's
Draft202012Validator (`schema_messages.py`, imported only then), which lists every error with
its JSON path; `errors_map.convert` turns those into message codes, picking the best match
inside anyOf/oneOf so a person reads one useful message.

Both validators get the same format functions (`formats.py`) and resolve `$ref`s between our
schemas from memory, never from the network. Both run `pattern` and `patternProperties` with
RE2 (`patterns.py`), so no pattern can make them backtrack for minutes; every pattern is
compiled when the schemas are loaded, and one RE2 cannot run is named with its file and line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import CodeType
from typing import Any
from urllib.parse import urldefrag

import fastjsonschema
from fastjsonschema.draft2019 import CodeGeneratorDraft2019
from fastjsonschema.ref_resolver import RefResolver

from pelihara.core.errors import PeliharaError
from pelihara.core.formats import FORMATS
from pelihara.records import codecache, nofollow, yamlio
from pelihara.records.errors_map import SchemaError
from pelihara.records.patterns import PatternError, compile_pattern

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
    """fastjsonschema's generator with RE2 patterns and one optimisation:
    `if: {event: {const: …}}`.

    The case schema says "a `submitted` event requires `memo`" with seventeen if/then
    branches per event. fastjsonschema compiles each `if` as a try/except that raises for
    every branch that does not apply: sixteen exceptions per event, three quarters of the
    validation time. A discriminator `if` is the same as a plain equality test, so that is
    what this emits. Any other `if` is compiled as before.

    Patterns: fastjsonschema compiles each with Python's `re` into `REGEX_PATTERNS`. Here the
    generated code builds that table with `compile_pattern` (RE2) from the patterns as the
    schema wrote them, and `pattern`/`patternProperties` compile nothing with `re`.
    """

    @property
    def global_state_code(self) -> str:
        self._generate_func_code()
        table = ", ".join(f"{p!r}: compile_pattern({p!r})" for p in self._compile_regexps)
        return "\n".join([*self._extra_imports_lines,
                          "from fastjsonschema import JsonSchemaValueException, "
                          "JsonSchemaValuesException",
                          "from pelihara.records.patterns import compile_pattern",
                          f"REGEX_PATTERNS = {{{table}}}", ""])

    def generate_pattern(self) -> None:
        pattern = self._definition["pattern"]
        self._compile_regexps[pattern] = None  # the generated module compiles it with RE2
        with self.l("if isinstance({variable}, str):"), \
                self.l("if not REGEX_PATTERNS[{}].search({variable}):", repr(pattern)):
            self.exc("{name} must match pattern {}", self.e(pattern), rule="pattern")

    def generate_pattern_properties(self) -> None:
        """The parent's code, minus its `re.compile` of each key."""
        definitions = self._definition["patternProperties"]
        self.create_variable_is_dict()
        with self.l("if {variable}_is_dict:"):
            self.create_variable_keys()
            if not definitions:
                return
            for pattern in definitions:
                self._compile_regexps[pattern] = None
            with self.l("for {variable}_key, {variable}_val in {variable}.items():"):
                for pattern, definition in definitions.items():
                    with self.l("if REGEX_PATTERNS[{}].search({variable}_key):", repr(pattern)):
                        with self.l("if {variable}_key in {variable}_keys:"):
                            self.l("{variable}_keys.remove({variable}_key)")
                        self.generate_func_code_block(
                            definition, f"{self._variable}_val",
                            f"{self._variable_name}.{{{self._variable}_key}}",
                            clear_variables=True)

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


FOLDER = "schemas"
MAX_BYTES = 1024 * 1024
"""The case schema is about 40 KiB; a schema this large is a mistake, and is not read."""


def load_schema_set(root: Path) -> SchemaSet:
    """Every `schemas/*.json` of the repository at `root`, with its text for positions."""
    schemas: dict[str, dict[str, Any]] = {}
    texts: dict[str, str] = {}
    for path in nofollow.list_entries(root, f"{FOLDER}/*.json"):
        rel = f"{FOLDER}/{path.name}"
        try:  # read like a record: never followed, never more than the limit
            texts[path.name] = nofollow.read_bounded(path, MAX_BYTES, root).decode("utf-8")
            schemas[path.name] = json.loads(texts[path.name])
        except nofollow.Refused as exc:
            raise exc.located(rel) from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise PeliharaError("check.schema_unreadable", {"error": str(exc)}, rel) from None
    return SchemaSet(schemas, texts)


@dataclass
class SchemaSet:
    """All schemas of a repository, by file name (`case.schema.json`). `texts` (the files'
    text, by the same names) lets a bad pattern be named with its line."""

    schemas: dict[str, dict[str, Any]]
    texts: dict[str, str] = field(default_factory=dict)
    _fast: dict[str, Validator] = field(default_factory=dict)
    _slow: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, schema in self.schemas.items():
            _refuse_bad_patterns(name, schema, self.texts.get(name))
        self.by_id = {s["$id"]: s for s in self.schemas.values() if isinstance(s.get("$id"), str)}

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

    def slow(self, name: str) -> Any:
        """jsonschema's validator for schema `name` (`schema_messages`), built on first use:
        only a file the compiled validator rejects needs it, and importing jsonschema cost
        every command a sixth of its start-up."""
        if name not in self._slow:
            from pelihara.records import schema_messages

            self._slow[name] = schema_messages.validator(self.schemas[name], self.by_id)
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
        from pelihara.records.errors_map import convert  # loaded with the slow validator

        return convert(self.slow(name).iter_errors(data))


def _refuse_unknown_formats(name: str, schema: Any) -> None:
    """A format neither validator knows would be skipped silently; refuse it loudly."""
    for _, node in _walk(schema):
        fmt = node.get("format")
        if isinstance(fmt, str) and fmt not in FORMATS:
            raise PeliharaError("check.unknown_format", {"schema": name, "format": fmt})


def _refuse_bad_patterns(name: str, schema: Any, text: str | None) -> None:
    """Compile every pattern of `schema` with RE2 now, so a bad one stops the run with its
    file and line before any record is judged (a schema changes only in a reviewed rules
    change, but a mistake there must neither hang CI nor end in an internal error)."""
    for path, node in _walk(schema):
        found = [((*path, "pattern"), node["pattern"])] if isinstance(
            node.get("pattern"), str) else []
        keys = node.get("patternProperties")
        if isinstance(keys, dict):
            found += [((*path, "patternProperties", key), key) for key in keys]
            if "unevaluatedProperties" in node:  # jsonschema would search those with `re`
                raise PeliharaError("check.schema_bad_pattern", {
                    "schema": name, "pattern": ", ".join(keys),
                    "problem": "patternProperties + unevaluatedProperties"},
                    f"{FOLDER}/{name}", *_line(text, path))
        for where, pattern in found:
            try:
                compile_pattern(pattern)
            except PatternError as exc:
                raise PeliharaError("check.schema_bad_pattern", {
                    "schema": name, "pattern": pattern, "problem": exc.problem},
                    f"{FOLDER}/{name}", *_line(text, where)) from None


def _line(text: str | None, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
    """Line and column of the value at `path` in a schema's JSON text (JSON is YAML, so the
    strict YAML reader finds it), or nothing when the text is not at hand."""
    if text is None:
        return None, None
    try:
        return yamlio.parse(text).position(path)
    except yamlio.YamlProblem:
        return None, None


def _walk(node: Any) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Every mapping in a schema, with its path."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), node)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, dict):
            yield path, item
            stack.extend(((*path, key), value) for key, value in item.items())
        elif isinstance(item, list):
            stack.extend(((*path, index), value) for index, value in enumerate(item))
