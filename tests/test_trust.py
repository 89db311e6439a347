"""Figures no one can bend: each attack of a staff member with commit rights, on a real
repository with real commits by different registered people at pinned times, gets an error
and exit 1; its legitimate twin passes.

`check --base main` is the merge-request gate (CI's clock is the recording time);
`check --audit` is the main line after merging (approvals and rules changes proven by git).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pelihara.records.gitio import Git
from trust_office import (
    ANALYSED,
    MONITORING,
    PLAN,
    RECEIVED,
    SURVEY,
    TESTS,
    Office,
    errors,
    event,
    make_office,
    warnings,
)


@pytest.fixture
def office(tmp_path: Path) -> Office:
    return make_office(tmp_path / "repo", tmp_path / "keys")


REPAIRED_LATE = event("repaired", "2026-11-26T11:00:00", by="fajar", tests=TESTS)
"""A repair a day old, recorded now as if on time (600 working minutes > 450)."""


# --- backdating -------------------------------------------------------------------------


def test_backdating_an_event_is_an_error(office: Office) -> None:
    code, found = office.propose(
        "backdate", ANALYSED, REPAIRED_LATE,
        "PML-20261126-C2D: analysed → repaired", "fajar")
    assert code == 1
    late = [f for f in found if f["code"] == "recording.late"]
    assert late and late[0]["file"] == ANALYSED and "#5" in str(late[0]["message"])


def test_backdating_with_a_laxer_tolerance_in_the_same_request_is_still_an_error(
        office: Office) -> None:
    office.branch("backdate-tolerance")
    office.append(ANALYSED, REPAIRED_LATE)
    office.replace("standard.yaml", "recording_tolerance: 1 hari", "recording_tolerance: 999 hari")
    office.commit("perbaikan", "fajar")
    code, found = office.check_base()
    assert code == 1
    assert {"rules.mixed", "recording.late"} <= errors(found)  # judged by main's tolerance


def test_a_timely_event_by_its_registered_recorder_passes(office: Office) -> None:
    assert office.propose(
        "timely", ANALYSED, event("repaired", "2026-11-27T14:30:00", by="fajar", tests=TESTS),
        "PML-20261126-C2D: analysed → repaired", "fajar") == (0, [])


def test_a_late_recording_approved_by_a_second_person_passes_and_is_proven_by_the_merge(
        office: Office) -> None:
    code, found = office.propose(
        "late-approved", ANALYSED, REPAIRED_LATE + "    late_recording:\n"
                         "      reason: Berita acara uji baru ditandatangani unit hari ini.\n"
                         "      approved_by: hendra\n",
        "PML-20261126-C2D: analysed → repaired", "fajar")
    assert code == 0 and errors(found) == set()
    waiting = [f for f in found if f["code"] == "approval.unproven"]
    assert waiting and "hendra@setneg.go.id" in str(waiting[0]["hint"])  # who must approve
    office.merge("late-approved", approved_by="hendra")
    assert office.check("--audit") == (0, [])


def test_a_late_recording_approved_by_its_own_recorder_is_an_error(office: Office) -> None:
    code, found = office.propose(
        "late-self", ANALYSED, REPAIRED_LATE + "    late_recording:\n"
                     "      reason: Lupa dicatat.\n      approved_by: hendra\n",
        "PML-20261126-C2D: analysed → repaired", "hendra")
    assert code == 1 and "approval.recorded_by_approver" in errors(found)


def test_a_memo_counts_from_its_receipt_not_from_its_sending(office: Office) -> None:
    """learned_later in standard.yaml: the memo was sent two days ago but received (and so
    known to Biro DI) today; recording it now is on time."""
    office.branch("memo")
    office.write("cases/2026/11/PML-20261125-E3F.yaml", (
        "# yaml-language-server: $schema=../../../schemas/case.schema.json\n"
        "id: PML-20261125-E3F\ntitle: Laporan JDIH tidak tampil\napplication: jdih\n"
        "unit: biro-hukum\norigin: memo\nstandard_version: \"2026.1\"\nevents:\n"
        "  - event: submitted\n    at: \"2026-11-25T08:00:00+07:00\"\n    memo:\n"
        "      number: M-9/HK/11/2026\n      date: \"2026-11-25\"\n"
        "      sender: Kepala Biro Hukum\n      to: hendra\n"
        + event("received", "2026-11-27T14:00:00", by="dewi",
                late_reason="Memo tertahan di bagian persuratan unit.")))
    office.commit("PML-20261125-E3F: submitted → received", "dewi")
    code, found = office.check_base()
    assert (code, errors(found)) == (0, set()), found


# --- self-approval and free-text people ---------------------------------------------------


def test_a_backdated_self_approved_hold_is_an_error(office: Office) -> None:
    code, found = office.propose(
        "self-hold", ANALYSED, event("held", "2026-11-26T10:30:00", by="fajar",
                                     reason="Menunggu suku cadang.", approved_by="fajar"),
        "PML-20261126-C2D: hold", "fajar")
    assert code == 1
    assert {"approval.not_head", "approval.self", "recording.late"} <= errors(found)


def test_a_hold_signed_by_the_kepala_biro_is_proven_in_the_merge_request(
        office: Office) -> None:
    # git verified hendra's registered SSH key
    assert office.propose(
        "hold-signed", ANALYSED, event("held", "2026-11-27T14:00:00", by="fajar",
                                       reason="Menunggu suku cadang.", approved_by="hendra"),
        "PML-20261126-C2D: hold", "fajar", signed_by="hendra") == (0, [])


def test_a_hold_signed_by_an_unregistered_key_is_not_proven(office: Office,
                                                            tmp_path: Path) -> None:
    from trust_office import signing_key

    office.key, _ = signing_key(tmp_path / "other-keys")  # a key nobody registered
    code, found = office.propose(
        "hold-badkey", ANALYSED, event("held", "2026-11-27T14:00:00", by="fajar",
                                       reason="Menunggu suku cadang.", approved_by="hendra"),
        "PML-20261126-C2D: hold", "fajar", signed_by="hendra")
    assert code == 0 and warnings(found) == {"approval.unproven"}


def test_an_unproven_hold_on_the_main_line_is_an_error_a_trailered_one_is_not(
        office: Office) -> None:
    office.branch("hold-a")
    office.append(ANALYSED, event("held", "2026-11-27T14:00:00", by="fajar",
                                  reason="Menunggu suku cadang.", approved_by="hendra"))
    office.commit("PML-20261126-C2D: hold", "fajar")
    office.merge("hold-a", by="ratna")  # merged without the Kepala Biro's approval
    code, found = office.check("--audit")
    assert code == 1
    assert [(f["file"], f["code"]) for f in found if f["severity"] == "error"] == [
        (ANALYSED, "approval.unproven")]
    office.branch("hold-b")
    office.append(RECEIVED, event("assigned", "2026-11-27T09:15:00", by="hendra",
                                  officers=["fajar"]))
    office.commit("PML-20261127-A1B: received → assigned", "dewi")
    office.merge("hold-b", approved_by="hendra")
    code, found = office.check("--audit")
    assert code == 1 and {f["file"] for f in found} == {ANALYSED}  # B.3 proven by trailer


def test_a_pelaksana_giving_the_disposisi_is_an_error(office: Office) -> None:
    code, found = office.propose(
        "b3-fajar", RECEIVED, event("assigned", "2026-11-27T09:00:00", by="fajar",
                                    officers=["fajar"]),
        "PML-20261127-A1B: received → assigned", "fajar")
    assert code == 1 and "approval.not_head" in errors(found)
    assert office.check()[0] == 1  # plain check knows the roles too


def test_the_kepala_biro_giving_the_disposisi_himself_passes(office: Office) -> None:
    assert office.propose(
        "b3-hendra", RECEIVED, event("assigned", "2026-11-27T09:00:00", by="hendra",
                                     officers=["fajar"]),
        "PML-20261127-A1B: received → assigned", "hendra") == (0, [])


def test_an_acting_head_approves_only_inside_the_registered_dates(office: Office) -> None:
    office.replace("registry/staff.yaml", "    emails: [ratna@setneg.go.id]\n",
                   "    emails: [ratna@setneg.go.id]\n    acting_head:\n"
                   "      - {from: \"2026-11-27\", until: \"2026-11-27\", basis: SP-12/BDI}\n")
    office.commit("Plh. Kepala Biro 27 November", "hendra")
    assert office.propose(
        "b3-ratna", RECEIVED, event("assigned", "2026-11-27T09:00:00", by="ratna",
                                    officers=["fajar"]),
        "PML-20261127-A1B: received → assigned", "ratna") == (0, [])
    office.replace(RECEIVED, "by: \"ratna\"", "by: \"fajar\"")
    office.git("commit", "-q", "--amend", "-am", "fajar", who="fajar")
    assert office.check_base()[0] == 1


# --- rules written by the merge request ---------------------------------------------------


def test_a_self_relaxing_schema_is_refused_and_the_record_judged_by_mains_schema(
        office: Office) -> None:
    office.branch("schema")
    schema = office.root / "schemas" / "case.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace(
        '"additionalProperties": false', '"additionalProperties": true', 1), encoding="utf-8")
    office.replace(RECEIVED, "unit: biro-sdm\n", "unit: biro-sdm\nprioritas: tinggi\n")
    office.commit("kolom prioritas", "fajar")
    code, found = office.check_base()
    assert code == 1
    assert {"rules.mixed", "schema.unknown_field"} <= errors(found)


def test_promoting_oneself_and_using_it_is_refused(office: Office) -> None:
    office.branch("promote")
    office.replace("registry/staff.yaml", "    role: pelaksana\n    emails: [fajar@setneg.go.id]",
                   "    role: kepala_biro\n    emails: [fajar@setneg.go.id]")
    office.append(RECEIVED, event("assigned", "2026-11-27T09:00:00", by="fajar",
                                  officers=["fajar"]))
    office.commit("disposisi", "fajar")
    code, found = office.check_base()
    assert code == 1
    assert {"rules.mixed", "approval.not_head"} <= errors(found)  # main's registry decides


def test_a_promotion_merged_without_the_kepala_biro_fails_the_main_line_audit(
        office: Office) -> None:
    office.branch("promote-only")
    office.replace("registry/staff.yaml", "    role: pelaksana\n    emails: [fajar@setneg.go.id]",
                   "    role: kepala_biro\n    emails: [fajar@setneg.go.id]")
    office.commit("promosi", "fajar")
    code, found = office.check_base()
    assert code == 0 and warnings(found) == {"rules.changed"}  # listed for the code owners
    assert [f["file"] for f in found] == ["registry/staff.yaml"]
    office.merge("promote-only", by="fajar")  # he cannot approve his own promotion
    code, found = office.check("--audit")
    assert code == 1 and errors(found) == {"rules.unapproved"}
    office.git("commit", "-q", "--allow-empty", "-m",
               f"Menyetujui promosi\n\nRatifies: {office.git('rev-parse', 'HEAD').strip()}",
               who="hendra")
    assert office.check("--audit") == (0, [])  # the real head ratified it afterwards


def test_a_rules_change_approved_by_the_kepala_biro_passes_the_audit(office: Office) -> None:
    office.branch("closure")
    office.replace("standard.yaml", "  extra_closures: []",
                   "  extra_closures:\n    - {date: \"2026-12-28\", name: Penutupan akhir "
                   "tahun, basis: SE-1/BDI/2026}")
    office.commit("Penutupan 28 Desember", "ratna")
    code, found = office.check_base()
    assert code == 0 and warnings(found) == {"rules.changed"}  # a future closure
    office.merge("closure", approved_by="hendra")
    assert office.check("--audit") == (0, [])


@pytest.mark.parametrize("change", ["mkdocs_hook", "page_script", "override"])
def test_code_from_a_records_merge_request_is_refused(office: Office, change: str) -> None:
    office.branch(change)
    if change == "mkdocs_hook":
        office.append("mkdocs.yml", "hooks:\n  - site/evil.py\n")
        office.write("site/evil.py", "import os\nos.system('id')\n")
    elif change == "page_script":
        office.append("site/panduan.md", "\n<script>fetch('/x')</script>\n")
    else:
        office.write("site/overrides/main.html", "{% extends 'base.html' %}<script></script>")
    office.append(ANALYSED, event("repaired", "2026-11-27T14:30:00", by="fajar", tests=TESTS))
    office.commit("perbaikan", "fajar")
    code, found = office.check_base()
    assert code == 1 and "rules.mixed" in errors(found)


# --- no retroactive rules -----------------------------------------------------------------


def test_a_retroactive_calendar_is_refused(office: Office) -> None:
    office.branch("hours")
    office.replace("standard.yaml", '    thursday: ["07:30-12:00", "13:00-16:00"]',
                   '    thursday: ["07:30-07:31"]')
    office.commit("jam kerja", "hendra")
    code, found = office.check_base()
    assert code == 1
    assert {"rules.retroactive_calendar", "rules.retroactive_result"} <= errors(found)
    results = {f["file"]: f for f in found if f["code"] == "rules.retroactive_result"}
    assert "B.4" in str(results[ANALYSED]["message"])  # the case and the step are named


def test_a_past_closure_is_refused_even_where_no_case_crosses_it(office: Office) -> None:
    office.branch("past-closure")
    office.replace("standard.yaml", "  extra_closures: []",
                   "  extra_closures:\n    - {date: \"2026-10-05\", name: Libur, basis: X}")
    office.commit("penutupan", "hendra")
    code, found = office.check_base()
    assert code == 1 and errors(found) == {"rules.retroactive_calendar"}


def test_a_retroactive_version_is_refused_a_future_one_passes(office: Office) -> None:
    office.branch("version")
    version = ("  - version: \"2026.3\"\n    effective_from: \"{day}\"\n"
               "    note: B.3 dilonggarkan.\n    limits:\n      B.3: 1 hari\n")
    office.replace("standard.yaml", "\nunits_of_time:",
                   version.format(day="2026-11-01") + "\nunits_of_time:")
    office.commit("versi 2026.3", "hendra")
    code, found = office.check_base()
    assert code == 1 and "rules.retroactive_version" in errors(found)
    office.replace("standard.yaml", "2026-11-01", "2027-01-01")
    office.commit("versi 2026.3 mulai 2027", "hendra")
    code, found = office.check_base()
    assert code == 0 and warnings(found) == {"rules.changed"}


def test_changing_the_tolerance_may_not_change_which_events_were_recorded_late(
        office: Office) -> None:
    office.branch("tolerance")
    office.replace("standard.yaml", "recording_tolerance: 1 hari", "recording_tolerance: 10 menit")
    office.commit("toleransi", "hendra")
    code, found = office.check_base()
    assert code == 1 and "rules.retroactive_lateness" in errors(found)


# --- append-only operations records, checked corrections ----------------------------------


@pytest.mark.parametrize("attack", ["monitoring_rewritten", "monitoring_deleted",
                                    "survey_deleted", "plan_approval_moved"])
def test_operations_records_are_frozen_once_merged(office: Office, attack: str) -> None:
    office.branch(attack)
    if attack == "monitoring_rewritten":
        office.replace(MONITORING, "result: normal", "result: gangguan")
    elif attack == "monitoring_deleted":
        (office.root / MONITORING).unlink()
    elif attack == "survey_deleted":
        (office.root / SURVEY).unlink()
    else:
        office.replace(PLAN, "  at: \"2026-01-06T09:00:00+07:00\"",
                       "  at: \"2026-01-05T16:00:00+07:00\"")
    office.commit(attack, "fajar")
    code, found = office.check_base()
    assert code == 1
    assert errors(found) & {"record.frozen", "record.deleted", "plan.approved_frozen"}


def test_a_new_monitoring_record_passes(office: Office) -> None:
    office.branch("monitoring")
    text = (office.root / MONITORING).read_text(encoding="utf-8")
    office.write("monitoring/2026/11/MON-20261127-7M6.yaml", text.replace(
        "MON-20260901-7M6", "MON-20261127-7M6").replace("2026-09-01T", "2026-11-27T").replace(
        "09:00:00+07", "13:00:00+07").replace("09:45:00+07", "13:45:00+07"))
    office.commit("pemantauan", "fajar")
    code, found = office.check_base()
    assert (code, errors(found)) == (0, set()), found


def test_a_correction_naming_a_ghost_is_an_error_a_real_one_passes(office: Office) -> None:
    code, found = office.propose(
        "ghost", ANALYSED, event("correction", "2026-11-27T14:00:00", by="fajar",
                                 refers_to=4, reason="Salah tulis.",
                                 changes={"by": "ghost"}),
        "koreksi", "fajar")
    assert code == 1 and "ref.unknown_staff" in errors(found)
    office.replace(ANALYSED, '      by: "ghost"', '      findings: "Layanan rekap macet."')
    office.git("commit", "-q", "--amend", "-am", "koreksi", who="fajar")
    assert office.check_base() == (0, [])


def test_a_correction_handing_the_disposisi_to_a_pelaksana_is_an_error(
        office: Office) -> None:
    code, found = office.propose(
        "fix-b3", ANALYSED, event("correction", "2026-11-27T14:00:00", by="fajar",
                                  refers_to=3, reason="Salah tulis.",
                                  changes={"by": "fajar", "approved_by": "x"}),
        "koreksi", "fajar")
    assert code == 1 and {"approval.not_head", "ref.unknown_staff"} <= errors(found)


def test_a_correction_moving_a_time_back_is_a_late_recording(office: Office) -> None:
    code, found = office.propose(
        "fix-time", ANALYSED, event("correction", "2026-11-27T14:00:00", by="fajar",
                                    refers_to=4, reason="Waktu salah.",
                                    changes={"at": "2026-11-26T09:30:00+07:00"}),
        "koreksi", "fajar")
    assert code == 1 and "recording.late" in errors(found)


# --- a history that cannot be spoofed, people who cannot be forged ------------------------


def test_text_shaped_like_events_does_not_make_late_events_look_timely(
        office: Office) -> None:
    """The spoof: a description whose lines look like event items reaches main first; the
    real event, a day old, comes later. The gate refuses the late event, and the history
    counts only the real events (the old diff-line count took the description's lines)."""
    spoof = ("description: |-\n  Status server:\n  - server: normal\n  - server: normal\n"
             "  - event: repaired\n")
    office.replace(ANALYSED, "origin: memo\n", "origin: memo\n" + spoof)
    office.commit("deskripsi", "fajar")
    code, found = office.propose(
        "real-event", ANALYSED, REPAIRED_LATE,
        "PML-20261126-C2D: analysed → repaired", "fajar")
    assert code == 1 and "recording.late" in errors(found)
    office.merge("real-event", approved_by="hendra")
    item = Git(office.root).read_history().for_case("PML-20261126-C2D")
    assert item is not None and len(item.events) == 5
    merge = office.git("rev-parse", "HEAD").strip()
    assert item.events[4] is not None and item.events[4].sha == merge  # recorded today


def test_forged_author_and_time_are_errors(office: Office) -> None:
    office.branch("forged")
    office.append(ANALYSED, event("repaired", "2026-11-27T14:30:00", by="fajar", tests=TESTS))
    office.git("add", "-A")
    office.git("commit", "-q", "-m", "perbaikan", who="Kepala Biro",
               at="2026-11-20T09:00:00+07:00")
    code, found = office.check_base()
    assert code == 1
    assert {"identity.unregistered_author", "history.commit_time_backwards"} <= errors(found)
    unregistered = next(f for f in found if f["code"] == "identity.unregistered_author")
    assert "Kepala Biro" in str(unregistered["message"])


def test_the_case_page_shows_who_acted_who_recorded_and_the_unproven_approval(
        office: Office) -> None:
    from pelihara.core.timeparse import parse_time
    from pelihara.site.generator import generate

    office.branch("hold-page")
    office.append(ANALYSED, event("held", "2026-11-27T14:00:00", by="fajar",
                                  reason="Menunggu suku cadang.", approved_by="hendra"))
    office.git("add", "-A")
    office.git("commit", "-q", "-m", "hold", who="fajar")
    office.merge("hold-page", by="ratna")  # no Approved-by trailer
    office.branch("forged-name")
    office.append(RECEIVED, event("assigned", "2026-11-27T09:15:00", by="hendra",
                                  officers=["fajar"]))
    office.git("add", "-A")
    office.git("commit", "-q", "-m", "disposisi", who="Kepala Biro <dewi@setneg.go.id>")
    office.git("switch", "-q", "main")
    office.git("merge", "-q", "--ff-only", "forged-name")  # fast-forwarded, as in the attack
    pages = generate(office.root, parse_time("2026-11-27T15:00")).pages
    held = pages["kasus/PML-20261126-C2D/index.md"]
    assert "Persetujuan belum terbukti" in held
    assert "Persetujuan penundaan oleh Ir. Hendra Wijaya, M.T. belum terbukti di git." in held
    received = pages["kasus/PML-20261127-A1B/index.md"]
    assert "Dewi Lestari, A.Md." in received  # the registered recorder, by commit address
    assert "Kepala Biro</td>" not in received  # never the name the commit claims
