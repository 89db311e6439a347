"""Reports that prove their source: each HTML and PDF report states its commit and the case
file's SHA-256, and `report CASE --verify FILE.pdf` rebuilds it from that commit and compares
the text. Real git repositories (pinned identities and dates), real PDFs (WeasyPrint), text
read back with pypdf and cross-checked with pdftotext."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import pytest

from helpers import copy_records, git, pel, pin_git
from pelihara.core import provenance
from pelihara.core.timeparse import parse_time
from pelihara.documents import render
from pelihara.site.data import load_context
from pelihara.site.sections import reports

CASE = "PML-20261103-4QX"  # closed, reported
FILE = f"cases/2026/11/{CASE}.yaml"
NOW = "2026-11-28T09:00"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pin_git(monkeypatch, name="Andi Pratama", email="andi@x")
    root = copy_records(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Catatan awal")
    return root


def make_pdf(root: Path, out: Path) -> Path:
    code, _, err = pel(root, "report", CASE, "--pdf", "--out", str(out), "--now", NOW)
    assert code == 0, err
    return out / f"laporan-{CASE}.pdf"


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_and_html_state_commit_and_case_file_hash(repo: Path, tmp_path: Path) -> None:
    pdf = make_pdf(repo, tmp_path / "out")
    head = git(repo, "rev-parse", "HEAD").strip()
    digest = hashlib.sha256((repo / FILE).read_bytes()).hexdigest()
    text = pdftotext(pdf)  # another reader than the one --verify uses
    assert f"Commit sumber: {head}" in text
    assert f"SHA-256 berkas kasus: {digest}" in text
    html = (tmp_path / "out" / f"laporan-{CASE}.html").read_text()
    assert head in html and digest in html and "Waktu acuan: 2026-11-28T09:00:00+07:00" in html
    claim = provenance.parse(text)
    assert claim is not None and (claim.commit, claim.sha256, claim.case_file) == (
        head, digest, FILE)


def test_untouched_pdf_is_accepted_even_after_history_moved_on(repo: Path,
                                                               tmp_path: Path) -> None:
    pdf = make_pdf(repo, tmp_path / "out")
    code, out, err = pel(repo, "report", CASE, "--verify", str(pdf))
    assert code == 0 and out.startswith("COCOK"), err
    # Later commits change the case and the registries; the PDF still names its own commit.
    path = repo / FILE
    path.write_text(path.read_text().replace("Surat masuk tetap dapat diregistrasi.",
                                             "Surat masuk tetap dapat dicatat."))
    staff = repo / "registry/staff.yaml"
    staff.write_text(staff.read_text().replace("Andi Pratama, S.Kom.", "Andi Pratama, M.Kom."))
    git(repo, "commit", "-q", "-am", "Ubah uraian dan gelar")
    code, out, err = pel(repo, "report", CASE, "--verify", str(pdf), "--lang", "en")
    assert code == 0 and out.startswith("MATCH"), err


def test_pdf_built_from_a_changed_case_is_rejected(repo: Path, tmp_path: Path) -> None:
    path = repo / FILE
    path.write_text(path.read_text().replace("    by: andi\n    confirmed_by:",
                                             "    by: budi\n    confirmed_by:"))
    pdf = make_pdf(repo, tmp_path / "out")  # built from the working tree, not the commit
    assert "perubahan belum di-commit" in pdftotext(pdf)
    code, out, err = pel(repo, "report", CASE, "--verify", str(pdf))
    assert code == 1 and out == ""
    assert err.startswith("TIDAK COCOK") and "SHA-256" in err


def test_pdf_with_changed_text_is_rejected(repo: Path, tmp_path: Path) -> None:
    """A forged PDF: the statement copied from a real report, a figure changed."""
    pdf = make_pdf(repo, tmp_path / "out")
    html = (tmp_path / "out" / f"laporan-{CASE}.html").read_text()
    assert "6 langkah tepat waktu" in html
    forged = tmp_path / "palsu.pdf"
    forged.write_bytes(render.html_to_pdf(html.replace("6 langkah tepat waktu",
                                                       "5 langkah tepat waktu")))
    code, _, err = pel(repo, "report", CASE, "--verify", str(forged))
    assert code == 1 and "TIDAK COCOK" in err
    assert "6 langkah tepat waktu" in " ".join(err.split())
    assert pel(repo, "report", CASE, "--verify", str(pdf))[0] == 0


def test_commit_not_in_the_repository(repo: Path, tmp_path: Path) -> None:
    pdf = make_pdf(repo, tmp_path / "out")
    other = tmp_path / "other"
    other.mkdir()
    for name in ("standard.yaml", "registry", "schemas", "cases"):
        (other / name).symlink_to(repo / name)  # same records, a repository without it
    git(other, "init", "-q", "-b", "main")
    code, _, err = pel(other, "report", CASE, "--verify", str(pdf))
    assert code == 1 and "TIDAK TERBUKTI" in err


def test_not_a_pdf_and_another_cases_report(repo: Path, tmp_path: Path) -> None:
    text = tmp_path / "bukan.pdf"
    text.write_text("bukan pdf")
    code, _, err = pel(repo, "report", CASE, "--verify", str(text))
    assert code == 2 and "PDF" in err and "Traceback" not in err
    pdf = make_pdf(repo, tmp_path / "out")
    code, _, err = pel(repo, "report", "PML-20261110-8HT", "--verify", str(pdf))
    assert code == 1 and CASE in err


def test_site_report_page_states_its_source(repo: Path) -> None:
    ctx = load_context(repo, parse_time(NOW), with_history=False)
    page = reports.pages(ctx)[f"laporan/{CASE}/index.md"]
    assert f"Commit sumber: {git(repo, 'rev-parse', 'HEAD').strip()}" in page
    assert hashlib.sha256((repo / FILE).read_bytes()).hexdigest() in page
