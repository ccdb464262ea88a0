"""XLSForm export (issue 16): the workbook ``praxis export-xlsform`` writes converts with pyxform,
the reference converter, without an error or a warning, and its XForm has both languages,
``relevant`` from ``when``, constraints from the limits, a repeat per table and the hidden
project and token fields; ``praxis new-questionnaire`` writes the template once.

Every XForm here is pyxform's own output for the exported bytes (no ODK Validate: it is a
Java tool pyxform downloads separately).
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import pkgutil
import re
import shutil
import zipfile
from typing import Any

import openpyxl
import pytest
from lxml import etree
from ruamel.yaml import YAML

from pipeline.cli import main
from pipeline.definition.building import build_questionnaire
from pipeline.definition.loading import load_questionnaire, parse_definition
from pipeline.definition.questionnaire import Condition, Questionnaire
from pipeline.errors import DefinitionError
from pipeline.xlsform.export import export_xlsform, language_name
from tests.conftest import ALL_TYPES_YAML, BUNDLED

pyxform = pytest.importorskip("pyxform")
from pyxform.xls2xform import convert  # noqa: E402

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "x": "http://www.w3.org/2002/xforms",
    "jr": "http://openrosa.org/javarosa",
}


class XForm:
    """pyxform's XForm of an exported workbook, with the look-ups the tests need."""

    def __init__(self, workbook: bytes) -> None:
        self.warnings: list[str] = []
        self.xml = convert(workbook, warnings=self.warnings).xform
        self.root = etree.fromstring(self.xml.encode())

    def bind(self, path: str) -> dict[str, str]:
        found = self.root.xpath(f"//x:bind[@nodeset='{path}']", namespaces=NS)
        assert len(found) == 1, path
        return {etree.QName(k).localname: v for k, v in found[0].attrib.items()}

    def text(self, lang: str, text_id: str) -> str:
        found = self.root.xpath(
            f"//x:translation[@lang='{lang}']/x:text[@id='{text_id}']/x:value/text()",
            namespaces=NS,
        )
        assert len(found) == 1, (lang, text_id)
        return str(found[0])

    def languages(self) -> list[str]:
        return [str(x) for x in self.root.xpath("//x:translation/@lang", namespaces=NS)]

    def body_refs(self) -> list[str]:
        return [str(x) for x in self.root.xpath("//h:body//@ref", namespaces=NS)]

    def instance(self) -> Any:
        return self.root.xpath("//x:instance[not(@id)]/*", namespaces=NS)[0]

    def items(self, list_name: str) -> list[str]:
        path = f"//x:instance[@id='{list_name}']//x:item/x:name/text()"
        return [str(x) for x in self.root.xpath(path, namespaces=NS)]


@pytest.fixture(scope="module")
def bundled() -> Questionnaire:
    return load_questionnaire(BUNDLED)


@pytest.fixture(scope="module")
def bundled_xform(bundled: Questionnaire) -> XForm:
    return XForm(export_xlsform(bundled))


def test_the_bundled_questionnaire_converts_without_errors_or_warnings(bundled_xform):
    assert bundled_xform.warnings == []
    assert bundled_xform.languages() == ["Deutsch (de)", "English (en)"]
    data = bundled_xform.instance()
    assert data.tag == "{http://www.w3.org/2002/xforms}data"
    assert (data.get("id"), data.get("version")) == ("promising-practices", "2026.1")
    title = bundled_xform.root.xpath("//h:title/text()", namespaces=NS)
    assert title == ["Fragebogen Promising Practices"]


def test_both_languages_label_every_question(bundled_xform):
    x = bundled_xform
    label = "/data/target/gaming_details:label"
    assert x.text("Deutsch (de)", label) == (
        "Welche Spiele oder Gaming-Plattformen nutzen Sie, und wie?"
    )
    assert x.text("English (en)", label) == "Which games or gaming platforms do you use, and how?"
    assert x.text("Deutsch (de)", "/data/target:label") == "Zielgruppen und Setting"
    assert x.text("English (en)", "/data/master_data/programme:hint") == (
        'e.g. "Demokratie leben!", a state programme, a foundation'
    )
    assert x.text("English (en)", "federal_states-1") == "Bavaria"


