"""Late recordings (recording lag) for the period report, from the git history's event records.

Pure: the caller passes `pelihara.core.history.event_records(...)` per case, made from ONE history
pass over the repository (the CLI through `reports.sources`, the site from its context).
Rules, so a reader can redo them from `git log`:
- an event belongs to the period in which it happened (its claimed `at`, WIB day), so a late
  recording is charged to the period of the work it records;
- its lag is the working minutes from `at` to the commit that first brought it to the main
  line (first-parent history); it is late when the lag exceeds the standard's
  `recording_tolerance`;
- events not yet on the main line (uncommitted, or only on a branch) are counted apart;
- the report shows a summary per kind of event (checked, late, median lag of the late ones,
  the longest lag and its case), not one row per event: a year of late recordings would fill
  pages; each case page lists its own events (Riwayat pencatatan).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pelihara.core.history import EventRecord
from pelihara.core.vocabulary import EventKind
from pelihara.documents.dates import format_minutes, format_moment
from pelihara.documents.period import Period
from pelihara.documents.periodic import LagRow
from pelihara.documents.stats import median
from pelihara.i18n import tr


@dataclass(frozen=True)
class LagSummary:
    """One kind of event in the period: how many were checked against git, how many were
    recorded later than the tolerance, and how late (working time)."""

    label: str
    checked: int
    late: int
    median_late: str
    """Median lag of the late ones ('–' when none was late)."""
    longest: str
    longest_case: str


@dataclass(frozen=True)
class Recordings:
    rows: tuple[LagRow, ...]
    """The late ones, by case and event order."""
    checked: int
    """Events of the period that are on the main line."""
    unrecorded: int
    """Events of the period not yet on the main line."""
    tolerance: str
    summary: tuple[LagSummary, ...] = ()
    """Per kind of event, in the order of the procedure: the report's table."""
    total: LagSummary | None = None

    @property
    def late(self) -> int:
        return len(self.rows)


def build_recordings(records: Mapping[str, Sequence[EventRecord]], period: Period,
                     tolerance: int, label: Callable[[str], str]) -> Recordings:
    """`records` per case id; `tolerance` in working minutes; `label(kind)` names an event."""
    rows = []
    unrecorded = 0
    lags: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for case_id in sorted(records):
        for record in records[case_id]:
            if not period.contains(record.at):
                continue
            if record.commit is None or record.lag_minutes is None:
                unrecorded += 1
                continue
            lags[record.kind].append((record.lag_minutes, case_id))
            if record.lag_minutes > tolerance:
                rows.append(LagRow(case_id, f"{record.index + 1}. {label(record.kind)}",
                                   format_moment(record.at), format_moment(record.commit.time),
                                   format_minutes(record.lag_minutes)))
    order: dict[str, int] = {kind.value: i for i, kind in enumerate(EventKind)}
    summary = tuple(_summary(label(kind), lags[kind], tolerance)
                    for kind in sorted(lags, key=lambda k: order.get(k, len(order))))
    everything = [lag for kind in lags for lag in lags[kind]]
    return Recordings(tuple(rows), len(everything), unrecorded, format_minutes(tolerance),
                      summary, _summary(tr("report.total"), everything, tolerance)
                      if everything else None)


def _summary(label: str, lags: list[tuple[int, str]], tolerance: int) -> LagSummary:
    late = [minutes for minutes, _ in lags if minutes > tolerance]
    longest, case_id = max(lags)
    middle = median(late)
    return LagSummary(label, len(lags), len(late),
                      "–" if middle is None else format_minutes(middle),
                      format_minutes(longest), case_id)
