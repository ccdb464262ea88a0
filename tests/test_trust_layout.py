"""Issue 10, point 5: a tampered Excel layout never moves answers or stores hint texts.

The filler here finds the answer place as a person does: the row showing the question's number
in the column headed "Nr." and the cell below the heading "Antwort". The sheet protection is
removed and columns or rows are inserted with openpyxl, as a person would do it in Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROSTER
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.generate import generate_round
from pipeline.round.folder import RoundDir

TYPED = {
    "1.3": "Demokratie leben!",
    "1.7": "https://www.beispiel.example",
    "1.8": "Jana Peters",
    "1.9": "j.peters@beispiel.example",
    "1.10": "040 1234567",
    "4.1": "Jugendliche sehen rechtsextreme Kurzvideos.",
}
PREFILLED = {
    "project_name": "Hinsehen statt Wegklicken",
    "organisation": "Medienwerkstatt Nord e. V.",
    "federal_state": "hh",
    "field_of_action": "monitoring",
    "contact_name": "Jana Petersen",
    "contact_email": "j.petersen@medienwerkstatt-nord.example",
}
EXPECTED = {
    **PREFILLED,
    "programme": "Demokratie leben!",
    "website": "https://www.beispiel.example",
    "contact_name": "Jana Peters",
    "contact_email": "j.peters@beispiel.example",
    "contact_phone": "040 1234567",
    "starting_point": "Jugendliche sehen rechtsextreme Kurzvideos.",
}


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(BUNDLED)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("round") / "round"
    generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), mail=False)
    return target / RoundDir(target).load().projects["p01"].files["xlsx"]


def heads(ws: Worksheet) -> tuple[int, int, int]:
    """(header row, number column, answer column) by the visible headings."""
    for row in ws.iter_rows():
        texts = {str(c.value).strip(): c.column for c in row if c.value is not None}
        for number, answer in (("Nr.", "Antwort"), ("No.", "Answer")):
            if number in texts and answer in texts:
                return row[0].row, texts[number], texts[answer]
    raise AssertionError("no heading row")


def answer_cell(ws: Worksheet, number: str) -> Any:
    head, number_col, answer_col = heads(ws)
    for row in range(head + 1, ws.max_row + 1):
        if str(ws.cell(row, number_col).value).strip() == number:
            return ws.cell(row, answer_col)
    raise AssertionError(f"no row {number}")


def fill(blank: Path, target: Path, typed: dict[str, str]) -> Path:
    wb = load_workbook(blank)
    ws = wb.worksheets[0]
    for number, value in typed.items():
        answer_cell(ws, number).value = value
    wb.save(target)
    return target


def tamper(path: Path, change: Any) -> None:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws.protection.sheet = False  # Excel: Überprüfen > Blattschutz aufheben
    change(ws)
    wb.save(path)


def found(path: Path, q: Questionnaire) -> dict[str, Any]:
    return {k: a.value for k, a in read_xlsx(path.read_bytes(), q).answers.items()}


@pytest.mark.parametrize(
    "change",
    [
        lambda ws: ws.insert_cols(2),  # before the question text: the case
        lambda ws: ws.insert_cols(1, 2),  # before the number column
        lambda ws: (ws.insert_rows(3, 4), ws.insert_cols(4)),  # rows on top, before the hints
        lambda ws: ws.delete_cols(3),  # the hint column deleted
    ],
    ids=["column-before-question", "columns-before-number", "rows-and-column", "hints-deleted"],
)
def test_inserted_columns_and_rows_move_no_answer(
    tmp_path: Path, blank: Path, q: Questionnaire, change: Any
) -> None:
    path = fill(blank, tmp_path / "p01.xlsx", TYPED)
    tamper(path, change)
    assert found(path, q) == EXPECTED


def test_no_hint_text_is_ever_an_answer(tmp_path: Path, blank: Path, q: Questionnaire) -> None:
    path = fill(blank, tmp_path / "p01.xlsx", {"1.9": "jana@beispiel.example"})
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    cell = answer_cell(ws, "1.3")
    hint = ws.cell(cell.row, cell.column - 1).value
    assert hint == "z. B. „Demokratie leben!“, Landesprogramm, Stiftung\nhöchstens 200 Zeichen"
    cell.value = hint  # copied over by a hurried person
    answer_cell(ws, "1.10").value = "Telefon der Ansprechperson"  # the question's own label
    wb.save(path)
    content = read_xlsx(path.read_bytes(), q)
    assert {k: a.value for k, a in content.answers.items()} == {
        **PREFILLED,
        "contact_email": "jana@beispiel.example",
    }
    own = [(p.question, p.location) for p in content.problems if p.code == "xlsx.own_text"]
    assert own == [("programme", "Fragebogen!D12"), ("contact_phone", "Fragebogen!D19")]


def test_a_long_hint_is_known_in_any_case_and_quotes_but_an_answer_going_on_is_kept(
    tmp_path: Path, blank: Path, q: Questionnaire
) -> None:
    # Long texts are first compared by their first characters (is_own_text): the hint
    # typed over in other case and quotes is still the hint; an answer that starts like
    # the hint and goes on is an answer.
    path = fill(blank, tmp_path / "p01.xlsx", {"1.9": "jana@beispiel.example"})
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    answer_cell(
        ws, "1.3"
    ).value = 'Z. B. "DEMOKRATIE LEBEN!", Landesprogramm,   Stiftung höchstens 200 Zeichen.'
    answer_cell(
        ws, "1.2"
    ).value = "z. B. „Demokratie leben!“, Landesprogramm, Stiftung – bei uns: Landesprogramm"
    wb.save(path)
    content = read_xlsx(path.read_bytes(), q)
    answers = {k: a.value for k, a in content.answers.items()}
    assert "programme" not in answers
    assert answers["organisation"] == (
        "z. B. „Demokratie leben!“, Landesprogramm, Stiftung – bei uns: Landesprogramm"
    )
    own = [(p.question, p.location) for p in content.problems if p.code == "xlsx.own_text"]
    assert own == [("programme", "Fragebogen!D12")]


def test_sheets_are_protected_with_a_password_and_answer_cells_stay_open(blank: Path) -> None:
    wb = load_workbook(blank)
    for ws in wb.worksheets:
        assert ws.protection.sheet is True, ws.title
        assert ws.protection.password, ws.title
        assert ws.protection.insertColumns and ws.protection.insertRows, ws.title
        assert ws.protection.deleteColumns and ws.protection.deleteRows, ws.title
    ws = wb.worksheets[0]
    assert answer_cell(ws, "1.8").protection.locked is False
    assert ws.cell(answer_cell(ws, "1.8").row, 2).protection.locked is True


def test_blank_form_read_after_tampering_has_only_prefilled_answers(
    tmp_path: Path, blank: Path, q: Questionnaire
) -> None:
    path = tmp_path / "p01.xlsx"
    path.write_bytes(blank.read_bytes())
    tamper(path, lambda ws: ws.insert_cols(2))
    assert found(path, q) == PREFILLED


@pytest.mark.office
def test_password_protected_form_survives_libreoffice_with_answer_cells_open(
    tmp_path: Path, blank: Path, q: Questionnaire, soffice: str
) -> None:
    from pipeline.office import resave

    path = fill(blank, tmp_path / "p01.xlsx", TYPED)
    saved = resave(path, tmp_path / "lo")
    wb = load_workbook(saved)
    ws = wb.worksheets[0]
    assert ws.protection.sheet is True and ws.protection.password
    assert answer_cell(ws, "1.8").protection.locked is False
    assert found(saved, q) == EXPECTED
