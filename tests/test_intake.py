"""`pelihara intake`: a damage report as it arrived becomes a case. A GitLab issue shaped like
the API documentation's example (tests/intake/gitlab-issue.json, its description written by
the site's "Laporkan kerusakan" form into the repository's issue template), and a memo e-mail
with a PDF attachment made with the standard library. The report's own time is the objective
B.2a evidence; bad or partial input is refused with its message and writes nothing."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
import yaml

from helpers import committed, copy_records, git, pel
from pelihara.i18n.messages import render
from pelihara.records.repo import Repository

HERE = Path(__file__).parent / "intake"
ISSUE = HERE / "gitlab-issue.json"
SCAN = HERE / "memo-M-118.pdf"
NOW = "2026-11-28T09:00"

@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_records(tmp_path / "repo")


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git/" not in p.as_posix()}


def new_case(root: Path, before: dict[str, bytes]) -> tuple[str, dict[str, object]]:
    added = [p for p in files(root) if p not in before and p.startswith("cases/")]
    assert len(added) == 1, added
    return added[0], yaml.safe_load((root / added[0]).read_text(encoding="utf-8"))


def check_passes(root: Path) -> None:
    code, out, err = pel(root, "check", "--now", NOW, "--format", "json")
    assert code == 0, out + err


def test_gitlab_issue_becomes_a_case_timed_by_the_issue(repo: Path) -> None:
    issue = json.loads(ISSUE.read_text())
    assert {"id", "iid", "project_id", "references", "web_url", "_links", "time_stats",
            "author", "confidential"} <= set(issue)  # the API documentation's shape
    before = files(repo)
    code, _, err = pel(repo, "intake", str(ISSUE), "--attach", str(SCAN), "--now", NOW)
    assert code == 0, err
    path, case = new_case(repo, before)
    first = case["events"][0]  # type: ignore[index]
    # created_at 2026-11-27T01:05:12.345Z: GitLab's clock is when the memo was sent (B.2a).
    assert first["at"] == "2026-11-27T08:05:12+07:00"
    assert first["source"] == {"kind": "gitlab_issue", "reference": "biro-di/pelihara#12",
                               "url": "https://gitlab.example.go.id/biro-di/pelihara/-/issues/12",
                               "created_at": "2026-11-27T08:05:12+07:00"}
    assert first["memo"] == {"number": "M-118/BU/TU/11/2026", "date": "2026-11-27",
                             "sender": "Kepala Biro Umum", "to": "hendra"}
    assert case["unit"] == "biro-umum" and case["application"] == "persuratan"
    assert case["title"] == "Nomor agenda surat masuk SIMPERSURATAN tidak bertambah"
    assert "Terjadi sejak 27 Nov 2026 07.40 WIB." in str(case["description"])
    digest = hashlib.sha256(SCAN.read_bytes()).hexdigest()
    assert first["documents"] == [{"file": "memo-M-118.pdf", "sha256": digest}]
    assert (repo / "evidence" / Path(path).stem / "memo-M-118.pdf").read_bytes() == \
        SCAN.read_bytes()
    check_passes(repo)
    # The same issue a second time opens no second case.
    code, _, err = pel(repo, "intake", str(ISSUE), "--now", NOW)
    assert code == 2 and Path(path).stem in err and "sudah menjadi kasus" in err


def test_issue_from_standard_input_with_commit(repo: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    committed(repo, monkeypatch, "2026-11-28T09:00:00+07:00")
    proc = subprocess.run(
        [sys.executable, "-m", "pelihara.cli.main", "intake", "-", "--commit", "--received-at",
         "2026-11-27 08.30", "--by", "dewi", "--now", NOW, "--repo", str(repo)],
        input=ISSUE.read_bytes(), capture_output=True,
        timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    log = git(repo, "log", "-1", "--format=%s%n%b")
    assert "∅ → submitted → received" in log
    assert "biro-di/pelihara#12" in log and "/-/issues/12" in log
    assert git(repo, "status", "--porcelain") == ""
    check_passes(repo)


def test_a_different_scan_than_the_form_hashed_is_refused(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "memo.pdf"
    other.write_bytes(SCAN.read_bytes() + b"%% disunting\n")
    before = files(repo)
    code, _, err = pel(repo, "intake", str(ISSUE), "--attach", str(other), "--now", NOW)
    assert code == 2 and "memo-M-118.pdf" in err and "69839b648cd2" in err
    assert files(repo) == before


def memo_email(with_block: bool = False) -> bytes:
    """A memo e-mail as a unit's mail program sends it, with the scanned memo as PDF."""
    message = EmailMessage()
    message["From"] = "Kepala Biro Umum <kabiro.umum@setneg.go.id>"
    message["To"] = "Biro Dukungan Informatika <bdi@setneg.go.id>"
    message["Subject"] = "Laporan kerusakan: Nomor agenda SIMPERSURATAN tidak bertambah"
    message["Date"] = format_datetime(
        __import__("datetime").datetime.fromisoformat("2026-11-27T08:10:00+07:00"))
    message["Message-ID"] = "<memo-118.bu@setneg.go.id>"
    body = ("Dengan hormat, bersama ini kami sampaikan memorandum laporan kerusakan. Nomor "
            "agenda surat masuk tidak bertambah sejak pagi.\n")
    if with_block:
        body += ("\n```yaml pelihara-intake\nunit: biro-umum\napplication: persuratan\n"
                 "memo:\n  number: \"M-118/BU/TU/11/2026\"\n  date: \"2026-11-27\"\n```\n")
    message.set_content(body)
    message.add_attachment(SCAN.read_bytes(), maintype="application", subtype="pdf",
                           filename="Memo M-118 BU.pdf")
    return bytes(message)


