"""XLSForm import (issue 16): real corpus workbooks and small inline ones, written with
openpyxl here, each showing one rule. The corpus is read from ``../shared/xlsform-corpus``
(or ``$PRAXIS_XLSFORM_CORPUS``); it is never copied into the repository.

Definitions with the extended ``when`` (``in``, ``all``, ``answered`` ...) and section-level
``when`` are checked by ``praxis check`` only once the model knows them
(``pipeline.definition.questionnaire.AllOf``); before that those assertions are skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from ruamel.yaml import YAML

from pipeline.cli import main
from pipeline.definition import questionnaire as model
from pipeline.definition.loading import load_questionnaire, parse_definition
from pipeline.errors import DefinitionError
from pipeline.xlsform import import_xlsform
from pipeline.xlsform.conditions import Lost, Target, to_limits, to_when
from pipeline.xlsform.expressions import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PRAXIS_XLSFORM_CORPUS", ROOT.parent / "shared" / "xlsform-corpus"))
FORMS = sorted((CORPUS / "forms").glob("*.xls*")) if (CORPUS / "forms").is_dir() else []
GERMAN = [f for f in FORMS if f.name.startswith("correlaid__")]
EXTENDED_WHEN = hasattr(model, "AllOf")
CELL = re.compile(r"^[a-z_]+![A-Z]*\d+$")

needs_corpus = pytest.mark.skipif(not FORMS, reason=f"no XLSForm corpus at {CORPUS}")


def test_the_corpus_is_there():
    """The corpus tests skip without ``../shared/xlsform-corpus``; in CI (CI=true), where
    it is, its absence fails."""
    if not FORMS and not os.environ.get("CI"):
        pytest.skip(f"no XLSForm corpus at {CORPUS}")
    assert len(FORMS) == 24
    assert len(GERMAN) == 3


def _names(forms: list[Path]) -> list[str]:
    return [f.name for f in forms]


# --- small workbooks ---------------------------------------------------------------------


def xlsform(
    tmp: Path,
    survey: list[list[Any]],
    choices: list[list[Any]] | None = None,
    settings: list[list[Any]] | None = None,
    name: str = "form.xlsx",
) -> Path:
    """A workbook with the rows given (first row: the headers)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(row)
    path = tmp / name
    book.save(path)
    return path


SETTINGS = [["form_id", "form_title", "version", "default_language"], ["f1", "Test", "3", "de"]]
YES_NO = [["list_name", "name", "label"], ["jn", "ja", "Ja"], ["jn", "nein", "Nein"]]


def questions(result: Any) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for s in result.definition["sections"] for q in s["questions"]}


def test_a_two_option_yes_no_list_becomes_yes_no_and_its_conditions_equals_true(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label", "relevant"],
            ["select_one jn", "koop", "Kooperieren Sie?", ""],
            ["text", "mit_wem", "Mit wem?", "${koop} = 'ja'"],
            ["text", "warum_nicht", "Warum nicht?", "selected(${koop}, 'nein')"],
        ],
        YES_NO,
        SETTINGS,
    )
    result = import_xlsform(path, "de")
    q = questions(result)
    assert q["koop"]["type"] == "yes_no" and "choices" not in q["koop"]
    assert q["mit_wem"]["when"] == {"question": "koop", "equals": True}
    assert q["warum_nicht"]["when"] == {"question": "koop", "equals": False}
    assert "choice_lists" not in result.definition  # the list is used by a yes_no only
    assert result.rows.conditions_kept == 2 and result.rows.conditions_lost == 0
    parse_definition(result.yaml_text, "form.yaml")  # praxis check accepts it


def test_or_other_and_an_other_please_specify_row_become_other_true(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label", "relevant"],
            ["select_one farbe or_other", "farbe", "Lieblingsfarbe?", ""],
            ["select_multiple thema", "themen", "Themen?", ""],
            [
                "text",
                "themen_other",
                "Sonstige Themen (bitte angeben)",
                "selected(${themen}, 'other')",
            ],
        ],
        [
            ["list_name", "name", "label"],
            ["farbe", "rot", "Rot"],
            ["farbe", "blau", "Blau"],
            ["farbe", "gruen", "Grün"],
            ["thema", "bildung", "Bildung"],
            ["thema", "sport", "Sport"],
            ["thema", "other", "Sonstiges"],
        ],
        SETTINGS,
    )
    result = import_xlsform(path, "de")
    q = questions(result)
    assert q["farbe"]["other"] is True
    assert q["themen"]["other"] is True and "themen_other" not in q  # the companion is folded
    values = [c["value"] for c in result.definition["choice_lists"]["thema"]]
    assert values == ["bildung", "sport"]  # praxis adds "other" itself
    assert "other: true bei themen" in result.yaml_text  # the comment at the approximation
    assert any(p.cell == "survey!D4" and p.column == "relevant" for p in result.problems)
    parse_definition(result.yaml_text, "form.yaml")


