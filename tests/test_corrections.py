"""The coordinator's corrections (issue 13, point 2), as steps of a round: real forms filled
as a person would, ingested, corrected with ``praxis correct`` or the corrections workbook;
the tables and the compendium show the corrected value, the original return stays; a later
return supersedes a correction only for the questions it changes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import COMPLETE, fill_return, own_master_data
from docx import Document
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.locale.formatting import long_date
from pipeline.returns.answers import current_submissions
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store, Submission
from pipeline.review.corrections import corrections
from pipeline.round.folder import RoundDir


def hand_in(rd: Path, q, tmp_path: Path, pid: str, answers: dict, name: str) -> None:
    """Project ``pid`` returns its Excel form filled with ``answers``; the round ingests it."""
    target = tmp_path / name
    fill_return(rd, q, pid, own_master_data(pid, answers), target)
    shutil.copy(target, rd / "inbox" / name)
    ingest(rd, lang="de", jobs=1)


@pytest.fixture
def returned(rd, q, tmp_path, monkeypatch):
    """A round in which p01 and p02 returned complete forms."""
    monkeypatch.setenv("PRAXIS_USER", "Koordination Schulz")
    hand_in(rd, q, tmp_path, "p01", COMPLETE, "p01.xlsx")
    hand_in(
        rd,
        q,
        tmp_path,
        "p02",
        {**COMPLETE, "staff_fte": 1.0, "goals": "Jugendliche im Netz erreichen."},
        "p02.xlsx",
    )
    return rd


def correct(rd: Path, *args: str, reason: str = "Telefonat am 3.2.") -> int:
    return main(["--lang", "de", "correct", "--round", str(rd), *args, "--reason", reason])


def stored_return(rd: Path, project: str) -> Submission:
    """The project's current return as stored (never corrected)."""
    with Store(RoundDir(rd).store) as store:
        return next(s for s in store.submissions() if s.project == project)


def stored(rd: Path, project: str) -> dict:
    return stored_return(rd, project).answers


def answers(rd: Path, project: str) -> dict:
    """The answers the later stages read."""
    return next(s for s in current_submissions(RoundDir(rd)) if s.project == project).answers


def test_correct_a_number_typed_in_german_and_a_choice_by_its_label(returned, capsys):
    assert correct(returned, "p01", "8.3", "3,5") == 0
    assert correct(returned, "p01", "prevention_level", "selektiv") == 0
    out = capsys.readouterr().out
    assert "Frage 8.3 von p01 korrigiert" in out
    assert answers(returned, "p01")["staff_fte"] == 3.5
    assert answers(returned, "p01")["prevention_level"] == "selective"
    assert stored(returned, "p01")["staff_fte"] == 2.5  # the return itself stays
    assert stored(returned, "p01")["prevention_level"] == "universal"
    with Store(RoundDir(returned).store) as store:
        found = corrections(store, "p01")
        events = [e for e in store.events() if e["kind"] == "correction"]
    assert [(c.question, c.value, c.original, c.who, c.reason) for c in found] == [
        ("staff_fte", 3.5, 2.5, "Koordination Schulz", "Telefonat am 3.2."),
        ("prevention_level", "selective", "universal", "Koordination Schulz", "Telefonat am 3.2."),
    ]
    assert len(events) == 2
    report = (returned / "reports" / "p01.md").read_text("utf-8")
    assert "## Korrekturen der Koordinierungsstelle" in report
    assert (
        "8.3 (2,5 Vollzeitstellen -> 3,5 Vollzeitstellen), Grund: Telefonat am 3.2."
        " (Koordination Schulz," in report
    )
    assert "2.3 (universell -> selektiv)" in report


def test_several_choices_a_date_and_yes_no(returned):
    assert correct(returned, "p01", "3.1", "Eltern und Angehörige; youth") == 0
    assert correct(returned, "p01", "1.5", "01.03.2022") == 0
    assert correct(returned, "p01", "7.2", "nein") == 0
    got = answers(returned, "p01")
    assert got["target_groups"] == ["youth", "relatives"]
    assert got["start_date"] == "2022-03-01"
    assert got["evaluated"] is False


def test_a_bad_value_is_refused_with_the_forms_message_and_nothing_recorded(returned, capsys):
    assert correct(returned, "p01", "8.3", "zweieinhalb") == 2
    err = capsys.readouterr().err
    assert "nichts festgehalten" in err
    assert "Frage 8.3" in err and "zweieinhalb" in err
    assert correct(returned, "p01", "8.3", "250") == 2  # more than the form allows (100)
    assert "100" in capsys.readouterr().err
    with Store(RoundDir(returned).store) as store:
        assert corrections(store) == []
    assert answers(returned, "p01")["staff_fte"] == 2.5


def test_unknown_project_question_and_table_questions_are_usage_errors(returned, capsys):
    assert correct(returned, "p99", "8.3", "3") == 2
    assert "p01, p02" in capsys.readouterr().err
    assert correct(returned, "p01", "9.9", "3") == 2
    err = capsys.readouterr().err
    assert "Die Frage „9.9“ gibt es im Fragebogen nicht" in err and "8.3 staff_fte" in err
    assert correct(returned, "p01", "6.2", "x") == 2
    assert "ist eine Tabelle" in capsys.readouterr().err
    assert main(["correct", "--round", str(returned), "p01", "8.3", "3"]) == 2  # no --reason


