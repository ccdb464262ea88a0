"""The extended ``when``: each comparison on literal answers, ``all``/``any``, a section's
condition; the checker's messages with lines; the forms' instructions (docx XML, xlsx cells);
the answers schema and real Excel returns with a conditional required question."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from pipeline.definition.answers_schema import answers_validator, build_answers_schema
from pipeline.definition.loading import parse_definition
from pipeline.definition.outline import outline
from pipeline.definition.questionnaire import AllOf, AnyOf, Condition
from pipeline.errors import DefinitionError
from pipeline.forms.content import Identification
from pipeline.forms.excel.layout import COL_HINT, COL_NUMBER, COL_QUESTION
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.writer import build_docx
from pipeline.forms.word.xml import node_text, safe_parser, w
from pipeline.returns.ingest import ingest
from pipeline.returns.submission import Outcome
from pipeline.round.roster import Project

WHEN_YAML = """\
id: when-test
version: "1"
languages: [de, en]
title: {de: Bedingungen, en: Conditions}
choice_lists:
  places:
    - {value: school, label: {de: Schule, en: School}}
    - {value: club, label: {de: Verein, en: Club}}
    - {value: online, label: {de: Online, en: Online}}
sections:
  - id: start
    title: {de: Start, en: Start}
    questions:
      - {id: works, type: yes_no, label: {de: Mit Schulen?, en: With schools?}}
      - {id: place, type: select_one, choices: places, label: {de: Ort, en: Place}}
      - {id: places, type: select_multiple, choices: places, label: {de: Orte, en: Places}}
      - {id: remark, type: text, label: {de: Bemerkung, en: Remark}}
  - id: schools
    title: {de: Schulen, en: Schools}
    when: {question: works, equals: true}
    questions:
      - id: school_count
        type: integer
        required: true
        label: {de: Anzahl der Schulen, en: Number of schools}
      - id: school_kind
        type: text
        when:
          any:
            - {question: place, in: [school, club]}
            - {question: places, includes: online}
        label: {de: Schulform, en: Kind of school}
      - id: why
        type: text
        when:
          all:
            - {question: places, excludes: online}
            - {question: place, not_equals: club}
            - {question: remark, answered: false}
        label: {de: Warum?, en: Why?}
