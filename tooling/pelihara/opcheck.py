"""Repository-wide operations rules for `pelihara check` (an edge: reads record files).

- C.1.a: every year with open cases has a plan (plans/<year>.yaml) approved by Kepala Biro;
- a survey is for an existing case, from its reporting unit, once the case is closed;
- a complaint's linked case exists.
Plugged in as a finding provider (`check.runner.Provider`) from `cli/check.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelihara import plans, yamlio
from pelihara.check.runner import RunInfo
from pelihara.findings import Finding
from pelihara.model import Case
from pelihara.workflow import replay


def _load(root: Path, rel: str, info: RunInfo) -> yamlio.Document | None:
    parsed = getattr(info, "documents", None) or {}  # reuse the run's parse when offered
    if rel in parsed:
        return parsed[rel]
    try:
        return yamlio.load_file(root / rel, rel)
    except (yamlio.YamlProblem, OSError):
        return None  # the file's own check reports it


def operations_provider(info: RunInfo) -> list[Finding]:
    if info.standard is None:
        return []
    root = info.root
    states: dict[str, tuple[str, str, Case]] = {}
    for path in sorted(root.glob("cases/*/*/*.yaml")):
        rel = path.relative_to(root).as_posix()
        doc = _load(root, rel, info)
        try:
            case = Case.from_data(doc.data, rel) if doc is not None else None
            state = replay(info.standard, case).state if case is not None else None
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if case is not None:
            states[case.id] = (rel, state or "", case)
    found: list[Finding] = []
    found.extend(_plan_findings(info, states))
    found.extend(_survey_findings(info, states))
    found.extend(_complaint_findings(info, states))
    return found


def _plan_findings(info: RunInfo, states: dict[str, tuple[str, str, Case]]) -> list[Finding]:
    final = {s for s, v in info.standard.states.items() if v.final} if info.standard else set()
    open_by_year: dict[int, list[str]] = {}
    for rel, state, case in states.values():
        if state not in final:
            open_by_year.setdefault(case.opened_at.year, []).append(rel)
    found = []
    for year, files in sorted(open_by_year.items()):
        rel = f"plans/{year}.yaml"
        doc = _load(info.root, rel, info) if (info.root / rel).is_file() else None
        data: Any = doc.data if doc is not None else None
        if isinstance(data, dict) and plans.approved(data):
            continue
        where, (line, column) = (rel, doc.position(["approval"])) if doc is not None \
            else (sorted(files)[0], (1, 1))
        found.append(Finding(where, line, column, "plan.missing",
                             {"count": len(files), "year": year}))
    return found


def _survey_findings(info: RunInfo, states: dict[str, tuple[str, str, Case]]) -> list[Finding]:
    found = []
    for path in sorted(info.root.glob("surveys/*/*.yaml")):
        rel = path.relative_to(info.root).as_posix()
        doc = _load(info.root, rel, info)
        data: Any = doc.data if doc is not None else None
        if doc is None or not isinstance(data, dict) or "case" not in data:
            continue
        entry = states.get(str(data["case"]))
        line, column = doc.position(["case"])
        if entry is None:
            found.append(Finding(rel, line, column, "survey.case_unknown", {"case": data["case"]}))
        elif entry[1] != "restored":
            found.append(Finding(rel, line, column, "survey.case_not_closed",
                                 {"case": data["case"], "state": entry[1]}))
        elif data.get("unit") != entry[2].unit:
            line, column = doc.position(["unit"])
            found.append(Finding(rel, line, column, "survey.unit_mismatch",
                                 {"unit": data.get("unit"), "case_unit": entry[2].unit}))
    return found


def _complaint_findings(info: RunInfo, states: dict[str, tuple[str, str, Case]]) -> list[Finding]:
    found = []
    for path in sorted(info.root.glob("complaints/*/*.yaml")):
        rel = path.relative_to(info.root).as_posix()
        doc = _load(info.root, rel, info)
        data: Any = doc.data if doc is not None else None
        if doc is None or not isinstance(data, dict) or not isinstance(data.get("case"), str):
            continue
        if data["case"] not in states:
            line, column = doc.position(["case"])
            found.append(Finding(rel, line, column, "complaint.unknown_case",
                                 {"case": data["case"]}))
    return found
