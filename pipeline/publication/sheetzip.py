"""The workbook file put together: what XlsxWriter wrote (each sheet with its header row only)
with every sheet's rendered data rows (:mod:`pipeline.publication.sheetrows`) inserted, zipped
member by member as XlsxWriter zips them (names, times, modes, order), so that the parts are
those XlsxWriter writes when it is given every cell (and, at zlib's default level, the bytes;
at :data:`ZIP_LEVEL` each part is compressed in chunks by two threads instead).

:class:`FormulaScan` checks a sheet's XML for a formula element as it is rendered (the check that
used to read the finished file back), :func:`assert_no_formulas` a finished workbook.
"""

from __future__ import annotations

import itertools
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, AnyStr, BinaryIO

from xlsxwriter.utility import xl_rowcol_to_cell

from pipeline.publication.sheetrows import SheetRows
from pipeline.speed.deflate import HandZip, deflater_pool

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
"""A formula element of a cell in SpreadsheetML (``<f>...</f>``)."""
_FORMULA_TEXT = re.compile(r"<(?:\w+:)?f[\s>/]")
"""The same in XML as text."""
ZIP_LEVEL: int | None = 1
"""The deflate level of the sheets: 1 compresses the big sheets about three times as fast as
zlib's default 6, into files about a fifth larger."""
_SCAN_BLOCK = 1 << 20
_SCAN_OVERLAP = 16
"""Longer than any match of ``_FORMULA``, so a match across two blocks is found."""
_COPY_BLOCK = 1 << 20
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_SHEET_FILE = re.compile(r"xl/worksheets/sheet(\d+)\.xml")


class FormulaScan:
    """Raises ValueError when the XML of a sheet, given block by block (all bytes or all text),
    has a formula element."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._tail: Any = None

    def check(self, data: AnyStr) -> AnyStr:
        window = data if self._tail is None else self._tail + data
        pattern = _FORMULA_TEXT if isinstance(window, str) else _FORMULA
        if pattern.search(window):
            raise ValueError(f"formula in {self.name}")
        self._tail = window[-_SCAN_OVERLAP:]
        return data


def assert_no_formulas(workbook_file: BinaryIO, block: int = _SCAN_BLOCK) -> None:
    """Raise ValueError when any cell of the workbook in ``workbook_file`` is a formula.

    Scans the sheets' XML for formula elements in blocks, instead of loading the workbook
    again (which took longer than writing it) or a whole sheet into memory.
    """
    with zipfile.ZipFile(workbook_file) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        for name in (n for n in sheets if n.endswith(".xml")):
            scan = FormulaScan(name)
            with archive.open(name) as part:
                while data := part.read(block):
                    scan.check(data)


def _temporary() -> IO[str]:
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")


@dataclass
class SheetBody:
    """A sheet's data rows: all but the last in a temporary file, the last one apart (see
    :class:`SheetRows`)."""

    rows: SheetRows
    scan: FormulaScan
    """Checks the rows as they are rendered."""
    file: IO[str] = field(default_factory=_temporary)
    last: str = ""


def _parts(xml: str, body: SheetBody) -> tuple[str, str]:
    """A sheet's XML as XlsxWriter wrote it (the header row only), split where the data rows
    go, its dimension extended to them."""
    if body.rows.last_row:
        end = xl_rowcol_to_cell(body.rows.last_row, len(body.rows.letters) - 1)
        xml = _DIMENSION.sub(f'<dimension ref="A1:{end}"/>', xml, count=1)
    head, close, tail = xml.partition("</sheetData>")
    if not close:
        raise ValueError("a sheet without <sheetData> where rows go")
    return head, close + tail


def _sheet_number(name: str) -> int | None:
    match = _SHEET_FILE.fullmatch(name)
    return int(match.group(1)) if match else None


def assemble(
    skeleton: BinaryIO, bodies: list[SheetBody], handle: BinaryIO, level: int | None = None
) -> None:
    """Write into ``handle`` the workbook in ``skeleton`` with the n-th body's rows in its n-th
    sheet (see the module doc); ``level``: the deflate level (None: zlib's default, as
    XlsxWriter, by :mod:`zipfile`; else each part compressed in chunks by two threads, see
    :meth:`pipeline.speed.deflate.HandZip.add_stream`: the same parts, zipped about twice as
    fast on two cores)."""
    if level is None or not handle.seekable():
        _assemble_by_zipfile(skeleton, bodies, handle, level)
        return
    with zipfile.ZipFile(skeleton) as source, deflater_pool() as pool:
        out = HandZip(handle, pool)
        for info, blocks in _members(source, bodies):
            out.add_stream(info.filename, blocks, level, info.date_time, info.external_attr)
        out.close()


def _members(
    source: zipfile.ZipFile, bodies: list[SheetBody]
) -> Iterator[tuple[zipfile.ZipInfo, Iterable[bytes]]]:
    """(entry, its bytes block by block) of the skeleton, each sheet with its body's rows."""
    for info in source.infolist():
        data = source.read(info)
        number = _sheet_number(info.filename)
        if number is None or number > len(bodies) or not bodies[number - 1].rows.last_row:
            yield info, (data,)
            continue
        body = bodies[number - 1]
        head, tail = _parts(data.decode("utf-8"), body)
        blocks = (head.encode("utf-8"),), _body_blocks(body), (tail.encode("utf-8"),)
        yield info, itertools.chain(*blocks)  # read as it is zipped, never whole


def _body_blocks(body: SheetBody) -> Iterator[bytes]:
    """The rows of ``body`` as UTF-8, its temporary file read as bytes (it holds UTF-8)."""
    body.file.flush()
    raw = body.file.buffer  # type: ignore[attr-defined]
    raw.seek(0)
    while block := raw.read(_COPY_BLOCK):
        yield block
    yield body.last.encode("utf-8")


def _assemble_by_zipfile(
    skeleton: BinaryIO, bodies: list[SheetBody], handle: BinaryIO, level: int | None
) -> None:
    with (
        zipfile.ZipFile(skeleton) as source,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for info, blocks in _members(source, bodies):
            zinfo = zipfile.ZipInfo(info.filename, info.date_time)
            zinfo.compress_type = zipfile.ZIP_DEFLATED
            zinfo.external_attr = info.external_attr
            _set_level(zinfo, level)
            with target.open(zinfo, "w") as out:
                for block in blocks:
                    out.write(block)


def _set_level(zinfo: zipfile.ZipInfo, level: int | None) -> None:
    """The deflate level of one member: ``compress_level`` where Python has it (3.13+), the
    private ``_compresslevel`` that ``zipfile`` reads before."""
    if "compress_level" in dir(zipfile.ZipInfo):
        zinfo.compress_level = level  # type: ignore[attr-defined]
    else:
        zinfo._compresslevel = level  # type: ignore[attr-defined]
