"""The zip package of an Excel form, read once from its bytes: size limits, sheet values,
formula cells, error values and custom properties, all with a safe XML parser."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException

from pipeline.errors import FormError
from pipeline.forms.strict import parse_part
from pipeline.locale.library import library_detail
from pipeline.locale.texts import t

MAX_PART_BYTES = 50 * 1024 * 1024
"""A zip part larger than this when unpacked is not read (a zip bomb or not a form)."""

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


# --- the zip package: size limits, formulas, error values, custom properties ---------------


@dataclass
class Package:
    """What the reader needs from the raw parts: custom properties and odd cells per sheet."""

    properties: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    unscanned: dict[str, str] = field(default_factory=dict, repr=False)
    parts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """{sheet name: its zip part}, for every sheet whose part is in the package (none when
    the workbook names a sheet twice or its relationships an id twice)."""
    archive: zipfile.ZipFile | None = field(default=None, repr=False, compare=False)

    def odd(self, sheet: str) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        """The formula cells and error values of ``sheet``, scanned now if not done yet."""
        part = self.unscanned.pop(sheet, None)
        if part is not None and self.archive is not None:
            self.formulas[sheet], self.errors[sheet] = _scan(self.archive, part)
        return self.formulas.get(sheet, set()), self.errors.get(sheet, {})

    def sheet_xml(self, sheet: str) -> bytes | None:
        """The XML of ``sheet`` as stored (None: no such sheet, archive closed, unreadable, or
        a part name other than ``xl/worksheets/NAME.xml``)."""
        part = self.parts.get(sheet, "")
        if self.archive is None or _PLAIN_SHEET_PART.fullmatch(part) is None:
            return None
        try:
            return self.archive.read(part)
        except Exception:  # a damaged part: the workbook reader reports it as before
            return None


_PLAIN_SHEET_PART = re.compile(r"xl/worksheets/[A-Za-z0-9_.-]+\.xml")


READ_ERRORS = (zipfile.BadZipFile, OSError, etree.XMLSyntaxError, KeyError, ValueError)


def file_name(source: str | Path) -> str:
    """The name a message gives the file ``source`` (a path or a name; '' when unknown)."""
    return Path(source).name if str(source) else ""


def unreadable(source: str | Path, exc: BaseException, lang: str) -> FormError:
    """The error for a file that is no readable .xlsx workbook."""
    detail = library_detail(exc, lang)
    return FormError(t("excel.unreadable", lang, file=file_name(source), detail=detail))


def read_package(
    data: bytes, lang: str = "en", lazy: bool = False, source: str | Path = ""
) -> Package:
    """Custom properties, formula cells and error cells of the workbook ``data``.

    With ``lazy`` a sheet is only scanned for formulas and error values when first asked for
    (``Package.odd``); ``source`` names the file in messages.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_sizes(source, archive, lang)
        return _package(archive, lazy=lazy)
    except FormError:
        raise
    except READ_ERRORS as exc:
        raise unreadable(source, exc, lang) from exc


def _check_sizes(source: str | Path, archive: zipfile.ZipFile, lang: str) -> None:
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            size = f"{info.file_size / 1e6:.0f}"
            raise FormError(
                t(
                    "excel.too_large",
                    lang,
                    file=file_name(source),
                    part=info.filename,
                    size=size,
                    limit=f"{MAX_PART_BYTES / 1e6:g}",
                )
            )


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return parse_part(archive.read(name), _PARSER)


def _package(archive: zipfile.ZipFile, lazy: bool = False) -> Package:
    package = Package(archive=archive)
    names = set(archive.namelist())
    if "docProps/custom.xml" in names:
        package.properties = _custom_properties(_xml(archive, "docProps/custom.xml"))
    listed = list(_sheet_parts(archive))
    for sheet, part in listed:
        if part in names:
            package.unscanned[sheet] = package.parts[sheet] = part
    if len({sheet for sheet, _ in listed}) < len(listed) or _twice(archive):
        package.parts = {}  # two sheets of one name, or two targets of one id: not guessed
    if not lazy:  # scan every sheet now: the archive is closed afterwards
        for sheet in list(package.unscanned):
            package.odd(sheet)
        package.archive = None
    return package


def _scan(archive: zipfile.ZipFile, part: str) -> tuple[set[tuple[int, int]], dict]:
    """The formula cells and error values of one sheet part (parsed only when it may have any)."""
    data = archive.read(part)
    if _may_be_odd(data):
        return _odd_cells(parse_part(data, _PARSER))
    return set(), {}


_F_NAME_END = re.compile(rb"f[\s/>]")
"""The end of an element name ``f`` (and of words like "auf " in texts, told apart below)."""


def _may_be_odd(data: bytes) -> bool:
    """Whether a sheet's XML may hold a formula (<f>, <x:f>) or an error value (t="e").

    Cheap byte searches with false alarms but no misses, so that only such sheets are parsed.
    Declarations (<!DOCTYPE ...>) count too, so that they are rejected as before. (One
    search each: a pattern of the alternatives took longer than all of them together.)
    """
    if b'"e"' in data or _after(data, b"'", b"'e'") or _after(data, b"!", b"<!", back=1):
        return True
    for found in _F_NAME_END.finditer(data):
        at = found.start()
        if data[at - 1 : at] in (b"<", b":"):  # <f> or <x:f> (or an attribute x:f=...)
            return True
    return False


