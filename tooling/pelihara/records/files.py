"""One record file through the checks: read, strict YAML, modeline, schema, then its rules.

Every command goes through here: `pelihara check` (`check_file`), the loaders of the records
layer (`inspect_file`, no rules) and the write commands (`would_accept`, the same checks on
text not yet written). A record file's bytes are read by `yamlio.read_record`, or in a check
run by `yamlio.read_in` through the run's open folders: both read as `nofollow` reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pelihara.core.errors import PeliharaError
from pelihara.core.escape import first_control, visible
from pelihara.core.findings import Finding, Severity
from pelihara.core.rules.context import Context
from pelihara.records import nofollow, yamlio
from pelihara.records.kinds import Kind, kind_for
from pelihara.records.schema import SchemaSet

if TYPE_CHECKING:
    from pelihara.records.repo import Repository

MODELINE = "# yaml-language-server: $schema="
MAX_FINDINGS = 1000
"""Findings shown per file; the rest are counted in one. A file with 55,000 unknown keys gave
55,000 findings and, rendered, over 250 MB (Code Quality JSON): one person cannot act on more
than the first thousand, and the limit keeps any single file under 200 MB."""


def display_path(root: Path, path: Path) -> str:
    """Repo-relative POSIX path, or the absolute path for a file outside the repository; a
    symlink by its own name (`nofollow.relative_name`)."""
    return nofollow.relative_name(root, path)


def expected_modeline(rel: str, schema: str) -> str:
    """The `$schema` value that works from the file's folder: ../ once per folder level."""
    return "../" * rel.count("/") + f"schemas/{schema}"


@dataclass
class FileCheck:
    rel: str
    kind: Kind | None
    document: yamlio.Document | None = None
    valid: bool = False
    """True when the schema accepted the data, so rules may trust its shape."""
    findings: list[Finding] = field(default_factory=list)
    ident: tuple[str, int, int] | None = None
    """The kind's id value and its line and column, kept after `release`."""
    dropped: int = 0
    """Findings past `MAX_FINDINGS`, counted in one `check.more_findings` instead."""

    def add(self, line: int, column: int, code: str,
            severity: Severity = Severity.ERROR, **params: object) -> None:
        if self.dropped or len(self.findings) >= MAX_FINDINGS:
            self.dropped += 1
            more = Finding(self.rel, 1, 1, "check.more_findings",
                           {"count": self.dropped, "limit": MAX_FINDINGS}, Severity.WARNING)
            if self.dropped == 1:
                self.findings.append(more)
            else:
                self.findings[-1] = more
            return
        self.findings.append(Finding(self.rel, line, column, code, dict(params), severity))

    def run_rules(self, ctx: Context) -> None:
        if not self.valid or self.kind is None or self.document is None:
            return
        for rule in self.kind.rules:
            try:
                self.findings.extend(rule(ctx, self.document))
            except PeliharaError as exc:
                self.add(exc.line or 1, exc.column or 1, exc.code, **exc.params)
            except Exception as exc:  # one odd file must not hide the findings of the rest
                self.add(1, 1, "check.rule_failed", rule=getattr(rule, "__name__", "rule"),
                         error=f"{type(exc).__name__}: {exc}")

    def release(self) -> None:
        """Keep the id and the plain data, drop the node tree and text: 10,000 node trees
        kept alive would cost memory and make every garbage collection walk them. Finding
        providers still get the data (positions then fall back to 1:1)."""
        doc, field_name = self.document, self.kind.id_field if self.kind else None
        if doc is None:
            return
        if self.valid and field_name and isinstance(doc.data, dict):
            value = doc.data.get(field_name)
            if value is not None:
                self.ident = (str(value), *doc.position([field_name]))
        self.document = yamlio.Document(doc.path, doc.data, None, "")


def check_file(root: Path, rel: str, kind: Kind | None, schemas: SchemaSet,
               ctx: Context | None = None, folders: nofollow.Folders | None = None
               ) -> FileCheck:
    """Check one file. Rules run only when `ctx` is given (dependencies run theirs later).
    `folders`: the run's open folders of `root` (`nofollow.Folders`)."""
    check = inspect_file(root, rel, kind, schemas, folders)
    if ctx is not None:
        check.run_rules(ctx)
        check.release()
    return check


