"""The site shows people, words and times, not raw data (issue 10, item 8): the event log with
labels, names and "3 Nov 2026 10.45 WIB"; cases on hold in their own dashboard list with who
approved and since when; late now told from late earlier, with a legend; a duplicate's
original case as a link; a cancelled case's breadcrumb back to all cases."""

from __future__ import annotations

import re

import pytest

from pelihara.core.timeparse import parse_time
from pelihara.site.data import load_context
from pelihara.site.generator import generate_from
from site_helpers import NOW, site_copy

DUPLICATE = "PML-20261103-9RD"  # cancelled as a duplicate of PML-20261103-4QX
RAW_KEYS = ("late_reason", "approved_by", "duplicate_of", "confirmed_by", "officers")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = site_copy(tmp_path_factory.mktemp("words") / "repo")
    return generate_from(load_context(root, parse_time(NOW))).pages


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_event_log_shows_labels_names_and_times(pages: dict[str, str]) -> None:
    page = pages[f"kasus/{DUPLICATE}/index.md"]
    log = _between(page, '<ol class="pelihara-events">', "</ol>\n")
    assert "<strong>Dibatalkan</strong> · <span class=\"pelihara-nowrap\">3 Nov 2026 10.45 WIB" \
           "</span> · oleh Andi Pratama, S.Kom." in log
    assert "Alasan</span>: duplikat (Laporan ganda)" in log
    assert "Tanggal</span>: 3 November 2026" in log  # the memo's date, nested under the memo
    assert "Petugas</span>: Andi Pratama, S.Kom." in log
    assert not any(key in log for key in RAW_KEYS)
    assert "<code>" not in log and not re.search(r"\d{4}-\d{2}-\d{2}", log.replace(
        "M-087/DEP-SID/TU/11/2026", ""))
    held = pages["kasus/PML-20260911-M3V/index.md"]
    log = _between(held, '<ol class="pelihara-events">', "</ol>\n")
    assert "Disetujui oleh</span>: Ir. Hendra Wijaya, M.T." in log
    assert "a. Uji coba sistem per modul dan secara keseluruhan</span>: lulus" in log
    assert "Alasan keterlambatan</span>:" in log and "hendra" not in log
    holds = _between(held, '<table class="pelihara-holds">', "</table>")
    assert "Ir. Hendra Wijaya, M.T." in holds and ">hendra<" not in holds


def test_duplicate_is_a_link_and_the_breadcrumb_fits_the_case(pages: dict[str, str]) -> None:
    page = pages[f"kasus/{DUPLICATE}/index.md"]
    assert '<dt>Duplikat dari</dt><dd><a href="../PML-20261103-4QX/">PML-20261103-4QX</a>' in page
    assert 'Duplikat dari</span>: <a href="../PML-20261103-4QX/">PML-20261103-4QX</a>' in page
    assert '<p class="pelihara-crumbs"><a href="../semua/">Semua kasus</a>' in page
    closed = pages["kasus/PML-20261103-4QX/index.md"]
    assert '<p class="pelihara-crumbs"><a href="../semua/">Semua kasus</a>' in closed
    running = pages["kasus/PML-20261126-K7P/index.md"]
    assert '<p class="pelihara-crumbs"><a href="../">Kasus terbuka</a>' in running


def test_open_case_list_tells_late_now_from_late_earlier(pages: dict[str, str]) -> None:
    page = pages["kasus/index.md"]
    assert 'class="pelihara-legend"' in page and "pernah terlambat" in page

    def row(case_id: str) -> str:
        return page[page.rindex("<tr ", 0, page.index(f">{case_id}</a>")):
                    page.index("</tr>", page.index(f">{case_id}</a>"))]

    # B.8 running past its deadline: late now.
    now = row("PML-20261119-Z3E")
    assert 'data-late="sekarang"' in now and 'class="is-late"' in now
    # B.3 ended late, B.4 running within its limit: late earlier, not late now.
    earlier = row("PML-20261126-K7P")
    assert 'data-late="sebelumnya"' in earlier and 'class="was-late"' in earlier
    assert "pernah terlambat" in earlier and "sisa" in earlier and "is-late" not in earlier
    assert 'data-late="tidak"' in row("PML-20261127-RJ4")
    assert '<option value="sebelumnya">pernah terlambat</option>' in page


def test_dashboard_lists_cases_on_hold_with_approver_and_since(pages: dict[str, str]) -> None:
    page = pages["index.md"]
    held = _between(page, 'id="ditunda"', "</table>")
    assert ">PML-20261116-5GW</a>" in held
    assert "18 Nov 2026 09.00 WIB" in held and "Ir. Hendra Wijaya, M.T." in held
    assert "Menunggu keputusan Biro Perencanaan dan Keuangan" in held
    assert "PML-20261119-Z3E" not in held  # late, but not on hold
    assert '<span class="pelihara-card-value">1</span><span class="pelihara-card-label">' \
           "kasus ditunda</span>" in page



def test_plan_monitoring_complaint_and_catalogue_pages_show_dates_and_names(
        pages: dict[str, str]) -> None:
    complaints = pages["pengaduan/index.md"]
    assert "<td>Masukan</td>" in complaints and "26 November 2026" in complaints
    assert "<td>masukan</td>" not in complaints and "<td>2026-11-26</td>" not in complaints
    monitoring = pages["pemantauan/index.md"]
    assert "24 Nov 2026 09.00 WIB" in monitoring and "2026-11-24 09:00" not in monitoring
    plan = pages["program-kerja/index.md"]
    assert "5 Jan 2026 08.00 WIB s.d. 5 Jan 2026 15.30 WIB oleh" in plan
    assert "Ir. Hendra Wijaya, M.T., 6 Jan 2026 09.00 WIB" in plan
    assert not re.search(r"T\d{2}:\d{2}:\d{2}|<td>\d{4}-\d{2}-\d{2}", plan)
    catalogue = pages["aplikasi/index.md"]
    assert 'diverifikasi <span class="pelihara-nowrap">1 Juni 2026</span>' in catalogue
