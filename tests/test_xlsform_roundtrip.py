"""XLSForm round trip (issue 16, point 3): a workbook praxis wrote (``praxis export-xlsform``)
imports back as the questionnaire it was written from, without a problem reported; the same
workbook without its ``praxis_*`` columns imports the way any foreign form does.

Every workbook here is the export's real bytes, read by the real importer; the equality is
the questionnaire model's own (``==`` on the frozen dataclasses).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from ruamel.yaml import YAML

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire, parse_definition
from pipeline.definition.questionnaire import Condition, Questionnaire
from pipeline.xlsform.export import export_xlsform
from pipeline.xlsform.importer import ImportResult, import_xlsform
from pipeline.xlsform.report import RowClass
from tests.conftest import BUNDLED
from tests.test_xlsform_export import EVERY_TYPE

EDGE = """
id: edge_case-form
version: "7"
languages: [de, en]
title: {de: Grenzfälle, en: Edge cases}
network: {de: Netz, en: Net}
choice_lists:
  spare:
    - {value: x, label: {de: X, en: X}}
  answer:
    - {value: ja, label: {de: ja, en: yes}}
    - {value: nein, label: {de: nein, en: no}}
sections:
  - id: ok
    title: {de: Teil, en: Part}
    questions:
      - {id: ok, type: yes_no, required: true, label: {de: Gut?, en: Good?}}
      - id: read
        type: note
        when: {question: ok, equals: true}
        label:
          de: |
            Erste Zeile
            zweite Zeile
          en: "First line\\nsecond line "
        hint: {de: Ein Hinweis, en: A hint}
      - {id: agree, type: select_one, choices: answer, label: {de: Zustimmung, en: Agree}}
      - {id: two, type: scale, min: 0, max: 1, label: {de: Zwei, en: Two}}
      - id: pick
        type: select_multiple
        other: true
        choices:
          - {value: a, label: {de: A, en: A}}
          - {value: b, label: {de: B, en: B}}
        label: {de: Wahl, en: Pick}
      - id: items
        type: table
        required: true
        max_rows: 3
        label: {de: Posten, en: Items}
        compendium: {role: section, heading: {de: Posten, en: Items}}
        columns:
          - {id: ok, type: text, label: {de: Gut, en: Good}}
          - id: amount
            type: decimal
            unit: {de: Euro, en: euros}
            label: {de: Betrag, en: Amount}
  - id: later
    title: {de: Später, en: Later}
    when: {any: [{question: agree, in: [ja, nein]}, {question: pick, excludes: a}]}
    questions:
      - id: why
        type: text
        when: {question: agree, not_equals: ja}
        label: {de: Warum?, en: Why?}
      - id: more
        type: long_text
        max_words: 10
        when: {question: why, answered: false}
        label: {de: Mehr, en: More}
      - id: after
        type: text
        when: {question: items, answered: true}
        label: {de: Danach, en: After}
