"""The period report's extra sections: plan realisation, complaints, IKM and late recordings.

Each figure is redone here from the records themselves (YAML read with PyYAML, not the
project's loaders), by hand where a hand count is short, and late recordings from a real
temporary git repository whose commits have pinned dates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import git, git_env
from pelihara.core import plans
from pelihara.core.calendar import calendar_for
from pelihara.core.timeparse import parse_time
from pelihara.documents.extras import Extras
from pelihara.documents.period import parse_period
from pelihara.documents.sources import ExtrasSource, read_event_records
from pelihara.records.gitio import Git
from pelihara.records.load import Records
from pelihara.records.repo import Repository
from pelihara.site.data import load_context
from pelihara.site.sections import reports as site_reports

NOW = "2026-11-28T10:00"
CASE = "PML-20261103-4QX"
STATES = ("received", "routed", "followed_up", "discussed", "closed")


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _extras(root: Path, key: str) -> Extras:
    return ExtrasSource(Records(Repository(root), parse_time(NOW)), None).for_period(
        parse_period(key))


def _wib_day(text: str) -> date:
    return parse_time(text).astimezone(parse_time("2026-01-01T00:00").tzinfo).date()


# --- plan realisation ---------------------------------------------------------------------

@pytest.mark.parametrize("key", ["2026-11", "2026-Q3", "2026"])
def test_plan_realisation_equals_planned_vs_done_from_the_files(key: str,
                                                                repo_root: Path) -> None:
    period = parse_period(key)
    plan = _yaml(repo_root / "plans/2026.yaml")
    kinds = {a["id"]: a["kind"] for a in plan["activities"]}
    done = [plans.Done(date.fromisoformat(r["date"]), r["activity"], r["application"],
                       kinds[r["activity"]], f"realisation[{i}]")
            for i, r in enumerate(plan.get("realisation", []))]
    for path in sorted((repo_root / "monitoring").rglob("*.yaml")):
        rec = _yaml(path)
        done.append(plans.Done(date.fromisoformat(rec["started"][:10]), rec.get("activity"),
                               rec["application"], "monitoring", rec["id"]))
    calendar = calendar_for(Repository(repo_root).standard)
    occurrences, _ = plans.resolve(plan, calendar)
    found, unplanned = plans.match(occurrences, done, date(2026, 11, 28))
    expected: dict[str, Counter[str]] = {}
    for m in found:
        if period.start <= m.occurrence.day < period.end:
            expected.setdefault(m.occurrence.activity, Counter())[m.status] += 1

    section = _extras(repo_root, key).plan
    assert section is not None
    actual = {r.activity: Counter({s: getattr(r, s) for s in
                                   ("done", "late", "missed", "pending", "upcoming")
                                   if getattr(r, s)}) for r in section.rows}
    assert actual == expected
    due = sum(c[s] for c in expected.values() for s in ("done", "late", "missed"))
    ok = sum(c[s] for c in expected.values() for s in ("done", "late"))
    assert section.total.percent == round(100 * ok / due, 1)
    assert len(section.gaps) == sum(c["missed"] + c["late"] for c in expected.values())
    assert section.unplanned == sum(period.start <= d.day < period.end for d in unplanned)
    if key == "2026-11":
        # By hand: Tuesdays 3, 10, 17 and 24 November (no holiday) × two applications, and
        # the documentation review dated 16 November for its three applications.
        rows = {r.activity: r for r in section.rows}
        assert rows["pantau-mingguan"].planned == 8
        assert rows["telaah-dokumentasi"].planned == 3


def test_no_plan_section_without_occurrences(repo_root: Path) -> None:
    # January 2026: every recurrence starts later in the year and no dated activity falls in it.
    assert _extras(repo_root, "2026-01").plan is None
    assert _extras(repo_root, "2024").plan is None  # no plan for that year at all


# --- complaints -----------------------------------------------------------------------------

def _complaints_by_hand(root: Path, start: date, end: date) -> dict[str, Any]:
    """Counts by (type, state now) of complaints received in [start, end), from the YAML."""
    now = parse_time(NOW)
    counts: Counter[tuple[str, str]] = Counter()
    closed: dict[str, tuple[datetime, datetime]] = {}
    for path in sorted((root / "complaints").rglob("*.yaml")):
        data = _yaml(path)
        events = [e for e in data["events"] if parse_time(e["at"]) <= now]
        received = next(parse_time(e["at"]) for e in events if e["event"] == "received")
        if not start <= _wib_day(received.isoformat()) < end:
            continue
        state = [e["event"] for e in events if e["event"] in STATES][-1]
        counts[(data["type"], state)] += 1
        if state == "closed":
            closed[data["id"]] = (received, parse_time(events[-1]["at"]))
    return {"counts": counts, "closed": closed}


@pytest.mark.parametrize("key", ["2026-11", "2026-Q4", "2026"])
def test_complaint_counts_equal_the_yaml_files(key: str, repo_root: Path) -> None:
    period = parse_period(key)
    expected = _complaints_by_hand(repo_root, period.start, period.end)
    section = _extras(repo_root, key).complaints
    assert section is not None
    actual: Counter[tuple[str, str]] = Counter()
    for row in section.rows:
        for state, count in zip(STATES, row.states, strict=True):
            if count:
                actual[(row.kind, state)] = count
    assert actual == expected["counts"]
    assert section.total.total == sum(expected["counts"].values()) == len(section.lines)
    calendar = calendar_for(Repository(repo_root).standard)
    assert sorted(section.total.close_minutes) == sorted(
        calendar.minutes(a, b) for a, b in expected["closed"].values())


def test_time_to_close_by_hand(repo_root: Path) -> None:
    # KLH-20261104-3RT: received Wed 4 Nov 14:10, closed Fri 6 Nov 11:00 (WIB).
    # Wed 14:10–16:00 = 110; Thu 07:30–12:00 + 13:00–16:00 = 450; Fri 07:30–11:00 = 210.
    section = _extras(repo_root, "2026-11").complaints
    assert section is not None
    line = next(c for c in section.lines if c.id == "KLH-20261104-3RT")
    assert line.time_to_close == "12 jam 50 menit"  # 770 working minutes
    keluhan = next(r for r in section.rows if r.kind == "keluhan")
    assert 770 in keluhan.close_minutes


def test_no_complaint_section_without_complaints(repo_root: Path) -> None:
    assert _extras(repo_root, "2026-Q1").complaints is None


# --- IKM ------------------------------------------------------------------------------------

def _ikm_by_hand(responses: list[dict[str, int]]) -> Decimal:
    elements = list(responses[0])
    nrr = [Fraction(sum(r[e] for r in responses), len(responses)) for e in elements]
    value = sum(nrr, Fraction(0)) / 9 * 25
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize("key", ["2026", "2026-Q4", "2026-10"])
def test_ikm_equals_the_survey_files(key: str, repo_root: Path) -> None:
    period = parse_period(key)
    responses = [d["scores"] for d in map(_yaml, sorted((repo_root / "surveys").rglob("*.yaml")))
                 if period.start <= date.fromisoformat(d["date"]) < period.end]
    section = _extras(repo_root, key).ikm
    assert section is not None and responses
    assert section.result.responses == len(responses)
    assert section.result.ikm == _ikm_by_hand(responses)


def test_ikm_hand_computed(repo_copy: Path) -> None:
    # One response all 4, one all 3 except 'waktu' 1: NRR 3.5 ×8 and 2.5; index 30.5/9;
    # IKM = 30.5/9 × 25 = 84.7222… → 84.72, grade B (76.61–88.30).
    template = _yaml(next((repo_copy / "surveys").rglob("*.yaml")))
    folder = repo_copy / "surveys" / "PML-20261103-4QX"
    folder.mkdir(parents=True, exist_ok=True)
    for name, scores in (("a", dict.fromkeys(template["scores"], 4)),
                         ("b", {**dict.fromkeys(template["scores"], 3), "waktu": 1})):
        data = {**template, "case": CASE, "date": "2026-12-03", "scores": scores}
        (folder / f"skm-{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    section = _extras(repo_copy, "2026-12").ikm
    assert section is not None
    assert section.result.responses == 2
    assert section.value == "84,72" and section.grade == "B (Baik)"
    assert dict(section.elements)["Waktu penyelesaian"] == "2,50"


def test_no_ikm_section_without_surveys(repo_root: Path) -> None:
    assert _extras(repo_root, "2026-Q1").ikm is None


# --- the document ---------------------------------------------------------------------------

def _headings(html: str) -> list[str]:
    return re.findall(r"<h2>([^<]*)</h2>", html)


def test_sections_in_the_document_only_when_data_exists(cli: Callable[..., Any],
                                                        repo_copy: Path,
                                                        tmp_path: Path) -> None:
    # A copied folder has no git history: no late-recordings section, and one line says so.
    result = cli("report", "period", "2026-11", "--repo", str(repo_copy), "--out",
                 str(tmp_path), "--now", NOW)
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if "keterlambatan pencatatan" in line]
    assert len(lines) == 1 and "bukan repositori git" in lines[0]
    html = (tmp_path / "laporan-periode-2026-11.html").read_text(encoding="utf-8")
    assert _headings(html)[4:] == ["E. Penundaan", "F. Realisasi Program Kerja Pemeliharaan",
                                   "G. Pengaduan dan Tindak Lanjutnya",
                                   "H. Indeks Kepuasan Masyarakat"]
    assert "url(#plan-hatch)" in html and "KLH-20261104-3RT" in html
    ikm = _extras(repo_copy, "2026-11").ikm
    assert ikm is not None and f"IKM {ikm.value}" in html
    # An empty period with none of these records: the summary alone, no placeholders.
    result = cli("report", "period", "2024-02", "--repo", str(repo_copy), "--out",
                 str(tmp_path), "--now", NOW)
    assert result.code == 0, result.err
    html = (tmp_path / "laporan-periode-2024-02.html").read_text(encoding="utf-8")
    assert _headings(html) == ["A. Ringkasan"]


# --- late recordings from a real git repository ------------------------------------------

def _git(root: Path, *args: str, when: str = "2026-11-03T13:15:00+07:00") -> None:
    git(root, *args, env=git_env(when, "Petugas", "p@example.id"))


@pytest.fixture
def history_repo(repo_copy: Path) -> Path:
    """One case, committed in two steps: its first four events on 3 November 13:15 WIB (all
    within the 1-day tolerance), the last three on Monday 9 November 08:30 WIB."""
    for path in (repo_copy / "cases").rglob("*.yaml"):
        if path.stem != CASE:
            path.unlink()
    case = repo_copy / "cases/2026/11" / f"{CASE}.yaml"
    full = case.read_text(encoding="utf-8")
    case.write_text(full[:full.index("  - event: repaired")], encoding="utf-8")
    _git(repo_copy, "init", "-q", "-b", "main")
    _git(repo_copy, "add", ".")
    _git(repo_copy, "commit", "-q", "-m", "records")
    case.write_text(full, encoding="utf-8")
    _git(repo_copy, "commit", "-q", "-am", f"{CASE}: analysed → restored",
         when="2026-11-09T08:30:00+07:00")
    return repo_copy


# Working minutes to Mon 9 Nov 08:30, by hand: Thu 5 and Fri 6 Nov are 450 each, Mon 60.
# repaired Wed 4 Nov 10:30: 90 + 180 (Wed) + 900 + 60 = 1230 = 20 jam 30 menit;
# reported 11:45: 15 + 180 + 960 = 1155 = 19 jam 15 menit;
# restored 13:20: 160 + 960 = 1120 = 18 jam 40 menit.
LATE = [("Diperbaiki dan diuji", "20 jam 30 menit"),
        ("Laporan hasil disampaikan", "19 jam 15 menit"),
        ("Sistem normal kembali", "18 jam 40 menit")]
"""The late recordings' summary rows: one kind of event each, with its lag (the only one)."""


