"""What every section's `pages(ctx)` receives: the records, already loaded and evaluated.

The context is built once per build by `data.load_context`; sections only read it, apart from
`warn()` (build warnings) and the pages registry the generator fills as sections run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.core.model import Case
from pelihara.core.privacy import Audience
from pelihara.core.sla import CaseSla
from pelihara.core.standard import Standard
from pelihara.core.workflow import Replay
from pelihara.i18n.messages import render as render_message
from pelihara.records.repo import Repository
from pelihara.site import render as templates


@dataclass(frozen=True)
class CaseRecord:
    """One valid case: the model, its replay, its SLA result and the source path relative to
    the repository root."""

    case: Case
    replay: Replay
    sla: CaseSla
    source: str

    @property
    def id(self) -> str:
        return self.case.id


@dataclass(frozen=True)
class Warning_:
    file: str
    code: str
    params: dict[str, Any]

    def message(self, lang: str = "id") -> str:
        return f"{self.file}: {render_message(self.code, self.params, lang)}"


@dataclass
class SiteContext:
    root: Path
    repo: Repository
    standard: Standard
    now: datetime
    cases: list[CaseRecord]
    calendar: Any
    """The working calendar (SLA engineer's `WorkingCalendar`), for deadlines and exports."""
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
        return templates.render(template, context)

    def exists(self, path: str) -> bool:
        """True when a section built earlier produced the docs page `path`."""
        return path in self.pages

    def warn(self, file: str, code: str, **params: Any) -> None:
        self.warnings.append(Warning_(file, code, params))

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