def test_tables_and_compendium_show_the_corrected_value(returned):
    assert correct(returned, "p01", "3.4", "1.500") == 0
    assert correct(returned, "p01", "4.2", "Fachkräfte erkennen Ansprache früh.") == 0
    assert main(["--quiet", "aggregate", "--round", str(returned)]) == 0
    wb = load_workbook(returned / "tables" / "answers.xlsx", read_only=True)
    rows = [row for row in wb["Antworten"].iter_rows(values_only=True) if row[0] == "p01"]
    assert 1500 in rows[0]
    assert 1200 not in rows[0]
    assert main(["--quiet", "compile", "--round", str(returned)]) == 0
    doc = Document(returned / "compendium" / "compendium-de.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Fachkräfte erkennen Ansprache früh." in text
    assert COMPLETE["goals"] not in text
    assert stored(returned, "p01")["participants_per_year"] == 1200


def test_a_later_return_supersedes_only_the_corrections_of_questions_it_changes(
    returned, q, tmp_path
):
    assert correct(returned, "p01", "8.3", "3") == 0
    assert correct(returned, "p01", "3.4", "1500") == 0
    later = {**COMPLETE, "staff_fte": 4.0}  # p01 changes 8.3 itself, keeps 3.4 as it was
    hand_in(returned, q, tmp_path, "p01", later, "p01 neu.xlsx")
    got = answers(returned, "p01")
    assert got["staff_fte"] == 4.0  # the project's new answer
    assert got["participants_per_year"] == 1500  # the correction stays
    report = (returned / "reports" / "p01.md").read_text("utf-8")
    received = long_date(stored_return(returned, "p01").received, "de")
    assert (
        "Ihre Korrektur von 8.3 (2,5 Vollzeitstellen -> 3 Vollzeitstellen) wurde durch die"
        f" neue Rückgabe vom {received} ersetzt." in report
    )
    assert "Ihre Korrektur von 3.4" not in report
    assert "3.4 (1200 Personen -> 1500 Personen), Grund: Telefonat" in report


def test_export_edit_cells_as_a_person_would_and_import(returned, capsys):
    assert correct(returned, "p02", "8.3", "1,5") == 0
    assert main(["--lang", "de", "corrections", "export", "--round", str(returned)]) == 0
    path = returned / "corrections" / "korrekturen.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Projekt", "Name"]
    col = {h.split(" ")[0]: i + 1 for i, h in enumerate(header) if h and h[0].isdigit()}
    assert "6.2" not in col  # table questions are left out
    assert [ws.cell(r, 1).value for r in (2, 3)] == ["p01", "p02"]
    assert ws.cell(3, col["8.3"]).value == 1.5  # the corrected answer, as a number
    assert ws.cell(2, col["1.5"]).value == dt.datetime(2022, 1, 1)  # a date as a date
    assert ws.cell(2, col["2.3"]).value == "universell"
    assert ws.cell(2, col["7.2"]).value == "Ja"
    assert (
        ws.cell(2, col["3.1"]).value
        == "Jugendliche (12–17 Jahre); Fachkräfte (Schule, Jugendhilfe, Verwaltung)"
    )
    lists = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
    letter = ws.cell(2, col["2.3"]).column_letter
    assert f"{letter}2:{letter}3" in lists  # a dropdown of the choices
    assert ws.protection.sheet and ws.cell(2, 1).protection.locked
    assert not ws.cell(2, col["8.3"]).protection.locked
    ws.cell(2, col["8.3"]).value = 2.75
    ws.cell(2, col["2.3"]).value = "indiziert"
    ws.cell(3, col["7.2"]).value = "nein"
    wb.save(path)
    code = main(["--lang", "de", "corrections", "import", "--round", str(returned), str(path),
                 "--reason", "Abgleich mit dem Zwischenbericht"])  # fmt: skip
    assert code == 0
    assert "3 Korrekturen festgehalten" in capsys.readouterr().out
    assert answers(returned, "p01")["staff_fte"] == 2.75
    assert answers(returned, "p01")["prevention_level"] == "indicated"
    assert answers(returned, "p02")["evaluated"] is False
    assert answers(returned, "p02")["staff_fte"] == 1.5
    with Store(RoundDir(returned).store) as store:
        assert len(corrections(store)) == 4  # the unchanged cells recorded nothing


def test_import_names_every_bad_cell_and_records_nothing(returned, capsys):
    path = returned / "corrections" / "korrekturen.xlsx"
    assert main(["--quiet", "corrections", "export", "--round", str(returned)]) == 0
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = {h.split(" ")[0]: i + 1 for i, h in enumerate(header) if h and h[0].isdigit()}
    ws.cell(2, col["8.3"]).value = "viele"
    ws.cell(3, col["2.3"]).value = "irgendwie"
    ws.cell(3, col["3.4"]).value = 2000
    wb.save(path)
    args = ["--lang", "de", "corrections", "import", "--round", str(returned), str(path)]
    assert main([*args, "--reason", "Abgleich"]) == 1
    err = capsys.readouterr().err
    letter = ws.cell(2, col["8.3"]).column_letter
    assert f"Korrekturen!{letter}2: Frage 8.3" in err and "viele" in err
    assert f"Korrekturen!{ws.cell(3, col['2.3']).column_letter}3: Frage 2.3" in err
    with Store(RoundDir(returned).store) as store:
        assert corrections(store) == []


