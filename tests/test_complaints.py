"""Complaints (section H): legal and illegal transitions, routing through Kepala Biro,
append-only history, and the `pelihara complaint` commands on real files and a real git repo."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pelihara.core import complaints
from pelihara.core.people import People
from pelihara.records import yamlio

HEADS = People({
    "hendra": {"role": "kepala_biro"},
    "maya": {"role": "pranata_komputer"},
    # Plh. Kepala Biro while the head is away: 1-15 December 2026 only.
    "ratna": {"role": "kabag", "acting_head": [
        {"from": "2026-12-01", "until": "2026-12-15", "basis": "ND-123/2026"}]},
})
APPROVAL = {"by": "hendra", "at": "2026-11-04T15:00"}
RECEIVED: dict[str, Any] = {"event": "received", "at": "2026-11-04T14:00", "by": "dewi"}
ROUTED: dict[str, Any] = {"event": "routed", "at": "2026-11-04T15:00", "by": "hendra",
                          "via": "kepala_biro", "to": ["andi"], "approval": APPROVAL}
FOLLOWED: dict[str, Any] = {"event": "followed_up", "at": "2026-11-05T10:00", "by": "andi",
                            "actions": ["x"]}
DISCUSSED: dict[str, Any] = {"event": "discussed", "at": "2026-11-06T09:00", "by": "andi",
                             "meeting": {"attendees": ["Biro DI"], "minutes": "NOT-1"}}
CLOSED: dict[str, Any] = {"event": "closed", "at": "2026-11-06T11:00", "by": "andi",
                          "resolution": "selesai"}


def _codes(events: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(p.index, p.code) for p in complaints.replay(events, HEADS).problems]


def test_full_flow_is_legal() -> None:
    events = [RECEIVED, ROUTED, FOLLOWED, DISCUSSED, {**FOLLOWED, "at": "2026-11-06T10:00"},
              {**DISCUSSED, "at": "2026-11-06T10:30"}, CLOSED]
    state = complaints.replay(events, HEADS)
    assert state.problems == []
    assert (state.state, state.closed, state.officers) == ("closed", True, ["andi"])
    assert state.actions == ["x", "x"]


@pytest.mark.parametrize(("events", "expected"), [
    ([ROUTED], [(0, "complaint.illegal_transition")]),
    ([RECEIVED, FOLLOWED], [(1, "complaint.illegal_transition")]),
    ([RECEIVED, ROUTED, FOLLOWED, CLOSED], [(3, "complaint.illegal_transition")]),
    ([RECEIVED, ROUTED, ROUTED], [(2, "complaint.illegal_transition")]),
    ([RECEIVED, ROUTED, FOLLOWED, DISCUSSED, CLOSED, {**FOLLOWED, "at": "2026-11-07T10:00"}],
     [(5, "complaint.after_closed")]),
    ([RECEIVED, {**ROUTED, "at": "2026-11-04T13:00",
                 "approval": {"by": "hendra", "at": "2026-11-04T13:00"}}],
     [(1, "complaint.out_of_order")]),
])
def test_illegal(events: list[dict[str, Any]], expected: list[tuple[int, str]]) -> None:
    assert _codes(events) == expected


def test_routing_rules_of_section_h() -> None:
    # Through Kepala Biro: recorded by him.
    assert _codes([RECEIVED, {**ROUTED, "by": "maya"}]) == [(1, "complaint.route_not_by_head")]
    # Straight to an officer: fine with Kepala Biro's earlier approval...
    direct = {**ROUTED, "by": "maya", "via": "langsung",
              "approval": {"by": "hendra", "at": "2026-11-04T14:50"}}
    assert _codes([RECEIVED, direct]) == []
    # ...but not when the approval comes after, or is not his.
    late = {**direct, "approval": {"by": "hendra", "at": "2026-11-04T16:00"}}
    assert _codes([RECEIVED, late]) == [(1, "complaint.approval_after_routing")]
    other = {**direct, "approval": {"by": "ratna", "at": "2026-11-04T14:50"}}
    assert _codes([RECEIVED, other]) == [(1, "complaint.approver_not_head")]


def test_an_acting_head_counts_on_the_days_of_the_appointment_only() -> None:
    """H.1 through "Kepala Biro" is through whoever heads the bureau that day: the Plh. in
    her period (approving, or routing herself), nobody else and not the day after it ends."""
    received = {**RECEIVED, "at": "2026-12-10T09:00"}
    through_her = {**ROUTED, "at": "2026-12-10T10:00", "by": "ratna",
                   "approval": {"by": "ratna", "at": "2026-12-10T09:30"}}
    assert _codes([received, through_her]) == []
    after = {**RECEIVED, "at": "2026-12-16T09:00"}
    too_late = {**through_her, "at": "2026-12-16T10:00",
                "approval": {"by": "ratna", "at": "2026-12-16T09:30"}}
    assert _codes([after, too_late]) == [(1, "complaint.approver_not_head"),
                                         (1, "complaint.route_not_by_head")]
    problem = complaints.replay([after, too_late], HEADS).problems[0]
    assert problem.params == {"by": "ratna", "heads": "hendra"}  # who could have, that day
    # Her approval from inside the period still counts for a routing recorded after it ends.
    approved_before = {**too_late, "by": "maya", "via": "langsung",
                       "approval": {"by": "ratna", "at": "2026-12-15T16:00"}}
    assert _codes([{**after, "at": "2026-12-15T15:00"}, approved_before]) == []


def test_append_only() -> None:
    old = [RECEIVED, ROUTED]
    assert complaints.append_only_problems(old, [RECEIVED, ROUTED, FOLLOWED]) == []
    edited = [RECEIVED, {**ROUTED, "to": ["budi"]}, FOLLOWED]
    assert [p.code for p in complaints.append_only_problems(old, edited)] == \
        ["complaint.event_edited"]
    assert [p.code for p in complaints.append_only_problems(old, [RECEIVED])] == \
        ["complaint.event_removed"]
    closed = [RECEIVED, ROUTED, FOLLOWED, DISCUSSED, CLOSED]
    assert [p.code for p in complaints.append_only_problems(closed, [*closed, FOLLOWED])] == \
        ["complaint.frozen"]


def _git(root: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "Uji", "GIT_AUTHOR_EMAIL": "uji@example.test",
           "GIT_COMMITTER_NAME": "Uji", "GIT_COMMITTER_EMAIL": "uji@example.test",
           "PATH": "/usr/bin:/bin", "HOME": str(root)}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                           text=True).stdout


def test_commands_walk_a_complaint_to_closed(repo_copy: Path, cli: Callable[..., Any]) -> None:
    _git(repo_copy, "init", "-q", "-b", "main")
    _git(repo_copy, "add", ".")
    _git(repo_copy, "commit", "-q", "-m", "awal")
    now = ("--now", "2026-11-28T12:00", "--repo", str(repo_copy))
    new = cli("complaint", "new", "--type", "keluhan", "--title", "Laporan   terlambat dikirim",
              "--unit", "biro-umum", "--case", "PML-20261103-4QX", "--by", "dewi", "--at",
              "2026-11-27T09:00", "--channel", "email", "--json", *now)
    assert new.code == 0, new.err
    ident = json.loads(new.out)["complaint"]
    path = repo_copy / "complaints" / "2026" / f"{ident}.yaml"
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/complaint.schema.json\n")

    # Illegal: follow-up before routing. Exit 2, file unchanged, said before anything else and
    # without a position: the event it names was never written (issue 10, item 6).
    before = path.read_text(encoding="utf-8")
    bad = cli("complaint", "follow-up", ident, "--at", "2026-11-27T10:00", *now)
    assert bad.code == 2
    assert bad.err.startswith("Perpindahan pengaduan 'received → followed_up' tidak sah.")
    assert ".yaml:" not in bad.err and "--action" not in bad.err
    assert path.read_text(encoding="utf-8") == before

    steps = [
        ("route", "--by", "maya", "--to", "andi,budi", "--direct", "--approved-by", "hendra",
         "--approved-at", "2026-11-27T09:30", "--at", "2026-11-27T10:00", "--commit"),
        ("follow-up", "--by", "andi", "--action", "Antrean dibersihkan", "--action",
         "Pemantauan ditambah", "--at", "2026-11-27T11:00", "--commit"),
        ("discuss", "--by", "andi", "--minutes", "NOT-020/BDI/11/2026", "--attendee", "Biro DI",
         "--attendee", "Biro Umum", "--at", "2026-11-27T13:30", "--commit"),
        ("close", "--by", "andi", "--resolution", "Diterima unit kerja.", "--at",
         "2026-11-27T14:00", "--commit"),
    ]
    for verb, *rest in steps:
        result = cli("complaint", verb, ident, *rest, *now)
        assert result.code == 0, result.err
    data = yamlio.load_file(path).data
    assert [e["event"] for e in data["events"]] == \
        ["received", "routed", "followed_up", "discussed", "closed"]
    assert data["title"] == "Laporan terlambat dikirim"
    assert data["events"][1] == {
        "event": "routed", "at": "2026-11-27T10:00:00+07:00", "by": "maya", "via": "langsung",
        "to": ["andi", "budi"], "approval": {"by": "hendra", "at": "2026-11-27T09:30:00+07:00"}}
    assert data["events"][3]["meeting"] == {"date": "2026-11-27T13:30:00+07:00",
                                            "attendees": ["Biro DI", "Biro Umum"],
                                            "minutes": "NOT-020/BDI/11/2026"}
    log = _git(repo_copy, "log", "--format=%s", "-4").splitlines()
    assert log == [f"{ident}: discussed → closed", f"{ident}: followed_up → discussed",
                   f"{ident}: routed → followed_up", f"{ident}: received → routed"]

    # Closed is frozen.
    frozen = cli("complaint", "note", ident, "--by", "andi", "--note", "x", "--at",
                 "2026-11-27T15:00", "--lang", "en", *now)
    assert frozen.code == 2
    assert "is recorded after the complaint was closed" in frozen.err
    assert "Traceback" not in frozen.err


def test_unknown_complaint_and_case(repo_copy: Path, cli: Callable[..., Any]) -> None:
    result = cli("complaint", "close", "KLH-20261101-ZZZ", "--by", "andi", "--resolution", "x",
                 "--repo", str(repo_copy))
    assert result.code == 2
    assert "Pengaduan 'KLH-20261101-ZZZ' tidak ditemukan." in result.err
    result = cli("complaint", "new", "--type", "masukan", "--title", "Saran umum", "--unit",
                 "biro-umum", "--case", "PML-20261101-ZZZ", "--by", "dewi", "--repo",
                 str(repo_copy))
    assert result.code == 2
    assert "Kasus terkait 'PML-20261101-ZZZ' tidak ditemukan." in result.err


def test_sample_complaints_cover_every_state(repo_root: Path) -> None:
    states = set()
    for path in sorted((repo_root / "complaints").glob("*/*.yaml")):
        replayed = complaints.replay(yamlio.load_file(path).data["events"], HEADS)
        assert replayed.problems == [], path
        states.add(replayed.state)
    assert states == set(complaints.STATES)
