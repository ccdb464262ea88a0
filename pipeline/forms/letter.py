"""The letters praxis writes (the cover letter of a round's form, the follow-up letter to an
incomplete return) as Word documents laid out after DIN 5008, form B, as far as a Word
document allows.

A4 with margins of 25 mm left and 20 mm right. The letterhead (the network's name) stands
above the address field, which begins 45 mm from the top of the page and is 85 x 45 mm: its
first 17.7 mm hold the return line (the network and its return address, small), the next
27.3 mm the recipient (organisation, contact). The information block to the right (from
125 mm, 50 mm from the top) gives the date, the deadline and the reply address; then the
subject in bold (without "Betreff:"), the greeting, the text, the closing and the sender.
The places are fixed with a borderless table of exact row heights, which Word and
LibreOffice both keep. The letter's date is an input (``date``): equal letters give equal
bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.forms.package import fixed_zip
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t

FONT, SIZE = "Calibri", 11
PAGE_MM = (210, 297)
MARGINS_MM = {"left": 25, "right": 20, "top": 20, "bottom": 20}
LETTERHEAD_MM = 25.0
"""From the top margin (20 mm) to the address field (45 mm from the top of the page)."""
RETURN_ZONE_MM, ADDRESS_ZONE_MM = 17.7, 27.3
"""The address field's two zones (45 mm together): the return line, the recipient."""
COLUMNS_MM = (80, 20, 65)
"""The address field's text (25 to 105 mm from the page's left edge), a gap, and the
information block (125 mm to the right margin)."""
INFO_BEFORE_PT = 14
"""The information block begins 5 mm below the address field's top (50 mm from the top)."""
SUBJECT_BEFORE_PT = 24
"""About two blank lines between the address field and the subject."""


@dataclass(frozen=True)
class Letter:
    """What a letter says, in its language ``lang``; ``body``: its paragraphs, a tuple of
    texts among them is a bulleted list."""

    lang: str
    sender: str
    """The network's name: the letterhead, the return line and the signature."""
    return_address: str
    """The definition's ``return_to`` text (where to send the form)."""
    recipient: tuple[str, ...]
    date: dt.date
    subject: str
    greeting: str
    body: tuple[str | tuple[str, ...], ...]
    closing: str
    deadline: dt.date | None = None
    reply_to: str = ""
    """The e-mail address to answer to (in the information block), or ''."""


def _mm(value: float) -> Any:
    from docx.shared import Mm

    return Mm(value)


def _page(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = _mm(PAGE_MM[0]), _mm(PAGE_MM[1])
    section.left_margin, section.right_margin = _mm(MARGINS_MM["left"]), _mm(MARGINS_MM["right"])
    section.top_margin, section.bottom_margin = _mm(MARGINS_MM["top"]), _mm(MARGINS_MM["bottom"])
    section.header_distance = section.footer_distance = _mm(10)


def _no_margins(table: Any) -> None:
    """No cell margins left and right (the text at the columns' edges), fixed widths."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), "0")
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    tbl_pr.append(margins)


def _text(cell: Any, lines: Sequence[str], size: float = 0, bold: bool = False) -> Any:
    """``lines`` into ``cell``, a paragraph each without space after; the first paragraph."""
    from docx.shared import Pt

    first = None
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        first = first if first is not None else paragraph
    return first


def _info(letter: Letter) -> list[tuple[str, str]]:
    """The information block: (label, value) lines."""
    lines = [(t("letter.date", letter.lang), long_date(letter.date, letter.lang))]
    if letter.deadline is not None:
        lines.append((t("letter.deadline", letter.lang), long_date(letter.deadline, letter.lang)))
    if letter.reply_to:
        lines.append((t("letter.reply_to", letter.lang), letter.reply_to))
    return lines


def _head(doc: Any, letter: Letter) -> None:
    """Letterhead, address field and information block (see the module doc)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
    from docx.shared import Pt

    table = doc.add_table(rows=3, cols=3)
    table.autofit = False
    _no_margins(table)
    for column, width in zip(table.columns, COLUMNS_MM, strict=True):
        column.width = _mm(width)
    heights = (LETTERHEAD_MM, RETURN_ZONE_MM, ADDRESS_ZONE_MM)
    for row, height in zip(table.rows, heights, strict=True):
        row.height, row.height_rule = _mm(height), WD_ROW_HEIGHT_RULE.EXACTLY
        for cell, width in zip(row.cells, COLUMNS_MM, strict=True):
            cell.width = _mm(width)
    head = table.cell(0, 0).merge(table.cell(0, 2))
    _text(head, [letter.sender] if letter.sender else [""], size=14, bold=True)
    back = table.cell(1, 0)
    back.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    line = " · ".join(x for x in (letter.sender, letter.return_address) if x)
    _text(back, [line], size=7)
    _text(table.cell(2, 0), list(letter.recipient) or [""])
    info = table.cell(1, 2).merge(table.cell(2, 2))
    lines: list[str] = []
    for label, value in _info(letter):
        lines += [label, value]
    _text(info, lines)
    info.paragraphs[0].paragraph_format.space_before = Pt(INFO_BEFORE_PT)
    for n, paragraph in enumerate(info.paragraphs):
        if n % 2 == 0:  # the labels small, the values as the text
            paragraph.runs[0].font.size = Pt(8)


def build_letter(letter: Letter) -> bytes:
    """The letter as .docx bytes (deterministic)."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    _page(doc)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(SIZE)
    doc.core_properties.title = letter.subject
    doc.core_properties.language = {"de": "de-DE", "en": "en-GB"}.get(letter.lang, letter.lang)
    doc.core_properties.created = doc.core_properties.modified = dt.datetime(2000, 1, 1)
    _head(doc, letter)
    subject = doc.add_paragraph()
    subject.paragraph_format.space_before = Pt(SUBJECT_BEFORE_PT)
    subject.paragraph_format.space_after = Pt(SIZE * 2)
    subject.add_run(letter.subject).bold = True
    doc.add_paragraph(letter.greeting)
    for part in letter.body:
        if isinstance(part, tuple):
            for item in part:
                doc.add_paragraph(item, style="List Bullet")
        else:
            doc.add_paragraph(part)
    closing = doc.add_paragraph(letter.closing)
    closing.paragraph_format.keep_with_next = True
    closing.paragraph_format.space_after = Pt(SIZE * 2)
    if letter.sender:
        doc.add_paragraph(letter.sender)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue())  # python-docx stamps the time into the zip entries
