"""The registries (registry/*.yaml) as one typed object with lookups.

Pure core: `Registries.from_data` takes the parsed files' data (the edge reads them) and keeps
every entry that has an `id`, tolerating a broken or missing file (check reports those with
their positions). Lookups answer what the callers ask: is this id known, what is its name,
who is Kepala Biro.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pelihara.core.people import HEAD_ROLE, People

NAMES = ("units", "applications", "vendors", "staff")
"""The registry files, `registry/<name>.yaml`, each a list under the key of the same name."""


class Registry(Mapping[str, dict[str, Any]]):
    """The entries of one registry by id, in file order."""

    def __init__(self, entries: Mapping[str, dict[str, Any]] | None = None) -> None:
        self._entries: dict[str, dict[str, Any]] = dict(entries or {})

    def __getitem__(self, key: str) -> dict[str, Any]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def entry(self, key: object) -> dict[str, Any]:
        """The entry for `key`, or an empty one (an unknown id has no fields)."""
        return self._entries.get(str(key), {}) if key is not None else {}

    def name(self, key: object) -> str:
        """What people call `key`: its `name`, else its `short`/`short_name`, else the id."""
        item = self.entry(key)
        return str(item.get("name") or item.get("short_name") or item.get("short") or
                   ("" if key is None else key))

    def known(self, limit: int = 8) -> str:
        """The first `limit` ids, sorted, for a message that lists what exists."""
        ids = sorted(self._entries)
        return ", ".join(ids[:limit]) + (", …" if len(ids) > limit else "")

    @classmethod
    def from_items(cls, items: Any) -> Registry:
        """Entries from a file's list; items that are not mappings with an id are left out."""
        if not isinstance(items, list):
            return cls()
        return cls({str(i["id"]): i for i in items if isinstance(i, dict) and "id" in i})


@dataclass(frozen=True)
class Registries:
    units: Registry = field(default_factory=Registry)
    applications: Registry = field(default_factory=Registry)
    vendors: Registry = field(default_factory=Registry)
    staff: Registry = field(default_factory=Registry)

    @classmethod
    def from_data(cls, files: Mapping[str, Any]) -> Registries:
        """From each registry file's parsed data, by registry name (a missing name: empty)."""
        def items(name: str) -> Any:
            data = files.get(name)
            return data.get(name) if isinstance(data, dict) else None

        return cls(**{name: Registry.from_items(items(name)) for name in NAMES})

    def __getitem__(self, name: str) -> Registry:
        if name not in NAMES:
            raise KeyError(name)
        registry: Registry = getattr(self, name)
        return registry

    @cached_property
    def people(self) -> People:
        """The staff registry as people (roles, acting heads by date, addresses)."""
        return People(self.staff)

    @property
    def heads(self) -> frozenset[str]:
        """Staff with role kepala_biro. Who may approve on a given day, acting heads included,
        is `people.heads_at`."""
        return frozenset(i for i, s in self.staff.items() if s.get("role") == HEAD_ROLE)

    @property
    def head(self) -> dict[str, Any] | None:
        """The first Kepala Biro in the staff registry: who signs a report by default."""
        return next((s for s in self.staff.values() if s.get("role") == HEAD_ROLE), None)
