"""Benchmark: `pelihara report period 2026` on the sample data and on N synthetic cases.

    python benchmarks/bench_reports.py [--n 2000] [--seed 0] [--repeat 3] [--no-git]

Three runs of the real command (a subprocess, as a user runs it; best of --repeat):
1. the sample records of this repository (with its git history);
2. N cases from `benchmarks/synth.py` in a plain folder (no git: the late-recordings section
   is left out), beside this repository's plans, monitoring, complaints and surveys;
3. the same N cases as a git repository with one commit per event (`benchmarks/synth_repo.py`),
   so the late-recordings section reads the whole history in one pass.
Then, in process, where the time goes for run 3 (or 2 with --no-git): loading and SLA of every
case, the period figures, the history pass, the extra sections, and rendering the HTML.
Prints the figures; exits 0 either way.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synth import CUTOFF, write_cases  # noqa: E402
from benchmarks.synth_repo import build as build_repo  # noqa: E402
from pelihara.documents import render  # noqa: E402
from pelihara.documents.extras import attach  # noqa: E402
from pelihara.documents.period import parse_period  # noqa: E402
from pelihara.documents.periodic import build_period_report  # noqa: E402
from pelihara.documents.sources import ExtrasSource, read_event_records  # noqa: E402
from pelihara.records.load import Records  # noqa: E402
from pelihara.records.repo import Repository  # noqa: E402

NOW = CUTOFF.isoformat()
RECORDS = ("plans", "monitoring", "complaints", "surveys")


def command(root: Path, out: Path, repeat: int) -> tuple[float, str]:
    """Best wall time of the real command, and its printed lines of the last run."""
    best, printed = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pelihara.cli.main", "report", "period",
                               "2026", "--repo", str(root), "--out", str(out), "--now", NOW],
                              capture_output=True, text=True, check=False)
        best = min(best, time.perf_counter() - started)
        if proc.returncode != 0:
            print(proc.stderr)
        printed = proc.stdout
    return best, printed


def add_records(root: Path) -> None:
    for name in RECORDS:
        if (REPO / name).is_dir() and not (root / name).exists():
            shutil.copytree(REPO / name, root / name)


def phases(root: Path) -> None:
    from datetime import datetime

    timings: list[tuple[str, float]] = []

    def timed(label: str, fn: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        value = fn()
        timings.append((label, time.perf_counter() - started))
        return value

    period = parse_period("2026")
    source = Records(Repository(root), datetime.fromisoformat(NOW))
    items = timed("read + replay + SLA of every case", lambda: source.cases.records)
    report = timed("period figures", lambda: build_period_report(
        source.repo.standard, period, items, source.repo.registries))
    records, missing = timed("git history (one pass) + recording lag", lambda: read_event_records(
        source.repo, [i.case for i in items], source.repo.calendar))
    extras = timed("plans, complaints, IKM", lambda: ExtrasSource(source, records).for_period(
        period))
    html = timed("render HTML", lambda: render.period_document(attach(report, extras),
                                                                source.now))
    print(f"  in process, {len(items)} cases"
          f"{'' if missing is None else ' (no history: ' + missing.code + ')'}:")
    for label, seconds in timings:
        print(f"    {label:<42} {seconds:7.3f} s")
    print(f"    {'total':<42} {sum(s for _, s in timings):7.3f} s   HTML {len(html) / 1e6:.2f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-git", action="store_true", help="skip the git-history run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        work = Path(tmp)
        seconds, _ = command(REPO, work / "out", args.repeat)
        cases = len(list((REPO / "cases").rglob("*.yaml")))
        print(f"sample data ({cases} cases, git history): {seconds:.2f} s")

        plain = work / "plain"
        write_cases(plain, args.n, args.seed)
        add_records(plain)
        seconds, printed = command(plain, work / "out", args.repeat)
        note = next((line for line in printed.splitlines() if "pencatatan" in line), "")
        print(f"{args.n} synthetic cases, plain folder: {seconds:.2f} s  [{note}]")
        target = plain
        if not args.no_git:
            repo = work / "git"
            started = time.perf_counter()
            commits = build_repo(repo, args.n, args.seed)
            add_records(repo)
            made = time.perf_counter() - started
            seconds, _ = command(repo, work / "out", args.repeat)
            print(f"{args.n} synthetic cases, git repository ({commits} commits, built in "
                  f"{made:.1f} s): {seconds:.2f} s")
            target = repo
        phases(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
