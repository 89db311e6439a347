"""What the site shows of notices and of the Kepala Biro's queue: the notice records on each
case page (names, never addresses), and "Menunggu Kepala Biro" on the dashboard."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from helpers import copy_records
from pelihara.core.privacy import Audience
from pelihara.core.timeparse import WIB
from pelihara.records import notifications
from pelihara.records.repo import Repository
from pelihara.site.generator import generate

NOW = datetime(2026, 11, 27, 16, 0, tzinfo=WIB)


def test_a_case_page_lists_its_notices_by_name_without_addresses(tmp_path: Path) -> None:
    root = copy_records(tmp_path / "repo")
    notifications.write(Repository(root), NOW, [{
        "notice": "PML-20261103-4QX/e7", "kind": "closed", "case": "PML-20261103-4QX",
        "due_at": "2026-11-04T13:20:00+07:00", "channel": "email",
        "sent_at": "2026-11-04T13:30:00+07:00", "message_id": "<abc.123@setneg.go.id>",
        "subject": "PML-20261103-4QX: Kasus selesai: sistem normal kembali",
        "to": [{"ref": "unit:biro-umum", "address": "tu.biroumum@setneg.go.id"},
               {"ref": "staff:andi", "address": "andi@setneg.go.id"}],
        "cc": []}])
    out = generate(root, NOW, with_history=False, only=["reports", "cases"])
    page = out.pages["kasus/PML-20261103-4QX/index.md"]
    section = page[page.index('id="pemberitahuan"'):page.index("</table>",
                                                                page.index('id="pemberitahuan"'))]
    assert "4 Nov 2026 13.30 WIB" in section and "Selesai" in section
    assert "Biro Umum, Andi Pratama, S.Kom." in section
    assert "&lt;abc.123@setneg.go.id&gt;" in section
    assert "tu.biroumum@setneg.go.id" not in page and "andi@setneg.go.id" not in page
    other = out.pages["kasus/PML-20261110-8HT/index.md"]
    assert "Belum ada pemberitahuan yang tercatat" in other


def test_the_dashboard_queue_waiting_for_the_kepala_biro(tmp_path: Path) -> None:
    root = copy_records(tmp_path / "repo")
    held = next((root / "cases").rglob("PML-20261126-K7P.yaml"))
    text = held.read_text(encoding="utf-8")
    held.write_text(text + (
        '  - event: held\n    at: "2026-11-27T15:45:00+07:00"\n    by: andi\n'
        "    reason: Menunggu jawaban unit\n    approved_by: ratna\n"), encoding="utf-8")
    out = generate(root, NOW, with_history=False, only=["dashboard"])
    page = out.pages["index.md"]
    queue = page[page.index('id="menunggu-kepala-biro"'):page.index("</table>", page.index(
        'id="menunggu-kepala-biro"'))]
    rows = queue.split("<tr>")[2:]
    kinds = sorted(row.split("</td>")[0].removeprefix("<td>") for row in rows)
    assert "Disposisi belum diberikan" in kinds
    assert "Penundaan menunggu persetujuan" in kinds
    assert "Pengaduan menunggu penerusan" in kinds
    assert "PML-20261127-RJ4" in queue and "PML-20261126-K7P" in queue
    assert "KLH-20261126-6QM" in queue


def test_a_hold_approved_by_the_acting_head_of_that_day_waits_for_nobody(
        tmp_path: Path) -> None:
    """The twin of the queue test: the same hold approved by Ratna while she is registered
    as Plh. Kepala Biro is approved, so it is not waiting for the Kepala Biro."""
    root = copy_records(tmp_path / "repo")
    staff = root / "registry" / "staff.yaml"
    text = staff.read_text(encoding="utf-8")
    anchor = "  - id: ratna\n"
    at = text.index("    role: kepala_bagian\n", text.index(anchor))
    staff.write_text(text[:at] + (
        '    acting_head:\n      - from: "2026-11-27"\n        until: "2026-11-28"\n'
        '        basis: "ND-77/2026"\n') + text[at:], encoding="utf-8")
    held = next((root / "cases").rglob("PML-20261126-K7P.yaml"))
    held.write_text(held.read_text(encoding="utf-8") + (
        '  - event: held\n    at: "2026-11-27T15:45:00+07:00"\n    by: andi\n'
        "    reason: Menunggu jawaban unit\n    approved_by: ratna\n"), encoding="utf-8")
    page = generate(root, NOW, with_history=False, only=["dashboard"]).pages["index.md"]
    queue = page[page.index('id="menunggu-kepala-biro"'):page.index("</table>", page.index(
        'id="menunggu-kepala-biro"'))]
    assert "Disposisi belum diberikan" in queue  # the rest of the queue is still there
    assert "Penundaan menunggu persetujuan" not in queue
    assert "PML-20261126-K7P" not in queue


def test_a_confidential_case_page_shows_its_notices_without_the_subject(tmp_path: Path) -> None:
    root = copy_records(tmp_path / "repo")
    case = "PML-20261124-S3K"  # confidential: true
    subject = f"{case}: Kasus baru: Selisih saldo kas bendahara pengeluaran"
    notifications.write(Repository(root), NOW, [{
        "notice": f"{case}/e1", "kind": "opened", "case": case,
        "due_at": "2026-11-24T09:00:00+07:00", "channel": "email",
        "sent_at": "2026-11-24T09:15:00+07:00", "message_id": "<s3k.1@setneg.go.id>",
        "subject": subject, "to": [{"ref": "unit:biro-keuangan",
                                    "address": "tu.birokeuangan@setneg.go.id"}], "cc": []}])
    # The organisation-wide site: the confidential page has no notices, no subject.
    out = generate(root, NOW, with_history=False, only=["reports", "cases"])
    page = out.pages[f"kasus/{case}/index.md"]
    assert subject not in page and "Selisih saldo" not in page
    # The staff site answers "was the unit told, and when?" in full.
    staff = generate(root, NOW, with_history=False, only=["reports", "cases"],
                     audience=Audience.STAFF).pages[f"kasus/{case}/index.md"]
    section = staff[staff.index('id="pemberitahuan"'):]
    assert "24 Nov 2026 09.15 WIB" in section and subject in section
