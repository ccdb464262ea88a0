"""How the Excel form looks: column widths, fills, fonts, row heights and sheet protection."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.forms.excel.layout import COL_ANSWER, COL_HINT, COL_NUMBER, COL_QUESTION

WIDTHS = {COL_NUMBER: 7, COL_QUESTION: 48, COL_HINT: 36, COL_ANSWER: 46}
LONG_TEXT_HEIGHT = 110.0
LINE_HEIGHT = 15.0

YELLOW = PatternFill("solid", fgColor="FFF6C2")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
SECTION_FILL = PatternFill("solid", fgColor="DCE6F1")
HOWTO_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="8C8C8C")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


def _lines(text: str, width: float) -> int:
    per_line = max(1.0, width * 1.15)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def row_height(cells: Iterable[tuple[str, float]], minimum: float = LINE_HEIGHT) -> float:
    """A row height (pt) that shows every (text, column width) pair without clipping."""
    lines = max((_lines(str(text), width) for text, width in cells if text), default=1)
    return max(minimum, round(lines * LINE_HEIGHT + 3, 1))


def font(**kwargs: Any) -> Font:
    """A font of the form: Calibri (LibreOffice uses the metric-equal Carlito)."""
    return Font(name="Calibri", size=kwargs.pop("size", 11), **kwargs)


def answer_cell(cell: Cell, text_format: bool = False) -> None:
    """Shade, frame, unlock and wrap an answer cell (``text_format``: typed input stays text)."""
    cell.fill = YELLOW
    cell.border = BOX
    cell.protection = UNLOCKED
    cell.alignment = WRAP_TOP
    if text_format:
        cell.number_format = "@"


SHEET_PASSWORD = "praxis"
"""Guards the sheets' structure against accidents (inserted columns); it is not a secret."""


def protect(ws: Worksheet) -> None:
    """Protect the sheet: only unlocked (answer) cells take input; rows may still be resized."""
    ws.protection.sheet = True
    ws.protection.password = SHEET_PASSWORD
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False