def test_a_first_level_repeat_becomes_a_table_and_a_nested_repeat_is_skipped(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label", "repeat_count"],
            ["begin_repeat", "partner", "Partner*innen", "5"],
            ["text", "partner_name", "Name", ""],
            ["integer", "jahre", "Seit wie vielen Jahren?", ""],
            ["calculate", "doppelt", "", ""],
            ["begin_repeat", "kontakte", "Kontakte", ""],
            ["text", "kontakt", "Kontakt", ""],
            ["end_repeat", "", "", ""],
            ["end_repeat", "", "", ""],
        ],
        None,
        SETTINGS,
    )
    result = import_xlsform(path, "de")
    table = questions(result)["partner"]
    assert table["type"] == "table" and table["max_rows"] == 5
    assert [(c["id"], c["type"]) for c in table["columns"]] == [
        ("partner_name", "text"),
        ("jahre", "integer"),
    ]
    skipped = [p.cell for p in result.problems if "Ausgelassen" in p.message]
    assert skipped == ["survey!A5", "survey!A6"]  # the calculate and the nested repeat
    assert result.rows.as_dict()["skipped"] == 2  # the nested repeat's two rows
    parse_definition(result.yaml_text, "form.yaml")


def test_a_condition_praxis_cannot_express_goes_into_the_hint_and_the_question_is_optional(
    tmp_path,
):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label", "hint", "required", "relevant"],
            ["integer", "alter", "Wie alt sind Sie?", "", "yes", ""],
            ["text", "schule", "Welche Schule?", "Name der Schule", "yes", "${alter} < 18"],
        ],
        None,
        SETTINGS,
    )
    result = import_xlsform(path, "de")
    schule = questions(result)["schule"]
    assert "when" not in schule and schule["required"] is False
    assert schule["hint"] == {
        "de": "Name der Schule Nur beantworten, wenn: [Wie alt sind Sie?] < 18"
    }
    lost = [p for p in result.problems if p.column == "relevant"]
    assert [(p.cell, p.severity) for p in lost] == [("survey!F3", "loss")]
    assert "Bedingung verloren" in lost[0].message
    assert result.rows.conditions_lost == 1
    assert "# Bedingung im Hinweis" in result.yaml_text


def test_names_are_made_praxis_ids_the_original_kept_and_collisions_named(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label"],
            ["text", "Projekt-Name", "Name des Projekts"],
            ["text", "projekt_name", "Noch ein Name"],
            ["integer", "_1_alter", "Alter"],
        ],
        None,
        SETTINGS,
    )
    result = import_xlsform(path, "en")
    q = questions(result)
    assert q["projekt_name"]["xlsform"] == {"name": "Projekt-Name"}
    assert q["projekt_name_2"]["xlsform"] == {"name": "projekt_name"}
    assert q["q_1_alter"]["xlsform"] == {"name": "_1_alter"}
    collision = [p for p in result.problems if p.column == "name"]
    assert [p.cell for p in collision] == ["survey!B3"]
    assert collision[0].message == (
        "The name projekt_name collides with Projekt-Name after normalising to a praxis id; "
        "it is now projekt_name_2."
    )
    assert ("Projekt-Name", "projekt_name") in result.renamed
    parse_definition(result.yaml_text, "form.yaml")


def test_a_reference_in_a_label_becomes_the_referenced_label_in_brackets(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label::Deutsch (de)", "label::English (en)"],
            ["integer", "mitglieder", "Anzahl der Mitglieder", "Number of members"],
            [
                "integer",
                "aktive",
                "Wie viele der ${mitglieder} sind aktiv?",
                "How many of ${mitglieder} are active?",
            ],
        ],
        None,
        [["form_id", "version", "default_language"], ["f", "1", "Deutsch (de)"]],
    )
    result = import_xlsform(path, "de")
    assert questions(result)["aktive"]["label"] == {
        "de": "Wie viele der [Anzahl der Mitglieder] sind aktiv?",
        "en": "How many of [Number of members] are active?",
    }
    assert result.definition["languages"] == ["de", "en"]
    parse_definition(result.yaml_text, "form.yaml")


