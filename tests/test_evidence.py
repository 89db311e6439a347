"""Evidence files: `--attach` stores and hashes, `check` verifies each reference (file, hash,
LFS pointer) and refuses what no event references, B.9 needs a document from standard 2026.2,
and every path is treated as hostile (symlinks, folders, FIFOs, huge files are never read)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from helpers import copy_rules, git, pel, pin_git
from pelihara.core.evidence_files import MAX_BYTES, parse_lfs_pointer, safe_name
from pelihara.core.timeparse import WIB
from pelihara.records.repo import Repository

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-28T09:00"
PDF = b"%PDF-1.4\n% Berita acara uji coba\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def findings(root: Path, now: str = NOW) -> list[dict[str, Any]]:
    code, out, err = pel(root, "check", "--now", now, "--format", "json")
    assert code in (0, 1), err
    return [f for f in json.loads(out) if f["severity"] == "error"]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pin_git(monkeypatch, email="dewi@x")
    return copy_rules(tmp_path / "repo", ".gitattributes")


def scan(tmp: Path, name: str = "Memo Biro SDM (pindaian).pdf", data: bytes = PDF) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def open_case(root: Path, *extra: str, at: str = "2026-11-27T08:00", now: str = NOW) -> str:
    code, out, err = pel(root, "new", "--title", "Presensi daring tidak dapat diakses",
                         "--application", "presensi", "--unit", "biro-sdm", "--memo-number",
                         "M-7/SDM/11/2026", "--memo-date", at[:10], "--memo-sender",
                         "Kepala Biro SDM", "--memo-to", "hendra", "--at", at, "--now", now,
                         "--json", *extra)
    assert code == 0, err
    return str(json.loads(out)["case"])


def case_file(root: Path, case_id: str) -> Path:
    found = Repository(root).find_case_file(case_id)
    assert found is not None
    return found


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- pure parts -----------------------------------------------------------------------------

def test_lfs_pointer_from_real_git_lfs_is_read(tmp_path: Path) -> None:
    source = scan(tmp_path, "a.pdf")
    pointer = subprocess.run(["git", "lfs", "pointer", f"--file={source}"], capture_output=True,
                             check=True).stdout
    assert parse_lfs_pointer(pointer) == (hashlib.sha256(PDF).hexdigest(), len(PDF))


@pytest.mark.parametrize("data", [
    b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 5\n",  # short oid
    b"version https://git-lfs.github.com/spec/v1\nsize 5\noid sha256:" + b"a" * 64 + b"\n",
    b"version https://git-lfs.github.com/spec/v1\noid md5:" + b"a" * 64 + b"\nsize 5\n",
    b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize x\n",
    b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 5",
    b"%PDF-1.4 version https://git-lfs.github.com/spec/v1\n",
], ids=["short-oid", "unsorted", "md5", "bad-size", "no-newline", "pdf"])
def test_things_that_are_not_lfs_pointers(data: bytes) -> None:
    assert parse_lfs_pointer(data) is None


@pytest.mark.parametrize(("given", "safe"), [
    ("Memo Biro SDM (pindaian).pdf", "Memo-Biro-SDM-pindaian.pdf"),
    ("berita-acara.PDF", "berita-acara.PDF"),
    ("../../etc/passwd", "passwd"),
    (".hidden", "hidden"),
    ("laporan akhir.tar.gz", "laporan-akhir-tar.gz"),
    ("...", ""),
    ("скан.pdf", "dokumen.pdf"),
    ("скан", ""),
])
def test_attached_names_are_made_safe(given: str, safe: str) -> None:
    assert safe_name(Path(given).name) == safe


def test_b9_evidence_differs_by_version_in_force(root: Path) -> None:
    standard = Repository(root).standard
    assert standard.version_in_force(datetime(2026, 11, 30, 23, 59, tzinfo=WIB)) == "2026.1"
    assert standard.version_in_force(datetime(2026, 12, 1, 0, 0, tzinfo=WIB)) == "2026.2"
    assert standard.evidence("B.9", "2026.1") == ("report",)
    assert standard.evidence("B.9", "2026.2") == ("report", "documents")


# --- attach and check -----------------------------------------------------------------------

def test_attach_stores_hashes_and_check_passes(root: Path, tmp_path: Path) -> None:
    case_id = open_case(root, "--attach", str(scan(tmp_path)))
    stored = root / "evidence" / case_id / "Memo-Biro-SDM-pindaian.pdf"
    assert stored.read_bytes() == PDF
    text = case_file(root, case_id).read_text()
    assert "file: Memo-Biro-SDM-pindaian.pdf" in text
    assert f"sha256: {hashlib.sha256(PDF).hexdigest()}" in text
    assert findings(root) == []


def test_changed_file_is_a_hash_mismatch_at_the_reference_line(root: Path,
                                                               tmp_path: Path) -> None:
    case_id = open_case(root, "--attach", str(scan(tmp_path)))
    (root / "evidence" / case_id / "Memo-Biro-SDM-pindaian.pdf").write_bytes(PDF + b"ubah\n")
    path = case_file(root, case_id)
    [finding] = findings(root)
    assert finding["code"] == "evidence.hash_mismatch"
    assert finding["file"] == path.relative_to(root).as_posix()
    assert finding["line"] == line_of(path, "sha256:")
    assert "Memo-Biro-SDM-pindaian.pdf" in finding["message"]


def test_unreferenced_file_is_a_finding(root: Path, tmp_path: Path) -> None:
    case_id = open_case(root, "--attach", str(scan(tmp_path)))
    (root / "evidence" / case_id / "catatan-lain.txt").write_text("tanpa rujukan\n")
    [finding] = findings(root)
    assert finding["code"] == "evidence.unreferenced"
    assert finding["file"] == f"evidence/{case_id}/catatan-lain.txt"


def test_missing_file_and_unknown_case_folder(root: Path, tmp_path: Path) -> None:
    case_id = open_case(root, "--attach", str(scan(tmp_path)))
    shutil.move(root / "evidence" / case_id, root / "evidence" / "PML-20261127-ZZZ")
    codes = sorted(f["code"] for f in findings(root))
    assert codes == ["evidence.file_missing", "evidence.unknown_case"]


def test_lfs_pointer_from_a_clone_without_lfs_objects_passes(root: Path,
                                                             tmp_path: Path) -> None:
    case_id = open_case(root, "--attach", str(scan(tmp_path)))
    git(root, "init", "-q", "-b", "main")
    git(root, "lfs", "install", "--local")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "kasus dengan lampiran")
    assert f"evidence/{case_id}/Memo-Biro-SDM-pindaian.pdf" in git(root, "lfs", "ls-files",
                                                                   "--name-only")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone), env={"GIT_LFS_SKIP_SMUDGE": "1"})
    stored = clone / "evidence" / case_id / "Memo-Biro-SDM-pindaian.pdf"
    assert stored.read_bytes().startswith(b"version https://git-lfs.github.com/spec/v1\n")
    assert findings(clone) == []
    # A pointer to other content is still a mismatch: the oid is the content's SHA-256.
    other = hashlib.sha256(b"lain").hexdigest()
    stored.write_bytes(f"version https://git-lfs.github.com/spec/v1\noid sha256:{other}\n"
                       f"size 4\n".encode())
    assert [f["code"] for f in findings(clone)] == ["evidence.lfs_mismatch"]


def test_commit_holds_the_case_and_its_evidence(root: Path, tmp_path: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "awal")
    case_id = open_case(root, "--commit")
    code, _, err = pel(root, "advance", case_id, "received", "--by", "dewi", "--at",
                       "2026-11-27T08:20", "--attach", str(scan(tmp_path, "tanda-terima.pdf")),
                       "--now", NOW, "--commit")
    assert code == 0, err
    names = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(names) == sorted([case_file(root, case_id).relative_to(root).as_posix(),
                                    f"evidence/{case_id}/tanda-terima.pdf"])
    assert git(root, "status", "--porcelain") == ""


def test_refused_write_leaves_no_evidence(root: Path, tmp_path: Path) -> None:
    case_id = open_case(root)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    code, _, err = pel(root, "advance", case_id, "analysed", "--by", "andi", "--attach",
                       str(scan(tmp_path)), "--now", NOW)  # received and assigned skipped
    assert code != 0 and err
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    code, _, err = pel(root, "advance", case_id, "received", "--by", "dewi", "--at",
                       "2026-11-27T08:20", "--attach", str(scan(tmp_path)), "--attach",
                       str(scan(tmp_path / "..", "Memo Biro SDM (pindaian).pdf", b"lain")),
                       "--now", NOW)
    assert code == 2 and "Memo-Biro-SDM-pindaian.pdf" in err  # two files, one name
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_existing_evidence_is_never_overwritten(root: Path, tmp_path: Path) -> None:
    case_id = open_case(root, "--attach", str(scan(tmp_path)))
    changed = scan(tmp_path / "..", "Memo Biro SDM (pindaian).pdf", b"%PDF lain")
    code, _, err = pel(root, "advance", case_id, "received", "--by", "dewi", "--at",
                       "2026-11-27T08:20", "--attach", str(changed), "--now", NOW)
    assert code == 2 and "evidence.exists" not in err and "sudah ada" in err
    assert (root / "evidence" / case_id / "Memo-Biro-SDM-pindaian.pdf").read_bytes() == PDF


# --- B.9 needs a supporting document from standard 2026.2 --------------------------------------

DECEMBER = [
    ["received", "--by", "dewi", "--at", "2026-12-01T08:20"],
    ["assigned", "--by", "hendra", "--officers", "andi", "--at", "2026-12-01T08:40"],
    ["analysed", "--by", "andi", "--severity", "ringan", "--findings", "Layanan berhenti.",
     "--at", "2026-12-01T09:30"],
    ["repaired", "--by", "andi", "--test", "a=lulus", "--test", "b=lulus", "--test", "c=lulus",
     "--at", "2026-12-01T11:00"],
]
REPORTED = ["reported", "--by", "andi", "--report-number", "LAP-9/BDI/12/2026", "--summary",
            "Layanan dijalankan ulang.", "--at", "2026-12-01T13:30"]


def test_b9_requires_a_document_under_2026_2(root: Path, tmp_path: Path) -> None:
    now = "2026-12-01T15:00"
    case_id = open_case(root, at="2026-12-01T08:00", now=now)
    assert 'standard_version: "2026.2"' in case_file(root, case_id).read_text()
    for step in DECEMBER:
        code, _, err = pel(root, "advance", case_id, *step, "--now", now)
        assert code == 0, err
    code, _, err = pel(root, "advance", case_id, *REPORTED, "--now", now)
    assert code == 1 and "--attach: wajib untuk langkah B.9" in err
    code, _, err = pel(root, "advance", case_id, *REPORTED, "--attach",
                       str(scan(tmp_path, "laporan-hasil.pdf")), "--now", now)
    assert code == 0, err
    assert findings(root, now) == []


def test_b9_of_a_2026_1_case_is_judged_by_its_own_version(root: Path) -> None:
    case_id = open_case(root, at="2026-11-30T08:00", now="2026-11-30T15:00")
    assert 'standard_version: "2026.1"' in case_file(root, case_id).read_text()
    for step in DECEMBER:
        moved = [a.replace("2026-12-01", "2026-11-30") for a in step]
        code, _, err = pel(root, "advance", case_id, *moved, "--now", "2026-11-30T15:00")
        assert code == 0, err
    moved = [a.replace("2026-12-01", "2026-11-30") for a in REPORTED]
    code, _, err = pel(root, "advance", case_id, *moved, "--now", "2026-11-30T15:00")
    assert code == 0, err


# --- hostile paths ----------------------------------------------------------------------------

def attached(root: Path, tmp_path: Path) -> tuple[str, Path]:
    case_id = open_case(root, "--attach", str(scan(tmp_path)))
    return case_id, root / "evidence" / case_id / "Memo-Biro-SDM-pindaian.pdf"


def test_symlink_to_identical_content_is_not_accepted(root: Path, tmp_path: Path) -> None:
    _, stored = attached(root, tmp_path)
    outside = scan(tmp_path, "salinan.pdf")  # same bytes, same hash
    stored.unlink()
    stored.symlink_to(outside)
    [finding] = findings(root)
    assert finding["code"] == "evidence.not_a_file" and "symlink" in finding["message"]


def test_folder_where_a_file_should_be(root: Path, tmp_path: Path) -> None:
    _, stored = attached(root, tmp_path)
    stored.unlink()
    stored.mkdir()
    (stored / "isi.pdf").write_bytes(PDF)
    assert [f["code"] for f in findings(root)] == ["evidence.not_a_file"]


def test_case_folder_that_is_a_symlink(root: Path, tmp_path: Path) -> None:
    case_id, stored = attached(root, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(stored.parent, elsewhere)
    (root / "evidence" / case_id).symlink_to(elsewhere, target_is_directory=True)
    assert [f["code"] for f in findings(root)] == ["evidence.folder_not_folder"]


def test_evidence_folder_itself_a_symlink(root: Path, tmp_path: Path) -> None:
    _, _ = attached(root, tmp_path)
    shutil.move(root / "evidence", tmp_path / "real-evidence")
    (root / "evidence").symlink_to(tmp_path / "real-evidence", target_is_directory=True)
    codes = sorted(f["code"] for f in findings(root))
    assert codes == ["evidence.file_missing", "evidence.folder_not_folder"]


def test_fifo_is_never_opened(root: Path, tmp_path: Path) -> None:
    _, stored = attached(root, tmp_path)
    stored.unlink()
    os.mkfifo(stored)  # opening it for reading would block the check forever
    [finding] = findings(root)
    assert finding["code"] == "evidence.not_a_file" and "special" in finding["message"]


def test_huge_file_is_not_read(root: Path, tmp_path: Path) -> None:
    _, stored = attached(root, tmp_path)
    with stored.open("r+b") as handle:  # sparse: no 100 MiB written to disk
        handle.truncate(MAX_BYTES + 1)
    assert [f["code"] for f in findings(root)] == ["evidence.too_large"]
    huge = tmp_path / "besar.pdf"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    code, _, err = pel(root, "new", "--title", "Lampiran terlalu besar", "--application",
                       "presensi", "--unit", "biro-sdm", "--memo-number", "M-8", "--memo-date",
                       "2026-11-27", "--memo-sender", "Kepala Biro SDM", "--memo-to", "hendra",
                       "--at", "2026-11-27T08:00", "--now", NOW, "--attach", str(huge))
    assert code == 2 and "batas" in err


def test_dotdot_in_a_reference_is_a_schema_error(root: Path, tmp_path: Path) -> None:
    case_id, _ = attached(root, tmp_path)
    path = case_file(root, case_id)
    path.write_text(path.read_text().replace("file: Memo-Biro-SDM-pindaian.pdf",
                                             "file: ../../standard.yaml"))
    codes = {f["code"] for f in findings(root)}
    assert "schema.pattern" in codes and "evidence.unreferenced" in codes


def test_report_lists_documents_with_hashes(root: Path, tmp_path: Path) -> None:
    case_id, _ = attached(root, tmp_path)
    out = tmp_path / "laporan"
    code, _, err = pel(root, "report", case_id, "--pdf", "--out", str(out), "--now", NOW)
    assert code == 0, err
    digest = hashlib.sha256(PDF).hexdigest()
    html = (out / f"laporan-{case_id}.html").read_text()
    assert f"evidence/{case_id}/Memo-Biro-SDM-pindaian.pdf" in html and digest in html
    text = subprocess.run(["pdftotext", "-layout", str(out / f"laporan-{case_id}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert digest in "".join(text.split())  # the hash may wrap inside its table cell


def test_dropping_an_old_versions_evidence_is_refused_by_check_base(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "awal")
    git(root, "switch", "-q", "-c", "standar")
    path = root / "standard.yaml"
    text = path.read_text()
    old = '    note: B.9 mengikuti teks standar (2 jam).\n    limits: {}\n    evidence:\n' \
          '      B.9: [report]\n'
    assert old in text  # 2026.1 keeps B.9 without documents
    path.write_text(text.replace(old, '    note: B.9 mengikuti teks standar (2 jam).\n'
                                      '    limits: {}\n'))
    git(root, "commit", "-q", "-am", "B.9 wajib dokumen untuk semua versi")
    code, out, err = pel(root, "check", "--base", "main", "--now", NOW, "--format", "json")
    changed = [f for f in json.loads(out) if f["code"] == "history.standard_evidence_changed"]
    assert code == 1 and len(changed) == 1, out + err
    assert "B.9" in changed[0]["message"] and "2026.1" in changed[0]["message"]
