"""The round's tables as a formatted Excel workbook: one sheet each, frozen header, filters,
widths, wrapped text; every text a text cell, never a formula (and checked afterwards).

Dates (:class:`DateText`) are real date cells, columns named in the :class:`Layout` get a
number format (percent, thousands separators). Every sheet prints on A4 with its header row
repeated on each page; a sheet wider than a portrait page prints in landscape, fitted to the
page width while that stays readable (else with its first columns repeated)."""

from __future__ import annotations

import io
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import pandas as pd
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from pipeline.publication.sheetrows import MAX_WIDTH, CellFormats, SheetRows
from pipeline.publication.sheetrows import DateText as DateText  # tables and tests import it here
from pipeline.publication.sheetzip import ZIP_LEVEL, FormulaScan, SheetBody, assemble
from pipeline.publication.sheetzip import assert_no_formulas as assert_no_formulas
from pipeline.round.stamps import FIXED_TIME

A4 = 9
"""SpreadsheetML's paper size number of A4 (``paperSize`` of the page setup)."""
MIN_WIDTH = 8
MAX_SHEET_NAME = 31
PORTRAIT_WIDTH = 95
"""About the characters (column width units) an A4 portrait page prints at 100 %."""
LANDSCAPE_WIDTH = 140
"""The same for A4 landscape."""
MIN_SCALE = 0.45
"""Below this scale a fitted page is too small to read: such a sheet is not fitted."""
FOOTER = "&L&A&R&P / &N"
"""Sheet name left, page of pages right (language-neutral codes)."""


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


def _width(values: Iterable[Any]) -> float:
    """The column width of the longest line among ``values`` (a line no longer than the longest
    so far is not measured, and once a line reaches the widest column the rest are not read)."""
    longest, cap = 0, MAX_WIDTH - 2
    for value in values:
        if _empty(value):
            continue
        text = value if isinstance(value, str) else str(value)
        if len(text) <= longest:
            continue
        longest = max(longest, *(len(line) for line in text.splitlines() or [""]))
        if longest >= cap:
            break
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


def _write_sheet(ws: Any, frame: pd.DataFrame, body: SheetBody) -> None:
    """The header row, widths, print setup, frozen header and filter by XlsxWriter; the data
    rows rendered (:class:`SheetRows`) into ``body``'s temporary file, checked."""
    total = 0.0
    for c, name in enumerate(frame.columns):
        ws.write_string(0, c, ILLEGAL_CHARACTERS_RE.sub("", str(name)), body.rows.header)
        width = _width([name, *frame.iloc[:, c]])
        ws.set_column(c, c, width)
        total += width
    _print_setup(ws, total, len(frame.columns))
    for chunk in body.rows.rows(frame.itertuples(index=False, name=None)):
        body.file.write(body.scan.check(chunk))
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)


@dataclass
class PreparedWorkbook:
    """A workbook whose sheets are rendered and checked, to be zipped by :meth:`write` (the
    compression, mostly outside Python's lock, so that other files can be written meanwhile)."""

    skeleton: io.BytesIO
    sheets: list[SheetBody]

    def write(self, handle: BinaryIO) -> None:
        """Zip the workbook into ``handle``; the temporary files are closed afterwards."""
        try:
            assemble(self.skeleton, self.sheets, handle, ZIP_LEVEL)
            handle.flush()
        finally:
            self.close()

    def close(self) -> None:
        for s in self.sheets:
            s.file.close()


def prepare_workbook(
    exports: list[tuple[str, str, pd.DataFrame]], layout: Layout | None = None
) -> PreparedWorkbook:
    """The .xlsx of the exports, one sheet each, checked for formulas, ready to be zipped.

    ``layout``: the date format and the number formats of named columns (see :class:`Layout`).

    XlsxWriter in constant-memory mode writes the workbook with each sheet's header row, its
    widths, print setup, frozen header and filter (strings_to_formulas off, write_string only);
    the data rows are rendered as XlsxWriter would write them (:mod:`.sheetrows`, every text a
    text cell, each row checked for a formula element as it is rendered), put into it when it
    is zipped (:mod:`.sheetzip`). Deterministic: equal exports give equal bytes.
    """
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, options)
    book.set_properties({"created": FIXED_TIME})
    layout = layout or Layout()
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrapped = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": layout.date_format, "align": "left"})
    number_formats: dict[str, Any] = {}

    def number_format(code: str) -> Any:
        if code not in number_formats:
            number_formats[code] = book.add_format({"num_format": code})
        return number_formats[code]

    prepared = PreparedWorkbook(skeleton, [])
    try:
        names = sheet_names(e[0] for e in exports)
        for n, (sheet, (_, name, frame)) in enumerate(zip(names, exports, strict=True), 1):
            codes = layout.columns.get(name, {})
            columns = {
                c: number_format(codes[h]) for c, h in enumerate(frame.columns) if h in codes
            }
            body = SheetBody(
                SheetRows(len(frame.columns), header, CellFormats(wrapped, date, columns)),
                FormulaScan(f"xl/worksheets/sheet{n}.xml"),
            )
            _write_sheet(book.add_worksheet(sheet), frame, body)
            prepared.sheets.append(body)
        for body in prepared.sheets:  # XlsxWriter writes a sheet's last row as it closes
            body.last = body.scan.check(body.rows.last())
        book.close()
        skeleton.seek(0)
        assert_no_formulas(skeleton)  # the header rows XlsxWriter wrote
    except BaseException:
        prepared.close()
        raise
    return prepared


def write_workbook(
    exports: list[tuple[str, str, pd.DataFrame]], handle: BinaryIO, layout: Layout | None = None
) -> None:
    """Write the .xlsx of the exports into ``handle`` (see :func:`prepare_workbook`)."""
    prepare_workbook(exports, layout).write(handle)
