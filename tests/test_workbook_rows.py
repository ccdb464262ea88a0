"""The workbook's data rows, rendered without XlsxWriter's per-cell calls, are the XML XlsxWriter
writes when it is given every cell (its write_string/write_number/write_datetime, as the tables
wrote them before): every member of the file compared, uncompressed, byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
import xlsxwriter
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from pipeline.publication.sheetrows import MAX_CELL, MAX_WIDTH, DateText
from pipeline.publication.workbook import (
    Layout,
    _print_setup,
    _width,
    sheet_names,
    write_workbook,
)
from pipeline.round.stamps import FIXED_TIME

TRICKY = [
    None,
    float("nan"),
    "",
    "plain",
    " leading space",
    "trailing space ",
    "\u00a0non-breaking",
    "a & b < c > d \"quoted\" 'single'",
    "line one\nline two",
    "tab\tinside",
    "carriage\rreturn",
    "control \x01\x02\x1f gone",
    "_x0041_ looks escaped",
    "non-character \ufffe\uffff",
    "=SUM(A1:A2)",
    "+1 -1 @x",
    "Köln – „Anführung“ ’ 😀",
    "w" * (MAX_WIDTH + 1),
    "Wort " * 7000,
    "😀" * 20000,
    0,
    -5,
    1234567,
    12345678901234567890,
    2.5,
    0.1 + 0.2,
    1e-12,
    Fraction(1, 3),
    True,
    False,
    DateText("01.03.2025", dt.date(2025, 3, 1)),
    DateText("28.02.1900", dt.date(1900, 2, 28)),
    ["a", "list"],
]


def _reference_cell(ws: Any, row: int, col: int, value: Any, formats: dict[str, Any]) -> None:
    """A cell as the tables wrote it before, through XlsxWriter's own calls."""
    if value is None or (isinstance(value, float) and value != value):
        return
    if isinstance(value, DateText):
        ws.write_datetime(row, col, value.date, formats["date"])
    elif isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        text = text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"
        wrap = len(value) > MAX_WIDTH or "\n" in value
        ws.write_string(row, col, text, formats["wrapped"] if wrap else None)
    elif isinstance(value, int | float | Fraction) and not isinstance(value, bool):
        ws.write_number(row, col, value, formats["columns"].get(col))
    else:
        _reference_cell(ws, row, col, str(value), formats)


def _reference(exports: list[tuple[str, str, pd.DataFrame]], layout: Layout) -> bytes:
    handle = io.BytesIO()
    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }
    book = xlsxwriter.Workbook(handle, options)
    book.set_properties({"created": FIXED_TIME})
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrapped = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": layout.date_format, "align": "left"})
    number_formats: dict[str, Any] = {}
    for sheet, (_, name, frame) in zip(sheet_names(e[0] for e in exports), exports, strict=True):
        ws = book.add_worksheet(sheet)
        codes = layout.columns.get(name, {})
        columns = {}
        for c, head in enumerate(frame.columns):
            if head in codes:
                code = codes[head]
                number_formats.setdefault(code, book.add_format({"num_format": code}))
                columns[c] = number_formats[code]
        formats = {"wrapped": wrapped, "date": date, "columns": columns}
        total = 0.0
        for c, head in enumerate(frame.columns):
            ws.write_string(0, c, ILLEGAL_CHARACTERS_RE.sub("", str(head)), header)
            width = _width([head, *frame.iloc[:, c]])
            ws.set_column(c, c, width)
            total += width
        _print_setup(ws, total, len(frame.columns))
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for c, value in enumerate(row):
                _reference_cell(ws, r, c, value, formats)
        ws.freeze_panes(1, 0)
        if len(frame.columns):
            ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    book.close()
    return handle.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _frame(rows: list[list[Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=object)


def _exports() -> list[tuple[str, str, pd.DataFrame]]:
    columns = ["Projekt", "Wert", "Anzahl", "Anteil"]
    tricky = [[f"p{n}", value, value, value] for n, value in enumerate(TRICKY)]
    tricky.insert(3, [None, None, None, float("nan")])  # a row without cells is left out
    tricky.append([None, None, None, None])  # ... also as the last one
    counts = [[f"p{n}", "x", n * 1000, n / 7] for n in range(40)]
    return [
        ("Werte", "values.csv", _frame(tricky, columns)),
        ("Leer", "empty.csv", _frame([], columns)),
        ("Ohne Spalten", "none.csv", _frame([], [])),
        ("Eine Zeile", "one.csv", _frame([[None, None, 7, 0.5]], columns)),
        ("Eine Spalte", "single.csv", _frame([["a"], [None], ["b"]], ["Nur"])),
        ("Zahlen: [1/2]", "counts.csv", _frame(counts, columns)),
        (
            "Datum zuletzt",
            "dates.csv",
            _frame([["p", DateText("x", dt.date(2024, 1, 2))]], columns[:2]),
        ),
    ]


LAYOUT = Layout(
    date_format="dd.mm.yyyy",
    columns={
        "values.csv": {"Anzahl": "#,##0", "Anteil": "0.0%"},
        "counts.csv": {"Anzahl": "#,##0", "Anteil": "0.0%"},
        "one.csv": {"Anteil": "0.00"},
    },
)


@pytest.mark.parametrize("level", [None, 1])
def test_rendered_rows_are_the_xml_xlsxwriter_writes(level, monkeypatch):
    monkeypatch.setattr("pipeline.publication.workbook.ZIP_LEVEL", level)
    exports = _exports()
    ours = io.BytesIO()
    write_workbook(exports, ours, LAYOUT)
    expected = _reference(exports, LAYOUT)
    members = _members(ours.getvalue())
    assert list(members) == list(_members(expected))
    for name, data in _members(expected).items():
        assert members[name] == data, name
    if level is None:  # zlib's default, as XlsxWriter: the very same file
        assert ours.getvalue() == expected


def test_rendered_cells_read_back_as_written(tmp_path):
    path = tmp_path / "t.xlsx"
    with path.open("w+b") as handle:
        write_workbook(_exports(), handle, LAYOUT)
    ws = load_workbook(path)["Werte"]
    values = {ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert "a & b < c > d \"quoted\" 'single'" in values
    assert "=SUM(A1:A2)" in values and "line one\nline two" in values
    assert "control  gone" in values  # illegal characters taken out
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert ws.dimensions == f"A1:D{len(TRICKY) + 2}"


def test_a_rich_text_lookalike_stays_text(tmp_path):
    """XlsxWriter copies a text framed by ``<r>...</r>`` into the file as XML; the rendered
    rows escape it like any text, so it is a text cell that reads back as typed."""
    text = "<r><t>x</t></r>"
    path = tmp_path / "r.xlsx"
    with path.open("w+b") as handle:
        write_workbook([("S", "s.csv", _frame([[text]], ["A"]))], handle)
    cell = load_workbook(path)["S"]["A2"]
    assert cell.value == text and cell.data_type == "s"