def test_memo_email_with_pdf_attachment(repo: Path, tmp_path: Path) -> None:
    eml = tmp_path / "memo.eml"
    eml.write_bytes(memo_email())
    before = files(repo)
    code, _, err = pel(repo, "intake", str(eml), "--now", NOW)  # unit, application unknown
    assert code == 2 and "--unit" in err and "--application" in err and "--memo-number" in err
    assert files(repo) == before
    code, _, err = pel(repo, "intake", str(eml), "--unit", "biro-umum", "--application",
                       "persuratan", "--memo-number", "M-118/BU/TU/11/2026", "--now", NOW)
    assert code == 0, err
    path, case = new_case(repo, before)
    first = case["events"][0]  # type: ignore[index]
    assert first["at"] == "2026-11-27T08:10:00+07:00"  # the Date header
    assert first["source"]["kind"] == "email"
    assert first["source"]["reference"] == "memo-118.bu@setneg.go.id"
    assert first["memo"]["sender"] == "Kepala Biro Umum"
    assert first["memo"]["date"] == "2026-11-27"
    assert case["title"] == "Nomor agenda SIMPERSURATAN tidak bertambah"
    stored = repo / "evidence" / Path(path).stem / "Memo-M-118-BU.pdf"
    assert stored.read_bytes() == SCAN.read_bytes()  # the attachment, as evidence
    assert first["documents"][0]["sha256"] == hashlib.sha256(SCAN.read_bytes()).hexdigest()
    check_passes(repo)


def test_memo_email_carrying_the_site_block_needs_no_options(repo: Path,
                                                             tmp_path: Path) -> None:
    eml = tmp_path / "memo.eml"
    eml.write_bytes(memo_email(with_block=True))
    before = files(repo)
    code, _, err = pel(repo, "intake", str(eml), "--now", NOW)
    assert code == 0, err
    _, case = new_case(repo, before)
    assert case["unit"] == "biro-umum"
    check_passes(repo)


EXPECTED = yaml.safe_load((HERE / "bad" / "expected.yaml").read_text())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_named_and_nothing_is_written(repo: Path, name: str) -> None:
    before = files(repo)
    code, out, err = pel(repo, "intake", str(HERE / "bad" / name), "--now", NOW)
    template = render(EXPECTED[name], {})
    assert code == 2 and out == "" and "Traceback" not in err
    assert template.split("{")[0].strip() in err, err
    assert files(repo) == before


def test_the_issue_time_is_objective(repo: Path) -> None:
    before = files(repo)
    assert pel(repo, "intake", str(ISSUE), "--now", NOW)[0] == 0
    path, _ = new_case(repo, before)
    case_file = repo / path
    text = case_file.read_text()
    moved = text.replace('at: "2026-11-27T08:05:12+07:00"', 'at: "2026-11-27T07:00:00+07:00"', 1)
    case_file.write_text(moved)
    code, out, _ = pel(repo, "check", "--now", NOW, "--format", "json")
    found = [f for f in json.loads(out) if f["code"] == "intake.time_not_objective"]
    assert code == 1 and len(found) == 1 and found[0]["file"] == path
    case_file.write_text(text + '  - event: correction\n    at: "2026-11-27T09:00:00+07:00"\n'
                         "    by: dewi\n    refers_to: 1\n    reason: Salah ketik.\n"
                         '    changes: {at: "2026-11-27T07:00:00+07:00"}\n')
    code, out, _ = pel(repo, "check", "--now", NOW, "--format", "json")
    assert "intake.time_not_objective" in {f["code"] for f in json.loads(out)}
    assert Repository(repo).find_case_file(Path(path).stem) is not None
