"""Issue 10, point 21: numbers are read in the form's language, and every message quotes what
the person typed, never the value read from it.

Real Word forms of the bundled questionnaire (p01-p10 German, p11 and p12 English), filled in
as a person would, read back by ingest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER, own_master_data

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.generate import generate_round
from pipeline.forms.word.filler import fill_docx
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text("utf-8")
)
PEOPLE = "participants_per_year"
STAFF = "staff_fte"


def _round(tmp_path: Path, typed: dict[str, dict[str, Any]]) -> tuple[Path, dict[str, Any]]:
    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx",))
    q = load_questionnaire(BUNDLED)
    record = RoundDir(rd).load()
    for pid, answers in typed.items():
        form = rd / record.projects[pid].files["docx"]
        fill_docx(
            form, own_master_data(pid, {**COMPLETE, **answers}), rd / "inbox" / f"{pid}.docx", q
        )
    results = {r.project: r for r in ingest(rd, lang="en").results}
    return rd, results


def _stored(rd: Path) -> dict[str, dict[str, Any]]:
    with Store(store_path(RoundDir(rd))) as store:
        return {s.project: s.answers for s in store.submissions()}


def _letter(rd: Path, pid: str) -> str:
    from docx import Document

    letter = Document(rd / "reports" / f"{pid}-rueckfrage.docx")
    return "\n".join(p.text for p in letter.paragraphs)


@pytest.fixture(scope="module")
def numbers_round(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    return _round(
        tmp_path_factory.mktemp("numbers"),
        {
            "p11": {PEOPLE: "5,820", STAFF: "2.5"},  # English: the example
            "p12": {PEOPLE: "5.820 people", STAFF: "1,234.5"},
            "p01": {PEOPLE: "5.820", STAFF: "1234.5"},  # German, and a plain 1234.5
            "p02": {PEOPLE: "5,820", STAFF: "2,5"},
            "p03": {PEOPLE: "12,5", STAFF: "1.5"},
        },
    )


def test_thousands_of_a_whole_number_in_either_language(numbers_round):
    rd, results = numbers_round
    stored = _stored(rd)
    assert stored["p11"][PEOPLE] == 5820
    assert results["p11"].outcome == "accepted"
    assert stored["p11"][STAFF] == 2.5
    assert stored["p12"][PEOPLE] == 5820
    assert stored["p01"][PEOPLE] == 5820
    assert stored["p02"][PEOPLE] == 5820
    assert stored["p02"][STAFF] == 2.5
    assert stored["p03"][STAFF] == 1.5  # a German form accepts 1.5 as a computer writes it
    report = (rd / "reports" / "p11.md").read_text("utf-8")
    assert "“5,820” read as 5820" in report


def test_a_message_quotes_what_was_typed(numbers_round):
    rd, results = numbers_round
    (p12,) = [p.message for p in results["p12"].problems if p.question == STAFF]
    assert p12 == (
        "Question 8.3 “How many staff positions does the project have?”: "
        "“1,234.5” is above the highest possible value 100."
    )
    (p01,) = [p.message for p in results["p01"].problems if p.question == STAFF]
    assert "“1234.5” is above the highest possible value 100." in p01
    (p03,) = [p.message for p in results["p03"].problems if p.question == PEOPLE]
    assert (
        p03 == "Question 3.4 “About how many people do you reach a year?”: “12,5” is not a whole "
        "number."
    )
    letter = _letter(rd, "p03")  # p03's letter is in German, with the text as typed
    assert (
        "Frage 3.4 „Wie viele Menschen erreichen Sie ungefähr im Jahr?“: „12,5“ ist "
        "keine " in letter
    )
    assert "12.5" not in letter


def test_an_ambiguous_number_is_asked_about(tmp_path):
    rd, results = _round(tmp_path, {"p11": {STAFF: "1,5"}, "p12": {"partners": _partners("1,980")}})
    assert results["p11"].outcome == "incomplete"
    assert STAFF not in _stored(rd)["p11"]
    letter = _letter(rd, "p11")
    assert (
        "Question 8.3 “How many staff positions does the project have?”: “1,5” can be read in two "
        "ways (the comma as a thousands separator or as a decimal point); please write the "
        "number again without thousands separators, as in 1234.5."
    ) in letter
    assert "1.5" not in letter and "'15'" not in letter
    # a year in a table: a whole number, so its thousands are thousands in either language
    (since,) = [p.message for p in results["p12"].problems if p.question == "partners"]
    assert since.endswith(": “1,980” is below the lowest possible value 1990.")


def _partners(since: str) -> list[dict[str, Any]]:
    return [
        {"organisation": "Landesinstitut", "role": "cooperation", "since": 2022},
        {"organisation": "Universität", "role": "research", "since": since},
    ]


def test_a_table_cell_is_quoted_as_typed_in_a_german_form(tmp_path):
    _, results = _round(tmp_path, {"p01": {"partners": _partners("1.980")}})
    (since,) = [p.message for p in results["p01"].problems if p.question == "partners"]
    assert since.endswith(": “1.980” is below the lowest possible value 1990.")


@pytest.mark.parametrize(
    ("text", "lang", "whole", "expected"),
    [
        ("5,820", "en", True, 5820),
        ("5.820", "en", True, 5820),
        ("5,820", "de", True, 5820),
        ("5.820", "de", True, 5820),
        ("1,000,000", "en", True, 1000000),
        ("1.000.000", "en", True, 1000000),
        ("5,820", "en", False, 5820),
        ("5.820", "en", False, 5.82),
        ("5,820", "de", False, 5.82),
        ("1,234.5", "en", False, 1234.5),
        ("1.234,5", "de", False, 1234.5),
        ("1234.5", "en", False, 1234.5),
        ("1234.5", "de", False, 1234.5),
        ("1.234,5", "en", False, 1234.5),  # German style in an English form: nothing else
        ("1,234.5", "de", False, 1234.5),
        ("ca. 12 000", "de", True, 12000),
        ("1,5", "en", False, "ambiguous"),
        ("1234,5", "en", False, "ambiguous"),
        ("1,5", "en", True, "ambiguous"),
        ("12,34,567", "en", False, None),
        ("1-2", "de", False, None),
    ],
)
def test_read_number_in_the_forms_language(text, lang, whole, expected):
    from pipeline.definition.coerce import read_number

    number, ambiguous = read_number(text, lang, whole)
    if expected == "ambiguous":
        assert (number, ambiguous) == (None, True)
    elif expected is None:
        assert (number, ambiguous) == (None, False)
    else:
        assert float(number) == expected and not ambiguous
