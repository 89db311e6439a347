"""Referensi: reference pages generated from the code and the schemas, so they cannot drift.

- `referensi/cli/`: the help of every `pelihara` command, from the same argparse parsers the
  CLI runs (`pelihara.cli.main.build_parser`);
- `referensi/skema/`: every JSON Schema in schemas/ as a table of fields (path, type, required,
  description), walked from the schema files themselves;
- `referensi/pesan/`: every message code a check or command can print, with both languages'
  message and fix, from the message catalogue.
`tests/test_docs.py` fails when a command, a schema field or a code is missing here.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import Any

from pelihara.i18n import CATALOGUE, tr
from pelihara.site import safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

INDEX = "referensi/index.md"
CLI_PAGE = "referensi/cli/index.md"
SCHEMA_PAGE = "referensi/skema/index.md"
MESSAGE_PAGE = "referensi/pesan/index.md"
NAV = NavEntry(tr("site.reference.nav"), INDEX, ORDER["referensi"],
               ((tr("site.reference.cli"), CLI_PAGE), (tr("site.reference.schemas"), SCHEMA_PAGE),
                (tr("site.reference.messages"), MESSAGE_PAGE)))


def pages(ctx: SiteContext) -> dict[str, str]:
    return {
        INDEX: _index(),
        CLI_PAGE: cli_page(),
        SCHEMA_PAGE: schema_page(ctx.repo.schemas.texts),
        MESSAGE_PAGE: message_page(),
    }


def _wrap(title: str, rows: list[str]) -> str:
    # One <div> of ready HTML: the plugin skips Markdown for it, and nothing here is Markdown.
    return safe.front_matter(title=title) + "<div>\n" + "\n".join(rows) + "\n</div>\n"


def _index() -> str:
    return _wrap(tr("site.reference.nav"), [
        f"<h1>{tr('site.reference.nav')}</h1>", f"<p>{tr('site.reference.intro')}</p>", "<ul>",
        f"<li>{tr('site.reference.cli_item')}</li>",
        f"<li>{tr('site.reference.schemas_item')}</li>",
        f"<li>{tr('site.reference.messages_item')}</li>",
        "</ul>",
    ])


def _parsers(parser: argparse.ArgumentParser, prefix: str) -> Iterator[tuple[str, str]]:
    """(command line, help text) for `parser` and every subcommand below it, depth first."""
    yield prefix, parser.format_help()
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) not in seen:
                    seen.add(id(sub))
                    yield from _parsers(sub, f"{prefix} {name}")


def commands() -> list[tuple[str, str]]:
    from pelihara.cli.main import build_parser  # the CLI imports the site lazily too

    return list(_parsers(build_parser(), "pelihara"))


def cli_page() -> str:
    rows = [f"<h1>{tr('site.reference.cli')}</h1>", f"<p>{tr('site.reference.cli_intro')}</p>"]
    for line, text in commands():
        anchor = line.replace(" ", "-")
        rows += [f'<h2 id="{safe.text(anchor)}"><code>{safe.text(line)}</code></h2>',
                 f"<pre><code>{safe.text(text)}</code></pre>"]
    return _wrap(tr("site.reference.cli"), rows)


def schema_fields(schema: dict[str, Any]) -> list[tuple[str, str, bool, str]]:
    """(path, type, required, description) of every field, `[]` marking list items."""
    defs = schema.get("$defs", {})
    found: list[tuple[str, str, bool, str]] = []
    seen: set[str] = set()

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            merged = {**defs.get(ref.removeprefix("#/$defs/"), {}), **node}
            merged.pop("$ref")
            return merged
        return node

    def walk(node: dict[str, Any], path: str, depth: int) -> None:
        node = resolve(node)
        if depth > 8:
            return
        for sub, sub_path in _subschemas(node, path):
            walk(sub, sub_path, depth + 1)
        required = set(node.get("required", []))
        for name, child in (node.get("properties") or {}).items():
            child = resolve(child)
            full = f"{path}.{name}" if path else name
            if full not in seen:  # a branch may restate a field: list it once, walk both
                seen.add(full)
                text = str(child.get("description", child.get("title", "")))
                found.append((full, _type(child), name in required, text))
            walk(child, full, depth + 1)

    walk(schema, "", 0)
    return found


def _subschemas(node: dict[str, Any], path: str) -> Iterator[tuple[dict[str, Any], str]]:
    """The schemas inside `node` that describe fields at `path` or below it, besides its
    properties: list items, maps keyed by id (states, limits) and the branches of
    anyOf/oneOf/allOf and if-then; a reader needs them as much as the plain properties."""
    star = f"{path}.*" if path else "*"
    items = node.get("items")
    if isinstance(items, dict):
        yield items, f"{path}[]"
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        yield extra, star
    patterns = node.get("patternProperties")
    if isinstance(patterns, dict):
        yield from ((sub, star) for sub in patterns.values())
    for key in ("anyOf", "oneOf", "allOf"):
        yield from ((branch, path) for branch in node.get(key, []))
    for key in ("then", "else"):
        if isinstance(node.get(key), dict):
            yield node[key], path


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return tr("site.reference.one_of", values=", ".join(str(v) for v in node["enum"]))
    kind = node.get("type", "")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    fmt = node.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def schema_page(texts: Mapping[str, str]) -> str:
    """The reference page of the schemas, from the texts `Repository.schemas` read (never
    followed, bounded: `records.schema.load_schema_set`)."""
    rows = [f"<h1>{tr('site.reference.schemas')}</h1>",
            f"<p>{tr('site.reference.schemas_intro')}</p>"]
    for path in sorted(PurePosixPath(n) for n in texts if n.endswith(".schema.json")):
        schema = json.loads(texts[path.name])
        rows += [f'<h2 id="{safe.text(path.stem)}">{safe.text(schema.get("title", path.stem))}'
                 f" <small><code>schemas/{safe.text(path.name)}</code></small></h2>",
                 f"<p>{safe.text(schema.get('description', ''))}</p>",
                 "<table><thead><tr><th>Kolom</th><th>Tipe</th><th>Wajib</th>"
                 "<th>Keterangan</th></tr></thead><tbody>"]
        rows += [f"<tr><td><code>{safe.text(name)}</code></td><td>{safe.text(kind)}</td>"
                 f"<td>{tr('words.yes') if required else ''}</td><td>{safe.text(text)}</td></tr>"
                 for name, kind, required, text in schema_fields(schema)]
        rows.append("</tbody></table>")
    return _wrap(tr("site.reference.schemas"), rows)


def message_page() -> str:
    rows = [f"<h1>{tr('site.reference.messages')}</h1>",
            f"<p>{tr('site.reference.messages_intro')}</p>",
            f"<table><thead><tr><th>{tr('site.reference.code')}</th>"
            f"<th>{tr('site.reference.message')}</th><th>{tr('site.reference.fix')}</th>"
            f"<th>{tr('site.reference.other_language')}</th></tr></thead><tbody>"]
    for code, entry in sorted(CATALOGUE.items()):
        if not entry.is_message:
            continue  # a label or a sentence, not something a user looks up
        rows.append(f'<tr id="{safe.text(code)}"><td><code>{safe.text(code)}</code></td>'
                    f"<td>{safe.text(entry.id)}</td><td>{safe.text(entry.hint_id)}</td>"
                    f"<td>{safe.text(entry.en)} {safe.text(entry.hint_en)}</td></tr>")
    rows.append("</tbody></table>")
    return _wrap(tr("site.reference.messages"), rows)
