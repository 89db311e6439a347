"""Findings: what every check returns, collected first and rendered later.

A check never prints or stops at the first problem. It returns `Finding`s; reporters in
`pelihara.report_formats` turn the whole collection into text, JSON, JUnit or Code Quality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pelihara.i18n.messages import hint, render


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

    def message(self, lang: str = "id") -> str:
        return render(self.code, self.params, lang)

    def hint(self, lang: str = "id") -> str:
        return hint(self.code, self.params, lang)

    def as_json(self, lang: str = "id") -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)
