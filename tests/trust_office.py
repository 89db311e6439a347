"""A real record repository for the trust tests: registered people with their own commit
addresses, a real SSH signing key for the Kepala Biro, pinned commit dates, and `pelihara`
run as a subprocess exactly as CI runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from helpers import origin

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-27T15:00"
PEOPLE = {
    "hendra": ("Ir. Hendra Wijaya, M.T.", "hendra@setneg.go.id"),
    "fajar": ("Fajar Nugroho, S.Kom.", "fajar@setneg.go.id"),
    "dewi": ("Dewi Lestari, A.Md.", "dewi@setneg.go.id"),
    "ratna": ("Ratna Sari Dewi, S.Kom., M.M.", "ratna@setneg.go.id"),
}
HEADER = "# yaml-language-server: $schema=../../../schemas/case.schema.json\n"
RECEIVED = "cases/2026/11/PML-20261127-A1B.yaml"
"""Received at 08:30 today: waiting for the Kepala Biro's disposisi (B.3)."""
ANALYSED = "cases/2026/11/PML-20261126-C2D.yaml"
"""Analysed (ringan) yesterday at 10:00: being repaired (B.5a)."""
MONITORING = "monitoring/2026/09/MON-20260901-7M6.yaml"
SURVEY = "surveys/2026/PML-20260804-7KM.yaml"
SURVEYED = "cases/2026/08/PML-20260804-7KM.yaml"
PLAN = "plans/2026.yaml"


def case_text(case_id: str, title: str, events: str) -> str:
    return (HEADER + f"id: {case_id}\ntitle: {title}\napplication: kepegawaian\nunit: biro-sdm\n"
            "origin: memo\nstandard_version: \"2026.1\"\nevents:\n" + events)


def memo(day: str) -> str:
    return (f"  - event: submitted\n    at: \"{day}T08:00:00+07:00\"\n    memo:\n"
            f"      number: M-1/SDM/11/2026\n      date: \"{day}\"\n"
            "      sender: Kepala Biro SDM\n      to: hendra\n"
            f"  - event: received\n    at: \"{day}T08:30:00+07:00\"\n    by: dewi\n")


