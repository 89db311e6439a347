"""The one error type that crosses from the core to the CLI.

Nothing below the CLI prints or exits: it raises `PeliharaError` with a message code and
parameters, and the CLI's single handler renders it in the user's language and returns exit 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PeliharaError(Exception):
    """A problem the user can fix. `code` keys the message catalogue in `messages.py`."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:  # English fallback for logs and tests
        from pelihara.i18n.messages import render

        return render(self.code, self.params, "en")
