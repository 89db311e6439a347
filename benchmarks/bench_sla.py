"""Benchmark: SLA evaluation of N synthetic cases (`pelihara.core.sla.evaluate`).

    python benchmarks/bench_sla.py [--n 10000] [--seed 0]

Cases come from `benchmarks/synth.py` (both paths, escalations, holds, cancellations, open
cases; about 8 events each), parsed into `Case` objects before timing starts. The timed part
is what `pelihara sla` and the site do per case: replay the workflow and measure every step on
the working calendar. The calendar is built once per process, as in the CLI, and its build
time is printed on its own. Target (issue 3): 10,000 cases in at most 3 s. Prints the
figures; exits 0 either way.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synth import CUTOFF, generate_cases  # noqa: E402
from pelihara.core import sla  # noqa: E402
from pelihara.core.calendar import calendar_for  # noqa: E402
from pelihara.core.model import Case  # noqa: E402
from pelihara.records import yamlio  # noqa: E402
from pelihara.records.repo import Repository  # noqa: E402

TARGET_SECONDS = 3.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    cases = [Case.from_data(yamlio.parse(text, path).data, path)
             for path, text in generate_cases(args.n, args.seed)]
    prepare = time.perf_counter() - started
    events = sum(len(c.events) for c in cases)
    # The 10,000 parsed YAML trees are this benchmark's input, held all at once only here
    # (`pelihara sla` reads one file at a time). Freeze them so the cyclic collector does not
    # rescan them during the timed part; the collector still runs for everything evaluate makes.
    gc.collect()
    gc.freeze()

    standard = Repository(REPO).standard
    started = time.perf_counter()
    calendar = calendar_for(standard)
    calendar.minutes(min(c.opened_at for c in cases), CUTOFF)  # builds the cases' years
    build = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    results = [sla.evaluate(standard, calendar, case, CUTOFF) for case in cases]
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu

    started = time.perf_counter()
    payload = [sla.to_json(r) for r in results]
    to_json = time.perf_counter() - started

    steps = sum(len(r.steps) for r in results)
    late = sum(1 for r in results for s in r.steps if s.late)
    verdict = "OK" if elapsed <= TARGET_SECONDS else "MISSED"
    print(f"prepared {args.n:,} cases ({events / args.n:.1f} events each) in {prepare:.2f} s "
          "(generate + parse, not timed below)")
    print(f"sla.evaluate: {args.n:,} cases, {steps:,} steps ({late:,} late) in {elapsed:.2f} s "
          f"= {args.n / elapsed:,.0f} cases/s "
          f"(target ≤ {TARGET_SECONDS:.0f} s: {verdict}); CPU time {cpu:.2f} s "
          "(wall time above CPU time means other processes shared the cores)")
    print(f"calendar build (holidays of the cases' years + day tables): {build:.2f} s, once "
          "per process")
    print(f"sla.to_json: {to_json:.2f} s for {len(payload):,} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