def test_late_recordings_from_pinned_commits(history_repo: Path, cli: Callable[..., Any],
                                             tmp_path: Path) -> None:
    repo = Repository(history_repo)
    case_path = repo.find_case_file(CASE)
    assert case_path is not None
    from pelihara.core.model import Case

    case = Case.from_data(_yaml(case_path), "x")
    reader = Git(history_repo)
    records, missing = read_event_records(repo, [case], calendar_for(repo.standard), git=reader)
    assert missing is None and records is not None
    assert reader.processes <= 3  # one log pass (plus the HEAD and shallow questions)
    assert [r.lag_minutes for r in records[CASE]] == [250, 175, 145, 60, 1230, 1155, 1120]

    result = cli("report", "period", "2026-11", "--repo", str(history_repo), "--out",
                 str(tmp_path), "--now", NOW)
    assert result.code == 0, result.err
    assert "keterlambatan pencatatan" not in result.out
    html = (tmp_path / "laporan-periode-2026-11.html").read_text(encoding="utf-8")
    assert "F. Keterlambatan Pencatatan" in _headings(html)
    assert "Dari 7 peristiwa pada periode ini, 3 tercatat lebih dari 7 jam 30 menit" in html
    # A summary per kind of event (checked, late, median of the late, longest and its case).
    rows = re.findall(r"<tr><td>([^<]*)</td><td>1</td><td>1</td><td>([^<]*)</td>"
                      r"<td>[^<]*</td><td>PML-20261103-4QX</td></tr>", html)
    assert rows == LATE
    assert "<tr><th>Jumlah</th><th>7</th><th>3</th>" in html
    # The extras move one letter on: G, H, I.
    assert _headings(html)[-1] == "I. Indeks Kepuasan Masyarakat"


