"""One error model: one exception type reaches the CLI, an internal error leaves a log file
with its traceback and versions, `--debug` / PELIHARA_DEBUG=1 shows tracebacks; the CLI's
Indonesian argparse texts come without patching argparse for the whole process."""

from __future__ import annotations

import argparse
import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pelihara import __version__
from pelihara.cli.main import main
from pelihara.core.errors import PeliharaError
from pelihara.core.standard import StandardInvalid
from pelihara.records import yamlio

# A fault injected into a real command: no real input makes Pelihara crash (that would be a
# bug to fix), so the handler is shown with a command that divides by zero.
CRASH = ("import pelihara.cli.sla as m, sys; from pelihara.cli.main import main; "
         "m.run = lambda args: 1 / 0; sys.exit(main(sys.argv[1:]))")


def _crash(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "PELIHARA_DEBUG"}
    return subprocess.run([sys.executable, "-c", CRASH, "sla", *args], capture_output=True,
                          text=True, check=False, timeout=120,
                          env={**clean, "PELIHARA_CACHE": str(tmp_path / "cache"), **env})


def test_an_internal_error_names_its_log_file(tmp_path: Path) -> None:
    result = _crash(tmp_path)
    assert result.returncode == 2
    assert "Kesalahan internal: ZeroDivisionError" in result.stderr
    assert "Traceback" not in result.stderr
    log = tmp_path / "cache" / "pelihara.log"
    assert str(log) in result.stderr
    text = log.read_text(encoding="utf-8")
    assert f"pelihara {__version__}" in text and "command: pelihara sla" in text
    assert "Traceback" in text and "ZeroDivisionError" in text and "python: " in text


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    for result in (_crash(tmp_path, "--debug"), _crash(tmp_path, PELIHARA_DEBUG="1")):
        assert result.returncode == 2
        assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_without_a_writable_log_the_traceback_is_shown(tmp_path: Path) -> None:
    result = _crash(tmp_path, PELIHARA_CACHE="off")
    assert result.returncode == 2 and "Traceback" in result.stderr


def test_one_exception_type_that_takes_notes() -> None:
    for error in (PeliharaError("x.y", {"a": 1}), yamlio.YamlProblem("yaml.tab", 3, 4, {}),
                  StandardInvalid([])):
        assert isinstance(error, PeliharaError)
        error.add_note("while reading cases/2026/11/x.yaml")
        assert error.__notes__ == ["while reading cases/2026/11/x.yaml"]
    with pytest.raises(PeliharaError) as caught:
        yamlio.parse("a: 1\na: 2\n", "cases/x.yaml")
    assert (caught.value.file, caught.value.line, caught.value.code) == (
        "cases/x.yaml", 2, "yaml.duplicate_key")


def test_a_user_error_shows_no_traceback_unless_asked(repo_root: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert main(["sla", "--repo", str(repo_root), "--now", "kemarin"]) == 2
    err = capsys.readouterr().err
    assert "waktu 'kemarin' tidak dikenali" in err and "Traceback" not in err
    assert main(["sla", "--repo", str(repo_root), "--now", "kemarin", "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_indonesian_usage_without_patching_argparse(capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    before = argparse._  # type: ignore[attr-defined]
    assert main(["export", "tabel"]) == 2
    err = capsys.readouterr().err
    assert "pemakaian: pelihara export" in err
    assert "argumen table: pilihan tidak sah: 'tabel' (pilih salah satu:" in err
    assert main(["--lang", "en", "export", "tabel"]) == 2
    assert "usage: pelihara export" in capsys.readouterr().err
    # Nothing changed for the rest of the process: argparse still speaks English.
    assert argparse._ is before is gettext.gettext  # type: ignore[attr-defined]
    other = argparse.ArgumentParser(prog="x")
    assert other.format_usage().startswith("usage: x")
    assert "options:" in other.format_help()
