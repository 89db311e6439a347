"""The standard's words as enums (`pelihara.core.vocabulary`) and the schemas' `enum` lists
spell the same values: a value added to one and not the other fails here, not in a record."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from pelihara.core.vocabulary import (
    CaseSeverity,
    ComplaintKind,
    ComplaintState,
    EventKind,
    MonitoringResult,
    Origin,
    Route,
    TrialResult,
)

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
NEUTRAL = {"note", "correction"}
"""Complaint events that record something without moving the complaint to a state."""


def schema_enum(name: str, *path: str) -> set[Any]:
    node: Any = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    for key in path:
        node = node[key]
    return set(node["enum"])


@pytest.mark.parametrize(("enum", "values"), [
    (CaseSeverity, schema_enum("case.schema.json", "$defs", "event", "properties", "severity")),
    (CaseSeverity, schema_enum("monitoring.schema.json", "$defs", "finding", "properties",
                               "severity")),
    (Origin, schema_enum("case.schema.json", "properties", "origin")),
    (EventKind, schema_enum("case.schema.json", "$defs", "event", "properties", "event")),
    (TrialResult, schema_enum("case.schema.json", "$defs", "tests", "properties", "a",
                              "properties", "result")),
    (ComplaintKind, schema_enum("complaint.schema.json", "properties", "type")),
    (ComplaintState, schema_enum("complaint.schema.json", "$defs", "event", "properties",
                                 "event") - NEUTRAL),
    (Route, schema_enum("complaint.schema.json", "$defs", "event", "properties", "via")),
    (MonitoringResult, schema_enum("monitoring.schema.json", "properties", "result")),
])
def test_enum_spells_the_schema_values(enum: type[StrEnum], values: set[Any]) -> None:
    assert {member.value for member in enum} == values
