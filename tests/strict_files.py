"""Turn a filled Transitional .docx/.xlsx into "Strict Open XML", as Word and Excel save it.

Word's and Excel's "Strict Open XML Document/Spreadsheet" keeps the part names and content
types ([Content_Types].xml is the same), the packaging namespaces (content types, package
relationships, core properties) and the ``core-properties`` relationship type; it moves the
markup namespaces and the Office relationship types under ``http://purl.oclc.org/ooxml/``
(ECMA-376 Part 1, Strict) and marks the main part with ``conformance="strict"``. Excel
also writes a date cell as an ISO 8601 date (``t="d"``, ECMA-376 Part 1, 18.17.4) where
Transitional has a serial number under a date format.

The pairs are written out here on their own (not taken from :mod:`pipeline.forms.strict`),
so that a wrong pair in the reader's table is caught by the tests.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

OPENXML = "http://schemas.openxmlformats.org/"
STRICT = "http://purl.oclc.org/ooxml/"

PAIRS = (
    ("wordprocessingml/2006/main", "wordprocessingml/main"),
    ("spreadsheetml/2006/main", "spreadsheetml/main"),
    ("officeDocument/2006/relationships", "officeDocument/relationships"),
    ("officeDocument/2006/custom-properties", "officeDocument/customProperties"),
    ("officeDocument/2006/extended-properties", "officeDocument/extendedProperties"),
    ("officeDocument/2006/docPropsVTypes", "officeDocument/docPropsVTypes"),
    ("officeDocument/2006/math", "officeDocument/math"),
    ("drawingml/2006/main", "drawingml/main"),
    ("drawingml/2006/picture", "drawingml/picture"),
    ("drawingml/2006/wordprocessingDrawing", "drawingml/wordprocessingDrawing"),
    ("drawingml/2006/spreadsheetDrawing", "drawingml/spreadsheetDrawing"),
)
"""(Transitional, Strict) namespace, each after its base URI."""

RELATIONSHIP_NAMES = (
    ("custom-properties", "customProperties"),
    ("extended-properties", "extendedProperties"),
)


def strict_xml(data: bytes) -> bytes:
    """One XML part in Strict: every Transitional namespace (and so every Office relationship
    type, which starts with the relationships namespace) renamed."""
    text = data.decode("utf-8")
    for transitional, strict in PAIRS:
        # a namespace ends at the closing quote or, in a relationship type, at a slash
        text = re.sub(re.escape(OPENXML + transitional) + r'(?=["/])', STRICT + strict, text)
    for transitional, strict in RELATIONSHIP_NAMES:
        rel = STRICT + "officeDocument/relationships/"
        text = text.replace(f'"{rel}{transitional}"', f'"{rel}{strict}"')
    return text.encode("utf-8")


def _conformance(name: str, data: bytes) -> bytes:
    """The main part marked as Strict, as Word and Excel mark it."""
    if name == "word/document.xml":
        return re.sub(rb"<w:document\b", b'<w:document w:conformance="strict"', data, count=1)
    if name == "xl/workbook.xml":
        return re.sub(
            rb"<((?:\w+:)?)workbook\b", rb'<\1workbook conformance="strict"', data, count=1
        )
    return data


_DATE_FORMAT_IDS = frozenset(range(14, 23)) | {45, 46, 47}
"""The built-in number formats that show a date or time (ECMA-376 Part 1, 18.8.30)."""


def _date_styles(styles: str) -> set[str]:
    """The cell style indexes (``s``) whose number format shows a date."""
    custom = {
        found.group(1)
        for found in re.finditer(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles)
        if re.search("[dmy]", re.sub(r'"[^"]*"|\\.', "", found.group(2)), re.IGNORECASE)
    }
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.DOTALL)
    formats = re.findall(r'<xf numFmtId="(\d+)"', xfs.group(1) if xfs else "")
    return {
        str(index)
        for index, fmt in enumerate(formats)
        if fmt in custom or int(fmt) in _DATE_FORMAT_IDS
    }


def _iso(serial: str) -> str:
    when = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(serial))
    return when.replace(microsecond=0).isoformat()


def iso_dates(sheet: str, date_styles: set[str]) -> str:
    """A sheet's date cells (a number under a date style) as ISO 8601 dates, as Excel Strict
    writes them."""

    def iso(found: re.Match[str]) -> str:
        if found.group(2) not in date_styles:
            return found.group(0)
        return (
            f'<c r="{found.group(1)}" s="{found.group(2)}" t="d"><v>{_iso(found.group(3))}</v></c>'
        )

    pattern = r'<c r="([A-Z]+\d+)" s="(\d+)"(?: t="n")?><v>([0-9.]+)</v></c>'
    return re.sub(pattern, iso, sheet)


def make_strict(source: Path, target: Path) -> Path:
    """``source`` (a Transitional .docx or .xlsx) saved as Strict Open XML at ``target``."""
    with zipfile.ZipFile(source) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
        names = zf.namelist()
        styles = zf.read("xl/styles.xml").decode("utf-8") if "xl/styles.xml" in names else ""
    dates = _date_styles(styles)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                data = iso_dates(data.decode("utf-8"), dates).encode("utf-8")
            if name.endswith((".xml", ".rels")) and name != "[Content_Types].xml":
                data = _conformance(name, strict_xml(data))
            out.writestr(info, data)
    return target
