"""Benchmark: `pelihara check` on one hostile file, growing, to show time grows linearly.

    python benchmarks/bench_hostile.py [--sizes 5000,10000,20000,40000,55000] [--dir DIR]

Each shape is a valid case (tests/corpus/valid/ringan.yaml) grown to N items, checked by the
real CLI in a fresh process (`check FILE`); the figures are the child's CPU time and peak
memory (from wait4), so other load on the machine does not move them much:
- keys: N unknown top-level keys (one finding each, the first 1,000 shown and the rest
  counted; 55,000 keys is the 492 KB file of issue 13, which took 85 s when each finding
  scanned the mapping for its key);
- events: N events of an unknown kind (one schema finding each).
Time per item should stay flat as N grows (linear); a quadratic cost shows as a rising column.
Then the case file is replaced by a symlink to /dev/zero, a 3 GB sparse file, a FIFO and a
folder: each must cost what any check costs (it is refused from its `lstat`, never read).
Target (issue 13): any single file under 5 s and 200 MB. Prints a table; exits 0 either way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VALID = REPO / "tests" / "corpus" / "valid" / "ringan.yaml"
TARGET = "cases/2026/11/PML-20261103-4QX.yaml"


def keys(n: int) -> str:
    return VALID.read_text(encoding="utf-8") + "".join(f"x{i:x}: 1\n" for i in range(n))


def events(n: int) -> str:
    head = VALID.read_text(encoding="utf-8").partition("  - event: restored")[0]
    return head + "".join(f'  - {{event: e{i:x}, at: "2026-11-04T13:20:00+07:00", by: andi}}\n'
                          for i in range(n))


SHAPES: dict[str, Callable[[int], str]] = {"keys": keys, "events": events}


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(3 * 1024**3)


ODD: dict[str, Callable[[Path], None]] = {
    "symlink to /dev/zero": lambda p: p.symlink_to("/dev/zero"),
    "3 GB sparse file": _sparse,
    "FIFO": os.mkfifo,
    "folder": Path.mkdir,
}
"""What can stand where a record should be (rows 2-6): each is refused from its `lstat`,
so time and memory do not depend on what it would have given if read."""


def measure(root: Path, text: str) -> tuple[int, float, float, int]:
    """Exit code, CPU seconds, peak MB and output bytes of `pelihara check TARGET`."""
    (root / TARGET).write_text(text, encoding="utf-8")
    return run_check(root)


def run_check(root: Path) -> tuple[int, float, float, int]:
    with open(root / ".out", "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pelihara.cli.main", "--repo", str(root),
                                 "check", TARGET, "--now", "2026-11-28T10:00"],
                                stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (proc.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            (root / ".out").stat().st_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="5000,10000,20000,40000,55000")
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: temp)")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="pelihara-hostile-"))
    root = folder / "repo"
    if not root.exists():
        root.mkdir(parents=True)
        for name in ("standard.yaml", "registry", "schemas"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
        (root / TARGET).parent.mkdir(parents=True)
    print(f"{'shape':<8}{'N':>8}{'KB':>8}{'exit':>6}{'CPU s':>8}{'µs/item':>9}{'peak MB':>9}"
          f"{'out KB':>9}")
    for shape, make in SHAPES.items():
        for n in (int(s) for s in args.sizes.split(",")):
            text = make(n)
            if len(text.encode()) > 512 * 1024:
                print(f"{shape:<8}{n:>8}  (over the 512 KiB size cap: refused unread)")
                continue
            code, cpu, peak, out = measure(root, text)
            print(f"{shape:<8}{n:>8}{len(text.encode()) // 1024:>8}{code:>6}{cpu:>8.2f}"
                  f"{cpu / n * 1e6:>9.1f}{peak:>9.0f}{out // 1024:>9}")
    print(f"\n{'in place of the case file':<26}{'exit':>6}{'CPU s':>8}{'peak MB':>9}")
    target = root / TARGET
    for name, place in ODD.items():
        target.unlink(missing_ok=True)
        place(target)
        code, cpu, peak, _ = run_check(root)
        print(f"{name:<26}{code:>6}{cpu:>8.2f}{peak:>9.0f}")
        if target.is_dir() and not target.is_symlink():
            target.rmdir()
        else:
            target.unlink()


if __name__ == "__main__":
    main()