"""
"""What the bundled questionnaire and the every-type definition do not have: a section, a
question and a column all called ``ok`` (which a condition refers to, so the export renames
the group and the column), texts ending in a line break and a blank, a list of two options
meaning yes and no that is a select_one's, a scale of two points, a question's own options
with "other", a required table with a compendium role and a unit in a column, an unused
list, a section condition with ``in`` and ``excludes``, ``not_equals``, ``answered`` on a
text and on a table, and a questionnaire id with ``_``."""


def _definition(source: str) -> Questionnaire:
    if source == "bundled":
        return load_questionnaire(BUNDLED)
    return parse_definition(EVERY_TYPE if source == "every_type" else EDGE, f"{source}.yaml")


def _round_trip(q: Questionnaire, tmp_path: Path) -> ImportResult:
    path = tmp_path / "form.xlsx"
    path.write_bytes(export_xlsform(q))
    return import_xlsform(path, "en")


def _parsed(definition: dict[str, Any]) -> Questionnaire:
    text = io.StringIO()
    YAML().dump(definition, text)
    return parse_definition(text.getvalue(), "imported.yaml")


@pytest.mark.parametrize("source", ["bundled", "every_type", "edge"])
def test_a_workbook_praxis_wrote_imports_back_without_a_problem(source, tmp_path):
    q = _definition(source)
    result = _round_trip(q, tmp_path)
    assert [p.render() for p in result.problems] == []
    assert set(result.rows.count()) <= {RowClass.EXACT, RowClass.IGNORED}
    assert result.rows.conditions_lost == 0
    # the YAML the command writes (with its header comments) is the same questionnaire
    assert parse_definition(result.yaml_text, "imported.yaml") == q


def test_the_edge_cases_come_back_equal(tmp_path):
    q = _definition("edge")
    result = _round_trip(q, tmp_path)
    back = _parsed(result.definition)
    assert back == q
    assert [s.id for s in back.sections] == ["ok", "later"]
    assert back.question("ok").type == "yes_no"
    assert back.question("agree").type == "select_one"  # ja/nein: the definition's list
    assert back.question("agree").choice_list == "answer"
    assert (back.question("two").type, back.question("two").min, back.question("two").max) == (
        "scale",
        0,
        1,
    )
    assert back.question("pick").choice_list is None  # its own options, in place again
    assert back.question("pick").choice_values == ("a", "b")
    assert back.question("items").columns[0].id == "ok"
    assert back.question("read").label.get("de") == "Erste Zeile\nzweite Zeile\n"
    assert back.question("read").label.get("en") == "First line\nsecond line "
    assert set(back.choice_lists) == {"spare", "answer"}


def test_the_names_the_export_made_unique_come_back_as_ids(tmp_path):
    q = _definition("edge")
    book = openpyxl.load_workbook(io.BytesIO(export_xlsform(q)))
    names = [row[1] for row in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert names[:5] == ["praxis_project", "praxis_token", "ok_section", "ok", "read"]
    assert "ok_column" in names  # the column ok of the table items
    assert "pick_other" in names and "two_scale" not in names
    lists = {row[0] for row in book["choices"].iter_rows(min_row=2, values_only=True)}
    assert lists == {"yes_no", "answer", "two_scale", "pick", "spare"}
    definition = _round_trip(q, tmp_path).definition
    assert definition["id"] == "edge_case-form"
    assert "xlsform" not in definition
    ok = definition["sections"][0]
    assert (ok["id"], "xlsform" in ok) == ("ok", False)
    assert ok["questions"][0]["id"] == "ok"
    assert ok["questions"][5]["columns"][0] == {
        "id": "ok",
        "type": "text",
        "label": {"de": "Gut", "en": "Good"},
    }
    assert list(definition["choice_lists"]) == ["answer", "spare"]


def test_the_conditions_come_back_in_their_own_words(tmp_path):
    definition = _round_trip(_definition("edge"), tmp_path).definition
    later = definition["sections"][1]
    assert later["when"] == {
        "any": [{"question": "agree", "in": ["ja", "nein"]}, {"question": "pick", "excludes": "a"}]
    }
    when = {q["id"]: q["when"] for q in later["questions"]}
    assert when == {
        "why": {"question": "agree", "not_equals": "ja"},
        "more": {"question": "why", "answered": False},
        "after": {"question": "items", "answered": True},
    }


def test_the_export_of_the_edge_cases_converts_without_warnings():
    pyxform = pytest.importorskip("pyxform.xls2xform")
    warnings: list[str] = []
    pyxform.convert(export_xlsform(_definition("edge")), warnings=warnings)
    assert warnings == []


def _without_praxis_columns(data: bytes, path: Path) -> Path:
    """The workbook with every ``praxis_*`` column deleted: as a foreign form."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        heads = [str(c.value or "") for c in sheet[1]]
        for index in reversed(range(len(heads))):
            if heads[index].startswith("praxis_"):
                sheet.delete_cols(index + 1)
    book.save(path)
    return path


