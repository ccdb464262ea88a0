"""A definition's meta-schema check asks jsonschema-rs first (pipeline.definition.schema_check):
a valid tree is passed in a millisecond, every other tree is worded by jsonschema as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.definition import loading, schema_check, yaml_tree
from pipeline.errors import DefinitionError

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = (ROOT / "questionnaires" / "promising-practices.yaml").read_text("utf-8")


def test_the_bundled_questionnaire_is_passed_by_jsonschema_rs():
    tree = yaml_tree.load_tree(BUNDLED)
    assert schema_check.surely_valid(loading._compiled("meta"), tree) is True
    assert loading._meta_problems(tree, "de") == []


def test_a_tree_jsonschema_rs_cannot_take_is_left_to_jsonschema():
    tree = yaml_tree.load_tree(BUNDLED)
    tree["version"] = dt.date(2026, 1, 1)  # YAML reads an unquoted 2026-01-01 as a date
    assert schema_check.surely_valid(loading._compiled("meta"), tree) is False
    problems = loading._meta_problems(tree, "en")
    assert [(p.code, p.where, p.line) for p in problems] == [("bad-value", "version", 11)]


@pytest.mark.parametrize(
    ("change", "broken", "problem"),
    [
        (
            "type: select_one\n        choices: federal_states",
            "type: select_once\n        choices: federal_states",
            ("unknown-type", "sections[0].questions[3].type", 162),
        ),
        (
            "required: true\n        prefill: state",
            "required: true\n        prefil: state",
            ("unknown-key", "sections[0].questions[3].prefil", 165),
        ),
    ],
)
def test_an_invalid_definition_is_still_worded_by_jsonschema(change, broken, problem):
    text = BUNDLED.replace(change, broken, 1)
    assert text != BUNDLED
    with pytest.raises(DefinitionError) as caught:
        loading.parse_definition.__wrapped__(text, "<t>", "en")
    assert [(p.code, p.where, p.line) for p in caught.value.problems] == [problem]
