"""Schema regular expressions, run by RE2: time linear in the text, whatever the pattern.

Python's `re` backtracks: `^(a|aa)+$` against forty `a`s and a `b` runs for minutes, and a
schema is only a reviewed rules change away from such a pattern. RE2 (Google's engine, the
`google-re2` package) never backtracks, so `pelihara check` cannot hang on a pattern, in either
validator (`schema.py`). It also reads `$` and `\\d` as JSON Schema's ECMA-262 does: `$` only at
the very end (Python's also matches before a final newline), `\\d` only ASCII digits (Python's
also takes other scripts' digits, e.g. `٣`).

What RE2 cannot run (lookaround, backreferences) or cannot parse is a `PatternError`, which
`schema.py` reports with the schema file and line.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

import re2


class Regex(Protocol):
    def search(self, text: str) -> Any: ...


class _Occurs:
    """A pattern as JSON Schema asks it: does it occur anywhere in the text, yes or no.

    The package's own `search` maps every match's byte offsets back to character offsets and
    builds a match object, which cost more than the match itself (7 of the 16 s a 10,000-case
    check spent validating). The compiled RE2 program answers the question directly.
    """

    __slots__ = ("_match", "_seen")

    def __init__(self, compiled: Any) -> None:
        self._match = compiled._regexp.Match  # the RE2 object behind the package's wrapper
        self._seen: dict[str, bool] = {}

    def search(self, text: str) -> bool:
        """Answers are remembered for short texts: records repeat the same staff, unit and
        application IDs thousands of times. The memory is bounded (cleared when full)."""
        known = self._seen.get(text)
        if known is not None:
            return known
        data = text.encode("utf-8")
        found = bool(self._match(_UNANCHORED, data, 0, len(data))[0] != _NO_MATCH)
        if len(text) <= _REMEMBERED_LENGTH:
            if len(self._seen) >= _REMEMBERED:
                self._seen.clear()
            self._seen[text] = found
        return found


_REMEMBERED = 4096
_REMEMBERED_LENGTH = 64
_UNANCHORED = re2._Anchor.UNANCHORED
_NO_MATCH = re2._NULL_SPAN


class PatternError(ValueError):
    """`pattern` is not a regular expression RE2 can run; `problem` says why (RE2's words)."""

    def __init__(self, pattern: str, problem: str) -> None:
        super().__init__(f"{pattern!r}: {problem}")
        self.pattern = pattern
        self.problem = problem


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # else RE2 prints every bad pattern on stderr itself
    return options


_OPTIONS = _options()


@cache
def compile_pattern(pattern: str) -> Regex:
    """The compiled pattern, once per process. Raises `PatternError`."""
    try:
        return _Occurs(re2.compile(pattern, _OPTIONS))
    except re2.error as exc:
        problem = exc.args[0] if exc.args else exc
        text = problem.decode("utf-8", "replace") if isinstance(problem, bytes) else str(problem)
        raise PatternError(pattern, text) from None
    except (TypeError, ValueError) as exc:  # not text at all, or text RE2 cannot encode
        raise PatternError(str(pattern), str(exc)) from None

