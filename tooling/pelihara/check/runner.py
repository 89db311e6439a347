"""Run every check over a repository and collect all findings (the edge that reads files).

Order of work, so nothing is loaded twice: schemas, standard.yaml and the registries once;
then each record file is read, parsed strictly, validated (compiled fast path) and handed to
its kind's rules; repository-wide rules (duplicate ids) and extra providers (history rules of
`--base`) run last. Nothing is printed: the caller renders `CheckResult.findings`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pelihara.core.calendar import calendar_for
from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Finding, Severity
from pelihara.core.model import Case
from pelihara.core.registries import Registries
from pelihara.core.rules.context import Context
from pelihara.core.standard import Standard, StandardInvalid, load_standard
from pelihara.core.workflow import Replay
from pelihara.records import nofollow, yamlio
from pelihara.records.files import FileCheck, check_file, display_path
from pelihara.records.kinds import KINDS, Kind, kind_for
from pelihara.records.repo import REGISTRIES
from pelihara.records.revision import Rules
from pelihara.records.schema import load_schema_set


@dataclass
class CheckResult:
    findings: list[Finding]
    files: list[str]
    """Repo-relative paths of the files checked, in order."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def exit_code(self) -> int:
        """0 clean or warnings only, 1 when any error was found."""
        return 1 if self.errors else 0


@dataclass
class RunInfo:
    """What an extra finding provider (e.g. the history rules of `--base`) gets."""

    root: Path
    files: list[str]
    now: datetime
    standard: Standard | None
    documents: dict[str, yamlio.Document] = field(default_factory=dict)
    """The parsed data of every file checked, by repo-relative path, so a provider need not
    parse again. Only the data is kept (no node tree): positions fall back to 1:1."""
    replays: dict[str, tuple[Case, Replay]] = field(default_factory=dict)
    """The workflow replay of every case file the case rules replayed, by path."""


Provider = Callable[[RunInfo], Iterable[Finding]]

DEPENDENCIES = ("standard.yaml", *(f"registry/{name}.yaml" for name in REGISTRIES))
"""Always checked: every case rule depends on them."""


def select_files(root: Path, paths: Sequence[Path] | None) -> list[str]:
    """Repo-relative (or, outside the repository, absolute) paths to check, sorted, unique.

    No paths: every record file of every kind. A folder: the record files inside it. A file:
    that file, even when its kind is unknown (the YAML is still checked). Whatever stands
    where a record should be counts (a folder named like one, a FIFO, a symlink: reading it
    makes the finding), and no symlink is followed to look inside."""
    every = {display_path(root, p) for kind in KINDS for p in kind.files(root)}
    dependencies = {d for d in DEPENDENCIES if os.path.lexists(root / d)}
    if not paths:
        return sorted(every | dependencies)
    chosen: set[str] = set()
    for path in paths:
        if not os.path.lexists(path):
            raise PeliharaError("usage.path_missing", {"path": str(path)})
        rel = display_path(root, path)
        if kind_for(rel) is not None or nofollow.entry_kind(path) != "folder":
            chosen.add(rel)  # a record's place, or a file: checked as it is
        else:  # a folder: the records under it (none, outside the repository)
            inside = "" if rel == "." else rel + "/"
            chosen.update(r for r in every if r.startswith(inside))
    return sorted(chosen | dependencies)


