"""What needs action now: running steps past their limit, steps due today, cases on hold.

Pure core: the caller passes the cases' SLA results and `now` (aware). The verdicts are
`pelihara.core.sla.verdict`'s; this module only picks and orders. `pelihara sla` (without
arguments) and the site's dashboard show these same three lists.

- late now: the running step's verdict is late_now (a case on hold past its deadline too:
  the hold stops the clock, it does not make the step on time again), oldest deadline first;
- due today: the running step is within its limit and its deadline falls on `now`'s WIB day,
  earliest first; a case on hold has no deadline while its clock is stopped;
- on hold: an open hold stops the clock, earliest hold first, with who approved it and since
  when (`hold`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pelihara.core.sla import CaseSla, HoldSla, StepSla
from pelihara.core.timeparse import to_wib
from pelihara.core.vocabulary import Verdict


@dataclass(frozen=True)
class Item:
    case: CaseSla
    step: StepSla
    hold: HoldSla | None
    """The open hold when the case is on hold."""


@dataclass(frozen=True)
class Attention:
    late_now: tuple[Item, ...]
    due_today: tuple[Item, ...]
    on_hold: tuple[Item, ...]
    open_cases: int
    """Every case not closed or cancelled, in or out of these lists."""


def needs_action(results: list[CaseSla], now: datetime) -> Attention:
    today = to_wib(now).date()
    late, due, held = [], [], []
    open_cases = 0
    for result in results:
        step = result.open_step
        if step is None:
            continue
        open_cases += 1
        hold = next((h for h in reversed(result.holds) if h.end is None), None)
        item = Item(result, step, hold if result.on_hold else None)
        if step.verdict is Verdict.LATE_NOW:
            late.append(item)
        elif step.deadline is not None and to_wib(step.deadline).date() == today:
            due.append(item)
        if item.hold is not None:
            held.append(item)
    return Attention(
        late_now=tuple(sorted(late, key=lambda i: (i.step.deadline or now, i.case.case_id))),
        due_today=tuple(sorted(due, key=lambda i: (i.step.deadline or now, i.case.case_id))),
        on_hold=tuple(sorted(held, key=lambda i: (i.hold.start if i.hold else now,
                                                   i.case.case_id))),
        open_cases=open_cases)
