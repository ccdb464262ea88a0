"""Strict Open XML read as Transitional: one table of namespace pairs for both readers.

Word and Excel can save "Strict Open XML" (ISO/IEC 29500 Strict, ECMA-376 Part 1): the same
part names and content types, but the markup namespaces lie under
``http://purl.oclc.org/ooxml/...`` and so do the relationship types. The packaging namespaces
(content types, package relationships, core properties) are the same in both. A part parsed
with :func:`parse_part` reads as the Transitional markup the readers know: every element
and attribute of a Strict namespace is renamed to its Transitional twin, and Strict
relationship types in attribute values are rewritten. Transitional parts are left as they are
(one byte search decides, so reading them costs nothing extra).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

_STRICT = "http://purl.oclc.org/ooxml/"
_OPENXML = "http://schemas.openxmlformats.org/"

NAMESPACES: dict[str, str] = {
    _STRICT + "wordprocessingml/main": _OPENXML + "wordprocessingml/2006/main",
    _STRICT + "spreadsheetml/main": _OPENXML + "spreadsheetml/2006/main",
    _STRICT + "presentationml/main": _OPENXML + "presentationml/2006/main",
    _STRICT + "officeDocument/relationships": _OPENXML + "officeDocument/2006/relationships",
    _STRICT + "officeDocument/customProperties": _OPENXML + "officeDocument/2006/custom-properties",
    _STRICT + "officeDocument/extendedProperties": (
        _OPENXML + "officeDocument/2006/extended-properties"
    ),
    _STRICT + "officeDocument/docPropsVTypes": _OPENXML + "officeDocument/2006/docPropsVTypes",
    _STRICT + "officeDocument/math": _OPENXML + "officeDocument/2006/math",
    _STRICT + "officeDocument/sharedTypes": _OPENXML + "officeDocument/2006/sharedTypes",
    _STRICT + "officeDocument/bibliography": _OPENXML + "officeDocument/2006/bibliography",
    _STRICT + "officeDocument/characteristics": _OPENXML + "officeDocument/2006/characteristics",
    _STRICT + "officeDocument/customXml": _OPENXML + "officeDocument/2006/customXml",
    _STRICT + "schemaLibrary/main": _OPENXML + "schemaLibrary/2006/main",
    _STRICT + "drawingml/main": _OPENXML + "drawingml/2006/main",
    _STRICT + "drawingml/chart": _OPENXML + "drawingml/2006/chart",
    _STRICT + "drawingml/chartDrawing": _OPENXML + "drawingml/2006/chartDrawing",
    _STRICT + "drawingml/diagram": _OPENXML + "drawingml/2006/diagram",
    _STRICT + "drawingml/lockedCanvas": _OPENXML + "drawingml/2006/lockedCanvas",
    _STRICT + "drawingml/picture": _OPENXML + "drawingml/2006/picture",
    _STRICT + "drawingml/spreadsheetDrawing": _OPENXML + "drawingml/2006/spreadsheetDrawing",
    _STRICT + "drawingml/wordprocessingDrawing": _OPENXML + "drawingml/2006/wordprocessingDrawing",
}
"""Strict namespace -> Transitional namespace (ECMA-376 Part 1 Strict vs. Part 4)."""

STRICT_RELATIONSHIP = _STRICT + "officeDocument/relationships/"
TRANSITIONAL_RELATIONSHIP = _OPENXML + "officeDocument/2006/relationships/"
RELATIONSHIP_NAMES: dict[str, str] = {
    "customProperties": "custom-properties",
    "extendedProperties": "extended-properties",
}
"""The relationship types whose last part is spelled differently in Strict."""

_MARKER = _STRICT.encode()


def is_strict(data: bytes) -> bool:
    """Whether the XML ``data`` uses a Strict namespace or relationship type."""
    return _MARKER in data


def relationship_type(value: str) -> str:
    """The Transitional relationship type of ``value`` (a Transitional one is returned as is)."""
    if not value.startswith(STRICT_RELATIONSHIP):
        return value
    name = value[len(STRICT_RELATIONSHIP) :]
    return TRANSITIONAL_RELATIONSHIP + RELATIONSHIP_NAMES.get(name, name)


def _clark(name: str) -> str:
    """A Clark name (``{ns}local``) with a Strict namespace replaced by the Transitional one."""
    if not name.startswith("{" + _STRICT):
        return name
    ns, _, local = name[1:].partition("}")
    return f"{{{NAMESPACES.get(ns, ns)}}}{local}"


def to_transitional(root: Any) -> Any:
    """``root`` with every Strict element name, attribute name and relationship type renamed
    to the Transitional one, in place (``root`` is returned)."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue  # a comment or processing instruction
        node.tag = _clark(node.tag)
        for key, value in list(node.attrib.items()):
            renamed = _clark(key)
            typed = relationship_type(value)
            if renamed != key:
                del node.attrib[key]
            if renamed != key or typed != value:
                node.set(renamed, typed)
    return root


def parse_part(data: bytes, parser: etree.XMLParser) -> Any:
    """The XML ``data`` parsed with ``parser``, read as Transitional when it is Strict."""
    root = etree.fromstring(data, parser)
    return to_transitional(root) if is_strict(data) else root