def test_import_refuses_a_workbook_of_another_round_or_an_edited_id(returned, tmp_path, capsys):
    path = returned / "corrections" / "korrekturen.xlsx"
    assert main(["--quiet", "corrections", "export", "--round", str(returned)]) == 0
    wb = load_workbook(path)
    wb.worksheets[0].cell(2, 1).value = "p03"
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    args = ["corrections", "import", "--round", str(returned), "--reason", "x"]
    assert main(["--lang", "de", *args, str(edited)]) == 1
    assert "edited.xlsx: In Zelle Korrekturen!A2 stand die Projektkennung „p01“" in (
        capsys.readouterr().err
    )
    other = tmp_path / "other"
    shutil.copytree(returned, other)
    record = RoundDir(other).load()
    record.created = "2027-01-01T00:00:00Z"
    RoundDir(other).save(record)
    argv = ["--lang", "de", "corrections", "import", "--round", str(other), "--reason", "x"]
    assert main([*argv, str(path)]) == 1
    assert "korrekturen.xlsx wurde nicht mit „praxis corrections export“ für diese Runde" in (
        capsys.readouterr().err
    )
    with Store(RoundDir(returned).store) as store:
        assert corrections(store) == []


def test_a_workbook_saved_again_in_libreoffice_imports_only_the_changed_cell(
    returned, tmp_path, soffice, capsys
):
    from pipeline.office import resave

    assert main(["--quiet", "corrections", "export", "--round", str(returned)]) == 0
    path = returned / "corrections" / "korrekturen.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = {h.split(" ")[0]: i + 1 for i, h in enumerate(header) if h and h[0].isdigit()}
    ws.cell(3, col["3.4"]).value = 900
    edited = tmp_path / "edited" / "korrekturen.xlsx"
    edited.parent.mkdir()
    wb.save(edited)
    saved = resave(edited, tmp_path / "saved")  # as a person who opens it in LibreOffice
    args = ["--lang", "de", "corrections", "import", "--round", str(returned), str(saved)]
    assert main([*args, "--reason", "Abgleich"]) == 0
    assert "1 Korrektur festgehalten" in capsys.readouterr().out
    with Store(RoundDir(returned).store) as store:
        found = corrections(store)
    assert [(c.project, c.question, c.value, c.original) for c in found] == [
        ("p02", "participants_per_year", 900, 1200)
    ]


def test_an_answer_that_looks_like_a_formula_is_exported_as_text(rd, q, tmp_path):
    hand_in(rd, q, tmp_path, "p01", {**COMPLETE, "goals": "=1+1 und mehr"}, "p01.docx")
    assert main(["--quiet", "corrections", "export", "--round", str(rd)]) == 0
    path = rd / "corrections" / "korrekturen.xlsx"
    ws = load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    column = next(i for i, h in enumerate(header, start=1) if h.startswith("4.2 "))
    assert ws.cell(2, column).value == "=1+1 und mehr"
    assert ws.cell(2, column).data_type == "s"
    args = ["corrections", "import", "--round", str(rd), str(path), "--reason", "x"]
    assert main(["--quiet", *args]) == 0
    with Store(RoundDir(rd).store) as store:
        assert corrections(store) == []


def test_nothing_to_correct_before_the_first_ingest_and_no_store_is_made(rd, capsys):
    assert correct(rd, "p01", "8.3", "3") == 2
    assert "noch keine Rückgabe eingelesen" in capsys.readouterr().err
    assert not RoundDir(rd).store.exists()


def test_a_new_return_after_the_export_is_not_undone_by_unchanged_cells(returned, q, tmp_path):
    assert main(["--quiet", "corrections", "export", "--round", str(returned)]) == 0
    path = returned / "corrections" / "korrekturen.xlsx"
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    col = {h.split(" ")[0]: i + 1 for i, h in enumerate(header) if h and h[0].isdigit()}
    ws.cell(2, col["3.4"]).value = 1300
    wb.save(path)
    hand_in(returned, q, tmp_path, "p01", {**COMPLETE, "staff_fte": 4.0}, "p01 neu.xlsx")
    args = ["corrections", "import", "--round", str(returned), str(path), "--reason", "x"]
    assert main(["--quiet", *args]) == 0
    got = answers(returned, "p01")
    assert got["staff_fte"] == 4.0  # the new return's answer: its cell was not changed
    assert got["participants_per_year"] == 1300
    with Store(RoundDir(returned).store) as store:
        (found,) = corrections(store)
    assert (found.question, found.original, found.submission) == (
        "participants_per_year",
        1200,
        stored_return(returned, "p01").id,
    )
