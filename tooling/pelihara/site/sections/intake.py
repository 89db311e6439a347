"""Laporkan kerusakan: the page where a unit reports a fault (B.2a) without knowing git.

The form is built from the registries (units, applications, the Kepala Biro the memo goes to)
and the case schema's rules for the fields a case takes from it. The page script
(`site/assets/pelihara-forms.js`) then opens a prefilled, confidential GitLab issue from the
repository's issue template with GitLab's documented URL parameters (`issue[title]`,
`issue[description]`, `issuable_template`, `issue[confidential]`), or, when the site was built
without a GitLab address, writes a ready memo text and the `pelihara new` command. Either way
the report carries a `pelihara-intake` block that `pelihara intake` reads back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pelihara.site import safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry
from pelihara.site.step_form import Schema

PATH = "lapor/index.md"
NAV = NavEntry("Laporkan kerusakan", PATH, ORDER["lapor"])
TEMPLATE = "Laporan-kerusakan"
"""`.gitlab/issue_templates/<TEMPLATE>.md`: GitLab's name for it is the file name."""


@dataclass(frozen=True)
class IntakePage:
    data: dict[str, Any]
    gitlab: bool


def pages(ctx: SiteContext) -> dict[str, str]:
    registries = ctx.repo.registries
    if not registries.units or not registries.applications:
        return {}
    template = (ctx.root / ".gitlab" / "issue_templates" / f"{TEMPLATE}.md").is_file()
    if ctx.repo_url and not template:
        ctx.warn(".gitlab/issue_templates", "site.intake_template_missing", name=TEMPLATE)
    head = registries.head or {}
    case = Schema(ctx.repo).doc["properties"]
    data = {
        "issues": f"{ctx.repo_url.rstrip('/')}/-/issues/new" if ctx.repo_url else "",
        "template": TEMPLATE if template else "",
        "units": [[key, registries.units.name(key)] for key in registries.units],
        "applications": [[key, registries.applications.name(key), str(app.get("owner", ""))]
                         for key, app in registries.applications.items()],
        "head": {"id": str(head.get("id", "")), "position": str(head.get("position", ""))},
        "rules": {"title": {k: case["title"][k] for k in ("minLength", "maxLength")
                            if k in case["title"]}},
    }
    page = IntakePage(data=data, gitlab=bool(ctx.repo_url))
    return {PATH: safe.front_matter(title="Laporkan kerusakan")
            + ctx.render("intake.html.j2", page)}
