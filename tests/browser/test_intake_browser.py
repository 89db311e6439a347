"""The "Laporkan kerusakan" page in a real browser (Debian's chromium).

With a GitLab address: the form opens a prefilled confidential issue from the repository's
issue template; the URL is decoded and compared field by field, then the issue GitLab would
make of it (template + appended description, API-shaped JSON) goes through `pelihara intake`
and the case passes `check`. Without one: the form writes the memo text and a `pelihara new`
command, which, run for real, passes `check`. Nothing leaves the page; axe finds nothing
serious on the filled form.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page

from browser_helpers import Served, serious, serve
from helpers import FIXTURES
from site_helpers import NOW, site_copy

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SCAN = ROOT / "tests/intake/memo-M-118.pdf"
GITLAB = "https://gitlab.example.go.id/biro-di/pelihara"
PELIHARA = str(Path(sys.executable).parent / "pelihara")
ENTERED = {"unit": "biro-umum", "application": "persuratan",
           "title": "Nomor agenda surat masuk tidak bertambah",
           "description": "Setiap surat yang diregistrasi mendapat nomor 2026/11/0412 yang sama.",
           "since": "2026-11-27T07:40", "contact": "Sri Wahyuni, Subbagian Tata Usaha (ext. 3105)",
           "memo_number": "M-118/BU/TU/11/2026", "memo_date": "2026-11-27"}


def build(root: Path, out: Path, gitlab: str | None) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PELIHARA_NOW", "SOURCE_DATE_EPOCH", "CI_PROJECT_URL")}
    if gitlab:
        env["CI_PROJECT_URL"] = gitlab
    result = subprocess.run([PELIHARA, "site", "build", "--now", NOW, "--out", str(out),
                             "--repo", str(root), "--strict"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Served]]:
    tmp = tmp_path_factory.mktemp("intake-site")
    root = site_copy(tmp / "repo")
    build(root, tmp / "gitlab", GITLAB)
    build(root, tmp / "plain", None)
    for gitlab_base in serve(tmp / "gitlab"):
        for plain_base in serve(tmp / "plain"):
            yield {"gitlab": Served(tmp / "gitlab", gitlab_base),
                   "plain": Served(tmp / "plain", plain_base)}


def fill(page: Page, site: Served, scan: bool = True) -> list[str]:
    """The form filled as a unit's officer would; returns the URLs the page requested."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.clock.set_system_time(datetime.fromisoformat("2026-11-28T09:00:00+07:00"))
    page.goto(site.base + "lapor/")
    page.select_option("select[id$=-unit]", ENTERED["unit"])
    page.select_option("select[id$=-application]", ENTERED["application"])
    page.fill("input[id$=-title]", ENTERED["title"])
    page.fill("textarea[id$=-description]", ENTERED["description"])
    page.fill("input[id$=-since]", ENTERED["since"])
    page.fill("input[id$=-contact]", ENTERED["contact"])
    page.fill("input[id$=-memo-number]", ENTERED["memo_number"])
    page.fill("input[id$=-memo-date]", ENTERED["memo_date"])
    if scan:
        page.set_input_files("input[type=file]", str(SCAN))
    page.click("form.pelihara-form button[type=submit]")
    return requests


def intake_block(text: str) -> dict[str, object]:
    body = text.split("```yaml pelihara-intake\n", 1)[1].split("\n```", 1)[0]
    data: dict[str, object] = yaml.safe_load(body)
    return data


def test_form_is_built_from_the_registry(sites: dict[str, Served], browser: Browser) -> None:
    page = browser.new_page()
    page.goto(sites["gitlab"].base + "lapor/")
    units = page.eval_on_selector_all("select[id$=-unit] option",
                                      "os => os.map(o => o.value).filter(Boolean)")
    apps = page.eval_on_selector_all("select[id$=-application] option",
                                     "os => os.map(o => o.value).filter(Boolean)")
    registry = yaml.safe_load((FIXTURES / "registry/units.yaml").read_text())["units"]
    assert units == [u["id"] for u in registry]
    assert "persuratan" in apps and "keuangan" in apps
    page.click("form.pelihara-form button[type=submit]")  # empty: every field named
    errors = page.locator(".pelihara-form-errors").inner_text()
    assert "Unit kerja pelapor" in errors and "Nomor memorandum" in errors
    page.fill("input[id$=-title]", "Ru")  # the case schema's title has 5 characters or more
    page.click("form.pelihara-form button[type=submit]")
    assert "Terlalu pendek" in page.locator("[id$=-title-error]").inner_text()
    page.close()


