"""Read the sheets of an XLSForm workbook (``.xlsx`` or ``.xls``) with python-calamine.

A sheet becomes a list of :class:`Row` objects that know their spreadsheet row number and the
Excel cell of every column, so that every problem can name its cell (``survey!D14``).
Headers are read the way pyxform reads them, leniently: case and spaces around them do not
matter, legacy spellings (``list name``, ``bind:relevant``, ``relevance``, ``constraint
message``) mean their current names, and ``label::Deutsch (de)`` is split into the column
``label`` and the language ``Deutsch (de)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import PraxisError

WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm")
"""Files read as an XLSForm workbook rather than as a YAML definition."""

_ALIASES = {
    "list name": "list_name",
    "relevance": "relevant",
    "bind:relevant": "relevant",
    "bind:constraint": "constraint",
    "bind:required": "required",
    "constraint message": "constraint_message",
    "constraint-msg": "constraint_message",
    "bind:jr:constraintmsg": "constraint_message",
    "required message": "required_message",
    "requiredmsg": "required_message",
    "readonly": "read_only",
    "value": "name",  # one form names its choices' column "value"
}


class WorkbookUnreadable(PraxisError):
    """The file is not a workbook calamine can open (damaged, encrypted, another format)."""


@dataclass(frozen=True)
class Header:
    """One column of a sheet: its base name (``label``), language spelling or ``""``."""

    text: str
    base: str
    language: str
    letter: str


@dataclass(frozen=True)
class Row:
    """One non-empty row: its 1-based row number and its cells by header text."""

    sheet: str
    number: int
    cells: dict[str, Any]
    letters: dict[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        """The cell as trimmed text (``""`` when empty); whole numbers without ``.0``."""
        return cell_text(self.cells.get(column))

    def cell(self, column: str) -> str:
        """The address of the cell in ``column``: ``survey!D14`` (the row alone if unknown)."""
        letter = self.letters.get(column, "")
        return f"{self.sheet}!{letter}{self.number}" if letter else f"{self.sheet}!{self.number}"


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: tuple[Header, ...]
    rows: tuple[Row, ...]

    def columns(self, base: str) -> list[Header]:
        """The headers whose base name is ``base`` (every language of ``label``)."""
        return [h for h in self.headers if h.base == base]


@dataclass(frozen=True)
class Workbook:
    path: Path
    sheets: dict[str, Sheet]

    def sheet(self, name: str) -> Sheet | None:
        return self.sheets.get(name)


def column_letter(index: int) -> str:
    """0 -> ``A``, 25 -> ``Z``, 26 -> ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def split_header(text: str) -> tuple[str, str]:
    """``label::Deutsch (de)`` -> (``label``, ``Deutsch (de)``); aliases resolved."""
    base, _, language = text.partition("::")
    base = " ".join(base.strip().lower().split())
    base = _ALIASES.get(base, base)
    if base.startswith(("constraint message", "constraint_message")):
        base = "constraint_message"
    return base.replace(" ", "_"), language.strip()


def _headers(first: list[Any]) -> tuple[Header, ...]:
    headers = []
    for i, value in enumerate(first):
        text = cell_text(value)
        if text:
            base, language = split_header(text)
            headers.append(Header(text, base, language, column_letter(i)))
    return tuple(headers)


def _sheet(name: str, table: list[list[Any]]) -> Sheet:
    if not table:
        return Sheet(name, (), ())
    headers = _headers(table[0])
    index = {column_letter(i): i for i in range(len(table[0]))}
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = {}
        for h in headers:
            i = index[h.letter]
            if i < len(values) and cell_text(values[i]):
                cells[h.text] = values[i]
        if cells:
            letters = {h.text: h.letter for h in headers}
            rows.append(Row(name, number, cells, letters))
    return Sheet(name, headers, tuple(rows))


def read_workbook(path: Path) -> Workbook:
    """The sheets of the workbook at ``path`` by lower-cased name (``survey``, ``choices``,
    ``settings``, ...); raise :class:`WorkbookUnreadable` when it cannot be opened."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = {}
        for name in book.sheet_names:
            table = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            key = name.strip().lower()
            sheets.setdefault(key, _sheet(name.strip(), table))
    except Exception as exc:  # calamine raises its own error types (and ValueError, OSError)
        raise WorkbookUnreadable(str(exc)) from exc
    return Workbook(path, sheets)
