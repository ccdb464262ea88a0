"""The type table: every type has a widget in both forms and every widget its writer, reader
and filler; answers as text per type; and the type ``scale`` end to end (definition, both
forms filled and read back, directly and through LibreOffice, tables, compendium)."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROSTER
from docx import Document
from lxml import etree
from test_compendium import RETURNS, store_returns
from test_tables import _record, _sub

from pipeline.definition.answer_text import Shown
from pipeline.definition.answers_schema import answers_validator, build_answers_schema
from pipeline.definition.loading import load_questionnaire, parse_definition
from pipeline.definition.question_types import (
    EXCEL_KINDS,
    FORMATS,
    QUESTION_TYPES,
    WORD_KINDS,
    WidgetKind,
    as_text,
    coerce_answer,
    limit_hints,
    widget_for,
)
from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import DefinitionError
from pipeline.forms.content import Identification
from pipeline.forms.excel import widgets as excel_widgets
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.word import widgets as word_widgets
from pipeline.forms.word.filler import fill_docx
from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.forms.word.xml import W_NS, safe_parser
from pipeline.office import resave
from pipeline.publication.compendium import build_compendium
from pipeline.publication.tables import build_tables
from pipeline.returns.answers import current_submissions
from pipeline.round.folder import RoundDir
from pipeline.round.roster import Project

SCALE_DEFINITION = """
id: rating
version: "1"
languages: [de, en]
title: {de: Bewertung, en: Rating}
sections:
  - id: s
    title: {de: Netzwerk, en: Network}
    questions:
      - id: name
        type: text
        label: {de: Name, en: Name}
      - id: support
        type: scale
        low: {de: trifft gar nicht zu, en: does not apply at all}
        high: {de: trifft voll zu, en: fully applies}
        label: {de: Das Netzwerk unterstützt uns gut., en: The network supports us well.}
      - id: mood
        type: scale
        min: 0
        max: 10
        label: {de: Stimmung im Team, en: Mood in the team}
"""

PROJECT = Project("p1", "Faktencheck Jugend", "Verein", "p1@example.org")


@pytest.fixture(scope="module")
def rating() -> Questionnaire:
    return parse_definition(SCALE_DEFINITION, "rating.yaml")


def _definition_problems(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as info:
        parse_definition(text, "x.yaml")
    return [p.code for p in info.value.problems]


# --- 1. the table ----------------------------------------------------------------------------


def _sample(name: str, **extra: Any) -> str:
    """A definition with one question of type ``name``."""
    keys = "".join(f"\n        {k}: {v}" for k, v in extra.items())
    return SCALE_DEFINITION.split("      - id: name")[0] + (
        f"      - id: x\n        type: {name}\n        label: {{de: X, en: X}}{keys}\n"
    )


TYPE_SAMPLES = {
    "text": {},
    "long_text": {},
    "integer": {},
    "decimal": {},
    "date": {},
    "yes_no": {},
    "select_one": {"choices": "[{value: a, label: {de: A, en: A}}]"},
    "select_multiple": {"choices": "[{value: a, label: {de: A, en: A}}]"},
    "scale": {},
    "email": {},
    "url": {},
    "note": {},
    "table": {"columns": "[{id: c, type: text, label: {de: C, en: C}}]"},
}
WORD_WIDGET = {
    "text": "text_line",
    "long_text": "text_box",
    "integer": "text_line",
    "decimal": "text_line",
    "date": "date_picker",
    "yes_no": "checkboxes",
    "select_one": "checkboxes",
    "select_multiple": "checkboxes",
    "scale": "checkbox_row",
    "email": "text_line",
    "url": "text_line",
    "note": "none",
    "table": "table",
}
EXCEL_WIDGET = {
    "text": "text_cell",
    "long_text": "text_cell",
    "integer": "number_cell",
    "decimal": "number_cell",
    "date": "date_cell",
    "yes_no": "list_cell",
    "select_one": "list_cell",
    "select_multiple": "option_rows",
    "scale": "list_cell",
    "email": "text_cell",
    "url": "text_cell",
    "note": "none",
    "table": "table_sheet",
}


def test_every_type_of_the_table_is_sampled():
    assert set(TYPE_SAMPLES) == set(QUESTION_TYPES)


@pytest.mark.parametrize("name", sorted(QUESTION_TYPES))
def test_every_type_has_a_widget_kind_in_both_formats(name):
    field = parse_definition(_sample(name, **TYPE_SAMPLES[name]), "x.yaml").question("x")
    assert widget_for(field, "word") == WORD_WIDGET[name]
    assert widget_for(field, "excel") == EXCEL_WIDGET[name]
    assert widget_for(field, "word") in WORD_KINDS
    assert widget_for(field, "excel") in EXCEL_KINDS


def test_a_long_select_one_is_a_dropdown_in_word():
    choices = "[" + ", ".join(f"{{value: v{i}, label: {{de: L{i}, en: L{i}}}}}" for i in range(9))
    field = parse_definition(_sample("select_one", choices=choices + "]"), "x.yaml").question("x")
    assert widget_for(field, "word") is WidgetKind.DROPDOWN
    assert widget_for(field, "excel") is WidgetKind.LIST_CELL


def test_every_widget_kind_has_a_writer_reader_and_filler_in_each_format():
    assert set(word_widgets.WIDGETS) == set(WORD_KINDS)
    assert set(excel_widgets.WIDGETS) == set(EXCEL_KINDS)
    for entry in word_widgets.WIDGETS.values():
        assert all(callable(f) for f in (entry.write, entry.read, entry.read_row, entry.fill))
    for entry in excel_widgets.WIDGETS.values():
        assert all(callable(f) for f in (entry.write, entry.read, entry.fill))
        assert entry.layout in ("answer", "option", "table", "")
    assert FORMATS == ("word", "excel")


def test_an_unknown_format_is_refused(rating):
    with pytest.raises(ValueError, match="pdf"):
        widget_for(rating.question("support"), "pdf")


# --- answers as text, per type (literal values, German and English) -----------------------


@pytest.fixture(scope="module")
def every_type():
    text = """
