"""Benchmark: verifying evidence files against hashing the same bytes with nothing else.

    python benchmarks/bench_evidence.py --cases 2000 --files 2 --kib 512 [--dir DIR]

Makes `evidence/<id>/` folders of random files and times, on a warm page cache:
- bare: open, read and SHA-256 every file (`hashlib`, 1 MiB chunks): the floor;
- pelihara: `observe_folder` (lstat of every component, O_NOFOLLOW open, fstat, hash, LFS
  pointer test) and `compare` with the references, for every case folder.
Prints both and the ratio; exits 0 either way.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pelihara.core.evidence_files import Reference, compare  # noqa: E402
from pelihara.records.casewrite import CROCKFORD  # noqa: E402
from pelihara.records.evidence_store import observe_folder  # noqa: E402


def prepare(root: Path, cases: int, files: int, kib: int) -> dict[str, list[Reference]]:
    refs: dict[str, list[Reference]] = {}
    for i in range(cases):
        suffix = "".join(CROCKFORD[i // 32 ** k % 32] for k in (2, 1, 0))
        case_id = f"PML-2026{1 + i // 32768 % 12:02d}01-{suffix}"
        folder = root / "evidence" / case_id
        folder.mkdir(parents=True, exist_ok=True)
        for j in range(files):
            data = os.urandom(kib * 1024)
            name = f"dokumen-{j}.pdf"
            (folder / name).write_bytes(data)
            refs.setdefault(case_id, []).append(
                Reference(0, j, name, hashlib.sha256(data).hexdigest()))
    return refs


def bare(root: Path) -> float:
    started = time.perf_counter()
    for path in sorted((root / "evidence").glob("*/*")):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return time.perf_counter() - started


def pelihara(root: Path, refs: dict[str, list[Reference]]) -> tuple[float, int]:
    started = time.perf_counter()
    problems = 0
    for case_id, items in refs.items():
        problems += sum(1 for _ in compare(case_id, items, observe_folder(root, case_id)))
    return time.perf_counter() - started, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--files", type=int, default=2)
    parser.add_argument("--kib", type=int, default=512)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        refs = prepare(root, args.cases, args.files, args.kib)
        total = args.cases * args.files
        bare(root)  # warm the page cache for both sides
        floor = bare(root)
        ours, problems = pelihara(root, refs)
        size = total * args.kib / 1024
        print(f"{total} files, {size:.0f} MiB in {len(refs)} case folders")
        print(f"bare hashlib:      {floor:.2f} s ({size / floor:.0f} MiB/s)")
        print(f"pelihara evidence: {ours:.2f} s ({size / ours:.0f} MiB/s), {problems} problems")
        print(f"ratio: {ours / floor:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
