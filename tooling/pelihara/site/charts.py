"""Small SVG charts drawn at build time (no chart library, nothing loaded by the browser).
Colours come from CSS classes so the charts follow the light and dark palettes and print in
black and white."""

from __future__ import annotations

from html import escape

ROW_H, LABEL_W, BAR_W, PAD = 24, 230, 320, 8


def bar_chart(items: list[tuple[str, int]], title: str, css: str = "") -> str:
    """Horizontal bars, one per (label, value), value printed at the bar's end."""
    if not items:
        return ""
    top = max(v for _, v in items) or 1
    height = PAD * 2 + ROW_H * len(items)
    width = LABEL_W + BAR_W + 60
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="pelihara-chart {escape(css)}" '
           f'role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
           f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(items):
        y = PAD + i * ROW_H
        length = round(BAR_W * value / top)
        shown = label if len(label) <= 32 else label[:31] + "…"
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end" class="chart-label">'
            f"{escape(shown)}</text>"
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{max(length, 1)}" height="{ROW_H - 8}" '
            f'class="chart-bar"/>'
            f'<text x="{LABEL_W + length + 6}" y="{y + 16}" class="chart-value">{value}</text>')
    out.append("</svg>")
    return "".join(out)


def share_bar(on_time: int, total: int, title: str) -> str:
    """One 100% bar split into on time and late."""
    width, height = 560, 34
    if total == 0:
        return ""
    ok = round(width * on_time / total)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="pelihara-chart" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
            f"<title>{escape(title)}</title>"
            f'<rect x="0" y="4" width="{ok}" height="26" class="chart-ok"/>'
            f'<rect x="{ok}" y="4" width="{width - ok}" height="26" class="chart-late"/>'
            "</svg>")
