"""The site generator and its MkDocs build: real `mkdocs build --strict`, deterministic output,
escaping of record text, invalid records skipped with a warning, sections only with content."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from pelihara.core.timeparse import parse_time
from pelihara.site import flowchart, links
from pelihara.site.data import load_context
from pelihara.site.generator import CALENDAR_JS, generate_from
from pelihara.site.sections import MODULES, load
from site_helpers import NOW, XSS_TITLE, add_xss_case, build, commit_all, site_copy

NOW_DT = parse_time(NOW)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_copy(tmp_path_factory.mktemp("site") / "repo")


@pytest.fixture(scope="module")
def output(copy: Path):  # type: ignore[no-untyped-def]
    return generate_from(load_context(copy, NOW_DT))


def test_every_valid_case_gets_a_page_at_a_stable_url(copy: Path, output) -> None:  # type: ignore[no-untyped-def]
    files = sorted(p.stem for p in (copy / "cases").glob("*/*/*.yaml"))
    assert len(files) >= 12
    for case_id in files:
        assert links.case_page(case_id) == f"kasus/{case_id}/index.md"
        assert links.case_page(case_id) in output.pages
        # The raw record is published on the staff site only (core/privacy.py).
        assert f"kasus/{case_id}/{case_id}.yaml" not in output.files
    assert {e.title for e in output.nav} >= {"Beranda", "Kasus", "Standar Pelayanan"}
    assert not any("kasus/PML" in e.path for e in output.nav)  # cases are not in the nav


def test_case_page_shows_timeline_figures_from_sla(output) -> None:  # type: ignore[no-untyped-def]
    page = output.pages["kasus/PML-20261103-4QX/index.md"]
    for step in ("B.2a", "B.3", "B.4", "B.5a", "B.9", "B.10"):
        assert f"<strong>{step}</strong>" in page
    assert "Tepat waktu" in page
    assert 'class="pelihara-flow"' in page and 'data-step="B.5b"' in page


def test_open_step_carries_its_deadline_for_the_live_script(output) -> None:  # type: ignore[no-untyped-def]
    listing = output.pages["kasus/index.md"]
    assert 'data-deadline="2026-' in listing
    script = output.files[CALENDAR_JS].decode()
    data = json.loads(script.split("=", 1)[1].strip().rstrip(";"))
    assert data["intervals"] and data["timezone"] == "Asia/Jakarta"


def test_standard_page_lists_steps_discrepancy_and_holidays(output) -> None:  # type: ignore[no-untyped-def]
    page = output.pages["standar/index.md"]
    for step in ("B.1", "B.2a", "B.5b", "B.10"):
        assert f'id="langkah-{step}"' in page
    assert "Catatan ketidaksesuaian" in page and "C.1.g" in page
    assert "Hari libur dan cuti bersama 2026" in page and "Natal" in page


def test_sections_without_content_are_left_out(copy: Path) -> None:
    ctx = load_context(copy, NOW_DT, with_history=False)
    ctx.cases = []
    assert load("cases").pages(ctx) != {}  # the tables exist even when empty
    assert all(load(name).nav.path for name in MODULES)


def test_record_text_is_escaped(tmp_path: Path) -> None:
    root = site_copy(tmp_path / "repo")
    case_id = add_xss_case(root)
    out = generate_from(load_context(root, NOW_DT, with_history=False))
    page = out.pages[links.case_page(case_id)]
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<svg onload" not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "*tebal*" in page  # Markdown syntax shows as typed, inside a raw HTML block
    front = page.split("---\n")[1]
    assert "&lt;script&gt;" in front  # the theme prints the title unescaped
    assert XSS_TITLE not in out.pages["kasus/index.md"]


def test_invalid_case_is_skipped_with_a_warning(tmp_path: Path) -> None:
    root = site_copy(tmp_path / "repo")
    bad = root / "cases/2026/11/PML-20261130-BAD.yaml"
    bad.write_text("id: PML-20261130-BAD\ntitle: [unclosed\n", encoding="utf-8")
    ctx = load_context(root, NOW_DT, with_history=False)
    out = generate_from(ctx)
    assert "kasus/PML-20261130-BAD/index.md" not in out.pages
    assert [w.file for w in out.warnings if w.code == "record.skipped"] == [
        "cases/2026/11/PML-20261130-BAD.yaml"]
    result = build(root, tmp_path / "public")
    # The site is built without it, and the build exits 1, as every command does when it
    # leaves a record out.
    assert result.returncode == 1, result.stderr
    assert (tmp_path / "public" / "kasus" / "index.html").is_file()
    assert "cases/2026/11/PML-20261130-BAD.yaml:3:1: dilewati" in result.stderr
    strict = build(root, tmp_path / "public2", "--strict")
    assert strict.returncode == 2


def test_history_is_hidden_without_git_and_shown_from_a_real_repository(tmp_path: Path) -> None:
    root = site_copy(tmp_path / "repo")
    no_git = generate_from(load_context(root, NOW_DT))
    assert "Riwayat pencatatan" not in no_git.pages["kasus/PML-20261103-4QX/index.md"]
    commit_all(root, tmp_path)
    page = generate_from(load_context(root, NOW_DT)).pages["kasus/PML-20261103-4QX/index.md"]
    assert "Riwayat pencatatan" in page and "Dewi Lestari" in page


def test_flowchart_highlights_the_case_path() -> None:
    from pelihara.records.repo import Repository
    from site_helpers import ROOT

    standard = Repository(ROOT).standard
    svg = flowchart.flowchart(standard, {"B.2a": "done", "B.3": "late", "B.4": "open"})
    assert svg.count("<g class=") == len(standard.case_steps)
    assert 'class="flow-step flow-late" data-step="B.3"' in svg
    assert 'class="flow-step flow-dim" data-step="B.6"' in svg
    assert "flow-escalation" in svg


def test_links_are_relative_to_the_page() -> None:
    assert links.href("index.md", "kasus/PML-1/index.md") == "kasus/PML-1/"
    assert links.href("kasus/semua.md", "kasus/PML-1/index.md") == "../PML-1/"
    assert links.href("kasus/PML-1/index.md", "standar/index.md") == "../../standar/"


@pytest.mark.slow
def test_real_strict_build_is_deterministic_apart_from_the_stamp(copy: Path,
                                                                  tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = build(copy, out, "--strict")
        assert result.returncode == 0, result.stderr
    assert (first / "kasus/PML-20261103-4QX/index.html").is_file()
    assert (first / "standar/index.html").is_file()
    differing = _diff(first, second)
    assert differing == ["pelihara-build.json"]
    stamp = json.loads((first / "pelihara-build.json").read_text())
    assert stamp["now"] == "2026-11-28T09:00:00+07:00"
    datetime.fromisoformat(stamp["built_at"])


def test_plain_mkdocs_build_strict_works(copy: Path, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d",
                             str(tmp_path / "out")], cwd=copy, capture_output=True, text=True,
                            check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "Kasus terbuka" in html


def _diff(a: Path, b: Path) -> list[str]:
    names = sorted({p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
                   | {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()})
    return [n for n in names if not ((a / n).is_file() and (b / n).is_file()
                                     and filecmp.cmp(a / n, b / n, shallow=False))]