def event(kind: str, at: str, **fields: Any) -> str:
    """One event item in the CLI's own layout (values written as JSON scalars)."""
    lines = [f"  - event: {kind}", f"    at: \"{at}+07:00\""]
    for key, value in fields.items():
        if isinstance(value, dict):
            lines.append(f"    {key}:")
            lines += [f"      {k}: {json.dumps(v)}" for k, v in value.items()]
        else:
            lines.append(f"    {key}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


TESTS = {"a": {"result": "lulus"}, "b": {"result": "lulus"}, "c": {"result": "lulus"}}


class Office:
    """One repository; every commit is made by a named, registered person at a pinned time."""

    def __init__(self, root: Path, key: Path) -> None:
        self.root = root
        self.key = key
        self.clock = datetime.fromisoformat("2026-11-26T10:10:00+07:00")
        self.extra_env: dict[str, str] = {}
        """More environment for `pelihara` (e.g. where pip finds wheels)."""

    def env(self, who: str, at: str | None = None,
            committer: str | None = None) -> dict[str, str]:
        if "<" in who:  # "Any Name <address>": a name chosen by whoever commits
            name, email = who.split("<")[0].strip(), who.split("<")[1].rstrip(">")
        else:
            name, email = PEOPLE.get(who, (who, f"{who}@example.org"))
        c_name, c_email = PEOPLE.get(committer or who, (name, email))
        if at is None:
            self.clock += timedelta(minutes=1)
            at = self.clock.isoformat()
        return {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": c_name, "GIT_COMMITTER_EMAIL": c_email,
                "GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at,
                "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}

    def git(self, *args: str, who: str = "hendra", at: str | None = None,
            committer: str | None = None) -> str:
        proc = subprocess.run(["git", *args], cwd=self.root, env=self.env(who, at, committer),
                              check=True, capture_output=True, text=True)
        return proc.stdout

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str, who: str, *, at: str | None = None,
               signed_by: str | None = None) -> str:
        """Commit everything as `who`. `signed_by`: that person makes (commits) and signs it
        with their SSH key, `who` stays the author (the recorder)."""
        self.git("add", "-A", who=who)
        if signed_by:
            self.git("-c", "gpg.format=ssh", "-c", f"user.signingkey={self.key}", "commit",
                     "-q", "-S", "-m", message, who=who, at=at, committer=signed_by)
        else:
            self.git("commit", "-q", "-m", message, who=who, at=at)
        return self.git("rev-parse", "HEAD").strip()

    def branch(self, name: str) -> None:
        self.git("switch", "-q", "-c", name, "main")

    def merge(self, branch: str, *, approved_by: str | None = None, by: str = "hendra") -> None:
        """Merge `branch` into main with a merge commit made by `by`, as GitLab does;
        `approved_by` adds the trailer GitLab's `%{approved_by}` template writes."""
        self.git("switch", "-q", "main")
        message = f"Merge branch '{branch}' into 'main'"
        if approved_by:
            name, email = PEOPLE[approved_by]
            message += f"\n\nApproved-by: {name} <{email}>"
        self.git("merge", "-q", "--no-ff", "-m", message, branch, who=by)

    def pelihara(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pelihara.cli.main", *args, "--now", NOW],
                              cwd=self.root, capture_output=True, text=True, timeout=600,
                              check=False, env={**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null",
                                                **self.extra_env})

    def check(self, *args: str) -> tuple[int, list[dict[str, Any]]]:
        """`pelihara check ARGS --format json`: (exit code, findings)."""
        proc = self.pelihara("check", *args, "--format", "json")
        assert proc.returncode in (0, 1), proc.stderr
        return proc.returncode, json.loads(proc.stdout)

    def check_base(self) -> tuple[int, list[dict[str, Any]]]:
        return self.check("--base", "main")

    def propose(self, branch: str, rel: str, text: str, message: str, who: str, *,
                signed_by: str | None = None) -> tuple[int, list[dict[str, Any]]]:
        """A merge request: on `branch`, new from main, `text` appended to the record `rel`
        and committed by `who` (see `commit`); what the gate, `check --base main`, says."""
        self.branch(branch)
        self.append(rel, text)
        self.commit(message, who, signed_by=signed_by)
        return self.check_base()


def errors(findings: list[dict[str, Any]]) -> set[str]:
    return {str(f["code"]) for f in findings if f["severity"] == "error"}


def warnings(findings: list[dict[str, Any]]) -> set[str]:
    return {str(f["code"]) for f in findings if f["severity"] == "warning"}


def signing_key(folder: Path) -> tuple[Path, str]:
    """A real ed25519 key made by ssh-keygen: (private key path, public key line)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / "hendra"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "hendra",
                    "-f", str(key)], check=True, capture_output=True)
    return key, (folder / "hendra.pub").read_text(encoding="utf-8").strip()


def make_office(root: Path, keys: Path) -> Office:
    """The sample rules (the Kepala Biro's signing key registered), the plan, a monitoring
    record, a survey and its case, and two cases in progress; committed on main by Hendra."""
    key, public = signing_key(keys)
    root.mkdir(parents=True)
    for name in ("standard.yaml", "registry", "schemas", "mkdocs.yml", "site", PLAN,
                 MONITORING, SURVEY, SURVEYED):
        source, target = origin(name), root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    staff = root / "registry" / "staff.yaml"
    staff.write_text(staff.read_text(encoding="utf-8").replace(
        "    emails: [hendra@setneg.go.id]\n",
        f"    emails: [hendra@setneg.go.id]\n    signing_keys:\n      - {public}\n"),
        encoding="utf-8")
    office = Office(root, key)
    office.write(ANALYSED, case_text(
        "PML-20261126-C2D", "Rekap presensi tidak terbentuk", memo("2026-11-26")
        + event("assigned", "2026-11-26T09:00:00", by="hendra", officers=["fajar"])
        + event("analysed", "2026-11-26T10:00:00", by="fajar", severity="ringan",
                findings="Layanan rekap berhenti setelah pembaruan.")))
    office.git("init", "-q", "-b", "main")
    office.commit("Repositori awal", "hendra", at="2026-11-26T10:10:00+07:00")
    office.write(RECEIVED, case_text("PML-20261127-A1B", "Presensi daring tidak dapat diakses",
                                     memo("2026-11-27")))
    office.commit("PML-20261127-A1B: submitted → received", "dewi",
                  at="2026-11-27T08:35:00+07:00")
    office.clock = datetime.fromisoformat("2026-11-27T14:00:00+07:00")
    return office