def test_without_its_praxis_columns_the_workbook_imports_as_a_foreign_form(tmp_path):
    data = export_xlsform(_definition("every_type"))
    result = import_xlsform(_without_praxis_columns(data, tmp_path / "foreign.xlsx"), "en")
    assert result.ok
    sections = result.definition["sections"]
    assert [s["id"] for s in sections] == ["part_1", "one"]
    assert sections[0]["questions"][0]["id"] == "intro"  # the introduction, as a note
    one = {q["id"]: q for q in sections[1]["questions"]}
    assert "one_intro" in one
    assert (one["points"]["type"], one["points"]["choices"]) == ("select_one", "points_scale")
    assert one["site"]["type"] == "text"
    assert one["many"]["choices"] == "colours_other"
    assert one["shape"]["choices"] == "shape"
    lists = {"colours", "shape", "colours_other", "points_scale"}
    assert set(result.definition["choice_lists"]) == lists
    assert [p.render() for p in result.problems] == [
        "survey!A2 (type): Skipped: praxis has no hidden fields.",
        "survey!A3 (type): Skipped: praxis has no hidden fields.",
        "survey!I8 (constraint): a pattern (regex) is not checked by praxis",  # the words
        "survey!H16 (relevant): This “other, please specify” question became other: true on many.",
        "survey!I18 (constraint): an e-mail pattern: asked as an e-mail address",
        "survey!I19 (constraint): a pattern (regex) is not checked by praxis",  # the url
        "survey!I29 (constraint): an e-mail pattern: asked as an e-mail address",
        "survey!I30 (constraint): a pattern (regex) is not checked by praxis",
        "survey!A21 (type): a repeat: asked as a table (one row per entry)",
        "survey!L17 (appearance): The appearance “likert” (screen layout, 1 row) has no meaning"
        " on a printed form; left out.",
    ]


def test_import_xlsform_of_an_exported_workbook_writes_the_definition_back(tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    assert main(["--lang", "en", "export-xlsform", str(BUNDLED), "-o", str(form)]) == 0
    out = tmp_path / "back.yaml"
    assert main(["--lang", "en", "import-xlsform", str(form), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "72 mapped exactly, 0 approximated, 0 skipped" in said
    assert load_questionnaire(out) == load_questionnaire(BUNDLED)


SMALL = """
id: small
version: "1"
languages: [de, en]
title: {de: Klein, en: Small}
publication: {title: {de: Kompendium, en: Compendium}}
sections:
  - id: s
    title: {de: Teil, en: Part}
    questions:
      - {id: points, type: scale, label: {de: Punkte, en: Points}}
      - {id: ok, type: yes_no, label: {de: Gut?, en: Good?}}
      - {id: why, type: text, when: {question: ok, not_equals: true}, label: {de: Warum?, en: Why?}}
"""


def test_the_differences_docs_xlsform_md_lists_are_all_that_remain(tmp_path):
    """The round trip's listed differences 1, 2 and 4: the publication block, a scale's
    default points written out, ``not_equals`` on a yes/no as ``equals`` of the other."""
    q = parse_definition(SMALL, "small.yaml")
    back = _parsed(_round_trip(q, tmp_path).definition)
    assert back != q
    assert back.publication.title is None and q.publication.title is not None
    assert (back.question("points").min, back.question("points").max) == (1, 5)
    assert back.question("why").when == Condition("ok", "equals", False)
    expected = dataclasses.replace(q, publication=back.publication)
    section = expected.sections[0]
    points, ok, why = section.questions
    questions = (
        dataclasses.replace(points, min=1, max=5),
        ok,
        dataclasses.replace(
            why, when=Condition("ok", "equals", False), own_when=Condition("ok", "equals", False)
        ),
    )
    expected = dataclasses.replace(
        expected, sections=(dataclasses.replace(section, questions=questions),)
    )
    assert back == expected
