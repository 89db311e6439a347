"""The operations pages of the site: planned against done, monitoring with the finding that
opened a case, readiness checklist, vendors, complaints with the IKM; record text escaped."""

from __future__ import annotations

from pathlib import Path

from pelihara.core.timeparse import parse_time
from pelihara.site.data import load_context
from pelihara.site.sections import (
    catalogue,
    complaints_page,
    monitoring_page,
    operations,
    vendors_page,
)

NOW = parse_time("2026-11-28T12:00:00+07:00")


def test_pages_from_sample_data(repo_root: Path) -> None:
    ctx = load_context(repo_root, NOW, with_history=False)
    plan = operations.pages(ctx)["program-kerja/index.md"]
    assert "Senin kerja ke-1 setiap bulan" in plan
    assert ('<td><span class="pelihara-nowrap">22 September 2026</span></td><td>Pemantauan '
            "mingguan aplikasi layanan utama</td><td>SIMPERSURATAN (Tata Naskah Dinas "
            "Elektronik)</td><td>terlewat</td>") in plan
    monitoring = monitoring_page.pages(ctx)["pemantauan/index.md"]
    assert "MON-20261110-8HT" in monitoring and "PML-20261110-8HT" in monitoring
    apps = catalogue.pages(ctx)["aplikasi/index.md"]
    assert "Source code masih dipegang pengembang" in apps
    assert apps.count("<strong>belum siap</strong>") == 3  # keuangan, presensi, perencanaan
    assert "PT Garuda Teknologi Informasi" in vendors_page.pages(ctx)["vendor/index.md"]
    page = complaints_page.pages(ctx)["pengaduan/index.md"]
    assert "<td>88.19</td><td>B (Baik)</td>" in page
    assert "Diterima: 1, Diteruskan: 1, Ditindaklanjuti: 1, Dibahas dalam rapat: 1, " \
           "Selesai: 1" in page


def test_record_text_is_escaped(repo_copy: Path) -> None:
    path = repo_copy / "complaints" / "2026" / "KLH-20261126-6QM.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "title: Jadwal pemeliharaan preventif diumumkan lebih awal",
        "title: \"<script>alert(1)</script> **tebal**\"")
    path.write_text(text, encoding="utf-8")
    page = complaints_page.pages(load_context(repo_copy, NOW, with_history=False))
    body = page["pengaduan/index.md"]
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **tebal**" in body


def test_broken_record_is_skipped_with_a_warning(repo_copy: Path) -> None:
    broken = repo_copy / "complaints" / "2026" / "KLH-20261127-BAD.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    ctx = load_context(repo_copy, NOW, with_history=False)
    page = complaints_page.pages(ctx)["pengaduan/index.md"]
    assert "KLH-20261127-BAD" not in page
    assert [s.rel for s in ctx.records.skipped] == ["complaints/2026/KLH-20261127-BAD.yaml"]