def test_a_bad_cell_is_reported_with_its_cell_and_nothing_is_written(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label"],
            ["text", "a", "A"],
            ["select_one fehlt", "b", "B"],
            ["integer", "c", "C"],
            ["texte", "d", "D"],
        ],
        None,
        SETTINGS,
    )
    result = import_xlsform(path, "en")
    assert [(p.render(), p.severity) for p in result.errors] == [
        (
            "survey!A3 (type): The choice list fehlt is not on the choices sheet. "
            "Add its choices there.",
            "error",
        ),
        (
            "survey!A5 (type): Unknown question type “texte”. Use an XLSForm type such as "
            "text, integer, select_one LIST.",
            "error",
        ),
    ]
    code = main(["--lang", "en", "import-xlsform", str(path)])
    assert code == 1 and not (tmp_path / "form.yaml").exists()


def test_a_problem_of_the_converted_definition_names_its_cell(tmp_path):
    """The meta-schema's check of the converted YAML, placed back at the row's cell."""
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label", "constraint"],
            ["integer", "a", "A", ""],
            ["integer", "b", "B", ". >= 10 and . <= 2"],
        ],
        None,
        SETTINGS,
    )
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire(path, "en")
    assert [p.where for p in caught.value.problems] == ["survey!B3"]
    assert "min" in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("header", "default", "code"),
    [
        ("label::Deutsch (de)", "", "de"),
        ("label::German", "", "de"),
        ("label::de", "", "de"),
        ("label", "Deutsch", "de"),
        ("label", "de", "de"),
        ("label::English(EN)", "", "en"),
        ("label::Tetun", "", "tet"),
    ],
)
def test_every_language_column_spelling_found_in_real_forms(tmp_path, header, default, code):
    settings = [["form_id", "version", "default_language"], ["f", "1", default]]
    path = xlsform(tmp_path, [["type", "name", header], ["text", "a", "Frage"]], None, settings)
    result = import_xlsform(path, "en")
    assert result.definition["languages"] == [code]
    assert questions(result)["a"]["label"] == {code: "Frage"}


def test_settings_become_id_title_version_and_languages(tmp_path):
    path = xlsform(tmp_path, [["type", "name", "label"], ["note", "n", "Hallo"]], None, SETTINGS)
    result = import_xlsform(path, "en")
    top = {k: result.definition[k] for k in ("id", "version", "languages", "title")}
    assert top == {"id": "f1", "version": "3", "languages": ["de"], "title": {"de": "Test"}}


def test_groups_become_sections_with_their_condition_and_nested_groups_a_note(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label", "relevant", "appearance"],
            ["select_one jn", "aktiv", "Aktiv?", "", ""],
            ["begin group", "teil_b", "Teil B", "${aktiv} = 'ja'", "field-list"],
            ["begin_group", "innen", "Details", "${aktiv} != ''", ""],
            ["text", "wie", "Wie?", "", "multiline"],
            ["end_group", "", "", "", ""],
            ["end group", "", "", "", ""],
        ],
        YES_NO,
        SETTINGS,
    )
    result = import_xlsform(path, "de")
    first, second = result.definition["sections"]
    assert first["title"] == {"de": "Test"} and [q["id"] for q in first["questions"]] == ["aktiv"]
    assert second["id"] == "teil_b" and second["when"] == {"question": "aktiv", "equals": True}
    note, wie = second["questions"]
    assert note == {
        "id": "innen",
        "type": "note",
        "label": {"de": "Details"},
        "when": {"question": "aktiv", "answered": True},
    }
    assert wie["type"] == "long_text" and wie["when"] == {"question": "aktiv", "answered": True}


# --- expressions -------------------------------------------------------------------------

TARGETS = {
    "s": Target("s", "select_one", ("a", "b", "c")),
    "m": Target("m", "select_multiple", ("x", "y")),
    "j": Target("j", "yes_no", truth={"yes": True, "no": False}),
    "t": Target("t", "text"),
}


def _when(expression: str) -> Any:
    def lookup(name: str) -> Target:
        if name not in TARGETS:
            raise Lost("xlsform.lost.unknown", name=name)
        return TARGETS[name]

    return to_when(parse(expression), lookup)


