"""The metadata sheet read straight from its XML, when it is as praxis writes it.

The sheet holds a few identification rows, then the row -> question mapping, which is the
same in every form of a round. When every row is plain inline-text cells (as the writer makes
them), :func:`parse_meta_xml` reads the identification rows itself and the mapping once per
distinct mapping (cached by its bytes). Anything else (shared strings, styles, numbers,
formulas, rich text, comments, a DOCTYPE, control characters) gives None: the caller reads the
sheet with the workbook reader, as before. Both ways give the same :class:`Meta`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.errors import PraxisError
from pipeline.forms.excel.layout import META_HEADER, META_SHEET, MetaRow
from pipeline.forms.excel.metadata import Meta, meta_cells
from pipeline.forms.excel.package import Grids, Package

_ROW = re.compile(rb'<row r="([1-9][0-9]{0,6})"(?: [A-Za-z]+="[^"<>&]*")*>')
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})" t="inlineStr"><is>'
    rb'<t(?: xml:space="preserve")?>([^<\x00-\x1f]*)</t></is></c>'
)
_ENTITY = re.compile(rb"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}
_START, _END = b"<sheetData>", b"</sheetData>"
_WIDTH = len(META_HEADER)


class _NotPlain(PraxisError):
    """The sheet is not as the writer makes it: read it the thorough way (never leaves this
    module: ``parse_meta_xml`` answers None)."""


@dataclass(frozen=True, eq=False)
class _Mapping:
    """The mapping rows of one distinct mapping part, and the row number it starts at."""

    first_row: int
    rows: tuple[MetaRow, ...]
    index: dict[tuple[str, str, str], MetaRow]
    """The first row for each (key, kind, option), as ``Meta.find`` looks rows up."""


def read_meta(package: Package, grids: Grids) -> Meta:
    """The metadata sheet of a form: from its XML when plain, else as the workbook reader
    gives it (an empty :class:`Meta` when the form has none)."""
    xml = package.sheet_xml(META_SHEET) if META_SHEET in grids else None
    meta = parse_meta_xml(xml) if xml is not None else None
    return meta if meta is not None else Meta.parse(grids.get(META_SHEET))


def parse_meta_xml(xml: bytes) -> Meta | None:
    """The :class:`Meta` of the metadata sheet's XML ``xml``, or None when it is not plain."""
    try:
        return _parse(xml)
    except _NotPlain:
        return None


def _parse(xml: bytes) -> Meta:
    start, end = _sheet_data(xml)
    meta, pos, last = Meta(), start, 0
    while pos < end:
        number, cells, pos = _row(xml, pos, last)
        last = number
        cells += [""] * (_WIDTH - len(cells))
        if tuple(cells[:_WIDTH]) == META_HEADER:
            mapping = _mapping(xml[pos:end])
            if mapping.rows and mapping.first_row <= last:
                raise _NotPlain
            meta.rows, meta.mapping_id = list(mapping.rows), mapping
            meta.share_index(mapping.index)
            return meta
        if cells[0]:
            meta.values[cells[0]] = cells[1]
    return meta


def _sheet_data(xml: bytes) -> tuple[int, int]:
    """Where the rows are: from after the one ``<sheetData>`` to its end tag. Only the markup
    around the rows is searched for declarations, comments and a second ``<sheetData``: the
    rows themselves are read by patterns that let no other markup through."""
    if not xml.startswith((b"<worksheet ", b'<?xml version="1.0" encoding="UTF-8"?>')):
        raise _NotPlain
    start, end = xml.find(_START), xml.rfind(_END)
    if start < 0 or end < start or not xml.rstrip().endswith(b"</worksheet>"):
        raise _NotPlain
    head, tail = xml[1:start], xml[end:]
    for part in (head, tail):
        if b"<!" in part or b"<?" in part or b"<sheetData" in part:
            raise _NotPlain
    return start + len(_START), end


def _row(xml: bytes, pos: int, last: int) -> tuple[int, list[str], int]:
    """The row at ``pos``: its number, its texts by column (``""`` between), where it ends."""
    found = _ROW.match(xml, pos)
    if found is None:
        raise _NotPlain
    number, pos = int(found[1]), found.end()
    if number <= last:
        raise _NotPlain
    cells: list[str] = []
    while not xml.startswith(b"</row>", pos):
        cell = _CELL.match(xml, pos)
        if cell is None or int(cell[2]) != number:
            raise _NotPlain
        col = _column(cell[1])
        if col <= len(cells):
            raise _NotPlain
        cells += [""] * (col - 1 - len(cells))
        cells.append(_text(cell[3]))
        pos = cell.end()
    return number, meta_cells(cells), pos + len(b"</row>")


@lru_cache(maxsize=32)
def _mapping(xml: bytes) -> _Mapping:
    """The mapping rows of the rows ``xml`` that follow the header row (as ``Meta.parse``
    reads them: every row with a key, other header rows skipped). Raises _NotPlain."""
    rows: list[MetaRow] = []
    pos, last, first = 0, 0, 0
    while pos < len(xml):
        number, cells, pos = _row(xml, pos, last)
        first, last = first or number, number
        cells += [""] * (_WIDTH - len(cells))
        if tuple(cells[:_WIDTH]) != META_HEADER and cells[0]:
            rows.append(MetaRow(*cells[:_WIDTH]))
    index: dict[tuple[str, str, str], MetaRow] = {}
    for row in rows:
        index.setdefault(row.entry, row)
    return _Mapping(first, tuple(rows), index)


@lru_cache(maxsize=256)
def _column(letters: bytes) -> int:
    col = 0
    for letter in letters:
        col = col * 26 + letter - 64
    return col


def _text(raw: bytes) -> str:
    """The text of a ``<t>`` element: UTF-8 with XML's own entities and character references."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotPlain from None
    if "&" not in text:
        return text
    if raw.count(b"&") != len(_ENTITY.findall(raw)):
        raise _NotPlain
    return _ENTITY.sub(_entity, raw).decode("utf-8")


def _entity(found: re.Match[bytes]) -> bytes:
    name, decimal, hexadecimal = found.groups()
    if name:
        return _NAMED[name].encode("utf-8")
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code > 0x10FFFF:
        raise _NotPlain
    return chr(code).encode("utf-8")
