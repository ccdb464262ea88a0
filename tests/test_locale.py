"""The catalogues (de.yaml, en.yaml): complete, consistent, used; plurals, numbers and dates."""

from __future__ import annotations

import ast
import datetime as dt
import re
import string
from pathlib import Path

import click
import pytest

from pipeline.locale.click_messages import build_mo, click_entries, mo_path
from pipeline.locale.formatting import format_number, long_date, table_date, typed_date
from pipeline.locale.texts import LANGUAGES, catalogue, t

PIPELINE = Path(__file__).resolve().parent.parent / "pipeline"
SOURCES = {p: p.read_text("utf-8") for p in [*PIPELINE.rglob("*.py"), *PIPELINE.rglob("*.html")]}
"""The code and the web page's templates (which ask for texts with ``t("web....")`` too)."""
CODE = "\n".join(SOURCES.values())

DYNAMIC = {
    "coerce.": 'coerce.py: t(f"coerce.{coerced.error}")',
    "compendium.figure.": 'compendium.py: t(f"compendium.figure.{name}")',
    "compendium.": 'compendium.py: w.t(f"compendium.{kind}_word")',
    "def.json.": 'checks.py: t(f"def.json.{type}")',
    "def.reason.": 'checks.py: t(f"def.reason.{validator}")',
    "email.": 'coerce.py, roster.py: t(f"email.{kind}")',
    "env.": 'errors.py: t(f"env.{kind}")',
    "form.when_": 'wording.py: t(f"form.when_{condition.op}")',
    "identity.field.": 'ingest.py: t(f"identity.field.{field}")',
    "identity.source.": 'ingest.py: t(f"identity.source.{source}")',
    "ingest.col.": 'cli.py: t(f"ingest.col.{key}")',
    "layout.": 'diff.py: t(f"layout.{what}_added")',
    "review.state.": 'review/states.py: t(f"review.state.{state}")',
    "review.because.": 'review/states.py: t(f"review.because.{found.event}")',
    "outcome.": 'cli.py, tables.py: t(f"outcome.{outcome}")',
    "privacy.kind.": 'privacy.py: t(f"privacy.kind.{kind}")',
    "reject.": 'ingest.py: t(f"reject.{code}")',
    "returns.saved_from.": 'current.py: t(f"returns.saved_from.{source}")',
    "tables.col.": 'tables.py: t(f"tables.col.{key}")',
    "tables.sheet.": 'tables.py: t(f"tables.sheet.{name}")',
    "when.": 'wording.py: t(f"when.{condition.op}")',
    "word.via.": 'reader.py: t(f"word.via.{via}")',
    "translation.language.": 'review/translation.py: t(f"translation.language.{language}")',
    "translation.note.": 'review/translation.py: t(f"translation.note.{language}")',
    "translation.col.": 'review/translation_workbook.py: t(f"translation.col.{c}")',
    "web.nav.": 'web/templates/base.html: t("web.nav." ~ name)',
    "web.next.": 'web/templates/round.html: t("web.next." ~ step.key)',
}
"""Keys the code builds (an f-string around a code), by their fixed start."""


def _forms(entry: object) -> dict[str, str]:
    if isinstance(entry, dict):
        return {form: str(text) for form, text in entry.items() if form != "by"}
    return {"text": str(entry)}


