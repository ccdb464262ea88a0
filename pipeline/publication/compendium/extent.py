"""How long a chapter of the compendium will be, in pages, estimated from its content.

Word and LibreOffice lay out the document themselves, so praxis cannot know where a page
ends; it can estimate how much a chapter holds (lines of text at the default look's type
sizes). The chapters flow one after the other, and a chapter that will need more than one
page starts on a new page: so no chapter spans more than two pages (a short one that starts
low on a page ends on the next), and no page is left nearly empty for the sake of a new
chapter. The estimate errs on the long side (a chapter starting a page too often costs a
little space; one starting too low could run over three pages).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable

from pipeline.publication.compendium.content import (
    Chapter,
    CreativeSection,
    Fact,
    LeftOut,
    MediaSection,
    TableSection,
    TextSection,
)

PAGE = 709.0
"""The height of the default page's text area in points (297 mm less 25 and 22 mm)."""
TEXT_CHARS = 96
"""Characters of body text per line (10 pt Arial on 166 mm)."""
LINE, PARAGRAPH, HEADING = 13.5, 4.0, 24.0
"""A body line, the space after a paragraph, a section heading with its space (points)."""
FACT_LINE, FACT_ROW = 11.5, 6.0
"""A fact-box line at 9.5 pt, and a row's padding."""
LABEL_CHARS, VALUE_CHARS = 28, 78
"""Characters per line in the fact box's label and value columns (a fact on a row of its
own)."""
BOX_COLUMNS = (0.23, 0.27, 0.23, 0.27)
"""The fact box's columns: label and value twice, so that two short facts share a row."""
PAIR_LABEL_CHARS, PAIR_VALUE_CHARS = 21, 24
"""Characters per line in a label and a value column of a shared row."""
SHORT = 2
"""A fact is short when its label and its value each take at most this many lines in half
a row: two short facts share a row."""
TABLE_LINE, TABLE_ROW = 12.5, 6.0
TITLE, BOX_HEAD, GAP, QR = 34.0, 18.0, 8.0, 92.0
"""The chapter's heading, the fact box's head row, the space after a table, a QR code row."""
MARGIN = 0.15
"""What the estimate may be short of the truth, in pages (it was within 0.1 on the demo)."""


@functools.lru_cache(maxsize=8192)
def _lines(text: str, chars: int) -> int:
    """The lines ``text`` takes at ``chars`` characters per line (its line breaks kept)."""
    parts = [p.strip() for p in text.splitlines() if p.strip()] or [""]
    return sum(max(1, math.ceil(len(p) / chars)) for p in parts)


def _text(text: str) -> float:
    parts = [p.strip() for p in text.splitlines() if p.strip()]
    return sum(_lines(p, TEXT_CHARS) * LINE + PARAGRAPH for p in parts)


def is_short(fact: Fact) -> bool:
    """True for a fact that fits half a row of the fact box (see :data:`SHORT`)."""
    label, value = _lines(fact.label, PAIR_LABEL_CHARS), _lines(fact.text, PAIR_VALUE_CHARS)
    return label <= SHORT and value <= SHORT


def fact_rows(facts: Iterable[Fact]) -> list[tuple[Fact, ...]]:
    """The fact box's rows in order: two short facts side by side, a longer one alone (a
    short fact followed by a long one stays alone too, so the order is kept)."""
    rows: list[tuple[Fact, ...]] = []
    waiting: Fact | None = None
    for fact in facts:
        if not is_short(fact):
            rows += [(waiting,)] if waiting else []
            rows.append((fact,))
            waiting = None
        elif waiting is None:
            waiting = fact
        else:
            rows.append((waiting, fact))
            waiting = None
    return rows + ([(waiting,)] if waiting else [])


def _row_lines(row: tuple[Fact, ...]) -> int:
    if len(row) == 1:
        (fact,) = row
        return max(_lines(fact.label, PAIR_LABEL_CHARS), _lines(fact.text, VALUE_CHARS))
    return max(
        n
        for f in row
        for n in (_lines(f.label, PAIR_LABEL_CHARS), _lines(f.text, PAIR_VALUE_CHARS))
    )


def _facts(facts: Iterable[Fact]) -> float:
    return sum(_row_lines(row) * FACT_LINE + FACT_ROW for row in fact_rows(facts))


def _table(block: TableSection) -> float:
    if not block.rows:
        return 0.0
    chars = max(8, VALUE_CHARS // max(1, len(block.columns)))
    rows = [block.columns, *block.rows]
    heights = [max(_lines(cell, chars) for cell in row) for row in rows]
    return sum(n * TABLE_LINE + TABLE_ROW for n in heights) + GAP


def _block(block: object) -> float:
    if isinstance(block, TextSection):
        return HEADING + _text(block.text)
    if isinstance(block, TableSection):
        return HEADING + _table(block)
    if isinstance(block, MediaSection):
        return HEADING + (QR + GAP if block.linked else LINE + PARAGRAPH)
    if isinstance(block, CreativeSection):
        return HEADING + (1 + len(block.files)) * (LINE + PARAGRAPH)
    return 0.0


def _opening(chapter: Chapter) -> float:
    """The chapter's start that is kept on one page: its heading, the notes under it, the
    summary and the fact box (points)."""
    height = TITLE
    height += (chapter.practice.incomplete + bool(chapter.translation_note)) * (LINE + PARAGRAPH)
    if chapter.summary is not None:
        height += _text(chapter.summary.text)
    if not isinstance(chapter.facts, LeftOut):
        height += BOX_HEAD + _facts(chapter.facts) + GAP
        if chapter.profile:
            height += BOX_HEAD + _facts(chapter.profile)
    return height


def chapter_pages(chapter: Chapter) -> tuple[float, float]:
    """The estimated length of ``chapter`` in pages of the default look, and of its opening
    (kept on one page)."""
    opening = _opening(chapter)
    return (opening + sum(_block(block) for block in chapter.blocks)) / PAGE, opening / PAGE


def starts_page(chapter: Chapter) -> bool:
    """Whether ``chapter`` starts on a new page. Flowing, a chapter starts at the latest
    where its opening (heading and fact box, kept together) still fits, so it ends on the
    next page when it is at most one page longer than its opening; a longer one (with
    :data:`MARGIN` for the estimate's error) starts on a new page."""
    if chapter.left_out is not None:
        return False
    pages, opening = chapter_pages(chapter)
    return pages > 1 + opening - MARGIN
