"""One translation mechanism (issue 11, item 6): every word a user reads comes from the
catalogue (`tooling/pelihara/i18n/catalogue/*.yaml`), in Bahasa Indonesia and English.

- every entry has both languages, with the same placeholders;
- every code the source or a template names exists;
- no module outside `pelihara.i18n` branches on the language (`lang == "en"`) or keeps its own
  table of words (a dict keyed by "id"/"en", a `TEXT`/`*_LABELS`/`*_NAMES` table).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from pelihara.core.findings import Finding, Severity
from pelihara.core.text import Text
from pelihara.i18n import CATALOGUE, tr
from pelihara.i18n.entries import CatalogueError, load
from pelihara.i18n.messages import finding_lines, render

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tooling" / "pelihara"
I18N = PACKAGE / "i18n"
TEMPLATE_SUFFIXES = (".j2",)

CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
FILE_NAME = re.compile(r"\.(ya?ml|json|md|py|html|css|js|j2|txt|pdf|csv|xlsx|ics|xml|eml)$")
TEMPLATE_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
WORD_TABLE = re.compile(r"^_?([A-Z_]*_)?(TEXTS?|LABELS|WORDS|NAMES|HEADLINES|DAYS|MONTHS|ID|EN)$")

# Not translations: standard.yaml carries its own steps' and states' labels in both languages
# (`label`, `label_en`), data the standard's owner writes; `Standard.label` picks one.
DATA_IN_TWO_LANGUAGES = {"core/standard.py"}
# Words both languages write alike; any other identical pair is an untranslated copy.
SAME_IN_BOTH = {
    "month.4", "month.9", "month.11", "monitor.result.normal", "notice.channel.webhook",
    "readiness.item.source_code", "readiness.item.backup", "schema.type_name.object",
    "schema.type_name.null", "schema.type_name.boolean", "report.period.median",
    "report.extra.status", "report.readiness.source_code", "site.catalogue.item.source_code",
    "site.catalogue.item.backup", "site.reference.other_language"}
# Not words: the registry files' names (`registry/<name>.yaml`).
NOT_WORDS = {("core/registries.py", "NAMES")}

# Modules that predate the catalogue and still wait for their move: these lists only shrink
# (the test fails when one is done, so it is removed here too).
WAITING_BRANCHES: set[str] = set()
WAITING_TABLES: set[tuple[str, str]] = set()


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if I18N not in p.parents)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_every_entry_has_both_languages_with_the_same_placeholders() -> None:
    assert len(CATALOGUE) > 300
    for code, entry in CATALOGUE.items():
        assert entry.id.strip() and entry.en.strip(), code
        words = re.sub(r"\{[^}]*\}", "", entry.id)
        assert entry.id != entry.en or code in SAME_IN_BOTH or not re.search(r"[a-z]{4}", words), \
            f"{code}: the English text is a copy of the Indonesian one"
        assert _placeholders(entry.id) == _placeholders(entry.en), code
        assert bool(entry.hint_id) == bool(entry.hint_en), code
        assert _placeholders(entry.hint_id) == _placeholders(entry.hint_en), code


@pytest.mark.parametrize(("text", "problem"), [
    ("a.b:\n  id: Teks\n", "keys ['id']"),
    ("a.b:\n  id: Teks\n  en: ''\n", "non-empty"),
    ("a.b:\n  id: Teks\n  en: Text\n  hint_id: Cara\n", "keys"),
    ("a.b:\n  id: Teks\n  en: Text\n  de: Text\n", "keys"),
    ("- a.b\n", "mapping of codes"),
])
def test_a_catalogue_file_missing_a_language_fails_to_load(tmp_path: Path, text: str,
                                                           problem: str) -> None:
    (tmp_path / "area.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=re.escape(problem)) as raised:
        load(tmp_path)
    assert "area.yaml" in str(raised.value)


def test_a_code_defined_twice_fails_to_load(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("x.y: {id: Teks, en: Text}\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=re.escape("b.yaml: x.y is defined twice")):
        load(tmp_path)


def _codes_in_source() -> dict[str, str]:
    """Every string constant of the package that names a catalogue area (`area.something`),
    with where it is. Not codes: file names (`standard.yaml`), the keys of a dict (the names
    of standard.yaml's checks) and the fixed part of an f-string (`f"ref.unknown_{what}"`);
    a label table's prefix (`table("notice.kind")`) must start some code."""
    areas = {code.split(".")[0] for code in CATALOGUE}
    found: dict[str, str] = {}
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict)
                for key in node.keys}
        skip |= {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)
                 for part in node.values}
        for node in ast.walk(tree):  # `table("notice.kind")`: a prefix of codes, not a code
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                    node.func, "attr", "")) == "table" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                prefix = str(node.args[0].value)
                assert any(code.startswith(prefix + ".") for code in CATALOGUE), prefix
                skip.add(id(node.args[0]))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in skip
                    and CODE.match(node.value) and not FILE_NAME.search(node.value)
                    and node.value.split(".")[0] in areas):
                found.setdefault(node.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in TEMPLATE_SUFFIXES:
            text = path.read_text(encoding="utf-8")
            for match in TEMPLATE_CALL.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(match.group(1), f"{path.relative_to(ROOT)}:{line}")
    return found


def test_every_code_the_source_and_templates_use_exists() -> None:
    used = _codes_in_source()
    assert len(used) > 200  # the scan sees the code base, not an empty folder
    missing = {code: where for code, where in used.items() if code not in CATALOGUE}
    assert not missing, missing


NOT_WORDS_IN_TEMPLATES = {"NIP", "SHA-", "Message-ID", "Commit"}
"""Names, not words: the civil-servant number, the hash, the mail header, git's term."""


def _template_words(text: str) -> list[str]:
    """Words a template writes itself: text outside tags and Jinja, and sentences in quotes
    inside Jinja (`{{ x or "belum dianalisa" }}`). A catalogue code in quotes is not a word."""
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    found = [literal for block in re.findall(r"\{[{%].*?[%}]\}", text, flags=re.S)
             for _, literal in re.findall(r"([\"'])(.*?)\1", block)
             if re.search(r"[A-Za-z]{3,}", literal) and " " in literal.strip()
             and not CODE.match(literal)]
    text = re.sub(r"\{[{%].*?[%}]\}", " ", text, flags=re.S)
    text = re.sub(r"<!--.*?-->|<script.*?</script>|<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    found += re.findall(r"[A-Za-z][A-Za-z-]{2,}", text)
    return [word for word in found if word not in NOT_WORDS_IN_TEMPLATES]


def test_templates_write_no_words_of_their_own() -> None:
    """Every word on a page, in a report or in an e-mail comes from `t(code)`."""
    templates = sorted(p for p in PACKAGE.rglob("*") if p.suffix in TEMPLATE_SUFFIXES)
    assert len(templates) >= 10
    for path in templates:
        words = _template_words(path.read_text(encoding="utf-8"))
        assert not words, f"{path.relative_to(ROOT)}: {words}"
    assert _template_words('<p>Kasus {{ x or "belum dianalisa" }}</p>') == [
        "belum dianalisa", "Kasus"]
    assert _template_words("<p>{{ t('site.case.dibuka') }}</p><td>{{ n }}</td>") == []


def _language_branches(tree: ast.AST) -> list[int]:
    """Lines comparing something with "en" (`lang == "en"`, `lang in ("en",)`) or a language
    with "id" (`lang != "id"`; `key == "id"` is a record's id field, not a language), or
    building a dict keyed by both languages."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            parts = [part for side in (node.left, *node.comparators) for part in ast.walk(side)]
            consts = {p.value for p in parts if isinstance(p, ast.Constant)}
            names = " ".join(p.id if isinstance(p, ast.Name) else p.attr for p in parts
                             if isinstance(p, ast.Name | ast.Attribute))
            if "en" in consts or ("id" in consts and "lang" in names):
                lines.add(node.lineno)
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"en", "id"} <= keys:
                lines.add(node.lineno)
    return sorted(lines)


def _word_tables(tree: ast.Module) -> list[str]:
    """Module-level word tables: a dict or tuple of texts named like one (`TEXT`,
    `KIND_LABELS`, `NAMES`, `EVENT_HEADLINES`)."""
    names = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        value = getattr(node, "value", None)
        for target in targets:
            if (isinstance(target, ast.Name) and WORD_TABLE.match(target.id)
                    and isinstance(value, ast.Dict | ast.Tuple)):
                names.append(target.id)
    return names


def test_no_module_branches_on_the_language_or_keeps_its_own_words() -> None:
    branches: dict[str, list[int]] = {}
    tables: set[tuple[str, str]] = set()
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(PACKAGE).as_posix()
        if lines := _language_branches(tree):
            branches[rel] = lines
        tables |= {(rel, name) for name in _word_tables(tree)} - NOT_WORDS
    new = {rel: lines for rel, lines in branches.items()
           if rel not in WAITING_BRANCHES | DATA_IN_TWO_LANGUAGES}
    assert not new, f"translate through pelihara.i18n.tr, not inline: {new}"
    assert not WAITING_BRANCHES - set(branches), \
        f"done, remove from WAITING_BRANCHES: {WAITING_BRANCHES - set(branches)}"
    assert not tables - WAITING_TABLES, \
        f"move these words to the catalogue: {tables - WAITING_TABLES}"
    assert not WAITING_TABLES - tables, \
        f"done, remove from WAITING_TABLES: {WAITING_TABLES - tables}"


def test_the_guard_sees_an_inline_translation_and_a_word_table() -> None:
    """The scanner itself: the shapes it must refuse, and their legitimate twins."""
    inline = ast.parse('x = "late" if lang == "en" else "terlambat"\n'
                       'y = {"id": "Tepat", "en": "On time"}\n'
                       'z = lang != "id"\n')
    assert _language_branches(inline) == [1, 2, 3]
    assert _language_branches(ast.parse('a = key == "id"\nb = row["id"] != "x"\n')) == []
    twin = ast.parse('x = tr("verdict.late", lang)\ny = {"id": case_id, "unit": unit}\n')
    assert _language_branches(twin) == []
    tables = ast.parse('TEXT = {"a": "b"}\nKIND_LABELS: dict[str, str] = {}\n'
                       'MONTH_NAMES = ("Januari",)\nCOMMANDS = ("check",)\n'
                       'LABELS = table("verdict")\n')
    assert _word_tables(tables) == ["TEXT", "KIND_LABELS", "MONTH_NAMES"]


def test_tr_fills_placeholders_in_either_language() -> None:
    assert tr("verdict.late") == "terlambat" and tr("verdict.late", "en") == "late"
    with pytest.raises(KeyError):
        tr("no.such_code")


def test_a_word_the_core_names_by_code_is_worded_in_the_readers_language() -> None:
    """The core passes `Text`s, never words: an English message says "hold", not
    "penundaan", and a list of them reads "a, b and c"."""
    params = {"who": "Budi", "what": Text("approval.what.hold")}
    assert render("approval.self", params) == "Budi menyetujui penundaan yang dimintanya sendiri."
    assert render("approval.self", params, "en") == \
        "Budi approves the hold they asked for themselves."
    items = tuple(Text(f"readiness.item.{m}") for m in ("documentation", "source_code", "backup"))
    message = render("readiness.missing", {"application": "simpeg", "items": items,
                                           "requirements": "C.1.e"}, "en")
    assert "lacks documentation, source code and backup (C.1.e)" in message
    assert "dokumentasi, source code dan backup" in render(
        "readiness.missing", {"application": "simpeg", "items": items, "requirements": "-"})


def test_finding_lines_label_a_warning_in_the_readers_language() -> None:
    finding = Finding("cases/a.yaml", 3, 5, "yaml.empty", {}, Severity.WARNING)
    assert "yaml.empty peringatan: Berkas kosong." in finding_lines(finding)
    assert "yaml.empty warning: The file is empty." in finding_lines(finding, "en")


def test_the_catalogue_loads_in_a_fresh_process_without_the_source_tree() -> None:
    """The YAML files ship with the package (package data), so an installed `pelihara`
    finds them: import it from outside the repository."""
    proc = subprocess.run([sys.executable, "-c", "from pelihara.i18n import tr; "
                           "print(tr('verdict.on_time', 'en'))"], cwd="/", capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "on time"


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:  # argparse keeps subparsers only here
        if isinstance(action, argparse._SubParsersAction):
            for sub in {id(p): p for p in action.choices.values()}.values():
                found += _all_parsers(sub)
    return found


def test_every_help_text_of_the_command_line_is_a_catalogue_code() -> None:
    """Help is worded when shown, in the parser's language: an option given a sentence
    instead of a code would show in one language only."""
    from pelihara.cli.main import build_parser

    parsers = _all_parsers(build_parser())
    assert len(parsers) > 20
    texts = [(p.prog, t) for p in parsers
             for t in (p.description, p.epilog, *(a.help for a in p._actions))
             if t and t is not argparse.SUPPRESS]
    choices = [(p.prog, a.help) for p in parsers for action in p._actions
               if isinstance(action, argparse._SubParsersAction)
               for a in action._choices_actions]
    assert len(texts) + len(choices) > 150
    for prog, text in texts + choices:
        assert str(text) in CATALOGUE, (prog, text)
        for value in getattr(text, "params", {}).values():
            assert not isinstance(value, str) or str(value) in CATALOGUE or value.isupper(), \
                (prog, text, value)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_help_is_worded_in_the_chosen_language(lang: str) -> None:
    from pelihara.cli.main import build_parser

    helps = {p.prog: p.format_help() for p in _all_parsers(build_parser(lang=lang))}
    advance = helps["pelihara advance"]
    if lang == "en":
        assert "usage: pelihara advance" in advance and "(required for reported)" in advance
        assert "pemakaian" not in "".join(helps.values())
    else:
        assert "pemakaian: pelihara advance" in advance and "(wajib untuk reported)" in advance
    assert not any("help." in text for text in helps.values())  # no code left unworded


def _schema_values(schema: str, key: str) -> set[str]:
    """Every `enum`/`const` value a schema allows for the property `key`, wherever it is."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            prop = node.get("properties", {}).get(key) if isinstance(
                node.get("properties"), dict) else None
            for allowed in (prop, prop.get("items")) if isinstance(prop, dict) else ():
                if isinstance(allowed, dict):
                    found.update(str(v) for v in allowed.get("enum", []))
                    if "const" in allowed:
                        found.add(str(allowed["const"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((ROOT / "schemas" / schema).read_text(encoding="utf-8")))
    return found


def test_code_families_built_at_run_time_are_complete() -> None:
    """Codes the source builds from a value (`tr(f"month.{n}")`) cannot be found by reading
    the source: every value the schemas and enums allow has its entry."""
    from pelihara.core.vocabulary import Outcome, Verdict

    families = {
        "verdict": {v.value for v in Verdict}, "outcome": {o.value for o in Outcome},
        "month": {str(n) for n in range(1, 13)},
        "weekday": {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday"},
        "site.monitoring.method": _schema_values("monitoring.schema.json", "method"),
        "monitor.result": {"normal", "gangguan"},
        "plan.recurrence": _schema_values("plan.schema.json", "every"),
        "plan_kind": _schema_values("plan.schema.json", "kind"),
        "complaint_kind": _schema_values("complaint.schema.json", "type"),
        "component": _schema_values("case.schema.json", "components"),
    }
    for prefix, values in families.items():
        assert values, prefix
        missing = {v for v in values if f"{prefix}.{v}" not in CATALOGUE}
        assert not missing, (prefix, missing)
