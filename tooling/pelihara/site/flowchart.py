"""The standard's flowchart as SVG, drawn from standard.yaml at build time.

Layout follows the paths: the entry steps side by side, then the steps every path shares, then
one column per path for the steps only that path has, then the shared tail. A case's own path is
highlighted by passing the states of its steps (done, open, late).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from pelihara.core.standard import Standard

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 250, 58, 40, 34, 16


@dataclass(frozen=True)
class Node:
    step_id: str
    x: int
    y: int


def _split(standard: Standard) -> tuple[list[str], list[str], dict[str, list[str]], list[str]]:
    paths = list(standard.paths.values())
    entry: list[str] = []
    for path in paths:
        entry.extend(s for s in path.entry if s not in entry)
    lists = [list(p.steps) for p in paths]
    prefix: list[str] = []
    while all(len(steps) > len(prefix) for steps in lists) and len(
            {steps[len(prefix)] for steps in lists}) == 1:
        prefix.append(lists[0][len(prefix)])
    suffix: list[str] = []
    while all(len(steps) > len(prefix) + len(suffix) for steps in lists) and len(
            {steps[-1 - len(suffix)] for steps in lists}) == 1:
        suffix.insert(0, lists[0][-1 - len(suffix)])
    middle = {p.id: list(p.steps)[len(prefix):len(p.steps) - len(suffix)] for p in paths}
    return entry, prefix, middle, suffix


def _lines(text: str, width: int = 34) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], (lines[1] + " " + " ".join(lines[2:]))[: width - 1] + "…"]
    return lines


def _edges(standard: Standard, entry: list[str], prefix: list[str],
           middle: dict[str, list[str]], suffix: list[str]) -> list[tuple[str, str, str]]:
    """(from step, to step, label): entries into the shared prefix, each path's branch
    (labelled at its first arrow), then the shared suffix."""
    edges: list[tuple[str, str, str]] = []
    first = prefix[0] if prefix else None
    edges += [(e, first, "") for e in entry if first]
    edges += [(a, b, "") for a, b in itertools.pairwise(prefix)]
    for path_id, steps in middle.items():
        chain = ([prefix[-1]] if prefix else []) + steps + ([suffix[0]] if suffix else [])
        label = standard.paths[path_id].label
        edges += [(a, b, label if i == 0 else "")
                  for i, (a, b) in enumerate(itertools.pairwise(chain))]
    edges += [(a, b, "") for a, b in itertools.pairwise(suffix)]
    return edges


def flowchart(standard: Standard, marks: dict[str, str] | None = None, title: str = "") -> str:
    """SVG markup. `marks` maps step id → "done", "late", "open" or "skipped"; steps absent
    from `marks` are drawn plain (dimmed when any mark is given)."""
    marks = marks or {}
    entry, prefix, middle, suffix = _split(standard)
    columns = max(len(entry), len(middle), 1)
    width = PAD * 2 + columns * BOX_W + (columns - 1) * GAP_X
    nodes: dict[str, Node] = {}
    y = PAD

    def row(step_ids: list[str], count: int) -> None:
        span = count * BOX_W + (count - 1) * GAP_X
        x0 = (width - span) // 2
        for i, step_id in enumerate(step_ids):
            nodes[step_id] = Node(step_id, x0 + i * (BOX_W + GAP_X), y)

    row(entry, len(entry))
    y += BOX_H + GAP_Y
    for step_id in prefix:
        row([step_id], 1)
        y += BOX_H + GAP_Y
    branch_rows = max((len(v) for v in middle.values()), default=0)
    span = len(middle) * BOX_W + (len(middle) - 1) * GAP_X
    x0 = (width - span) // 2
    for column, steps in enumerate(middle.values()):
        for r, step_id in enumerate(steps):
            nodes[step_id] = Node(step_id, x0 + column * (BOX_W + GAP_X),
                                  y + r * (BOX_H + GAP_Y))
    y += branch_rows * (BOX_H + GAP_Y)
    for step_id in suffix:
        row([step_id], 1)
        y += BOX_H + GAP_Y
    height = y - GAP_Y + PAD

    edges = _edges(standard, entry, prefix, middle, suffix)
    escalation = _escalation_edge(standard, middle)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="pelihara-flow" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           f"<title>{escape(title or standard.title)}</title>",
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
           'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" '
           'class="flow-arrowhead"/></marker></defs>']
    for a, b, label in edges:
        out.append(_edge(nodes[a], nodes[b], label, _edge_class(marks, a, b)))
    if escalation:
        a, b = escalation
        out.append(_edge(nodes[a], nodes[b], "eskalasi", "flow-edge flow-escalation",
                     sideways=True))
    for node in nodes.values():
        out.append(_box(standard, node, marks.get(node.step_id, "dim" if marks else "")))
    out.append("</svg>")
    return "".join(out)


def _escalation_edge(standard: Standard, middle: dict[str, list[str]]) -> tuple[str, str] | None:
    if "escalation" not in standard.extensions or len(middle) < 2:
        return None
    ringan, berat = middle.get("ringan") or [], middle.get("berat") or []
    return (ringan[0], berat[0]) if ringan and berat else None


def _edge_class(marks: dict[str, str], a: str, b: str) -> str:
    on_path = marks.get(a) in ("done", "late") and marks.get(b) in ("done", "late", "open")
    return "flow-edge flow-edge-on" if on_path else "flow-edge"


def _edge(a: Node, b: Node, label: str, css: str, sideways: bool = False) -> str:
    if sideways:
        x1, y1 = (a.x + BOX_W, a.y + BOX_H // 2) if a.x < b.x else (a.x, a.y + BOX_H // 2)
        x2, y2 = (b.x, b.y + BOX_H // 2) if a.x < b.x else (b.x + BOX_W, b.y + BOX_H // 2)
        path = f"M{x1},{y1}L{x2},{y2}"
        lx, ly = (x1 + x2) // 2, (y1 + y2) // 2 - 6
    else:
        x1, y1 = a.x + BOX_W // 2, a.y + BOX_H
        x2, y2 = b.x + BOX_W // 2, b.y
        mid = (y1 + y2) // 2
        path = f"M{x1},{y1}L{x1},{mid}L{x2},{mid}L{x2},{y2}" if x1 != x2 else \
            f"M{x1},{y1}L{x2},{y2}"
        lx, ly = x2 + 6, mid + 14
    text = (f'<text x="{lx}" y="{ly}" class="flow-edge-label" text-anchor="'
            f'{"middle" if sideways else "start"}">{escape(label)}</text>') if label else ""
    return f'<path d="{path}" class="{css}" marker-end="url(#arrow)"/>{text}'


def _box(standard: Standard, node: Node, mark: str) -> str:
    step = standard.steps[node.step_id]
    css = f"flow-step flow-{mark}" if mark else "flow-step"
    lines = _lines(step.label)
    texts = "".join(
        f'<text x="{node.x + 10}" y="{node.y + 36 + i * 14}" class="flow-label">'
        f"{escape(line)}</text>" for i, line in enumerate(lines))
    return (f'<g class="{css}" data-step="{escape(step.id)}">'
            f'<rect x="{node.x}" y="{node.y}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text x="{node.x + 10}" y="{node.y + 19}" class="flow-id">{escape(step.id)}'
            f' · {escape(step.limit_text)}</text>{texts}</g>')
