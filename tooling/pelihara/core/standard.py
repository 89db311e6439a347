"""The standard as data: load `standard.yaml` and check it the way a state machine library
checks a machine (unknown states, unreachable states, dead ends, malformed limits).

Pure core: it receives an already-parsed record (`Positioned`: data with positions) and returns
a `Standard`, or raises `StandardInvalid` with every finding at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from pelihara.core.durations import parse_duration
from pelihara.core.errors import PeliharaError
from pelihara.core.findings import Finding
from pelihara.core.positions import Positioned
from pelihara.core.requirements import CHECKS
from pelihara.core.timeparse import TimeTextError, parse_date, to_wib


class StandardInvalid(PeliharaError):
    """standard.yaml cannot be used; `findings` says every reason, each with its position."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("check.standard_unusable", {}, "standard.yaml", findings=findings)


@dataclass(frozen=True)
class Step:
    """One procedure step B.x. `limit_minutes` is in working minutes."""

    id: str
    label: str
    label_en: str
    actor: str
    limit_text: str
    limit_minutes: int
    text: str
    from_state: str | None = None
    to_state: str | None = None
    severity: str | None = None
    evidence: tuple[str, ...] = ()
    tests: dict[str, str] = field(default_factory=dict)
    discrepancy: str | None = None
    grade: str | None = None
    """The lowest grade (`Standard.grades`) of whoever does the step or is assigned to it."""
    timing: str | None = None
    """How Pelihara measures the step where the standard's text leaves it open."""
    applies_to: str = "case"
    urgent: bool = False
    """A breach of this step is told at once, even outside working hours (`notices:`)."""


@dataclass(frozen=True)
class State:
    id: str
    label: str
    label_en: str
    final: bool = False


@dataclass(frozen=True)
class Grade:
    """A jenjang (C.1.c). Grades of an equal or higher `level` meet a step's grade."""

    id: str
    label: str
    level: int


@dataclass(frozen=True)
class Path:
    id: str
    label: str
    entry: tuple[str, ...]
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Standard:
    version: str
    title: str
    organisation: str
    states: dict[str, State]
    steps: dict[str, Step]
    paths: dict[str, Path]
    actors: dict[str, dict[str, str]]
    requirements: list[dict[str, Any]]
    extensions: dict[str, Any]
    schedule: dict[str, Any]
    units: dict[str, int]
    recording_tolerance: int
    versions: dict[str, dict[str, int]]
    version_notes: dict[str, dict[str, str]]
    raw: dict[str, Any]
    effective: tuple[tuple[date, str], ...] = ()
    """(effective_from, version), earliest first: which version is in force when."""
    version_evidence: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    """Per version: the steps whose required evidence differed from the current version."""
    grades: dict[str, Grade] = field(default_factory=dict)

    @cached_property
    def _checks(self) -> dict[str, str]:
        """Check name → the first requirement naming it (rules ask for every case)."""
        found: dict[str, str] = {}
        for entry in self.requirements:
            found.setdefault(str(entry.get("check")), str(entry.get("id")))
        return found

    def requirement(self, check: str) -> str | None:
        """The id of the requirement (e.g. C.1.c) that names `check`; None when no entry of
        `requirements:` names it, and then the check does not run."""
        return self._checks.get(check)

    @cached_property
    def case_steps(self) -> list[Step]:
        return [s for s in self.steps.values() if s.applies_to == "case"]

    @cached_property
    def _leaving(self) -> dict[str, list[Step]]:
        """Case steps by the state they leave: the lookups below run for every event of
        every case, so they must not scan the step list each time."""
        index: dict[str, list[Step]] = {}
        for step in self.case_steps:
            if step.from_state:
                index.setdefault(step.from_state, []).append(step)
        return index

    @property
    def entry_states(self) -> tuple[str, ...]:
        """States a case can start in (the `from` of the entry steps B.2a/B.2b)."""
        entries: list[str] = []
        for path in self.paths.values():
            for step_id in path.entry:
                state = self.steps[step_id].from_state
                if state and state not in entries:
                    entries.append(state)
        return tuple(entries)

    def limit(self, step_id: str, version: str | None = None) -> int:
        """The limit of `step_id` in working minutes under standard `version` (default: current)."""
        if version and version != self.version:
            override = self.versions.get(version, {}).get(step_id)
            if override is not None:
                return override
        return self.steps[step_id].limit_minutes

    def evidence(self, step_id: str, version: str | None = None) -> tuple[str, ...]:
        """The evidence `step_id` requires under standard `version` (default: current)."""
        if version and version != self.version:
            override = self.version_evidence.get(version, {}).get(step_id)
            if override is not None:
                return override
        return self.steps[step_id].evidence

    def version_in_force(self, moment: datetime) -> str | None:
        """The version in force at `moment` (aware): the one with the latest `effective_from`
        on or before `moment`'s date in WIB. None before the earliest version took effect.

        A case is judged by the version in force at its first event, never by the version
        its file claims: a claim is checked against this (`case.version_mismatch`)."""
        day = to_wib(moment).date()
        index = bisect_right([start for start, _ in self.effective], day)
        return self.effective[index - 1][1] if index else None

    def step_between(self, from_state: str, to_state: str, severity: str | None) -> Step | None:
        """The step that moves a case from `from_state` to `to_state` for `severity`."""
        for step in self._leaving.get(from_state, ()):
            if step.to_state == to_state and (
                step.severity is None or severity is None or step.severity == severity
            ):
                return step
        return None

    def next_states(self, state: str, severity: str | None) -> list[str]:
        """Legal next states (not counting cancel and the side events)."""
        return [
            s.to_state
            for s in self._leaving.get(state, ())
            if s.to_state and (s.severity is None or severity is None or s.severity == severity)
        ]

    def open_step(self, state: str, severity: str | None) -> Step | None:
        """The step a case in `state` is in now: the one that leaves that state."""
        for step in self._leaving.get(state, ()):
            if step.severity is None or severity is None or step.severity == severity:
                return step
        return None

    def label(self, obj: Step | State, lang: str = "id") -> str:
        """A step's or state's label in `lang`: standard.yaml writes both (`label`,
        `label_en`), so this is the standard's own data, not the message catalogue."""
        return obj.label_en if lang == "en" and obj.label_en else obj.label

    def actor_label(self, actor: str, lang: str = "id") -> str:
        """An actor's label in `lang` (`actors:` in standard.yaml), or its id."""
        record = self.actors.get(actor, {})
        return str(record.get("label_en" if lang == "en" else "label", actor))


