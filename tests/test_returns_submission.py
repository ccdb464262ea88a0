"""pipeline.returns.submission: skip logic and the "other" tick, on real Excel returns of the
all-types round (filled as a person would, read back by ingest)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ALL_TYPES_ANSWERS
from returns_rounds import all_types_round, fill_return

from pipeline.problems import ProblemCode, Severity
from pipeline.returns.ingest import FileResult, ingest
from pipeline.returns.store import Store
from pipeline.returns.submission import Coercion, Outcome
from pipeline.round.folder import RoundDir

OTHERS = ("colour", "colour_other", "colours", "colours_other")
BASE: dict[str, Any] = {k: v for k, v in ALL_TYPES_ANSWERS.items() if k not in OTHERS}


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> tuple[Path, dict[str, FileResult]]:
    rd = all_types_round(tmp_path_factory.mktemp("submission") / "round")
    fill_return(rd, "p01", {**BASE, "evaluated": False})  # details given all the same
    fill_return(
        rd,
        "p02",
        {**BASE, "colour_other": "türkis", "colours": ["red"]} | {"colours_other": "violett"},
    )
    fill_return(rd, "p03", {**BASE, "colour": "other", "colours": ["other"]})
    report = ingest(rd, lang="en")
    return rd, {str(r.project): r for r in report.results}


def _stored(rd: Path) -> dict[str, dict[str, Any]]:
    with Store(RoundDir(rd).store) as store:
        return {s.project: s.answers for s in store.submissions()}


def _problems(result: FileResult) -> list[tuple[str, str, str]]:
    return [(str(p.code), str(p.severity), p.message) for p in result.problems]


def test_an_answer_given_although_its_when_is_false_is_kept_with_a_warning(returned):
    rd, results = returned
    assert results["p01"].outcome is Outcome.ACCEPTED_WITH_WARNINGS
    (problem,) = results["p01"].problems
    assert problem.code is ProblemCode.NOT_APPLICABLE
    assert problem.severity is Severity.WARNING
    assert problem.message == (
        "Question 2.2 “Evaluation details”: answered although it applies only if 2.1 is “Yes”; "
        "the answer is kept."
    )
    assert problem.location == "Questionnaire!D17"
    stored = _stored(rd)["p01"]
    assert stored["evaluated"] is False
    assert stored["details"] == "Externe Evaluation durch die Hochschule."


def test_a_text_under_other_without_the_tick_ticks_other_with_a_warning(returned):
    rd, results = returned
    assert results["p02"].outcome is Outcome.ACCEPTED_WITH_WARNINGS
    assert _problems(results["p02"]) == [
        (
            "other-added",
            "warning",
            "Question 2.3 “Colour”: a text was given under “other”, so “other” counts as ticked.",
        ),
        (
            "other-added",
            "warning",
            "Question 2.5 “Colours”: a text was given under “other”, so “other” counts as ticked.",
        ),
    ]
    stored = _stored(rd)["p02"]
    assert (stored["colour"], stored["colour_other"]) == ("other", "türkis")
    assert (stored["colours"], stored["colours_other"]) == (["red", "other"], "violett")


def test_other_ticked_without_its_text_is_incomplete(returned):
    rd, results = returned
    assert results["p03"].outcome is Outcome.INCOMPLETE
    assert _problems(results["p03"]) == [
        ("missing", "error", "Question 2.3 “Colour”: you ticked “other”: please say what."),
        ("missing", "error", "Question 2.5 “Colours”: you ticked “other”: please say what."),
    ]
    stored = _stored(rd)["p03"]
    assert stored["colour"] == "other" and "colour_other" not in stored
    assert stored["colours"] == ["other"] and "colours_other" not in stored
    letter = RoundDir(rd).follow_up("p03")
    assert letter.is_file()  # the follow-up letter asks for what "other" means


def test_other_ticked_with_its_text_and_a_coerced_number_are_accepted(tmp_path):
    rd = all_types_round(tmp_path / "round")
    fill_return(rd, "p01", {**ALL_TYPES_ANSWERS, "count": "1,234", "share": "2.5"})
    (result,) = ingest(rd, lang="en").results
    assert result.outcome is Outcome.ACCEPTED
    assert result.problems == []
    stored = _stored(rd)["p01"]
    assert (stored["colour"], stored["colour_other"]) == ("other", "türkis")
    assert (stored["count"], stored["share"]) == (1234, 2.5)
    with Store(RoundDir(rd).store) as store:
        (submission,) = store.submissions()
    changed = "'1,234' read as 1234"
    assert submission.changes == [Coercion("count", changed, "1,234", 1234)]
    assert submission.coercions == [  # stored as stores always had it
        {"question": "count", "change": changed, "from": "1,234", "to": 1234}
    ]


def test_outcomes_are_an_enum_that_reads_and_stores_as_before():
    assert [o.value for o in Outcome] == [
        "accepted",
        "accepted_with_warnings",
        "incomplete",
        "rejected",
        "duplicate",
        "needs_review",
        "older",
        "blank",
        "mail",
        "media",
    ]
    assert [o for o in Outcome if o.accepted] == [
        Outcome.ACCEPTED,
        Outcome.ACCEPTED_WITH_WARNINGS,
    ]
    assert Outcome("incomplete") is Outcome.INCOMPLETE
    assert f"outcome.{Outcome.NEEDS_REVIEW}" == "outcome.needs_review"
