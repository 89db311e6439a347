"""The kinds of record file a repository holds, as data: where they live, which schema
validates them, which rules run after the schema. A new kind of record is one more line in
`KINDS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pelihara.core.rules.approval_rules import case_approval_rule, plan_approval_rule
from pelihara.core.rules.cases import case_rules
from pelihara.core.rules.context import Rule
from pelihara.core.rules.operations import (
    complaint_rules,
    monitoring_rules,
    plan_rules,
    survey_rules,
)
from pelihara.core.rules.refs import case_refs, registry_rules
from pelihara.records import nofollow


@dataclass(frozen=True)
class Kind:
    name: str
    patterns: tuple[str, ...]
    """Repo-relative paths with `*` wildcards; a `*` never crosses a `/`."""
    schema: str
    """File name in schemas/."""
    rules: tuple[Rule, ...] = ()
    """Run only when the schema accepted the file, so they can trust the data's shape."""
    id_field: str | None = None
    """A top-level field whose value must be unique across files of this kind (and name
    the file: `<id>.yaml`)."""

    def files(self, root: Path) -> list[Path]:
        """The files of this kind under `root`, sorted: what every command reads. Every entry
        named like one counts, whatever it is (a folder, a FIFO, a symlink: reading it then
        says what it is), and so does a symlink where one of their folders should be; no
        symlink is entered (`nofollow.list_entries`)."""
        if len(self.patterns) == 1:  # already sorted, and nothing to merge
            return nofollow.list_entries(root, self.patterns[0])
        return sorted({p for pattern in self.patterns
                       for p in nofollow.list_entries(root, pattern)})

    def matches(self, rel: str) -> bool:
        return _compiled(self.patterns).fullmatch(rel) is not None


KINDS: tuple[Kind, ...] = (
    Kind("standard", ("standard.yaml",), "standard.schema.json"),
    Kind("units", ("registry/units.yaml",), "units.schema.json", (registry_rules("units"),)),
    Kind("applications", ("registry/applications.yaml",), "applications.schema.json",
         (registry_rules("applications"),)),
    Kind("vendors", ("registry/vendors.yaml",), "vendors.schema.json",
         (registry_rules("vendors"),)),
    Kind("staff", ("registry/staff.yaml",), "staff.schema.json", (registry_rules("staff"),)),
    Kind("case", ("cases/*/*/*.yaml",), "case.schema.json",
         (case_rules, case_refs, case_approval_rule), "id"),
    Kind("plan", ("plans/*.yaml",), "plan.schema.json", (plan_rules, plan_approval_rule)),
    Kind("monitoring", ("monitoring/*/*/*.yaml",), "monitoring.schema.json",
         (monitoring_rules,), "id"),
    Kind("complaint", ("complaints/*/*.yaml",), "complaint.schema.json", (complaint_rules,),
         "id"),
    Kind("survey", ("surveys/*/*.yaml",), "survey.schema.json", (survey_rules,), "case"),
    # Written by `pelihara notify` only; the schema is the whole check.
    Kind("notification", ("notifications/*/*/*.yaml",), "notification.schema.json", (), "id"),
)


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """The patterns as one expression, `*` standing for any text without a `/`: every file
    of a run is matched against the kinds in turn."""
    return re.compile("|".join(re.escape(p).replace(r"\*", "[^/]*") for p in patterns))


def kind_for(rel: str) -> Kind | None:
    return next((k for k in KINDS if k.matches(rel)), None)


def kind_named(name: str) -> Kind:
    return next(k for k in KINDS if k.name == name)


def patterns() -> list[str]:
    """Every pattern, to find all record files when no path is given."""
    return [p for k in KINDS for p in k.patterns]
