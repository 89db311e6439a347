"""Findings: what every check returns, collected first and rendered later.

A check never prints or stops at the first problem. It returns `Finding`s; the reporters in
`pelihara.check.reporters` turn the whole collection into text, JSON, JUnit or Code Quality,
in the reader's language (the core holds codes and parameters, never sentences).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem at `file:line:column` (1-based). `code` keys the message catalogue."""

    file: str
    line: int
    column: int
    code: str
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    severity: Severity = Severity.ERROR

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)