@pytest.mark.parametrize(
    ("expression", "when"),
    [
        ("${s} = 'a'", {"question": "s", "equals": "a"}),
        ("${s}='a' or ${s}= ‘b’", {"question": "s", "in": ["a", "b"]}),
        ("${s} != 'a'", {"question": "s", "not_equals": "a"}),
        ("not(selected(${m}, 'x'))", {"question": "m", "excludes": "x"}),
        ("selected(${j}, 'yes')", {"question": "j", "equals": True}),
        ("${t} != ''", {"question": "t", "answered": True}),
        (
            "${j} = 'yes' and (selected(${m}, 'x') or ${s} = 'c')",
            {
                "all": [
                    {"question": "j", "equals": True},
                    {"any": [{"question": "m", "includes": "x"}, {"question": "s", "equals": "c"}]},
                ]
            },
        ),
        (
            "not(${s} = 'a' or selected(${m}, 'y'))",
            {"all": [{"question": "s", "not_equals": "a"}, {"question": "m", "excludes": "y"}]},
        ),
        ("true()", None),
    ],
)
def test_skip_logic_is_translated_structurally(expression, when):
    assert _when(expression) == when


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("${t} > 3", "xlsform.lost.comparison"),
        ("count-selected(${m}) > 1", "xlsform.lost.function"),
        ("selected(../s, 'a')", "xlsform.lost.path"),
        ("${calc} = '1'", "xlsform.lost.unknown"),
        ("${s} = 'z'", "xlsform.lost.value"),
        ("${m} = 'x'", "xlsform.lost.type"),
    ],
)
def test_what_praxis_cannot_express_is_lost_with_its_reason(expression, reason):
    with pytest.raises(Lost) as caught:
        _when(expression)
    assert caught.value.key == reason


@pytest.mark.parametrize(
    ("expression", "qtype", "limits"),
    [
        (". >= 18 and . <= 120", "integer", {"min": 18, "max": 120}),
        (". > 0", "integer", {"min": 1}),
        ("(. > 0 and . <= 20) or . = -99", "integer", {"min": 1, "max": 20}),
        ("string-length(.) <= 200", "text", {"max_length": 200}),
        ("count-selected(.) <= 3", "select_multiple", {"max_choices": 3}),
        ("true()", "text", {}),
    ],
)
def test_constraints_become_limits(expression, qtype, limits):
    assert to_limits(parse(expression), qtype).values == limits


# --- the corpus ----------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("form", FORMS, ids=_names(FORMS))
def test_every_corpus_workbook_imports_as_a_definition_or_problems_with_cells(form):
    result = import_xlsform(form, "de")
    if result.errors:
        assert all(CELL.match(p.cell) for p in result.errors), [p.render() for p in result.errors]
        return
    loaded = YAML(typ="safe", pure=True).load(io.StringIO(result.yaml_text))
    assert loaded == _plain(result.definition)  # the text says what the data says
    assert all(CELL.match(p.cell) or p.cell == "" for p in result.problems)
    if EXTENDED_WHEN:
        parse_definition(result.yaml_text, form.name)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@needs_corpus
def test_the_german_forms_map_at_least_95_percent_of_their_question_rows(capsys):
    table = ["form | rows | question rows | exact | approx | skipped | computed | kept | lost"]
    for form in GERMAN:
        rows = import_xlsform(form, "de").rows
        d = rows.as_dict()
        table.append(
            f"{form.name} | {d['rows']} | {d['question_rows']} | {d['exact']} | {d['approx']} | "
            f"{d['skipped']} | {d['computed']} | {d['conditions_kept']} | {d['conditions_lost']}"
        )
        assert rows.share_mapped >= 0.95, (form.name, d)
    with capsys.disabled():
        print("\n" + "\n".join(table))
    assert len(GERMAN) == 3


@needs_corpus
@pytest.mark.parametrize("form", GERMAN, ids=_names(GERMAN))
def test_the_german_forms_pass_praxis_check(form):
    result = import_xlsform(form, "de")
    assert result.errors == []
    needs_extended = any(
        key in result.yaml_text for key in ("in: [", "all:", "any:", "answered:", "not_equals")
    )
    if needs_extended and not EXTENDED_WHEN:
        pytest.skip("this form needs the extended when (in, all, answered): after that merge")
    q = load_questionnaire(form, "de")  # the workbook itself, converted on the fly
    assert q.languages[0] == "de"