def run_check(root: Path, paths: Sequence[Path] | None, now: datetime,
              providers: Sequence[Provider] = (), rules: Rules | None = None) -> CheckResult:
    """Check `paths` (default: the whole repository) as of `now` (aware). `rules`: judge the
    records by these schemas, standard and registries (a merge request's base) instead of
    the working tree's; the working tree's rules files are still checked, by them too."""
    schemas = rules.schemas if rules is not None else load_schema_set(root)
    files = select_files(root, paths)
    checks: dict[str, FileCheck] = {}
    with _collector_paused(), nofollow.Folders(root) as folders:
        for rel in DEPENDENCIES:
            if rel in files:
                checks[rel] = check_file(root, rel, kind_for(rel), schemas, None, folders)
        standard = _standard(checks.get("standard.yaml"))
        registries = _registries(checks)
        if rules is not None:
            standard, registries = rules.standard, rules.registries
        ctx = Context(standard, registries, now,
                      calendar_for(standard) if standard is not None else None)
        for rel in files:
            if rel not in checks:
                checks[rel] = check_file(root, rel, kind_for(rel), schemas, ctx, folders)
        for rel in DEPENDENCIES:  # their rules need the registries, so they run now
            if rel in checks:
                checks[rel].run_rules(ctx)
                checks[rel].release()
        findings = [f for c in checks.values() for f in c.findings]
        findings.extend(_duplicate_ids(root, checks, whole_repository=not paths))
        info = RunInfo(root, files, now, standard, {
            rel: c.document for rel, c in checks.items() if c.document is not None},
            ctx.replays)
        for provider in providers:
            findings.extend(provider(info))
    findings.sort(key=lambda f: f.sort_key)
    return CheckResult(findings, files)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing YAML allocates many small objects and creates no reference cycles we keep, so
    the cyclic garbage collector's passes are pure cost here (a fifth of a large run)."""
    was_enabled = gc.isenabled()
    nothing_frozen = gc.get_freeze_count() == 0
    gc.disable()
    try:
        yield
    finally:
        # Everything allocated meanwhile sits in the youngest generation, so re-enabling
        # alone makes the next allocation collect all of it (a twentieth of a large run).
        # A freeze and unfreeze moves it to the oldest generation without a walk, where it is
        # still collected in time. Only when nothing else was frozen: unfreezing would thaw
        # what its owner (the site plugin, say) froze on purpose.
        if nothing_frozen:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _standard(check: FileCheck | None) -> Standard | None:
    """The standard to judge cases by. A schema fault that does not stop the standard from
    loading (an extra key, say) is reported but does not switch the workflow rules off."""
    if check is None or check.document is None or not isinstance(check.document.data, dict):
        return None
    try:
        return load_standard(check.document)
    except StandardInvalid as exc:
        check.findings.extend(exc.findings)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if check.valid:  # otherwise the schema findings already say what is wrong
            check.findings.append(
                Finding(check.rel, 1, 1, "standard.invalid", {"detail": str(exc)}))
    check.findings.append(Finding(check.rel, 1, 1, "check.standard_unusable", {}))
    return None


def _registries(checks: dict[str, FileCheck]) -> Registries:
    files = {}
    for name in REGISTRIES:
        check = checks.get(f"registry/{name}.yaml")
        files[name] = check.document.data if check and check.document else None
    return Registries.from_data(files)


def _duplicate_ids(root: Path, checks: dict[str, FileCheck],
                   whole_repository: bool) -> list[Finding]:
    """Ids unique per kind, across the files checked and the rest of the repository (whose
    ids are read from their file names, which the path rule ties to the id)."""
    found: list[Finding] = []
    for kind in KINDS:
        if kind.id_field is None:
            continue
        owners: dict[str, list[FileCheck]] = {}
        for check in checks.values():
            if check.kind is kind and check.ident is not None:
                owners.setdefault(check.ident[0], []).append(check)
        if not owners:
            continue
        others = {} if whole_repository else _unchecked_by_stem(root, kind, checks)
        for ident, group in owners.items():
            names = [c.rel for c in group] + list(others.get(ident, []))
            for check in group:
                other = [n for n in names if n != check.rel]
                if other and check.ident is not None:
                    _, line, column = check.ident
                    found.append(Finding(check.rel, line, column, "check.duplicate_id",
                                         {"id": ident, "other": ", ".join(other)}))
    return found


def _unchecked_by_stem(root: Path, kind: Kind,
                       checks: dict[str, FileCheck]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for pattern in kind.patterns:
        for path in root.glob(pattern):
            rel = display_path(root, path)
            if rel not in checks:
                result.setdefault(path.stem, []).append(rel)
    return result
