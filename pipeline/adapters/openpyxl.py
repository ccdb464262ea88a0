"""openpyxl internals praxis relies on, in one place (written for openpyxl 3.1).

The Excel form's plain builder writes the package without openpyxl stamping the time
(:func:`package_bytes`); its template (``pipeline.speed.excel``) serialises single cells as
openpyxl writes them into a sheet, cuts sentinel cells out of the serialised sheets and
resets the style of the cells it fills per project.
``tests/test_adapters_openpyxl.py`` checks exactly this behaviour, so an upgrade that
changes it fails there first.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.writer.excel import ExcelWriter


def package_bytes(wb: Workbook) -> bytes:
    """The workbook as an .xlsx zip, its properties as they are (``Workbook.save`` would set
    the modified time to now). Entry times are the zip's own; callers fix them."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return raw.getvalue()


def cell_xml(cell: Cell) -> bytes:
    """The ``<c>`` element of ``cell`` exactly as openpyxl writes it into its sheet.

    A text, number, truth value or empty cell is written here as openpyxl's lxml writer
    writes it (an lxml writer per cell was a third of rendering a form from its template);
    anything else (dates, formulas, rich text, links) by openpyxl itself."""
    plain = _plain_cell_xml(cell)
    if plain is not None:
        return plain
    out = io.BytesIO()
    with etree.xmlfile(out) as xf:
        write_cell(xf, cell.parent, cell, cell.has_style)
    return out.getvalue()


def _plain_cell_xml(cell: Cell) -> bytes | None:
    value, kind = cell._value, cell.data_type
    if cell.hyperlink is not None:
        return None
    style = f' s="{cell.style_id}"' if cell.has_style else ""
    head = f'<c r="{cell.coordinate}"{style}'
    if kind == "s" and type(value) is str:
        if not value:
            return f'{head} t="inlineStr"></c>'.encode()
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'{head} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'.encode("ascii")
    if value is None and kind == "n":
        return f'{head} t="n"></c>'.encode()
    if (kind == "n" and type(value) in (int, float)) or (kind == "b" and type(value) is bool):
        return f'{head} t="{kind}"><v>{safe_string(value)}</v></c>'.encode()
    return None


def _text(text: str) -> str:
    """Element text as lxml writes it into an ASCII document: ``&<>`` and carriage returns
    escaped, every other character outside ASCII as a character reference."""
    escaped = escape(text, {"\r": "&#13;"})
    return escaped.encode("ascii", "xmlcharrefreplace").decode("ascii")


def style_id(cell: Cell) -> int:
    """The index of the cell's style in the workbook's style table (added when new)."""
    return cell.style_id


Style = tuple[int, ...] | None
"""A cell's style as values (font, fill, border, number format ... ids), None: no style."""


def style_of(cell: Cell) -> Style:
    """The values of the cell's style: what its index in the style table stands for."""
    return None if cell._style is None else tuple(cell._style)


def give_style(cell: Cell, style: Style) -> None:
    """Give ``cell`` a style array of its own with the values ``style``.

    openpyxl changes a cell's style array in place (a date value in a text cell sets a date
    number format), and the array a cell had when the workbook was written may be a key of
    the workbook's style table: a cell given its own copy keeps that table intact.
    """
    cell._style = None if style is None else StyleArray(style)


def number_text(value: float) -> str:
    """A number as openpyxl writes it into an attribute (a row height ``ht``)."""
    return safe_string(value)


def row_height_attribute(height: float) -> bytes:
    """The attribute openpyxl writes on a ``<row>`` of that height."""
    return f'ht="{number_text(height)}"'.encode()


def replace_text_cells(data: bytes, sentinel: str, replace: Callable[[str], bytes]) -> bytes:
    """The serialised sheet ``data`` with every cell whose text is ``<sentinel>NAME<sentinel>``
    replaced by ``replace(NAME)``.

    openpyxl writes a text cell as an inline string (``<c r="A1" t="inlineStr"><is><t>...``)
    and a character outside ASCII as a character reference.
    """
    mark = f"&#{ord(sentinel)};".encode()
    pattern = re.compile(
        rb'<c r="[A-Z]+\d+"[^>]*><is><t[^>]*>' + mark + rb"([^<]+?)" + mark + rb"</t></is></c>"
    )
    return pattern.sub(lambda m: replace(m.group(1).decode()), data)
