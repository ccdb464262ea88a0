"""The loader: the bundled definition loads; every error it can report, one definition each."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ALL_TYPES_YAML, BUNDLED

from pipeline.definition.loading import load_questionnaire, parse_definition
from pipeline.definition.question_types import QUESTION_TYPES
from pipeline.errors import DefinitionError, UsageError

HEAD = """id: t
version: "1"
languages: [de, en]
title: {de: T, en: T}
"""


def _section(questions: str, extra: str = "") -> str:
    body = "\n".join("      " + line for line in questions.strip("\n").splitlines())
    return HEAD + extra + "sections:\n  - id: s\n    title: {de: S, en: S}\n    questions:\n" + body


def _problems(text: str) -> list:
    with pytest.raises(DefinitionError) as info:
        parse_definition(text, "x.yaml")
    return info.value.problems


def test_bundled_questionnaire_loads_and_uses_every_type():
    q = load_questionnaire(BUNDLED)
    assert q.id == "promising-practices"
    assert q.languages == ("de", "en")
    assert len(q.sections) == 11
    assert {x.type for x in q.questions()} == set(QUESTION_TYPES)
    assert any(x.when and x.when.op == "equals" for x in q.questions())
    assert any(x.when and x.when.op == "includes" for x in q.questions())
    assert q.question("partners").columns


def test_numbering_skips_notes(all_types):
    numbers = [(x.id, x.number) for x in all_types.questions()]
    assert numbers[:6] == [
        ("name", "1.1"),
        ("story", "1.2"),
        ("count", "1.3"),
        ("share", "1.4"),
        ("started", "1.5"),
        ("info", ""),
    ]
    assert all_types.question("colours").number == "2.5"
    assert all_types.by_number("3.3").id == "partners"


def test_model_keeps_texts_limits_and_conditions(all_types):
    story = all_types.question("story")
    assert story.max_words == 50
    assert story.hint.get("en") == "max. 50 words"
    assert story.label.get("fr") == "Geschichte"  # unknown language: the first one
    details = all_types.question("details")
    assert details.when.holds({"evaluated": True})
    assert not details.when.holds({"evaluated": False})
    assert not details.when.holds({})
    assert all_types.question("colours").other_id == "colours_other"
    assert [c.value for c in all_types.question("colour").choices] == ["red", "green", "blue"]


FIVE_MISTAKES = _section(
    """
- id: a
  type: text
  label: {de: A, en: A}
- id: b
  type: select_mutliple
  choices: colours
  label: {de: B, en: B}
- id: a
  type: text
  label: {de: A2, en: A2}
- id: c
  type: long_text
  when: {question: d, equals: true}
  label: {de: C}
- id: d
  type: yes_no
  label: {de: D, en: D}
