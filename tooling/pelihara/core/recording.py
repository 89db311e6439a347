"""Late recording: a fact recorded later than the tolerance needs a second person.

Pure core. In a merge request the recording time is the time of the check (the CI clock), so
an event whose `at` lies more than `recording_tolerance` working minutes before it is late.
A late event must carry `late_recording: {reason, approved_by}`, and that approval is judged
like any other (`pelihara.core.approvals`): someone other than the recorder, proven by git.

Facts Biro DI could only learn later are measured from when it learned them, by the rules in
standard.yaml's `learned_later:` (for example a unit's memo: sent at `submitted.at`, known to
Biro DI only at its receipt). A correction that moves an event's time is measured from the
earlier of the two times: moving a time back is backdating too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pelihara.core.timeparse import parse_time

Minutes = Callable[[datetime, datetime], int]


@dataclass(frozen=True)
class LearnedLater:
    """Event `event`'s fact reaches Biro DI only with event `known_at` (its `at` counts)."""

    event: str
    known_at: str
    reason: str


@dataclass(frozen=True)
class Late:
    index: int
    """0-based index of the late event."""
    since: datetime
    """When Biro DI knew the fact: the moment the lag runs from."""
    lag: int
    """Working minutes from `since` to the recording time."""
    approved: bool
    """It carries `late_recording` with a reason and an approver (judged elsewhere)."""


def learned_later(raw: Any) -> list[LearnedLater]:
    """standard.yaml's `learned_later:` list."""
    rules = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and item.get("event") and item.get("known_at"):
            rules.append(LearnedLater(str(item["event"]), str(item["known_at"]),
                                      str(item.get("reason", ""))))
    return rules


def known_since(events: Sequence[Any], index: int, rules: Sequence[LearnedLater]) -> datetime:
    """When Biro DI could first have recorded event `index` (raw, schema-valid events)."""
    raw = events[index]
    at = parse_time(str(raw["at"]))
    changes = raw.get("changes") if raw.get("event") == "correction" else None
    if isinstance(changes, dict) and isinstance(changes.get("at"), str):
        with suppress(ValueError):  # a bad value: the correction rule reports it
            at = min(at, parse_time(changes["at"]))
    for rule in rules:
        if raw.get("event") != rule.event:
            continue
        for later in events[index + 1:]:
            if isinstance(later, dict) and later.get("event") == rule.known_at:
                known = parse_time(str(later["at"]))
                return max(at, known)
    return at


def late_recordings(events: Sequence[Any], indices: Sequence[int], recorded: datetime,
                    minutes: Minutes, tolerance: int,
                    rules: Sequence[LearnedLater]) -> list[Late]:
    """The events at `indices` recorded at `recorded` (aware) later than `tolerance`
    working minutes after Biro DI knew them."""
    out = []
    for index in indices:
        since = known_since(events, index, rules)
        lag = minutes(since, recorded) if since < recorded else 0
        if lag > tolerance:
            late = events[index].get("late_recording")
            approved = isinstance(late, dict) and bool(late.get("reason")) \
                and bool(late.get("approved_by"))
            out.append(Late(index, since, lag, approved))
    return out
