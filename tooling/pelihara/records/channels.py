"""Where notices go, configured from the environment (CI variables), never from the repository:
addresses of servers and their passwords are not records.

- `PELIHARA_SMTP_HOST`, `PELIHARA_SMTP_PORT` (default 25; 587 with STARTTLS),
  `PELIHARA_SMTP_FROM` (the sender address), optional `PELIHARA_SMTP_USER`,
  `PELIHARA_SMTP_PASSWORD` and `PELIHARA_SMTP_STARTTLS=1`;
- `PELIHARA_WEBHOOK_URL`: a generic JSON webhook (http or https) for chat bridges;
- `PELIHARA_SITE_URL`: the published site, so each message links to its case page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from pelihara.core.errors import PeliharaError

_ADDRESS = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$")


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False


@dataclass(frozen=True)
class Channels:
    smtp: Smtp | None
    webhook: str | None
    site_url: str

    @property
    def names(self) -> list[str]:
        return [name for name, on in (("email", self.smtp), ("webhook", self.webhook)) if on]


def _bad(variable: str, value: str, expected: str) -> PeliharaError:
    return PeliharaError("notify.bad_setting", {"variable": variable, "value": value,
                                                "expected": expected})


def from_env(env: Mapping[str, str]) -> Channels:
    """The configured channels; a malformed variable is named with what it should hold."""
    smtp = None
    host = env.get("PELIHARA_SMTP_HOST", "").strip()
    if host:
        starttls = env.get("PELIHARA_SMTP_STARTTLS", "").strip() in ("1", "true", "yes")
        port_text = env.get("PELIHARA_SMTP_PORT", "").strip() or ("587" if starttls else "25")
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise _bad("PELIHARA_SMTP_PORT", port_text, "1–65535")
        sender = env.get("PELIHARA_SMTP_FROM", "").strip()
        if not _ADDRESS.match(sender):
            raise _bad("PELIHARA_SMTP_FROM", sender, "pelihara@setneg.go.id")
        smtp = Smtp(host, int(port_text), sender, env.get("PELIHARA_SMTP_USER") or None,
                    env.get("PELIHARA_SMTP_PASSWORD") or None, starttls)
    webhook = env.get("PELIHARA_WEBHOOK_URL", "").strip() or None
    if webhook is not None:
        parts = urlsplit(webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _bad("PELIHARA_WEBHOOK_URL", webhook, "https://chat.example/hooks/…")
    site = env.get("PELIHARA_SITE_URL", "").strip()
    if site and urlsplit(site).scheme not in ("http", "https"):
        raise _bad("PELIHARA_SITE_URL", site, "https://pelihara.setneg.go.id/")
    return Channels(smtp, webhook, site.rstrip("/") + "/" if site else "")
