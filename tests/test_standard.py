"""standard.yaml is loaded and checked like a state machine: a broken one fails loudly, with
the position of each problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelihara.core.standard import Standard, StandardInvalid, load_standard
from pelihara.records import yamlio

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "standard.yaml").read_text(encoding="utf-8")


def load(text: str) -> Standard:
    return load_standard(yamlio.parse(text, "standard.yaml"))


def broken(text: str) -> list[tuple[str, int]]:
    with pytest.raises(StandardInvalid) as info:
        load(text)
    return [(f.code, f.line) for f in info.value.findings]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_repository_standard_loads() -> None:
    standard = load(TEXT)
    assert [s.id for s in standard.steps.values()] == [
        "B.1", "B.2a", "B.2b", "B.3", "B.4", "B.5a", "B.5b", "B.6", "B.7", "B.8", "B.9", "B.10"]
    assert standard.entry_states == ("submitted", "monitoring")
    assert standard.limit("B.3") == 60
    assert standard.limit("B.8") == 3 * 450


def test_b9_disagreement_is_recorded_and_text_wins() -> None:
    standard = load(TEXT)
    assert standard.limit("B.9") == 120  # the text: 2 jam
    assert standard.limit("B.9", "2025.1") == 450  # the flowchart's 1 hari, older version
    assert "1 hari" in (standard.steps["B.9"].discrepancy or "")


def test_paths_follow_the_flowchart() -> None:
    standard = load(TEXT)
    assert standard.paths["ringan"].steps == ("B.3", "B.4", "B.5a", "B.9", "B.10")
    assert standard.paths["berat"].steps == ("B.3", "B.4", "B.5b", "B.6", "B.7", "B.8", "B.9",
                                            "B.10")
    assert standard.next_states("analysed", "ringan") == ["repaired"]
    assert standard.next_states("analysed", "berat") == ["vendor_notified"]


def test_unknown_step_in_path_is_located() -> None:
    text = TEXT.replace("steps: [B.3, B.4, B.5a, B.9, B.10]", "steps: [B.3, B.4, B.55, B.9, B.10]")
    assert ("standard.unknown_step", line_of(text, "B.55")) in broken(text)


def test_malformed_limit_is_located() -> None:
    text = TEXT.replace("limit: 1 jam\n    from: received", "limit: sejam\n    from: received")
    assert ("standard.bad_limit", line_of(text, "sejam")) in broken(text)


def test_unreachable_state_is_found() -> None:
    orphan = "  orphan: {label: Yatim, label_en: Orphan}\n"
    anchor = "  cancelled: {label: Dibatalkan"
    text = TEXT.replace(anchor, orphan + anchor)
    assert ("standard.unreachable", line_of(text, "orphan:")) in broken(text)


def test_dead_end_state_is_found() -> None:
    # Without B.10 nothing leaves `reported`, so it has no way to a final state.
    start = TEXT.index("  - id: B.10")
    end = TEXT.index("# The two paths")
    text = TEXT[:start] + TEXT[end:]
    text = text.replace("B.9, B.10]", "B.9]")
    codes = [code for code, _ in broken(text)]
    assert "standard.dead_end" in codes


def test_unknown_state_in_step_is_located() -> None:
    text = TEXT.replace("from: vendor_notified\n", "from: vendor_notifed\n")
    assert ("standard.unknown_state", line_of(text, "vendor_notifed")) in broken(text)