def test_when_becomes_relevant(bundled: Questionnaire, bundled_xform):
    assert bundled.by_number("3.3").id == "gaming_details"  # type: ignore[union-attr]
    x = bundled_xform
    assert x.bind("/data/target/gaming_details")["relevant"] == (
        "selected( /data/target/channels , 'games')"
    )
    # a yes/no question is a list with the values yes and no
    assert x.bind("/data/evidence/evaluation_details")["relevant"] == (
        " /data/evidence/evaluated  = 'yes'"
    )
    assert x.items("yes_no") == ["yes", "no"]
    assert x.text("Deutsch (de)", "yes_no-0") == "Ja"
    assert x.text("English (en)", "yes_no-1") == "No"


def test_limits_become_constraints_with_messages_in_both_languages(bundled_xform):
    x = bundled_xform
    name = x.bind("/data/master_data/project_name")
    assert (name["constraint"], name["required"]) == ("string-length(.) <= 150", "true()")
    msg = "/data/master_data/project_name:jr:constraintMsg"
    assert x.text("Deutsch (de)", msg) == "höchstens 150 Zeichen"
    assert x.text("English (en)", msg) == "at most 150 characters"
    people = "/data/target/participants_per_year"
    assert x.bind(people)["type"] == "int"
    assert x.bind(people)["constraint"] == ". >= 0 and . <= 1000000"
    assert x.text("Deutsch (de)", people + ":jr:constraintMsg") == (
        "Eine ganze Zahl zwischen 0 und 1.000.000 in Personen."
    )
    # word limits: a regular expression counting runs of non-blanks
    approach = "/data/approach/approach"
    assert x.bind(approach)["constraint"] == r"regex(., '^\s*(\S+(\s+|$)){20,300}$')"
    assert x.text("Deutsch (de)", approach + ":jr:constraintMsg") == (
        "mind. 20 Wörter; max. 300 Wörter"
    )
    assert x.bind("/data/master_data/contact_email")["constraint"] == (
        r"regex(., '^[^@\s]+@[^@\s]+\.[^@\s]+$')"
    )
    assert x.bind("/data/master_data/website")["constraint"] == (
        r"regex(., '^(https?://|www\.)\S+$')"
    )


def test_the_partners_table_is_a_repeat_of_its_columns(bundled_xform):
    x = bundled_xform
    repeat = x.root.xpath("//x:repeat", namespaces=NS)
    assert [r.get("nodeset") for r in repeat] == ["/data/partners/partners"]
    refs = [i.get("ref") for i in repeat[0]]
    assert refs == [
        "/data/partners/partners/organisation",
        "/data/partners/partners/role",
        "/data/partners/partners/since",
    ]
    assert x.bind("/data/partners/partners/since")["constraint"] == ". >= 1990 and . <= 2100"
    assert x.bind("/data/partners/partners/organisation")["required"] == "true()"
    assert x.items("partner_roles")[0] == "cooperation"


def test_other_is_a_text_shown_when_other_is_picked(bundled_xform):
    x = bundled_xform
    other = x.bind("/data/field/field_of_action_other")
    assert other["relevant"] == "selected( /data/field/field_of_action , 'other')"
    assert other["required"] == "true()"
    assert x.items("fields_of_action")[-1] == "other"
    assert x.text("Deutsch (de)", "/data/field/field_of_action_other:label") == (
        "Sonstiges, bitte angeben"
    )
    assert x.items("prevention_levels") == ["universal", "selective", "indicated"]


def test_the_hidden_project_and_token_fields_are_in_the_data_but_not_shown(bundled_xform):
    x = bundled_xform
    first = [etree.QName(e).localname for e in x.instance()][:2]
    assert first == ["praxis_project", "praxis_token"]
    for name in first:
        assert x.bind(f"/data/{name}") == {"nodeset": f"/data/{name}", "type": "string"}
        assert f"/data/{name}" not in x.body_refs()


def test_the_scale_is_a_list_of_its_points_with_labelled_ends(bundled_xform):
    x = bundled_xform
    assert x.items("network_support_scale") == ["1", "2", "3", "4", "5"]
    assert x.text("Deutsch (de)", "network_support_scale-0") == "1 – gar nicht zufrieden"
    assert x.text("English (en)", "network_support_scale-4") == "5 – very satisfied"
    assert x.text("English (en)", "network_support_scale-2") == "3"
    select = x.root.xpath("//x:select1[@ref='/data/partners/network_support']", namespaces=NS)
    assert select[0].get("appearance") == "likert"


