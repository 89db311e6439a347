"""The one error type that crosses from the layers below to the CLI.

Nothing below the CLI prints or exits: it raises `PeliharaError` with a message code and
parameters (and, where it knows them, the file, line and column), and the CLI's single
handler renders it in the user's language and returns exit 2. Errors of the YAML reader and
of a broken standard.yaml are subclasses, so one `except PeliharaError` catches them all.

A plain exception class, not a dataclass: code further up may add context with `add_note`,
and a frozen dataclass would refuse it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pelihara.core.findings import Finding


class PeliharaError(Exception):
    """A problem the user can fix. `code` keys the message catalogue (`pelihara.i18n`)."""

    def __init__(self, code: str, params: Mapping[str, Any] | None = None,
                 file: str | None = None, line: int | None = None,
                 column: int | None = None, findings: Sequence[Finding] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, Any] = dict(params or {})
        self.file = file
        self.line = line
        self.column = column
        self.findings: list[Finding] = list(findings)
        """Every problem behind this error, when there are several (a broken standard)."""

    def located(self, file: str) -> PeliharaError:
        """This error, naming `file` when it does not name one yet (the reader that raised it
        knew only a display name, the caller knows the record)."""
        if self.file is None:
            self.file = file
        return self

    @property
    def where(self) -> str:
        """`file:line:column`, as far as known ('' when nothing is)."""
        return ":".join(str(x) for x in (self.file, self.line, self.column) if x is not None)

    def __str__(self) -> str:  # for logs and tests; users read the catalogue's sentence
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{self.where + ': ' if self.where else ''}{self.code}" + (
            f" ({params})" if params else "")
