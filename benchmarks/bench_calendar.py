"""Benchmark: the working clock's `minutes()` and `deadline()` calls per second.

    python benchmarks/bench_calendar.py [--n 200000] [--seed 0]

Moments are random WIB instants over 2026–2027 (seeded), made before timing starts, so the
figures measure the calendar alone. Target (issue 3): at least 100,000 `minutes()` calls/s.
Prints the figures; exits 0 either way.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pelihara.core.calendar import calendar_for  # noqa: E402
from pelihara.core.timeparse import WIB  # noqa: E402
from pelihara.records.repo import Repository  # noqa: E402

TARGET = 100_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    base = datetime(2026, 1, 1, tzinfo=WIB)
    span = 2 * 365 * 1440 - 20 * 1440

    def moment() -> datetime:
        return base + timedelta(minutes=rng.randrange(span), seconds=rng.randrange(60))

    pairs = [tuple(sorted((moment(), moment()))) for _ in range(args.n)]
    limits = [rng.randrange(1, 20 * 450) for _ in range(args.n)]

    standard = Repository(REPO).standard
    started = time.perf_counter()
    calendar = calendar_for(standard)
    calendar.minutes(datetime(2026, 1, 1, tzinfo=WIB), datetime(2027, 12, 31, tzinfo=WIB))
    build = time.perf_counter() - started

    started = time.perf_counter()
    total = 0
    for a, b in pairs:
        total += calendar.minutes(a, b)
    minutes_rate = args.n / (time.perf_counter() - started)

    started = time.perf_counter()
    for (a, _), limit in zip(pairs, limits, strict=True):
        calendar.deadline(a, limit)
    deadline_rate = args.n / (time.perf_counter() - started)

    print(f"build 2026–2027 (holidays + day tables): {build * 1000:.1f} ms")
    print(f"minutes():  {minutes_rate:,.0f} calls/s over {args.n:,} random spans "
          f"(target ≥ {TARGET:,}: {'OK' if minutes_rate >= TARGET else 'MISSED'})")
    print(f"deadline(): {deadline_rate:,.0f} calls/s (limits up to 20 hari)")
    print(f"checksum: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
