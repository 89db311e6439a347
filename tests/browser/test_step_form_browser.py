"""The "Catat langkah" form on an open case page, in a real browser (Debian's chromium): only
the legal next steps, the schema's rules checked in the page, and a command that, run for
real against the repository the site was built from, passes `pelihara check`. The YAML it
gives, appended by hand, passes too. Nothing leaves the page; axe-core finds nothing serious.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser_helpers import Served, serious, serve
from helpers import git_env
from site_helpers import NOW, site_copy

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OPEN_CASE = "PML-20261126-K7P"  # at B.4 (analysis) at the build's --now
HELD_CASE = "PML-20261116-5GW"  # on hold
CLOSED_CASE = "PML-20261103-4QX"
GITLAB = "https://gitlab.example.go.id/biro-di/pelihara"
PELIHARA = str(Path(sys.executable).parent / "pelihara")
GIT_ENV = git_env("2026-11-28T09:00:00+07:00", "Fajar Nugroho", "fajar@setneg.go.id")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(list(args), cwd=root, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


@dataclass
class Site(Served):
    repo: Path = Path()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The records in a git repository, built with a GitLab address (edit links) and served."""
    tmp = tmp_path_factory.mktemp("step-form")
    repo = site_copy(tmp / "repo")
    for args in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                 ["git", "commit", "-q", "-m", "Catatan awal"]):
        assert run(repo, *args).returncode == 0
    env = {k: v for k, v in os.environ.items() if k not in ("PELIHARA_NOW", "SOURCE_DATE_EPOCH")}
    built = subprocess.run([PELIHARA, "site", "build", "--now", NOW, "--out", str(tmp / "public"),
                            "--repo", str(repo)], cwd=repo, env={**env, "CI_PROJECT_URL": GITLAB},
                           capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    for base in serve(tmp / "public"):
        yield Site(tmp / "public", base, OPEN_CASE, repo)


def open_form(page: Page, site: Site, case_id: str = OPEN_CASE,
              clock: str = "2026-11-28T09:00:00+07:00") -> None:
    """The case page with the reader's clock at `clock` (the build's --now by default): the
    form refuses times in the reader's future."""
    page.clock.set_system_time(datetime.fromisoformat(clock))
    page.goto(site.base + f"kasus/{case_id}/")
    page.locator("form.pelihara-form").wait_for()


def choices(page: Page) -> list[str]:
    return page.eval_on_selector_all("select[id$=-kind] option",
                                     "os => os.map(o => o.value).filter(Boolean)")


def fill_analysis(page: Page, findings: str) -> None:
    page.select_option("select[id$=-kind]", "analysed")
    page.fill("input[id$=-at]", "2026-11-27T16:00")
    page.select_option("select[id$=-by]", "fajar")
    page.select_option("select[id$=-severity]", "ringan")
    page.check("input[type=checkbox][value=software]")
    page.fill("textarea[id$=-findings]", findings)


def test_only_legal_next_steps_are_offered(site: Site, browser: Browser) -> None:
    page = browser.new_page()
    open_form(page, site)
    assert choices(page) == ["analysed", "held", "note", "cancelled"]  # B.4 → analysed only
    open_form(page, site, HELD_CASE)
    assert choices(page) == ["resumed", "note", "cancelled"]
    page.goto(site.base + f"kasus/{CLOSED_CASE}/")
    assert page.locator("form.pelihara-form").count() == 0  # a closed case is final
    page.close()


def test_schema_rules_are_checked_in_the_browser(site: Site, browser: Browser) -> None:
    page = browser.new_page()
    open_form(page, site)
    page.select_option("select[id$=-kind]", "analysed")
    page.fill("input[id$=-at]", "2026-11-26T09:00")  # before the last event
    page.click("form.pelihara-form button[type=submit]")
    errors = page.locator(".pelihara-form-errors").inner_text()
    assert "Waktu kejadian" in errors and "Oleh" in errors and "Temuan" in errors
    assert page.locator("select[id$=-severity][aria-invalid=true]").count() == 1
    assert page.locator(".pelihara-form-output").is_hidden()
    page.select_option("select[id$=-kind]", "cancelled")
    page.fill("input[id$=-at]", "2026-11-27T16:00")
    page.select_option("select[id$=-by]", "dewi")
    page.select_option("select[id$=-reason]", "duplikat")
    page.fill("input[id$=-duplicate_of]", "PML-2026-X")  # the schema's pattern refuses it
    page.click("form.pelihara-form button[type=submit]")
    assert "Duplikat dari" in page.locator(".pelihara-form-errors").inner_text()
    assert "Bentuknya tidak sesuai" in page.locator("[id$=-duplicate_of-error]").inner_text()
    page.close()


def test_command_run_for_real_passes_check(site: Site, browser: Browser,
                                           tmp_path: Path) -> None:
    repo = site.repo
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_form(page, site)
    fill_analysis(page, "Layanan sinkronisasi presensi pulang berhenti; antrean 'rekap' tertahan.")
    scan = tmp_path / "Tangkapan layar antrean.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n tangkapan layar antrean")
    page.set_input_files("input[type=file][id$=-documents]", str(scan))
    page.click("form.pelihara-form button[type=submit]")
    command = page.locator("code[id$=-command]").inner_text()
    yaml_text = page.locator("code[id$=-yaml]").inner_text()
    edit = page.locator(".pelihara-edit a")
    assert edit.get_attribute("href") == f"{GITLAB}/-/edit/main/cases/2026/11/{OPEN_CASE}.yaml"
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert f'sha256: "{digest}"' in yaml_text and "file: Tangkapan-layar-antrean.png" in yaml_text
    assert all(url.startswith(site.base) for url in requests)  # nothing left the page
    assert serious(page, f"kasus/{OPEN_CASE}/ (form filled)") == []
    page.close()

    words = shlex.split(command)
    assert words[:4] == ["pelihara", "advance", OPEN_CASE, "analysed"] and "--commit" in words
    result = run(tmp_path, PELIHARA, *words[1:], "--repo", str(repo), "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert run(repo, "git", "log", "-1", "--format=%s").stdout.strip() == \
        f"{OPEN_CASE}: assigned → analysed"
    assert (repo / "evidence" / OPEN_CASE / "Tangkapan-layar-antrean.png").is_file()
    check = run(repo, PELIHARA, "check", "--now", NOW)
    assert check.returncode == 0, check.stdout + check.stderr
    text = (repo / "cases/2026/11" / f"{OPEN_CASE}.yaml").read_text(encoding="utf-8")
    assert "Layanan sinkronisasi presensi pulang berhenti; antrean 'rekap' tertahan." in text


def test_yaml_appended_by_hand_passes_check(site: Site, browser: Browser,
                                            tmp_path: Path) -> None:
    """The GitLab web editor path: paste the YAML event at the end of `events:`."""
    page = browser.new_page()
    open_form(page, site)
    fill_analysis(page, 'Sinkronisasi berhenti: "antrean" penuh, 100% CPU; no: ya.')
    page.uncheck("input[id$=-commit]")
    page.click("form.pelihara-form button[type=submit]")
    yaml_text = page.locator("code[id$=-yaml]").inner_text()
    assert "--commit" not in page.locator("code[id$=-command]").inner_text()
    page.close()
    copy = site_copy(tmp_path / "copy")
    path = copy / "cases/2026/11" / f"{OPEN_CASE}.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + yaml_text + "\n",
                    encoding="utf-8")
    check = run(copy, PELIHARA, "check", "--now", NOW)
    assert check.returncode == 0, check.stdout + check.stderr
    assert 'findings: "Sinkronisasi berhenti: \\"antrean\\" penuh' in path.read_text()