id: every
version: "1"
languages: [de, en]
title: {de: Alles, en: Everything}
choice_lists:
  colours:
    - {value: red, label: {de: rot, en: red}}
    - {value: blue, label: {de: blau, en: blue}}
sections:
  - id: s
    title: {de: S, en: S}
    questions:
      - {id: name, type: text, label: {de: N, en: N}}
      - {id: story, type: long_text, label: {de: G, en: S}}
      - {id: count, type: integer, unit: {de: Personen, en: people}, label: {de: A, en: C}}
      - {id: share, type: decimal, label: {de: A, en: S}}
      - {id: started, type: date, label: {de: B, en: S}}
      - {id: evaluated, type: yes_no, label: {de: E, en: E}}
      - {id: colour, type: select_one, choices: colours, other: true, label: {de: F, en: C}}
      - {id: colours, type: select_multiple, choices: colours, label: {de: F, en: C}}
      - id: support
        type: scale
        low: {de: trifft gar nicht zu, en: does not apply at all}
        high: {de: trifft voll zu, en: fully applies}
        label: {de: U, en: S}
      - {id: mail, type: email, label: {de: M, en: M}}
      - {id: site, type: url, label: {de: W, en: W}}
      - id: partners
        type: table
        label: {de: P, en: P}
        columns:
          - {id: org, type: text, label: {de: Organisation, en: Organisation}}
          - {id: since, type: integer, label: {de: Seit, en: Since}}
          - {id: active, type: yes_no, label: {de: Aktiv, en: Active}}
