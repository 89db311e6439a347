"""Benchmark: the site of N synthetic cases against a bare mkdocs-material build of N plain
Markdown pages of similar size, side by side in one run, with peak memory of each build.

    python benchmarks/bench_site.py [--n 10000] [--keep DIR]

- Pelihara: a copy of this repository's mkdocs.yml and site/ plus `benchmarks/synth.py`'s
  cases (no git history, so no history section), built with `pelihara site build --now`.
- Bare: mkdocs-material with the same theme settings and search, N plain Markdown pages of the
  average size of the generated case pages, with only a few pages in the nav (as Pelihara).
Target (issue 5): Pelihara ≤ 1.5 × bare. Prints the figures; exits 0 either way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synth import write_cases  # noqa: E402

NOW = "2026-12-31T16:00:00+07:00"
TARGET = 1.5
BARE_CONFIG = """site_name: Bare
docs_dir: docs
site_dir: public
theme:
  name: material
  language: id
  font: false
plugins:
  - search
nav:
  - Beranda: index.md
  - Daftar: daftar.md
  - Tentang: tentang.md
validation:
  nav:
    omitted_files: ignore
"""


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (MiB) of one build process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PELIHARA_NOW", None)
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {' '.join(command)}\n{err[-2000:]}")
    return seconds, usage.ru_maxrss // 1024


CORE_SECTIONS = "[dashboard, cases, standard_page]"


def pelihara_site(root: Path, n: int, core_only: bool = False) -> None:
    for name in ("site", "mkdocs.yml", "plans"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy2(source, root / name)
    if core_only:  # the issue's own pages: dashboard, case tables and pages, the standard
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8").replace(
            "  - pelihara\n", f"  - pelihara:\n      sections: {CORE_SECTIONS}\n")
        config.write_text(text, encoding="utf-8")
    write_cases(root, n)


def bare_site(root: Path, n: int, page_bytes: int) -> None:
    docs = root / "docs"
    (docs / "kasus").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Beranda\n\nHalaman awal.\n", encoding="utf-8")
    (docs / "tentang.md").write_text("# Tentang\n\nSitus uji.\n", encoding="utf-8")
    rows = "\n".join(f"| [Kasus {i}](kasus/k{i:05d}.md) | judul {i} |" for i in range(n))
    (docs / "daftar.md").write_text(f"# Daftar\n\n| No | Judul |\n|---|---|\n{rows}\n",
                                    encoding="utf-8")
    paragraph = ("Aplikasi persuratan tidak dapat mengirim disposisi elektronik ke pejabat "
                 "penerima; antrean pesan penuh setelah pembaruan sertifikat. ")
    for i in range(n):
        body = [f"# Kasus {i}\n", "| Langkah | Mulai | Selesai | Batas | Hasil |",
                "|---|---|---|---|---|"]
        body += [f"| B.{k} | 3 Nov 2026 08.{k:02d} | 3 Nov 2026 09.{k:02d} | 2 jam | tepat |"
                 for k in range(8)]
        text = "\n".join(body) + "\n\n"
        while len(text) < page_bytes:
            text += paragraph * 4 + "\n\n"
        (docs / "kasus" / f"k{i:05d}.md").write_text(text, encoding="utf-8")


def _sample_page_bytes(root: Path) -> int:
    """Average rendered size of a few case pages, minus the theme's chrome."""
    probe = root / "probe"
    shutil.copytree(root, probe, ignore=shutil.ignore_patterns("public", "probe"))
    for folder in sorted((probe / "cases").glob("*/*"))[2:]:
        shutil.rmtree(folder)
    run([sys.executable, "-m", "pelihara.cli.main", "site", "build", "--now", NOW, "--repo",
         str(probe)], probe)
    sizes = [len(p.read_bytes()) for p in (probe / "public/kasus").glob("PML-*/index.html")]
    chrome = len((probe / "public" / "tentang" / "index.html").read_bytes())
    shutil.rmtree(probe)
    return max(2000, sum(sizes) // max(len(sizes), 1) - chrome)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the sites in this folder")
    parser.add_argument("--all-sections", action="store_true",
                        help="also build the whole site (reports, plans, ...), for reference")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="pelihara-bench-site-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        pel, full, bare = base / "pelihara", base / "full", base / "bare"
        started = time.perf_counter()
        pelihara_site(pel, args.n, core_only=True)
        print(f"{args.n} synthetic cases written in {time.perf_counter() - started:.1f} s")
        # Size the bare pages from one generated case page: its rendered content (the page
        # minus the theme's fixed chrome, measured on a hand-written page) becomes Markdown.
        sample = _sample_page_bytes(pel)
        bare_site(bare, args.n, sample)
        # Bare first, then Pelihara, back to back, so both meet the same machine load.
        bare_s, bare_mb = run([sys.executable, "-m", "mkdocs", "build"], bare)
        pel_s, pel_mb = run([sys.executable, "-m", "pelihara.cli.main", "site", "build",
                             "--now", NOW, "--repo", str(pel)], pel)
        pages = list((pel / "public" / "kasus").glob("PML-*/index.html"))
        page_bytes = sample
        ratio = pel_s / bare_s
        print(f"pelihara site build : {pel_s:6.1f} s  peak {pel_mb:5d} MiB  "
              f"({len(pages)} case pages; sections {CORE_SECTIONS})")
        if args.all_sections:
            pelihara_site(full, args.n)
            full_s, full_mb = run([sys.executable, "-m", "pelihara.cli.main", "site", "build",
                                   "--now", NOW, "--repo", str(full)], full)
            full_pages = sum(1 for _ in (full / "public").rglob("index.html"))
            print(f"  with all sections : {full_s:6.1f} s  peak {full_mb:5d} MiB  "
                  f"({full_pages} pages: + reports, plans, catalogue, ...)  "
                  f"ratio {full_s / bare_s:.2f}")
        print(f"bare mkdocs build   : {bare_s:6.1f} s  peak {bare_mb:5d} MiB  "
              f"({args.n} pages of ~{page_bytes} bytes of Markdown)")
        print(f"ratio               : {ratio:.2f} (target ≤ {TARGET}) "
              f"{'OK' if ratio <= TARGET else 'OVER TARGET'}")
        index = pel / "public" / "search" / "search_index.json"
        print(f"search index        : {index.stat().st_size / 1e6:.1f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
