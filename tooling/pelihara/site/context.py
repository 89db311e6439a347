"""What every section's `pages(ctx)` receives: the records, already loaded and evaluated.

The context is built once per build by `data.load_context` (a fresh one for every rebuild under
`site serve`: nothing is kept between builds); sections only read it, apart from `warn()`
(build warnings) and the pages registry the generator fills as sections run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pelihara.core.findings import Finding
from pelihara.core.privacy import Audience
from pelihara.core.standard import Standard
from pelihara.documents.operations import Operations
from pelihara.i18n.messages import hint, render, skipped_text
from pelihara.records.load import CaseRecord, Records
from pelihara.records.repo import Repository
from pelihara.site import render as templates

__all__ = ["CaseRecord", "SiteContext", "Warning_"]


@dataclass(frozen=True)
class Warning_:
    """A line of the build log: what is wrong (`text`) and how to fix it (`fix`)."""

    file: str
    code: str
    text: str
    fix: str


@dataclass
class SiteContext:
    root: Path
    repo: Repository
    standard: Standard
    now: datetime
    cases: list[CaseRecord]
    calendar: Any
    """The working calendar (`WorkingCalendar`), for deadlines and exports."""
    records: Records
    history: dict[str, Any] | None = None
    """Per case id: the git-history engine's records; None when no history is available."""
    unproven: dict[str, list[Any]] = field(default_factory=dict)
    """Per case id: findings of approvals that git does not prove (main-line audit)."""
    people: Any = None
    """The staff registry as people (`core.people.People`): recorders by commit address."""
    repo_url: str = ""
    edit_uri: str = ""
    site_url: str = ""
    """The published site's address (mkdocs.yml `site_url`), for links that leave the site:
    calendar files and feeds."""
    lang: str = "id"
    audience: Audience = Audience.ORGANISATION
    """Who reads this build (`core/privacy.py`): the whole organisation, or staff only."""
    confidential: frozenset[str] = frozenset()
    """IDs of the cases this build shows as confidential (only ID, application, steps,
    deadlines and verdicts)."""
    pages: dict[str, str] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)

    def render(self, template: str, context: Any) -> str:
        return templates.render(template, context, self.lang)

    def exists(self, path: str) -> bool:
        """True when a section built earlier produced the docs page `path`."""
        return path in self.pages

    @cached_property
    def ops(self) -> Operations:
        """Plans, monitoring, complaints and surveys, read once for this build."""
        return Operations.of(self.records)

    def warn(self, file: str, code: str, **params: Any) -> None:
        self.warnings.append(Warning_(file, code, f"{file}: {render(code, params)}",
                                      hint(code, params)))

    def skipped(self, finding: Finding) -> None:
        """A record file left out of the site, with the note every command gives."""
        self.warnings.append(Warning_(finding.file, "record.skipped", *skipped_text(finding)))

    def edit_url(self, source: str) -> str:
        """Link to edit a record in the forge's web editor, '' when no repo_url is set."""
        if not self.repo_url:
            return ""
        return f"{self.repo_url.rstrip('/')}/{self.edit_uri.strip('/')}/{source}"

    def file_url(self, path: str) -> str:
        """Link to view a repository file (an evidence PDF) in the forge, '' without repo_url.
        GitLab's viewer sits beside its editor: `-/blob/<branch>/` for `-/edit/<branch>/`."""
        edit = self.edit_url(path)
        return edit.replace("/-/edit/", "/-/blob/", 1) if "/-/edit/" in edit else edit
