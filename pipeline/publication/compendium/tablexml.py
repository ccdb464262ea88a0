"""A chapter's answer table written as text (see :mod:`.rawxml`): its heading row and a row
per answer row, kept together as the element builders of :mod:`.document` keep it; None
when a cell needs those builders."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from pipeline.publication.compendium.content import TableSection
from pipeline.publication.compendium.rawxml import (
    grid,
    plain_cell_line,
    row,
    table_props_xml,
    text_cell,
)
from pipeline.publication.compendium.wordml import PLAIN, CellLook, twips


class TableWriter(Protocol):
    width: int


def answer_table_xml(
    w: TableWriter, block: TableSection, head: CellLook, colour: str, small: int
) -> str | None:
    """The ``w:tbl`` of ``block`` (its rows, which it must have): ``head`` the heading row's
    look, ``colour`` the rules', every row but the last kept with the next when it has at
    most ``small`` rows (else the heading row with the first)."""
    texts = [block.columns, *block.rows]
    lines = [[plain_cell_line(text) for text in row_texts] for row_texts in texts]
    if any(line is None for cells in lines for line in cells):
        return None
    fractions = [1 / len(block.columns)] * len(block.columns)
    widths = [twips(int(w.width * f)) for f in fractions]
    kept = len(texts) - 1 if len(block.rows) <= small else min(1, len(texts) - 1)
    out = ["<w:tbl>", table_props_xml("grid", colour), grid(widths)]
    for n, cells in enumerate(lines):
        look = head if n == 0 else PLAIN
        made = "".join(_cells(widths, cells, look, n < kept))
        out.append(row(made, header=n == 0))
    out.append("</w:tbl>")
    return "".join(out)


def _cells(widths: Sequence[int], lines: Sequence[Any], look: CellLook, keep: bool) -> list[str]:
    return [text_cell(width, line, look, keep) for width, line in zip(widths, lines, strict=True)]
