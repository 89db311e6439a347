"""The operations records (plans, monitoring, complaints, surveys) as the site's pages and the
period report read them, from the records layer: every command sees the same records, each
file read and schema-checked once per run, broken ones skipped with a note.

Planned against done (`matches`) is computed here once for both: the Program kerja page, the
Pemantauan page and the report's plan realisation show the same statuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pelihara.core.plans import Calendar, Done, Match, done_from_plan, match, resolve
from pelihara.core.timeparse import to_wib
from pelihara.records.load import Records


@dataclass(frozen=True)
class Operations:
    plans: dict[int, dict[str, Any]]
    """The plan of each year (plans/<year>.yaml)."""
    sources: dict[int, str]
    """Year → the plan's repo-relative file."""
    monitoring: list[dict[str, Any]]
    complaints: list[dict[str, Any]]
    surveys: list[dict[str, Any]]

    @classmethod
    def of(cls, records: Records) -> Operations:
        by_year = {int(r.data["year"]): r for r in records.plans}
        return cls(plans={y: r.data for y, r in by_year.items()},
                   sources={y: r.source for y, r in by_year.items()},
                   monitoring=[r.data for r in records.monitoring],
                   complaints=[r.data for r in records.complaints],
                   surveys=[r.data for r in records.surveys])

    def matches(self, year: int, calendar: Calendar, now: datetime
                ) -> tuple[list[Match], list[Done]]:
        """The plan of `year` against the monitoring sessions and its own realisation, as of
        `now`'s WIB day."""
        plan = self.plans[year]
        occurrences, _ = resolve(plan, calendar)
        done = list(done_from_plan(plan))
        for record in self.monitoring:
            done.append(Done(date.fromisoformat(record["started"][:10]), record.get("activity"),
                             record["application"], "monitoring", record["id"]))
        return match(occurrences, done, to_wib(now).date())
