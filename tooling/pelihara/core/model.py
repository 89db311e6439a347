"""Cases and their events, as plain typed values built from schema-valid data.

Pure core: no clock, file or git. `Case.from_data` trusts that the schema has already
accepted the data (the check pipeline guarantees it); workflow rules live in `workflow.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pelihara.core.timeparse import parse_time


@dataclass(frozen=True)
class Event:
    """One entry of a case's append-only history. `index` is 0-based; people see index+1."""

    index: int
    kind: str
    at: datetime
    by: str | None
    fields: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    @property
    def late_reason(self) -> str | None:
        value = self.fields.get("late_reason")
        return str(value) if value else None


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    application: str
    unit: str
    origin: str
    standard_version: str
    events: tuple[Event, ...]
    description: str = ""
    path: str = ""
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any], path: str = "") -> Case:
        events = tuple(
            Event(
                index=i,
                kind=str(raw["event"]),
                at=parse_time(str(raw["at"])),
                by=raw.get("by"),
                fields=dict(raw),
            )
            for i, raw in enumerate(data["events"])
        )
        return cls(
            id=str(data["id"]),
            title=str(data["title"]),
            application=str(data["application"]),
            unit=str(data["unit"]),
            origin=str(data["origin"]),
            standard_version=str(data["standard_version"]),
            events=events,
            description=str(data.get("description", "")),
            path=path,
            data=data,
        )

    @property
    def opened_at(self) -> datetime:
        return self.events[0].at

    def effective_events(self) -> list[Event]:
        """Events with corrections applied: a `correction` event's `changes` replace fields of
        the event it refers to (history itself is never edited)."""
        patched: dict[int, dict[str, Any]] = {}
        for event in self.events:
            if event.kind == "correction":
                target = int(event.get("refers_to", 0)) - 1
                if 0 <= target < len(self.events):
                    base = patched.get(target, dict(self.events[target].fields))
                    base.update(event.get("changes") or {})
                    patched[target] = base
        result = []
        for event in self.events:
            if event.kind in ("correction", "note"):
                continue
            if event.index in patched:
                raw = patched[event.index]
                event = Event(event.index, str(raw.get("event", event.kind)),
                              parse_time(str(raw.get("at", event.at.isoformat()))),
                              raw.get("by", event.by), raw)
            result.append(event)
        return result

    @property
    def severity(self) -> str | None:
        """Current severity: from analysis, raised to berat by an escalation."""
        severity = None
        for event in self.effective_events():
            if event.kind == "analysed":
                severity = event.get("severity")
            elif event.kind == "escalated":
                severity = "berat"
        return severity

    @property
    def vendor(self) -> str | None:
        for event in self.effective_events():
            if event.kind == "vendor_notified":
                return str(event.get("vendor"))
        return None

    @property
    def officers(self) -> list[str]:
        for event in reversed(self.effective_events()):
            if event.kind == "assigned":
                return [str(o) for o in event.get("officers", [])]
        return []