def _placeholders(text: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names | set(re.findall(r"%\((\w+)\)s", text))


def test_both_languages_have_every_key_and_no_other():
    assert set(catalogue("de")) == set(catalogue("en"))
    assert len(catalogue("en")) > 500


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_is_empty(lang):
    empty = [k for k, v in catalogue(lang).items() for x in _forms(v).values() if not x.strip()]
    assert empty == []


def test_the_same_placeholders_in_both_languages_and_every_plural_form():
    different = []
    for key, en in catalogue("en").items():
        de = catalogue("de")[key]
        en_forms, de_forms = _forms(en), _forms(de)
        for form, text in de_forms.items():
            wanted = en_forms.get(form, next(iter(en_forms.values())))
            if _placeholders(text) != _placeholders(wanted):
                different.append((key, form))
        if not key.startswith("click."):  # click's ngettext pairs name the number differently
            within = {frozenset(_placeholders(x)) for f in (en_forms, de_forms) for x in f.values()}
            if len(within) != 1:
                different.append((key, "forms"))
    assert different == []


def test_plural_entries_have_the_forms_babel_chooses():
    for lang in LANGUAGES:
        for key, entry in catalogue(lang).items():
            if isinstance(entry, dict):
                assert set(entry) - {"by"} == {"one", "other"}, (lang, key)
                if "by" in entry:  # the placeholder whose number chooses the form
                    assert entry["by"] in _placeholders(entry["other"]), (lang, key)


def test_every_key_is_used_in_the_code_or_built_there():
    for start in DYNAMIC:
        built = rf"""f["']{re.escape(start)}\{{|["']{re.escape(start)}["'] ~"""  # Python, Jinja
        assert re.search(built, CODE), start
    unused = [
        key
        for key in catalogue("en")
        if f'"{key}"' not in CODE
        and f"'{key}'" not in CODE
        and not key.startswith(("click.", *DYNAMIC))
    ]
    assert unused == []


def test_every_literal_key_the_code_asks_for_exists():
    call = re.compile(r"""\bt\(\s*["']([a-z_]+\.[A-Za-z_.]+)["']""")
    keys = {m.group(1) for source in SOURCES.values() for m in call.finditer(source)}
    keys = {k for k in keys if not k.endswith(".")}  # the start of a key built in a template
    assert len(keys) > 250
    assert sorted(keys - set(catalogue("en"))) == []


def _click_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """click's gettext msgids: the texts of its ``_(...)`` and ``ngettext(...)`` calls."""
    single: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for module in ("core", "exceptions", "types", "parser", "formatting", "decorators"):
        tree = ast.parse(Path(click.__file__).with_name(f"{module}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and texts:
                single.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                pairs.add((texts[0], texts[1]))
    single.add("required")  # core.py: _(extra["required"]) after extra["required"] = "required"
    return single, pairs


def test_click_texts_are_clicks_own_messages_singular_or_plural_as_click_asks():
    single, pairs = _click_messages()
    assert "Missing option" in single and len(pairs) > 5
    for key, msgid in click_entries().items():
        if isinstance(msgid, dict):
            assert (msgid["one"], msgid["other"]) in pairs, key
        else:
            assert msgid in single, key


def test_the_built_click_catalogue_is_up_to_date():
    """After editing a click.* text: python -m pipeline.locale.click_messages."""
    assert mo_path("de").read_bytes() == build_mo("de")


def test_plurals_are_chosen_by_the_number():
    assert (
        t("issue.too_few_words", "de", count=1, limit=5)
        == "1 Wort; bitte schreiben Sie mindestens 5 Wörter."
    )
    assert t("issue.too_few_words", "de", count=3, limit=5).startswith("3 Wörter;")
    assert t("issue.too_few_words", "en", count=1, limit=5) == "1 word; please write at least 5."
    totals = {"returned": 1, "accepted": 1, "incomplete": 0, "missing": 11}
    assert t("status.totals", "de", total=12, **totals).startswith("12 Projekte: 1 zurück")
    assert t("status.totals", "de", total=1, **totals).startswith("1 Projekt: 1 zurück")
    assert t("status.totals", "en", total=12, **totals).startswith("12 projects: 1 returned")
    files = {"accepted": 0, "incomplete": 0, "rejected": 0, "duplicate": 0, "reports": "r"}
    assert t("ingest.summary", "de", files=1, **files).startswith("1 Datei: ")
    assert t("ingest.summary", "de", files=0, **files).startswith("0 Dateien: ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_faked_plural_is_left(lang):
    faked = re.compile(r"\w\((e|en|n|s|es)\)(?!\w)")
    found = [
        key
        for key, entry in catalogue(lang).items()
        for text in _forms(entry).values()
        if faked.search(text)
    ]
    assert found == []


def test_numbers_in_each_language():
    assert format_number(1234.5, "de") == "1234,5"
    assert format_number(12345.5, "de") == "12.345,5"
    assert format_number(12345.5, "en") == "12,345.5"
    assert format_number(1990, "de") == "1990"
    assert format_number(1000000, "de", group_from=None) == "1000000"
    assert format_number(0.1, "de") == "0,1"
    assert format_number(-3.0, "en") == "-3"


def test_one_function_per_meaning_of_a_date():
    day = dt.date(2026, 12, 1)
    assert (long_date(day, "de"), long_date(day, "en")) == ("01.12.2026", "1 December 2026")
    assert (table_date(day, "de"), table_date(day, "en")) == ("01.12.2026", "1 Dec 2026")
    assert table_date("2026-12-01T09:30:00.000000Z", "de") == "01.12.2026"
    assert table_date("", "de") == ""
    assert (typed_date(day, "de"), typed_date(day, "en")) == ("01.12.2026", "2026-12-01")
    assert long_date("not a date", "de") == "not a date"


def test_no_second_format_date_in_the_code():
    assert [p.name for p, s in SOURCES.items() if re.search(r"def format_date\b", s)] == []
