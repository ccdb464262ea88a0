"""Where a returned Word form has its controls: by tag and alias, the text and control
inside every bookmark, and the table rows by the question number in their first cell.

Bookmarks and numbered rows are only indexed when a lookup needs them (a file saved by
LibreOffice 7.4 has lost its tags; a person may have deleted a control).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree

from pipeline.forms.word.xml import (
    NSMAP,
    W_BODY,
    W_P,
    W_SDT,
    W_TBL,
    W_TC,
    W_TR,
    W_VAL,
    node_text,
    run_items,
    w,
)

W_BOOKMARK_START = w("bookmarkStart")
W_BOOKMARK_END = w("bookmarkEnd")
W_NAME = w("name")
W_TAG = w("tag")
W_ID = w("id")


@dataclass
class Mark:
    """What lies inside one bookmark: its text and the content control it belongs to."""

    parts: list[str] = field(default_factory=list)
    sdt: Any = None

    @property
    def text(self) -> str:
        return "".join(self.parts).strip("\n")


def _ancestor_sdt(node: Any) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != W_SDT:
        if parent.tag in (W_P, W_TC):
            return None
        parent = parent.getparent()
    return parent


class _Walker:
    """One pass over the body collecting the text and control inside every bookmark.

    The text reads as :func:`pipeline.forms.word.xml.node_text` reads it (one table of
    run-level elements, :data:`pipeline.forms.word.xml.RUN_TEXT`); a paragraph is a line.
    """

    def __init__(self) -> None:
        self.marks: dict[str, Mark] = {}
        self.active: dict[str, Mark] = {}

    def walk(self, root: Any) -> dict[str, Mark]:
        for node, piece in run_items(root, W_BOOKMARK_START, W_BOOKMARK_END, W_SDT, W_P):
            if piece is None:
                self.visit(node)
            elif self.active:
                self.add(piece)
        return self.marks

    def visit(self, node: Any) -> None:
        tag = node.tag
        if tag == W_BOOKMARK_START:
            mark = Mark(sdt=_ancestor_sdt(node))
            self.marks.setdefault(node.get(W_NAME, ""), mark)
            self.active[node.get(W_ID, "")] = mark
        elif tag == W_BOOKMARK_END:
            self.active.pop(node.get(W_ID, ""), None)
        elif tag == W_SDT:
            for mark in self.active.values():
                if mark.sdt is None:
                    mark.sdt = node
        elif self.active:  # a paragraph
            self.add("\n")

    def add(self, piece: str) -> None:
        for mark in self.active.values():
            mark.parts.append(piece)


# the first w:tag / w:alias of every control's properties, in document order
_FIRST_TAGS = etree.XPath("//w:sdtPr/w:tag[1]", namespaces=NSMAP)
_FIRST_ALIASES = etree.XPath("//w:sdtPr/w:alias[1]", namespaces=NSMAP)


class Index:
    """Controls by tag and alias; bookmarks and numbered table rows only when asked for."""

    def __init__(self, root: Any):
        self.root = root
        self.by_tag: dict[str, Any] = {}
        self.by_alias: dict[str, Any] = {}
        for find, target in ((_FIRST_TAGS, self.by_tag), (_FIRST_ALIASES, self.by_alias)):
            for node in find(root):
                target.setdefault(node.get(W_VAL, ""), node.getparent().getparent())

    @cached_property
    def marks(self) -> dict[str, Mark]:
        return _Walker().walk(self.root)

    @cached_property
    def rows(self) -> dict[str, Any]:
        return _numbered_rows(self.root)

    @cached_property
    def tables(self) -> dict[Any, int]:
        """Every table of the document (nested ones too) by its number in document order."""
        return {table: n for n, table in enumerate(self.root.iter(W_TBL), start=1)}

    def place(self, node: Any) -> str:
        """``table 7, row 3, column 2``: where ``node`` sits, as a person counts tables."""
        found: dict[str, Any] = {}
        parent = node
        while parent is not None and W_TBL not in found:
            if parent.tag in (W_TC, W_TR, W_TBL):
                found.setdefault(parent.tag, parent)
            parent = parent.getparent()
        table, row, cell = found.get(W_TBL), found.get(W_TR), found.get(W_TC)
        if table is None or row is None or cell is None:
            return ""
        rows = list(table.iterchildren(W_TR))
        cells = list(row.iterchildren(W_TC))
        number = self.tables.get(table, 0)
        return f"table {number}, row {rows.index(row) + 1}, column {cells.index(cell) + 1}"


def _numbered_rows(root: Any) -> dict[str, Any]:
    """``{question number: table row}`` of the top-level tables."""
    body = root.find(W_BODY)
    rows: dict[str, Any] = {}
    for table in body.iterchildren(W_TBL) if body is not None else ():
        for row in table.iterchildren(W_TR):
            cells = row.findall(W_TC)
            if cells:
                rows.setdefault(node_text(cells[0]).strip(), row)
    return rows