def test_the_workbook_has_the_three_sheets_and_the_language_columns(bundled):
    book = openpyxl.load_workbook(io.BytesIO(export_xlsform(bundled)))
    assert book.sheetnames == ["survey", "choices", "settings"]
    head = [c.value for c in book["survey"][1]]
    for column in ("type", "name", "label::Deutsch (de)", "label::English (en)", "relevant"):
        assert column in head
    assert "constraint_message::English (en)" in head
    settings = dict(
        zip(
            [c.value for c in book["settings"][1]],
            [c.value for c in book["settings"][2]],
            strict=True,
        )
    )
    assert settings["form_id"] == "promising-practices"
    assert settings["version"] == "2026.1"
    assert settings["default_language"] == "Deutsch (de)"
    assert settings["praxis_title::English (en)"] == "Promising practices questionnaire"
    rows: dict[str, tuple] = {}
    for row in book["survey"].iter_rows(min_row=2, values_only=True):
        if not str(row[0]).startswith(("begin_group", "end_")):  # the section partners
            rows.setdefault(row[1], row)  # the question organisation, not the partners' column
    col = {name: i for i, name in enumerate(head)}
    assert rows["organisation"][col["praxis_compendium"]] == "fact"
    assert rows["organisation"][col["praxis_heading::English (en)"]] == "Organisation"
    assert rows["organisation"][col["praxis_prefill"]] == "organisation"
    assert rows["partners"][col["praxis_max_rows"]] == 10
    assert rows["contact_email"][col["praxis_type"]] == "email"


def test_equal_questionnaires_give_equal_bytes(bundled):
    first = export_xlsform(bundled)
    assert export_xlsform(load_questionnaire(BUNDLED)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 31, 0, 0, 0)}


EVERY_TYPE = """
id: every-type
version: "3"
languages: [de, en]
title: {de: Jeder Typ, en: Every type}
intro: {de: Willkommen., en: Welcome.}
choice_lists:
  colours:
    - {value: red, label: {de: rot, en: red}}
    - {value: green, label: {de: grün, en: green}}
sections:
  - id: one
    title: {de: Eins, en: One}
    intro: {de: Zum Abschnitt., en: About the section.}
    questions:
      - {id: short, type: text, max_length: 80, required: true, label: {de: Kurz, en: Short}}
      - {id: story, type: long_text, min_words: 5, label: {de: Geschichte, en: Story}}
      - {id: count, type: integer, min: 1, label: {de: Anzahl, en: Count}}
      - {id: share, type: decimal, max: 2.5, label: {de: Anteil, en: Share}}
      - {id: day, type: date, label: {de: Tag, en: Day}}
      - {id: ok, type: yes_no, label: {de: Gut?, en: Good?}}
      - id: colour
        type: select_one
        choices: colours
        appearance: dropdown
        label: {de: Farbe, en: Colour}
      - id: shape
        type: select_one
        choices:
          - {value: round, label: {de: rund, en: round}}
          - {value: square, label: {de: eckig, en: square}}
        label: {de: Form, en: Shape}
      - id: many
        type: select_multiple
        choices: colours
        other: true
        min_choices: 1
        max_choices: 2
        label: {de: Farben, en: Colours}
      - {id: points, type: scale, min: 0, max: 3, label: {de: Punkte, en: Points}}
      - {id: mail, type: email, label: {de: E-Mail, en: E-mail}}
      - {id: site, type: url, max_length: 100, label: {de: Website, en: Website}}
      - {id: read, type: note, label: {de: Lesen., en: Read.}}
      - id: rows
        type: table
        label: {de: Zeilen, en: Rows}
        columns:
          - {id: a, type: text, label: {de: A, en: A}}
          - {id: b, type: long_text, label: {de: B, en: B}}
          - {id: c, type: integer, label: {de: C, en: C}}
          - {id: d, type: decimal, label: {de: D, en: D}}
          - {id: e, type: date, label: {de: E, en: E}}
          - {id: f, type: yes_no, label: {de: F, en: F}}
          - {id: g, type: select_one, choices: colours, label: {de: G, en: G}}
          - {id: h, type: email, label: {de: H, en: H}}
          - {id: i, type: url, label: {de: I, en: I}}
"""


@pytest.fixture(scope="module")
def every_type() -> Questionnaire:
    return parse_definition(EVERY_TYPE, "every-type.yaml")


