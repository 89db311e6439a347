"""What a write command says when its result would not pass: in its own options.

The write commands build a file and check it like `pelihara check` before anything is written.
A finding inside the part they built (the new event, or the whole of a new case) points at a
file that does not exist yet, so it is said in the command's words: the option to add or fix
(`--late-reason`, `--report-number`, `--by`), never a line of an unwritten file. Findings in the
part that already existed keep their `file:line:col`, since the person can open that file.

`OPTIONS` is the one table from event fields to options; the help of `advance` (which options
each step needs) is built from it too, and `tests/test_write_speech.py` checks it against the
schema and the standard's evidence, so the help cannot drift from what `check` asks.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pelihara.core.findings import Finding
from pelihara.i18n import and_list
from pelihara.i18n.messages import finding_lines, hint, render
from pelihara.records.yamlio import Document

JsonPath = tuple[str | int, ...]

OPTIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("at",): ("--at",),
    ("by",): ("--by",),
    ("note",): ("--note",),
    ("late_reason",): ("--late-reason",),
    ("documents",): ("--attach",),
    ("officers",): ("--officers",),
    ("severity",): ("--severity",),
    ("findings",): ("--findings",),
    ("components",): ("--components",),
    ("vendor",): ("--vendor",),
    ("letter",): ("--letter-number", "--letter-date"),
    ("letter", "number"): ("--letter-number",),
    ("letter", "date"): ("--letter-date",),
    ("tembusan",): ("--tembusan",),
    ("meeting",): ("--attendee", "--minutes"),
    ("meeting", "date"): ("--meeting-date",),
    ("meeting", "attendees"): ("--attendee",),
    ("meeting", "minutes"): ("--minutes",),
    ("cause",): ("--cause",),
    ("tests",): ("--test a=HASIL", "--test b=HASIL", "--test c=HASIL"),
    ("tests", "a"): ("--test a=HASIL",),
    ("tests", "b"): ("--test b=HASIL",),
    ("tests", "c"): ("--test c=HASIL",),
    ("report",): ("--report-number", "--summary"),
    ("report", "number"): ("--report-number",),
    ("report", "summary"): ("--summary",),
    ("report", "attachments"): ("--attachment",),
    ("confirmed_by",): ("--confirmed-by",),
    ("reason",): ("--reason",),
    ("approved_by",): ("--approved-by",),
    ("duplicate_of",): ("--duplicate-of",),
    ("memo",): ("--memo-number", "--memo-date", "--memo-sender", "--memo-to"),
    ("memo", "number"): ("--memo-number",),
    ("memo", "date"): ("--memo-date",),
    ("memo", "sender"): ("--memo-sender",),
    ("memo", "to"): ("--memo-to",),
    ("monitoring",): ("--monitoring",),
    ("monitoring", "finding"): ("--monitoring",),
    ("monitoring", "record"): ("--monitoring-record",),
    ("refers_to",): ("PERISTIWA",),
    ("changes",): ("--set",),
    ("title",): ("--title",),
    ("application",): ("--application",),
    ("unit",): ("--unit",),
    ("contact",): ("--contact",),
    ("description",): ("--description",),
}
"""Event and case fields (as JSON paths inside the part a command builds) → its options."""

REQUIRED = frozenset({"schema.required", "evidence.missing", "evidence.no_document",
                      "requirement.memo_missing", "requirement.memo_addressee_missing",
                      "schema.too_short"})
"""Findings that mean "this option is missing": said as `write.option_required`."""
REWORDED = {"sla.late_without_reason": "write.late_reason",
            "case.memo_after_sending": "write.memo_after_sending",
            "workflow.bad_correction": "write.bad_event_number"}
"""Findings whose own hint speaks of a YAML key: said with the option instead."""
SUBJECT = {"workflow.duplicate_without_ref": ("duplicate_of",),
           "sla.late_without_reason": ("late_reason",)}
"""Findings placed at one field (or at the event, where the field is missing) that the person
mends with the option of the field named here."""


@dataclass(frozen=True)
class Part:
    """A part of the file the command built: the JSON path where it starts, and options that
    differ from `OPTIONS` there (`new --received-at` writes the second event's `at`)."""

    prefix: JsonPath
    options: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    only: frozenset[str] | None = None
    """Just these fields of the part are the command's (a correction's changed fields, which
    the checks read at the corrected event); None: all of it."""


@dataclass(frozen=True)
class Said:
    """One problem said in the command's options (or, where no option writes the field, in
    the command's name)."""

    options: tuple[str, ...]
    command: str
    code: str
    params: dict[str, Any]

    def text(self, lang: str) -> str:
        params = {**self.params, "options": join(self.options, lang)}
        subject = params["options"] or f"pelihara {self.command}"
        return f"{subject}: {render(self.code, params, lang)}\n" \
               f"  → {hint(self.code, params, lang)}\n"


def options_for(relative: Sequence[str | int], part: Part) -> tuple[str, ...]:
    """The options that write the field at `relative` (inside `part`), or () for none."""
    keys = tuple(str(p) for p in relative if isinstance(p, str))
    while keys:
        found = part.options.get(keys) or OPTIONS.get(keys)
        if found:
            return found
        keys = keys[:-1]
    return ()


def join(options: Sequence[str], lang: str = "id") -> str:
    return and_list(tuple(options), lang)


def speak(findings: Sequence[Finding], doc: Document, parts: Sequence[Part], command: str,
          what: str) -> tuple[list[Finding], list[Said]]:
    """Split `findings` of the file `doc` (as the command would write it) into those in the
    part that already existed, kept as they are, and those in the `parts` it built, said in
    its options. `what` names the step or record the options are for ("langkah B.9")."""
    index = _positions(doc, parts)
    kept: list[Finding] = []
    said: list[Said] = []
    missing: list[str] = []  # every missing option, said once together
    for finding in findings:
        located = index.get((finding.line, finding.column)) if finding.file == doc.path else None
        if located is None:
            kept.append(finding)
            continue
        part, relative = located
        relative = SUBJECT.get(finding.code, relative)
        if finding.code in REQUIRED and isinstance(finding.params.get("field"), str):
            relative = (*relative, finding.params["field"])
        options = options_for(relative, part)
        if finding.code in REQUIRED and options:
            missing.extend(o for o in options if o not in missing)
        else:
            said.append(Said(options, command, REWORDED.get(finding.code, finding.code),
                             dict(finding.params)))
    if missing:
        said.insert(0, Said(tuple(missing), command, "write.option_required", {"what": what}))
    return kept, said


def _positions(doc: Document,
               parts: Sequence[Part]) -> dict[tuple[int, int], tuple[Part, JsonPath]]:
    """Where each value inside `parts` starts (line and column, as findings give them); the
    outermost value wins where two start at the same place."""
    index: dict[tuple[int, int], tuple[Part, JsonPath]] = {}
    for part in parts:
        data = _at(doc.data, part.prefix)
        if data is None:
            continue  # a part this run did not build (`new` without --received-at)
        for path in _paths(data, ()):
            if part.only is not None and (not path or path[0] not in part.only):
                continue
            full = (*part.prefix, *path)
            index.setdefault(doc.position(list(full)), (part, path))
    return index


def _at(data: Any, prefix: JsonPath) -> Any:
    for step in prefix:
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def _paths(data: Any, path: JsonPath) -> Iterator[JsonPath]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            if path == () and key == "events":
                continue  # a case's events are parts of their own
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for position, value in enumerate(data):
            yield from _paths(value, (*path, position))


def report(kept: Sequence[Finding], said: Sequence[Said], lang: str) -> None:
    """Print the existing file's faults with their positions, then the command's own."""
    for finding in kept:
        sys.stderr.write(finding_lines(finding, lang) + "\n")
    for item in said:
        sys.stderr.write(item.text(lang))
