"""Strict YAML reading: the edge between bytes on disk and plain data with positions.

Rules (every record is untrusted input):
- no duplicate keys, no anchors or aliases (alias bombs), a size cap, UTF-8 only;
- dates, times and yes/no/on/off stay strings until the schema has checked them;
- every node keeps its line and column, so a finding can point at `file:line:col`.

The parser is libyaml's (CParser) when available: the same speed as `yaml.CSafeLoader`.
Positions are not copied into a side table for every node; instead the composed node tree is
kept, and `Document.position(path)` walks it only when a finding needs a position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from pelihara.core.errors import PeliharaError
from pelihara.records import nofollow

try:  # libyaml: the fast path, and what the benchmark compares against
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - the pure-Python parser is slower but equivalent
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_BYTES = 512 * 1024
"""Case, plan and registry files are a few KiB; anything this large is a mistake or an attack."""

MAX_DEPTH = 64
"""Records nest four or five levels deep; deeper input is refused before it can recurse."""


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class StrictResolver(BaseResolver):
    """YAML 1.2 core-schema scalars only: `true/false`, `null`, ints and floats.

    Timestamps and yes/no/on/off are deliberately not resolved, so `2026-11-28` and `no`
    reach the schema as strings and the schema decides what they mean.

    `resolve` is a tight copy of BaseResolver's for this table, and the path-resolver hooks
    are no-ops (records use no path resolvers): libyaml calls all three for every node, and
    they were a fifth of `pelihara check`'s parse time.
    """

    def descend_resolver(self, current_node: Any, current_index: Any  # noqa: ARG002 (PyYAML's hook)
                         ) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                if value == "":
                    return "tag:yaml.org,2002:null"
                for tag, regexp in _IMPLICIT.get(value[0], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"]
)
StrictResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = StrictResolver.yaml_implicit_resolvers


class YamlProblem(PeliharaError):
    """A YAML-level fault with its position (1-based line and column); `parse` and
    `load_file` add the file's name."""

    line: int
    column: int

    def __init__(self, code: str, line: int, column: int, params: dict[str, Any]) -> None:
        super().__init__(code, params, None, line, column)


