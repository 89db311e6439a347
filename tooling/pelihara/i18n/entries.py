"""The one catalogue of user text: every word Pelihara shows, in Bahasa Indonesia and English.

Each `catalogue/<area>.yaml` beside this file maps a stable code to its texts. Two shapes:

- a *message* (a finding or an error) says what is wrong and how to fix it:
  `code: {id, hint_id, en, hint_en}`;
- a *text* (a label, a heading, a sentence of a report, a command's help):
  `code: {id, en}`.

Texts are `str.format` templates: `{name}` is filled by the caller, `{hour:02d}` formats a
number. Loading fails, naming the file and the code, when an entry lacks a language, has an
unknown key, or a code is defined twice; `tests/test_i18n.py` also holds both languages to the
same placeholders and every code the source uses to an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

FOLDER = Path(__file__).parent / "catalogue"
LANGS = ("id", "en")
MESSAGE_KEYS = frozenset({"id", "hint_id", "en", "hint_en"})
TEXT_KEYS = frozenset({"id", "en"})


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; raised at import, so no command runs with it."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One code's texts. `hint_id`/`hint_en` are empty for a text that is not a message."""

    id: str
    en: str
    hint_id: str = ""
    hint_en: str = ""

    @property
    def is_message(self) -> bool:
        return bool(self.hint_id)

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.id

    def hint(self, lang: str) -> str:
        return self.hint_en if lang == "en" else self.hint_id


def _entry(path: Path, code: object, raw: object) -> Entry:
    where = f"{path.name}: {code}"
    if not isinstance(code, str) or not isinstance(raw, dict):
        raise CatalogueError(f"{where}: expected `code: {{id: …, en: …}}`")
    keys = frozenset(raw)
    if keys not in (MESSAGE_KEYS, TEXT_KEYS):
        raise CatalogueError(f"{where}: keys {sorted(keys)}; a text has id and en, a message "
                             f"also hint_id and hint_en")
    if not all(isinstance(value, str) and value.strip() for value in raw.values()):
        raise CatalogueError(f"{where}: every language needs a non-empty text")
    return Entry(raw["id"], raw["en"], raw.get("hint_id", ""), raw.get("hint_en", ""))


def load(folder: Path = FOLDER) -> dict[str, Entry]:
    """Every entry of every `*.yaml` in `folder`, by code."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 20x faster at start-up
    entries: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")):
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        if not isinstance(raw, dict):
            raise CatalogueError(f"{path.name}: expected a mapping of codes")
        for code, value in raw.items():
            if code in entries:
                raise CatalogueError(f"{path.name}: {code} is defined twice")
            entries[code] = _entry(path, code, value)
    return entries


CATALOGUE: dict[str, Entry] = load()
