"""Fill an Excel form the way a person would: type into the answer cells and save.

Used by tests and the demo to produce realistic returns. Values go where a person types them:
text and numbers into the answer cell (a raw string such as ``1.234,5`` stays typed text), the
dropdown label into a choice cell, ``Ja``/``Nein`` (``Yes``/``No``) for yes/no, ``x`` into the
option rows of a multiple choice, real date cells for ISO dates, and table rows into the table's
sheet. Cells are found like the reader finds them: by the question number in column A.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.errors import FormError
from pipeline.forms.excel.reader import Layout, Meta, TableSlot, locate
from pipeline.forms.excel.widgets import widget
from pipeline.forms.excel.writer import META_SHEET, cell_value, write_answer

Cells = dict[str, list[tuple[Worksheet, int, int, str | None]]]


def fill_xlsx(src: Path, answers: Mapping[str, Any], dst: Path, q: Questionnaire) -> None:
    """Write ``answers`` (as in the answers JSON) into the form ``src`` and save it as ``dst``."""
    try:
        wb = load_workbook(src)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FormError(f"{Path(src).name}: cannot open the Excel form ({exc})") from exc
    grids = {ws.title: _grid(ws) for ws in wb.worksheets}
    meta = Meta.parse(grids.get(META_SHEET))
    lang = meta.values.get("language") or q.default_language
    layout = locate(q, grids, meta, lang)
    cells = _cells(wb, layout)
    for question in q.answerable():
        value = answers.get(question.id)
        if widget(question).layout == "table":
            _fill_table(wb, layout.tables.get(question.id), question, value, lang)
        else:
            write_answer(cells, question, value, answers.get(question.other_id), lang)
    wb.save(dst)


def _grid(ws: Worksheet) -> list[list[Any]]:
    return [list(row) for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]


def _cells(wb: Workbook, layout: Layout) -> Cells:
    return {
        key: [(wb[s.sheet], s.row, s.col, s.option) for s in slots]
        for key, slots in layout.slots.items()
    }


def _fill_table(
    wb: Workbook, table: TableSlot | None, question: Question, rows: Any, lang: str
) -> None:
    if table is None or not rows:
        return
    ws = wb[table.sheet]
    for offset, row in enumerate(rows, start=1):
        for column in question.columns:
            value = row.get(column.id)
            col = table.columns.get(column.id)
            if value is not None and col:
                ws.cell(table.header_row + offset, col).value = cell_value(column, value, lang)
