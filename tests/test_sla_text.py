"""`pelihara sla` as people read it (issue 10, items 3, 8 and 10): what needs action first,
people named, times as "27 Nov 2026 16.20 WIB", and an overdue step on hold read as overdue
everywhere, with its deadline kept."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from helpers import CliResult
from site_helpers import build, site_copy

Cli = Callable[..., CliResult]
LATE_CASE = "PML-20261119-Z3E"  # B.8 past its deadline of 25 Nov 2026 13.30 since then
HELD_AFTER = (
    "  - event: held\n"
    "    at: \"2026-11-26T09:00:00+07:00\"\n"
    "    by: andi\n"
    "    reason: Menunggu akun uji gateway dari pengembang.\n"
    "    approved_by: hendra\n")


def test_sla_without_arguments_starts_with_what_needs_action(cli: Cli) -> None:
    result = cli("sla", "--now", "2026-11-30T08:00")
    assert result.code == 0, result.err
    out = result.out
    late, due, held = (out.index("Langkah lewat tenggat sekarang: 2"),
                       out.index("Tenggat hari ini: 6"), out.index("Kasus ditunda: 1"))
    assert late < due < held
    late_part, held_part = out[late:due], out[held:]
    assert f"{LATE_CASE}  Unggah dokumen" in late_part
    assert "B.8 Perbaikan teknis dan uji coba sistem (Pengembang/konsultan)" in late_part
    assert "tenggat 25 Nov 2026 13.30 WIB · terlambat 18 jam" in late_part
    assert "PML-20261127-RJ4" in late_part and "terlambat 20 menit" in late_part
    assert "PML-20261126-K7P" in out[due:held] and "sisa 30 menit" in out[due:held]
    # Who approved the hold and since when: a name and a time, not "hendra" and ISO.
    assert "ditunda sejak 18 Nov 2026 09.00 WIB, disetujui Ir. Hendra Wijaya, M.T." in held_part
    assert "hendra" not in out and not re.search(r"\d{4}-\d{2}-\d{2}T", out)
    # Closed cases are not listed; the full tables come with --all.
    assert "PML-20261103-4QX" not in out and "Langkah  Pelaksana" not in out
    assert "pelihara sla --all" in out
    full = cli("sla", "--all", "--now", "2026-11-30T08:00")
    assert "PML-20261103-4QX  Disposisi elektronik" in full.out
    assert "Langkah  Pelaksana" in full.out and "3 Nov 2026 08.05" in full.out
    english = cli("sla", "--now", "2026-11-30T08:00", "--lang", "en")
    assert "Steps past their deadline now: 2" in english.out and "18 h overdue" in english.out


def test_a_step_held_after_its_deadline_reads_overdue_with_its_deadline(
        cli: Cli, repo_copy: Path) -> None:
    path = repo_copy / "cases/2026/11" / f"{LATE_CASE}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + HELD_AFTER, encoding="utf-8")
    now = "2026-11-30T10:00"
    data = json.loads(cli("sla", LATE_CASE, "--json", "--now", now, "--repo",
                          str(repo_copy)).out)["cases"][0]
    step = data["steps"][-1]
    assert data["on_hold"] and step["deadline"] == "2026-11-25T13:30:00+07:00"
    # Used minutes stop at the hold (Thu 26 Nov 09:00): Fri 20 Nov 14:00 → 26 Nov 09:00 is
    # 150 + 3 × 450 + 90 = 1,590 working minutes against 1,350 (3 hari): 4 hours overdue.
    assert step["remaining_minutes"] == -240 and step["verdict"] == "late_now"
    text = cli("sla", LATE_CASE, "--now", now, "--repo", str(repo_copy)).out
    assert "→ B.8: terlambat 4 jam dari tenggat (25 Nov 2026 13.30 WIB)" in text
    assert "DITUNDA sejak 26 Nov 2026 09.00 WIB (jam berhenti); disetujui: Ir. Hendra" in text
    summary = cli("sla", "--now", now, "--repo", str(repo_copy)).out
    assert "terlambat 4 jam" in summary and "sisa -" not in summary + text


def test_the_site_shows_the_held_overdue_step_as_overdue(tmp_path: Path) -> None:
    root = site_copy(tmp_path / "site")
    path = root / "cases/2026/11" / f"{LATE_CASE}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + HELD_AFTER, encoding="utf-8")
    result = build(root, tmp_path / "public", now="2026-11-30T10:00:00+07:00")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "public/kasus" / LATE_CASE / "index.html").read_text(encoding="utf-8")
    summary = page[page.index('class="pelihara-summary"'):page.index('id="linimasa"')]
    assert "25 Nov 2026 13.30 WIB" in summary and "terlambat 4 jam" in summary
    # The clock is stopped: no live countdown that would keep counting the hold.
    assert "data-deadline" not in summary
    assert "sisa -" not in page and "-240" not in page
    dashboard = (tmp_path / "public/index.html").read_text(encoding="utf-8")
    assert "terlambat 4 jam" in dashboard
