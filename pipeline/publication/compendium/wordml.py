"""Low-level WordprocessingML for the compendium's body.

The body is built with lxml directly, in the shapes python-docx would give it (same elements,
attributes and order), because python-docx's proxies search the whole body on every insert.
The namespace and the element builder are the Word form's (:mod:`pipeline.forms.word.xml`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docx.shared import Mm, Pt
from lxml import etree

from pipeline.forms.word.xml import W_P, W_T, W_TC, W_TR, el, val, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_R, W_W = w("r"), w("w")
LINK = "0563C1"
CELL_MARGINS = (("top", 40), ("left", 85), ("bottom", 40), ("right", 85))

_RUN_PARTS = re.compile(r"([\t\r\n])")


def clone(node: Any) -> Any:
    """A deep copy of the element ``node`` (lxml's ``__copy__`` copies the whole subtree, as
    ``copy.deepcopy`` does, without its dispatch: a third of the time on the hot paths)."""
    return node.__copy__()


def sub(parent: Any, name: str, attrs: Mapping[str, str] | None = None) -> Any:
    """A new ``w:`` child of ``parent`` with ``w:`` attributes, in the order given."""
    node = etree.SubElement(parent, w(name))
    for key, value in (attrs or {}).items():
        node.set(w(key), value)
    return node


def twips(emu: int) -> int:
    """EMU as python-docx writes them into ``w:w`` and spacing attributes."""
    return round(emu / 635)


def _text(text: str) -> Any:
    node = el("t")
    node.text = text
    node.set(XML_SPACE, "preserve")
    return node


def run(text: str, *props: Any) -> Any:
    """A ``w:r`` with ``props`` as its ``w:rPr`` and ``text`` kept as it is."""
    node = el("r")
    if props:
        node.append(el("rPr", {}, *props))
    node.append(_text(text))
    return node


def _add_text(node: Any, text: str) -> None:
    """``text`` into run ``node`` like python-docx: tabs and line breaks become elements."""
    for part in _RUN_PARTS.split(text):
        if part == "\t":
            sub(node, "tab")
        elif part in ("\r", "\n"):
            sub(node, "br")
        elif part:
            child = etree.SubElement(node, W_T)
            child.text = part
            if len(part.strip()) < len(part):
                child.set(XML_SPACE, "preserve")


def add_run(
    parent: Any,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    colour: str = "",
    lang: str = "",
    size: float = 0,
) -> Any:
    """A ``w:r`` as python-docx's ``add_run`` makes it, with bold, italic, colour and
    ``size`` (points), and ``lang`` (a language tag: ``w:lang``) for a text in another
    language than the document."""
    node = etree.SubElement(parent, W_R)
    if bold or italic or colour or lang or size:
        rpr = sub(node, "rPr")
        if bold:
            sub(rpr, "b")
        if italic:
            sub(rpr, "i")
        if colour:
            sub(rpr, "color", {"val": colour})
        if size:
            half = str(round(size * 2))
            sub(rpr, "sz", {"val": half})
            sub(rpr, "szCs", {"val": half})
        if lang:
            sub(rpr, "lang", {"val": lang})
    if text:
        _add_text(node, text)
    return node


def add_paragraph(parent: Any, text: str = "", *props: Any, ppr: bool = False) -> Any:
    """A ``w:p`` with ``text`` as one run; a ``w:pPr`` with copies of ``props`` (given in
    schema order) when there are props or ``ppr`` is true."""
    paragraph = etree.SubElement(parent, W_P)
    if props or ppr:
        node = sub(paragraph, "pPr")
        for prop in props:
            if len(prop):
                node.append(clone(prop))
            else:  # an empty property: made in place, quicker than a copy
                etree.SubElement(node, prop.tag, prop.attrib)
    if text:
        add_run(paragraph, text)
    return paragraph


def spacing(**points: float) -> Any:
    """``w:spacing`` with the given ``before``/``after`` in points."""
    return el("spacing", {k: str(twips(Pt(v))) for k, v in points.items()})


PAGE_BREAK = el("pageBreakBefore")
KEEP_NEXT = el("keepNext")
KEEP_LINES = el("keepLines")
CENTER = val("jc", "center")
RIGHT = val("jc", "right")
GAP = spacing(after=2)
CELL_SPACING = el("spacing", {"before": "20", "after": "20", "line": "240", "lineRule": "auto"})
"""A table cell's paragraph: 1 pt above and below, single line spacing (tables are dense)."""
QUESTION_LINE = (
    el("tabs", {}, el("tab", {"pos": str(twips(Mm(12))), "val": "left"})),
    spacing(after=2),
    el("ind", {"left": str(twips(Mm(12))), "hanging": str(twips(Mm(12)))}),
)


def _props(props: Callable[[], list[Any]] | None) -> list[Any]:
    made = props() if props else []
    return [el("rPr", {}, *made)] if made else []


def field_char(kind: str, props: Callable[[], list[Any]] | None = None) -> Any:
    return el("r", {}, *_props(props), el("fldChar", {"fldCharType": kind}))


def instruction(text: str) -> Any:
    node = el("instrText")
    node.text = text
    node.set(XML_SPACE, "preserve")
    return el("r", {}, node)


def field(instr: str, cached: str, props: Callable[[], list[Any]] | None = None) -> list[Any]:
    """A complex field with its cached result: begin, instruction, separate, result, end."""
    result = [run(cached, *(props() if props else []))] if cached else []
    return [
        field_char("begin", props),
        instruction(instr),
        field_char("separate", props),
        *result,
        field_char("end", props),
    ]