def test_issue_url_decoded_field_by_field_then_intake(sites: dict[str, Served],
                                                      browser: Browser, tmp_path: Path) -> None:
    page = browser.new_page()
    requests = fill(page, sites["gitlab"])
    link = page.locator("a.pelihara-issue-link")
    url = urlparse(link.get_attribute("href") or "")
    assert link.get_attribute("target") == "_blank"
    assert all(r.startswith(sites["gitlab"].base) for r in requests)  # nothing was sent
    assert serious(page, "lapor/ (form filled)") == []
    page.close()

    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{GITLAB}/-/issues/new"
    query = parse_qs(url.query, strict_parsing=True)
    assert set(query) == {"issuable_template", "issue[title]", "issue[description]",
                          "issue[confidential]"}
    assert all(len(v) == 1 for v in query.values())
    assert query["issuable_template"] == ["Laporan-kerusakan"]
    assert (ROOT / ".gitlab/issue_templates/Laporan-kerusakan.md").is_file()
    assert query["issue[confidential]"] == ["true"]
    assert query["issue[title]"] == [
        "Laporan kerusakan: SIMPERSURATAN (Tata Naskah Dinas Elektronik) — " + ENTERED["title"]]
    description = query["issue[description]"][0]
    assert "**Unit kerja:** Biro Umum" in description
    assert "**Terjadi sejak:** 27 Nov 2026 07.40 WIB" in description
    block = intake_block(description)
    digest = hashlib.sha256(SCAN.read_bytes()).hexdigest()
    assert block == {
        "unit": "biro-umum", "application": "persuratan", "title": ENTERED["title"],
        "description": ENTERED["description"], "contact": ENTERED["contact"],
        "since": "2026-11-27T07:40:00+07:00",
        "memo": {"number": ENTERED["memo_number"], "date": ENTERED["memo_date"],
                 "sender": "Kepala Biro Umum", "to": "hendra"},
        "scan": {"file": "memo-M-118.pdf", "sha256": digest}}

    # What GitLab makes of it: the template, then the description appended (GitLab ≥ 14.8).
    issue = json.loads((ROOT / "tests/intake/gitlab-issue.json").read_text())
    template = (ROOT / ".gitlab/issue_templates/Laporan-kerusakan.md").read_text()
    issue.update(iid=31, title=query["issue[title]"][0], description=f"{template}\n{description}",
                 created_at="2026-11-27T01:12:09.417Z", confidential=True,
                 web_url=f"{GITLAB}/-/issues/31",
                 references={"short": "#31", "relative": "#31", "full": "biro-di/pelihara#31"})
    saved = tmp_path / "isu-31.json"
    saved.write_text(json.dumps(issue))
    repo = site_copy(tmp_path / "repo")
    result = subprocess.run([PELIHARA, "intake", str(saved), "--attach", str(SCAN), "--now", NOW,
                             "--repo", str(repo), "--json"], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    case = yaml.safe_load((repo / json.loads(result.stdout)["file"]).read_text())
    assert case["events"][0]["at"] == "2026-11-27T08:12:09+07:00"
    assert case["events"][0]["source"]["reference"] == "biro-di/pelihara#31"
    check = subprocess.run([PELIHARA, "check", "--now", NOW, "--repo", str(repo)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert check.returncode == 0, check.stdout


def test_without_gitlab_memo_text_and_new_command(sites: dict[str, Served], browser: Browser,
                                                  tmp_path: Path) -> None:
    page = browser.new_page()
    page.context.set_default_timeout(20000)
    fill(page, sites["plain"])
    assert page.locator("a.pelihara-issue-link").count() == 0
    memo = page.locator("code#lk-memo").inner_text()
    command = page.locator("code#lk-command").inner_text()
    page.close()
    for expected in ("MEMORANDUM", "Nomor   : M-118/BU/TU/11/2026",
                     "Yth.    : Kepala Biro Dukungan Informatika", "Dari    : Kepala Biro Umum",
                     "Tanggal : 27 November 2026",
                     "Hal     : Laporan kerusakan SIMPERSURATAN (Tata Naskah Dinas Elektronik)",
                     ENTERED["description"], "sejak 27 Nov 2026 07.40 WIB",
                     "Narahubung: Sri Wahyuni"):
        assert expected in memo, expected
    assert intake_block(memo)["memo"] == {"number": ENTERED["memo_number"],
                                          "date": ENTERED["memo_date"],
                                          "sender": "Kepala Biro Umum", "to": "hendra"}
    words = shlex.split(command)
    assert words[:2] == ["pelihara", "new"] and "--attach" in words
    words[words.index("--attach") + 1] = str(SCAN)  # the scan, where the officer saved it
    repo = site_copy(tmp_path / "repo")
    result = subprocess.run([PELIHARA, *words[1:], "--now", NOW, "--repo", str(repo)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    check = subprocess.run([PELIHARA, "check", "--now", NOW, "--repo", str(repo)],
                           capture_output=True, text=True, timeout=300, check=False)
    assert check.returncode == 0, check.stdout
