"""The message catalogue: every text a user reads about a problem, in Bahasa Indonesia and
English. A message says what is wrong; its hint says how to fix it.

Codes are stable identifiers (`area.problem`) that tests, CI and the docs refer to. Add new
codes here, never inline strings in checks: a test fails when a code lacks a language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelihara.core.escape import visible
from pelihara.core.findings import Finding, Severity

# code: (message_id, hint_id, message_en, hint_en)
CATALOGUE: dict[str, tuple[str, str, str, str]] = {
    # --- YAML level -----------------------------------------------------------------------
    "yaml.duplicate_key": (
        "Kunci '{key}' ditulis dua kali (pertama di baris {first_line}).",
        "Hapus salah satu, atau gabungkan isinya.",
        "Key '{key}' appears twice (first on line {first_line}).",
        "Delete one of them or merge their contents.",
    ),
    "yaml.alias": (
        "Anchor/alias YAML (&, *) tidak diizinkan.",
        "Tulis nilainya secara lengkap di setiap tempat.",
        "YAML anchors and aliases (&, *) are not allowed.",
        "Write the value out in full wherever it is needed.",
    ),
    "yaml.merge_key": (
        "Kunci gabung YAML (<<) tidak diizinkan.",
        "Tulis semua kolom secara eksplisit.",
        "YAML merge keys (<<) are not allowed.",
        "Write every field explicitly.",
    ),
    "yaml.tag": (
        "Tag YAML '{tag}' tidak diizinkan dalam catatan.",
        "Hapus tag (misalnya !!python/… atau !!set) dan tulis nilainya biasa.",
        "The YAML tag '{tag}' is not allowed in records.",
        "Remove the tag (e.g. !!python/… or !!set) and write the plain value.",
    ),
    "yaml.bad_scalar": (
        "Nilai '{value}' tidak sesuai tag {tag}.",
        "Hapus tag eksplisit atau perbaiki nilainya.",
        "Value '{value}' does not fit the tag {tag}.",
        "Remove the explicit tag or fix the value.",
    ),
    "yaml.key_not_string": (
        "Kunci {key} bukan teks.",
        "Beri tanda kutip pada kunci, misalnya '\"1\": ...'.",
        "Key {key} is not text.",
        "Quote the key, e.g. '\"1\": ...'.",
    ),
    "yaml.too_large": (
        "Berkas berukuran {size} bita, melebihi batas {limit} bita.",
        "Berkas catatan biasanya hanya beberapa KiB; pecah atau periksa isinya.",
        "The file is {size} bytes, over the {limit}-byte limit.",
        "Record files are normally a few KiB; split it or check its contents.",
    ),
    "yaml.not_utf8": (
        "Berkas bukan UTF-8 (bita {byte}).",
        "Simpan ulang berkas dengan pengodean UTF-8.",
        "The file is not UTF-8 (byte {byte}).",
        "Save the file again with UTF-8 encoding.",
    ),
    "yaml.binary": (
        "Berkas berisi data biner (bita NUL).",
        "Catatan harus berupa teks YAML; periksa apakah berkas yang benar yang disimpan.",
        "The file contains binary data (a NUL byte).",
        "Records must be YAML text; check that the right file was saved.",
    ),
    "yaml.tab": (
        "Karakter tab dipakai untuk indentasi.",
        "YAML hanya menerima spasi untuk indentasi; ganti tab dengan spasi.",
        "A tab character is used for indentation.",
        "YAML accepts only spaces for indentation; replace the tab with spaces.",
    ),
    "yaml.multiple_documents": (
        "Berkas berisi lebih dari satu dokumen YAML (---).",
        "Satu berkas berisi satu catatan; pindahkan dokumen kedua ke berkasnya sendiri.",
        "The file holds more than one YAML document (---).",
        "One file holds one record; move the second document to its own file.",
    ),
    "yaml.too_deep": (
        "Struktur bersarang lebih dari {limit} tingkat.",
        "Catatan tidak pernah sedalam ini; periksa tanda kurung yang tidak tertutup.",
        "The structure nests deeper than {limit} levels.",
        "Records are never this deep; look for unbalanced brackets.",
    ),
    "yaml.syntax": (
        "YAML tidak valid: {problem}.",
        "Periksa indentasi, titik dua dan tanda kutip di sekitar posisi ini.",
        "Invalid YAML: {problem}.",
        "Check indentation, colons and quotes around this position.",
    ),
    "yaml.empty": (
        "Berkas kosong.",
        "Isi berkas dengan catatan sesuai skemanya, atau hapus berkas jika tidak dipakai.",
        "The file is empty.",
        "Fill the file with a record that matches its schema, or remove it if unused.",
    ),
    "file.unreadable": (
        "Berkas tidak dapat dibaca: {error}.",
        "Periksa izin berkas dan apakah path-nya benar.",
        "The file cannot be read: {error}.",
        "Check the file's permissions and that the path is right.",
    ),
    "file.unknown_kind": (
        "Tidak diketahui jenis catatan untuk berkas ini.",
        "Catatan kasus berada di cases/<tahun>/<bulan>/, rencana di plans/, registri di registry/.",
        "Cannot tell what kind of record this file is.",
        "Cases live in cases/<year>/<month>/, plans in plans/, registries in registry/.",
    ),
    # --- schema level -----------------------------------------------------------------------
    "schema.required": (
        "Kolom wajib '{field}' tidak ada.",
        "Tambahkan '{field}:' di bagian ini.",
        "Required field '{field}' is missing.",
        "Add '{field}:' here.",
    ),
    "schema.unknown_field": (
        "Kolom '{field}' tidak dikenal.",
        "Periksa ejaannya; kolom yang diizinkan: {allowed}.",
        "Unknown field '{field}'.",
        "Check the spelling; allowed fields: {allowed}.",
    ),
    "schema.type": (
        "Nilai {value} harus bertipe {expected}.",
        "Ubah nilainya menjadi {expected}.",
        "Value {value} must be of type {expected}.",
        "Change the value to {expected}.",
    ),
    "schema.enum": (
        "Nilai {value} tidak termasuk pilihan yang sah.",
        "Gunakan salah satu dari: {allowed}.",
        "Value {value} is not one of the allowed choices.",
        "Use one of: {allowed}.",
    ),
    "schema.format": (
        "Nilai {value} bukan {format} yang sah.",
        "{format_hint}",
        "Value {value} is not a valid {format}.",
        "{format_hint}",
    ),
    "schema.pattern": (
        "Nilai {value} tidak sesuai pola {pattern}.",
        "{pattern_hint}",
        "Value {value} does not match the pattern {pattern}.",
        "{pattern_hint}",
    ),
    "schema.invalid": (
        "Nilai tidak sah: {detail}.",
        "Bandingkan dengan skema di schemas/ atau contoh di cases/.",
        "Invalid value: {detail}.",
        "Compare with the schema in schemas/ or an example in cases/.",
    ),
    # --- standard.yaml ----------------------------------------------------------------------
    "standard.unknown_step": (
        "Langkah '{step}' tidak didefinisikan di steps.",
        "Gunakan id langkah yang ada: {known}.",
        "Step '{step}' is not defined under steps.",
        "Use an existing step id: {known}.",
    ),
    "standard.unknown_state": (
        "Status '{state}' tidak didefinisikan di states.",
        "Tambahkan '{state}' ke states, atau perbaiki ejaannya.",
        "State '{state}' is not defined under states.",
        "Add '{state}' to states, or fix its spelling.",
    ),
    "standard.unreachable": (
        "Status '{state}' tidak dapat dicapai dari awal kasus.",
        "Hubungkan status ini dengan sebuah langkah, atau hapus.",
        "State '{state}' cannot be reached from the start of a case.",
        "Connect this state with a step, or remove it.",
    ),
    "standard.dead_end": (
        "Dari status '{state}' tidak ada jalan ke status akhir.",
        "Tambahkan langkah keluar dari '{state}', atau tandai final: true.",
        "State '{state}' has no way to a final state.",
        "Add a step out of '{state}', or mark it final: true.",
    ),
    "standard.bad_limit": (
        "Batas waktu '{limit}' tidak dikenali.",
        "Tulis seperti '2 jam', '1 hari' atau '90 menit'.",
        "Time limit '{limit}' is not understood.",
        "Write it like '2 jam', '1 hari' or '90 menit'.",
    ),
    "standard.bad_interval": (
        "Rentang jam '{interval}' tidak sah.",
        "Tulis seperti '07:30-12:00', dengan jam mulai sebelum jam selesai.",
        "Time range '{interval}' is invalid.",
        "Write it like '07:30-12:00', starting before it ends.",
    ),
    "standard.unknown_version": (
        "Versi standar '{version}' tidak dikenal.",
        "Gunakan salah satu versi di standard.yaml: {known}.",
        "Standard version '{version}' is unknown.",
        "Use one of the versions in standard.yaml: {known}.",
    ),
    "standard.invalid": (
        "standard.yaml tidak sah: {detail}.",
        "Perbaiki standard.yaml; lihat schemas/standard.schema.json.",
        "standard.yaml is invalid: {detail}.",
        "Fix standard.yaml; see schemas/standard.schema.json.",
    ),
    # --- workflow level ---------------------------------------------------------------------
    "workflow.bad_start": (
        "Kasus berasal dari '{origin}' tetapi peristiwa pertama adalah '{event}'.",
        "Peristiwa pertama harus '{expected}'.",
        "The case's origin is '{origin}' but its first event is '{event}'.",
        "The first event must be '{expected}'.",
    ),
    "workflow.after_final": (
        "Peristiwa '{event}' dicatat setelah kasus berstatus akhir '{state}'.",
        "Kasus yang selesai atau dibatalkan dibekukan; buka kasus baru bila masalah muncul lagi.",
        "Event '{event}' is recorded after the case reached its final state '{state}'.",
        "Closed and cancelled cases are frozen; open a new case if the problem returns.",
    ),
    "workflow.illegal_transition": (
        "Perpindahan '{from} → {to}' tidak diizinkan standar.",
        "Dari '{from}' langkah berikutnya adalah: {allowed}.",
        "The transition '{from} → {to}' is not allowed by the standard.",
        "From '{from}' the next step is one of: {allowed}.",
    ),
    "workflow.already_held": (
        "Kasus sudah ditunda; penundaan kedua tidak sah.",
        "Catat 'resumed' dulu sebelum menunda lagi.",
        "The case is already on hold; a second hold is invalid.",
        "Record 'resumed' before holding again.",
    ),
    "workflow.not_held": (
        "'resumed' dicatat padahal kasus tidak sedang ditunda.",
        "Hapus peristiwa ini atau catat 'held' sebelumnya.",
        "'resumed' is recorded but the case is not on hold.",
        "Remove this event or record 'held' before it.",
    ),
    "workflow.while_held": (
        "Peristiwa '{event}' dicatat saat kasus ditunda.",
        "Catat 'resumed' terlebih dahulu; jam berhenti selama penundaan.",
        "Event '{event}' is recorded while the case is on hold.",
        "Record 'resumed' first; the clock is stopped during a hold.",
    ),
    "workflow.bad_escalation": (
        "Eskalasi hanya sah untuk kasus ringan yang sudah dianalisa (status '{state}', tingkat '{severity}').",
        "Eskalasi dicatat setelah 'analysed' dengan severity ringan, sebelum 'repaired'.",
        "Escalation is only valid for an analysed ringan case (state '{state}', severity '{severity}').",
        "Record escalation after 'analysed' with severity ringan, before 'repaired'.",
    ),
    "workflow.duplicate_without_ref": (
        "Kasus dibatalkan sebagai duplikat tanpa menyebut kasus aslinya.",
        "Tambahkan duplicate_of: PML-… (dengan perintah: --duplicate-of PML-…), agar pelapor dapat mengikuti kasus aslinya.",
        "The case is cancelled as a duplicate without naming the original case.",
        "Add duplicate_of: PML-… (on the command line: --duplicate-of PML-…) so the reporter can follow the original.",
    ),
    "workflow.out_of_order": (
        "Waktu {at} lebih awal dari peristiwa sebelumnya (#{previous_index}, {previous}).",
        "Peristiwa dicatat urut waktu; periksa tanggal dan jamnya, atau tambahkan koreksi.",
        "Time {at} is earlier than the previous event (#{previous_index}, {previous}).",
        "Events are in time order; check the date and time, or add a correction.",
    ),
    "workflow.future": (
        "Waktu {at} berada di masa depan (sekarang {now}).",
        "Catat peristiwa setelah terjadi; periksa tanggal dan zona waktunya.",
        "Time {at} is in the future (now is {now}).",
        "Record events after they happen; check the date and time zone.",
    ),
    "workflow.bad_correction": (
        "Koreksi merujuk peristiwa #{refers_to} yang tidak ada sebelumnya.",
        "refers_to adalah nomor urut (mulai 1) peristiwa lebih awal yang bukan koreksi.",
        "The correction refers to event #{refers_to}, which does not come before it.",
        "refers_to is the 1-based number of an earlier event that is not a correction.",
    ),
    "workflow.correction_changes_kind": (
        "Koreksi tidak boleh mengubah jenis peristiwa.",
        "Batalkan kasus dan buka kasus baru bila jenis peristiwanya salah.",
        "A correction may not change an event's kind.",
        "Cancel the case and open a new one if the kind of event is wrong.",
    ),
    # --- usage and internal -----------------------------------------------------------------
    "usage.bad_duration": (
        "Durasi '{value}' tidak dikenali.",
        "Tulis seperti '2 jam', '1 hari', '90m' atau '45 menit'.",
        "Duration '{value}' is not understood.",
        "Write it like '2 jam', '1 hari', '90m' or '45 menit'.",
    ),
    "usage.no_repository": (
        "Folder '{path}' bukan repositori Pelihara (standard.yaml tidak ditemukan).",
        "Jalankan perintah dari dalam repositori, atau beri --repo PATH.",
        "Folder '{path}' is not a Pelihara repository (no standard.yaml found).",
        "Run the command inside the repository, or pass --repo PATH.",
    ),
    "usage.path_missing": (
        "Path '{path}' tidak ada.",
        "Periksa ejaan path-nya.",
        "Path '{path}' does not exist.",
        "Check the path's spelling.",
    ),
    "usage.unknown_case": (
        "Kasus '{case}' tidak ditemukan.",
        "Lihat daftar kasus dengan 'pelihara sla' atau periksa ID-nya (contoh: PML-20261128-7KQ).",
        "Case '{case}' not found.",
        "List cases with 'pelihara sla' or check the ID (e.g. PML-20261128-7KQ).",
    ),
    "internal": (
        "Kesalahan internal: {error}.",
        "Ini kesalahan Pelihara, bukan data Anda. Laporkan beserta perintah yang dijalankan "
        "dan berkas log {log} (traceback dan versi); --debug menampilkan traceback di layar.",
        "Internal error: {error}.",
        "This is a Pelihara bug, not your data. Report it with the command you ran and the log "
        "file {log} (traceback and versions); --debug shows the traceback on screen.",
    ),
}


def _load_catalogue_files() -> None:
    """Feature areas keep their codes in `catalogue/<area>.yaml` beside this file, so each
    area owns its messages. Format: `code: {id, hint_id, en, hint_en}`."""
    import yaml  # local: only needed once, at import

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 20x faster at start-up
    for path in sorted((Path(__file__).parent / "catalogue").glob("*.yaml")):
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        register({
            code: (e["id"], e["hint_id"], e["en"], e["hint_en"]) for code, e in entries.items()
        })


def _entry(code: str) -> tuple[str, str, str, str]:
    return CATALOGUE.get(code) or CATALOGUE["internal"]


def _format(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def render(code: str, params: dict[str, Any], lang: str = "id") -> str:
    """The message for `code` in `lang` ("id" or "en")."""
    message_id, _, message_en, _ = _entry(code)
    return _format(message_en if lang == "en" else message_id, params)


def hint(code: str, params: dict[str, Any], lang: str = "id") -> str:
    """How to fix the problem named by `code`, in `lang`."""
    _, hint_id, _, hint_en = _entry(code)
    return _format(hint_en if lang == "en" else hint_id, params)


def finding_text(finding: Finding, lang: str = "id") -> tuple[str, str]:
    """A finding's message and its fix, in `lang`."""
    return render(finding.code, finding.params, lang), hint(finding.code, finding.params, lang)


