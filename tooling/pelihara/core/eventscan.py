"""Where a case file's events are: the items of its top-level `events:` block sequence.

Pure core, used by the history pass (`pelihara.core.history`) on every revision of every case
file, so it must be exact and cheap. Exact: text that merely looks like an event (a
`description: |-` block holding `  - server: normal`, a quoted string spanning lines) is never
counted. Cheap: one pass over the lines, resumable at the end of the file, so a commit that
appends an event costs only its own lines.

The scanner follows the block structure YAML gives a case file:
- a line at column 0 starts a top-level key (plain scalars and block scalars cannot reach
  column 0 inside a top-level mapping);
- under `events:`, lines at the sequence's own indentation that start with `- ` are items;
  deeper lines belong to the current item;
- the content of a block scalar (`|`, `>`) is every following line indented deeper than its
  key, and is never read as structure.
Whatever the scanner does not follow exactly (a quoted or flow scalar left open at the end of
a line, tabs, anchors, tags, explicit keys, document markers, a repeated `events:` key) makes
it give up, and the caller parses the whole revision with the strict YAML loader instead. So
the count is always the one the real parser would give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HASH, _DASH, _SPACE, _TAB = 35, 45, 32, 9
_QUOTES = frozenset(b"\"'")
_OPENERS = frozenset(b"[{")
_UNFOLLOWED = frozenset(b"&*!?%@`")
"""Anchors, aliases, tags, explicit keys, directives, reserved indicators."""


class Unfollowed(Exception):
    """The text uses YAML the scanner does not follow: parse the revision fully."""


@dataclass(slots=True)
class ScanState:
    """Where the scanner stands after the last line it read (to resume on appended lines)."""

    starts: list[int] = field(default_factory=list)
    """0-based line numbers where each event item starts."""
    end: int | None = None
    """The line where the events block ended (a later top-level key), None: at the end."""
    in_events: bool = False
    seen_events: bool = False
    seq_indent: int = -1
    block: int = -1
    """Indentation of the key whose block scalar is open (-1: none open)."""

    def copy(self) -> ScanState:
        return ScanState(list(self.starts), self.end, self.in_events, self.seen_events,
                         self.seq_indent, self.block)


_PLAIN = rb"[^\s\"'\[\]{}&*!|>%@`#-][^#]*?|-[^\s#][^#]*?"
_SIMPLE = re.compile(
    rb"( +)(- +)?[A-Za-z_][A-Za-z0-9_-]*:"
    rb"(?: +(?:\"[^\"\\]*\"|'[^']*'|" + _PLAIN + rb"|\[[^\[\]{}\"'#]*\]))? *(?:#.*)?"
    rb"|( +)- +(?:" + _PLAIN + rb") *(?:#.*)?")
"""An indented line whose value cannot open anything: `key: value`, `- key: value` or
`- value` with a plain, one-line quoted or flat flow value. Most lines of a case file are
such lines; one regular-expression match replaces the general path's function calls."""


def scan(lines: list[bytes], state: ScanState | None = None,  # noqa: C901 (inlined hot loop)
         start: int = 0) -> ScanState:
    """Scan `lines[start:]` (no line endings) on from `state`. Raises `Unfollowed`.

    Runs on every line of every revision of every case file: the common line's branch is
    written out inline, not called, on purpose (bench_history.py measures it)."""
    st = state or ScanState()
    simple = _SIMPLE.fullmatch
    for number in range(start, len(lines)):
        line = lines[number]
        match = simple(line)
        if match is not None:
            spaces, dashed, item = match.group(1, 2, 3)
            dash = item is not None or dashed is not None
            indent = len(spaces or item)
            if st.block >= 0:
                if indent > st.block:
                    continue
                st.block = -1
            if st.in_events:
                if st.seq_indent < 0:
                    if not dash:
                        raise Unfollowed
                    st.seq_indent = indent
                if indent == st.seq_indent:
                    if not dash:
                        raise Unfollowed
                    st.starts.append(number)
                elif indent < st.seq_indent:
                    raise Unfollowed
            continue
        text = line.lstrip(b" ")
        if not text or text[0] == _HASH:
            continue
        if text[0] == _TAB:
            raise Unfollowed
        indent = len(line) - len(text)
        if st.block >= 0:
            if indent > st.block:
                continue
            st.block = -1
        if indent == 0 and not (st.in_events and st.seq_indent <= 0 and _is_dash(text)):
            _top_level(st, text, number)
        elif st.in_events:
            _in_events(st, text, indent, number)
        else:
            _content(st, text, indent)
    return st


def items(lines: list[bytes], state: ScanState, first_item: int = 0
          ) -> list[tuple[bytes, ...]]:
    """The text of each event item from number `first_item` on. Trailing blank and comment
    lines are not part of an item, so appending them later is no edit of the event before
    them."""
    starts = state.starts
    if len(starts) <= first_item:
        return []
    ends = [*starts[first_item + 1:], state.end if state.end is not None else len(lines)]
    result = []
    for first, end in zip(starts[first_item:], ends, strict=True):
        while end > first + 1 and _blank_or_comment(lines[end - 1]):
            end -= 1
        result.append(tuple(lines[first:end]))
    return result