@dataclass
class _Reader:
    """Collects the problems of one standard.yaml, each at its position, and reads its
    durations in the file's own `units_of_time`."""

    doc: Positioned
    units: dict[str, int] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)

    def fail(self, path: list[str | int], code: str, **params: Any) -> None:
        line, column = self.doc.position(path)
        self.problems.append(Finding(self.doc.path, line, column, code, params))

    def minutes(self, text: Any, path: list[str | int]) -> int:
        try:
            return parse_duration(str(text), self.units)
        except ValueError:
            self.fail(path, "standard.bad_limit", limit=text)
            return 0

    def known_steps(self, names: Iterable[Any], steps: dict[str, Step],
                    where: list[str | int], indexed: bool = False) -> None:
        """Each of `names` is a step of the standard (a list's items by index, a mapping's
        keys by name)."""
        for index, name in enumerate(names):
            if name not in steps:
                self.fail([*where, index if indexed else name], "standard.unknown_step",
                          step=name, known=", ".join(steps))


def load_standard(doc: Positioned) -> Standard:
    """Build a `Standard` from a parsed standard.yaml, or raise `StandardInvalid`."""
    data = doc.data
    reader = _Reader(doc)
    if not isinstance(data, dict):
        reader.fail([], "standard.invalid", detail="isi berkas harus berupa mapping")
        raise StandardInvalid(reader.problems)
    for key in ("version", "states", "steps", "paths", "schedule", "units_of_time"):
        if key not in data:
            reader.fail([], "schema.required", field=key)
    if reader.problems:
        raise StandardInvalid(reader.problems)

    reader.units = {str(k): int(v) for k, v in data["units_of_time"].items()}
    states = {
        sid: State(sid, s.get("label", sid), s.get("label_en", sid), bool(s.get("final", False)))
        for sid, s in data["states"].items()
    }
    steps = _steps(data, states, reader)
    paths = _paths(data, steps, reader)
    versions = _versions(data, steps, reader)
    grades = _grades(data, reader)
    for index, raw in enumerate(data.get("requirements") or []):
        if raw.get("check") not in CHECKS:
            reader.fail(["requirements", index, "check"], "standard.unknown_check",
                        requirement=raw.get("id"), check=raw.get("check"),
                        known=", ".join(CHECKS))
    _check_reachability(states, list(steps.values()), paths, reader.fail)

    if reader.problems:
        raise StandardInvalid(reader.problems)
    return Standard(
        version=str(data["version"]),
        title=str(data.get("title", "")),
        organisation=str(data.get("organisation", "")),
        states=states,
        steps=steps,
        paths=paths,
        actors=dict(data.get("actors", {})),
        requirements=list(data.get("requirements", [])),
        extensions=dict(data.get("extensions", {})),
        schedule=dict(data["schedule"]),
        units=reader.units,
        recording_tolerance=reader.minutes(data.get("recording_tolerance", "1 hari"),
                                           ["recording_tolerance"]),
        versions=versions.limits,
        version_notes=versions.notes,
        raw=data,
        effective=tuple(sorted(versions.starts.items())),
        version_evidence=versions.evidence,
        grades=grades,
    )


