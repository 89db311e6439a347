"""Writing operations records (monitoring sessions, complaints): IDs, text, and the same
checks `pelihara check` runs, applied to the would-be text before anything touches the disk.
An edge: it reads the schemas and the registries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Finding, Severity
from pelihara.core.rules.context import Context
from pelihara.core.timeparse import to_wib
from pelihara.records import casewrite, yamlio
from pelihara.records.files import FileCheck, flag_control_characters
from pelihara.records.kinds import kind_for
from pelihara.records.repo import Repository
from pelihara.records.schema import load_schema_set


def new_id(prefix: str, at: datetime, taken: set[str], randbelow: Callable[[int], int]) -> str:
    """`<prefix>-YYYYMMDD-XXX`, like case IDs: date in WIB, 3 random Crockford characters."""
    stamp = to_wib(at).strftime("%Y%m%d")
    for _ in range(casewrite.ID_ATTEMPTS):
        suffix = "".join(casewrite.CROCKFORD[randbelow(32)] for _ in range(3))
        candidate = f"{prefix}-{stamp}-{suffix}"
        if candidate not in taken:
            return candidate
    raise PeliharaError("write.id_exhausted", {"date": stamp})


def record_text(rel: str, schema: str, data: dict[str, Any]) -> str:
    """A record file: the modeline for its folder depth, then block YAML in `data`'s order."""
    modeline = "# yaml-language-server: $schema=" + "../" * rel.count("/") + f"schemas/{schema}\n"
    return modeline + casewrite.dump_block(data)


def validate(repo: Repository, rel: str, text: str, now: datetime) -> list[Finding]:
    """Schema findings, then the kind's own rules, for `text` as if it were the file `rel`."""
    kind = kind_for(rel)
    if kind is None:
        raise PeliharaError("file.unknown_kind", {}, rel)
    doc = yamlio.parse(text, rel)
    errors = load_schema_set(repo.root).validate(kind.schema, doc.data)
    if errors:
        out = []
        for error in errors:
            line, column = doc.position(list(error.path))
            out.append(Finding(rel, line, column, error.code, error.params))
        return out
    check = FileCheck(rel, kind, doc)
    flag_control_characters(check, doc)  # what `pelihara check` would refuse is not written
    ctx = Context(repo.standard, repo.registries, now, repo.calendar)
    return check.findings + [f for rule in kind.rules for f in rule(ctx, doc)]


def refuse_errors(findings: list[Finding]) -> None:
    """Raise the first error (with its position) so nothing is written."""
    for finding in findings:
        if finding.severity is Severity.ERROR:
            raise PeliharaError(finding.code, finding.params, finding.file, finding.line,
                                finding.column)
