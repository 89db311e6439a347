"""Benchmark: `pelihara check` over N synthetic cases against merely parsing them.

    python benchmarks/bench_check.py --n 10000 [--seed 0] [--dir /tmp/pelihara-bench] [--profile]
                                     [--repeat 3]

Both sides read the same files from a warm page cache:
- parse: read each case file and `yaml.load(text, Loader=yaml.CSafeLoader)`;
- check: `pelihara check` as a user runs it (a fresh process: imports, schema compilation,
  standard, registries, every rule), and `run_check` in this process for comparison.
Target (issue 2): check ≤ 2 × parse. Prints the figures and the ratios, of wall time and of
CPU time (on a shared machine other processes stretch the wall time, not the CPU time);
exits 0 either way.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

CODE_KEY = '"code":'
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synth import CUTOFF, write_cases  # noqa: E402
from pelihara.check import run_check  # noqa: E402
from pelihara.core.timeparse import iso  # noqa: E402


def prepare(folder: Path, n: int, seed: int) -> list[Path]:
    marker = folder / f".synth-{n}-{seed}"
    if marker.exists():
        return sorted((folder / "cases").glob("*/*/*.yaml"))
    if folder.exists():
        raise SystemExit(f"{folder} exists but was not made for n={n} seed={seed}; remove it")
    started = time.perf_counter()
    paths = write_cases(folder, n, seed)
    marker.write_text("", encoding="utf-8")
    print(f"generated {len(paths)} cases in {time.perf_counter() - started:.1f} s")
    return sorted(paths)


def parse_all(paths: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of reading and parsing every file."""
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - started, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_cli(folder: Path) -> tuple[float, float, int, str]:
    """Wall and CPU seconds of `pelihara check` as a user runs it, its exit code and output."""
    started, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(
        [sys.executable, "-m", "pelihara.cli.main", "check", "--repo", str(folder),
         "--now", iso(CUTOFF), "--format", "json"],
        capture_output=True, text=True, check=False)
    return time.perf_counter() - started, _children_cpu() - cpu, proc.returncode, proc.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--profile", action="store_true", help="profile run_check in-process")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the parse and of the CLI (the fastest of each is kept)")
    args = parser.parse_args(argv)
    folder = args.dir or Path(f"/tmp/pelihara-bench-{args.n}-{args.seed}")
    paths = prepare(folder, args.n, args.seed)
    parse_all(paths)  # warm the page cache so both sides read from memory
    parse_s, parse_cpu = min(parse_all(paths) for _ in range(args.repeat))
    cli_s, cli_cpu, code, out = min(check_cli(folder) for _ in range(args.repeat))
    started, cpu = time.perf_counter(), time.process_time()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    result = run_check(folder, None, CUTOFF)
    if profiler:
        profiler.disable()
    inproc_s, inproc_cpu = time.perf_counter() - started, time.process_time() - cpu
    errors = len(result.errors)
    codes = Counter(f.code for f in result.findings)
    print(f"files: {len(paths)} cases (+{len(result.files) - len(paths)} standard/registries)")
    print(f"parse (CSafeLoader):        {parse_s:6.2f} s  (cpu {parse_cpu:6.2f} s)")
    print(f"pelihara check (CLI):       {cli_s:6.2f} s  (cpu {cli_cpu:6.2f} s)  "
          f"ratio {cli_s / parse_s:4.2f}x (cpu {cli_cpu / parse_cpu:4.2f}x)  "
          f"exit {code}, {out.count(CODE_KEY)} findings")
    print(f"run_check (in process):     {inproc_s:6.2f} s  (cpu {inproc_cpu:6.2f} s)  "
          f"ratio {inproc_s / parse_s:4.2f}x (cpu {inproc_cpu / parse_cpu:4.2f}x)  "
          f"{errors} errors, {len(result.findings) - errors} warnings")
    print(f"findings by code: {dict(codes.most_common(6))}")
    for label, ratio in (("wall", cli_s / parse_s), ("cpu", cli_cpu / parse_cpu)):
        print(f"target ≤ 2.00x ({label}, CLI): {'met' if ratio <= 2 else 'NOT met'}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
