"""Complaints as the exports read them (an edge: reads files).

Only what exists is returned: no folder, no records, and the reports leave the section out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.core import complaints
from pelihara.records import yamlio
from pelihara.records.repo import Repository


@dataclass(frozen=True)
class ComplaintRow:
    id: str
    kind: str
    title: str
    unit: str
    case: str | None
    received_at: datetime | None
    state: str
    closed_at: datetime | None
    actions: int
    meetings: int


def _docs(root: Path, folder: str) -> list[dict[str, Any]]:
    result = []
    for path in sorted((root / folder).glob("*/*.yaml")):
        try:
            data = yamlio.load_file(path, path.name).data
        except (yamlio.YamlProblem, OSError):
            continue  # `pelihara check` reports unreadable records with their position
        if isinstance(data, dict):
            result.append(data)
    return result


def load_complaints(repo: Repository) -> list[ComplaintRow]:
    heads = repo.registries.heads
    rows = []
    for data in _docs(repo.root, "complaints"):
        try:
            state = complaints.replay(list(data.get("events", [])), heads)
            rows.append(ComplaintRow(
                str(data["id"]), str(data.get("type", "")), str(data.get("title", "")),
                str(data.get("unit", "")), data.get("case"), state.received_at,
                state.state or "-", state.closed_at, len(state.actions), len(state.meetings)))
        except (KeyError, TypeError, ValueError):
            continue
    return rows
