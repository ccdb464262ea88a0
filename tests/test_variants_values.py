"""Variants of issue 10, point 21: a point that a German form reads both ways is asked about,
and a leading zero is never a thousands group.

Real Word forms of the bundled questionnaire (p01-p10 German), filled in as a person would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER, own_master_data
from docx import Document

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


def test_german_point_with_three_decimals_is_asked_not_read_as_thousands(tmp_path: Path) -> None:
    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx",))
    q = load_questionnaire(BUNDLED)
    record = RoundDir(rd).load()
    typed = {"p01": {STAFF: "1.125"}, "p02": {PEOPLE: "0.125"}, "p03": {STAFF: "12.5"}}
    for pid, answers in typed.items():
        form = rd / record.projects[pid].files["docx"]
        fill_docx(
            form, own_master_data(pid, {**COMPLETE, **answers}), rd / "inbox" / f"{pid}.docx", q
        )
    results = {r.project: r for r in ingest(rd, lang="en").results}
    with Store(store_path(RoundDir(rd))) as store:
        stored = {s.project: s.answers for s in store.submissions()}
    # 1.125 staff positions: 1125 in German, 1.125 as a computer writes it; the form also
    # reads 12.5 as 12.5, so it cannot tell: it asks, quoting what was typed
    assert STAFF not in stored["p01"]
    assert results["p01"].outcome == "incomplete"
    letter = "\n".join(p.text for p in Document(rd / "reports" / "p01-rueckfrage.docx").paragraphs)
    assert "„1.125“ lässt sich auf zwei Arten lesen (der Punkt" in letter
    assert "1125" not in letter
    # 0.125 people a year is not 125 people: a leading zero is no thousands group
    (people,) = [p.message for p in results["p02"].problems if p.question == PEOPLE]
    assert people.endswith(": “0.125” is not a whole number.")
    assert PEOPLE not in stored["p02"]
    assert stored["p03"][STAFF] == 12.5


@pytest.mark.parametrize(
    ("text", "lang", "whole", "expected"),
    [
        ("5.820", "de", False, "ambiguous"),
        ("5.820", "de", True, 5820),
        ("5,820", "en", False, 5820),
        ("0,125", "en", True, None),
        ("1.234,5", "de", False, 1234.5),
        ("1.000.000", "de", False, 1000000),
        ("\u22125", "de", True, -5),  # the minus sign a word processor puts in
    ],
)
def test_read_number_variants(text: str, lang: str, whole: bool, expected: Any) -> None:
    from pipeline.definition.coerce import read_number

    number, ambiguous = read_number(text, lang, whole)
    if expected == "ambiguous":
        assert (number, ambiguous) == (None, True)
    elif expected is None:
        assert number is None
    else:
        assert float(number) == expected and not ambiguous