def link_props(size: float = 0) -> list[Any]:
    """A link's run properties: blue, underlined, ``size`` points (0: the paragraph's)."""
    half = [val("sz", round(size * 2)), val("szCs", round(size * 2))] if size else []
    return [val("color", LINK), *half, val("u", "single")]


def _borders(kind: str, colour: str) -> Any:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    attrs = {"val": "single", "sz": "4", "space": "0", "color": colour}
    if kind == "none":
        attrs = {"val": "nil"}
    return el("tblBorders", {}, *(el(side, attrs) for side in sides))


_TBL_LOOK = {
    "firstColumn": "1",
    "firstRow": "1",
    "lastColumn": "0",
    "lastRow": "0",
    "noHBand": "0",
    "noVBand": "1",
    "val": "04A0",
}


def table_props(borders: str, colour: str) -> Any:
    """``w:tblPr`` of a new python-docx table, left-aligned, fixed layout, with borders."""
    margins = el("tblCellMar", {}, *(el(s, {"w": str(n), "type": "dxa"}) for s, n in CELL_MARGINS))
    return el(
        "tblPr",
        {},
        el("tblW", {"type": "auto", "w": "0"}),
        val("jc", "left"),
        el("tblLayout", {"type": "fixed"}),
        _borders(borders, colour),
        margins,
        el("tblLook", _TBL_LOOK),
    )


def add_table(parent: Any, widths: Sequence[int], props: Any) -> Any:
    """A table with fixed column widths (EMU) and ``props`` (see :func:`table_props`)."""
    table = sub(parent, "tbl")
    table.append(props)
    grid = sub(table, "tblGrid")
    for width in widths:
        sub(grid, "gridCol", {"w": str(twips(width))})
    return table


def add_row(table: Any, header: bool = False) -> Any:
    """A row that does not split across pages (and repeats on each page with ``header``)."""
    row = etree.SubElement(table, W_TR)
    tr_pr = sub(row, "trPr")
    sub(tr_pr, "cantSplit")
    if header:
        sub(tr_pr, "tblHeader")
    return row


W_PPR, W_PSTYLE, W_KEEP_NEXT = w("pPr"), w("pStyle"), w("keepNext")
W_TR_PR, W_CANT_SPLIT, W_TBL_PR_EX = w("trPr"), w("cantSplit"), w("tblPrEx")


def keep_with_next(paragraph: Any) -> None:
    """``w:keepNext`` on ``paragraph`` (in schema order, once): it stays on the page of the
    paragraph that follows it. By the schema ``w:pPr`` is a paragraph's first child and only
    ``w:pStyle`` comes before ``w:keepNext`` in it, so only those places are looked at."""
    ppr = paragraph[0] if len(paragraph) else None
    if ppr is None or ppr.tag != W_PPR:
        ppr = etree.Element(W_PPR)
        paragraph.insert(0, ppr)
    at = 1 if len(ppr) and ppr[0].tag == W_PSTYLE else 0
    if len(ppr) > at and ppr[at].tag == W_KEEP_NEXT:
        return
    ppr.insert(at, etree.Element(W_KEEP_NEXT))


def _cant_split(row: Any) -> None:
    """``w:cantSplit`` on ``row`` (its ``w:trPr`` first, after a ``w:tblPrEx`` only)."""
    at = 1 if len(row) and row[0].tag == W_TBL_PR_EX else 0
    tr_pr = row[at] if len(row) > at else None
    if tr_pr is None or tr_pr.tag != W_TR_PR:
        tr_pr = etree.Element(W_TR_PR)
        row.insert(at, tr_pr)
    if all(child.tag != W_CANT_SPLIT for child in tr_pr):
        tr_pr.insert(0, etree.Element(W_CANT_SPLIT))


def keep_together(table: Any, rows: int | None = None) -> None:
    """Keep ``table`` on one page: no row splits (``w:cantSplit``) and every paragraph of
    each row but the last keeps with the next (``w:keepNext``), which Word and LibreOffice
    both honour. ``rows``: only the first rows so (e.g. a header with the first row)."""
    found = [child for child in table if child.tag == W_TR]
    for row in found:
        _cant_split(row)
    chained = found[:-1] if rows is None else found[: min(rows, len(found) - 1)]
    for row in chained:
        for paragraph in row.iter(W_P):
            keep_with_next(paragraph)


@dataclass(frozen=True)
class CellLook:
    fill: str = ""
    bold: bool = False
    colour: str = ""
    align: Any = None
    span: int = 1
    lang: str = ""
    size: float = 0
    """The type size in points (0: the paragraph style's)."""


PLAIN = CellLook()


def cell_lines(text: str) -> list[str]:
    """A cell's text as its paragraphs: the non-empty lines, stripped (one empty at least)."""
    return [line.strip() for line in text.splitlines() if line.strip()] or [""]


def build_cell(row: Any, width: int, lines: Sequence[str], look: CellLook) -> Any:
    """A cell of ``width`` twips, one paragraph per line (with table spacing)."""
    cell = etree.SubElement(row, W_TC)
    tc_pr = sub(cell, "tcPr")
    sub(tc_pr, "tcW", {"type": "dxa", "w": str(width)})
    if look.span > 1:
        sub(tc_pr, "gridSpan", {"val": str(look.span)})
    if look.fill:
        sub(tc_pr, "shd", {"val": "clear", "color": "auto", "fill": look.fill})
    first = (CELL_SPACING, look.align) if look.align is not None else (CELL_SPACING,)
    for n, line in enumerate(lines):
        paragraph = add_paragraph(cell, "", *(first if n == 0 else (CELL_SPACING,)))
        add_run(paragraph, line, bold=look.bold, colour=look.colour, lang=look.lang, size=look.size)
    return cell
