"""The derived answers schema: committed, valid, and strict where it should be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ALL_TYPES_ANSWERS, BUNDLED, ROOT
from jsonschema import Draft202012Validator

from pipeline.definition.answers_schema import (
    answers_check,
    answers_validator,
    build_answers_schema,
    count_words,
    schema_filename,
    schema_json,
)
from pipeline.definition.loading import load_questionnaire
from pipeline.definition.metaschema import meta_schema_json

COMPLETE = json.loads((Path(__file__).parent / "data" / "complete_answers.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def bundled():
    return load_questionnaire(BUNDLED)


@pytest.fixture(scope="module")
def validator(bundled):
    return answers_validator(build_answers_schema(bundled))


def _errors(validator, answers):
    return list(validator.iter_errors(answers))


def test_committed_answers_schema_is_up_to_date(bundled):
    committed = ROOT / "schemas" / schema_filename(bundled)
    assert committed.read_text("utf-8") == schema_json(build_answers_schema(bundled)), (
        "run: praxis schema questionnaires/promising-practices.yaml"
    )


def test_committed_meta_schema_is_up_to_date():
    committed = ROOT / "schemas" / "questionnaire.schema.json"
    assert committed.read_text("utf-8") == meta_schema_json(), (
        "run: python -m pipeline.definition.metaschema > schemas/questionnaire.schema.json"
    )


def test_committed_schemas_are_valid_2020_12(bundled):
    for path in (ROOT / "schemas").glob("*.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))


def test_complete_sample_is_valid(validator):
    assert _errors(validator, COMPLETE) == []


# question id -> a wrong answer of the right shape for its type
WRONG = {
    "name": 42,  # text
    "story": ["not", "text"],  # long_text
    "count": 2.5,  # integer
    "share": "viel",  # decimal
    "started": "2023-13-45",  # date
    "evaluated": "ja",  # yes_no
    "colour": "purple",  # select_one
    "colours": ["red", "red"],  # select_multiple (repeat)
    "mail": "no-at-sign",  # email
    "site": "ftp:/x",  # url
    "partners": [{"kind": "red"}],  # table: required column missing
}


@pytest.mark.parametrize("qid", sorted(WRONG))
def test_wrong_answer_is_rejected_with_the_question_in_the_path(all_types, qid):
    validator = answers_validator(build_answers_schema(all_types))
    answers = {**ALL_TYPES_ANSWERS, qid: WRONG[qid]}
    errors = _errors(validator, answers)
    assert errors, f"{qid}: {WRONG[qid]!r} was accepted"
    assert all(list(e.absolute_path)[:1] == [qid] for e in errors), [e.message for e in errors]


def test_sample_for_all_types_is_valid(all_types):
    assert _errors(answers_validator(build_answers_schema(all_types)), ALL_TYPES_ANSWERS) == []


def test_too_many_words_are_rejected(validator):
    answers = {**COMPLETE, "goals": " ".join(["Wort"] * 151)}
    errors = _errors(validator, answers)
    assert [list(e.absolute_path) for e in errors] == [["goals"]]
    assert "151 words" in errors[0].message
    assert _errors(validator, {**COMPLETE, "goals": " ".join(["Wort"] * 150)}) == []


def test_too_few_words_are_rejected(validator):
    errors = _errors(validator, {**COMPLETE, "approach": "Zu kurz."})
    assert [list(e.absolute_path) for e in errors] == [["approach"]]


def test_required_question_missing(validator):
    answers = {k: v for k, v in COMPLETE.items() if k != "goals"}
    errors = _errors(validator, answers)
    assert len(errors) == 1 and "'goals' is a required property" in errors[0].message


def test_when_makes_a_question_required_only_when_it_holds(validator):
    without = {k: v for k, v in COMPLETE.items() if k != "evaluation_details"}
    assert _errors(validator, without)
    assert _errors(validator, {**without, "evaluated": False}) == []


def test_other_needs_its_text(validator):
    without = {k: v for k, v in COMPLETE.items() if k != "phenomena_other"}
    errors = _errors(validator, without)
    assert errors and "phenomena_other" in errors[0].message


def test_unknown_answers_are_rejected(validator):
    assert _errors(validator, {**COMPLETE, "nonsense": "x"})


def test_count_words():
    assert count_words("Online-Streetwork und z. B. Discord") == 5
    assert count_words("  ") == 0
    assert count_words("Teilnehmer*innen, Nutzer:innen 2025") == 3


def test_count_words_joins_words_by_one_joiner_only():
    texts = {
        "-Wort": 1,
        "Wort-": 1,
        "a--b": 2,
        "a-b-c": 1,
        " -a -b": 2,
        "--a": 1,
        "x.-y": 2,
        "Mo.-Fr. 9:00-17:00": 3,
        "Nutzer’innen: 12-mal": 2,
        "a-": 1,
        "-": 0,
        "a": 1,
    }
    assert {text: count_words(text) for text in texts} == texts


def test_count_words_counts_alike_in_every_script():
    """A text Windows-1252 can hold is counted from its bytes, any other from its characters:
    the same words either way."""
    import re

    word = re.compile(r"[^\W_]+(?:[-'’.*:/][^\W_]+)*")
    texts = [
        "„Zitat“ – 5 € für d’Artagnan's Team/Gruppe: A*B.C",
        "x_y ²³ ½ ª º µ ß ÿ Ÿ Œ œ Š ƒ …",
        "Straße, Öffnungszeiten; Mo.-Fr. 9:00-17:00 Uhr",
        "ğüzel Łódź 😀 naïve Ελληνικά 中文 текст",
        "\t\n  ",
    ]
    for text in texts:
        assert count_words(text) == len(word.findall(text)), text
    assert count_words("d’Artagnan – „Nutzer:innen“") == 2


ROW = {
    "type": "object",
    "properties": {
        "organisation": {"type": "string", "minLength": 1, "maxLength": 150},
        "role": {"type": "string", "enum": ["cooperation", "funding"]},
        "since": {"type": "integer", "minimum": 1990, "maximum": 2100},
    },
    "required": ["organisation"],
    "additionalProperties": False,
    "minProperties": 1,
}


def test_answers_check_decides_as_the_validator_with_and_without_our_own_keywords():
    rows = [
        ({"organisation": "Jugendamt", "role": "funding", "since": 2020}, True),
        ({"organisation": "Jugendamt", "since": 2020.0}, True),
        ({"organisation": ""}, False),
        ({"organisation": "Jugendamt", "since": "seit 2022"}, False),
        ({"organisation": "Jugendamt", "since": True}, False),
        ({"organisation": "Jugendamt", "role": "Beratung"}, False),
        ({"organisation": "Jugendamt", "extra": 1}, False),
        ({"role": "funding"}, False),
        ({}, False),
    ]
    check = answers_check(ROW)
    assert [check(row) for row, _ in rows] == [valid for _, valid in rows]
    dated = {"type": "string", "format": "date"}
    assert [answers_check(dated)(v) for v in ("2020-02-01", "2020-13-01")] == [True, False]
    limited = {"type": "string", "maxWords": 2}
    assert [answers_check(limited)(v) for v in ("zwei Worte", "drei Worte hier")] == [True, False]