"""
    return parse_definition(text, "every.yaml")


AS_TEXT = [
    # (question, value, shown, German, English)
    ("name", "  Köln  ", Shown.PRINT, "Köln", "Köln"),
    ("story", "Zeile 1\nZeile 2", Shown.PRINT, "Zeile 1\nZeile 2", "Zeile 1\nZeile 2"),
    ("count", 12000, Shown.PRINT, "12.000 Personen", "12,000 people"),
    ("count", 12000, Shown.FORM, "12000", "12000"),
    ("count", 12000, Shown.TABLE, "12000", "12000"),
    ("share", 2.5, Shown.PRINT, "2,5", "2.5"),
    ("share", 2.5, Shown.FORM, "2,5", "2.5"),
    ("started", "2023-10-12", Shown.PRINT, "12.10.2023", "12 October 2023"),
    ("started", "2023-10-12", Shown.FORM, "12.10.2023", "2023-10-12"),
    ("started", "2023-10-12", Shown.TABLE, "12.10.2023", "12 Oct 2023"),
    ("evaluated", True, Shown.PRINT, "Ja", "Yes"),
    ("evaluated", False, Shown.FORM, "Nein", "No"),
    ("evaluated", True, Shown.TABLE, "ja", "yes"),
    ("colour", "blue", Shown.PRINT, "blau", "blue"),
    ("colour", "other", Shown.PRINT, "Sonstiges", "Other"),
    ("colours", ["red", "blue"], Shown.PRINT, "rot, blau", "red, blue"),
    ("colours", ["red", "blue"], Shown.TABLE, "rot; blau", "red; blue"),
    ("support", 4, Shown.PRINT, "4 (von 5)", "4 (of 5)"),
    ("support", 1, Shown.FORM, "1 – trifft gar nicht zu", "1 – does not apply at all"),
    ("support", 3, Shown.FORM, "3", "3"),
    ("support", 5, Shown.FORM, "5 – trifft voll zu", "5 – fully applies"),
    ("support", 4, Shown.TABLE, "4", "4"),
    ("mail", "a@example.org", Shown.PRINT, "a@example.org", "a@example.org"),
    ("site", "https://example.org", Shown.PRINT, "https://example.org", "https://example.org"),
    (
        "partners",
        [{"org": "Jugendamt", "since": 2020, "active": True}, {"org": "Schule"}],
        Shown.PRINT,
        "Organisation: Jugendamt, Seit: 2020, Aktiv: ja; Organisation: Schule",
        "Organisation: Jugendamt, Since: 2020, Active: yes; Organisation: Schule",
    ),
    ("name", None, Shown.PRINT, "", ""),
    ("colours", [], Shown.PRINT, "", ""),
]


@pytest.mark.parametrize(("qid", "value", "shown", "de", "en"), AS_TEXT)
def test_as_text_per_type(every_type, qid, value, shown, de, en):
    question = every_type.question(qid)
    assert as_text(question, value, "de", shown) == de
    assert as_text(question, value, "en", shown) == en


def test_as_text_shows_the_other_text_given(every_type):
    assert as_text(every_type.question("colour"), "other", "de", other="türkis") == "türkis"


def test_limit_hints_are_one_family_for_both_forms(every_type, rating):
    count = every_type.question("count")
    assert limit_hints(count, "word", "de") == ["Eine ganze Zahl in Personen."]
    assert limit_hints(count, "excel", "en") == ["A whole number in people."]
    colours = every_type.question("colours")
    assert limit_hints(colours, "excel", "de") == [
        "Bitte ein x neben jede zutreffende Option setzen."
    ]
    assert limit_hints(colours, "word", "de") == []
    support = rating.question("support")
    assert limit_hints(support, "excel", "de") == ["Bitte einen Eintrag aus der Liste wählen."]
    assert limit_hints(support, "word", "de") == []


# --- 3. scale: definition, coercion, schema ------------------------------------------------


def test_scale_points_and_ends_in_the_model(rating):
    support, mood = rating.question("support"), rating.question("mood")
    assert (support.min, support.max) == (None, None)  # the defaults 1 and 5 apply
    assert support.low.get("en") == "does not apply at all"
    assert support.high.get("de") == "trifft voll zu"
    assert QUESTION_TYPES["scale"].options(support) == ["1", "2", "3", "4", "5"]
    assert QUESTION_TYPES["scale"].options(mood)[0] == "0"
    assert QUESTION_TYPES["scale"].options(mood)[-1] == "10"


def test_scale_definitions_are_checked():
    assert "scale-order" in _definition_problems(_sample("scale", min=5, max=5))
    assert "limits-order" in _definition_problems(_sample("scale", min=5, max=2))
    assert "scale-order" in _definition_problems(_sample("scale", max=1))
    assert "scale-points" in _definition_problems(_sample("scale", min=1, max=12))
    assert "scale-whole" in _definition_problems(_sample("scale", min=1.5))
    assert "missing-language" in _definition_problems(_sample("scale", low="{de: schlecht}"))
    assert "unknown-key" in _definition_problems(_sample("text", low="{de: a, en: a}"))
    assert "bad-value" in _definition_problems(_sample("scale", high="'gut'"))


SCALE_READS = [
    (4, 4, None),
    (4.0, 4, None),
    ("4", 4, None),  # a ticked box reads as its number: nothing to tell
    (" 2 ", 2, None),
    ("1 – trifft gar nicht zu", 1, None),  # an entry of the form's own dropdown
    ("5 – fully applies", 5, None),
    ("trifft voll zu", 5, "'trifft voll zu' read as 5"),
    ("Does not apply at all", 1, "'Does not apply at all' read as 1"),
]


@pytest.mark.parametrize(("raw", "value", "changed"), SCALE_READS)
def test_scale_coercion_reads_numbers_and_end_labels(rating, raw, value, changed):
    result = coerce_answer(rating.question("support"), raw, "de")
    assert (result.value, result.changed, result.error) == (value, changed, None)


@pytest.mark.parametrize("raw", ["6", 0, "3,5", "viel", True, "4.5", float("nan")])
def test_scale_coercion_refuses_what_is_not_a_point(rating, raw):
    result = coerce_answer(rating.question("support"), raw, "de")
    assert result.error == "not_a_point"
    assert (result.params["min"], result.params["max"]) == (1, 5)


def test_scale_coercion_of_nothing_is_no_answer(rating):
    assert coerce_answer(rating.question("support"), "  ").empty
    assert coerce_answer(rating.question("mood"), "0").value == 0


def test_scale_answer_schema_is_an_integer_of_the_points(rating):
    schema = build_answers_schema(rating)
    assert schema["properties"]["support"] == {
        "title": "1.2 Das Netzwerk unterstützt uns gut.",
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
    }
    assert schema["properties"]["mood"] == {
        "title": "1.3 Stimmung im Team",
        "type": "integer",
        "minimum": 0,
        "maximum": 10,
    }
    validator = answers_validator(schema)
    assert not list(validator.iter_errors({"support": 5, "mood": 0}))
    assert [e.validator for e in validator.iter_errors({"support": 6})] == ["maximum"]
    assert [e.validator for e in validator.iter_errors({"support": 2.5})] == ["type"]


def test_the_bundled_questionnaire_asks_a_scale_question():
    q = load_questionnaire(BUNDLED)
    x = q.question("network_support")
    assert (x.type, x.number, x.compendium.role) == ("scale", "6.3", "fact")
    assert x.low.get("de") == "gar nicht zufrieden"


# --- 3. scale in the Word form ---------------------------------------------------------------


def _ident(q: Questionnaire, lang: str) -> Identification:
    return Identification(q.id, q.version, PROJECT.id, "0123456789abcdef", lang)


def _word_form(tmp_path: Path, q: Questionnaire, lang: str, prefill: dict | None = None) -> Path:
    data = build_docx(q, PROJECT, _ident(q, lang), lang, dt.date(2026, 1, 31), prefill or {})
    path = tmp_path / f"form-{lang}.docx"
    path.write_bytes(data)
    return path


def _document(path: Path) -> Any:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml"), safe_parser())


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def _cell_of_tag(root: Any, tag: str) -> Any:
    node = root.find(f".//{_w('tag')}[@{_w('val')}='{tag}']")
    return next(node.iterancestors(_w("tc")))


def test_word_scale_is_a_row_of_checkboxes_each_alone_in_its_cell(tmp_path, rating):
    root = _document(_word_form(tmp_path, rating, "de"))
    cells = [_cell_of_tag(root, f"support={p}") for p in ("1", "2", "3", "4", "5")]
    rows = [next(c.iterancestors(_w("tr"))) for c in cells]
    assert all(r is rows[0] for r in rows)  # one row
    for cell in cells:  # the checkbox's glyph is the only text of its cell
        assert "".join(cell.itertext()).strip() == "☐"
        assert len(cell.findall(f".//{_w('sdt')}")) == 1
    table = next(cells[0].iterancestors(_w("tbl")))
    texts = ["".join(tc.itertext()).strip() for tc in table.iter(_w("tc"))]
    assert texts[5:] == ["1", "2", "3", "4", "5", "trifft gar nicht zu", "trifft voll zu"]
    mood = [next(_cell_of_tag(root, f"mood={p}").iterancestors(_w("tr"))) for p in range(11)]
    assert all(r is mood[0] for r in mood)


def test_word_scale_prefilled_point_is_ticked(tmp_path, rating):
    root = _document(_word_form(tmp_path, rating, "en", {"support": 2}))
    ticked = [p for p in "12345" if "☒" in "".join(_cell_of_tag(root, f"support={p}").itertext())]
    assert ticked == ["2"]


def _fill_word(tmp_path: Path, q: Questionnaire, lang: str, answers: dict) -> Path:
    filled = tmp_path / f"filled-{lang}.docx"
    fill_docx(_word_form(tmp_path, q, lang), answers, filled, q)
    return filled


@pytest.mark.parametrize("lang", ["de", "en"])
def test_word_scale_filled_reads_back(tmp_path, rating, lang):
    filled = _fill_word(tmp_path, rating, lang, {"name": "A", "support": 4, "mood": 0})
    content = read_docx(filled.read_bytes(), rating)
    assert content.answers["support"].value == "4"
    assert content.answers["support"].via == "tag"
    assert coerce_answer(rating.question("support"), content.answers["support"].value).value == 4
    assert content.answers["mood"].value == "0"
    assert not content.problems


def test_word_scale_with_two_ticks_warns(tmp_path, rating):
    filled = _fill_word(tmp_path, rating, "de", {"support": 4})
    data = filled.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    root = etree.fromstring(parts["word/document.xml"], safe_parser())
    sdt = _cell_of_tag(root, "support=2").find(f".//{_w('sdt')}")
    sdt.find(".//{http://schemas.microsoft.com/office/word/2010/wordml}checked").set(
        "{http://schemas.microsoft.com/office/word/2010/wordml}val", "1"
    )
    parts["word/document.xml"] = etree.tostring(root)
    twice = tmp_path / "twice.docx"
    with zipfile.ZipFile(twice, "w") as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
    content = read_docx(twice.read_bytes(), rating)
    assert content.answers["support"].value == ["2", "4"]
    assert [p.code for p in content.problems] == ["form-several-ticked"]


def test_word_scale_reads_back_from_its_row_without_tags_or_bookmarks(tmp_path, rating):
    filled = _fill_word(tmp_path, rating, "de", {"name": "A", "support": 2})
    with zipfile.ZipFile(filled) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    root = etree.fromstring(parts["word/document.xml"], safe_parser())
    for node in [*root.iter(_w("tag")), *root.iter(_w("alias")), *root.iter(_w("bookmarkStart"))]:
        node.getparent().remove(node)
    parts["word/document.xml"] = etree.tostring(root)
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(bare, "w") as zf:
        for name, part in parts.items():
            zf.writestr(name, part)
    content = read_docx(bare.read_bytes(), rating)
    assert (content.answers["support"].value, content.answers["support"].via) == ("2", "row")
    assert "mood" not in content.answers


@pytest.mark.office
def test_word_scale_survives_libreoffice(tmp_path, rating, soffice):
    filled = _fill_word(tmp_path, rating, "de", {"name": "A", "support": 5, "mood": 10})
    saved = resave(filled, tmp_path / "lo")
    content = read_docx(saved.read_bytes(), rating)
    assert coerce_answer(rating.question("support"), content.answers["support"].value).value == 5
    assert coerce_answer(rating.question("mood"), content.answers["mood"].value).value == 10


# --- 3. scale in the Excel form --------------------------------------------------------------


def _excel_form(tmp_path: Path, q: Questionnaire, lang: str) -> Path:
    data = build_xlsx(q, PROJECT, _ident(q, lang), lang, dt.date(2026, 1, 31), {})
    path = tmp_path / f"form-{lang}.xlsx"
    path.write_bytes(data)
    return path


def test_excel_scale_is_a_dropdown_of_the_points(tmp_path, rating):
    path = _excel_form(tmp_path, rating, "de")
    with zipfile.ZipFile(path) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    formulas = [html.unescape(f) for f in re.findall(r"<formula1>([^<]*)</formula1>", sheet)]
    assert '"1 – trifft gar nicht zu,2,3,4,5 – trifft voll zu"' in formulas
    assert any(f.startswith("'") or "!" in f for f in formulas)  # 0..10: 11 labels, a range


@pytest.mark.parametrize(
    ("lang", "label"), [("de", "5 – trifft voll zu"), ("en", "5 – fully applies")]
)
def test_excel_scale_filled_reads_back(tmp_path, rating, lang, label):
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(_excel_form(tmp_path, rating, lang), {"support": 5, "mood": 7}, filled, rating)
    from openpyxl import load_workbook

    ws = load_workbook(filled).worksheets[0]
    assert label in [c.value for row in ws.iter_rows() for c in row]
    content = read_xlsx(filled.read_bytes(), rating)
    assert content.answers["support"].value == 5
    assert content.answers["mood"].value == 7
    assert not content.problems


def test_excel_scale_typed_label_or_number_reads_back(tmp_path, rating):
    from openpyxl import load_workbook

    form = _excel_form(tmp_path, rating, "de")
    wb = load_workbook(form)
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        if row[0].value == "1.2":
            row[3].value = "trifft gar nicht zu"
        if row[0].value == "1.3":
            row[3].value = 9
    typed = tmp_path / "typed.xlsx"
    wb.save(typed)
    content = read_xlsx(typed.read_bytes(), rating)
    assert content.answers["support"].value == 1
    assert content.answers["mood"].value == 9


@pytest.mark.office
def test_excel_scale_survives_libreoffice(tmp_path, rating, soffice):
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(_excel_form(tmp_path, rating, "de"), {"support": 1, "mood": 10}, filled, rating)
    saved = resave(filled, tmp_path / "lo")
    content = read_xlsx(saved.read_bytes(), rating)
    assert content.answers["support"].value == 1
    assert content.answers["mood"].value == 10


# --- 3. scale in the tables and the compendium ---------------------------------------------


def test_tables_summarise_a_scale_like_a_number(rating):
    subs = [
        _sub("p1", {"name": "A", "support": 4, "mood": 7}),
        _sub("p2", {"name": "B", "support": 2}),
        _sub("p3", {"name": "C", "support": 5, "mood": 10}),
    ]
    tables = build_tables(rating, _record(), subs, "de")
    numbers = tables.numbers.set_index("Frage-ID")
    assert list(numbers.index) == ["support", "mood"]
    assert numbers.loc["support", "Anzahl"] == 3
    assert numbers.loc["support", "Minimum"] == 2
    assert numbers.loc["support", "Median"] == 4
    assert numbers.loc["support", "Maximum"] == 5
    assert numbers.loc["support", "Mittelwert"] == 3.6667
    assert list(tables.wide["1.2 Das Netzwerk unterstützt uns gut."]) == [4, 2, 5]


@pytest.fixture(scope="module")
def scale_compendium(tmp_path_factory) -> Document:
    points = {"p01": 4, "p02": 5, "p04": 4, "p05": 2}
    returns = {
        pid: ({**given, "network_support": points[pid]} if pid in points else given, outcome)
        for pid, (given, outcome) in RETURNS.items()
    }
    # 2026.1 charts its first seven choice facts (MAX_CHARTS) and the scale (6.3) comes
    # after the seven: with 3.5-3.7 (scope, states, languages) hidden it is among them
    folder = tmp_path_factory.mktemp("scale")
    text = BUNDLED.read_text("utf-8")
    for heading in (
        "{de: Räumliche Reichweite, en: Geographical scope}",
        "{de: Tätig in den Bundesländern, en: Active in the federal states}",
        "{de: Sprachen, en: Languages}",
    ):
        fact = f"compendium: {{role: fact, heading: {heading}}}"
        assert text.count(fact) == 1
        text = text.replace(fact, "compendium: hidden")
    definition = folder / "promising-practices.yaml"
    definition.write_text(text, "utf-8")
    rd = folder / "round"
    generate_round(definition, ROSTER, rd, formats=("xlsx",))
    store_returns(rd, returns)
    q = load_questionnaire(RoundDir(rd).definition, "de")
    subs = current_submissions(RoundDir(rd))
    data = build_compendium(q, RoundDir(rd).load(), subs, "de", today=dt.date(2026, 3, 1))
    return Document(io.BytesIO(data))


def test_compendium_fact_box_shows_the_point_of_the_scale(scale_compendium):
    cells = [c.text for t in scale_compendium.tables for r in t.rows for c in r.cells]
    assert "Zufriedenheit mit dem Netzwerk" in cells
    facts = [
        cells[i + 1] for i, text in enumerate(cells) if text == "Zufriedenheit mit dem Netzwerk"
    ]
    assert sorted(facts) == ["2 (von 5)", "4 (von 5)", "4 (von 5)", "5 (von 5)"]


def test_compendium_charts_the_scale_with_alt_text(scale_compendium):
    body = etree.tostring(scale_compendium.element.body).decode()
    alts = [html.unescape(a) for a in re.findall(r'descr="([^"]*Netzwerk[^"]*)"', body)]
    assert alts == [
        "Balkendiagramm: Zufriedenheit mit dem Netzwerk. 1 – gar nicht zufrieden: 0, 2: 1, "
        "3: 0, 4: 2, 5 – sehr zufrieden: 1."
    ]