def inspect_file(root: Path, rel: str, kind: Kind | None, schemas: SchemaSet,
                 folders: nofollow.Folders | None = None) -> FileCheck:
    """Read, parse, modeline and schema: what must hold before a record can be used."""
    try:
        if folders is not None and not rel.startswith("/"):
            raw = yamlio.read_in(folders, rel)
        else:
            raw = yamlio.read_record(Path(rel) if rel.startswith("/") else root / rel, root)
    except yamlio.YamlProblem as problem:  # a symlink, folder, FIFO, device, too large
        check = FileCheck(rel, kind)
        check.add(problem.line, problem.column, problem.code, **problem.params)
        return check
    except OSError as exc:
        check = FileCheck(rel, kind)
        check.add(1, 1, "file.unreadable", error=exc.strerror or str(exc))
        return check
    return inspect_bytes(rel, raw, kind, schemas)


def would_accept(repo: Repository, rel: str, text: str, now: datetime) -> list[Finding]:
    """Every finding `pelihara check` would give the file `rel` if it held `text`: YAML,
    schema (unknown fields at their own key), the kind's rules with the run's standard,
    calendar and registries. The write commands call this before anything is written."""
    check = inspect_bytes(rel, text.encode("utf-8"), kind_for(rel), repo.schemas)
    check.run_rules(Context(repo.standard, repo.registries, now, repo.calendar))
    return check.findings


def refuse_errors(findings: list[Finding]) -> None:
    """Raise the first error (with its position) so nothing is written."""
    for finding in findings:
        if finding.severity is Severity.ERROR:
            raise PeliharaError(finding.code, finding.params, finding.file, finding.line,
                                finding.column)


def inspect_bytes(rel: str, raw: bytes, kind: Kind | None, schemas: SchemaSet) -> FileCheck:
    check = FileCheck(rel, kind)
    try:
        doc = yamlio.parse(yamlio.decode(raw), rel)
    except yamlio.YamlProblem as problem:
        check.add(problem.line, problem.column, problem.code, **problem.params)
        return check
    check.document = doc
    if doc.data is None:
        check.add(1, 1, "yaml.empty")
        return check
    if kind is None:
        check.add(1, 1, "file.unknown_kind", Severity.WARNING)
        return check
    _modeline(check, doc.text, kind)
    if kind.schema not in schemas:
        check.add(1, 1, "check.schema_missing", schema=kind.schema)
        return check
    for error in schemas.validate(kind.schema, doc.data):
        if error.key is not None:
            line, column = doc.key_position(list(error.path), error.key)
        else:
            line, column = doc.position(list(error.path))
        check.add(line, column, error.code, **error.params)
    check.valid = not check.findings or all(
        f.severity is Severity.WARNING for f in check.findings)
    flag_control_characters(check, doc)  # after `valid`: the rules can still trust the shape
    return check


def flag_control_characters(check: FileCheck, doc: yamlio.Document) -> None:
    """A control character in a key or value is a finding at that value. Only a YAML escape
    (`"\\e"`, `"\\x1b"`) can put most of them there, and one can rewrite a line of the CI log
    or reverse how a text reads (U+202E). Tabs and line breaks are ordinary text."""
    if "\\" not in doc.text and first_control(doc.text, keep="\t\n\r") is None:
        return  # the common case: no escapes and no raw control characters, nothing to walk
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            found = first_control(value, keep="\t\n")
            if found is not None:
                check.add(*doc.position(list(path)), "text.control_char", char=visible(found))
        elif isinstance(value, dict):
            for key, item in value.items():
                found = first_control(key, keep="")
                if found is not None:
                    check.add(*doc.key_position(list(path), key), "text.control_char",
                              char=visible(found))
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))


def _modeline(check: FileCheck, text: str, kind: Kind) -> None:
    first = text.split("\n", 1)[0].rstrip("\r")
    expected = expected_modeline(check.rel, kind.schema)
    if not first.startswith(MODELINE):
        check.add(1, 1, "check.modeline_missing", Severity.WARNING, expected=expected)
    elif first[len(MODELINE):].strip() != expected:
        check.add(1, len(MODELINE) + 1, "check.modeline_wrong", Severity.WARNING,
                  found=first[len(MODELINE):].strip(), expected=expected)
