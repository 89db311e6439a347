"""The screen's last line of defence: whatever a command prints passes through `visible`.

Each printer already escapes the record text it shows, but there are many printers (findings,
SLA tables, write confirmations, monitor results, MkDocs' log) and records reach them in many
ways. Wrapping stdout and stderr once, in `main`, means no printer added later can forget.

Tabs and line feeds are how output is laid out, so they stay, and so does the CR of a CRLF
(CSV on the screen uses CRLF line ends); every other control character is escaped. The escapes
are JSON's (`\\u001b`), so JSON output stays valid JSON with the same meaning.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from pelihara.core.escape import visible


class VisibleStream:
    """A text stream that shows control characters instead of sending them."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write("\r\n".join(visible(part, keep="\t\n") for part in text.split("\r\n")))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, encoding, buffer, fileno…
        return getattr(self._stream, name)


@contextlib.contextmanager
def visible_output() -> Iterator[None]:
    """stdout and stderr wrapped for the duration (restored after: tests call `main` too)."""
    saved = sys.stdout, sys.stderr
    sys.stdout = VisibleStream(saved[0])
    sys.stderr = VisibleStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
