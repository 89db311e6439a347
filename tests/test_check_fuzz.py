"""Whatever bytes a case file holds, `pelihara check` answers with findings or a clear error:
exit 1 or 2, never a traceback (issue 2, Must show)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import CliResult, origin
from pelihara.check import run_check
from pelihara.core.timeparse import parse_time

ROOT = Path(__file__).resolve().parents[1]
VALID = (ROOT / "tests" / "corpus" / "valid" / "ringan.yaml").read_bytes()
TARGET = "cases/2026/11/PML-20261103-4QX.yaml"
NOW = parse_time("2026-11-28T10:00:00+07:00")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copy2(ROOT / "standard.yaml", root / "standard.yaml")
    for name in ("registry", "schemas"):
        shutil.copytree(origin(name), root / name)
    (root / TARGET).parent.mkdir(parents=True)
    yield root


def check_bytes(root: Path, raw: bytes) -> list[str]:
    (root / TARGET).write_bytes(raw)
    return [f.code for f in run_check(root, None, NOW).findings if f.file == TARGET]


_yamlish = st.sampled_from([b"- ", b": ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"\n",
                            b"  ", b"\t", b"'", b'"', b"---\n", b"!!python/object ", b"<<: ",
                            b"event: ", b"at: ", b"\x00", b"\xff", b"# c\n", b"? "])


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=300),
    st.lists(_yamlish, max_size=60).map(b"".join),
    st.tuples(st.integers(0, len(VALID) - 1), st.binary(min_size=1, max_size=8)).map(
        lambda t: VALID[:t[0]] + t[1] + VALID[t[0] + len(t[1]):]),
))
def test_any_bytes_give_findings_not_exceptions(repo: Path, raw: bytes) -> None:
    codes = check_bytes(repo, raw)  # raising here would fail the test
    assert "check.rule_failed" not in codes
    if not _utf8(raw):
        assert codes == ["yaml.not_utf8"]
    elif "\x00" in raw.decode("utf-8"):
        assert codes == ["yaml.binary"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=0, max_value=VALID.index(b"\nevents:")))
def test_truncated_files_always_get_findings(repo: Path, cut: int) -> None:
    """Cut before `events:`, no file can be a valid case: something must be reported."""
    codes = check_bytes(repo, VALID[:cut])
    assert codes, cut
    assert "check.rule_failed" not in codes


@pytest.mark.parametrize("raw", [
    b"\x00\x01\x02\xff\xfe" * 50,
    VALID[: len(VALID) // 2],
    VALID[: len(VALID) // 3] + b"\xc3",
    b"[" * 100_000,
    b"a: &a [" + b"*a," * 1000 + b"]\n",
    b"",
])
def test_cli_never_shows_a_traceback(cli: Callable[..., CliResult], repo: Path,
                                     raw: bytes) -> None:
    (repo / TARGET).write_bytes(raw)
    result = cli("check", "--repo", str(repo), "--now", "2026-11-28T10:00+07:00")
    assert result.code in (1, 2), result.out + result.err
    assert "Traceback" not in result.err + result.out
    assert f"{TARGET}:" in result.out
