"""Which record kind a repository path is: `*` stands for one path part, never a `/`, and
nothing else in a pattern is special (a `.` is a dot)."""

from __future__ import annotations

import pytest

from pelihara.records.kinds import kind_for


@pytest.mark.parametrize(("rel", "expected"), [
    ("standard.yaml", "standard"),
    ("registry/staff.yaml", "staff"),
    ("cases/2026/11/PML-20261127-RJ4.yaml", "case"),
    ("plans/2026.yaml", "plan"),
    ("monitoring/2026/11/MON-20261127-001.yaml", "monitoring"),
    ("complaints/2026/ADU-20261127-001.yaml", "complaint"),
    ("surveys/2026/PML-20261127-RJ4.yaml", "survey"),
    ("notifications/2026/11/NTF-1.yaml", "notification"),
    ("cases/2026/11/extra/PML-20261127-RJ4.yaml", None),  # a `*` never crosses a folder
    ("cases/2026/PML-20261127-RJ4.yaml", None),
    ("cases/2026/11/PML-20261127-RJ4.yaml.bak", None),
    ("cases/2026/11/PML-20261127-RJ4xyaml", None),  # the dot is a dot
    ("xstandard.yaml", None),
    ("standard.yaml/x", None),
    ("plans/2026.yml", None),
])
def test_kind_for(rel: str, expected: str | None) -> None:
    kind = kind_for(rel)
    assert (kind.name if kind else None) == expected
