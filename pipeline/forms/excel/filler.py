"""Fill an Excel form the way a person would: type into the answer cells and save.

Used by tests and the demo to produce realistic returns. The filler finds every place as a
person reading the sheet does, never through the reader's code or the metadata sheet: the
heading row ("Nr." ... "Antwort"), the row whose number column shows the question's number,
its answer cell; the option rows of a multiple choice below it by their visible label; the
"please specify" row; a table question's sheet by its visible title, the columns by their
headings and the rows by their numbers. So a location bug in the reader is not hidden by the
same bug in the filler.

Values go where a person types them: text and numbers into the answer cell (a raw string
such as ``1.234,5`` stays typed text), the entry of the cell's dropdown that shows the
choice's label (``Ja``/``Nein`` for yes/no; for a rating scale the entry starting with the
point's number), ``x`` into the option rows of a multiple choice, real date cells for ISO
dates, and table rows into the table's sheet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire
from pipeline.errors import FormError
from pipeline.locale.texts import t


def _shown(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def option_label(f: Field, option: Any, lang: str) -> str | None:
    """The label a dropdown entry or an option row shows for ``option`` (None: no such)."""
    if f.type == "yes_no":
        return t("form.yes" if option else "form.no", lang) if isinstance(option, bool) else None
    if option == OTHER and not f.choice(OTHER):
        return t("excel.other", lang)
    choice = f.choice(option) if isinstance(option, str) else None
    return choice.label.get(lang) if choice else None


def typed(f: Field, value: Any, lang: str) -> Any:
    """What a person types into a cell of ``f`` without a dropdown: dates as dates."""
    if isinstance(value, bool):
        return t("form.yes" if value else "form.no", lang)
    if f.type == "select_one" and isinstance(value, str):
        return option_label(f, value, lang) or value
    if f.type == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


class _Sheet:
    """The questionnaire sheet as a person reads it: headings, numbered rows."""

    def __init__(self, wb: Workbook, q: Questionnaire, name: str):
        self.wb, self.q, self.name = wb, q, name
        for ws in wb.worksheets:
            for lang in q.languages:
                found = self._heads(ws, lang)
                if found:
                    self.ws, self.lang = ws, lang
                    self.head, self.number_col, self.question_col, self.answer_col = found
                    return
        raise FormError(f"{name}: no sheet with the headings of the questionnaire")

    def _heads(self, ws: Worksheet, lang: str) -> tuple[int, int, int, int] | None:
        wanted = [t(f"excel.col_{k}", lang) for k in ("number", "question", "answer")]
        for row in ws.iter_rows():
            texts = {_shown(c.value): c.column for c in row if c.value is not None}
            if all(x in texts for x in wanted):
                return row[0].row, *(texts[x] for x in wanted)  # type: ignore[return-value]
        return None

    def where(self, question: Question) -> str:
        return f"{self.name}: {question.number} {question.label.get(self.lang)}"

    def row_of(self, question: Question) -> int:
        """The row whose number column shows the question's number (its label beside it)."""
        label = _shown(question.label.get(self.lang))
        for row in range(self.head + 1, self.ws.max_row + 1):
            number = _shown(self.ws.cell(row, self.number_col).value)
            if number == question.number:
                if _shown(self.ws.cell(row, self.question_col).value) != label:
                    raise FormError(f"{self.where(question)}: row {row} shows another question")
                return row
        raise FormError(f"{self.where(question)}: no row with this number")

    def rows_below(self, row: int) -> list[int]:
        """The unnumbered rows below ``row`` up to the next numbered one (options, specify)."""
        rows = []
        for below in range(row + 1, self.ws.max_row + 1):
            if _shown(self.ws.cell(below, self.number_col).value):
                break
            rows.append(below)
        return rows

    def labelled(self, row: int, label: str) -> Cell | None:
        """The answer cell of the row below ``row`` whose question column shows ``label``."""
        for below in self.rows_below(row):
            if _shown(self.ws.cell(below, self.question_col).value) == _shown(label):
                return self.ws.cell(below, self.answer_col)
        return None

    # --- filling ---------------------------------------------------------------------------

    def fill(self, question: Question, value: Any, other: Any) -> None:
        if question.type == "table":
            self.fill_table(question, value)
            return
        row = self.row_of(question)
        if question.type == "select_multiple":
            self.tick(question, row, value)
        elif value is not None:
            self.fill_cell(question, self.ws.cell(row, self.answer_col), value)
        if other not in (None, ""):
            cell = self.labelled(row, t("excel.other_specify", self.lang))
            if cell is None:
                raise FormError(f"{self.where(question)}: no row for the other answer")
            cell.value = other

    def tick(self, question: Question, row: int, value: Any) -> None:
        for option in value or []:
            label = option_label(question, option, self.lang)
            if label is None:
                continue  # not one of the options: there is no row to mark
            cell = self.labelled(row, label)
            if cell is None:
                raise FormError(f"{self.where(question)}: no option row {label!r}")
            cell.value = "x"

    def fill_cell(self, f: Field, cell: Cell, value: Any) -> None:
        entries = dropdown(self.wb, cell)
        if entries is None:
            cell.value = typed(f, value, self.lang)
            return
        entry = self.entry(f, value, entries)
        cell.value = entry if entry is not None else value  # not offered: typed as it is

    def entry(self, f: Field, value: Any, entries: list[str]) -> str | None:
        """The dropdown entry a person picks for ``value``."""
        if f.type == "scale":
            if not isinstance(value, int) or isinstance(value, bool):
                return None
            found = [e for e in entries if re.match(rf"{value}(\D|$)", e)]
        else:
            label = option_label(f, value, self.lang)
            if label is None:
                return None
            found = [e for e in entries if _shown(e) == _shown(label)]
        if not found:
            raise FormError(f"{self.name}: the dropdown of {f.id} offers no entry for {value!r}")
        return found[0]

    def fill_table(self, question: Question, rows: Any) -> None:
        if not rows:
            return
        title = _shown(f"{question.number} {question.label.get(self.lang)}")
        ws = next((s for s in self.wb.worksheets if _shown(s["A1"].value) == title), None)
        if ws is None:
            raise FormError(f"{self.where(question)}: no sheet titled {title!r}")
        head = next(
            (r for r in range(1, ws.max_row + 1) if _shown(ws.cell(r, 1).value) == self._no()),
            None,
        )
        if head is None:
            raise FormError(f"{self.where(question)}: no heading row on sheet {ws.title!r}")
        columns = {
            _shown(str(c.value).split("\n")[0]): c.column for c in ws[head] if c.value is not None
        }
        numbers = {_shown(ws.cell(r, 1).value): r for r in range(head + 1, ws.max_row + 1)}
        for number, row in enumerate(rows, start=1):
            for column in question.columns:
                value = (row or {}).get(column.id)
                if value is None:
                    continue
                col = columns.get(_shown(column.label.get(self.lang)))
                at = numbers.get(str(number))
                if col is None or at is None:
                    where = f"row {number}, {column.id}"
                    raise FormError(f"{self.where(question)}: no cell for {where}")
                self.fill_cell(column, ws.cell(at, col), value)

    def _no(self) -> str:
        return t("excel.col_number", self.lang)


