"""Loading the records for a build (an edge: reads files and, optionally, git).

Every case file is read strictly, schema-checked and replayed; a file that fails any of these is
left out of the site with a warning on the build log, never a crash. The SLA figures come from
the SLA engine (`pelihara.core.sla`), as its typed results.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pelihara.core.calendar import calendar_for
from pelihara.core.errors import PeliharaError
from pelihara.core.model import Case
from pelihara.core.privacy import Audience, case_view, public_registries
from pelihara.core.workflow import replay
from pelihara.records import yamlio
from pelihara.records.repo import Repository
from pelihara.site.context import CaseRecord, SiteContext


def load_context(root: Path, now: datetime, *, repo_url: str = "", edit_uri: str = "",
                 with_history: bool = True,
                 audience: Audience = Audience.ORGANISATION) -> SiteContext:
    repo = Repository(root)
    standard = repo.standard
    calendar = calendar_for(standard)
    applications = repo.registries.applications
    _restrict_registries(repo, audience)
    ctx = SiteContext(root=root, repo=repo, standard=standard, now=now, cases=[],
                      calendar=calendar, repo_url=repo_url or "", edit_uri=edit_uri or "",
                      audience=audience)
    confidential: set[str] = set()
    validate = _schema_validator(root)
    from pelihara.core import (
        sla,  # the SLA engine; imported here so a build fails loudly without it
    )

    for path in repo.case_files():
        source = repo.rel(path)
        try:
            doc = yamlio.load_file(path, source)
        except yamlio.YamlProblem as problem:
            ctx.warn(f"{source}:{problem.line}:{problem.column}", "site.skipped_case",
                     reason=problem.code)
            continue
        errors = validate(doc.data)
        if errors:
            ctx.warn(source, "site.skipped_case", reason=errors)
            continue
        # What this audience may see, before any page, list, index or feed is made from it.
        data = case_view(doc.data, applications, audience)
        if data.get("confidential") is True and audience is Audience.ORGANISATION:
            confidential.add(str(data["id"]))
        try:
            case = Case.from_data(data, source)
            result = replay(standard, case, now)
            if any(p.code != "workflow.future" for p in result.problems):
                codes = sorted({p.code for p in result.problems})
                ctx.warn(source, "site.skipped_case", reason=", ".join(codes))
                continue
            figures = sla.evaluate(standard, calendar, case, now)
        except (PeliharaError, KeyError, TypeError, ValueError) as exc:
            ctx.warn(source, "site.skipped_case", reason=_reason(exc))
            continue
        ctx.cases.append(CaseRecord(case, result, figures, source))
    ctx.cases.sort(key=lambda r: (r.case.opened_at, r.id), reverse=True)
    ctx.confidential = frozenset(confidential)
    if with_history:
        ctx.history = _history(ctx)
    return ctx


def _restrict_registries(repo: Repository, audience: Audience) -> None:
    """For the organisation, every section reads the registries' public fields only: the
    build's own `Repository` (made above, used by nothing else) holds the reduced copy."""
    if audience is Audience.ORGANISATION:
        repo.__dict__["registries"] = public_registries(repo.registries)


def _reason(exc: Exception) -> str:
    return exc.code if isinstance(exc, PeliharaError) else type(exc).__name__


def _schema_validator(root: Path) -> Any:
    """Schema validation with the check engine's validators (compiled fast path)."""
    from pelihara.records.schema import load_schema_set

    schema_set = load_schema_set(root)

    def validate(data: Any) -> str:
        if not isinstance(data, dict):
            return "schema.type"
        errors = schema_set.validate("case.schema.json", data)
        return ", ".join(sorted({e.code for e in errors}))

    return validate


def _history(ctx: SiteContext) -> dict[str, Any] | None:
    """Per case id: the recorded history (commit, author, time, lag) of each event, or None when
    the records are not in a git repository with full history. Never invented."""
    from pelihara.check.audit import approval_findings
    from pelihara.core import history
    from pelihara.core.people import People
    from pelihara.records.gitio import Git

    ctx.people = People(ctx.repo.registries.staff)
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