@needs_corpus
def test_check_accepts_a_german_workbook_directly(capsys):
    form = CORPUS / "forms" / "correlaid__testB_project_application.xlsx"
    assert main(["--lang", "de", "check", str(form)]) == 0
    out = capsys.readouterr().out
    assert "Sprachen de, en." in out and "5 Abschnitte, 40 Fragen" in out


@needs_corpus
def test_import_xlsform_writes_the_definition_and_its_report(tmp_path, capsys):
    form = tmp_path / "bewerbung.xlsx"
    shutil.copy(CORPUS / "forms" / "correlaid__testB_project_application.xlsx", form)
    assert main(["--lang", "de", "import-xlsform", str(form), "-o", str(tmp_path / "q.yaml")]) == 0
    captured = capsys.readouterr()
    assert "survey!A12 (type): Ausgelassen: praxis hat keine berechneten Felder." in captured.err
    assert captured.out.startswith("64 Zeilen, davon 52 Fragen, Gruppen und Hinweise: 43 genau")
    text = (tmp_path / "q.yaml").read_text("utf-8")
    assert text.startswith("# Aus der XLSForm bewerbung.xlsx übernommen")
    report = (tmp_path / "q.import.md").read_text("utf-8")
    assert "| `project_role_project-alpha` | `project_role_project_alpha` |" in report
    assert main(["check", str(tmp_path / "q.yaml")]) == 0


# --- the German forms through LibreOffice ----------------------------------------------------

FORMATS = ("docx", "xlsx")
FIRST_DATE = dt.date(2026, 3, 1)


def _given(value: Any) -> bool:
    return value not in (None, "", [])


def _holds(when: Any, answers: dict[str, Any]) -> bool:
    """The test's own reading of a structured ``when`` (not praxis's), to fill consistently."""
    if when is None:
        return True
    if isinstance(when, model.AllOf):
        return all(_holds(c, answers) for c in when.conditions)
    if isinstance(when, model.AnyOf):
        return any(_holds(c, answers) for c in when.conditions)
    given = answers.get(when.question)
    if when.op == "answered":
        return _given(given) == when.value
    if not _given(given):
        return False
    ops = {
        "equals": lambda: given == when.value,
        "not_equals": lambda: given != when.value,
        "in": lambda: given in when.value,
        "includes": lambda: when.value in given,
        "excludes": lambda: when.value not in given,
    }
    return ops[when.op]()


def _person_answers(q: model.Questionnaire) -> dict[str, Any]:
    """An answer for every answerable question whose condition holds, the way a person
    answers: a text naming the question, the n-th number of the form (its minimum when n is
    outside the limits), the n-th day of March 2026, yes, the first choice, the first two
    choices (and "other" with its text where offered), one table row."""
    answers: dict[str, Any] = {}
    n = 0
    for question in q.answerable():
        if not _holds(question.when, answers):
            continue
        n += 1
        answers.update(_answer(question, n))
    return answers


def _answer(question: model.Question, n: int) -> dict[str, Any]:
    qid, kind = question.id, question.type
    if kind == "table":
        return {qid: [{c.id: _answer(c, 1)[c.id] for c in question.columns}]}
    if kind in ("integer", "decimal"):
        low = question.min if question.min is not None else -math.inf
        high = question.max if question.max is not None else math.inf
        number = n if low <= n <= high else int(low)
        return {qid: number if kind == "integer" else number + 0.5}
    if kind == "select_multiple":
        chosen = [c.value for c in question.choices[:2]]
        if question.other:
            return {qid: [*chosen, model.OTHER], f"{qid}_{model.OTHER}": f"Sonstiges zu {qid}"}
        return {qid: chosen}
    made = {
        "text": lambda: f"Antwort zu {qid} – Grüße",
        "long_text": lambda: f"Zu {qid}:\n„Zitat“ & mehr",
        "email": lambda: "jana.petersen@example.org",
        "url": lambda: "https://example.org/praxis",
        "date": lambda: (FIRST_DATE + dt.timedelta(days=n - 1)).isoformat(),
        "yes_no": lambda: True,
        "select_one": lambda: question.choices[0].value,
    }
    return {qid: made[kind]()}


