"""One records layer: every command reads the same records, skips the same invalid file with
the same note, and counts it in its exit code; the write commands ask the same question as
`pelihara check` ("would check accept this file?")."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from helpers import CliResult, running
from pelihara.core.timeparse import parse_time
from pelihara.records import yamlio
from pelihara.records.files import would_accept
from pelihara.records.load import Records, Skipped, load_case
from pelihara.records.repo import Repository
from site_helpers import build, site_copy

NOW = "2026-11-28T10:00"
BAD = "cases/2026/11/PML-20261128-B4D.yaml"
BAD_COMPLAINT = "complaints/2026/KLH-20261127-T1P.yaml"
Cli = Callable[..., CliResult]


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, str, str]:
    """A repository with one case that YAML reads but its schema refuses (an unknown field)
    and one complaint of a type the schema does not know; the notes each must produce."""
    root = site_copy(tmp_path / "repo")
    text = (root / "cases/2026/11/PML-20261103-4QX.yaml").read_text(encoding="utf-8")
    text = text.replace("PML-20261103-4QX", "PML-20261128-B4D").replace(
        "title:", "prioritas: tinggi\ntitle:", 1)
    (root / BAD).write_text(text, encoding="utf-8")
    complaint = (root / "complaints/2026/KLH-20261126-6QM.yaml").read_text(encoding="utf-8")
    complaint = complaint.replace("KLH-20261126-6QM", "KLH-20261127-T1P")
    kind = next(line for line in complaint.splitlines() if line.startswith("type:"))
    complaint = complaint.replace(kind, "type: gugatan")
    (root / BAD_COMPLAINT).write_text(complaint, encoding="utf-8")
    return (root, f"{BAD}:{_line_of(text, 'prioritas')}:1: dilewati",
            f"{BAD_COMPLAINT}:{_line_of(complaint, 'type:')}:7: dilewati")


def _ids(rows: str) -> set[str]:
    return {row["Nomor kasus"] for row in csv.DictReader(io.StringIO(rows))}


def test_every_command_skips_the_same_file_with_the_same_note(
        broken: tuple[Path, str, str], cli: Cli, tmp_path: Path) -> None:
    root, note, complaint_note = broken
    repo = ["--repo", str(root), "--now", NOW]
    check = cli("check", *repo)
    assert check.code == 1 and f"{BAD}:" in check.out and "schema.unknown_field" in check.out
    sla = cli("sla", "--json", *repo)
    cases = cli("export", "cases", *repo)
    steps = cli("export", "steps", *repo)
    complaints = cli("export", "complaints", *repo)
    period = cli("report", "period", "2026-11", "--out", str(tmp_path / "out"), *repo)
    site = build(root, tmp_path / "public", now=NOW)
    for result in (sla, cases, steps, period, CliResult(site.returncode, "", site.stderr)):
        assert result.code == 1, result.err
        assert note in result.err, result.err
        assert f"pelihara check {BAD}" in result.err
    # The same records exist everywhere: every case but the broken one.
    usable = {p.stem for p in (root / "cases").glob("*/*/*.yaml")} - {"PML-20261128-B4D"}
    assert {c["case"] for c in json.loads(sla.out)["cases"]} == usable
    assert _ids(cases.out) == usable and _ids(steps.out) == usable
    assert {p.name for p in (tmp_path / "public" / "kasus").glob("PML-*")} == usable
    # The export's complaints are schema-checked like the site's (they were not).
    assert complaints.code == 1 and complaint_note in complaints.err
    assert "KLH-20261127-T1P" not in complaints.out and "KLH-20261126-6QM" in complaints.out
    assert complaint_note in period.err and complaint_note in site.stderr


class _Down(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(503)
        self.end_headers()

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass


@pytest.fixture
def down_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Down)
    with running(server):
        yield f"http://127.0.0.1:{server.server_address[1]}/health"


def test_monitor_notes_a_case_file_it_cannot_read(broken: tuple[Path, str, str], cli: Cli,
                                                  down_url: str) -> None:
    """An open case in a broken file is not seen, so --open-cases says so (and exits 1)."""
    root, note, _ = broken
    apps = root / "registry/applications.yaml"
    text = apps.read_text(encoding="utf-8")
    apps.write_text(text.replace("https://persuratan.setneg.go.id/health", down_url, 1),
                    encoding="utf-8")
    result = cli("monitor", "persuratan", "--officer", "maya", "--open-cases", "--dry-run",
                 "--repo", str(root), "--now", NOW)
    assert result.code == 1 and note in result.err


def test_loading_a_case_gives_it_with_its_findings_or_why_not(broken: tuple[Path, str, str]
                                                               ) -> None:
    root, _, _ = broken
    repo, now = Repository(root), parse_time(NOW)
    skipped = load_case(repo, root / BAD, now)
    assert isinstance(skipped, Skipped) and skipped.first.code == "schema.unknown_field"
    future = load_case(repo, root / "cases/2026/11/PML-20261127-RJ4.yaml",
                       parse_time("2026-11-27T08:00"))
    assert not isinstance(future, Skipped)  # events after `now` are check's to report
    assert "workflow.future" in {f.code for f in future.findings}
    records = Records(repo, now)
    assert BAD not in {r.source for r in records.cases}
    assert [s.rel for s in records.skipped] == [BAD]
    records.complaints  # noqa: B018  (loading a kind adds what it skipped)
    assert [s.rel for s in records.skipped] == [BAD, BAD_COMPLAINT]


def test_would_accept_points_an_unknown_field_at_its_own_key(repo_root: Path) -> None:
    """The write commands' question is check's: an unknown field inside a complaint event is
    named at its own key (the old write check named the event's first line)."""
    rel = "complaints/2026/KLH-20261126-6QM.yaml"
    text = (repo_root / rel).read_text(encoding="utf-8")
    text = text.rstrip("\n") + "\n    warna: merah\n"
    findings = would_accept(Repository(repo_root), rel, text, datetime.fromisoformat(
        "2026-12-01T10:00+07:00"))
    unknown = [f for f in findings if f.code == "schema.unknown_field"]
    last = len(text.splitlines())
    assert [(f.line, f.column, f.params["field"]) for f in unknown] == [(last, 5, "warna")]
    assert yamlio.parse(text, rel).position(["events"])[0] < last
