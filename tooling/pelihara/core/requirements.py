"""The checks a requirement of section C may name in standard.yaml (`requirements[].check`).

Pure core, data only. Each requirement of the standard names the check that judges it, and the
rules run a check only while some requirement names it (`Standard.requirement`): removing an
entry from standard.yaml removes its check. A name no code knows is refused when the standard
is loaded (`standard.unknown_check`), so a typo cannot switch a check off silently.
"""

from __future__ import annotations

CHECKS: dict[str, str] = {
    "plan_exists": "an approved plans/<year>.yaml for every year with open cases",
    "memo_exists": "a case opened from a memo records the memo",
    "competence": "whoever does or is assigned to a graded step holds that grade",
    "readiness.documentation": "the application's documentation is available",
    "readiness.source_code": "the application's source code is available",
    "readiness.backup": "the application's backup is available",
    "memo_to_head": "the memo is addressed to the Kepala Biro (or the acting head that day)",
    "none": "judged by people, not by a check",
}
"""Every check name the code implements, and what it asks (for maintainers)."""

READINESS = ("documentation", "source_code", "backup")
"""The readiness items of an application (registry/applications.yaml), in C.1.e–g order."""