@dataclass
class GermanRound:
    """One German corpus form, generated, filled, saved by LibreOffice and ingested."""

    form: str
    fmt: str
    definition: model.Questionnaire
    converted: model.Questionnaire
    filled: dict[str, Any]
    back: Any  # roundtrip.Returned


@pytest.fixture(
    scope="module",
    params=[(f, fmt) for f in GERMAN for fmt in FORMATS],
    ids=[f"{f.stem}-{fmt}" for f in GERMAN for fmt in FORMATS],
)
def german_round(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    from roundtrip import FILLERS, ROSTER_CSV, blank_form, stored

    from pipeline.forms.generate import generate_round
    from pipeline.office import resave

    soffice_or_skip()
    form, fmt = request.param
    tmp = tmp_path_factory.mktemp(f"{form.stem}-{fmt}")
    (tmp / "roster.csv").write_text(ROSTER_CSV, "utf-8")
    rd = tmp / "round"
    generate_round(form, tmp / "roster.csv", rd, lang="de", formats=(fmt,), mail=False)
    q = load_questionnaire(rd / "definition.yaml", "de")
    filled = _person_answers(q)
    FILLERS[fmt](blank_form(rd, fmt), filled, tmp / f"filled.{fmt}", q)
    returned = resave(tmp / f"filled.{fmt}", tmp / "libreoffice")
    shutil.copy(returned, rd / "inbox" / f"p01-returned.{fmt}")
    return GermanRound(form.name, fmt, q, load_questionnaire(form, "de"), filled, stored(rd))


FILLED = {
    "correlaid__all_types_workshop_feedback.xlsx": {
        "orphan_before": "Antwort zu orphan_before – Grüße",
        "q_text": "Antwort zu q_text – Grüße",
        "q_string": "Antwort zu q_string – Grüße",
        "q_integer": 4,
        "q_int": 5,
        "q_decimal": 6.5,
        "q_date": "2026-03-07",
        "q_time": "Antwort zu q_time – Grüße",
        "q_datetime": "2026-03-09",
        "q_select_one": True,
        "q_select_multi": ["red", "blue"],
        "q_rank": ["fam", "work"],
        "q_multiline_text": "Zu q_multiline_text:\n„Zitat“ & mehr",
        "q_multiline_string": "Zu q_multiline_string:\n„Zitat“ & mehr",
        "q_likert": "low",
        "q_minimal": True,
        "skill_python": "none",
        "skill_js": "none",
        "skill_sql": "none",
        "q_sel1_other": "red",
        "q_selm_other": ["red", "blue", "other"],
        "q_selm_other_other": "Sonstiges zu q_selm_other",
        "q_rank_other": ["fam", "work", "other"],
        "q_rank_other_other": "Sonstiges zu q_rank_other",
        "q_mandatory": "Antwort zu q_mandatory – Grüße",
        "q_hint": "Antwort zu q_hint – Grüße",
        "q_constraint": 25,
        "q_default": "Antwort zu q_default – Grüße",
        "q_relevant": "Antwort zu q_relevant – Grüße",
        "q_all_features": "Antwort zu q_all_features – Grüße",
    },
    "correlaid__mitwirken_umfrage.xlsx": {
        "landkreise": "bautzen",
        "themenfelder": ["bildung", "integration", "other"],
        "themenfelder_other": "Sonstiges zu themenfelder",
        "viele_ehrenamt_komm": 3,
        "viele_hauptamt_komm": 4,
        "zusammenarbeit_stadt": True,
        "zusammenarbeit_stadt_einschaetzung": "sehr_gut",
        "ansprechpersonen": ["integrationsbeauftragte", "auslaenderbeauftragte", "other"],
        "ansprechpersonen_other": "Sonstiges zu ansprechpersonen",
        "zusammenarbeit_stadt_freq": "regelmaessig",
        "wissen_gesetz": True,
        "veraenderung_gesetz_art": "ja_haben",
        "gesetz_veraenderung_text": "Zu gesetz_veraenderung_text:\n„Zitat“ & mehr",
        "entscheidungsverfahren": ["vorstandsbeschluesse", "mitgliederversammlungen", "other"],
        "entscheidungsverfahren_other": "Sonstiges zu entscheidungsverfahren",
        "schwierigkeiten": "Zu schwierigkeiten:\n„Zitat“ & mehr",
        "teilhabe_gruppen": ["migrantinnen", "kinderjugendliche"],
        "teilhabe_gruppen_other": "Antwort zu teilhabe_gruppen_other – Grüße",
        "probleme": ["politische", "finanzierungsprobleme", "other"],
        "probleme_other": "Sonstiges zu probleme",
        "probleme_ansprechpersonen": True,
        "probleme_ansprechpersonen_text": "Zu probleme_ansprechpersonen_text:\n„Zitat“ & mehr",
        "hilfe": ["austausch", "beratung", "other"],
        "hilfe_other": "Sonstiges zu hilfe",
        "mediennutzung": ["email", "messenger"],
        "probleme_digital": ["fehlende", "unsicherheiten", "other"],
        "probleme_digital_other": "Sonstiges zu probleme_digital",
        "hilfe_digital": ["schulungen", "beratung", "other"],
        "hilfe_digital_other": "Sonstiges zu hilfe_digital",
        "unterstuetzung_themen": ["vereinsrecht", "zusammenarbeit"],
        "unterstuetzung_art": ["praesenz", "online"],
        "austausch_formate": ["netzwerktreffen", "fachkonferenzen"],
        "unterstuetzung_sonstiges": "Antwort zu unterstuetzung_sonstiges – Grüße",
        "verein": "Antwort zu verein – Grüße",
        "email": "jana.petersen@example.org",
        "telefon": "Antwort zu telefon – Grüße",
        "kooperation_optin": True,
    },
    "correlaid__testB_project_application.xlsx": {
        "project_id": ["project-alpha", "project-beta"],
        "project_role_project_alpha": ["role-survey-design", "role-data-analysis"],
        "project_role_project_beta": ["role-visualization", "role-data-engineering"],
        "sosci_survey": "beginner",
        "python": "beginner",
        "rstats": "beginner",
        "powerbi": "beginner",
        "excel": "beginner",
        "sql": "beginner",
        "git": "beginner",
        "tools_other": "Zu tools_other:\n„Zitat“ & mehr",
        "survey_design": "beginner",
        "indicator_development": "beginner",
        "data_collection": "beginner",
        "data_cleaning": "beginner",
        "descriptive_statistics": "beginner",
        "data_visualization": "beginner",
        "data_engineering": "beginner",
        "automation": "beginner",
        "wirkungsmessung": "beginner",
        "research_design": "beginner",
        "survey_research": "beginner",
        "data_protection": "beginner",
        "resilience_mental_health": "beginner",
        "education_research": "beginner",
        "motivation_skills": "Zu motivation_skills:\n„Zitat“ & mehr",
        "motivation_why": "Zu motivation_why:\n„Zitat“ & mehr",
        "past_applications": "successful",
        "first_name": "Antwort zu first_name – Grüße",
        "last_name": "Antwort zu last_name – Grüße",
        "email_address": "jana.petersen@example.org",
        "gender": "female",
        "consent_privacy_policy": "yes",
    },
}
"""What ``_person_answers`` fills in each German form (and the store must hold after the
return through LibreOffice): every answerable question whose condition holds."""


@needs_corpus
@pytest.mark.office
def test_a_german_workbook_generates_forms_that_read_back_through_libreoffice(german_round):
    """Each German corpus form, in Word and in Excel: generated from the workbook, every
    answerable question answered as a person would, saved by LibreOffice, ingested: the store
    holds exactly what was filled and the return is accepted."""
    r = german_round
    assert r.definition == r.converted  # the round keeps the converted definition
    assert r.filled == FILLED[r.form]
    assert r.back.answers == FILLED[r.form]
    # LibreOffice drops the Word controls' tags: the reader says once it used the bookmarks
    if r.fmt == "docx":
        assert (r.back.problems, r.back.outcome) == (
            [("form-fallback", "")],
            "accepted_with_warnings",
        )
    else:
        assert (r.back.problems, r.back.outcome) == ([], "accepted")


def soffice_or_skip() -> None:
    from conftest import soffice_or_skip as find

    find()


@needs_corpus
def test_schema_derives_the_answers_schema_of_a_workbook(capsys):
    form = CORPUS / "forms" / "correlaid__testB_project_application.xlsx"
    assert main(["schema", str(form), "--out", "-"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["gender"]["enum"][:1] == ["female"]
    assert schema["properties"]["email_address"] == {
        "title": "4.3 Unter welcher E-Mail Adresse können wir dich erreichen?",
        "type": "string",
        "format": "email",
    }


def test_a_note_keeps_its_hint_as_part_of_its_text(tmp_path):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "label", "hint"],
            ["note", "hallo", "Hallo!", "Die Umfrage dauert 5 Minuten."],
        ],
        None,
        SETTINGS,
    )
    note = questions(import_xlsform(path, "de"))["hallo"]
    assert note == {
        "id": "hallo",
        "type": "note",
        "label": {"de": "Hallo!\n\nDie Umfrage dauert 5 Minuten."},
    }


