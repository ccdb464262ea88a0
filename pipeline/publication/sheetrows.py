"""The data rows of a worksheet as SpreadsheetML, byte for byte as XlsxWriter writes them in
constant-memory mode, without XlsxWriter's per-cell calls (a frame of half a million cells took
seconds there).

Each value becomes the cell :mod:`pipeline.publication.workbook` means: nothing for an empty
value, a date cell for a :class:`DateText`, a number (with its column's number format), else an
inline text cell (never a formula): illegal control characters taken out, cut to Excel's cell
limit, wrapped when long or on several lines. Texts are cleaned once, after a few quick checks
find the plain ones (most of them) that need nothing, and the format indices are asked for in
the order XlsxWriter would ask (row by row), so that the styles come out as before: through
``Format._get_xf_index``, the one private call of XlsxWriter used here; tests/test_workbook_rows.py
compares the result with XlsxWriter writing every cell. Unlike XlsxWriter, a text framed by
``<r>...</r>`` is escaped like any other (XlsxWriter copies it into the file as rich-text XML).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from xlsxwriter.utility import xl_col_to_name

MAX_WIDTH = 60
"""A text longer than this (or on several lines) is wrapped (and its column no wider)."""
MAX_CELL = 32767
_UTF16_MAX = 32767
"""Excel's cell limit in UTF-16 units (an emoji counts twice), as XlsxWriter cuts."""

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
"""Characters a text cell has as ``_xHHHH_`` (none in a printable text)."""
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_CHUNK = 1 << 20
"""About the characters of rendered rows kept before they are written."""
_SPACE = ' xml:space="preserve"'
_EPOCH = dt.date(1899, 12, 31).toordinal()


class DateText(str):
    """A date shown as text (the CSV files' cell) that the workbook writes as a date cell."""

    date: dt.date

    def __new__(cls, text: str, date: dt.date) -> DateText:
        value = super().__new__(cls, text)
        value.date = date
        return value

    def __reduce__(self) -> tuple[type[DateText], tuple[str, dt.date]]:
        return DateText, (str(self), self.date)


def excel_date(day: dt.date) -> float:
    """The Excel serial number of a date (1900 system, with Excel's 29 February 1900)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    serial = float(day.toordinal() - _EPOCH)
    return serial + 1 if serial > 59 else serial


def _utf16_cut(text: str) -> str:
    """``text`` cut to Excel's limit in UTF-16 units, never inside a character."""
    if (
        len(text) <= _UTF16_MAX // 2
        or len(text.encode("utf-16-le", "surrogatepass")) <= 2 * _UTF16_MAX
    ):
        return text
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > _UTF16_MAX:
            return text[:index]
    return text


def _inline(text: str) -> str:
    """The ``<is>`` content of a text cell (text already free of illegal characters)."""
    text = _utf16_cut(text)
    text = _ESCAPED.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = _SPACE if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<is><t{space}>{escape(text)}</t></is>"


def _number(value: Any) -> str:
    if value.__class__ is Fraction:
        value = float(value)
    if math.isnan(value) or math.isinf(value):
        raise TypeError("NAN/INF not supported in write_number()")
    return f"{value:.16G}"


@dataclass
class CellFormats:
    """The formats of the data cells of a sheet (XlsxWriter ``Format`` objects or None)."""

    wrapped: Any
    date: Any
    columns: dict[int, Any] = field(default_factory=dict)
    """Column index -> format of its numbers."""
    _attrs: dict[int, str] = field(default_factory=dict)

    def attr(self, fmt: Any) -> str:
        """`` s="3"``: the style attribute of a cell in ``fmt`` (its index given on first use,
        as XlsxWriter gives it when it writes the cell)."""
        if fmt is None:
            return ""
        key = id(fmt)
        if key not in self._attrs:
            self._attrs[key] = f' s="{fmt._get_xf_index()}"'
        return self._attrs[key]


