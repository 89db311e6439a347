"""`pelihara notify` against a real SMTP server (aiosmtpd) and a real HTTP server for the
webhook, both on 127.0.0.1 port 0, run as a user would (a subprocess with the environment the
scheduled pipeline sets)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import CliResult, git_env
from notify_scenario import SCENARIO, case_text, event, make_repo, submitted
from notify_servers import Hook, Inbox, Received, smtp_server, webhook_server

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "notices.txt"
SITE = "https://pelihara.setneg.go.id/"

@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_server() as server:
        yield server


def smtp_env(inbox: Inbox) -> dict[str, str]:
    return {"PELIHARA_SMTP_HOST": "127.0.0.1", "PELIHARA_SMTP_PORT": str(inbox.port),
            "PELIHARA_SMTP_FROM": "pelihara@setneg.go.id", "PELIHARA_SITE_URL": SITE}


def notify(repo: Path, now: str, env: dict[str, str], *extra: str) -> CliResult:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PELIHARA_")}
    proc = subprocess.run(
        [sys.executable, "-m", "pelihara.cli.main", "notify", "--repo", str(repo), "--now", now,
         *extra], capture_output=True, text=True, env={**base, **env}, timeout=300, check=False)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def check(repo: Path) -> CliResult:
    proc = subprocess.run([sys.executable, "-m", "pelihara.cli.main", "check", "--repo",
                           str(repo), "--now", "2026-12-31T12:00"], capture_output=True,
                          text=True, timeout=300, check=False)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def dump(message: Received) -> str:
    """What the golden file holds of one message: key, envelope, headers, plain body."""
    return (f"== {message.header('X-Pelihara-Notice')}\n"
            f"Envelope-To: {', '.join(sorted(message.rcpt_tos))}\n"
            f"To: {message.header('To')}\nCc: {message.header('Cc')}\n"
            f"Subject: {message.subject}\n\n{message.text}")


def records(repo: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted((repo / "notifications").glob("*/*/NTF-*.yaml")):
        found.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["deliveries"])
    return found


def by_key(messages: list[Received]) -> dict[str, Received]:
    return {m.header("X-Pelihara-Notice"): m for m in messages}


def test_each_kind_of_notice_goes_to_the_right_people_once(tmp_path: Path, inbox: Inbox) -> None:
    repo = make_repo(tmp_path / "repo", SCENARIO)
    result = notify(repo, "2026-12-02T15:00:00+07:00", smtp_env(inbox))
    assert result.code == 0, result.out + result.err
    messages = inbox.take()
    got = by_key(messages)
    # Every kind of notice is there, and nothing from before `since`.
    kinds = {d["notice"]: d["kind"] for d in records(repo)}
    assert set(kinds.values()) == {"opened", "step", "held", "resumed", "escalated",
                                   "cancelled", "closed", "threshold", "planned"}
    assert not any("9ZZ" in key for key in got)
    assert set(got) == set(kinds)

    # The exact recipients, subject and body of every message, reviewed in the golden file.
    text = "\n".join(dump(got[key]) for key in sorted(got))
    if os.environ.get("PELIHARA_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), (
        "the notices changed; review them and rerun with PELIHARA_UPDATE_GOLDEN=1")

    # Subjects start with the case ID; bodies link to the case page; plain text plus HTML.
    for key, message in got.items():
        if key.startswith("plan/"):
            assert message.subject.startswith("PK-009/BDI/01/2026: ")
            assert f"{SITE}program-kerja/" in message.text
        else:
            assert message.subject.startswith(key.split("/")[0] + ": ")
            assert f"{SITE}kasus/{key.split('/')[0]}/" in message.text
            assert f'href="{SITE}kasus/{key.split("/")[0]}/"' in message.html
        assert message.header("Auto-Submitted") == "auto-generated"
    # A title with markup is text: escaped in the HTML part, as written in the plain part.
    opened = got["PML-20261201-AAA/e1"]
    assert "Disposisi &lt;b&gt;elektronik&lt;/b&gt; gagal terkirim" in opened.html
    assert "Disposisi <b>elektronik</b> gagal terkirim" in opened.text

    # Vendor steps: the vendor is told, the unit gets a copy (tembusan).
    vendor = got["PML-20261201-AAA/e8"]
    assert "layanan@nusantarasistem.example" in vendor.header("To")
    assert vendor.header("Cc") == "Biro Umum <tu.biroumum@setneg.go.id>"
    # The duplicate names its original case.
    duplicate = got["PML-20261201-BBB/e2"]
    assert "PML-20261201-AAA" in duplicate.subject + duplicate.text
    # Planned maintenance: the units whose applications it touches, a week ahead.
    assert {k for k in got if k.startswith("plan/")} == {
        "plan/2026/preventif-desember/2026-12-09/biro-sdm",
        "plan/2026/preventif-desember/2026-12-09/biro-umum"}

    # The records are valid records, and `check` says so.
    checked = check(repo)
    assert checked.code == 0, checked.out + checked.err

    # A second run with nothing new sends nothing and writes nothing.
    before = sorted((repo / "notifications").rglob("*.yaml"))
    again = notify(repo, "2026-12-02T15:15:00+07:00", smtp_env(inbox))
    assert again.code == 0, again.err
    assert inbox.take() == []
    assert sorted((repo / "notifications").rglob("*.yaml")) == before
    assert "0 pemberitahuan terkirim" in again.out


def test_a_breach_at_the_end_of_the_day_waits_for_0730_after_the_holidays(
        tmp_path: Path, inbox: Inbox) -> None:
    # Wednesday 23 Dec 2026: B.4 (2 jam, not urgent) assigned at 14:00 → deadline 16:00.
    # 24 Dec is cuti bersama, 25 Dec Christmas, then the weekend: next working minute is
    # Monday 28 Dec 07:30. B.3 (1 jam, urgent) of another case, received 15:00, breaches at
    # 16:00 and goes out at once.
    cases = {
        "PML-20261223-B4X": case_text(
            "PML-20261223-B4X", "Analisa terlambat",
            submitted("2026-12-23T13:00:00+07:00", 5)
            + event("received", "2026-12-23T13:20:00+07:00", "dewi")
            + event("assigned", "2026-12-23T14:00:00+07:00", "hendra", officers="[andi]")),
        "PML-20261223-B3V": case_text(
            "PML-20261223-B3V", "Disposisi belum diberikan",
            submitted("2026-12-23T14:30:00+07:00", 6)
            + event("received", "2026-12-23T15:00:00+07:00", "dewi")),
    }
    repo = make_repo(tmp_path / "repo", cases, plan=None)
    standard = repo / "standard.yaml"
    standard.write_text(standard.read_text().replace('since: "2026-11-30"',
                                                     'since: "2026-12-24"'))
    night = notify(repo, "2026-12-23T19:00:00+07:00", smtp_env(inbox), "--json")
    assert night.code == 0, night.err
    report = json.loads(night.out)
    sent = {r["notice"] for r in report["sent"]}
    held = {r["notice"]: r["held_until"] for r in report["held"]}
    assert sent == {"PML-20261223-B3V/B.3/terlambat"}
    assert held["PML-20261223-B4X/B.4/terlambat"] == "2026-12-28T07:30:00+07:00"
    assert held["PML-20261223-B4X/B.4/peringatan"] == "2026-12-28T07:30:00+07:00"
    assert held["PML-20261223-B3V/B.3/peringatan"] == "2026-12-28T07:30:00+07:00"
    urgent = inbox.take()
    assert [m.header("X-Pelihara-Notice") for m in urgent] == ["PML-20261223-B3V/B.3/terlambat"]
    assert urgent[0].rcpt_tos == ["hendra@setneg.go.id"]  # actor and head: one person
    assert [d["urgent"] for d in records(repo)] == [True]

    # Still the holidays: nothing goes out.
    holiday = notify(repo, "2026-12-25T10:00:00+07:00", smtp_env(inbox), "--json")
    assert json.loads(holiday.out)["sent"] == [] and inbox.take() == []
    # Monday 07:29: not yet; 07:30: everything held goes out, each once.
    assert json.loads(notify(repo, "2026-12-28T07:29:00+07:00", smtp_env(inbox),
                             "--json").out)["sent"] == []
    morning = notify(repo, "2026-12-28T07:30:00+07:00", smtp_env(inbox), "--json")
    assert {r["notice"] for r in json.loads(morning.out)["sent"]} == set(held)
    got = by_key(inbox.take())
    assert got["PML-20261223-B4X/B.4/terlambat"].rcpt_tos == [
        "andi@setneg.go.id", "hendra@setneg.go.id"]
    sent_at = {d["notice"]: d["sent_at"] for d in records(repo)}
    assert sent_at["PML-20261223-B4X/B.4/terlambat"] == "2026-12-28T07:30:00+07:00"


def test_a_refused_message_is_not_recorded_and_goes_out_on_the_next_run(
        tmp_path: Path, inbox: Inbox) -> None:
    cases = {"PML-20261201-BBB": SCENARIO["PML-20261201-BBB"]}
    repo = make_repo(tmp_path / "repo", cases, plan=None)
    inbox.refuse_messages = 1  # the first message (the new case) is refused whole
    inbox.refuse_rcpt = {"hendra@setneg.go.id"}  # never asked here: not a recipient
    first = notify(repo, "2026-12-01T09:00:00+07:00", smtp_env(inbox), "--json")
    assert first.code == 1, first.err
    report = json.loads(first.out)
    assert [f["notice"] for f in report["failed"]] == ["PML-20261201-BBB/e1"]
    assert "550" in report["failed"][0]["error"]
    assert [r["notice"] for r in report["sent"]] == ["PML-20261201-BBB/e2"]
    assert [d["notice"] for d in records(repo)] == ["PML-20261201-BBB/e2"]
    assert [m.header("X-Pelihara-Notice") for m in inbox.take()] == ["PML-20261201-BBB/e2"]
    second = notify(repo, "2026-12-01T09:15:00+07:00", smtp_env(inbox), "--json")
    assert second.code == 0, second.err
    assert [m.header("X-Pelihara-Notice") for m in inbox.take()] == ["PML-20261201-BBB/e1"]
    assert sorted(d["notice"] for d in records(repo)) == ["PML-20261201-BBB/e1",
                                                           "PML-20261201-BBB/e2"]


def test_a_refused_recipient_is_retried_alone(tmp_path: Path, inbox: Inbox) -> None:
    cases = {"PML-20261201-AAA": case_text(
        "PML-20261201-AAA", "Uji penerima surel ditolak", submitted("2026-12-01T08:00:00+07:00", 1)
        + event("received", "2026-12-01T08:20:00+07:00", "dewi")
        + event("assigned", "2026-12-01T08:40:00+07:00", "hendra", officers="[andi, budi]"))}
    repo = make_repo(tmp_path / "repo", cases, plan=None)
    inbox.refuse_rcpt = {"budi@setneg.go.id"}
    first = notify(repo, "2026-12-01T08:45:00+07:00", smtp_env(inbox), "--json")
    assert first.code == 1
    assert [(f["notice"], f["recipient"]) for f in json.loads(first.out)["failed"]] == [
        ("PML-20261201-AAA/e3", "staff:budi")]
    step = by_key(inbox.take())["PML-20261201-AAA/e3"]
    assert sorted(step.rcpt_tos) == ["andi@setneg.go.id", "tu.biroumum@setneg.go.id"]
    inbox.refuse_rcpt = set()
    notify(repo, "2026-12-01T09:00:00+07:00", smtp_env(inbox))
    retry = inbox.take()
    assert [(m.header("X-Pelihara-Notice"), m.rcpt_tos) for m in retry] == [
        ("PML-20261201-AAA/e3", ["budi@setneg.go.id"])]


def test_the_webhook_gets_json_once_and_a_failing_one_is_retried(
        tmp_path: Path, hook: Hook) -> None:
    repo = make_repo(tmp_path / "repo", {"PML-20261201-BBB": SCENARIO["PML-20261201-BBB"]},
                     plan=None)
    env = {"PELIHARA_WEBHOOK_URL": hook.url, "PELIHARA_SITE_URL": SITE}
    hook.statuses = [500]
    first = notify(repo, "2026-12-01T09:00:00+07:00", env, "--json")
    assert first.code == 1
    assert json.loads(first.out)["failed"][0]["error"] == "HTTP 500"
    assert [p["notice"] for p in hook.posts] == ["PML-20261201-BBB/e2"]
    notify(repo, "2026-12-01T09:15:00+07:00", env)
    notify(repo, "2026-12-01T09:30:00+07:00", env)
    assert [p["notice"] for p in hook.posts] == ["PML-20261201-BBB/e2", "PML-20261201-BBB/e1"]
    cancelled = hook.posts[0]
    assert cancelled["case"] == "PML-20261201-BBB" and cancelled["kind"] == "cancelled"
    assert cancelled["text"].startswith("PML-20261201-BBB: Kasus dibatalkan: Laporan ganda")
    assert cancelled["url"] == f"{SITE}kasus/PML-20261201-BBB/"
    assert ["Kasus asal", f"PML-20261201-AAA {SITE}kasus/PML-20261201-AAA/"] in cancelled["facts"]
    assert {(d["channel"], d["status"]) for d in records(repo)} == {("webhook", 200)}


def test_without_a_channel_notify_says_so_and_exits_2(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"PML-20261201-BBB": SCENARIO["PML-20261201-BBB"]},
                     plan=None)
    result = notify(repo, "2026-12-01T09:00:00+07:00", {})
    assert result.code == 2
    assert "PELIHARA_SMTP_HOST" in result.err and "PELIHARA_WEBHOOK_URL" in result.err
    assert "Traceback" not in result.err
    assert not (repo / "notifications").exists()
    bad = notify(repo, "2026-12-01T09:00:00+07:00", {"PELIHARA_WEBHOOK_URL": "file:///etc/passwd"})
    assert bad.code == 2 and "PELIHARA_WEBHOOK_URL" in bad.err
    # --dry-run needs no channel: it shows what would go out, and sends nothing.
    dry = notify(repo, "2026-12-01T09:00:00+07:00", {}, "--dry-run")
    assert dry.code == 0 and "PML-20261201-BBB/e1" in dry.out
    assert not (repo / "notifications").exists()


def test_a_broken_notice_record_stops_notify_before_anything_is_sent(
        tmp_path: Path, inbox: Inbox) -> None:
    repo = make_repo(tmp_path / "repo", {"PML-20261201-BBB": SCENARIO["PML-20261201-BBB"]},
                     plan=None)
    broken = repo / "notifications" / "2026" / "12" / "NTF-20261201-AB1.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("id: NTF-20261201-AB1\ndeliveries: [\n", encoding="utf-8")
    result = notify(repo, "2026-12-01T09:00:00+07:00", smtp_env(inbox))
    assert result.code == 2
    assert "notifications/2026/12/NTF-20261201-AB1.yaml:" in result.err
    assert inbox.take() == []


GIT_ENV = git_env("2026-12-01T08:30:00+07:00")


def test_commit_records_the_notices_as_the_bot(tmp_path: Path, inbox: Inbox) -> None:
    repo = make_repo(tmp_path / "repo", {"PML-20261201-BBB": SCENARIO["PML-20261201-BBB"]},
                     plan=None)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "awal"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    result = notify(repo, "2026-12-01T09:00:00+07:00", {**smtp_env(inbox), **GIT_ENV},
                    "--commit")
    assert result.code == 0, result.err
    log = subprocess.run(["git", "log", "-1", "--format=%an <%ae>|%cn <%ce>|%s", "--name-only"],
                         cwd=repo, env=env, capture_output=True, text=True, check=True).stdout
    head, _, files = log.partition("\n")
    bot = "Pelihara (pipeline terjadwal) <pelihara-bot@setneg.go.id>"
    assert head == (f"{bot}|{bot}|pelihara notify: 2 pemberitahuan terkirim "
                    "(2026-12-01T09:00:00+07:00)")
    assert files.strip().startswith("notifications/2026/12/NTF-20261201-")
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, env=env,
                            capture_output=True, text=True, check=True).stdout
    assert status == ""


def test_a_merge_request_may_not_edit_or_delete_a_notice_record(tmp_path: Path,
                                                                 inbox: Inbox) -> None:
    repo = make_repo(tmp_path / "repo", {"PML-20261201-BBB": SCENARIO["PML-20261201-BBB"]},
                     plan=None)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-qm", "awal"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True)
    assert notify(repo, "2026-12-01T09:00:00+07:00", {**smtp_env(inbox), **GIT_ENV},
                  "--commit").code == 0
    record = next((repo / "notifications").rglob("NTF-*.yaml"))
    rel = record.relative_to(repo).as_posix()

    def check_base() -> list[tuple[str, str]]:
        proc = subprocess.run(
            [sys.executable, "-m", "pelihara.cli.main", "check", "--repo", str(repo), "--base",
             "HEAD", "--now", "2026-12-01T10:00", "--format", "json"],
            capture_output=True, text=True, env=env, check=False)
        return [(f["file"], f["code"]) for f in json.loads(proc.stdout)
                if f["severity"] == "error"]

    assert check_base() == []
    record.write_text(record.read_text().replace("tu.biroumum@setneg.go.id",
                                                 "tu.birohumas@setneg.go.id"))
    assert check_base() == [(rel, "record.frozen")]
    record.unlink()
    assert check_base() == [(rel, "record.deleted")]