def test_a_definition_with_every_question_type_exports_and_converts(every_type):
    from pipeline.definition.question_types import QUESTION_TYPES

    used = {q.type for q in every_type.questions()}
    used |= {c.type for q in every_type.questions() for c in q.columns}
    assert used == set(QUESTION_TYPES)
    x = XForm(export_xlsform(every_type))
    assert x.warnings == []
    one = "/data/one/"
    assert x.bind(one + "story")["constraint"] == r"regex(., '^\s*(\S+(\s+|$)){5,}$')"
    assert x.bind(one + "count")["constraint"] == ". >= 1"
    assert x.bind(one + "share")["type"] == "decimal"
    assert x.bind(one + "share")["constraint"] == ". <= 2.5"
    assert x.bind(one + "day")["type"] == "date"
    assert x.bind(one + "many")["constraint"] == (
        "count-selected(.) >= 1 and count-selected(.) <= 2"
    )
    assert (
        x.text("Deutsch (de)", one + "many:jr:constraintMsg") == "Bitte 1 bis 2 Optionen ankreuzen."
    )
    assert x.bind(one + "site")["constraint"] == (
        r"string-length(.) <= 100 and regex(., '^(https?://|www\.)\S+$')"
    )
    assert x.text("English (en)", one + "site:jr:constraintMsg") == (
        "Please enter a web address (starting with https://, http:// or www.), "
        "at most 100 characters."
    )
    assert x.items("points_scale") == ["0", "1", "2", "3"]
    assert x.items("shape") == ["round", "square"]  # an inline list, named after its question
    # a list some questions use with "other" and some without: a copy with "other"
    assert x.items("colours") == ["red", "green"]
    assert x.items("colours_other") == ["red", "green", "other"]
    dropdown = x.root.xpath("//x:select1[@ref='/data/one/colour']", namespaces=NS)[0]
    assert dropdown.get("appearance") == "minimal"
    story = x.root.xpath("//x:input[@ref='/data/one/story']", namespaces=NS)[0]
    assert story.get("appearance") == "multiline"
    assert x.text("English (en)", "/data/intro:label") == "Welcome."
    assert x.text("Deutsch (de)", "/data/one/one_intro:label") == "Zum Abschnitt."
    columns = [etree.QName(e).localname for e in x.instance().find("x:one/x:rows", NS)]
    assert columns == list("abcdefghi")
    assert x.bind(one + "rows/f")["type"] == "string"  # a yes/no list in the repeat
    assert x.bind(one + "rows/h")["constraint"] == r"regex(., '^[^@\s]+@[^@\s]+\.[^@\s]+$')"


def _with_when(q: Questionnaire, qid: str, when: Any) -> Questionnaire:
    """``q`` with ``when`` on question ``qid`` (its own and, so far without a section
    condition, its effective one)."""
    changed = {"when": when}
    sections = []
    for s in q.sections:
        if any(hasattr(x, "own_when") for x in s.questions):
            changed["own_when"] = when
        questions = tuple(
            dataclasses.replace(x, **changed) if x.id == qid else x for x in s.questions
        )
        sections.append(dataclasses.replace(s, questions=questions))
    return dataclasses.replace(q, sections=tuple(sections))


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (Condition("ok", "equals", False), " /data/one/ok  = 'no'"),
        (Condition("colour", "equals", "red"), " /data/one/colour  = 'red'"),
        (Condition("many", "includes", "red"), "selected( /data/one/many , 'red')"),
        (
            Condition("colour", "not_equals", "red"),
            " /data/one/colour  != '' and  /data/one/colour  != 'red'",
        ),
        (
            Condition("many", "excludes", "red"),
            "count-selected( /data/one/many ) > 0 and not(selected( /data/one/many , 'red'))",
        ),
        (
            Condition("colour", "in", ["red", "green"]),
            " /data/one/colour  = 'red' or  /data/one/colour  = 'green'",
        ),
        (Condition("short", "answered", True), " /data/one/short  != ''"),
        (Condition("short", "answered", False), " /data/one/short  = ''"),
    ],
)
def test_each_condition_becomes_its_relevant(every_type, when, expected):
    """The extended operators of issue 16 are plain ``Condition``s (their ``op``)."""
    x = XForm(export_xlsform(_with_when(every_type, "read", when)))
    assert x.warnings == []
    assert x.bind("/data/one/read")["relevant"] == expected


