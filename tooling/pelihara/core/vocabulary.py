"""The standard's own words, as enums: one spelling for each, checked by the type checker.

Pure core. Each enum is a `StrEnum`, so a member compares equal to the text records hold
(`EventKind.HELD == "held"`) and is written to JSON and YAML as that text. The values are the
records' and the schemas' words; `tests/test_vocabulary.py` fails when a schema's `enum` and
the matching enum here drift apart. Labels people read come from `standard.yaml` and the
message catalogue, never from these identifiers.
"""

from __future__ import annotations

from enum import StrEnum


class CaseSeverity(StrEnum):
    """Tingkat kerusakan found by the analysis (B.4); it also names the case's path."""

    RINGAN = "ringan"
    BERAT = "berat"


class Origin(StrEnum):
    """How a case was opened: a unit's memorandum (B.2a) or a monitoring finding (B.2b)."""

    MEMO = "memo"
    MONITORING = "monitoring"


class EventKind(StrEnum):
    """Every `event:` a case file may hold: the state reached, or a side event."""

    SUBMITTED = "submitted"
    MONITORING = "monitoring"
    RECEIVED = "received"
    ASSIGNED = "assigned"
    ANALYSED = "analysed"
    VENDOR_NOTIFIED = "vendor_notified"
    COORDINATED = "coordinated"
    VENDOR_ANALYSED = "vendor_analysed"
    REPAIRED = "repaired"
    REPORTED = "reported"
    RESTORED = "restored"
    HELD = "held"
    RESUMED = "resumed"
    ESCALATED = "escalated"
    CANCELLED = "cancelled"
    CORRECTION = "correction"
    NOTE = "note"


NEUTRAL_EVENTS = frozenset({EventKind.CORRECTION, EventKind.NOTE})
"""Events that record something about the history without moving the case."""


class Outcome(StrEnum):
    """How a measured step ended."""

    DONE = "done"
    """Ended by its own event."""
    ESCALATED = "escalated"
    """B.5a ended by an escalation to the vendor (ringan becomes berat)."""
    OPEN = "open"
    """Still running at `now`."""
    CANCELLED = "cancelled"
    """Cut short by the case's cancellation."""


FINISHED = frozenset({Outcome.DONE, Outcome.ESCALATED})
"""Outcomes of steps that ended by their own event; a step cut by cancellation did not."""


class Verdict(StrEnum):
    """Where a step stands against its limit (`pelihara.core.sla.verdict`)."""

    LATE_NOW = "late_now"
    """Running, and already past its limit."""
    LATE = "late"
    """Ended past its limit (late and done)."""
    ON_TIME = "on_time"
    """Ended within its limit."""
    ON_HOLD = "on_hold"
    """Running, within its limit, with the clock stopped by a hold."""
    OPEN = "open"
    """Running, within its limit."""


class ComplaintKind(StrEnum):
    PENGADUAN = "pengaduan"
    KELUHAN = "keluhan"
    MASUKAN = "masukan"


class ComplaintState(StrEnum):
    """The states of a complaint (section H), in order; `closed` is final."""

    RECEIVED = "received"
    ROUTED = "routed"
    FOLLOWED_UP = "followed_up"
    DISCUSSED = "discussed"
    CLOSED = "closed"


class Route(StrEnum):
    """How a complaint reaches its officers (H.1)."""

    KEPALA_BIRO = "kepala_biro"
    LANGSUNG = "langsung"


class MatchStatus(StrEnum):
    """A planned occurrence against what was done (`pelihara.core.plans.match`)."""

    DONE = "done"
    LATE = "late"
    MISSED = "missed"
    PENDING = "pending"
    UPCOMING = "upcoming"


class TrialResult(StrEnum):
    """The result of test (uji coba) a, b or c (B.5a, B.8)."""

    LULUS = "lulus"
    GAGAL = "gagal"


class MonitoringResult(StrEnum):
    NORMAL = "normal"
    GANGGUAN = "gangguan"
