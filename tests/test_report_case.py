"""The per-case Laporan Hasil Perbaikan dan Pemeliharaan, through the real CLI, HTML and PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CASE = "PML-20261103-4QX"
NOW = "2026-11-28T10:00"
GOLDEN = Path(__file__).parent / "golden" / f"laporan-{CASE}.html"
HEADINGS = [
    "LAPORAN HASIL PERBAIKAN DAN PEMELIHARAAN SISTEM INFORMASI MANAJEMEN",
    "A. Pendahuluan", "1. Umum", "2. Maksud dan Tujuan", "3. Ruang Lingkup", "4. Dasar",
    "B. Kegiatan yang Dilaksanakan", "C. Hasil yang Dicapai", "D. Simpulan dan Saran",
    "E. Penutup",
]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    out = tmp_path_factory.mktemp("laporan")
    proc = subprocess.run(
        [sys.executable, "-m", "pelihara.cli.main", "report", CASE, "--pdf", "--out", str(out),
         "--now", NOW], capture_output=True, text=True, check=False,
        cwd=repo_root)
    assert proc.returncode == 0, proc.stderr
    assert str(out / f"laporan-{CASE}.pdf") in proc.stdout
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_text_has_every_section_steps_and_signature(made: Path) -> None:
    pdf = made / f"laporan-{CASE}.pdf"
    text = _flat(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                text=True, check=True).stdout)
    for heading in HEADINGS:
        assert heading in text, heading
    for step in ("B.2a", "B.3", "B.4", "B.5a", "B.9", "B.10"):
        assert step in text, step
    for moment in ("3 November 2026", "09.20 WIB", "11.15 WIB", "4 November 2026",
                   "10.30 WIB", "13.20 WIB"):
        assert moment in text, moment
    # Tests a/b/c, the signature block (place, date, position, name, NIP) and page numbers.
    assert "Uji coba sistem per modul" in text and "lulus" in text
    assert "Jakarta, 4 November 2026" in text
    assert "Pranata Komputer Ahli Muda" in text and "Andi Pratama, S.Kom." in text
    assert "NIP 198603112010121003" in text
    assert "Mengetahui" in text and "Ir. Hendra Wijaya, M.T." in text
    assert "Halaman 1 dari" in text


def test_pdf_is_a4_and_page_one_renders(made: Path, tmp_path: Path) -> None:
    pdf = made / f"laporan-{CASE}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    assert 2 <= pages <= 4
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "p")], check=True)
    from PIL import Image  # Pillow comes with WeasyPrint

    with Image.open(next(tmp_path.glob("p*.png"))) as image:
        assert image.size == (414, 585)  # A4 (210 × 297 mm) at 50 dpi
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128]) / (grey.width * grey.height)
        title = grey.crop((0, 0, grey.width, grey.height // 8))
        darkest = title.getextrema()[0]  # one band ("L"): (min, max)
        assert isinstance(darkest, int | float) and darkest < 64  # title in the top eighth
    assert 0.01 < dark < 0.3  # a page of text: neither blank nor a black box


def test_html_matches_golden(made: Path) -> None:
    html = (made / f"laporan-{CASE}.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>") + len("</article>")]
    if os.environ.get("PELIHARA_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(article, encoding="utf-8")
    assert article == GOLDEN.read_text(encoding="utf-8"), (
        "the rendered report changed; review it and rerun with PELIHARA_UPDATE_GOLDEN=1")


def test_user_text_is_escaped(repo_copy: Path, cli: Callable[..., object], tmp_path: Path
                              ) -> None:
    path = repo_copy / "cases/2026/11" / f"{CASE}.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "title: Disposisi elektronik SIMPERSURATAN gagal terkirim",
        "title: \"Disposisi <script>alert('x')</script> gagal\"")
    path.write_text(text, encoding="utf-8")
    result = cli("report", CASE, "--repo", str(repo_copy), "--out", str(tmp_path), "--now", NOW)
    assert result.code == 0, result.err  # type: ignore[attr-defined]
    html = (tmp_path / f"laporan-{CASE}.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_unknown_case_is_a_clear_error(cli: Callable[..., object], tmp_path: Path) -> None:
    result = cli("report", "PML-20261128-ZZZ", "--out", str(tmp_path))
    assert result.code == 2  # type: ignore[attr-defined]
    assert "Kasus 'PML-20261128-ZZZ' tidak ditemukan" in result.err  # type: ignore[attr-defined]
    assert "Traceback" not in result.err  # type: ignore[attr-defined]
    assert not list(tmp_path.iterdir())


def test_broken_case_is_refused_with_its_file(repo_copy: Path, cli: Callable[..., object],
                                              tmp_path: Path) -> None:
    path = repo_copy / "cases/2026/11" / f"{CASE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("event: received",
                                                               "event: repaired", 1),
                    encoding="utf-8")
    result = cli("report", CASE, "--repo", str(repo_copy), "--out", str(tmp_path),
                 "--lang", "en")
    assert result.code == 2  # type: ignore[attr-defined]
    assert f"cases/2026/11/{CASE}.yaml" in result.err  # type: ignore[attr-defined]
    assert "cannot be reported" in result.err  # type: ignore[attr-defined]
    assert "pelihara check" in result.err  # type: ignore[attr-defined]


def test_pdftotext_available() -> None:
    assert shutil.which("pdftotext") and shutil.which("pdftoppm")