def _after(data: bytes, byte: bytes, text: bytes, back: int = 0) -> bool:
    """Whether ``text`` is in ``data``, looked for where the rare ``byte`` is (``back``: its
    place in ``text``): a single byte is found many times faster than a few."""
    at = data.find(byte)
    while at >= 0:
        if at >= back and data.startswith(text, at - back):
            return True
        at = data.find(byte, at + 1)
    return False


_FORMULA_CELLS = etree.XPath("m:sheetData/m:row/m:c[m:f]", namespaces=_NS)
_ERROR_CELLS = etree.XPath("m:sheetData/m:row/m:c[@t='e']", namespaces=_NS)


def _custom_properties(root: etree._Element) -> dict[str, str]:
    props = {}
    for prop in root.findall("cp:property", _NS):
        value = next(iter(prop), None)
        if value is not None and prop.get("name"):
            props[prop.get("name")] = (value.text or "").strip()
    return props


def _sheet_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(sheet name, zip part) for every sheet of the workbook."""
    rels = archive.read("xl/_rels/workbook.xml.rels")
    try:
        workbook = archive.read("xl/workbook.xml")
    except READ_ERRORS:
        parse_part(rels, _PARSER)  # a broken relationships part is reported first, as ever
        raise
    return iter(_parts_of(rels, workbook))


def _twice(archive: zipfile.ZipFile) -> bool:
    """Whether the workbook's relationships give one id twice (``_parts_of`` takes the last)."""
    return _ids_twice(archive.read("xl/_rels/workbook.xml.rels"))


@lru_cache(maxsize=32)
def _ids_twice(rels_xml: bytes) -> bool:
    rels = parse_part(rels_xml, _PARSER).findall("rel:Relationship", _NS)
    return len({r.get("Id") for r in rels}) < len(rels)


@lru_cache(maxsize=32)
def _parts_of(rels_xml: bytes, workbook_xml: bytes) -> tuple[tuple[str, str], ...]:
    """``_sheet_parts`` from the two parts' bytes: the same in every form of a round, so
    parsed once for them."""
    rels = parse_part(rels_xml, _PARSER)
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    workbook = parse_part(workbook_xml, _PARSER)
    parts = []
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        parts.append((sheet.get("name", ""), target_part("xl/_rels/workbook.xml.rels", target)))
    return tuple(parts)


def target_part(rels: str, target: str) -> str:
    """The zip part a relationship of the part ``rels`` (``xl/_rels/workbook.xml.rels``)
    points to: an absolute ``Target`` from the package root, a relative one from the folder
    of the part the relationships belong to (``xl/``)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    folder = posixpath.dirname(posixpath.dirname(rels))
    return posixpath.normpath(posixpath.join(folder, target))


_ABSOLUTE_TARGET = re.compile(rb'(\sTarget=")/([^"]*)"')


def relative_targets(part: str, data: bytes) -> bytes:
    """A relationships part (``*.rels``) with every absolute ``Target`` made relative to the
    folder of the part it belongs to, as Excel writes them (Calligra Sheets opens no other);
    any other part as it is. External targets (links) never start with ``/`` in a form."""
    if not part.endswith(".rels"):
        return data
    folder = posixpath.dirname(posixpath.dirname(part)) or "."

    def relative(found: re.Match[bytes]) -> bytes:
        target = posixpath.relpath(found.group(2).decode("utf-8"), folder)
        return found.group(1) + target.encode("utf-8") + b'"'

    return _ABSOLUTE_TARGET.sub(relative, data)


def _odd_cells(root: etree._Element) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
    formulas: set[tuple[int, int]] = set()
    errors: dict[tuple[int, int], str] = {}
    for cell in _FORMULA_CELLS(root):
        position = cell_position(cell.get("r", ""))
        if position is not None:
            formulas.add(position)
    for cell in _ERROR_CELLS(root):
        position = cell_position(cell.get("r", ""))
        if position is not None:
            errors[position] = cell.findtext("m:v", "#ERROR", _NS)
    return formulas, errors


@lru_cache(maxsize=4096)
def cell_position(ref: str) -> tuple[int, int] | None:
    """``D14`` -> (14, 4)."""
    try:
        letters, row = coordinate_from_string(ref)
    except (ValueError, CellCoordinatesException):  # a damaged reference is no position
        return None
    return row, column_index_from_string(letters)


class Grids(Mapping[str, list[list[Any]]]):
    """Every sheet's values from A1 on (python-calamine; cached values of formulas), by sheet
    name; a sheet is read when first asked for, so sheets the reader never needs (the hidden
    list sheet) cost nothing. A sheet that cannot be read raises the "unreadable" error then.
    """

    def __init__(self, data: bytes, lang: str = "en", source: str | Path = ""):
        from python_calamine import CalamineWorkbook

        self._lang, self._source = lang, source
        try:
            self._workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            self._names = list(self._workbook.sheet_names)
        except Exception as exc:  # calamine raises its own and plain errors for broken files
            raise unreadable(source, exc, lang) from exc
        self._read: dict[str, list[list[Any]]] = {}

    def __getitem__(self, name: str) -> list[list[Any]]:
        grid = self._read.get(name)
        if grid is None:
            if name not in self._names:
                raise KeyError(name)
            try:
                sheet = self._workbook.get_sheet_by_name(name)
                grid = self._read[name] = sheet.to_python(skip_empty_area=False)
            except Exception as exc:  # as above
                raise unreadable(self._source, exc, self._lang) from exc
        return grid

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def close(self) -> None:
        """Free the workbook (sheets read so far stay readable)."""
        self._workbook.close()
