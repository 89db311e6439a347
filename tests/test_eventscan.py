"""The structural event scanner: exact where it follows the text, and it gives up (so the
strict parser decides) wherever it does not; never fooled by text shaped like events."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import FIXTURES
from pelihara.core import eventscan
from pelihara.records.gitio import locate_events

ROOT = Path(__file__).resolve().parents[1]


def lines(text: str) -> list[bytes]:
    return text.encode().split(b"\n")


def scanned(text: str) -> int | None:
    try:
        return len(eventscan.scan(lines(text)).starts)
    except eventscan.Unfollowed:
        return None


def parsed(text: str) -> int | None:
    state = locate_events(lines(text))
    return None if state is None else len(state.starts)


SPOOF = """id: PML-20261127-AAA
description: |-
  Laporan status server:
  - server: normal
  - event: received
    at: "2026-11-27T08:00:00+07:00"
events:
  - event: submitted
    at: "2026-11-27T07:00:00+07:00"
"""

TRICKY = {
    "block scalar with item-shaped lines": (SPOOF, 1),
    "folded block in an event": ("events:\n  - event: note\n    note: >-\n      - x: y\n"
                                 "      - event: z\n  - event: b\n", 2),
    "items at column 0": ("events:\n- event: a\n- event: b\nx: 1\n", 2),
    "a key after events": ("events:\n  - event: a\n  - event: b\ntitle: t\n", 2),
    "empty flow list": ("events: []\n", 0),
    "flow values and quotes closed on their line": (
        'events:\n  - event: a\n    tests: {a: {result: lulus, notes: "x; y, z"}}\n'
        "    officers: [fajar, 'maya''s']\n  - event: b # komentar\n", 2),
    "nested lists": ("events:\n  - event: a\n    officers:\n      - andi\n      - budi\n", 1),
    "comments and blank lines": ("# c\nevents:\n\n  # - event: fake\n  - event: a\n\n", 1),
}

GIVES_UP = {
    "a quoted scalar spanning lines": 'events:\n  - event: a\n    note: "abc\n  - event: fake"\n',
    "a flow list spanning lines": "events:\n  - event: a\n    officers: [andi,\n  - budi]\n",
    "anchors": "events:\n  - &a {event: a}\n",
    "a repeated events key": "events:\n  - event: a\nevents:\n  - event: b\n",
    "a tab": "events:\n\t- event: a\n",
    "a document marker": "---\nevents:\n  - event: a\n",
    "an explicit indentation indicator": "title: |2\n    - event: x\nevents: []\n",
    "a quoted top-level value spanning lines": 'title: "a\n- event: b"\nevents: []\n',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_the_scanner_counts_what_the_strict_parser_counts(name: str) -> None:
    text, count = TRICKY[name]
    assert scanned(text) == count
    assert parsed(text) == count


@pytest.mark.parametrize("name", sorted(GIVES_UP))
def test_the_scanner_gives_up_where_it_does_not_follow_the_yaml(name: str) -> None:
    assert scanned(GIVES_UP[name]) is None


def test_a_spanning_quoted_scalar_is_left_to_the_parser_which_sees_one_event() -> None:
    assert parsed(GIVES_UP["a quoted scalar spanning lines"]) == 1


def test_every_sample_case_is_followed_and_agrees_with_the_parser() -> None:
    files = sorted((FIXTURES / "cases").glob("*/*/*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert scanned(text) == parsed(text), path


def test_scanning_on_from_the_end_equals_scanning_from_the_start() -> None:
    head = "id: x\nevents:\n  - event: a\n    at: t\n"
    tail = "  - event: b\n    note: |\n      - event: c\n  - event: d\n"
    first = lines(head)[:-1]
    state = eventscan.scan(first)
    whole = first + lines(tail)[:-1]
    resumed = eventscan.scan(whole, state.copy(), len(first))
    assert resumed.starts == eventscan.scan(whole).starts == [2, 4, 7]
    assert len(eventscan.items(whole, resumed)) == 3
