"""SVG charts drawn in Python at build time: no script, no CDN, no web font.

Pure (returns text). Made to be read printed in black and white: each series has its own
pattern (solid, hatched, dotted, outline) and a legend, and every bar carries its number, so
nothing depends on colour. Output is deterministic: the same figures give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pelihara.documents.periodic import PeriodReport
from pelihara.documents.realisation import ActivityRow
from pelihara.i18n import tr

PATTERNS = ("solid", "hatch", "dots", "outline")
_DEFS = (
    '<defs>'
    '<pattern id="{p}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/></pattern>'
    '<pattern id="{p}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
    '<rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1.1" fill="#000"/>'
    '</pattern></defs>'
)
FONT = 'font-family="Liberation Sans, Arial, DejaVu Sans, sans-serif"'


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


def _fill(prefix: str, index: int) -> str:
    kind = PATTERNS[index % len(PATTERNS)]
    return {"solid": "#333", "hatch": f"url(#{prefix}-hatch)", "dots": f"url(#{prefix}-dots)",
            "outline": "#fff"}[kind]


def bar_chart(chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series],
              stacked: bool = False, unit: str = "") -> str:
    """Horizontal bars, one row per label; `stacked` piles the series, else groups them.
    `chart_id` prefixes the pattern ids so several charts can share one HTML page."""
    width, label_w = 640, 220
    # Room right of the longest bar for its figures ("22 / 1 / 2 / 11" when stacked), so no
    # text runs past the picture and off the page's margin (about 6.5 units a character).
    ends = [" / ".join(str(s.values[i]) for s in series) if stacked else
            max((f"{s.values[i]}{unit}" for s in series), key=len, default="")
            for i in range(len(labels))]
    right = max(50, 10 + round(6.5 * max((len(e) for e in ends), default=0)))
    bar_h = 14
    per_row = bar_h if stacked else bar_h * len(series)
    row_h = per_row + 10
    top, legend_h = 28, 22
    height = top + row_h * max(len(labels), 1) + legend_h + 8
    totals = [sum(s.values[i] for s in series) if stacked else max(
        (s.values[i] for s in series), default=0) for i in range(len(labels))]
    scale_max = max([*totals, 1])
    span = width - label_w - right
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
           f'{FONT} font-size="11">', _DEFS.format(p=escape(chart_id)),
           f'<title>{escape(title)}</title>',
           f'<text x="0" y="16" font-size="12" font-weight="bold">{escape(title)}</text>']
    for row, label in enumerate(labels):
        y = top + row * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + per_row / 2 + 4:.1f}" text-anchor="end">'
                   f'{escape(_short(label))}</text>')
        x = float(label_w)
        for index, item in enumerate(series):
            value = item.values[row]
            w = span * value / scale_max
            by = y if stacked else y + index * bar_h
            bx = x if stacked else label_w
            if value:
                out.append(f'<rect x="{bx:.1f}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" '
                           f'fill="{_fill(chart_id, index)}" stroke="#000" stroke-width="0.8"/>')
            if not stacked:
                out.append(f'<text x="{bx + w + 4:.1f}" y="{by + bar_h - 4}">{value}{unit}</text>')
            x += w
        if stacked:
            out.append(f'<text x="{x + 4:.1f}" y="{y + bar_h - 4}">'
                       + escape(" / ".join(str(s.values[row]) for s in series)) + "</text>")
    ly = height - legend_h + 6
    lx = float(label_w)
    for index, item in enumerate(series):
        out.append(f'<rect x="{lx:.1f}" y="{ly}" width="14" height="10" '
                   f'fill="{_fill(chart_id, index)}" stroke="#000" stroke-width="0.8"/>')
        out.append(f'<text x="{lx + 18:.1f}" y="{ly + 9}">{escape(item.name)}</text>')
        lx += 30 + 7 * len(item.name)
    out.append("</svg>")
    return "".join(out)


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def period_charts(report: PeriodReport) -> dict[str, str]:
    """The period report's charts by name; a chart with no data is left out."""
    charts: dict[str, str] = {}
    if report.by_unit:
        charts["units"] = bar_chart(
            "units", tr("report.chart.units"), [r.label for r in report.by_unit],
            [Series(tr("report.period.dibuka"), tuple(r.opened for r in report.by_unit)),
             Series(tr("report.period.selesai"), tuple(r.closed for r in report.by_unit))])
    if report.per_step:
        charts["steps"] = bar_chart(
            "steps", tr("report.chart.steps"),
            [f"{r.key} {r.label}" for r in report.per_step],
            [Series(tr("report.period.tepat_waktu"), tuple(r.on_time for r in report.per_step)),
             Series(tr("report.period.terlambat"), tuple(r.late for r in report.per_step))],
            stacked=True)
    return charts


def plan_chart(rows: Sequence[ActivityRow]) -> str:
    """Plan realisation per activity: done, late, missed and not yet due, stacked."""
    return bar_chart(
        "plan", tr("report.chart.plan"), [r.title for r in rows],
        [Series(tr("report.extra.terlaksana"), tuple(r.done for r in rows)),
         Series(tr("report.extra.terlambat"), tuple(r.late for r in rows)),
         Series(tr("report.extra.terlewat"), tuple(r.missed for r in rows)),
         Series(tr("report.extra.belum_jatuh_tempo"), tuple(r.pending + r.upcoming for r in rows))],
        stacked=True)
