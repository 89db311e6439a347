"""Small statistics with their method written down, so a reader can redo them by hand.

Pure. Median: the middle value, or the mean of the two middle values, rounded to the whole
minute (half up). P90: nearest rank — the value at rank ceil(0.9 × n) of the sorted values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def median(values: Sequence[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return math.floor((ordered[middle - 1] + ordered[middle]) / 2 + 0.5)


def percentile(values: Sequence[int], pct: int) -> int | None:
    """Nearest-rank percentile (`pct` in 1..100) of whole minutes."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(pct * len(ordered) / 100))
    return ordered[rank - 1]


def share(part: int, whole: int) -> float | None:
    """Percentage with one decimal, None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None
