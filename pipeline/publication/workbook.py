"""The round's tables as a formatted Excel workbook: one sheet each, frozen header, filters,
widths, wrapped text; every text a text cell, never a formula (and checked afterwards).

Dates (:class:`DateText`) are real date cells, columns named in the :class:`Layout` get a
number format (percent, thousands separators). Every sheet prints on A4 with its header row
repeated on each page; a sheet wider than a portrait page prints in landscape, fitted to the
page width while that stays readable (else with its first columns repeated)."""

from __future__ import annotations

import datetime as dt
import numbers
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pandas as pd
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from pipeline.round.stamps import FIXED_TIME

MAX_WIDTH = 60
A4 = 9
"""SpreadsheetML's paper size number of A4 (``paperSize`` of the page setup)."""
MIN_WIDTH = 8
MAX_SHEET_NAME = 31
MAX_CELL = 32767
PORTRAIT_WIDTH = 95
"""About the characters (column width units) an A4 portrait page prints at 100 %."""
LANDSCAPE_WIDTH = 140
"""The same for A4 landscape."""
MIN_SCALE = 0.45
"""Below this scale a fitted page is too small to read: such a sheet is not fitted."""
FOOTER = "&L&A&R&P / &N"
"""Sheet name left, page of pages right (language-neutral codes)."""


class DateText(str):
    """A date shown as text (the CSV files' cell) that the workbook writes as a date cell."""

    date: dt.date

    def __new__(cls, text: str, date: dt.date) -> DateText:
        value = super().__new__(cls, text)
        value.date = date
        return value

    def __reduce__(self) -> tuple[type[DateText], tuple[str, dt.date]]:
        return DateText, (str(self), self.date)


@dataclass(frozen=True)
class Layout:
    """Number formats of the workbook (Excel format codes)."""

    date_format: str = "yyyy-mm-dd"
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Export file name (``choices.csv``) -> column header -> number format."""


def is_number(value: Any) -> bool:
    """A number for a numeric cell (not a bool)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def sheet_names(names: Iterable[str]) -> list[str]:
    """Valid, unique sheet names: no ``[]:*?/\\``, at most 31 characters."""
    seen: set[str] = set()
    result = []
    for name in names:
        clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip("' ") or "Sheet"
        candidate, n = clean[:MAX_SHEET_NAME], 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{clean[: MAX_SHEET_NAME - len(str(n)) - 1]} {n}"
        seen.add(candidate.lower())
        result.append(candidate)
    return result


@dataclass(frozen=True)
class _Formats:
    header: Any
    wrapped: Any
    date: Any = None
    columns: Mapping[int, Any] = field(default_factory=dict)
    """Column index -> format of its numbers (this sheet's)."""


def _set_cell(ws: Any, row: int, col: int, value: Any, formats: _Formats) -> None:
    """Write a value; every text is a text cell (write_string), never a formula."""
    if _empty(value):
        return
    if isinstance(value, DateText):
        ws.write_datetime(row, col, value.date, formats.date)
    elif isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        # Excel refuses longer cells; the CSV files keep the full text
        text = text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
        wrap = len(value) > MAX_WIDTH or "\n" in value
        ws.write_string(row, col, text, formats.wrapped if wrap else None)
    elif is_number(value):
        ws.write_number(row, col, value, formats.columns.get(col))
    else:
        _set_cell(ws, row, col, str(value), formats)


def _width(values: Iterable[Any]) -> float:
    longest = max(
        (len(line) for v in values if not _empty(v) for line in str(v).splitlines() or [""]),
        default=0,
    )
    return min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))


def _print_setup(ws: Any, width: float, columns: int) -> None:
    """A4, header row on every page, landscape and fitted to the width where it is wide."""
    ws.set_paper(A4)
    ws.repeat_rows(0)
    ws.set_footer(FOOTER)
    ws.hide_gridlines(0)  # gridlines printed (and shown)
    if width <= PORTRAIT_WIDTH:
        return
    ws.set_landscape()
    if width * MIN_SCALE <= LANDSCAPE_WIDTH:
        ws.fit_to_pages(1, 0)
    elif columns > 2:
        ws.repeat_columns(0, 1)  # too wide to fit: the project id and name on every page


def _write_sheet(ws: Any, frame: pd.DataFrame, formats: _Formats) -> None:
    total = 0.0
    for c, name in enumerate(frame.columns):
        ws.write_string(0, c, ILLEGAL_CHARACTERS_RE.sub("", str(name)), formats.header)
        width = _width([name, *frame.iloc[:, c]])
        ws.set_column(c, c, width)
        total += width
    _print_setup(ws, total, len(frame.columns))
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for c, value in enumerate(row):
            _set_cell(ws, r, c, value, formats)
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
"""A formula element of a cell in SpreadsheetML (``<f>...</f>``)."""


_SCAN_BLOCK = 1 << 20
_SCAN_OVERLAP = 16
"""Longer than any match of ``_FORMULA``, so a match across two blocks is found."""


def assert_no_formulas(workbook_file: BinaryIO, block: int = _SCAN_BLOCK) -> None:
    """Raise ValueError when any cell of the workbook in ``workbook_file`` is a formula.

    Scans the sheets' XML for formula elements in blocks, instead of loading the workbook
    again (which took longer than writing it) or a whole sheet into memory.
    """
    with zipfile.ZipFile(workbook_file) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        for name in (n for n in sheets if n.endswith(".xml")):
            with archive.open(name) as part:
                tail = b""
                while data := part.read(block):
                    window = tail + data
                    if _FORMULA.search(window):
                        raise ValueError(f"formula in {name}")
                    tail = window[-_SCAN_OVERLAP:]


def write_workbook(
    exports: list[tuple[str, str, pd.DataFrame]], handle: BinaryIO, layout: Layout | None = None
) -> None:
    """Write the .xlsx of the exports into ``handle``, one sheet each; then check it.

    ``layout``: the date format and the number formats of named columns (see :class:`Layout`).

    ``handle`` must be open for reading too (the check reads the file back). Written with
    XlsxWriter in constant-memory mode, which streams rows to disk, is several times faster
    than openpyxl and never turns a string into a formula (strings_to_formulas off,
    write_string only). Deterministic: equal exports give equal bytes.
    """
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(handle, options)
    book.set_properties({"created": FIXED_TIME})
    layout = layout or Layout()
    base = _Formats(
        header=book.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        wrapped=book.add_format({"text_wrap": True, "valign": "top"}),
        date=book.add_format({"num_format": layout.date_format, "align": "left"}),
    )
    number_formats: dict[str, Any] = {}

    def number_format(code: str) -> Any:
        if code not in number_formats:
            number_formats[code] = book.add_format({"num_format": code})
        return number_formats[code]

    for sheet, (_, name, frame) in zip(sheet_names(e[0] for e in exports), exports, strict=True):
        codes = layout.columns.get(name, {})
        columns = {c: number_format(codes[h]) for c, h in enumerate(frame.columns) if h in codes}
        formats = _Formats(base.header, base.wrapped, base.date, columns)
        _write_sheet(book.add_worksheet(sheet), frame, formats)
    book.close()
    handle.flush()
    handle.seek(0)
    assert_no_formulas(handle)
