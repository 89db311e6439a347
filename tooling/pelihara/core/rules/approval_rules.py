"""Who may approve (pure core): the roles of every approval a record states, without git.

A disposisi, hold, resume, plan approval or complaint routing needs the Kepala Biro or an
acting head registered for that date; nobody approves what they asked for; no bot approves;
a late recording names a registered approver. Whether git proves each approval is the
merge-request and main-line checks' job (`pelihara.check.provenance`).
"""

from __future__ import annotations

from typing import Any

from pelihara.core import approvals
from pelihara.core.findings import Finding
from pelihara.core.positions import Positioned
from pelihara.core.rules.context import Context, finding_at

_REPORTED_BY_REFS = "approval.unknown"
"""An unknown id is already a `ref.unknown_staff` finding of the reference rules."""


def _findings(ctx: Context, doc: Positioned, stated: list[approvals.Approval]) -> list[Finding]:
    return [finding_at(doc, list(p.path), p.code, **p.params)
            for a in stated for p in approvals.judge_roles(a, ctx.people)
            if p.code != _REPORTED_BY_REFS]


def case_approval_rule(ctx: Context, doc: Positioned) -> list[Finding]:
    return _findings(ctx, doc, approvals.case_approvals(doc.data["events"]))


def plan_approval_rule(ctx: Context, doc: Positioned) -> list[Finding]:
    data: Any = doc.data
    approval = approvals.plan_approval(data)
    return _findings(ctx, doc, [approval] if approval else [])