def test_compound_conditions_and_a_section_condition_become_relevant(every_type):
    definition = importlib.import_module("pipeline.definition.questionnaire")
    if not hasattr(definition, "AllOf"):
        pytest.skip("the compound conditions (AllOf/AnyOf) are not in the model yet")
    all_of, any_of = definition.AllOf, definition.AnyOf
    either = any_of((Condition("ok", "equals", True), Condition("colour", "in", ["red", "green"])))
    when = all_of((Condition("short", "answered", True), either))
    q = _with_when(every_type, "read", when)
    x = XForm(export_xlsform(q))
    assert x.warnings == []
    assert x.bind("/data/one/read")["relevant"] == (
        " /data/one/short  != '' and ( /data/one/ok  = 'yes' or"
        " ( /data/one/colour  = 'red' or  /data/one/colour  = 'green'))"
    )


def test_a_section_condition_is_the_relevant_of_its_group():
    text = (
        EVERY_TYPE
        + """  - id: two
    title: {de: Zwei, en: Two}
    when: {question: ok, equals: true}
    questions:
      - {id: more, type: text, label: {de: Mehr, en: More}}
"""
    )
    try:
        q = parse_definition(text, "every-type.yaml")
    except DefinitionError:
        pytest.skip("sections have no when yet (the extended when of issue 16)")
    x = XForm(export_xlsform(q))
    assert x.warnings == []
    assert x.bind("/data/two")["relevant"] == " /data/one/ok  = 'yes'"
    assert "relevant" not in x.bind("/data/two/more")


def test_original_xlsform_names_are_used_where_an_import_kept_them():
    """``xlsform: {name: ...}`` (the importer writes it) gives the names in the export;
    built from the tree directly, as the meta-schema learns the key with the importer."""
    root = YAML(typ="rt").load(ALL_TYPES_YAML)
    choices = root["sections"][1]
    choices["xlsform"] = {"name": "Auswahl"}
    choices["questions"][0]["xlsform"] = {"name": "Evaluated_YN"}
    choices["questions"][1]["xlsform"] = {"name": "details-text"}
    root["sections"][2]["questions"][2]["columns"][0]["xlsform"] = {"name": "Org"}
    x = XForm(export_xlsform(build_questionnaire(root)))
    assert x.warnings == []
    assert x.bind("/data/Auswahl/details-text")["relevant"] == (
        " /data/Auswahl/Evaluated_YN  = 'yes'"
    )
    assert x.bind("/data/contact/partners/Org")["required"] == "true()"


def test_a_group_is_renamed_where_it_repeats_a_referenced_question_name():
    text = EVERY_TYPE.replace("id: one", "id: ok").replace(
        "{id: read, type: note,", "{id: read, type: note, when: {question: ok, equals: true},"
    )
    x = XForm(export_xlsform(parse_definition(text, "every-type.yaml")))
    assert x.warnings == []
    assert x.bind("/data/ok_section/read")["relevant"] == " /data/ok_section/ok  = 'yes'"


def test_language_names_carry_the_code():
    assert [language_name(c) for c in ("de", "en", "fr", "tet")] == [
        "Deutsch (de)",
        "English (en)",
        "Français (fr)",
        "Tetum (tet)",
    ]