def test_late_step_needs_a_reason(site: Site, browser: Browser) -> None:
    page = browser.new_page()
    open_form(page, site, clock="2026-11-30T11:00:00+07:00")
    fill_analysis(page, "Layanan sinkronisasi berhenti.")
    page.fill("input[id$=-at]", "2026-11-30T10:00")  # after B.4's deadline, 30 Nov 08.30
    page.click("form.pelihara-form button[type=submit]")
    assert "melewati tenggatnya" in page.locator("[id$=-late_reason-error]").inner_text()
    page.fill("textarea[id$=-late_reason]", "Petugas mengikuti pelatihan keamanan.")
    page.click("form.pelihara-form button[type=submit]")
    assert "--late-reason" in page.locator("code[id$=-command]").inner_text()
    page.close()


def test_hashing_and_names_match_python(site: Site, browser: Browser) -> None:
    from pelihara.core.evidence_files import safe_name

    page = browser.new_page()
    open_form(page, site)
    samples = [b"", b"abc", bytes(range(256)) * 5, b"x" * 1_000_003]
    for data in samples:
        got = page.evaluate("d => PeliharaForms.sha256(new Uint8Array(d))", list(data))
        assert got == hashlib.sha256(data).hexdigest()
    for name in ("Memo Biro SDM (pindaian).pdf", "скан.pdf", ".hidden", "a..b.PDF", "x" * 130,
                 "laporan akhir.tar.gz", "__-.pdf"):
        assert page.evaluate("n => PeliharaForms.safeName(n)", name) == safe_name(name), name
    page.close()
