"""The periodic report's figures equal figures computed here, independently, from the real
`pelihara sla --json` output; empty and malformed periods get clear answers."""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from pelihara.core.timeparse import parse_time
from pelihara.documents.period import parse_period
from pelihara.documents.periodic import PeriodReport, active_in, build_period_report
from pelihara.records.load import Records
from pelihara.records.repo import Repository

NOW = "2026-11-28T10:00"
WIB = timezone(timedelta(hours=7))


def _in(moment: str | None, start: date, end: date) -> bool:
    if moment is None:
        return False
    return start <= datetime.fromisoformat(moment).astimezone(WIB).date() < end


def _expected(cases: list[dict[str, Any]], start: date, end: date) -> dict[str, Any]:
    """The figures by their written rules, from the CLI's JSON only."""
    per_step: dict[str, list[bool]] = defaultdict(list)
    per_path: dict[str, list[bool]] = defaultdict(list)
    restore: dict[str, list[int]] = defaultdict(list)
    for case in cases:
        for step in case["steps"]:
            if step["outcome"] in ("done", "escalated") and _in(step["end"], start, end):
                per_step[step["step"]].append(not step["late"])
                if case["path"] in ("ringan", "berat"):
                    per_path[case["path"]].append(not step["late"])
        if not case["cancelled"] and case["restore_minutes"] is not None and _in(
                case["closed_at"], start, end):
            restore[case["path"]].append(case["restore_minutes"])

    def p90(values: list[int]) -> int:
        return sorted(values)[math.ceil(0.9 * len(values)) - 1]

    def med(values: list[int]) -> int:
        s, n = sorted(values), len(values)
        return s[n // 2] if n % 2 else math.floor((s[n // 2 - 1] + s[n // 2]) / 2 + 0.5)

    return {
        "opened": sum(_in(c["opened_at"], start, end) for c in cases),
        "closed": sum(not c["cancelled"] and _in(c["closed_at"], start, end) for c in cases),
        "cancelled": sum(c["cancelled"] and _in(c["closed_at"], start, end) for c in cases),
        "per_step": {k: (sum(v), len(v)) for k, v in per_step.items()},
        "per_path": {k: (sum(v), len(v)) for k, v in per_path.items()},
        "restore": {k: (len(v), med(v), p90(v)) for k, v in restore.items()},
        "paused": sum(h["paused_minutes"] for c in cases for h in c["holds"]
                      if _in(h["start"], start, end)),
        "holds": sum(_in(h["start"], start, end) for c in cases for h in c["holds"]),
    }


def _actual(report: PeriodReport) -> dict[str, Any]:
    return {
        "opened": report.opened, "closed": report.closed, "cancelled": report.cancelled,
        "per_step": {r.key: (r.on_time, r.total) for r in report.per_step},
        "per_path": {r.key: (r.on_time, r.total) for r in report.per_path},
        "restore": {r.path: (r.count, r.median, r.p90) for r in report.restore},
        "paused": report.paused_minutes, "holds": len(report.holds),
    }


@pytest.fixture(scope="module")
def sla_json(repo_root: Path) -> list[dict[str, Any]]:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "pelihara.cli.main", "sla", "--json",
                           "--now", NOW], capture_output=True, text=True, cwd=repo_root,
                          check=False)
    assert proc.returncode in (0, 1), proc.stderr
    cases = json.loads(proc.stdout)["cases"]
    assert len(cases) >= 5  # the sample data, not an empty run
    return list(cases)


@pytest.mark.parametrize("key", ["2026-11", "2026-Q4", "2026-Q3", "2026"])
def test_period_figures_equal_sla_json(key: str, repo_root: Path,
                                       sla_json: list[dict[str, Any]]) -> None:
    period = parse_period(key)
    source = Records(Repository(repo_root), parse_time(NOW))
    items = source.cases.records
    assert not source.skipped
    assert {i.case.id for i in items} == {c["case"] for c in sla_json}
    report = build_period_report(source.repo.standard, period, items, source.repo.registries)
    expected = _expected(sla_json, period.start, period.end)
    assert _actual(report) == expected
    if key == "2026":
        assert expected["opened"] and expected["per_step"] and expected["restore"]


