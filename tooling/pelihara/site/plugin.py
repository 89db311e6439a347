"""The thin MkDocs adapter over `pelihara.site.generator`.

- `on_config`: runs the generator once per build (fresh records every time), puts the
  sections that have content in front of the hand-written nav, adds the exported calendar
  script.
- `on_files`: injects the generated pages and files.
- `on_pre_page`, `on_template_context`, `on_page_context`: MkDocs' own dates (sitemap) follow
  `now`, so builds are reproducible without touching the process's environment.
- `on_serve`: watches the records, so editing a case under `mkdocs serve` rebuilds the site.
- `on_post_build`: writes the one build stamp (`pelihara-build.json`, the wall clock, and how
  many record files were skipped).

`now` comes from the PELIHARA_NOW environment variable (set by `pelihara site build --now`),
or the plugin option `now`, or the clock.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from pelihara.cli.site import STAMP
from pelihara.core.errors import PeliharaError
from pelihara.core.escape import visible
from pelihara.core.privacy import Audience
from pelihara.core.timeparse import TimeTextError, iso, parse_time
from pelihara.i18n import tr
from pelihara.i18n.messages import hint, render
from pelihara.site import step_form
from pelihara.site.generator import CALENDAR_JS, SiteOutput, generate

log = logging.getLogger("mkdocs.plugins.pelihara")
WATCHED = ("cases", "plans", "registry", "schemas", "standard.yaml", "monitoring", "complaints",
           "surveys")
INFO_CODES = frozenset({"site.no_history"})
NOSEARCH = re.compile(r"<!--pelihara:nosearch-->.*?<!--/pelihara:nosearch-->", re.S)
PLACEHOLDER = "<!-- pelihara: HTML dibuat generator -->"


class PeliharaConfig(Config):
    now = c.Optional(c.Type(str))
    history = c.Type(bool, default=True)
    sections = c.Optional(c.ListOfItems(c.Type(str)))
    """Only these section modules (default: all registered), e.g. for a light preview."""
    records_edit_uri = c.Type(str, default="-/edit/main/")
    """Forge path to edit a record, relative to repo_url (GitLab: '-/edit/main/')."""
    pages_edit_uri = c.Type(str, default="-/edit/main/site/")
    """edit_uri for the hand-written pages, used when repo_url is set and edit_uri is not."""
    audience = c.Choice(tuple(a.value for a in Audience), default=Audience.ORGANISATION.value)
    """Who reads the site: `organisation` (default: no NIP, address, telephone, raw records;
    confidential cases reduced) or `staff` (everything, behind the forge's access control).
    The PELIHARA_AUDIENCE environment variable (`pelihara site build --audience`) wins."""


class PeliharaPlugin(BasePlugin[PeliharaConfig]):
    def __init__(self) -> None:
        self.output: SiteOutput | None = None
        self.html: dict[str, str] = {}
        self.root = Path.cwd()
        self.now = datetime.now(UTC)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Everything a build needs is made here, fresh: under `site serve` each rebuild reads
        # the records again (a plan title or a complaint edited a second ago shows at once).
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.now = self._now()
        self.html = {}
        try:
            self.output = generate(
                self.root, self.now, repo_url=config.repo_url or "",
                edit_uri=self.config.records_edit_uri, with_history=self.config.history,
                only=self.config.sections, audience=self._audience(),
                site_url=config.site_url or "")
        except PeliharaError as exc:
            where = ":".join(str(x) for x in (exc.file, exc.line, exc.column) if x)
            raise PluginError(visible(f"{where + ': ' if where else ''}"
                                      f"{render(exc.code, exc.params)}"
                                      f" → {hint(exc.code, exc.params)}")) from None
        for warning in self.output.warnings:
            # No git history (a tarball, a CI job without the repository) is normal, not a
            # fault: say so, but do not fail a --strict build over it.
            report = log.info if warning.code in INFO_CODES else log.warning
            # MkDocs' log is the CI log: record text in it is shown, never sent raw.
            report(visible(f"{warning.text} → {warning.fix}"))
        log.info(tr("site.build_summary", cases=self.output.cases, pages=len(self.output.pages)))
        generated: list[Any] = [
            {e.title: [{t: p} for t, p in e.children]} if e.children else {e.title: e.path}
            for e in self.output.nav]
        config.nav = generated + list(config.nav or [])
        # Thousands of long-lived objects (records, pages) would make every later cyclic
        # garbage collection walk them all, so collection cost grows with the site and the
        # build turns superlinear; freezing them keeps MkDocs' own phase linear. They are
        # unfrozen when the build ends, so rebuilds under `site serve` do not pile up.
        gc.collect()
        gc.freeze()
        config.extra_javascript.insert(0, CALENDAR_JS)
        config.extra_javascript.insert(1, step_form.DATA_JS)
        if config.repo_url and not config.edit_uri:
            config.edit_uri = self.config.pages_edit_uri
        return config

    def _audience(self) -> Audience:
        value = os.environ.get("PELIHARA_AUDIENCE") or self.config.audience
        try:
            return Audience(value)
        except ValueError:
            raise PluginError(render("site.bad_audience", {"value": value})) from None

    def _now(self) -> datetime:
        source = "PELIHARA_NOW" if os.environ.get("PELIHARA_NOW") else "now"
        value = os.environ.get("PELIHARA_NOW") or self.config.now
        if not value:
            return datetime.now(UTC)
        try:
            return parse_time(value, lenient=True)  # typed by a person, like `--now`
        except TimeTextError as exc:
            params = exc.params(source)
            raise PluginError(f"{render(exc.code, params)} → {hint(exc.code, params)}") from None

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.output is not None  # on_config ran
        generated: dict[str, str | bytes] = {**self.output.files}
        for path, content in self.output.pages.items():
            generated[path] = self._bypass(path, content)
        # Files' lookup cache is rebuilt after every append, so a per-file lookup would make
        # this quadratic in the number of cases: check collisions against one set instead.
        for old in [f for f in files if f.src_uri in generated]:
            files.remove(old)
        for path in sorted(generated):
            files.append(File.generated(config, path, content=generated[path]))
        return files

    def _bypass(self, path: str, content: str) -> str:
        """A generated page that is all HTML (front matter + one <div>) skips Markdown: MkDocs
        gets a placeholder and `on_page_content` puts the HTML back. Python-Markdown's raw-HTML
        pass costs ~10 ms per case page, most of a 10,000-case build, for no change at all."""
        front, sep, body = content.partition("\n---\n") if content.startswith("---\n") else (
            "", "", content)
        if not body.lstrip().startswith("<div"):
            return content
        self.html[path] = body
        return f"{front}{sep}\n{PLACEHOLDER}\n"

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        full = self.html.get(page.file.src_uri)
        if full is None:
            return html
        # The search plugin indexes page.content next (on_page_context). Give it the page
        # without the blocks marked nosearch (the flowchart: the same labels on every case
        # page, noise in results and half the tags the indexer parses); put them back after.
        return NOSEARCH.sub("", full)

    @event_priority(-50)  # after the search plugin has indexed the light version
    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        full = self.html.get(page.file.src_uri)
        if full is not None:
            page.content = full
        context["build_date_utc"] = self._build_moment()
        return context

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for name in WATCHED:
            target = self.root / name
            if target.exists():
                server.watch(str(target))
        return server

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        # MkDocs dates pages (the sitemap's lastmod) by the clock or SOURCE_DATE_EPOCH; the
        # site is as of `now`, so its dates are too, and two builds of one commit and `now`
        # give the same bytes, without setting the process's environment.
        page.update_date = self._build_moment().strftime("%Y-%m-%d")
        return page

    def on_template_context(self, context: Any, template_name: str,
                            config: MkDocsConfig) -> Any:
        context["build_date_utc"] = self._build_moment()
        return context

    def _build_moment(self) -> datetime:
        return datetime.fromtimestamp(int(self.now.timestamp()), UTC)

    def on_build_error(self, error: Exception) -> None:
        gc.unfreeze()

    def on_post_build(self, config: MkDocsConfig) -> None:
        gc.unfreeze()
        # The one part of the output that differs between two builds of the same commit and
        # --now: when the build actually ran. `skipped` counts the record files left out
        # (each named on the build log): `pelihara site build` exits 1 when there are any.
        skipped = self.output.skipped if self.output is not None else 0
        stamp = {"built_at": iso(datetime.now(UTC)), "now": iso(self.now), "skipped": skipped}
        Path(config.site_dir, STAMP).write_text(json.dumps(stamp) + "\n", encoding="utf-8")

