"""The fact box of a chapter written as text (see :mod:`.rawxml`): the same table the element
builders of :mod:`.document` make (and ``keep_together`` then keeps on one page), in a
fraction of the time; None when a text needs the element builders."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from pipeline.publication.compendium.content import SAFE_LINK, Fact
from pipeline.publication.compendium.extent import BOX_COLUMNS, fact_rows
from pipeline.publication.compendium.rawxml import (
    CELL_END,
    cell_start,
    grid,
    is_plain,
    link_run,
    plain_line,
    row,
    table_props_xml,
    text_cell,
    text_run,
)
from pipeline.publication.compendium.styles import ACCENT
from pipeline.publication.compendium.wordml import CellLook, twips

FACT_FILL = "EAF1F8"
HEAD_FILL = "D9E2F3"
FACT_SIZE = 9.5
"""The fact box's type size: smaller than the text, so that a chapter fits two pages."""
FACTS_HEAD = CellLook(fill=ACCENT, bold=True, colour="FFFFFF", span=2, size=FACT_SIZE)
FACT_LABEL = CellLook(fill=FACT_FILL, bold=True, size=FACT_SIZE)
FACT = CellLook(fill=FACT_FILL, size=FACT_SIZE)
PROFILE_HEAD = CellLook(fill=HEAD_FILL, bold=True, colour=ACCENT, span=2, size=FACT_SIZE)
BOX_BORDERS = ("grid", "FFFFFF")


class BoxWriter(Protocol):
    """What the fact box needs of the writer: its texts, text width and relationships."""

    width: int
    parts: Any

    def t(self, key: str, **values: Any) -> str: ...


def box_widths(w: BoxWriter) -> list[int]:
    """The fact box's column widths (EMU), as ``Writer.table`` computes them."""
    return [int(w.width * f) for f in BOX_COLUMNS]


def box_rows(
    w: BoxWriter, facts: Sequence[Fact], profile: Sequence[Fact], updated: str
) -> list[tuple[str, tuple[Fact, ...]]]:
    """The rows in order: ("head", ()) for the heading rows, ("facts", facts) for the others
    (see ``_fact_box`` in :mod:`.document`)."""
    updated_fact = [Fact(w.t("compendium.updated"), updated)] if updated else []
    rows: list[tuple[str, tuple[Fact, ...]]] = [("facts_head", ())]
    rows += [("facts", r) for r in fact_rows([*facts, *([] if profile else updated_fact)])]
    if profile:
        rows.append(("profile_head", ()))
        rows += [("facts", r) for r in fact_rows([*profile, *updated_fact])]
    return rows


def _all_plain(rows: Sequence[tuple[str, tuple[Fact, ...]]]) -> bool:
    for _, facts in rows:
        for fact in facts:
            if plain_line(fact.label) is None or plain_line(fact.text) is None:
                return False
            if fact.link and not is_plain(fact.text):
                return False
    return True


def fact_box_xml(
    w: BoxWriter, facts: Sequence[Fact], profile: Sequence[Fact] = (), updated: str = ""
) -> str | None:
    """The fact box's ``w:tbl`` as text, every row but the last kept with the next; None when
    a text needs the element builders (nothing is related then)."""
    rows = box_rows(w, facts, profile, updated)
    if not _all_plain(rows):
        return None
    widths = box_widths(w)
    columns = [twips(x) for x in widths]
    full = sum(columns)
    heads = {"facts_head": (w.t("compendium.facts"), FACTS_HEAD)}
    if profile:
        heads["profile_head"] = (w.t("compendium.profile"), PROFILE_HEAD)
    out = ["<w:tbl>", table_props_xml(*BOX_BORDERS), grid(columns)]
    for n, (kind, cells) in enumerate(rows):
        keep = n < len(rows) - 1
        if kind in heads:
            text, look = heads[kind]
            cell = text_cell(full, plain_line(text) or text, look, keep)
            out.append(row(cell, header=kind == "facts_head"))
            continue
        span, value = (3, full - columns[0]) if len(cells) == 1 else (1, columns[1])
        made = [_fact_cells(w, fact, columns[0], value, span, keep) for fact in cells]
        out.append(row("".join(made)))
    out.append("</w:tbl>")
    return "".join(out)


@functools.lru_cache(maxsize=64)
def _value_look(lang: str, span: int) -> CellLook:
    return replace(FACT, lang=lang, span=span)


def _fact_cells(w: BoxWriter, fact: Fact, label: int, value: int, span: int, keep: bool) -> str:
    label_cell = text_cell(label, plain_line(fact.label) or "", FACT_LABEL, keep)
    look = _value_look(fact.language, span)
    if not fact.link:
        return label_cell + text_cell(value, plain_line(fact.text) or "", look, keep)
    if SAFE_LINK.match(fact.link):
        r_id = w.parts.relate(RT.HYPERLINK, fact.link, external=True)
        content = link_run(r_id, fact.text or fact.link, FACT_SIZE)
    else:
        content = text_run(fact.text or fact.link, CellLook(size=FACT_SIZE))
    return label_cell + cell_start(value, look, keep) + content + CELL_END