def _special_cell(ref: str, value: Any, c: int, formats: CellFormats) -> str | None:
    """A cell that is not a plain short text (see the module doc)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, DateText):
        return (
            f'<c r="{ref}"{formats.attr(formats.date)}><v>{_number(excel_date(value.date))}</v></c>'
        )
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        text = text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
        wrap = len(value) > MAX_WIDTH or "\n" in value
        style = formats.attr(formats.wrapped) if wrap else ""
        return f'<c r="{ref}"{style} t="inlineStr">{_inline(text)}</c>'
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f'<c r="{ref}"{formats.attr(formats.columns.get(c))}><v>{_number(value)}</v></c>'
    return _special_cell(ref, str(value), c, formats)


def _filled(row: tuple[Any, ...]) -> bool:
    return any(v is not None and not (isinstance(v, float) and v != v) for v in row)


class SheetRows:
    """The data rows of one sheet, rendered as XlsxWriter would write them (see the module doc).

    XlsxWriter in constant-memory mode writes a row (and numbers its formats) when the next row
    with a cell begins, the last one when the workbook closes: :meth:`rows` renders all but the
    last row with a cell, :meth:`last` that one, after every sheet's :meth:`rows`.
    """

    def __init__(self, columns: int, header: Any, formats: CellFormats) -> None:
        self.letters = [xl_col_to_name(c) for c in range(columns)]
        self.header = header if columns else None
        self.formats = formats
        self.last_row = 0
        """The 0-based index of the last row with a cell (0: the header row only)."""
        self._pending: tuple[int, tuple[Any, ...]] | None = None

    def rows(self, rows: Iterable[tuple[Any, ...]], chunk: int = _CHUNK) -> Iterator[str]:
        """The ``<row>`` elements of ``rows`` (from the sheet's second row), about ``chunk``
        characters a string, but for the last row with a cell."""
        parts: list[str] = []
        size = 0
        for r, row in enumerate(rows, start=2):
            if not _filled(row):
                continue
            if self._pending is None:
                self.formats.attr(self.header)  # the header row is written now
            else:
                parts.append(self._row(*self._pending))
                size += len(parts[-1])
            self._pending = (r, row)
            self.last_row = r - 1
            if size >= chunk:
                yield "".join(parts)
                parts, size = [], 0
        if parts:
            yield "".join(parts)

    def last(self) -> str:
        """The last row with a cell (as the workbook closes), or the header's format."""
        if self._pending is None:
            self.formats.attr(self.header)
            return ""
        row, self._pending = self._row(*self._pending), None
        return row

    def _row(self, r: int, row: tuple[Any, ...]) -> str:
        """One row's XML: a plain text (no control characters, no XML specials, no ``_xHHHH_``
        lookalike, not too long: a few quick searches, the pattern only for a text that is not
        printable) and an int the quick way, the rest by :func:`_special_cell`."""
        formats, control, longest = self.formats, _CONTROL_CHARS.search, _UTF16_MAX // 2
        wrap = ""
        cells = []
        for c, value in enumerate(row):
            if value.__class__ is str:
                if (
                    (value.isprintable() or not control(value))
                    and "&" not in value
                    and "<" not in value
                    and ">" not in value
                    and "_x" not in value
                    and len(value) <= longest
                ):
                    if len(value) > MAX_WIDTH or "\n" in value:
                        style = wrap = wrap or formats.attr(formats.wrapped)
                    else:
                        style = ""
                    space = _SPACE if value[:1].isspace() or value[-1:].isspace() else ""
                    cells.append(
                        f'<c r="{self.letters[c]}{r}"{style} t="inlineStr"><is><t{space}>'
                        f"{value}</t></is></c>"
                    )
                    continue
            elif value.__class__ is int:
                style = formats.attr(formats.columns.get(c))
                cells.append(f'<c r="{self.letters[c]}{r}"{style}><v>{value:.16G}</v></c>')
                continue
            elif value is None:
                continue
            cell = _special_cell(f"{self.letters[c]}{r}", value, c, formats)
            if cell is not None:
                cells.append(cell)
        return f'<row r="{r}">{"".join(cells)}</row>'
