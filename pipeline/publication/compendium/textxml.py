"""A chapter's text section written as text (see :mod:`.rawxml`): its heading (level 3,
kept with what follows) and a paragraph per line, the same XML the element builders of
:mod:`.document` make; None when a line needs them."""

from __future__ import annotations

import functools
from typing import Any, Protocol

from pipeline.forms.word.xml import W_VAL, val
from pipeline.publication.compendium.content import TextSection
from pipeline.publication.compendium.rawxml import element_xml, line_run, paragraph
from pipeline.publication.compendium.wordml import KEEP_LINES, KEEP_NEXT


class TextWriter(Protocol):
    """What a text section needs of the writer: the paragraph properties of a style."""

    def paragraph_style(self, name: str) -> tuple[Any, ...]: ...


def heading3_props(w: TextWriter) -> str:
    """The properties of a level-3 heading (its style, kept with the next and whole)."""
    style = w.paragraph_style("Heading 3")
    return _heading_props(style[0].get(W_VAL) if style else None)


@functools.lru_cache(maxsize=16)
def _heading_props(style_id: str | None) -> str:
    style = [val("pStyle", style_id)] if style_id else []
    return "".join(element_xml(x) for x in (*style, KEEP_NEXT, KEEP_LINES))


def text_section_xml(w: TextWriter, block: TextSection) -> str | None:
    """The section's heading and a paragraph per non-empty line (marked with the block's
    language when it has one), or None when a text needs the element builders."""
    head = line_run(block.heading)
    if head is None:
        return None
    out = [paragraph(head, heading3_props(w))]
    for line in (x.strip() for x in block.text.splitlines()):
        if not line:
            continue
        run = line_run(line, block.language)
        if run is None:
            return None
        out.append(paragraph(run))
    return "".join(out)
