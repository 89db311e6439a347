"""Benchmark: `pelihara notify` against `pelihara sla` on the same N-case repository.

    python benchmarks/bench_notify.py [--n 10000] [--seed 0] [--out DIR] [--runs 3]

Cases come from `benchmarks/synth.py` (written once into DIR), with the sample plan and
`notices.since` set a week before the cases' cutoff, so the recent events, the open steps'
escalation rungs and the coming week's planned maintenance are all due. Both commands run as a
user runs them (a subprocess each, `--now` the Monday after the cutoff, output to a pipe), best
of `--runs`:

- `pelihara sla --json`, the baseline;
- `pelihara notify --dry-run --json`: everything due, nothing recorded (the planning alone);
- `pelihara notify` steady state: a real run against a local SMTP server (aiosmtpd, from the
  test extra) first records every notice, then the timed runs find everything recorded and
  send nothing, which is what the 15-minute schedule does almost every time.

Target (issue 15): notify at most 1.5× sla. Prints the figures; exits 0 either way.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from benchmarks.synth import CUTOFF, write_cases  # noqa: E402
from pelihara.core.timeparse import iso  # noqa: E402

TARGET = 1.5
NOW = CUTOFF + timedelta(days=2)
"""Monday 10:00 WIB after the cases' cutoff (a Saturday): in working hours, so what is due
goes out rather than being held."""
PELIHARA = [sys.executable, "-m", "pelihara.cli.main"]


def prepare(root: Path, n: int, seed: int) -> None:
    if (root / "cases").is_dir():
        return
    write_cases(root, n, seed)
    (root / "plans").mkdir(exist_ok=True)
    shutil.copy2(REPO / "plans" / "2026.yaml", root / "plans" / "2026.yaml")
    standard = root / "standard.yaml"
    day = (CUTOFF.date() - timedelta(days=7)).isoformat()
    text = standard.read_text(encoding="utf-8")
    start = text.index("  since: ")
    end = text.index("\n", start)
    standard.write_text(text[:start] + f'  since: "{day}"' + text[end:], encoding="utf-8")


def timed(args: list[str], env: dict[str, str], runs: int) -> tuple[float, str]:
    best, out = float("inf"), ""
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
        best = min(best, time.perf_counter() - started)
        out = proc.stdout
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args[3:])} failed ({proc.returncode}):\n{proc.stderr}")
    return best, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    root = args.out or Path(tempfile.mkdtemp(prefix="bench-notify-"))
    started = time.perf_counter()
    prepare(root, args.n, args.seed)
    print(f"repository of {args.n:,} cases in {root} ({time.perf_counter() - started:.1f} s)")
    now = ["--repo", str(root), "--now", iso(NOW)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PELIHARA_")}

    sla, _ = timed([*PELIHARA, "sla", *now, "--json"], env, args.runs)
    dry, report = timed([*PELIHARA, "notify", *now, "--dry-run", "--json"], env, args.runs)
    planned = json.loads(report)
    print(f"pelihara sla --json:                {sla:6.2f} s")
    print(f"pelihara notify --dry-run --json:   {dry:6.2f} s = {dry / sla:.2f}× sla "
          f"({len(planned['sent']):,} notices due, {len(planned['held']):,} held; target ≤ "
          f"{TARGET}×: {'OK' if dry <= TARGET * sla else 'MISSED'})")

    from notify_servers import smtp_server

    with smtp_server() as inbox:
        smtp = {**env, "PELIHARA_SMTP_HOST": "127.0.0.1", "PELIHARA_SMTP_PORT": str(inbox.port),
                "PELIHARA_SMTP_FROM": "pelihara@setneg.go.id"}
        first, _ = timed([*PELIHARA, "notify", *now], smtp, 1)
        sent = len(inbox.take())
        steady, _ = timed([*PELIHARA, "notify", *now], smtp, args.runs)
        again = len(inbox.take())
    print(f"pelihara notify, first real run:    {first:6.2f} s ({sent:,} messages to a local "
          "SMTP server, recorded)")
    print(f"pelihara notify, next runs:         {steady:6.2f} s = {steady / sla:.2f}× sla "
          f"({again} messages; target ≤ {TARGET}×: "
          f"{'OK' if steady <= TARGET * sla else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
