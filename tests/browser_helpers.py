"""What the browser tests share (tests/browser/): the built site served over HTTP on 127.0.0.1,
the page a test watches, and axe-core's verdict on a page. A module of its own, not the
browser folder's conftest.py: test modules import it by one unique name, and the type checker
sees one module per name."""

from __future__ import annotations

import functools
import http.server
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

from helpers import running

AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core from the npm registry, pinned in package-lock.json, installed by tests/setup.sh."""
SERIOUS = ("serious", "critical")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    root: Path
    base: str
    case_id: str = ""


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    with running(server):
        yield f"http://127.0.0.1:{server.server_port}/"


@dataclass
class Watched:
    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def axe(page: Page, rules: list[str] | None = None) -> list[dict[str, object]]:
    """axe-core's violations on the loaded page: [{id, impact, nodes: [target, summary]}];
    every rule, or only `rules`."""
    page.add_script_tag(path=str(AXE))
    options: dict[str, object] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate("""async (options) => {
        const result = await axe.run(document, options);
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 3).map(n => [n.target.join(" "), n.failureSummary])}));
    }""", options)


def serious(page: Page, path: str, rules: list[str] | None = None) -> list[str]:
    return [f"{path}: {v['id']} ({v['impact']}) {v['nodes']}" for v in axe(page, rules)
            if v["impact"] in SERIOUS]