class _StrictLoader(_Parser, StrictResolver):
    """libyaml's parser and composer with the strict resolver; no constructor: `_build`
    turns the node tree into data itself, checking as it goes."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        StrictResolver.__init__(self)




def _scalar(node: ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag in (_STR, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"):
        return value  # timestamps stay text until the schema has checked them
    try:
        if tag == "tag:yaml.org,2002:int":
            return int(value)
        if tag == "tag:yaml.org,2002:float":
            return float(value)
    except ValueError:
        raise YamlProblem("yaml.bad_scalar", *_pos(node), {"value": value, "tag": tag}) from None
    if tag == "tag:yaml.org,2002:bool" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:null":
        return None
    raise YamlProblem("yaml.tag", *_pos(node), {"tag": tag})


def _build(node: Node, depth: int, seen: set[int] | None) -> Any:
    """Plain data from a node tree in one pass, refusing what `yaml.safe_load` would accept
    but a record must not contain: aliases (a node met twice), duplicate or non-text keys,
    merge keys, explicit tags, and nesting deeper than MAX_DEPTH. One pass instead of a
    depth walk plus SafeConstructor keeps `pelihara check` close to the bare parse's speed.
    `seen` is None when the text has no `&`: without an anchor there is no alias to find."""
    if depth > MAX_DEPTH:
        raise YamlProblem("yaml.too_deep", *_pos(node), {"limit": MAX_DEPTH})
    if seen is not None:
        if id(node) in seen:
            raise YamlProblem("yaml.alias", *_pos(node), {})
        seen.add(id(node))
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ:
            raise YamlProblem("yaml.tag", *_pos(node), {"tag": node.tag})
        return [_build(child, depth + 1, seen) for child in node.value]
    if node.tag != _MAP:
        raise YamlProblem("yaml.tag", *_pos(node), {"tag": node.tag})
    return _mapping(node, depth, seen)


def _mapping(node: Node, depth: int, seen: set[int] | None) -> dict[str, Any]:
    """`_build` of a mapping: text keys, each once."""
    result: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        if seen is not None:
            if id(key_node) in seen:
                raise YamlProblem("yaml.alias", *_pos(key_node), {})
            seen.add(id(key_node))
        if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("yaml.merge_key", *_pos(key_node), {})
            shown = key_node.value if isinstance(key_node, ScalarNode) else "[…]"
            raise YamlProblem("yaml.key_not_string", *_pos(key_node), {"key": repr(shown)})
        key = key_node.value
        if key in result:
            raise YamlProblem("yaml.duplicate_key", *_pos(key_node),
                              {"key": key, "first_line": lines[key]})
        lines[key] = key_node.start_mark.line + 1
        result[key] = _build(value_node, depth + 1, seen)
    return result


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class Document:
    """One parsed record file: the plain data and the node tree it came from."""

    path: str
    data: Any
    node: Node | None
    text: str
    _keys: dict[int, dict[str, tuple[Node, Node]]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    """Per mapping node (by id): key → (key node, value node), built the first time a finding
    looks into that mapping. Scanning the mapping for each finding instead made a file with
    55,000 unknown keys take 85 s (55,000 findings × 55,000 keys)."""

    def position(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Line and column (1-based) of the value at a JSON path, or its nearest parent."""
        node = self.node
        if node is None:
            return 1, 1
        best = _pos(node)
        for part in path:
            child = self._child(node, part)
            if child is None:
                break
            node = child
            best = _pos(node)
        return best

    def key_position(self, path: Sequence[str | int], key: str) -> tuple[int, int]:
        """Position of a mapping key (for 'unknown field' findings), else of its parent."""
        parent = self.node
        for part in path:
            parent = self._child(parent, part) if parent is not None else None
        if isinstance(parent, MappingNode):
            entry = self._entries(parent).get(key)
            if entry is not None:
                return _pos(entry[0])
        return self.position(path)

    def _child(self, node: Node | None, part: str | int) -> Node | None:
        if isinstance(node, MappingNode) and isinstance(part, str):
            entry = self._entries(node).get(part)
            return entry[1] if entry is not None else None
        if isinstance(node, SequenceNode) and isinstance(part, int) and \
                0 <= part < len(node.value):
            return node.value[part]
        return None

    def _entries(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        entries = self._keys.get(id(node))
        if entries is None:
            entries = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    entries.setdefault(key_node.value, (key_node, value_node))
            self._keys[id(node)] = entries
        return entries


def decode(raw: bytes) -> str:
    """UTF-8 text of a record file, or a `YamlProblem` pointing at the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem("yaml.too_large", 1, 1, {"size": len(raw), "limit": MAX_BYTES})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = f"0x{raw[exc.start]:02x}"
        raise YamlProblem("yaml.not_utf8", line, column, {"byte": byte}) from None
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        raise YamlProblem("yaml.binary", line, index - text.rfind("\n", 0, index), {})
    return text.removeprefix("\ufeff")


def parse(text: str, path: str = "<string>") -> Document:
    """Parse one YAML document strictly. Raises `YamlProblem` with `path` and a position."""
    try:
        return _parse(text, path)
    except YamlProblem as problem:
        raise problem.located(path) from None


def _parse(text: str, path: str) -> Document:
    if text.count("[") + text.count("{") > _FLOW_SCAN_THRESHOLD:
        _check_flow_depth(text)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(path, None, None, text)
        data = _build(node, 1, set() if "&" in text else None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "").strip()
        offset = mark.index if mark else -1
        if 0 <= offset < len(text) and text[offset] == "\t":
            raise YamlProblem("yaml.tab", line, column, {}) from None
        if "nesting depth" in problem:  # libyaml ≥ 0.2.5 has its own limit (PyYAML ≥ 6.0.4)
            raise YamlProblem("yaml.too_deep", line, column, {"limit": MAX_DEPTH}) from None
        if "expected a single document" in problem or "but found another document" in problem:
            raise YamlProblem("yaml.multiple_documents", line, column, {}) from None
        raise YamlProblem("yaml.syntax", line, column, {"problem": problem}) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml.syntax", 1, 1, {"problem": str(exc)}) from None
    finally:
        loader.dispose()
    return Document(path, data, node, text)


_FLOW_SCAN_THRESHOLD = 256


def _check_flow_depth(text: str) -> None:
    """Refuse deep nesting before libyaml composes it.

    libyaml's composer recurses in C, so `[[[[…` a few hundred thousand deep overflows the C
    stack and kills the process. Its event parser does not recurse, so depth is counted from
    the events first. Only files with many brackets pay for this pass.
    """
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_StrictLoader):  # type: ignore[arg-type]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise YamlProblem("yaml.too_deep", line, column, {"limit": MAX_DEPTH})
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the real parse reports it with its position


def read_record(path: Path, root: Path | None = None) -> bytes:
    """The bytes of one record file: every reader of records goes through here (or through
    `read_in`, the same read through a run's open folders).

    Nothing is followed and at most `MAX_BYTES` + 1 bytes are ever read
    (`pelihara.records.nofollow`): a symlink, a folder, a FIFO, a device or a file over the
    limit is a `YamlProblem` at 1:1 saying what stands there, and inside `root` so is a
    symlinked folder on the way. Raises `OSError` when nothing is there or it cannot be read.
    """
    try:
        return nofollow.read_bounded(path, MAX_BYTES, root)
    except nofollow.Refused as refused:
        raise YamlProblem(refused.code, 1, 1, refused.params) from None


def read_in(folders: nofollow.Folders, rel: str) -> bytes:
    """`read_record` of the repository-relative `rel`, through a run's open folders."""
    try:
        return folders.read(rel, MAX_BYTES)
    except nofollow.Refused as refused:
        raise YamlProblem(refused.code, 1, 1, refused.params) from None


def load_or_none(root: Path, rel: str) -> Document | None:
    """The record `rel` under `root` (`load_file`), or None when it cannot be used: `check`
    reports such a file with its own findings, so a rule about other files skips it."""
    try:
        return load_file(root / rel, rel, root)
    except (YamlProblem, OSError):
        return None


def load_file(path: Path, display: str | None = None, root: Path | None = None) -> Document:
    """Read (`read_record`), decode and parse a record file. Raises `YamlProblem` for every
    fault of the file or its YAML (with `display`, or the path, as its file)."""
    name = display or str(path)
    try:
        text = decode(read_record(path, root))
    except YamlProblem as problem:
        raise problem.located(name) from None
    return parse(text, name)
