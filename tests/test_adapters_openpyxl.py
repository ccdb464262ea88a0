"""The contract of ``pipeline.adapters.openpyxl``: exactly the openpyxl behaviour praxis relies
on (written for openpyxl 3.1). An openpyxl upgrade that changes any of it fails here first.

The Excel form's template serialises single cells and expects them to be the bytes the sheet
holds, finds its sentinel cells as inline strings with character references, and sets a row
height it finds again as an attribute; the plain builder writes the package without the time
of writing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from importlib.metadata import version

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from pipeline.adapters.openpyxl import (
    cell_xml,
    give_style,
    number_text,
    package_bytes,
    replace_text_cells,
    row_height_attribute,
    style_id,
    style_of,
)

SENTINEL = "\ue000"


def _sheet(wb: Workbook) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package_bytes(wb))) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def _workbook() -> Workbook:
    wb = Workbook()
    ws = wb.active
    styled = ws.cell(3, 2, "Müller & <x>")
    styled.fill = PatternFill("solid", fgColor="FFF6C2")
    ws.cell(4, 2, "plain")
    ws.cell(5, 4, f"{SENTINEL}answer.0{SENTINEL}").fill = PatternFill("solid", fgColor="FFF6C2")
    return wb


def test_the_pinned_minor_version():
    assert version("openpyxl").split(".")[:2] == ["3", "1"]


def test_a_text_cell_is_an_inline_string_with_character_references():
    ws = _workbook().active
    assert cell_xml(ws["B3"]) == (
        b'<c r="B3" s="1" t="inlineStr"><is><t>M&#252;ller &amp; &lt;x&gt;</t></is></c>'
    )
    assert cell_xml(ws["B4"]) == b'<c r="B4" t="inlineStr"><is><t>plain</t></is></c>'


def test_a_cell_serialised_alone_is_the_bytes_of_the_sheet():
    wb = _workbook()
    ws = wb.active
    sheet = _sheet(wb)
    for ref in ("B3", "B4", "D5"):
        assert cell_xml(ws[ref]) in sheet
    ws["B4"] = 42
    ws["B3"] = dt.date(2025, 1, 2)
    sheet = _sheet(wb)
    assert cell_xml(ws["B4"]) == b'<c r="B4" t="n"><v>42</v></c>'
    assert cell_xml(ws["B3"]) in sheet and cell_xml(ws["B4"]) in sheet


def _openpyxl_writes(cell) -> bytes:
    from lxml import etree
    from openpyxl.cell._writer import write_cell

    out = io.BytesIO()
    with etree.xmlfile(out) as xf:
        write_cell(xf, cell.parent, cell, cell.has_style)
    return out.getvalue()


def test_plain_cells_are_written_as_openpyxl_writes_them():
    """Texts, numbers, truth values and empty cells are serialised by the adapter itself;
    the bytes are openpyxl's own, styled or not."""
    values = ["Berlin", "Müller & <x> > y", " lead", "trail ", "tab\there", "cr\rlf\nx"]
    values += ["€ 5 – „gut“ 🙂", "\ue000answer.0\ue000", "'=1+1", "=SUM(A1:A2)", "", 0, 42, 3.5]
    values += [1e20, 1.0, float("1e-7"), True, False, None]
    ws = Workbook().active
    for column, value in enumerate(values, 1):
        for row, styled in ((1, False), (2, True)):
            cell = ws.cell(row, column, value)
            if styled:
                cell.fill = PatternFill("solid", fgColor="FFF6C2")
            assert cell_xml(cell) == _openpyxl_writes(cell), (value, styled)
    assert cell_xml(ws.cell(2, 2)) == (
        b'<c r="B2" s="1" t="inlineStr"><is><t>M&#252;ller &amp; &lt;x&gt; &gt; y</t></is></c>'
    )
    assert cell_xml(ws.cell(1, 21)) == b'<c r="U1" t="n"></c>'


def test_a_date_value_changes_the_style_in_place_and_a_copy_restores_it():
    """The template compares a cell's style values to find a value that needs a style it
    lacks, and gives each cell a copy of its style before filling it."""
    wb = _workbook()
    ws = wb.active
    cell = ws["B3"]
    cell.number_format = "@"
    package_bytes(wb)  # registers the styles, as writing the template does
    index, style = style_id(cell), style_of(cell)
    assert style == (0, 2, 0, 49, 0, 0, 0, 0, 0)  # ids of font, fill, border, number format ...
    give_style(cell, style)
    assert style_id(cell) == index  # a copy of equal values has the same index
    cell.value = "text"
    assert style_of(cell) == style
    cell.value = dt.date(2025, 1, 2)
    assert style_of(cell) != style and cell.number_format == "yyyy-mm-dd"
    give_style(cell, style)
    assert (style_of(cell), style_id(cell), cell.number_format) == (style, index, "@")
    # the date as a serial number in the text cell's style: why the template builds it in full
    assert cell_xml(cell) == f'<c r="B3" s="{index}" t="n"><v>45659</v></c>'.encode()
    assert style_of(ws["A1"]) is None and style_id(ws["B4"]) == 0


def test_sentinel_cells_are_replaced_and_nothing_else():
    wb = _workbook()
    sheet = _sheet(wb)
    cut = replace_text_cells(sheet, SENTINEL, lambda name: f"[{name}]".encode())
    assert cut == sheet.replace(cell_xml(wb.active["D5"]), b"[answer.0]")
    assert b"[answer.0]" in cut and b"&#57344;" not in cut
    assert cell_xml(wb.active["B3"]) in cut


def test_a_row_height_is_written_as_its_number_text():
    wb = _workbook()
    wb.active.row_dimensions[3].height = 987654.25
    assert number_text(987654.25) == "987654.25"
    assert (number_text(15.0), number_text(33.5)) == ("15", "33.5")
    assert row_height_attribute(987654.25) == b'ht="987654.25"'
    assert b'<row r="3" ht="987654.25" customHeight="1">' in _sheet(wb)


def test_the_package_keeps_the_times_set_on_the_workbook():
    wb = _workbook()
    fixed = dt.datetime(2025, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    data = package_bytes(wb)
    assert wb.properties.modified == fixed
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        core = zf.read("docProps/core.xml")
    assert {"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= set(names)
    assert core.count(b"2025-01-01T00:00:00Z") == 2
    assert package_bytes(wb) == data  # the same workbook, the same bytes