def dropdown(wb: Workbook, cell: Cell) -> list[str] | None:
    """The entries of the dropdown (list validation) of ``cell``; None: no dropdown."""
    ws = cell.parent
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list" and cell.coordinate in dv.sqref:
            return _entries(wb, dv.formula1 or "")
    return None


def _entries(wb: Workbook, formula: str) -> list[str]:
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, _, ref = formula.rpartition("!")
    ws = wb[sheet.strip("'").replace("''", "'")] if sheet else None
    if ws is None:
        return []
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    return [
        _shown(ws.cell(r, c).value)
        for r in range(min_row, max_row + 1)
        for c in range(min_col, max_col + 1)
        if ws.cell(r, c).value is not None
    ]


def fill_xlsx(src: Path, answers: Mapping[str, Any], dst: Path, q: Questionnaire) -> None:
    """Write ``answers`` (as in the answers JSON) into the form ``src`` and save it as ``dst``."""
    try:
        wb = load_workbook(src)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FormError(f"{Path(src).name}: cannot open the Excel form ({exc})") from exc
    sheet = _Sheet(wb, q, Path(src).name)
    for question in q.answerable():
        value = answers.get(question.id)
        other = answers.get(question.other_id) if question.other else None
        if value is not None or other not in (None, ""):
            sheet.fill(question, value, other)
    wb.save(dst)
