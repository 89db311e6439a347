"""Writing case files as text: new cases, appended events, atomic replacement on disk.

An event is appended by inserting lines after the last line of the `events:` list, so the
file's comments, key order and quoting stay exactly as they were and the diff of a transition
only adds lines. The result is parsed again and compared with the intended data before anyone
writes it: a layout this module cannot extend safely is refused, never mangled.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from pelihara.core.errors import PeliharaError
from pelihara.core.timeparse import to_wib
from pelihara.records import yamlio

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base 32: no I, L, O or U, so an ID read aloud or retyped is not mistaken."""
ID_ATTEMPTS = 500
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../../schemas/case.schema.json\n"
CASE_KEYS = ("id", "title", "application", "unit", "origin", "standard_version", "contact",
             "confidential", "description")


def new_id(prefix: str, at: datetime, taken: set[str], randbelow: Callable[[int], int]) -> str:
    """`<prefix>-YYYYMMDD-XXX`: the date in WIB and 3 random Crockford characters.

    Two branches opening records on the same day pick from 32,768 suffixes each, so a
    collision is rare, and `check --base` rejects the rare one. `taken` holds IDs already known
    (working tree and branch tips); `randbelow` is `secrets.randbelow` except in tests."""
    stamp = to_wib(at).strftime("%Y%m%d")
    for _ in range(ID_ATTEMPTS):
        suffix = "".join(CROCKFORD[randbelow(32)] for _ in range(3))
        candidate = f"{prefix}-{stamp}-{suffix}"
        if candidate not in taken:
            return candidate
    raise PeliharaError("write.id_exhausted", {"date": stamp})


def new_case_id(opened: datetime, taken: set[str], randbelow: Callable[[int], int]) -> str:
    """`PML-YYYYMMDD-XXX`, dated by the case's opening (see `new_id`)."""
    return new_id("PML", opened, taken, randbelow)


def record_text(rel: str, schema: str, data: dict[str, Any]) -> str:
    """A record file: the modeline for its folder depth, then block YAML in `data`'s order."""
    modeline = "# yaml-language-server: $schema=" + "../" * rel.count("/") + f"schemas/{schema}\n"
    return modeline + dump_block(data)


class _Dumper(yaml.SafeDumper):
    """Double quotes where quotes are needed (times, 'no', numbers as text), like the
    hand-written records; flow style for short leaf lists such as `officers: [andi, budi]`;
    long texts folded (`>-`) as people write them."""

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    folded = len(value) > 72 and "\n" not in value and value == value.strip()
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">" if folded else None)


_Dumper.add_representer(str, _represent_str)


def dump_block(data: dict[str, Any]) -> str:
    """`data` as block YAML at the top level; its leaf collections in flow style."""
    stream = io.StringIO()
    dumper = _Dumper(stream, allow_unicode=True, sort_keys=False, default_flow_style=None,
                     width=92)
    try:
        dumper.open()
        node = dumper.represent_data(data)
        node.flow_style = False  # type: ignore[attr-defined]
        _block_documents(node)
        dumper.serialize(node)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


def _block_documents(node: Node) -> None:
    """`documents` items and a `source` in block style, one key per line: a 64-digit hash or
    an issue URL in a flow mapping makes a line no one can read in a merge request diff."""
    if not isinstance(node, MappingNode):
        return
    for key, value in node.value:
        name = getattr(key, "value", None)
        if name == "documents" and isinstance(value, SequenceNode):
            value.flow_style = False
            for item in value.value:
                item.flow_style = False
        elif name == "source" and isinstance(value, MappingNode):
            value.flow_style = False


def render_event(event: dict[str, Any], indent: int) -> list[str]:
    """The lines of one `events:` item, its dash at column `indent`."""
    lines = dump_block(event).splitlines()
    pad = " " * indent
    return [f"{pad}- {lines[0]}", *(f"{pad}  {line}" if line else "" for line in lines[1:])]


def new_case_text(fields: dict[str, Any], *events: dict[str, Any]) -> str:
    """A new case file: the schema comment, the case's fields in the usual order, its first
    event (and its receipt, when `new --received-at` records both at once)."""
    ordered = {k: fields[k] for k in CASE_KEYS if fields.get(k) not in (None, "")}
    body = dump_block(ordered)
    lines = [line for event in events for line in render_event(event, 2)]
    return SCHEMA_COMMENT + body + "events:\n" + "\n".join(lines) + "\n"


def append_event(text: str, event: dict[str, Any], display: str = "<case>") -> str:
    """`text` with `event` appended to its `events:` list. Raises PeliharaError when the
    layout cannot be extended by adding lines (for instance a flow-style `events: [...]`)."""
    doc = yamlio.parse(text, display)
    node = _events_node(doc)
    if node is None or node.flow_style or not node.value:
        raise PeliharaError("write.layout", {"path": display}, display)
    items = node.value
    indent = items[0].start_mark.column - 2
    last_line = max(_last_line(n) for n in items)
    lines = text.splitlines()
    new_lines = render_event(event, max(indent, 0))
    result = "\n".join([*lines[: last_line + 1], *new_lines, *lines[last_line + 1:]]) + "\n"
    _verify(doc.data, result, event, display)
    return result


def _events_node(doc: yamlio.Document) -> SequenceNode | None:
    if not isinstance(doc.node, MappingNode):
        return None
    for key, value in doc.node.value:
        if getattr(key, "value", None) == "events" and isinstance(value, SequenceNode):
            return value
    return None


def _last_line(node: Node) -> int:
    """0-based index of the last text line holding part of `node`.

    Only scalars and flow collections are trusted for their end: a block collection's end
    mark sits at the next token, which can be lines further down, past comments."""
    if isinstance(node, MappingNode | SequenceNode) and not node.flow_style:
        children = [n for pair in node.value for n in pair] if isinstance(node, MappingNode) \
            else list(node.value)
        return max((_last_line(child) for child in children), default=node.start_mark.line)
    mark = node.end_mark
    return int(mark.line if mark.column > 0 else mark.line - 1)


def _verify(before: Any, text: str, event: dict[str, Any], display: str) -> None:
    after = yamlio.parse(text, display).data
    expected = dict(before)
    expected["events"] = [*before["events"], event]
    if after != expected:
        raise PeliharaError("write.layout", {"path": display}, display)


def write_atomic(path: Path, text: str | bytes) -> None:
    """Replace `path` with `text` (records as UTF-8 text, reports and exports as bytes) so
    readers see the old file or the new one, never half: write a temp file in the same
    folder, flush it to disk, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(mode)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
