"""What every check rule receives: the standard, the registries and `now`, loaded once per run.

Pure core: rules get this object and a parsed `Document` and return findings; they read no
clock, file or git. The runner (the edge) builds the context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.standard import Standard
from pelihara.core.workflow import Replay
from pelihara.records.yamlio import Document

LateHook = Callable[[Case, Replay], Iterable[Any]]
"""Given a case and its replay, the SLA module's late-step problems (objects with index, key,
code, params). The replay is the one the workflow rule already made: no second pass."""


@dataclass
class Context:
    standard: Standard | None
    """None when standard.yaml itself is broken: rules that need it are skipped."""
    registries: dict[str, dict[str, dict[str, Any]]]
    now: datetime
    late: LateHook | None = None
    known_files: dict[str, str] = field(default_factory=dict)
    """Record id → repo-relative file, for files not parsed in this run (named by their ID)."""


def finding_at(doc: Document, where: Iterable[str | int], code: str,
               severity: Severity = Severity.ERROR, /, **params: Any) -> Finding:
    """A finding positioned at the YAML node for a JSON path (or its nearest parent).
    Positional-only, so any name (even `path` or `code`) can be a message parameter."""
    line, column = doc.position(list(where))
    return Finding(doc.path, line, column, code, params, severity)


Rule = Callable[[Context, Document], list[Finding]]
"""A check on one schema-valid record file."""