def test_export_xlsform_writes_the_file_and_says_how_to_open_it_online(tmp_path, capsys):
    out = tmp_path / "form.xlsx"
    assert main(["--lang", "en", "export-xlsform", str(BUNDLED), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"XLSForm written: {out}" in said
    assert "LINK?d[/data/praxis_project]=PROJECT&d[/data/praxis_token]=TOKEN" in said
    assert out.read_bytes() == export_xlsform(load_questionnaire(BUNDLED))


def test_export_xlsform_refuses_a_file_that_is_not_xlsx(tmp_path, capsys):
    out = tmp_path / "form.xls"
    assert main(["--lang", "en", "export-xlsform", str(BUNDLED), "-o", str(out)]) == 2
    assert "please give a file name ending in .xlsx" in capsys.readouterr().err
    assert not out.exists()


def test_new_questionnaire_writes_a_template_that_converts(tmp_path, capsys):
    path = tmp_path / "neu.xlsx"
    assert main(["--lang", "de", "new-questionnaire", str(path)]) == 0
    assert f"Vorlage geschrieben: {path}" in capsys.readouterr().out
    data = path.read_bytes()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["survey", "choices", "settings", "Anleitung"]
    assert book.active.title == "Anleitung"
    assert book["Anleitung"]["A1"].value == "Vorlage für einen neuen Fragebogen (XLSForm)"
    steps = [c.value for c in book["Anleitung"]["A"][2:] if c.value]
    assert len(steps) == 8
    assert "${evaluated} = 'yes'" in steps[3]
    head = [c.value for c in book["survey"][1]]
    assert head[:4] == ["type", "name", "label::Deutsch (de)", "label::English (en)"]
    names = [r[1] for r in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert "praxis_project" not in names and "praxis_token" not in names
    assert "intro" not in names and "master_data_intro" not in names  # only online
    hint = head.index("hint::Deutsch (de)")
    group = next(
        r for r in book["survey"].iter_rows(min_row=2, values_only=True) if r[1] == "master_data"
    )
    assert group[hint].startswith("Einige Angaben haben wir aus unserer Projektliste")
    assert "gaming_details" in names
    x = XForm(data)
    assert x.warnings == []
    assert x.bind("/data/target/gaming_details")["relevant"] == (
        "selected( /data/target/channels , 'games')"
    )


def test_new_questionnaire_never_overwrites_a_file(tmp_path, capsys):
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"my own questionnaire")
    assert main(["--lang", "en", "new-questionnaire", str(path)]) == 2
    err = capsys.readouterr().err
    assert "exists already; praxis does not overwrite an existing file" in err
    assert path.read_bytes() == b"my own questionnaire"


def test_the_instructions_follow_the_language(tmp_path):
    path = tmp_path / "new.xlsx"
    assert main(["--lang", "en", "new-questionnaire", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == "Instructions"
    assert book["Instructions"]["A1"].value == "Template for a new questionnaire (XLSForm)"


# --- the round trip, once the importer is there --------------------------------------------


def _importer() -> Any:
    """``import_xlsform`` from whichever module of ``pipeline.xlsform`` has it, or None."""
    package = importlib.import_module("pipeline.xlsform")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("export") or info.name == "template":
            continue
        module = importlib.import_module(f"pipeline.xlsform.{info.name}")
        if hasattr(module, "import_xlsform"):
            return module.import_xlsform
    return None


@pytest.mark.parametrize("source", ["bundled", "every_type"])
def test_import_of_the_export_gives_the_questionnaire_back(source, request, tmp_path):
    import_xlsform = _importer()
    if import_xlsform is None:
        pytest.skip("pipeline.xlsform has no importer yet (import_xlsform)")
    q = request.getfixturevalue(source)
    path = tmp_path / "form.xlsx"
    path.write_bytes(export_xlsform(q))
    result = import_xlsform(path, "de")
    assert [p for p in result.problems if p.severity == "error"] == []
    text = io.StringIO()
    YAML().dump(result.definition, text)
    back = parse_definition(text.getvalue(), "imported.yaml")
    assert back == q


def test_an_introduction_note_never_takes_a_question_name():
    text = EVERY_TYPE.replace("{id: short,", "{id: intro,").replace(
        "{id: read, type: note,", "{id: read, type: note, when: {question: intro, answered: true},"
    )
    try:
        q = parse_definition(text, "every-type.yaml")
    except DefinitionError:  # answered: the extended when of issue 16
        q = _with_when(
            parse_definition(text.replace(", when: {question: intro, answered: true}", ""), "x"),
            "read",
            Condition("intro", "answered", True),
        )
    x = XForm(export_xlsform(q))
    assert x.warnings == []
    assert x.text("English (en)", "/data/intro_2:label") == "Welcome."
    assert x.bind("/data/one/read")["relevant"] == " /data/one/intro  != ''"


# --- the praxis_ columns read back (pipeline.xlsform.export_praxis, for the importer) -------


def _sheet_rows(book: Any, name: str) -> list[tuple[Any, Any]]:
    """``(plain, text)`` accessors per row, the way the importer sees a row."""
    sheet = book[name]
    head = [str(c.value) for c in sheet[1]]
    found = []
    for values in sheet.iter_rows(min_row=2, values_only=True):
        cells = {h: "" if v is None else str(v) for h, v in zip(head, values, strict=True)}

        def plain(column: str, cells: dict[str, str] = cells) -> str:
            return cells.get(column, "")

        def text(column: str, cells: dict[str, str] = cells) -> dict[str, str] | None:
            texts = {
                h.rsplit("(", 1)[1].rstrip(")"): v
                for h, v in cells.items()
                if h.startswith(column + "::") and v
            }
            return texts or None

        found.append((plain, text))
    return found


def test_the_praxis_columns_give_back_what_xlsform_cannot_say():
    from pipeline.xlsform.export_praxis import is_intro, question_keys, settings_keys

    raw = YAML(typ="rt").load(BUNDLED.read_text("utf-8"))
    book = openpyxl.load_workbook(io.BytesIO(export_xlsform(load_questionnaire(BUNDLED))))
    rows = _sheet_rows(book, "survey")
    keys = ("compendium", "prefill", "unit", "max_rows", "required")
    back: dict[str, dict[str, Any]] = {}
    for plain, text in rows:
        if plain("type").startswith(("begin_repeat", "select", "text", "integer", "decimal")):
            back.setdefault(plain("name"), question_keys(plain, text))
        if plain("type").startswith(("date", "note")) and not is_intro(plain):
            back.setdefault(plain("name"), question_keys(plain, text))
    for section in raw["sections"]:
        for q in section["questions"]:
            wanted = {
                k: _plain(q[k])
                for k in keys
                if k in q and (k != "required" or q["type"] == "table")
            }
            if q["type"] in ("email", "url", "scale"):
                wanted["type"] = q["type"]
            assert back[q["id"]] == wanted, q["id"]
    intros = [plain("name") for plain, text in rows if is_intro(plain)]
    assert intros == ["intro", "master_data_intro"]
    ((plain, text),) = _sheet_rows(book, "settings")
    texts = ("title", "intro", "network", "return_to")
    assert settings_keys(text) == {
        k: " ".join(_plain(raw[k]).split()) if False else _plain(raw[k]) for k in texts
    }


def _plain(value: Any) -> Any:
    """A ruamel value as plain data (``CommentedMap`` -> ``dict``)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def test_word_limits_and_scales_are_read_back():
    from pipeline.xlsform.export_praxis import scale_keys, word_limits

    assert word_limits(r"^\s*(\S+(\s+|$)){20,300}$") == {"min_words": 20, "max_words": 300}
    assert word_limits(r"^\s*(\S+(\s+|$)){0,100}$") == {"max_words": 100}
    assert word_limits(r"^\s*(\S+(\s+|$)){5,}$") == {"min_words": 5}
    assert word_limits(r"^[0-9]{5}$") is None
    book = openpyxl.load_workbook(io.BytesIO(export_xlsform(load_questionnaire(BUNDLED))))
    choices = [
        (plain("name"), text("label"))
        for plain, text in _sheet_rows(book, "choices")
        if plain("list_name") == "network_support_scale"
    ]
    assert scale_keys(choices) == {
        "min": 1,
        "max": 5,
        "low": {"de": "gar nicht zufrieden", "en": "not satisfied at all"},
        "high": {"de": "sehr zufrieden", "en": "very satisfied"},
    }
    assert scale_keys([("a", {"de": "A"}), ("b", {"de": "B"})]) is None
    assert scale_keys([("0", {"de": "0"}), ("1", {"de": "1"})]) == {"min": 0, "max": 1}


# --- stricter checks: ODK Validate (JavaRosa, the engine of ODK Collect) and the word pattern


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
@pytest.mark.parametrize("source", ["bundled", "every_type"])
def test_odk_validate_accepts_the_export(source, request):
    """pyxform ships ODK Validate; it parses every expression (pyxform itself does not)."""
    q = request.getfixturevalue(source)
    warnings: list[str] = []
    convert(export_xlsform(q), warnings=warnings, validate=True)  # raises when invalid
    assert warnings == []


def test_the_word_pattern_counts_words_between_blanks():
    from pipeline.xlsform.export_logic import constraint

    bundled = load_questionnaire(BUNDLED)
    expression = constraint(bundled.question("approach"))  # 20 to 300 words
    pattern = re.fullmatch(r"regex\(\., '(.*)'\)", expression).group(1)  # type: ignore[union-attr]
    words = ["Wort"] * 300
    assert re.search(pattern, " ".join(words))
    assert re.search(pattern, "  " + "\n".join(words) + " ")
    assert not re.search(pattern, " ".join([*words, "eins"]))
    assert re.search(pattern, " ".join(["z. B."] * 10))  # 20 runs of non-blanks
    assert not re.search(pattern, " ".join(["Wort"] * 19))
