"""pipeline.returns.reports: the report per return, the follow-up letter in the project's
language and the list of rejected files, as ingest writes them into reports/ of a real round."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ALL_TYPES_ANSWERS
from docx import Document
from returns_rounds import all_types_round, fill_return

from pipeline.definition.loading import load_questionnaire
from pipeline.problems import Problem, ProblemCode, Severity
from pipeline.returns.ingest import ingest
from pipeline.returns.reports import project_report, write_rejected_list
from pipeline.returns.submission import Checked, Coercion
from pipeline.round.folder import RoundDir


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    rd = all_types_round(tmp_path_factory.mktemp("reports") / "round")
    fill_return(rd, "p01", {**ALL_TYPES_ANSWERS, "count": "1,234"})
    fill_return(rd, "p02", {**ALL_TYPES_ANSWERS, "colour_other": None, "count": -3})
    (rd / "inbox" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    ingest(rd, lang="de")
    return rd


def _head(path: Path) -> str:
    """The report without the account of the project's returns (it has the saved times)."""
    return path.read_text("utf-8").split("## Rückgaben dieses Projekts")[0]


def test_the_report_of_an_accepted_return_says_what_was_read_as_what(ingested):
    assert _head(RoundDir(ingested).report("p01")) == (
        "# Rücklauf von Netzwerk Eins\n\n"
        "- Datei: p01-returned.xlsx\n"
        "- Ergebnis: angenommen\n\n"
        "## Gelesen als\n\n"
        "- Frage 1.3 „Anzahl“: „1,234“ gelesen als 1234\n\n"
        "Keine Probleme gefunden.\n\n"
    )


def test_the_report_of_an_incomplete_return_lists_what_to_clarify_with_where(ingested):
    text = _head(RoundDir(ingested).report("p02"))
    assert text.startswith(
        "# Rücklauf von Projekt Zwei\n\n- Datei: p02-returned.xlsx\n- Ergebnis: unvollständig\n"
    )
    assert (
        "- Frage 1.3 „Anzahl“: „-3“ liegt unter dem kleinsten möglichen Wert 0. "
        "(in Questionnaire!D11)" in text
    )
    assert (
        "Frage 2.3 „Farbe“: Sie haben „Sonstiges“ angekreuzt; bitte geben Sie an, was gemeint ist."
        in text
    )


def test_the_follow_up_letter_is_in_the_projects_language_and_lists_the_errors(ingested):
    rd = RoundDir(ingested)
    assert not rd.follow_up("p01").exists()
    letter = Document(str(rd.follow_up("p02")))
    paragraphs = [(p.style.name, p.text) for p in letter.paragraphs]
    assert letter.paragraphs[0].runs[0].bold  # the subject (DIN 5008: bold, no "Regarding:")
    assert paragraphs[0:5] == [
        ("Normal", "Questions about your answers: All types"),
        ("Normal", "Dear Bert Zwei,"),
        (
            "Normal",
            "Thank you very much for returning the questionnaire for “Projekt Zwei”. A few "
            "answers are still missing or need a correction before we can include your practice "
            "in the compendium:",
        ),
        ("List Bullet", "Question 1.3 “Count”: “-3” is below the lowest possible value 0."),
        ("List Bullet", "Question 2.3 “Colour”: you ticked “other”: please say what."),
    ]
    assert paragraphs[5][1].startswith(
        "Please complete these answers in the same form and send it back by 31 January 2030 "
        "to test@example.org."
    )


def test_the_rejected_list_names_the_file_its_archive_copy_and_the_reason(ingested):
    rd = RoundDir(ingested)
    lines = rd.rejected_list.read_text("utf-8").splitlines()
    assert lines[0] == "# Abgelehnte Dateien"
    (entry,) = [line for line in lines if line.startswith("- ")]
    assert entry.startswith("- **scan.pdf** (")
    assert "`archive/e5c62df5dab5c87b6a015ef3d43597074d1eec433b15f51aec63b8582d0e4ab4.pdf`" in entry
    assert entry.endswith(
        "Das ist eine PDF-Datei; daraus lassen sich keine Antworten lesen. Bitten Sie das "
        "Projekt um den ausgefüllten Word- oder Excel-Fragebogen."
    )


def test_no_rejected_file_no_list(tmp_path):
    rd = all_types_round(tmp_path / "round")
    fill_return(rd, "p01", ALL_TYPES_ANSWERS)
    ingest(rd, lang="de")
    assert write_rejected_list(RoundDir(rd), "de") is None
    assert not RoundDir(rd).rejected_list.exists()


def test_a_report_groups_alerts_errors_warnings_and_escapes_markdown(tmp_path):
    rd = all_types_round(tmp_path / "round")
    q = load_questionnaire(RoundDir(rd).definition)
    project = RoundDir(rd).load().projects["p01"]
    checked = Checked(
        answers={"count": 3},
        problems=[
            Problem(ProblemCode.OTHER_PROJECT, "Stammdaten von p02", Severity.WARNING),
            Problem(ProblemCode.MISSING, "Frage 1.1 Name: *fehlt*", location="Questionnaire!D8"),
            Problem(ProblemCode.NOT_APPLICABLE, "Frage 2.2: bleibt", Severity.WARNING),
        ],
        coercions=[Coercion("count", "'drei' gelesen als 3", "drei", 3)],
    )
    text = project_report(q, project, "p01_[1].xlsx", checked, "de")
    assert text == (
        "# Rücklauf von Netzwerk Eins\n\n"
        "- Datei: p01\\_\\[1\\].xlsx\n"
        "- Ergebnis: unvollständig\n\n"
        "## Achtung\n\n- Stammdaten von p02\n\n"
        "## Zu klären\n\n- Frage 1.1 Name: \\*fehlt\\* (in Questionnaire!D8)\n\n"
        "## Hinweise\n\n- Frage 2.2: bleibt\n\n"
        "## Gelesen als\n\n- Frage 1.3 „Anzahl“: „drei“ gelesen als 3\n"
    )
