"""History pass and `check --base` against the bare git commands, side by side.

    python benchmarks/synth_repo.py --n 10000 --out /tmp/synth10k     # once (a few minutes)
    python benchmarks/bench_history.py /tmp/synth10k [/tmp/synth1k ...] [--repeat 3]

For each repository prints:
- the bare `git log` pass that `gitio.read_history` runs, output read into memory, alone;
- `read_history` itself (that git pass + parsing), and the ratio (target: at most 1.5x);
- `basecheck.check_against_base` for a record-only merge request touching 3 cases, with its
  git process count, and the whole `pelihara check --base main FILES` command (target: under
  2 s, flat as the number of cases grows);
- a rules-only merge request (a closure next month in standard.yaml): the whole
  `pelihara check --base main` command, which evaluates every case under the old and the new
  rules (no target; reported).
The merge requests are made on throwaway branches and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from pelihara.check.basecheck import check_against_base
from pelihara.core import history
from pelihara.records.gitio import Git
from pelihara.records.repo import Repository

AUTHOR = {"GIT_AUTHOR_NAME": "Andi Pratama", "GIT_AUTHOR_EMAIL": "andi@setneg.go.id",
          "GIT_COMMITTER_NAME": "Andi Pratama", "GIT_COMMITTER_EMAIL": "andi@setneg.go.id",
          "GIT_AUTHOR_DATE": "2026-11-30T07:55:00+07:00",
          "GIT_COMMITTER_DATE": "2026-11-30T07:55:00+07:00", "PATH": "/usr/bin:/bin"}
"""A registered author, at a pinned time after the synthetic history's last commit: the
merge-request rules refuse unregistered authors and commit times that go back."""
EVENT = '  - event: note\n    at: "2026-11-28T09:00:00+07:00"\n    by: andi\n    note: Bench.\n'
NOW = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
"""08:00 WIB on the Monday after the synthetic history ends."""


CPU: list[float] = []
"""CPU seconds (this process and its children) of the best run of the last `best` call: on
a shared machine the wall clock also counts other people's work, the CPU time does not."""


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best(repeat: int, work: object) -> float:
    """The best wall time of `repeat` runs; its CPU time is left in CPU[0]."""
    runs = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _cpu()
        work()  # type: ignore[operator]
        runs.append((time.perf_counter() - start, _cpu() - cpu))
    wall, cpu = min(runs)
    CPU[:] = [cpu]
    return wall


def bare_log(root: Path) -> None:
    subprocess.run(["git", "log", "--first-parent", "--diff-merges=first-parent", "-p", "-U0",
                    "--no-color", "--no-ext-diff", "--no-renames",
                    f"--format={history.LOG_FORMAT}", "HEAD", "--", "cases"],
                   cwd=root, check=True, capture_output=True)


def bench(root: Path, repeat: int) -> None:
    cases = sorted((root / "cases").glob("*/*/*.yaml"))
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, check=True,
                             capture_output=True, text=True).stdout.strip()
    print(f"{root}: {len(cases)} cases, {commits} commits")
    bare = best(repeat, lambda: bare_log(root))
    bare_cpu = CPU[0]
    git = Git(root)
    parsed = best(repeat, lambda: git.read_history())
    parsed_cpu = CPU[0]
    files = len(git.read_history().files)
    print(f"  bare git log -p -U0 --first-parent : {bare:6.2f} s  (cpu {bare_cpu:.2f} s)")
    print(f"  read_history (git + parse)         : {parsed:6.2f} s  = {parsed / bare:.2f}x bare"
          f"  (cpu {parsed_cpu:.2f} s = {parsed_cpu / bare_cpu:.2f}x; {files} files)")

    open_cases = [p for p in cases if "restored" not in p.read_text()
                  and "cancelled" not in p.read_text()][:3]
    run = subprocess.run
    run(["git", "switch", "-q", "-c", "bench-mr"], cwd=root, check=True)
    try:
        for path in open_cases:
            path.write_text(path.read_text() + EVENT, encoding="utf-8")
        run(["git", "commit", "-q", "-am", "bench: 3 cases"], cwd=root, check=True, env=AUTHOR)
        repo = Repository(root)
        counter = Git(root)
        found = check_against_base(repo, "main", NOW, counter)
        base_t = best(repeat, lambda: check_against_base(Repository(root), "main", NOW))
        rels = [str(p.relative_to(root)) for p in open_cases]
        cli_t = best(repeat, lambda: run([sys.executable, "-m", "pelihara.cli.main", "check",
                                          "--base", "main", "--now", NOW.isoformat(), *rels],
                                         cwd=root, capture_output=True))
        cli_cpu = CPU[0]
        print(f"  check_against_base (3 cases)      : {base_t:6.2f} s  "
              f"({counter.processes} git processes, {len(found)} findings)")
        print(f"  pelihara check --base main FILES  : {cli_t:6.2f} s  (cpu {cli_cpu:.2f} s)")
    finally:
        run(["git", "switch", "-q", "-f", "main"], cwd=root, check=True)
        run(["git", "branch", "-q", "-D", "bench-mr"], cwd=root, check=True)
    bench_rules_change(root, repeat)


def bench_rules_change(root: Path, repeat: int) -> None:
    """A rules-only merge request: every case evaluated under the old and the new rules."""
    run = subprocess.run
    run(["git", "switch", "-q", "-c", "bench-rules"], cwd=root, check=True)
    try:
        std = root / "standard.yaml"
        std.write_text(std.read_text(encoding="utf-8").replace(
            "extra_closures: []", 'extra_closures:\n    - {date: "2026-12-28", name: Penutupan,'
            ' basis: bench}'), encoding="utf-8")
        run(["git", "commit", "-q", "-am", "bench: closure"], cwd=root, check=True, env=AUTHOR)
        command = [sys.executable, "-m", "pelihara.cli.main", "check", "--base", "main",
                   "--now", NOW.isoformat(), "--format", "json"]
        out = run(command, cwd=root, capture_output=True, text=True)
        codes = sorted({f["code"] for f in json.loads(out.stdout)})
        rules_t = best(max(1, repeat - 1), lambda: run(command, cwd=root, capture_output=True))
        print(f"  rules change: check --base main   : {rules_t:6.2f} s  (cpu {CPU[0]:.2f} s; "
              f"exit {out.returncode}, {', '.join(codes) or 'no findings'})")
    finally:
        run(["git", "switch", "-q", "-f", "main"], cwd=root, check=True)
        run(["git", "branch", "-q", "-D", "bench-rules"], cwd=root, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="history pass and check --base benchmark")
    parser.add_argument("repos", nargs="+", type=Path, help="repositories from synth_repo.py")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best is kept)")
    args = parser.parse_args(argv)
    for root in args.repos:
        bench(root, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