"""


@pytest.fixture(scope="module")
def q():
    return parse_definition(WHEN_YAML, "when.yaml")


# --- holds, on literal answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        (Condition("a", "equals", True), {"a": True}, True),
        (Condition("a", "equals", True), {"a": False}, False),
        (Condition("a", "equals", True), {}, False),
        (Condition("a", "equals", "x"), {"a": "x"}, True),
        (Condition("a", "includes", "x"), {"a": ["y", "x"]}, True),
        (Condition("a", "includes", "x"), {"a": ["y"]}, False),
        (Condition("a", "not_equals", "x"), {"a": "y"}, True),
        (Condition("a", "not_equals", "x"), {"a": "x"}, False),
        (Condition("a", "not_equals", "x"), {}, False),
        (Condition("a", "not_equals", "x"), {"a": ""}, False),
        (Condition("a", "not_equals", True), {"a": False}, True),
        (Condition("a", "excludes", "x"), {"a": ["y"]}, True),
        (Condition("a", "excludes", "x"), {"a": ["y", "x"]}, False),
        (Condition("a", "excludes", "x"), {"a": []}, False),
        (Condition("a", "excludes", "x"), {}, False),
        (Condition("a", "in", ("x", "y")), {"a": "y"}, True),
        (Condition("a", "in", ("x", "y")), {"a": "z"}, False),
        (Condition("a", "in", ("x", "y")), {}, False),
        (Condition("a", "in", (True,)), {"a": 1}, False),
        (Condition("a", "answered", True), {"a": 0}, True),
        (Condition("a", "answered", True), {"a": False}, True),
        (Condition("a", "answered", True), {"a": ""}, False),
        (Condition("a", "answered", True), {"a": []}, False),
        (Condition("a", "answered", True), {}, False),
        (Condition("a", "answered", False), {}, True),
        (Condition("a", "answered", False), {"a": "text"}, False),
    ],
)
def test_each_comparison_holds_on_literal_answers(condition, answers, expected):
    assert condition.holds(answers) is expected


def test_all_and_any_nest_and_name_their_questions():
    inner = AnyOf((Condition("b", "in", ("x", "y")), Condition("c", "answered", False)))
    both = AllOf((Condition("a", "equals", True), inner, Condition("b", "not_equals", "z")))
    assert both.questions() == ("a", "b", "c")
    assert both.holds({"a": True, "b": "x"}) is True
    assert both.holds({"a": True, "b": "q"}) is True  # c unanswered
    assert both.holds({"a": True, "b": "q", "c": "given"}) is False
    assert both.holds({"a": False, "b": "x"}) is False
    assert AnyOf((Condition("a", "equals", True),)).questions() == ("a",)
    assert AnyOf(()).holds({}) is False and AllOf(()).holds({}) is True


# --- the model ----------------------------------------------------------------------------------


def test_a_sections_when_is_anded_into_each_question(q):
    section = q.sections[1]
    works = Condition("works", "equals", True)
    assert section.when == works
    count, kind, why = section.questions
    assert count.when == works and count.own_when is None
    assert kind.own_when == AnyOf(
        (Condition("place", "in", ("school", "club")), Condition("places", "includes", "online"))
    )
    assert kind.when == AllOf((works, kind.own_when))
    assert why.own_when == AllOf(
        (
            Condition("places", "excludes", "online"),
            Condition("place", "not_equals", "club"),
            Condition("remark", "answered", False),
        )
    )
    assert kind.when.holds({"works": True, "places": ["online"]})
    assert not kind.when.holds({"works": False, "places": ["online"]})
    assert q.sections[0].when is None and q.question("works").when is None


def test_the_outline_shows_a_sections_when_once(q):
    lines = outline(q, "de")
    assert lines[lines.index("2  Schulen") + 1] == "         (when works equals True)"
    assert "         (school_count: integer, required)" in lines
    assert (
        "         (school_kind: text, when (place in ['school', 'club'] or places includes "
        "'online'))"
    ) in lines


def test_a_three_letter_language_code_is_accepted():
    text = (
        'id: t\nversion: "1"\nlanguages: [tet, en]\ntitle: {tet: Títulu, en: Title}\n'
        "sections:\n  - id: s\n    title: {tet: S, en: S}\n    questions:\n"
        "      - {id: a, type: text, label: {tet: Naran, en: Name}}\n"
    )
    assert parse_definition(text, "tet.yaml").languages == ("tet", "en")


# --- the checker: messages with lines -----------------------------------------------------------


def _problems(text: str) -> list[tuple[int | None, str, str, str]]:
    with pytest.raises(DefinitionError) as info:
        parse_definition(text, "x.yaml")
    return [(p.line, p.code, p.where, p.message) for p in info.value.problems]


def _with(old: str, new: str) -> str:
    assert old in WHEN_YAML
    return WHEN_YAML.replace(old, new)


def test_a_reference_to_an_unknown_question_deep_inside_any():
    text = _with("{question: places, includes: online}", "{question: placs, includes: online}")
    assert _problems(text) == [
        (
            31,
            "when-unknown",
            "sections[1].questions[1].when.any[1].question",
            "“when” refers to question “placs”, which does not exist. Did you mean “places”?",
        )
    ]


def test_a_comparison_the_type_does_not_have():
    text = _with("{question: places, excludes: online}", "{question: places, not_equals: online}")
    assert _problems(text) == [
        (
            37,
            "when-operator",
            "sections[1].questions[2].when.all[0].not_equals",
            "“when” uses “not_equals” on question “places” of type select_multiple; "
            "use includes / excludes / answered.",
        )
    ]
    text = _with("{question: remark, answered: false}", "{question: remark, in: [a]}")
    assert [p[1:3] for p in _problems(text)] == [
        ("when-operator", "sections[1].questions[2].when.all[2].in")
    ]


def test_a_value_not_in_the_list():
    text = _with("in: [school, club]", "in: [school, pub]")
    assert _problems(text) == [
        (
            30,
            "when-value",
            "sections[1].questions[1].when.any[0].in[1]",
            "“when” compares question “place” with 'pub', which it can never have; "
            "possible values: school, club, online.",
        )
    ]
    text = _with("{question: place, not_equals: club}", "{question: works, not_equals: 'no'}")
    assert [p[:3] for p in _problems(text)] == [
        (38, "when-value", "sections[1].questions[2].when.all[1].not_equals")
    ]


def test_a_sections_when_on_its_own_question_or_a_later_one():
    own = _with(
        "when: {question: works, equals: true}", "when: {question: school_count, answered: true}"
    )
    assert _problems(own) == [
        (
            20,
            "when-own-section",
            "sections[1].when.question",
            "The section's “when” refers to question “school_count” of this same section; a "
            "section can only depend on questions of earlier sections (otherwise the condition "
            "belongs on the single questions).",
        )
    ]
    later = WHEN_YAML.replace(
        "    title: {de: Start, en: Start}\n",
        "    title: {de: Start, en: Start}\n    when: {question: remark, answered: true}\n",
    )
    assert [p[:3] for p in _problems(later)] == [
        (13, "when-own-section", "sections[0].when.question")
    ]


def test_malformed_conditions_are_named_by_the_meta_schema():
    text = _with("{question: place, in: [school, club]}", "{question: place, in: []}")
    assert [p[:3] for p in _problems(text)] == [
        (30, "bad-value", "sections[1].questions[1].when.any[0].in")
    ]
    text = _with("{question: remark, answered: false}", "{question: remark}")
    (problem,) = _problems(text)
    assert problem[:3] == (39, "bad-value", "sections[1].questions[2].when.all[2]")
    assert "give exactly one of equals, includes, not_equals, excludes, in, answered" in problem[3]
    text = _with(
        "        when:\n          all:", "        when:\n          question: remark\n          all:"
    )
    assert [p[:3] for p in _problems(text)] == [
        (36, "bad-value", "sections[1].questions[2].when.question")
    ]


def test_german_message_for_a_sections_own_question():
    text = _with(
        "when: {question: works, equals: true}", "when: {question: school_count, answered: true}"
    )
    with pytest.raises(DefinitionError) as info:
        parse_definition(text, "x.yaml", lang="de")
    assert info.value.problems[0].message.startswith(
        "Das „when“ des Abschnitts verweist auf die Frage „school_count“ aus diesem Abschnitt;"
    )


# --- the forms ----------------------------------------------------------------------------------

PROJECT = Project(
    id="p01",
    name="Netzwerk Eins",
    organisation="Verein Eins e.V.",
    email="eins@example.org",
    contact="Anna Eins",
    language="de",
    columns={"project_id": "p01", "project": "Netzwerk Eins"},
)
SECTION_DE = "Diesen Abschnitt nur ausfüllen, wenn Sie bei 1.1 „Ja“ angegeben haben."
ANY_DE = (
    "Nur ausfüllen, wenn Sie bei 1.2 „Schule“ oder „Verein“ angegeben oder bei 1.3 „Online“ "
    "angekreuzt haben."
)
ALL_DE = (
    "Nur ausfüllen, wenn Sie bei 1.3 nur andere Optionen als „Online“ angekreuzt, bei 1.2 etwas "
    "anderes als „Verein“ angegeben und 1.4 nicht beantwortet haben."
)
SECTION_EN = "Fill in this section only if you answered “Yes” at 1.1."
ANY_EN = "Only if you answered “School” or “Club” at 1.2 or ticked “Online” at 1.3."
ALL_EN = (
    "Only if you ticked only options other than “Online” at 1.3, answered something other "
    "than “Club” at 1.2, and left 1.4 unanswered."
)


def _ident(q, lang: str) -> Identification:
    return Identification(q.id, q.version, PROJECT.id, "tok", lang)


def _paragraphs(q, lang: str) -> list[str]:
    data = build_docx(
        q, PROJECT, _ident(q, lang), lang, dt.date(2030, 1, 31), prefill_values(q, PROJECT)
    )
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"), safe_parser())
    return [node_text(p) for p in root.iter(w("p"))]


@pytest.mark.parametrize(
    ("lang", "heading", "section", "any_", "all_"),
    [
        ("de", "2 Schulen", SECTION_DE, ANY_DE, ALL_DE),
        ("en", "2 Schools", SECTION_EN, ANY_EN, ALL_EN),
    ],
)
def test_the_word_form_says_the_sections_condition_once_under_its_heading(
    q, lang, heading, section, any_, all_
):
    paragraphs = _paragraphs(q, lang)
    assert paragraphs[paragraphs.index(heading) + 1] == section
    assert paragraphs.count(section) == 1
    assert paragraphs.count(any_) == 1 and paragraphs.count(all_) == 1
    said = [p for p in paragraphs if p.startswith(("Nur ausfüllen", "Only if"))]
    assert said == [any_, all_]  # 2.1 has only the section's condition: nothing of its own


@pytest.mark.parametrize(
    ("lang", "section", "any_", "all_"),
    [("de", SECTION_DE, ANY_DE, ALL_DE), ("en", SECTION_EN, ANY_EN, ALL_EN)],
)
def test_the_excel_form_says_the_sections_condition_once_under_its_heading(
    q, tmp_path, lang, section, any_, all_
):
    path = tmp_path / "form.xlsx"
    path.write_bytes(build_xlsx(q, PROJECT, _ident(q, lang), lang, dt.date(2030, 1, 31)))
    ws = load_workbook(path).worksheets[0]
    rows = {
        str(ws.cell(r, COL_NUMBER).value): r
        for r in range(1, ws.max_row + 1)
        if ws.cell(r, COL_NUMBER).value
    }
    heading = rows["2"]
    assert ws.cell(heading + 1, COL_QUESTION).value == section
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert sum(section in x for x in texts) == 1
    assert ws.cell(rows["2.1"], COL_HINT).value.splitlines() == [
        "Eine ganze Zahl." if lang == "de" else "A whole number.",
        "Pflichtfeld." if lang == "de" else "Required.",
    ]
    assert ws.cell(rows["2.2"], COL_HINT).value == any_
    assert ws.cell(rows["2.3"], COL_HINT).value == all_


# --- the answers schema and real returns --------------------------------------------------------


def _errors(q, answers: dict[str, Any]) -> list[str]:
    validator = answers_validator(build_answers_schema(q))
    return sorted(e.message for e in validator.iter_errors(answers))


def test_the_answers_schema_requires_a_question_only_while_its_sections_when_holds(q):
    assert _errors(q, {"works": False}) == []
    assert _errors(q, {}) == []
    assert _errors(q, {"works": True}) == ["'school_count' is a required property"]
    assert _errors(q, {"works": True, "school_count": 3}) == []


def test_the_answers_schema_encodes_every_comparison():
    text = WHEN_YAML.replace(
        "      - id: why\n        type: text\n",
        "      - id: why\n        type: text\n        required: true\n",
    )
    q = parse_definition(text, "when.yaml")
    base = {"works": True, "school_count": 1}
    missing = ["'why' is a required property"]
    assert _errors(q, {**base, "places": ["club"], "place": "school"}) == missing
    assert _errors(q, {**base, "places": ["club", "online"], "place": "school"}) == []
    assert _errors(q, {**base, "places": ["club"], "place": "club"}) == []
    assert _errors(q, {**base, "places": ["club"], "place": "school", "remark": "x"}) == []
    assert _errors(q, {**base, "place": "school"}) == []  # excludes needs ticks


ROSTER = (
    "project_id,project,organisation,email,contact\n"
    "p01,Netzwerk Eins,Verein Eins e.V.,eins@example.org,Anna Eins\n"
    "p02,Projekt Zwei,Zwei gGmbH,zwei@example.org,Bert Zwei\n"
    "p03,Initiative Drei,Drei e.V.,drei@example.org,\n"
)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> dict[str, Any]:
    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms.excel.filler import fill_xlsx
    from pipeline.round.folder import RoundDir

    base = tmp_path_factory.mktemp("when")
    (base / "when.yaml").write_text(WHEN_YAML, encoding="utf-8")
    (base / "roster.csv").write_text(ROSTER, encoding="utf-8")
    target = base / "round"
    generate_round(
        base / "when.yaml",
        base / "roster.csv",
        target,
        formats=("xlsx",),
        deadline=dt.date(2030, 1, 31),
        lang="en",
    )
    rd = RoundDir(target)
    record = rd.load()
    q = load_questionnaire(rd.definition)
    returns = {
        "p01": {"works": False, "remark": "nur außerschulisch"},  # 2.1 required, not asked
        "p02": {"works": True, "remark": "mit zwei Schulen"},  # 2.1 asked, left empty
        "p03": {"works": False, "school_count": 2, "remark": "x"},  # given though not asked
    }
    for pid, answers in returns.items():
        fill_xlsx(target / record.projects[pid].files["xlsx"], answers, rd.inbox / f"{pid}.xlsx", q)
    report = ingest(target, lang="de")
    return {str(r.project): r for r in report.results}


def test_a_conditional_required_question_left_empty_while_its_condition_does_not_hold(ingested):
    assert ingested["p01"].outcome is Outcome.ACCEPTED
    assert ingested["p01"].problems == []


def test_a_conditional_required_question_left_empty_while_its_condition_holds(ingested):
    assert ingested["p02"].outcome is Outcome.INCOMPLETE
    assert [(str(p.code), p.question) for p in ingested["p02"].problems] == [
        ("missing", "school_count")
    ]


def test_an_answer_given_although_the_sections_condition_does_not_hold(ingested):
    assert ingested["p03"].outcome is Outcome.ACCEPTED_WITH_WARNINGS
    (problem,) = ingested["p03"].problems
    assert problem.message == (
        "Frage 2.1 „Anzahl der Schulen“: beantwortet, obwohl die Frage nur gilt, wenn bei 1.1 „Ja“ "
        "angegeben ist; die Antwort bleibt erhalten."
    )


# --- where the effective condition is used ------------------------------------------------------


def test_the_compendium_leaves_out_an_answer_whose_sections_condition_does_not_hold(q):
    from pipeline.publication.compendium.content import applies

    count = q.question("school_count")
    assert applies(count, {"works": True, "school_count": 3}) is True
    assert applies(count, {"works": False, "school_count": 3}) is False
    assert applies(q.question("remark"), {}) is True


def test_a_changed_section_condition_is_a_layout_difference(q):
    from pipeline.definition.diff import layout_differences

    changed = parse_definition(
        _with("when: {question: works, equals: true}", "when: {question: place, in: [school]}"),
        "when.yaml",
    )
    assert layout_differences(q, changed)[0] == (
        "question 2.1 “school_count”: when works equals True → place in ['school']"
    )
    assert len(layout_differences(q, changed)) == 3  # every question of the section
