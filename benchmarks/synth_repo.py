"""A synthetic Pelihara git repository with N cases and their full history.

    python benchmarks/synth_repo.py --n 10000 --out /tmp/synth-repo [--flat] [--seed 0]

Each case from `benchmarks/synth.py` is replayed as one commit per event, in time order across
all cases (about 7 commits per case), each committed a little after the event's `at` (a few
recorded a day late, so the recording-lag warning has something to find). About one commit in
ten arrives through a merge commit, as merge requests do, so first-parent history matters.
Cases are sharded in cases/<year>/<month>/ (or one flat folder with --flat, to compare).
Everything is streamed into `git fast-import`: 10,000 cases and ~70,000 commits take seconds.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synth import generate_case
from pelihara.core.timeparse import parse_time

REPO = Path(__file__).resolve().parents[1]
ITEM = re.compile(r"^  - event: (\S+)\n    at: \"([^\"]+)\"", re.M)
AUTHORS = (("Andi Pratama", "andi@setneg.go.id"), ("Budi Santoso", "budi@setneg.go.id"),
           ("Dewi Lestari", "dewi@setneg.go.id"), ("Fajar Nugroho", "fajar@setneg.go.id"))
MERGER = ("Hendra Wijaya", "hendra@setneg.go.id")


def versions(text: str) -> list[tuple[str, int, str]]:
    """(event kind, unix time of `at`, file text holding events up to and including it)."""
    items = list(ITEM.finditer(text))
    out = []
    for n, match in enumerate(items):
        end = items[n + 1].start() if n + 1 < len(items) else len(text)
        out.append((match.group(1), int(parse_time(match.group(2)).timestamp()), text[:end]))
    return out


def _data(payload: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(payload), payload)


def stream(n: int, seed: int, flat: bool) -> tuple[list[bytes], int]:
    """The fast-import command stream (as chunks) and the number of commits in it."""
    rng = random.Random(seed)
    plan = []
    for i in range(n):
        rel, text = generate_case(i, seed)
        if flat:
            rel = "cases/" + rel.rsplit("/", 1)[-1]
        for k, (kind, at, upto) in enumerate(versions(text)):
            lag = rng.randint(600, 36 * 3600) if rng.random() < 0.03 else rng.randint(60, 5400)
            plan.append((at + lag, i, k, rel, kind, upto.encode()))
    plan.sort(key=lambda p: (p[0], p[1], p[2]))
    out: list[bytes] = []
    first = plan[0][0] - 86400 if plan else 1_700_000_000
    seeds = [p for p in ("standard.yaml", "registry", "schemas") if (REPO / p).exists()]
    files = [f for p in seeds for f in ([REPO / p] if (REPO / p).is_file()
                                          else sorted((REPO / p).rglob("*")))]
    out.append(b"commit refs/heads/main\nmark :1\n"
               b"author Pelihara <pelihara@setneg.go.id> %d +0700\n"
               b"committer Pelihara <pelihara@setneg.go.id> %d +0700\n" % (first, first))
    out.append(_data(b"Repositori Pelihara"))
    for path in files:
        if path.is_file():
            out.append(b"M 100644 inline %s\n" % path.relative_to(REPO).as_posix().encode())
            out.append(_data(path.read_bytes()))
    mark, previous, commits = 1, 1, 1
    for when, _, _, rel, kind, body in plan:
        name, email = rng.choice(AUTHORS)
        message = f"{Path(rel).stem}: {kind}".encode()
        who = b"%s <%s> %d +0700" % (name.encode(), email.encode(), when)
        if rng.random() < 0.1:  # through a merge request: a side commit, then a merge
            mark += 1
            side = mark
            out.append(b"commit refs/heads/mr\nmark :%d\nauthor %s\ncommitter %s\n"
                       % (side, who, who))
            out.append(_data(message) + b"from :%d\n" % previous)
            out.append(b"M 100644 inline %s\n" % rel.encode() + _data(body))
            mark += 1
            merger = b"%s <%s> %d +0700" % (MERGER[0].encode(), MERGER[1].encode(), when + 300)
            out.append(b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\n"
                       % (mark, merger, merger))
            out.append(_data(b"Merge branch 'mr' into 'main'\n\n" + message))
            out.append(b"merge :%d\n" % side)
            out.append(b"M 100644 inline %s\n" % rel.encode() + _data(body))
            commits += 2
        else:
            mark += 1
            # No `from`: main continues from its tip, and naming the tip again would make
            # fast-import reload the whole tree from disk for every commit.
            out.append(b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\n"
                       % (mark, who, who))
            out.append(_data(message))
            out.append(b"M 100644 inline %s\n" % rel.encode() + _data(body))
            commits += 1
        previous = mark
    out.append(b"reset refs/heads/mr\nfrom 0000000000000000000000000000000000000000\n\n")
    return out, commits


def build(out_dir: Path, n: int, seed: int = 0, flat: bool = False) -> int:
    """Create the repository at `out_dir` (must not exist). Returns the number of commits."""
    out_dir.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out_dir)], check=True)
    chunks, commits = stream(n, seed, flat)
    subprocess.run(["git", "-C", str(out_dir), "fast-import", "--quiet"],
                   input=b"".join(chunks), check=True)
    subprocess.run(["git", "-C", str(out_dir), "checkout", "-q", "-f", "main"], check=True)
    return commits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="number of cases")
    parser.add_argument("--out", type=Path, required=True, help="new folder for the repository")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--flat", action="store_true", help="all cases in one cases/ folder")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} already exists")
    start = time.perf_counter()
    commits = build(args.out, args.n, args.seed, args.flat)
    print(f"{args.n} cases, {commits} commits in {time.perf_counter() - start:.1f} s "
          f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
