"""Turn a filled Transitional .docx/.xlsx into "Strict Open XML", as Word and Excel save it.

Word's and Excel's "Strict Open XML Document/Spreadsheet" keeps the part names and content
types ([Content_Types].xml is the same), the packaging namespaces (content types, package
relationships, core properties) and the ``core-properties`` relationship type; it moves the
markup namespaces and the Office relationship types under ``http://purl.oclc.org/ooxml/``
(ECMA-376 Part 1, Strict) and marks the main part with ``conformance="strict"``.

The pairs are written out here on their own (not taken from :mod:`pipeline.forms.strict`),
so that a wrong pair in the reader's table is caught by the tests.
"""

from __future__ import annotations

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


def make_strict(source: Path, target: Path) -> Path:
    """``source`` (a Transitional .docx or .xlsx) saved as Strict Open XML at ``target``."""
    with zipfile.ZipFile(source) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename.endswith((".xml", ".rels")) and info.filename != "[Content_Types].xml":
                data = _conformance(info.filename, strict_xml(data))
            out.writestr(info, data)
    return target
