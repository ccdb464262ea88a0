"""WordprocessingML written as text: the serialized form of what :mod:`.wordml` builds as
elements, for the parts of every chapter that are made the same way each time (the fact
box's one-line cells), where formatting a string is many times faster than building and
later serializing elements.

Each function gives exactly the bytes lxml writes for the elements :mod:`.wordml` makes (the
``w:`` prefix declared on the document), so the document is the same either way; a text
that is not plain one-line XML text is left to the element builders (:func:`plain_line`).
"""

from __future__ import annotations

import functools
import re
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from pipeline.forms.word.xml import NSMAP, W_NS
from pipeline.publication.compendium.wordml import CellLook, cell_lines, table_props

_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\t\ud800-\udfff\ufffe\uffff]")
"""What lxml refuses in a text, and tabs (which become ``w:tab`` elements)."""
_DECLARATIONS = re.compile(r' xmlns:\w+="[^"]*"')
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def plain_line(text: str) -> str | None:
    """The one line a cell of ``text`` shows (stripped), None when the text needs the element
    builders: more lines, none, a tab, or a character XML cannot hold."""
    lines = cell_lines(text)
    if len(lines) != 1 or not lines[0] or _NOT_PLAIN.search(lines[0]):
        return None
    return lines[0]


def plain_cell_line(text: str) -> str | None:
    """:func:`plain_line`, but an empty cell too (its line "")."""
    lines = cell_lines(text)
    if len(lines) != 1 or _NOT_PLAIN.search(lines[0]):
        return None
    return lines[0]


def is_plain(text: str) -> bool:
    """True for a link's text (kept as typed) that needs no element builder: one line of
    characters XML can hold."""
    return "\r" not in text and "\n" not in text and not _NOT_PLAIN.search(text)


def element_xml(node: Any) -> str:
    """``node`` serialized as it appears inside the document body (no namespace
    declarations of its own)."""
    return _DECLARATIONS.sub("", etree.tostring(node, encoding="unicode"))


@functools.lru_cache(maxsize=16)
def table_props_xml(borders: str, colour: str) -> str:
    """:func:`~.wordml.table_props` as text."""
    return element_xml(table_props(borders, colour))


@functools.lru_cache(maxsize=256)
def _run_props(look: CellLook) -> str:
    props = "<w:b/>" if look.bold else ""
    if look.colour:
        props += f'<w:color w:val="{look.colour}"/>'
    if look.size:
        half = round(look.size * 2)
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    if look.lang:
        props += f'<w:lang w:val="{look.lang}"/>'
    return f"<w:rPr>{props}</w:rPr>" if props else ""


@functools.lru_cache(maxsize=1024)
def cell_start(width: int, look: CellLook, keep: bool) -> str:
    """A cell's start up to its paragraph's content: the cell properties (width, span, fill)
    and the paragraph's (``w:keepNext`` with ``keep``, table spacing)."""
    span = f'<w:gridSpan w:val="{look.span}"/>' if look.span > 1 else ""
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{look.fill}"/>' if look.fill else ""
    keep_next = "<w:keepNext/>" if keep else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}{fill}</w:tcPr>'
        f'<w:p><w:pPr>{keep_next}<w:spacing w:before="20" w:after="20" w:line="240" '
        'w:lineRule="auto"/></w:pPr>'
    )


CELL_END = "</w:p></w:tc>"


def text_run(text: str, look: CellLook) -> str:
    """A run of one plain line with the look's type (bold, colour, size, language), as
    ``add_run`` makes it."""
    props = _run_props(look)
    if not text:  # add_run of no text: the run and its properties alone
        return f"<w:r>{props}</w:r>" if props else "<w:r/>"
    preserve = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:r>{props}<w:t{preserve}>{escape(text)}</w:t></w:r>"


def text_cell(width: int, line: str, look: CellLook, keep: bool) -> str:
    """A cell of one plain line (see :func:`plain_line`), as ``build_cell`` makes it."""
    return cell_start(width, look, keep) + text_run(line, look) + CELL_END


def link_run(r_id: str, text: str, size: float) -> str:
    """A hyperlink of ``text`` (``rId``), blue and underlined, ``size`` points (0: the
    paragraph's), as the writer's ``link`` makes it."""
    half = round(size * 2)
    sizes = f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>' if size else ""
    return (
        f'<w:hyperlink w:history="1" r:id="{r_id}"><w:r><w:rPr><w:color w:val="0563C1"/>'
        f'{sizes}<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t>'
        "</w:r></w:hyperlink>"
    )


def row(cells: str, header: bool = False) -> str:
    """A row that does not split across pages (repeated on each page with ``header``)."""
    head = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>{cells}</w:tr>"


def grid(widths: list[int]) -> str:
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{n}"/>' for n in widths) + "</w:tblGrid>"


def parse_body_xml(xml: str) -> list[Any]:
    """Elements of body XML written as text (the plain path's way to add it)."""
    declarations = " ".join(f'xmlns:{p}="{ns}"' for p, ns in {**NSMAP, "r": R_NS}.items())
    holder = etree.fromstring(f"<w:body {declarations}>{xml}</w:body>")
    assert holder.tag == f"{{{W_NS}}}body"
    return list(holder)


_TEXT_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\n\ud800-\udfff\ufffe\uffff]")
"""What a paragraph's line may not hold to be written as text (tabs become ``w:tab``)."""


def line_run(text: str, lang: str = "") -> str | None:
    """A run of one line as ``add_run`` makes it (tabs as ``w:tab``, ``lang`` as
    ``w:lang``); None when the line has a character XML cannot hold."""
    if _TEXT_NOT_PLAIN.search(text):
        return None
    props = f'<w:rPr><w:lang w:val="{lang}"/></w:rPr>' if lang else ""
    content = []
    for n, part in enumerate(text.split("\t")):
        if n:
            content.append("<w:tab/>")
        if part:
            preserve = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
            content.append(f"<w:t{preserve}>{escape(part)}</w:t>")
    return f"<w:r>{props}{''.join(content)}</w:r>" if text else "<w:r/>"


def paragraph(runs: str, props: str = "") -> str:
    """A ``w:p`` with paragraph properties ``props`` (their XML, in schema order)."""
    return f"<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>" if props else f"<w:p>{runs}</w:p>"
