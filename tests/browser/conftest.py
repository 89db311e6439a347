"""Browser fixtures: a real build of the site served over HTTP on 127.0.0.1, and Debian's
chromium driven by Playwright (never a downloaded browser build)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from browser_helpers import AXE, Served, Watched, serve
from site_helpers import add_xss_case, build, commit_all, site_copy

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="session", autouse=True)
def axe_installed() -> None:
    assert AXE.is_file(), f"{AXE} is missing: run 'bash tests/setup.sh' (npm ci in tests/browser)"


def _built_and_served(tmp: Path, prepare: Callable[[Path], str | None] | None = None
                      ) -> Iterator[Served]:
    """A copy of the records in `tmp`, changed by `prepare` (which may name the case it
    added), built with --strict and served for the session."""
    root = site_copy(tmp / "repo")
    case_id = (prepare(root) if prepare else None) or ""
    result = build(root, tmp / "public", "--strict")
    assert result.returncode == 0, result.stderr
    for base in serve(tmp / "public"):
        yield Served(tmp / "public", base, case_id)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The repository's own records, built with --now and served."""
    yield from _built_and_served(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture(scope="session")
def git_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The records committed to a real git repository, so case pages carry their recorded
    history (commit hashes, recording times)."""
    tmp = tmp_path_factory.mktemp("browser-git")
    yield from _built_and_served(tmp, lambda root: commit_all(root, tmp))


@pytest.fixture(scope="session")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A temporary copy whose extra case carries script payloads in its text fields."""
    yield from _built_and_served(tmp_path_factory.mktemp("browser-xss"), add_xss_case)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh page that records console errors, page errors, dialogs and every request that
    leaves the site. Tests set `.base` before navigating."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID",
                                  timezone_id="Asia/Jakarta")
    page = context.new_page()
    state = Watched(page, "")
    page.on("console", lambda m: state.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state.errors.append(str(e)))
    page.on("request", lambda r: state.outside.append(r.url)
            if not r.url.startswith((state.base, "data:", "blob:")) else None)

    def on_dialog(dialog):  # type: ignore[no-untyped-def]
        state.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield state
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