def test_period_html_and_pdf_through_cli(cli: Callable[..., Any], tmp_path: Path,
                                         sla_json: list[dict[str, Any]]) -> None:
    result = cli("report", "period", "2026-Q4", "--pdf", "--out", str(tmp_path), "--now", NOW)
    assert result.code == 0, result.err
    html = (tmp_path / "laporan-periode-2026-Q4.html").read_text(encoding="utf-8")
    expected = _expected(sla_json, date(2026, 10, 1), date(2027, 1, 1))
    opened = re.search(r"<th>Kasus dibuka</th><td>(\d+)</td>", html)
    assert opened is not None and int(opened[1]) == expected["opened"]
    assert "Triwulan IV 2026" in html and "<svg" in html and "url(#steps-hatch)" in html
    assert (tmp_path / "laporan-periode-2026-Q4.pdf").read_bytes()[:5] == b"%PDF-"


def test_empty_period_is_a_valid_report(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("report", "period", "2024-02", "--out", str(tmp_path), "--now", NOW)
    assert result.code == 0, result.err
    assert "Tidak ada kasus pada periode Februari 2024" in result.out
    html = (tmp_path / "laporan-periode-2024-02.html").read_text(encoding="utf-8")
    assert "Tidak ada kasus pemeliharaan pada periode ini." in html
    assert "<th>Kasus dibuka</th><td>0</td>" in html


def test_repository_without_cases(repo_copy: Path, cli: Callable[..., Any],
                                  tmp_path: Path) -> None:
    for path in (repo_copy / "cases").rglob("*.yaml"):
        path.unlink()
    result = cli("report", "period", "2026", "--repo", str(repo_copy), "--out", str(tmp_path),
                 "--now", NOW)
    assert result.code == 0, result.err
    assert "Tidak ada kasus pemeliharaan" in (tmp_path / "laporan-periode-2026.html").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("bad", ["2026-13", "2026-Q7", "kemarin"])
def test_malformed_period_is_a_clear_error(bad: str, cli: Callable[..., Any],
                                           tmp_path: Path) -> None:
    result = cli("report", "period", bad, "--out", str(tmp_path))
    assert result.code == 2
    assert f"Periode '{bad}' tidak dikenali" in result.err
    assert "2026-Q4" in result.err and "Traceback" not in result.err
    result = cli("report", "period", bad, "--lang", "en", "--out", str(tmp_path))
    assert f"Period '{bad}' is not understood" in result.err


def test_counts_by_unit_add_up(repo_root: Path) -> None:
    source = Records(Repository(repo_root), parse_time(NOW))
    report = build_period_report(source.repo.standard, parse_period("2026"),
                                 source.cases.records, source.repo.registries)
    for rows in (report.by_unit, report.by_application, report.by_severity):
        assert sum(r.opened for r in rows) == report.opened
        assert sum(r.closed for r in rows) == report.closed
    assert Counter(r.key for r in report.by_unit).most_common(1)[0][1] == 1


@pytest.mark.parametrize("key", ["2025-12", "2026-02", "2026-Q3", "2026-11", "2026"])
def test_active_subset_gives_the_same_report(key: str, repo_root: Path) -> None:
    """The site passes each period only its active cases; the figures must not change."""
    source = Records(Repository(repo_root), parse_time(NOW))
    items, period = source.cases.records, parse_period(key)
    active = active_in(items, period)
    assert len(active) < len(items) or key == "2026"
    standard = source.repo.standard
    assert build_period_report(standard, period, active, source.repo.registries) == \
        build_period_report(standard, period, items, source.repo.registries)
