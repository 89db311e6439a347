"""Repository-wide operations rules for `pelihara check` (an edge: reads record files).

- C.1.a (while standard.yaml names `plan_exists`): every year with open cases has a plan
  (plans/<year>.yaml) approved by Kepala Biro;
- a survey is for an existing case, from its reporting unit, once the case is closed;
- a complaint's linked case exists.
Plugged in as a finding provider (`check.runner.Provider`) from `cli/check.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelihara.check.runner import RunInfo
from pelihara.core import plans
from pelihara.core.findings import Finding
from pelihara.core.model import Case
from pelihara.core.workflow import replay
from pelihara.records import yamlio
from pelihara.records.repo import case_rel


def _load(root: Path, rel: str, info: RunInfo) -> yamlio.Document | None:
    """The run's parse of `rel` when it has one, else the file read now."""
    return info.documents.get(rel) or yamlio.load_or_none(root, rel)


def _position(info: RunInfo, doc: yamlio.Document, path: list[str | int]) -> tuple[int, int]:
    """The run keeps data without node trees; re-read the one file that has a finding."""
    if doc.node is None:
        fresh = yamlio.load_or_none(info.root, doc.path)
        if fresh is not None:
            return fresh.position(path)
    return doc.position(path)


class _CaseStates:
    """Cases by ID with their current state, read on demand: a run over a few named files
    must not parse every case in the repository."""

    def __init__(self, info: RunInfo) -> None:
        self.info = info
        self.cache: dict[str, tuple[str, str, Case] | None] = {}

    def get(self, case_id: str) -> tuple[str, str, Case] | None:
        if case_id not in self.cache:
            self.cache[case_id] = self._read(case_id)
        return self.cache[case_id]

    def _read(self, case_id: str) -> tuple[str, str, Case] | None:
        try:
            rel = case_rel(case_id)
        except IndexError:
            return None
        if rel in self.info.replays:  # the case rules replayed it in this run
            known, replayed = self.info.replays[rel]
            return rel, replayed.state or "", known
        if not (self.info.root / rel).is_file() or self.info.standard is None:
            return None
        doc = _load(self.info.root, rel, self.info)
        if doc is None:
            return None
        try:
            case = Case.from_data(doc.data, rel)
            state = replay(self.info.standard, case).state
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None
        return rel, state or "", case


def _in_run(info: RunInfo, prefix: str) -> list[str]:
    return sorted(rel for rel in info.files if rel.startswith(prefix) and rel.endswith(".yaml"))


def operations_provider(info: RunInfo) -> list[Finding]:
    if info.standard is None:
        return []
    states = _CaseStates(info)
    found: list[Finding] = []
    found.extend(_plan_findings(info, states))
    found.extend(_survey_findings(info, states))
    found.extend(_complaint_findings(info, states))
    return found


def _plan_findings(info: RunInfo, states: _CaseStates) -> list[Finding]:
    requirement = info.standard.requirement("plan_exists") if info.standard else None
    if requirement is None:
        return []  # no entry of standard.yaml's requirements names the check
    final = {s for s, v in info.standard.states.items() if v.final} if info.standard else set()
    open_by_year: dict[int, list[str]] = {}
    for case_file in _in_run(info, "cases/"):
        entry = states.get(case_file.rsplit("/", 1)[-1].removesuffix(".yaml"))
        if entry is None:
            continue
        rel, state, case = entry
        if state not in final:
            open_by_year.setdefault(case.opened_at.year, []).append(rel)
    found = []
    for year, files in sorted(open_by_year.items()):
        rel = f"plans/{year}.yaml"
        doc = _load(info.root, rel, info) if (info.root / rel).is_file() else None
        data: Any = doc.data if doc is not None else None
        if isinstance(data, dict) and plans.approved(data):
            continue
        where, (line, column) = (rel, _position(info, doc, ["approval"])) if doc is not None \
            else (sorted(files)[0], (1, 1))
        found.append(Finding(where, line, column, "plan.missing",
                             {"count": len(files), "year": year, "requirement": requirement}))
    return found


def _survey_findings(info: RunInfo, states: _CaseStates) -> list[Finding]:
    found = []
    for rel in _in_run(info, "surveys/"):
        doc = _load(info.root, rel, info)
        data: Any = doc.data if doc is not None else None
        if doc is None or not isinstance(data, dict) or "case" not in data:
            continue
        entry = states.get(str(data["case"]))
        line, column = _position(info, doc, ["case"])
        if entry is None:
            found.append(Finding(rel, line, column, "survey.case_unknown", {"case": data["case"]}))
        elif entry[1] != "restored":
            found.append(Finding(rel, line, column, "survey.case_not_closed",
                                 {"case": data["case"], "state": entry[1]}))
        elif data.get("unit") != entry[2].unit:
            line, column = _position(info, doc, ["unit"])
            found.append(Finding(rel, line, column, "survey.unit_mismatch",
                                 {"unit": data.get("unit"), "case_unit": entry[2].unit}))
    return found


def _complaint_findings(info: RunInfo, states: _CaseStates) -> list[Finding]:
    found = []
    for rel in _in_run(info, "complaints/"):
        doc = _load(info.root, rel, info)
        data: Any = doc.data if doc is not None else None
        if doc is None or not isinstance(data, dict) or not isinstance(data.get("case"), str):
            continue
        if states.get(data["case"]) is None:
            line, column = _position(info, doc, ["case"])
            found.append(Finding(rel, line, column, "complaint.unknown_case",
                                 {"case": data["case"]}))
    return found
