"""Late recording, pure: the tolerance on the working clock, and each `learned_later` rule of
standard.yaml (a fact Biro DI could only learn later is measured from when it learned it)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from pelihara.core import recording
from pelihara.core.timeparse import WIB

ROOT = Path(__file__).resolve().parents[1]
RULES = recording.learned_later(
    yaml.safe_load((ROOT / "standard.yaml").read_text(encoding="utf-8"))["learned_later"])
EVENTS = [{"event": "submitted", "at": "2026-11-25T08:00:00+07:00"},
          {"event": "received", "at": "2026-11-27T14:00:00+07:00", "by": "dewi"}]
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=WIB)


def minutes(a: datetime, b: datetime) -> int:
    return int((b - a).total_seconds() // 60)


def test_every_learned_later_rule_of_the_standard_is_tested_here() -> None:
    assert [(r.event, r.known_at) for r in RULES] == [("submitted", "received")]
    assert all(r.reason for r in RULES)


def test_a_memo_is_known_from_its_receipt() -> None:
    assert recording.known_since(EVENTS, 0, RULES) == datetime(2026, 11, 27, 14, 0,
                                                              tzinfo=WIB)
    assert recording.late_recordings(EVENTS, [0, 1], NOW, minutes, 450, RULES) == []


def test_without_the_rule_the_same_memo_is_late() -> None:
    late = recording.late_recordings(EVENTS, [0, 1], NOW, minutes, 450, [])
    assert [(x.index, x.approved) for x in late] == [(0, False)]


def test_a_memo_not_yet_received_counts_from_its_own_time() -> None:
    assert recording.known_since(EVENTS[:1], 0, RULES) == datetime(2026, 11, 25, 8, 0,
                                                                  tzinfo=WIB)


def test_a_correction_moving_a_time_back_counts_from_the_earlier_time() -> None:
    events = [*EVENTS, {"event": "correction", "at": "2026-11-27T14:30:00+07:00",
                        "refers_to": 2, "changes": {"at": "2026-11-20T08:00:00+07:00"}}]
    assert recording.known_since(events, 2, RULES) == datetime(2026, 11, 20, 8, 0, tzinfo=WIB)
    late = recording.late_recordings(events, [2], NOW, minutes, 450, RULES)
    assert [x.index for x in late] == [2]


def test_an_approved_late_recording_is_marked_for_the_approval_rules() -> None:
    events = [{**EVENTS[0], "late_recording": {"reason": "Memo terselip.",
                                               "approved_by": "hendra"}}]
    late = recording.late_recordings(events, [0], NOW, minutes, 450, RULES)
    assert [x.approved for x in late] == [True]