def test_a_file_that_is_no_workbook_is_one_problem_and_an_error_exit(tmp_path, capsys):
    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    result = import_xlsform(broken, "de")
    assert [p.severity for p in result.problems] == ["error"]
    assert result.problems[0].message.startswith("Diese Datei lässt sich nicht als Arbeitsmappe")
    assert main(["--lang", "de", "check", str(broken)]) == 1
    assert "kaputt.xlsx: Diese Datei lässt sich nicht" in capsys.readouterr().err


def test_plain_label_columns_take_the_language_given(tmp_path):
    path = xlsform(tmp_path, [["type", "name", "label"], ["text", "a", "Frage"]])
    assumed = import_xlsform(path, "en")
    assert assumed.definition["languages"] == ["en"]
    assert [p.column for p in assumed.problems if "plain label" in p.message] == ["label"]
    out = tmp_path / "q.yaml"
    assert main(["import-xlsform", str(path), "--language", "Deutsch", "-o", str(out)]) == 0
    assert "languages: [de]" in out.read_text("utf-8")
    assert main(["import-xlsform", str(path), "--language", "Klingonisch"]) == 2


def test_an_unreadable_condition_is_reported_at_its_cell_by_import_and_check(tmp_path, capsys):
    path = xlsform(
        tmp_path,
        [
            ["type", "name", "relevant", "label"],
            ["select_one jn", "a", "", "A?"],
            ["text", "b", "${a} = 'ja'", "B"],
            ["text", "c", "", "C"],
            ["text", "d", "${a} = = 'ja'", "D"],
        ],
        YES_NO,
        SETTINGS,
    )
    result = import_xlsform(path, "en")
    (lost,) = [p for p in result.problems if p.column == "relevant"]
    assert lost.render() == (
        "survey!C5 (relevant): Condition lost (cannot read it: unexpected '='); "
        "the question is optional and the condition is in its hint."
    )
    assert main(["--lang", "en", "check", str(path)]) == 0
    assert "survey!C5 (relevant): Condition lost" in capsys.readouterr().err


