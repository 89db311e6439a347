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

from pelihara.i18n.messages import CATALOGUE
from pelihara.site import safe
from pelihara.site.context import SiteContext
from pelihara.site.sections import ORDER, NavEntry

INDEX = "referensi/index.md"
CLI_PAGE = "referensi/cli/index.md"
SCHEMA_PAGE = "referensi/skema/index.md"
MESSAGE_PAGE = "referensi/pesan/index.md"
NAV = NavEntry("Referensi", INDEX, ORDER["referensi"],
               (("Perintah pelihara", CLI_PAGE), ("Skema catatan", SCHEMA_PAGE),
                ("Kode pesan", MESSAGE_PAGE)))


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
    return _wrap("Referensi", [
        "<h1>Referensi</h1>",
        "<p>Halaman ini dibuat otomatis dari kode dan skema setiap kali situs dibangun, "
        "sehingga selalu sesuai dengan versi yang berjalan.</p>",
        "<ul>",
        '<li><a href="cli/">Perintah <code>pelihara</code></a>: semua perintah dan opsinya.</li>',
        '<li><a href="skema/">Skema catatan</a>: kolom setiap jenis berkas YAML.</li>',
        '<li><a href="pesan/">Kode pesan</a>: arti setiap kode temuan dan cara memperbaikinya.'
        "</li>",
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
    rows = ["<h1>Perintah pelihara</h1>",
            "<p>Keluaran <code>--help</code> setiap perintah. Semua perintah menerima "
            "<code>--lang en</code> untuk pesan berbahasa Inggris. Kode keluar: 0 bersih, "
            "1 ada temuan, 2 kesalahan pemakaian atau internal.</p>"]
    for line, text in commands():
        anchor = line.replace(" ", "-")
        rows += [f'<h2 id="{safe.text(anchor)}"><code>{safe.text(line)}</code></h2>',
                 f"<pre><code>{safe.text(text)}</code></pre>"]
    return _wrap("Perintah pelihara", rows)


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
        return "salah satu: " + ", ".join(str(v) for v in node["enum"])
    kind = node.get("type", "")
    if isinstance(kind, list):
        kind = " | ".join(kind)
    fmt = node.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def schema_page(texts: Mapping[str, str]) -> str:
    """The reference page of the schemas, from the texts `Repository.schemas` read (never
    followed, bounded: `records.schema.load_schema_set`)."""
    rows = ["<h1>Skema catatan</h1>",
            "<p>Setiap berkas catatan dimulai dengan baris "
            "<code># yaml-language-server: $schema=…</code>, sehingga editor memeriksa isinya "
            "saat diketik. <code>[]</code> menandai butir daftar.</p>"]
    for path in sorted(PurePosixPath(n) for n in texts if n.endswith(".schema.json")):
        schema = json.loads(texts[path.name])
        rows += [f'<h2 id="{safe.text(path.stem)}">{safe.text(schema.get("title", path.stem))}'
                 f" <small><code>schemas/{safe.text(path.name)}</code></small></h2>",
                 f"<p>{safe.text(schema.get('description', ''))}</p>",
                 "<table><thead><tr><th>Kolom</th><th>Tipe</th><th>Wajib</th>"
                 "<th>Keterangan</th></tr></thead><tbody>"]
        rows += [f"<tr><td><code>{safe.text(name)}</code></td><td>{safe.text(kind)}</td>"
                 f"<td>{'ya' if required else ''}</td><td>{safe.text(text)}</td></tr>"
                 for name, kind, required, text in schema_fields(schema)]
        rows.append("</tbody></table>")
    return _wrap("Skema catatan", rows)


def message_page() -> str:
    rows = ["<h1>Kode pesan</h1>",
            "<p>Setiap temuan <code>pelihara check</code> dan setiap galat perintah membawa "
            "kode tetap. Cari kodenya di sini untuk arti dan cara memperbaikinya. Teks dalam "
            "{kurung kurawal} diisi sesuai berkasnya.</p>",
            "<table><thead><tr><th>Kode</th><th>Pesan</th><th>Cara memperbaiki</th>"
            "<th>English</th></tr></thead><tbody>"]
    for code in sorted(CATALOGUE):
        message_id, hint_id, message_en, hint_en = CATALOGUE[code]
        rows.append(f'<tr id="{safe.text(code)}"><td><code>{safe.text(code)}</code></td>'
                    f"<td>{safe.text(message_id)}</td><td>{safe.text(hint_id)}</td>"
                    f"<td>{safe.text(message_en)} {safe.text(hint_en)}</td></tr>")
    rows.append("</tbody></table>")
    return _wrap("Kode pesan", rows)
