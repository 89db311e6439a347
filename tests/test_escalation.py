"""The notice rules of standard.yaml and the working-hours gate, on the real calendar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pelihara.core.calendar import calendar_for
from pelihara.core.escalation import (
    Rung,
    in_working_hours,
    next_working_minute,
    notice_rules,
)
from pelihara.core.timeparse import WIB
from pelihara.records.repo import Repository

ROOT = Path(__file__).resolve().parents[1]


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def test_the_ladder_is_read_from_standard_yaml() -> None:
    rules = notice_rules(Repository(ROOT).standard)
    assert [(r.id, r.percent, r.after_minutes, r.to) for r in rules.ladder] == [
        ("peringatan", 75, 0, ("actor",)),
        ("terlambat", 100, 0, ("actor", "kepala_biro")),
        ("terlambat-1-hari", 100, 450, ("unit", "kepala_biro"))]
    assert [r.breach for r in rules.ladder] == [False, True, True]
    assert rules.events == ("unit", "officers", "actor") and rules.planned_ahead_days == 7
    standard = Repository(ROOT).standard
    assert {s.id for s in standard.steps.values() if s.urgent} == {"B.3", "B.10"}


@pytest.mark.parametrize(("percent", "after", "limit", "expected"), [
    (75, 0, 60, 45), (75, 0, 120, 90), (75, 0, 1350, 1013), (100, 450, 60, 510), (1, 0, 1, 1)])
def test_a_threshold_is_working_minutes_rounded_up(percent: int, after: int, limit: int,
                                                   expected: int) -> None:
    assert Rung("x", "x", percent, after, ("actor",)).threshold(limit) == expected


@pytest.mark.parametrize(("moment", "expected"), [
    ("2026-12-23T10:00:30", "2026-12-23T10:00:30"),   # inside working hours: now
    ("2026-12-23T12:10", "2026-12-23T13:00"),         # the lunch break
    ("2026-12-23T16:00", "2026-12-28T07:30"),         # cuti bersama, Christmas, weekend
    ("2026-12-25T10:00", "2026-12-28T07:30"),
    ("2026-12-28T07:29:59", "2026-12-28T07:30"),
    ("2026-03-02T07:45", "2026-03-02T08:00"),         # Ramadan hours start at 08:00
])
def test_the_next_working_minute(moment: str, expected: str) -> None:
    calendar = calendar_for(Repository(ROOT).standard)
    found = next_working_minute(calendar, wib(moment))
    assert found == wib(expected)
    assert in_working_hours(calendar, found)
    assert in_working_hours(calendar, wib(moment)) == (found == wib(moment))
