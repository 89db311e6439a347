"""What the pure core needs of a parsed record: its data, its path and the positions of its
values. `pelihara.records.yamlio.Document` is one; the core never imports the YAML reader."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class Positioned(Protocol):
    """Plain data read from `path`, with a way back to where each value was written."""

    @property
    def path(self) -> str:
        """Repo-relative POSIX path of the file."""
        ...

    @property
    def data(self) -> Any: ...

    def position(self, path: Sequence[str | int]) -> tuple[int, int]:
        """Line and column (1-based) of the value at a JSON path, or its nearest parent."""
        ...
