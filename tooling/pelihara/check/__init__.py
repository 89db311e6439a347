"""`pelihara check`: schema, workflow, evidence, references and repository rules.

- `kinds`   which files are which records (one line per kind);
- `schema`  compiled validator for the fast path, jsonschema for messages;
- `rules`, `refs`  pure rules over one schema-valid record;
- `runner`  the edge: reads files once, collects every finding, returns them.
"""

from pelihara.check.runner import CheckResult, Provider, RunInfo, run_check
from pelihara.records.kinds import KINDS, Kind

__all__ = ["KINDS", "CheckResult", "Kind", "Provider", "RunInfo", "run_check"]
