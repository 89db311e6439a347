"""Loading the records for a build (an edge: reads files and, optionally, git).

The records layer (`pelihara.records.load`) reads every case strictly, checks it against its
schema, replays it and measures it; a file it cannot use is left out of the site with the note
every command gives, on the build log, never a crash. The other records (plans, monitoring,
complaints, surveys) are read the same way when a section first asks for them. What the
build's audience may see (`pelihara.core.privacy`) is applied to each record as it is loaded,
before any page, list, index or feed is made from it.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from pelihara.core import history
from pelihara.core.errors import PeliharaError
from pelihara.core.privacy import Audience, case_view, public_registries, redact
from pelihara.records.gitio import Git
from pelihara.records.load import Records
from pelihara.records.repo import Repository
from pelihara.site.context import SiteContext


def load_context(root: Path, now: datetime, *, repo_url: str = "", edit_uri: str = "",
                 with_history: bool = True,
                 audience: Audience = Audience.ORGANISATION) -> SiteContext:
    repo = Repository(root)
    staff = audience is Audience.STAFF
    records = Records(repo, now,
                      case_view=partial(case_view, applications=repo.registries.applications,
                                        audience=audience),
                      record_view=None if staff else redact)
    _restrict_registries(repo, audience)
    cases = sorted(records.cases, key=lambda r: (r.case.opened_at, r.id), reverse=True)
    ctx = SiteContext(root=root, repo=repo, standard=repo.standard, now=now, cases=cases,
                      calendar=repo.calendar, records=records, repo_url=repo_url or "",
                      edit_uri=edit_uri or "", audience=audience)
    if not staff:
        ctx.confidential = frozenset(r.id for r in cases if r.case.data.get("confidential")
                                     is True)
    if with_history:
        ctx.history = _history(ctx)
    return ctx


def _restrict_registries(repo: Repository, audience: Audience) -> None:
    """For the organisation, every section reads the registries' public fields only: the
    build's own `Repository` (made above, used by nothing else) holds the reduced copy."""
    if audience is Audience.ORGANISATION:
        repo.__dict__["registries"] = public_registries(repo.registries)


def _history(ctx: SiteContext) -> dict[str, Any] | None:
    """Per case id: the recorded history (commit, author, time, lag) of each event, or None when
    the records are not in a git repository with full history. Never invented."""
    from pelihara.check.audit import approval_findings

    ctx.people = ctx.repo.registries.people
    try:
        git = Git(ctx.root)
        log = git.read_history()
        # the case page shows every approval git does not prove (as `check --audit` does)
        for finding in approval_findings(ctx.repo, git, ctx.people, {"cases": log}):
            case_id = finding.file.rsplit("/", 1)[-1].removesuffix(".yaml")
            ctx.unproven.setdefault(case_id, []).append(finding)
    except PeliharaError as exc:
        ctx.warn(str(ctx.root), "site.no_history", reason=exc.code)
        return None
    by_id = {item.case_id: item for item in log.files.values() if item.deleted is None}
    result: dict[str, Any] = {}
    for record in ctx.cases:
        file_history = by_id.get(record.id)
        if file_history is None:
            continue
        result[record.id] = history.event_records(
            record.case, file_history, ctx.calendar.minutes, ctx.standard.recording_tolerance)
    return result
