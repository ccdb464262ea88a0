"""Variants of issue 10, points 5 and 21: a text question's cell that holds a number, a date or
a truth value (pasted in with its own format, which replaces the form's text format) is stored
as the spreadsheet showed it in the form's language, never as Python writes it (``True``,
``2024-03-01``, ``1.5`` in a German form).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from conftest import BUNDLED, ROSTER
from openpyxl import load_workbook

from pipeline.forms.generate import generate_round
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

PASTED = {"1.3": dt.datetime(2024, 3, 1), "1.8": True, "4.1": 1.5, "1.10": 401234567}


def _answer_cell(ws: Any, number: str) -> Any:
    """The cell below the heading "Antwort"/"Answer" in the row of the question's number."""
    for row in ws.iter_rows():
        texts = {str(c.value).strip(): c.column for c in row if c.value is not None}
        for nr, answer in (("Nr.", "Antwort"), ("No.", "Answer")):
            if nr in texts and answer in texts:
                head, nr_col, answer_col = row[0].row, texts[nr], texts[answer]
                for r in range(head + 1, ws.max_row + 1):
                    if str(ws.cell(r, nr_col).value).strip() == number:
                        return ws.cell(r, answer_col)
    raise AssertionError(number)


def test_pasted_values_in_text_questions_are_stored_as_shown(tmp_path: Path) -> None:
    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",), mail=False)
    record = RoundDir(rd).load()
    for pid in ("p01", "p11"):  # a German and an English form
        wb = load_workbook(rd / record.projects[pid].files["xlsx"])
        ws = wb.worksheets[0]
        for number, value in PASTED.items():
            cell = _answer_cell(ws, number)
            cell.value = value
            # pasted with its own format
            cell.number_format = "DD.MM.YYYY" if isinstance(value, dt.date) else "General"
        wb.save(rd / "inbox" / f"{pid}.xlsx")
    ingest(rd, lang="en")
    with Store(store_path(RoundDir(rd))) as store:
        stored = {s.project: s.answers for s in store.submissions()}
    keys = ("programme", "contact_name", "starting_point", "contact_phone")
    assert [stored["p01"][k] for k in keys] == ["01.03.2024", "WAHR", "1,5", "401234567"]
    assert [stored["p11"][k] for k in keys] == ["1 March 2024", "TRUE", "1.5", "401234567"]


def test_text_typed_into_the_hint_or_question_cell_is_named_not_dropped(tmp_path: Path) -> None:
    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms.excel.reader import read_xlsx

    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",), mail=False)
    path = tmp_path / "p01.xlsx"
    wb = load_workbook(rd / RoundDir(rd).load().projects["p01"].files["xlsx"])
    ws = wb.worksheets[0]
    ws.protection.sheet = False  # Excel: Überprüfen > Blattschutz aufheben
    programme = _answer_cell(ws, "1.3")
    ws.cell(programme.row, programme.column - 1).value = "Demokratie leben!"  # the hint cell
    phone = _answer_cell(ws, "1.10")
    ws.cell(phone.row, phone.column - 2).value = "Telefon: 040 1234567"  # over the question
    wb.save(path)
    content = read_xlsx(path.read_bytes(), load_questionnaire(BUNDLED))
    assert "programme" not in content.answers and "contact_phone" not in content.answers
    beside = [(p.question, p.message) for p in content.problems if p.code == "xlsx.typed_beside"]
    assert beside == [
        (
            "programme",
            "Fragebogen!C12 enthält „Demokratie leben!“, das nicht der Text des Formulars ist; "
            "Antworten gehören in Fragebogen!D12; es wurde nicht gespeichert, bitte prüfen Sie es.",
        ),
        (
            "contact_phone",
            "Fragebogen!B19 enthält „Telefon: 040 1234567“, das nicht der Text des Formulars "
            "ist; Antworten gehören in Fragebogen!D19; es wurde nicht gespeichert, bitte prüfen "
            "Sie es.",
        ),
    ]


def test_a_hint_printed_with_straight_quotes_by_an_older_praxis_is_the_forms_own_text(
    tmp_path: Path,
) -> None:
    """Forms of a round generated before the texts got typographic quotes print a condition as
    ``bei 7.2 'Ja'``; read by today's praxis (sheet protection removed) that hint is still the
    form's own text, not something typed beside the answer."""
    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms.excel.reader import read_xlsx

    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",), mail=False)
    path = tmp_path / "p01.xlsx"
    wb = load_workbook(rd / RoundDir(rd).load().projects["p01"].files["xlsx"])
    ws = wb.worksheets[0]
    ws.protection.sheet = False
    hint = _answer_cell(ws, "7.3").column - 1
    cell = ws.cell(_answer_cell(ws, "7.3").row, hint)
    assert "„Ja“" in cell.value
    cell.value = cell.value.replace("„", "'").replace("“", "'")
    wb.save(path)
    content = read_xlsx(path.read_bytes(), load_questionnaire(BUNDLED))
    assert [p.question for p in content.problems if p.code == "xlsx.typed_beside"] == []


def test_one_reader_warns_of_text_typed_beside_in_exactly_the_forms_that_have_it(
    tmp_path: Path,
) -> None:
    """Ingest reads a round's forms with one reader, which keeps what it worked out for a
    layout: a form with text typed into a hint cell warns, the same form without it before
    and after does not, and another hint typed over warns of that cell."""
    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms.excel.reader import ExcelFormReader

    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",), mail=False)
    blank = rd / RoundDir(rd).load().projects["p01"].files["xlsx"]

    def form(number: str | None, text: str = "") -> bytes:
        wb = load_workbook(blank)
        ws = wb.worksheets[0]
        ws.protection.sheet = False
        if number is not None:
            cell = _answer_cell(ws, number)
            ws.cell(cell.row, cell.column - 1).value = text
        wb.save(tmp_path / "form.xlsx")
        return (tmp_path / "form.xlsx").read_bytes()

    reader = ExcelFormReader(load_questionnaire(BUNDLED))
    forms = [
        form(None),
        form("1.3", "Demokratie leben!"),
        form(None),
        form("1.4", "Hamburg"),
        form("1.3", "Demokratie leben!"),
    ]
    beside = [
        [p.location for p in reader.read(data).problems if p.code == "xlsx.typed_beside"]
        for data in forms
    ]
    assert beside == [[], ["Fragebogen!C12"], [], ["Fragebogen!C13"], ["Fragebogen!C12"]]