"""
)


def test_five_mistakes_are_all_reported_with_lines():
    text = FIVE_MISTAKES
    problems = _problems(text)
    codes = sorted(p.code for p in problems)
    assert codes == sorted(
        ["unknown-type", "unknown-choice-list", "duplicate-id", "when-forward", "missing-language"]
    )
    lines = {p.code: p.line for p in problems}
    assert lines == {
        "unknown-type": 13,
        "unknown-choice-list": 14,
        "duplicate-id": 16,
        "when-forward": 21,
        "missing-language": 22,
    }
    typo = next(p for p in problems if p.code == "unknown-type")
    assert "select_multiple" in typo.message
    assert typo.where == "sections[0].questions[1].type"


# One small failing definition per error code the loader can report.
FAILING = {
    "yaml-syntax": HEAD + "sections: [\n",
    "yaml-duplicate-key": HEAD + "id: again\n",
    "not-a-mapping": "- just\n- a list\n",
    "unknown-type": _section("- {id: a, type: txt, label: {de: A, en: A}}"),
    "unknown-key": _section("- {id: a, type: text, maxlength: 3, label: {de: A, en: A}}"),
    "missing-key": _section("- {id: a, label: {de: A, en: A}}"),
    "bad-value": _section("- {id: a, type: text, required: maybe, label: {de: A, en: A}}"),
    "bad-id": _section("- {id: Bad-Id, type: text, label: {de: A, en: A}}"),
    "duplicate-id": _section(
        "- {id: a, type: text, label: {de: A, en: A}}\n- {id: a, type: text, label: {de: B, en: B}}"
    ),
    "duplicate-value": _section(
        "- id: a\n  type: select_one\n  label: {de: A, en: A}\n  choices:\n"
        "    - {value: x, label: {de: X, en: X}}\n    - {value: x, label: {de: Y, en: Y}}"
    ),
    "unknown-choice-list": _section(
        "- {id: a, type: select_one, choices: nope, label: {de: A, en: A}}"
    ),
    "missing-language": _section("- {id: a, type: text, label: {de: A}}"),
    "extra-language": _section("- {id: a, type: text, label: {de: A, en: A, fr: A}}"),
    "text-comma": _section("- {id: a, type: text, label: {de: Name, Vorname, en: Name}}"),
    "when-unknown": _section(
        "- {id: a, type: text, when: {question: zz, equals: true}, label: {de: A, en: A}}"
    ),
    "when-forward": _section(
        "- {id: a, type: text, when: {question: b, equals: true}, label: {de: A, en: A}}\n"
        "- {id: b, type: yes_no, label: {de: B, en: B}}"
    ),
    "when-operator": _section(
        "- {id: b, type: yes_no, label: {de: B, en: B}}\n"
        "- {id: a, type: text, when: {question: b, includes: x}, label: {de: A, en: A}}"
    ),
    "when-value": _section(
        "- {id: b, type: yes_no, label: {de: B, en: B}}\n"
        "- {id: a, type: text, when: {question: b, equals: 'ja'}, label: {de: A, en: A}}"
    ),
    "when-own-section": HEAD
    + "sections:\n  - id: s\n    title: {de: S, en: S}\n"
    + "    when: {question: b, equals: true}\n    questions:\n"
    + "      - {id: b, type: yes_no, label: {de: B, en: B}}\n",
    "limits-order": _section("- {id: a, type: integer, min: 5, max: 1, label: {de: A, en: A}}"),
    "scale-order": _section("- {id: a, type: scale, min: 3, max: 3, label: {de: A, en: A}}"),
    "scale-points": _section("- {id: a, type: scale, min: 0, max: 20, label: {de: A, en: A}}"),
    "scale-whole": _section("- {id: a, type: scale, max: 4.5, label: {de: A, en: A}}"),
    "too-few-choices": _section(
        "- id: a\n  type: select_multiple\n  max_choices: 3\n  label: {de: A, en: A}\n  choices:\n"
        "    - {value: x, label: {de: X, en: X}}"
    ),
    "role-type": _section("- {id: a, type: text, compendium: consent, label: {de: A, en: A}}"),
    "role-once": _section(
        "- {id: a, type: text, compendium: title, label: {de: A, en: A}}\n"
        "- {id: b, type: text, compendium: title, label: {de: B, en: B}}"
    ),
    "prefill-type": _section("- {id: a, type: yes_no, prefill: x, label: {de: A, en: A}}"),
    "filter-type": _section(
        "- {id: a, type: text, compendium: {role: fact, filter: true}, label: {de: A, en: A}}"
    ),
}


@pytest.mark.parametrize("code", sorted(FAILING))
def test_each_error_code_has_a_failing_definition(code):
    problems = _problems(FAILING[code])
    assert code in [p.code for p in problems], [p.render() for p in problems]
    problem = next(p for p in problems if p.code == code)
    assert problem.line is not None and problem.line >= 1
    assert problem.file == "x.yaml"
    assert problem.render().startswith(f"x.yaml:{problem.line}")


def test_every_reported_code_is_tested():
    """A new error code in the loader needs a failing definition above."""
    source = "".join(
        (Path(__file__).parent.parent / "pipeline" / "definition" / name).read_text()
        for name in ("loading.py", "checks.py")
    )
    import re

    emitted = set(re.findall(r'(?:Problem\(|c\.add\(|_problem\(root, )\s*"([a-z-]+)"', source))
    emitted |= {"duplicate-value"}  # chosen by key in _check_unique
    assert emitted <= set(FAILING), emitted - set(FAILING)


def test_missing_language_names_language_and_comma_tip():
    problems = _problems(FAILING["text-comma"])
    assert [p.code for p in problems] == ["text-comma"]
    assert "quotes" in problems[0].message


def test_messages_in_german():
    with pytest.raises(DefinitionError) as info:
        parse_definition(FAILING["unknown-type"], "x.yaml", lang="de")
    assert "Unbekannter Fragetyp „txt“" in info.value.problems[0].message
    assert "Meinten Sie „text“?" in info.value.problems[0].message


def test_unknown_key_suggests_the_right_one():
    problems = _problems(_section("- {id: a, type: long_text, max_word: 3, label: {de: A, en: A}}"))
    assert "Did you mean “max_words”?" in problems[0].message


def test_version_as_number_gets_a_tip():
    problems = _problems(ALL_TYPES_YAML.replace('version: "1"', "version: 2025.1"))
    assert problems[0].code == "bad-value"
    assert "quotes" in problems[0].message


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="not found"):
        load_questionnaire(tmp_path / "nope.yaml")


def test_inline_choices_and_appearance():
    q = parse_definition(
        _section(
            "- id: a\n  type: select_one\n  appearance: dropdown\n  label: {de: A, en: A}\n"
            "  choices:\n    - {value: x, label: {de: X, en: X}}"
        )
    )
    a = q.question("a")
    assert a.choice_values == ("x",) and a.appearance == "dropdown" and a.choice_list is None