def _blank_or_comment(line: bytes) -> bool:
    text = line.lstrip(b" ")
    return not text or text[0] == _HASH


def _is_dash(text: bytes) -> bool:
    return text[0] == _DASH and (len(text) == 1 or text[1] == _SPACE)


def _top_level(st: ScanState, text: bytes, number: int) -> None:
    if text.startswith((b"---", b"...")) or text[0] in _UNFOLLOWED or text[0] in _QUOTES \
            or text[0] in _OPENERS or _is_dash(text):
        raise Unfollowed
    key, value = _split_key(text)
    if key is None:
        raise Unfollowed  # a top-level line that is no `key:`: not a case file's shape
    if st.in_events:
        st.in_events = False
        st.end = number
    if key == b"events":
        if st.seen_events:
            raise Unfollowed  # a repeated key: the strict loader decides (it refuses it)
        st.seen_events, st.in_events, st.seq_indent = True, True, -1
        if value and value[0] != _HASH:
            if value.rstrip().split(b" #")[0].strip() != b"[]":
                raise Unfollowed  # events written as a flow list
            st.in_events = False
            st.end = number + 1
        return
    _value(st, value, 0)


def _in_events(st: ScanState, text: bytes, indent: int, number: int) -> None:
    if st.seq_indent < 0:
        if not _is_dash(text):
            raise Unfollowed
        st.seq_indent = indent
    if indent == st.seq_indent:
        if not _is_dash(text):
            raise Unfollowed
        st.starts.append(number)
        _content(st, text, indent)
    elif indent < st.seq_indent:
        raise Unfollowed
    else:
        _content(st, text, indent)


def _content(st: ScanState, text: bytes, indent: int) -> None:
    """A line inside a block collection: `- ` items, `key: value` pairs or plain text."""
    while _is_dash(text):
        rest = text[1:].lstrip(b" ")
        indent += len(text) - len(rest)
        text = rest
        if not text or text[0] == _HASH:
            return
    first = text[0]
    if first in _UNFOLLOWED or first in b"|>":
        raise Unfollowed
    if first in _QUOTES or first in _OPENERS:
        _closed(text)
        return
    key, value = _split_key(text)
    if key is not None:
        _value(st, value, indent)
    elif st.in_events and indent <= st.seq_indent + 2:
        raise Unfollowed  # plain text where an item's keys stand: not a continuation line


def _split_key(text: bytes) -> tuple[bytes | None, bytes]:
    """`key: value` → (key, value); plain text (a scalar or its continuation) → (None, ...)."""
    comment = text.find(b" #")
    head = text if comment < 0 else text[:comment]
    colon = head.find(b": ")
    if colon < 0:
        if head.rstrip().endswith(b":"):
            return head.rstrip()[:-1], b""
        return None, b""
    return text[:colon], text[colon + 2:].lstrip(b" ")


def _value(st: ScanState, value: bytes, key_indent: int) -> None:
    if not value or value[0] == _HASH:
        return
    first = value[0]
    if first in b"|>":
        indicator = value.split(b"#")[0].strip()
        if any(48 <= c <= 57 for c in indicator):
            raise Unfollowed  # an explicit indentation indicator
        st.block = key_indent
    elif first in _QUOTES or first in _OPENERS:
        _closed(value)
    elif first in _UNFOLLOWED or _is_dash(value):
        raise Unfollowed


def _closed(value: bytes) -> None:
    """A quoted or flow scalar must end on its own line, followed only by a comment."""
    depth, position, size = 0, 0, len(value)
    while position < size:
        char = value[position]
        if char == 34:
            position = _double_quoted_end(value, position + 1)
        elif char == 39:
            position = _single_quoted_end(value, position + 1)
        elif char in _OPENERS:
            depth += 1
        elif char in b"]}":
            depth -= 1
        elif char == _HASH and value[position - 1] == _SPACE:
            raise Unfollowed  # a comment inside a flow collection
        position += 1
        if depth == 0:
            break
    if depth != 0:
        raise Unfollowed
    rest = value[position:].strip(b" ")
    if rest and rest[0] != _HASH:
        raise Unfollowed  # `"key": value`, or text after the scalar


def _double_quoted_end(value: bytes, position: int) -> int:
    """The position of the `"` closing a "..." scalar (backslash escapes) opened before
    `position`."""
    size = len(value)
    while position < size and value[position] != 34:
        position += 2 if value[position] == 92 else 1
    if position >= size:
        raise Unfollowed
    return position


def _single_quoted_end(value: bytes, position: int) -> int:
    """The position of the `'` closing a '...' scalar ('' for a quote) opened before
    `position`."""
    size = len(value)
    while True:
        while position < size and value[position] != 39:
            position += 1
        if position + 1 < size and value[position + 1] == 39:
            position += 2
            continue
        break
    if position >= size:
        raise Unfollowed
    return position