@needs_corpus
def test_the_same_workbook_gives_the_same_bytes():
    form = CORPUS / "forms" / "correlaid__mitwirken_umfrage.xlsx"
    first, second = import_xlsform(form, "de"), import_xlsform(form, "de")
    assert first.yaml_text == second.yaml_text and first.report == second.report
    assert (
        "when: {question: zusammenarbeit_stadt_einschaetzung, in: [schlecht, eher_schlecht]}"
        in (first.yaml_text)
    )


@needs_corpus
def test_a_form_from_a_workbook_without_return_address_says_where_to_send_it(tmp_path):
    """An XLSForm has no ``return_to``: the how-to line of the Word and the Excel form names
    the coordination office (as the cover mail does) instead of ending in "an: ."."""
    from docx import Document
    from openpyxl import load_workbook
    from roundtrip import ROSTER_CSV, blank_form

    from pipeline.forms.generate import generate_round

    form = CORPUS / "forms" / "correlaid__mitwirken_umfrage.xlsx"
    (tmp_path / "roster.csv").write_text(ROSTER_CSV, "utf-8")
    rd = tmp_path / "round"
    generate_round(form, tmp_path / "roster.csv", rd, lang="de", formats=FORMATS, mail=False)
    word = [p.text for p in Document(str(blank_form(rd, "docx"))).paragraphs]
    excel = [
        c.value for row in load_workbook(blank_form(rd, "xlsx")).active.iter_rows() for c in row
    ]
    howto = [p for p in word if p.startswith("So füllen Sie")]
    assert [p.rsplit(" an: ", 1)[1] for p in howto] == ["die Koordinierungsstelle."]
    howto = [v for v in excel if isinstance(v, str) and v.startswith("So füllen Sie")]
    assert [v.rsplit(" an: ", 1)[1] for v in howto] == ["die Koordinierungsstelle"]
