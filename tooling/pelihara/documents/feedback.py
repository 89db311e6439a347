"""Complaints with their follow-up (section H) and the IKM (SKM surveys) for the period report.

Pure: records (schema-valid dicts as the site's loader returns them), `now` and the working
clock come in. Rules, so a reader can redo them from the YAML files:
- a complaint belongs to the period in which it was received (its `received` event's WIB day);
- its state is the replay of its events up to `now` (`pelihara.core.complaints.replay`), so a
  report made later shows how far the follow-up has come since;
- time to close: working minutes from `received` to `closed` on the working clock (official
  hours, holidays excluded); median by `stats.median`, longest as written;
- IKM: `pelihara.core.ikm.compute` over the responses whose `date` falls in the period.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pelihara.core import complaints, ikm
from pelihara.core.people import People
from pelihara.core.timeparse import parse_time
from pelihara.documents.dates import format_date, format_minutes
from pelihara.documents.period import Period
from pelihara.documents.stats import median
from pelihara.i18n import tr
from pelihara.i18n.labels import COMPLAINT_KINDS as KIND_LABELS
from pelihara.i18n.labels import COMPLAINT_STATES, table
from pelihara.i18n.labels import IKM_GRADES as GRADE_LABELS

ELEMENT_LABELS = table("skm_element")
"""The nine SKM elements by their names in PermenPANRB 14/2017."""


@dataclass(frozen=True)
class KindRow:
    """Complaints of one kind received in the period, by their state now."""

    kind: str
    label: str
    states: tuple[int, ...]
    """Counts in `complaints.STATES` order."""
    close_minutes: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.states)

    @property
    def median_close(self) -> str:
        value = median(self.close_minutes)
        return "–" if value is None else format_minutes(value)

    @property
    def longest_close(self) -> str:
        return format_minutes(max(self.close_minutes)) if self.close_minutes else "–"


@dataclass(frozen=True)
class ComplaintLine:
    id: str
    kind: str
    title: str
    unit: str
    case: str
    received: str
    state: str
    closed: str
    time_to_close: str
    actions: int
    meetings: int


@dataclass(frozen=True)
class ComplaintSummary:
    states: tuple[str, ...]
    """Column labels, in `complaints.STATES` order."""
    rows: tuple[KindRow, ...]
    total: KindRow
    lines: tuple[ComplaintLine, ...]


@dataclass(frozen=True)
class IkmSummary:
    result: ikm.IkmResult

    @property
    def value(self) -> str:
        return _comma(self.result.ikm)

    @property
    def grade(self) -> str:
        return f"{self.result.grade} ({GRADE_LABELS[self.result.grade]})"

    @property
    def elements(self) -> tuple[tuple[str, str], ...]:
        return tuple((ELEMENT_LABELS.get(k, k), _comma(v)) for k, v in self.result.nrr.items())

    @property
    def index(self) -> str:
        return _comma(self.result.index)


def _comma(value: Any) -> str:
    return str(value).replace(".", ",")


def build_complaints(records: Sequence[Mapping[str, Any]], people: People,
                     period: Period, now: datetime,
                     minutes: Callable[[datetime, datetime], int],
                     unit_names: Mapping[str, str]) -> ComplaintSummary | None:
    """None when no complaint was received in the period."""
    states: dict[str, list[int]] = {k: [0] * len(complaints.STATES) for k in complaints.KINDS}
    closes: dict[str, list[int]] = {k: [] for k in complaints.KINDS}
    lines = []
    for record in sorted(records, key=lambda r: str(r.get("id"))):
        events = [e for e in record.get("events", []) if parse_time(str(e["at"])) <= now]
        state = complaints.replay(events, people)
        if state.received_at is None or not period.contains(state.received_at):
            continue
        kind = str(record.get("type", ""))
        current = state.state or "received"
        states.setdefault(kind, [0] * len(complaints.STATES))[
            complaints.STATES.index(current)] += 1
        used = (minutes(state.received_at, state.closed_at)
                if state.closed_at is not None else None)
        if used is not None:
            closes.setdefault(kind, []).append(used)
        unit = str(record.get("unit", ""))
        lines.append(ComplaintLine(
            str(record["id"]), KIND_LABELS.get(kind, kind), str(record.get("title", "")),
            unit_names.get(unit, unit), str(record.get("case") or "umum"),
            format_date(state.received_at), COMPLAINT_STATES.get(current, current),
            format_date(state.closed_at) if state.closed_at else "–",
            format_minutes(used) if used is not None else "–",
            len(state.actions), len(state.meetings)))
    if not lines:
        return None
    rows = tuple(KindRow(k, KIND_LABELS.get(k, k), tuple(states[k]), tuple(closes.get(k, ())))
                 for k in states if sum(states[k]))
    total = KindRow("", tr("report.total"), tuple(sum(r.states[i] for r in rows)
                                        for i in range(len(complaints.STATES))),
                    tuple(m for r in rows for m in r.close_minutes))
    return ComplaintSummary(tuple(COMPLAINT_STATES[s] for s in complaints.STATES), rows, total,
                            tuple(lines))


def build_ikm(surveys: Sequence[Mapping[str, Any]], period: Period) -> IkmSummary | None:
    """None when no survey response is dated in the period."""
    inside = [dict(s["scores"]) for s in surveys
              if period.start <= date.fromisoformat(str(s["date"])[:10]) < period.end]
    result = ikm.compute(inside)
    return IkmSummary(result) if result is not None else None