def test_site_period_page_uses_the_builds_history(history_repo: Path) -> None:
    ctx = load_context(history_repo, parse_time(NOW))
    assert ctx.history is not None
    pages = site_reports.pages(ctx)
    page = pages["laporan/periode/2026-11/index.md"]
    assert "F. Keterlambatan Pencatatan" in page
    for event, lag in LATE:
        assert event in page and lag in page
    assert "<code>pelihara report period 2026-11 --pdf</code>" in page
    assert f"<code>pelihara report {CASE} --pdf</code>" in pages[f"laporan/{CASE}/index.md"]
    # Without history the section is left out rather than shown empty.
    bare = site_reports.pages(load_context(history_repo, parse_time(NOW), with_history=False))
    assert "Keterlambatan Pencatatan" not in bare["laporan/periode/2026-11/index.md"]
    assert "Realisasi Program Kerja" in bare["laporan/periode/2026-11/index.md"]


def test_broken_complaint_is_skipped_and_named(cli: Callable[..., Any], repo_copy: Path,
                                               tmp_path: Path) -> None:
    (repo_copy / "complaints/2026/KLH-20261130-BAD.yaml").write_text(
        "id: KLH-20261130-BAD\ntype: [tidak, valid\n", encoding="utf-8")
    result = cli("report", "period", "2026-11", "--repo", str(repo_copy), "--out",
                 str(tmp_path), "--now", NOW)
    # The report is made without it, and the command exits 1, as every command does when
    # it leaves a record out; the note goes to stderr with the file, line and column.
    assert result.code == 1, result.err
    assert "complaints/2026/KLH-20261130-BAD.yaml:3:1: dilewati" in result.err
    html = (tmp_path / "laporan-periode-2026-11.html").read_text(encoding="utf-8")
    assert "KLH-20261104-3RT" in html and "KLH-20261130-BAD" not in html