def finding_lines(finding: Finding, lang: str = "id") -> str:
    """`file:line:col: CODE message` and, below it, `  → hint`: how every command shows one."""
    message, fix = finding_text(finding, lang)
    label = "" if finding.severity is Severity.ERROR else (
        "warning: " if lang == "en" else "peringatan: ")
    # Record text (a quoted value, a file's name) shows its control characters as escapes.
    return (visible(f"{finding.file}:{finding.line}:{finding.column}: {finding.code} {label}"
                    f"{message}") + "\n" + visible(f"  → {fix}"))


def skipped_text(finding: Finding, lang: str = "id") -> tuple[str, str]:
    """The note every command gives for a record file it leaves out, from the finding that
    made it unusable: the same words on the terminal and in the site's build log."""
    detail, _ = finding_text(finding, lang)
    params = {"where": f"{finding.file}:{finding.line}:{finding.column}", "file": finding.file,
              "detail": detail}
    return render("record.skipped", params, lang), hint("record.skipped", params, lang)


def register(entries: dict[str, tuple[str, str, str, str]]) -> None:
    """Let a feature module add its own codes; a code may be defined once only."""
    for code, texts in entries.items():
        if code in CATALOGUE and CATALOGUE[code] != texts:
            raise ValueError(f"message code {code} defined twice")
        CATALOGUE[code] = texts


_load_catalogue_files()
