"""Pure parts of the reports: Indonesian dates, periods, statistics, charts, escaping."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from pelihara.core.errors import PeliharaError
from pelihara.documents import charts, render
from pelihara.documents.dates import format_date, format_moment, format_short
from pelihara.documents.period import parse_period
from pelihara.documents.stats import median, percentile, share
from pelihara.i18n.messages import hint


def test_indonesian_dates_and_wib_times() -> None:
    utc = datetime(2026, 11, 28, 2, 5, tzinfo=UTC)
    assert format_date(utc) == "28 November 2026"
    assert format_date(utc, weekday=True) == "Sabtu, 28 November 2026"
    assert format_moment(utc) == "28 November 2026 pukul 09.05 WIB"
    assert format_moment(utc, "en") == "28 November 2026 at 09:05 WIB"
    # 23:30 UTC is already the next day in Jakarta.
    late = datetime(2026, 8, 16, 23, 30, tzinfo=UTC)
    assert format_date(late) == "17 Agustus 2026"
    assert format_short(late) == "17-08-2026 06.30"
    assert format_date(date(2026, 2, 1)) == "1 Februari 2026"


@pytest.mark.parametrize(("text", "kind", "start", "end", "label"), [
    ("2026-11", "month", date(2026, 11, 1), date(2026, 12, 1), "November 2026"),
    ("2026-12", "month", date(2026, 12, 1), date(2027, 1, 1), "Desember 2026"),
    ("2026-Q4", "quarter", date(2026, 10, 1), date(2027, 1, 1), "Triwulan IV 2026"),
    ("2026-q1", "quarter", date(2026, 1, 1), date(2026, 4, 1), "Triwulan I 2026"),
    ("2026", "year", date(2026, 1, 1), date(2027, 1, 1), "Tahun 2026"),
])
def test_periods(text: str, kind: str, start: date, end: date, label: str) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.label()) == (kind, start, end, label)


def test_period_boundaries_are_wib_days() -> None:
    period = parse_period("2026-11")
    wib = timezone(timedelta(hours=7))
    assert period.contains(datetime(2026, 11, 30, 23, 59, tzinfo=wib))
    assert not period.contains(datetime(2026, 12, 1, 0, 0, tzinfo=wib))
    # 31 Oct 17:30 UTC is 1 Nov 00:30 WIB.
    assert period.contains(datetime(2026, 10, 31, 17, 30, tzinfo=UTC))


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "26-11", "November",
                                  "", "2026/11", "0000", "9999"])
def test_malformed_periods_are_refused(text: str) -> None:
    with pytest.raises(PeliharaError) as caught:
        parse_period(text)
    assert caught.value.code == "report.bad_period" and caught.value.params == {"value": text}
    assert "2026-Q4" in hint(caught.value.code, caught.value.params, "en")


def test_statistics_by_hand() -> None:
    assert median([]) is None and percentile([], 90) is None
    assert median([30, 10, 20]) == 20
    assert median([10, 20, 31, 41]) == 26  # (20 + 31) / 2 = 25.5 → 26, half up
    values = list(range(1, 11))  # 1..10: rank ceil(0.9 × 10) = 9
    assert percentile(values, 90) == 9
    assert percentile([5], 90) == 5
    assert share(2, 3) == 66.7 and share(0, 0) is None


def test_chart_escapes_labels_and_uses_patterns() -> None:
    svg = charts.bar_chart("x", "Judul <b>", ["<script>alert(1)</script>", "B"],
                           [charts.Series("Tepat", (3, 1)), charts.Series("Lambat", (1, 0))],
                           stacked=True)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'url(#x-hatch)' in svg  # the second series is hatched, not just another colour
    assert svg == charts.bar_chart("x", "Judul <b>", ["<script>alert(1)</script>", "B"],
                                   [charts.Series("Tepat", (3, 1)),
                                    charts.Series("Lambat", (1, 0))], stacked=True)


def test_templates_are_strict() -> None:
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render.render_fragment("case.html.j2")
