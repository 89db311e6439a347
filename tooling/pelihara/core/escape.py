r"""Text from records made safe to show: control characters become visible escapes.

A record is written by whoever edits it, and its text reaches terminals, CI logs, JUnit and Code
Quality reports and spreadsheets. There, an escape sequence (ESC [2K, CR) can erase the line
that names an error and print "SEMUA BERES" over it, a newline can forge a finding line of its
own, a right-to-left override can make `exe.txt` read as `txt.exe`, and XML 1.0 cannot hold
most C0 characters at all (JUnit output would not parse). So each such character is written as
a backslash escape a person can read: ESC becomes `\u001b`, a newline `\n`, U+202E `\u202e`.
These are JSON's own escapes, so escaped text inside a JSON string is still valid JSON.

What is escaped: every C0 and C1 control character and DEL (Unicode category Cc), the line and
paragraph separators U+2028/U+2029, the bidirectional embedding, override and isolate controls
(and LRM, RLM, ALM), lone surrogates, and the non-characters U+FFFE/U+FFFF (not allowed in
XML). Everything else, including non-breaking and ideographic spaces and emoji joiners, which
legitimately appear in Indonesian text pasted from office documents, is left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

_CONTROLS = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_LAST_CONTROL = 0x2069
_CONTROL = re.compile(f"[{_CONTROLS}]")
_UNSAFE = re.compile(f"[{_CONTROLS}\ud800-\udfff\ufffe\uffff]")


def _escape(char: str) -> str:
    return _NAMED.get(char) or f"\\u{ord(char):04x}"  # every unsafe character is in the BMP


def visible(text: str, keep: str = "") -> str:
    """`text` with every unsafe character (see the module docstring) written as an escape.
    Characters in `keep` (e.g. "\\n" for a multi-line spreadsheet cell) stay as they are."""
    if _UNSAFE.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return _UNSAFE.sub(lambda m: m[0] if m[0] in keep else _escape(m[0]), text)


def first_control(text: str, keep: str = "") -> str | None:
    """The first control character in `text` (not counting those in `keep`), or None. The
    non-characters and surrogates `visible` also escapes are not controls: XML cannot hold
    them, but they change nothing on a screen."""
    match = _control_except(keep).search(text)
    return match[0] if match else None


@lru_cache(maxsize=16)
def _control_except(keep: str) -> re.Pattern[str]:
    """The control characters but those in `keep`, as one pattern: a record's text holds
    hundreds of line breaks, and skipping each kept one in Python was a fortieth of a check."""
    if not keep:
        return _CONTROL
    chars = "".join(re.escape(chr(code)) for code in range(_LAST_CONTROL + 1)
                    if _CONTROL.match(chr(code)) and chr(code) not in keep)
    return re.compile(f"[{chars}]")
