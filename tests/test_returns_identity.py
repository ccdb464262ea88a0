"""pipeline.returns.identity: master data typed into a form that names another project of
the roster (the bundled questionnaire and example roster, as generated)."""

from __future__ import annotations

import pytest

from pipeline.problems import ProblemCode, Severity
from pipeline.returns.identity import normalised, other_project_problem, other_projects
from pipeline.round.folder import RoundDir, RoundRecord


@pytest.fixture(scope="module")
def record(generated) -> RoundRecord:
    return RoundDir(generated).load()


def _found(q, record, pid: str, answers: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    found = other_projects(q, record, pid, answers)
    return {other: [(x.id, typed) for x, typed in hits] for other, hits in found.items()}


def test_normalised_drops_case_blanks_punctuation_and_accents():
    assert normalised("  STREETWORK im Netz!") == "streetwork im netz"
    assert normalised("Tobias Krüger") == "tobias krueger"
    assert normalised("Straße, Café & Co.") == "strasse cafe co"
    assert normalised("Medienwerkstatt Nord e. V.") == "medienwerkstatt nord e v"


def test_another_projects_organisation_and_contact_are_found(q, record):
    answers = {"organisation": "Jugendhilfe Sachsen", "contact_name": "Krüger, Tobias"}
    assert _found(q, record, "p01", answers) == {
        "p02": [("organisation", "Jugendhilfe Sachsen"), ("contact_name", "Krüger, Tobias")]
    }


def test_a_typo_of_another_projects_name_is_found(q, record):
    assert _found(q, record, "p01", {"project_name": "Streetwork im Netzz"}) == {
        "p02": [("project_name", "Streetwork im Netzz")]
    }


def test_the_projects_own_data_edited_a_little_is_not_another_project(q, record):
    own = {
        "project_name": "Hinsehen statt Wegklicken!",
        "organisation": "Medienwerkstatt Nord",
        "contact_name": "Petersen, Jana",
        "contact_email": "J.Petersen@medienwerkstatt-nord.example",
    }
    assert _found(q, record, "p01", own) == {}
    assert other_project_problem(q, record, "p01", own, "en") is None


def test_the_warning_names_both_projects_and_what_was_typed(q, record):
    answers = {"organisation": "Jugendhilfe Sachsen", "contact_name": "Krüger, Tobias"}
    problem = other_project_problem(q, record, "p01", answers, "en", "p01.xlsx")
    assert problem is not None
    assert (problem.code, problem.severity, problem.file) == (
        ProblemCode.OTHER_PROJECT,
        Severity.WARNING,
        "p01.xlsx",
    )
    assert problem.message == (
        "This form was sent to p01 (Hinsehen statt Wegklicken), but its master data names "
        "another project of the roster: p02 Streetwork im Netz (Organisation (provider): "
        "'Jugendhilfe Sachsen', Contact person: 'Krüger, Tobias'). It was stored for p01 (by "
        "its token); please ask the project whether it filled in the right form."
    )
