"""Coercion of what people type."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.definition.coerce import parse_number
from pipeline.definition.question_types import coerce_answer


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("2,5", 2.5),
        ("2.5", 2.5),
        ("1.234", None),  # thousands or a decimal point: asked (issue 10, point 21)
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("ca. 300", 300),
        ("-3", -3),
        ("12 000", 12000),
        ("zwölf", None),
        ("1-2", None),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


def test_integer_and_decimal(all_types):
    count, share = all_types.question("count"), all_types.question("share")
    assert coerce_answer(count, "1.234").value == 1234
    assert coerce_answer(count, "1234 Personen").value == 1234
    assert coerce_answer(count, 12.0).value == 12
    assert coerce_answer(count, "2,5").error == "not_whole"
    assert coerce_answer(count, "viele").error == "not_a_number"
    assert coerce_answer(share, "1.234,5").value == 1234.5
    assert coerce_answer(share, "1.234,5").changed == "'1.234,5' read as 1234.5"
    assert coerce_answer(share, 2.5).changed is None
    assert coerce_answer(share, "").empty


def test_dates(all_types):
    started = all_types.question("started")
    for raw in ("12.10.2023", "2023-10-12", "12.10.23", dt.date(2023, 10, 12), 45211):
        assert coerce_answer(started, raw).value == "2023-10-12", raw
    assert coerce_answer(started, "2023-10-12").changed is None
    assert coerce_answer(started, "31.02.2023").error == "not_a_date"


def test_yes_no(all_types):
    q = all_types.question("evaluated")
    for raw, value in (("ja", True), ("Nein", False), ("x", True), ("yes", True), (False, False)):
        assert coerce_answer(q, raw).value is value
    assert coerce_answer(q, "vielleicht").error == "not_yes_no"


def test_choices_by_value_or_label_in_either_language(all_types):
    state = all_types.question("state")
    assert coerce_answer(state, "Bavaria").value == "by"
    assert coerce_answer(state, "bayern").value == "by"
    assert coerce_answer(state, "by").value == "by"
    assert coerce_answer(state, "Mars").error == "not_a_choice"
    colours = all_types.question("colours")
    assert coerce_answer(colours, "blau; rot").value == ["red", "blue"]
    assert coerce_answer(colours, ["green", "Sonstiges"]).value == ["green", "other"]


def test_text_cleaning(all_types):
    name = all_types.question("name")
    assert coerce_answer(name, "  Köln\x07  ").value == "Köln"
    assert coerce_answer(name, 4711.0).value == "4711"
    assert coerce_answer(name, "   ").empty


def test_table_rows(all_types):
    partners = all_types.question("partners")
    result = coerce_answer(partners, [{"org": "A", "since": "2020"}, {"org": "", "since": ""}])
    assert result.value == [{"org": "A", "since": 2020}]
    bad = coerce_answer(partners, [{"org": "A", "since": "seit langem"}])
    # issue 10, point 6: the row is kept as typed and the cell flagged, not the table lost
    assert bad.error is None and bad.value == [{"org": "A", "since": "seit langem"}]
    assert [(c.row, c.column, c.error) for c in bad.bad_cells] == [(1, "since", "not_a_number")]
