"""Late recordings (recording lag) for the period report, from the git history's event records.

Pure: the caller passes `pelihara.core.history.event_records(...)` per case, made from ONE history
pass over the repository (the CLI through `reports.sources`, the site from its context).
Rules, so a reader can redo them from `git log`:
- an event belongs to the period in which it happened (its claimed `at`, WIB day), so a late
  recording is charged to the period of the work it records;
- its lag is the working minutes from `at` to the commit that first brought it to the main
  line (first-parent history); it is late when the lag exceeds the standard's
  `recording_tolerance`;
- events not yet on the main line (uncommitted, or only on a branch) are counted apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from pelihara.core.durations import format_minutes
from pelihara.core.history import EventRecord
from pelihara.documents.dates import format_moment
from pelihara.documents.period import Period
from pelihara.documents.periodic import LagRow


@dataclass(frozen=True)
class Recordings:
    rows: tuple[LagRow, ...]
    """The late ones, by case and event order."""
    checked: int
    """Events of the period that are on the main line."""
    unrecorded: int
    """Events of the period not yet on the main line."""
    tolerance: str

    @property
    def late(self) -> int:
        return len(self.rows)


def build_recordings(records: Mapping[str, Sequence[EventRecord]], period: Period,
                     tolerance: int, label: Callable[[str], str]) -> Recordings:
    """`records` per case id; `tolerance` in working minutes; `label(kind)` names an event."""
    rows = []
    checked = unrecorded = 0
    for case_id in sorted(records):
        for record in records[case_id]:
            if not period.contains(record.at):
                continue
            if record.commit is None or record.lag_minutes is None:
                unrecorded += 1
                continue
            checked += 1
            if record.lag_minutes > tolerance:
                rows.append(LagRow(case_id, f"{record.index + 1}. {label(record.kind)}",
                                   format_moment(record.at), format_moment(record.commit.time),
                                   format_minutes(record.lag_minutes)))
    return Recordings(tuple(rows), checked, unrecorded, format_minutes(tolerance))