def _steps(data: dict[str, Any], states: dict[str, State], reader: _Reader) -> dict[str, Step]:
    steps: dict[str, Step] = {}
    for index, raw in enumerate(data["steps"]):
        where: list[str | int] = ["steps", index]
        for key in ("from", "to"):
            if key in raw and raw[key] not in states:
                reader.fail([*where, key], "standard.unknown_state", state=raw[key])
        step = Step(
            id=raw["id"],
            label=raw["label"],
            label_en=raw.get("label_en", raw["label"]),
            actor=raw["actor"],
            limit_text=str(raw["limit"]),
            limit_minutes=reader.minutes(raw["limit"], [*where, "limit"]),
            text=raw.get("text", ""),
            from_state=raw.get("from"),
            to_state=raw.get("to"),
            severity=(raw.get("when") or {}).get("severity"),
            evidence=tuple(raw.get("evidence", ())),
            tests=dict(raw.get("tests", {})),
            discrepancy=raw.get("discrepancy"),
            grade=raw.get("grade"),
            timing=raw.get("timing"),
            applies_to=raw.get("applies_to", "case"),
            urgent=bool(raw.get("urgent", False)),
        )
        steps[step.id] = step
    return steps


def _paths(data: dict[str, Any], steps: dict[str, Step], reader: _Reader) -> dict[str, Path]:
    paths: dict[str, Path] = {}
    for pid, raw in data["paths"].items():
        for key in ("entry", "steps"):
            reader.known_steps(raw.get(key, []), steps, ["paths", pid, key], indexed=True)
        paths[pid] = Path(pid, raw.get("label", pid), tuple(raw["entry"]), tuple(raw["steps"]))
    return paths


@dataclass
class _Versions:
    limits: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    starts: dict[date, str] = field(default_factory=dict)
    evidence: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)


def _versions(data: dict[str, Any], steps: dict[str, Step], reader: _Reader) -> _Versions:
    found = _Versions()
    for index, raw in enumerate(data.get("versions", [])):
        version = str(raw["version"])
        where: list[str | int] = ["versions", index]
        try:
            start = parse_date(str(raw.get("effective_from", "")))
        except TimeTextError:
            reader.fail([*where, "effective_from"], "standard.bad_effective_from",
                        version=raw.get("version"), value=raw.get("effective_from"))
        else:
            if start in found.starts:
                reader.fail([*where, "effective_from"], "standard.same_effective_from",
                            version=raw.get("version"), other=found.starts[start],
                            date=start.isoformat())
            found.starts[start] = str(raw.get("version"))
        limits = found.limits[version] = {}
        for step_id, text in (raw.get("limits") or {}).items():
            reader.known_steps((step_id,), steps, [*where, "limits"])
            limits[step_id] = reader.minutes(text, [*where, "limits", step_id])
        evidence = raw.get("evidence") or {}
        reader.known_steps(evidence, steps, [*where, "evidence"])
        found.evidence[version] = {str(k): tuple(v) for k, v in evidence.items()}
        found.notes[version] = {
            "effective_from": str(raw.get("effective_from", "")),
            "note": str(raw.get("note", "")),
        }
    if str(data["version"]) not in found.limits:
        reader.fail(["version"], "standard.version_not_listed", version=data["version"])
    return found


def _grades(data: dict[str, Any], reader: _Reader) -> dict[str, Grade]:
    grades = {str(k): Grade(str(k), str(v.get("label", k)), int(v.get("level", 0)))
              for k, v in (data.get("grades") or {}).items()}
    for index, raw in enumerate(data["steps"]):
        if raw.get("grade") is not None and raw["grade"] not in grades:
            reader.fail(["steps", index, "grade"], "standard.unknown_grade", grade=raw["grade"],
                        known=", ".join(grades) or "-")
    return grades


def _check_reachability(
    states: dict[str, State],
    steps: Iterable[Step],
    paths: dict[str, Path],
    fail: Any,
) -> None:
    """Every state is reachable from an entry state and has a way to a final state."""
    edges: dict[str, set[str]] = {s: set() for s in states}
    by_id = {s.id: s for s in steps}
    for step in by_id.values():
        if step.from_state in edges and step.to_state in states:
            edges[step.from_state].add(step.to_state)
    # Cancellation leaves every non-final state (an extension of the standard).
    cancel = "cancelled" if "cancelled" in states else None
    entries = {
        by_id[sid].from_state for p in paths.values() for sid in p.entry if sid in by_id
    }
    seen = _reachable({e for e in entries if e}, edges)
    for state in states:
        if state not in seen and state != cancel:
            fail(["states", state], "standard.unreachable", state=state)
    reaches_final = _reaching({s for s, st in states.items() if st.final}, edges)
    for state in states:
        if state not in reaches_final:
            fail(["states", state], "standard.dead_end", state=state)


def _reachable(starts: set[str], edges: dict[str, set[str]]) -> set[str]:
    """The states reachable from `starts` along `edges` (the starts included)."""
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        state = todo.pop()
        if state not in seen:
            seen.add(state)
            todo.extend(edges.get(state, ()))
    return seen


def _reaching(targets: set[str], edges: dict[str, set[str]]) -> set[str]:
    """The states from which `edges` lead to one of `targets` (the targets included)."""
    found = set(targets)
    changed = True
    while changed:
        changed = False
        for state, nexts in edges.items():
            if state not in found and nexts & found:
                found.add(state)
                changed = True
    return found
