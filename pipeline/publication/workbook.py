"""The round's tables as a formatted Excel workbook: one sheet each, frozen header, filters,
widths, wrapped text; every text a text cell, never a formula (and checked afterwards).

Dates (:class:`DateText`) are real date cells, columns named in the :class:`Layout` get a
number format (percent, thousands separators). Every sheet prints on A4 with its header row
repeated on each page; a sheet wider than a portrait page prints in landscape, fitted to the
page width while that stays readable (else with its first columns repeated)."""

from __future__ import annotations

import io
import numbers
import re
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO

import pandas as pd
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.publication.sheetrows import MAX_WIDTH, CellFormats, SheetRows
from pipeline.publication.sheetrows import DateText as DateText  # tables and tests import it here
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


@dataclass
class _Sheet:
    """A sheet's data rows, rendered into a temporary file until the workbook is put together."""

    rows: SheetRows
    body: IO[str]
    columns: int
    last: str = ""


def _write_sheet(ws: Any, frame: pd.DataFrame, header: Any, formats: CellFormats) -> _Sheet:
    """The header row, widths, print setup, frozen header and filter by XlsxWriter; the data
    rows rendered (:class:`SheetRows`) into a temporary file."""
    total = 0.0
    for c, name in enumerate(frame.columns):
        ws.write_string(0, c, ILLEGAL_CHARACTERS_RE.sub("", str(name)), header)
        width = _width([name, *frame.iloc[:, c]])
        ws.set_column(c, c, width)
        total += width
    _print_setup(ws, total, len(frame.columns))
    sheet = _Sheet(SheetRows(len(frame.columns), header, formats), _temporary(), len(frame.columns))
    for chunk in sheet.rows.rows(frame.itertuples(index=False, name=None)):
        sheet.body.write(chunk)
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    return sheet


def _temporary() -> IO[str]:
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")


_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_COPY_BLOCK = 1 << 20


def _sheet_parts(xml: str, sheet: _Sheet) -> tuple[str, str]:
    """The XML of a sheet as XlsxWriter wrote it (the header row only), split where the data
    rows go, its dimension extended to them."""
    if sheet.rows.last_row:
        ref = f"A1:{xl_rowcol_to_cell(sheet.rows.last_row, sheet.columns - 1)}"
        xml = _DIMENSION.sub(f'<dimension ref="{ref}"/>', xml, count=1)
    head, end, tail = xml.partition("</sheetData>")
    if not end:
        raise ValueError("a sheet without data rows where rows were rendered")
    return head, end + tail


def _assemble(skeleton: BinaryIO, sheets: list[_Sheet], handle: BinaryIO) -> None:
    """The workbook XlsxWriter wrote (headers only) with every sheet's data rows put in, member
    by member as XlsxWriter zips them (names, times, order and compression)."""
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            zinfo = zipfile.ZipInfo(info.filename, info.date_time)
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            zinfo.external_attr = info.external_attr
            data = source.read(info)
            number = _sheet_number(info.filename)
            if number is None or number > len(sheets) or not sheets[number - 1].rows.last_row:
                target.writestr(zinfo, data)
                continue
            sheet = sheets[number - 1]
            head, tail = _sheet_parts(data.decode("utf-8"), sheet)
            with target.open(zinfo, "w") as out:
                out.write(head.encode("utf-8"))
                sheet.body.seek(0)
                while block := sheet.body.read(_COPY_BLOCK):
                    out.write(block.encode("utf-8"))
                out.write(sheet.last.encode("utf-8"))
                out.write(tail.encode("utf-8"))


_SHEET_FILE = re.compile(r"xl/worksheets/sheet(\d+)\.xml")


def _sheet_number(name: str) -> int | None:
    match = _SHEET_FILE.fullmatch(name)
    return int(match.group(1)) if match else None


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

    sheets = []
    try:
        for sheet, (_, name, frame) in zip(
            sheet_names(e[0] for e in exports), exports, strict=True
        ):
            codes = layout.columns.get(name, {})
            columns = {
                c: number_format(codes[h]) for c, h in enumerate(frame.columns) if h in codes
            }
            formats = CellFormats(wrapped, date, columns)
            sheets.append(_write_sheet(book.add_worksheet(sheet), frame, header, formats))
        for s in sheets:  # XlsxWriter writes each sheet's last row as the workbook closes
            s.last = s.rows.last()
        book.close()
        _assemble(skeleton, sheets, handle)
    finally:
        for s in sheets:
            s.body.close()
    handle.flush()
    handle.seek(0)
    assert_no_formulas(handle)
