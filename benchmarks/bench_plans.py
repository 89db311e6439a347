"""Benchmark: resolving a large plan's recurrences on the working calendar and matching them
against monitoring records. Run: python benchmarks/bench_plans.py [applications]"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

from pelihara.core import plans
from pelihara.core.calendar import calendar_for
from pelihara.records.repo import Repository

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    cal = calendar_for(Repository(ROOT).standard)
    apps = [f"app-{i}" for i in range(count)]
    plan = {"year": 2026, "applications": apps, "activities": [
        {"id": "weekly", "kind": "monitoring", "title": "t",
         "recurrence": {"every": "week", "weekday": "tuesday"}},
        {"id": "monthly", "kind": "preventive", "title": "t",
         "recurrence": {"every": "month", "weekday": "monday", "nth": 1}},
        {"id": "quarterly", "kind": "backup_verification", "title": "t",
         "recurrence": {"every": "quarter", "working_day": -1, "month_of_quarter": 3}},
    ]}
    start = time.perf_counter()
    occurrences, _ = plans.resolve(plan, cal)
    resolved = time.perf_counter() - start
    done = [plans.Done(o.day + timedelta(days=i % 2), None, o.application, o.kind, f"r{i}")
            for i, o in enumerate(occurrences) if i % 7]
    start = time.perf_counter()
    matches, _ = plans.match(occurrences, done, date(2026, 11, 28))
    matched = time.perf_counter() - start
    print(f"{count} applications: {len(occurrences)} occurrences resolved in "
          f"{resolved * 1000:.1f} ms; {len(done)} records matched in {matched * 1000:.1f} ms "
          f"({sum(m.status == 'missed' for m in matches)} missed)")


if __name__ == "__main__":
    main()
