"""The building blocks of a Word form's body: runs, paragraphs, table cells, rows and tables
(raw WordprocessingML elements, for the form writer and its widgets)."""

from __future__ import annotations

from typing import Any

from pipeline.forms.word.xml import el, val, w

BORDER_GREY = "A6A6A6"


# --- runs and paragraphs -------------------------------------------------------------------


def run_props(
    *,
    bold: bool = False,
    italic: bool = False,
    size: int | None = None,
    color: str | None = None,
    font: str | None = None,
    vanish: bool = False,
) -> Any:
    props = el("rPr")
    if font:
        props.append(el("rFonts", {"ascii": font, "hAnsi": font, "eastAsia": font, "cs": font}))
    for flag, name in ((bold, "b"), (italic, "i"), (vanish, "vanish")):
        if flag:
            props.append(el(name))
    if color:
        props.append(val("color", color))
    if size:
        props.extend([val("sz", size), val("szCs", size)])
    return props


def text_runs(text: str, props: Any | None = None) -> list[Any]:
    """One run with the lines of ``text`` separated by line breaks."""
    run = el("r")
    if props is not None and len(props):
        run.append(props)
    for number, line in enumerate(text.split("\n")):
        if number:
            run.append(el("br"))
        node = el("t", None)
        node.text = line
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(node)
    return [run]


def para(
    *content: Any,
    after: int = 40,
    before: int = 0,
    keep_next: bool = False,
    style: str | None = None,
    size: int | None = None,
    shade: str | None = None,
    align: str | None = None,
) -> Any:
    props = el("pPr")
    if style:
        props.append(val("pStyle", style))
    if keep_next:
        props.append(el("keepNext"))
    if shade:
        props.append(el("shd", {"val": "clear", "color": "auto", "fill": shade}))
    props.append(
        el(
            "spacing",
            {"before": str(before), "after": str(after), "line": "252", "lineRule": "auto"},
        )
    )
    if align:
        props.append(val("jc", align))
    if size:
        props.append(el("rPr", None, val("sz", size), val("szCs", size)))
    return el("p", None, props, *content)


def text_para(text: str, after: int = 40, align: str | None = None, **props: Any) -> Any:
    return para(*text_runs(text, run_props(**props)), after=after, align=align)


# --- tables --------------------------------------------------------------------------------


def _borders(name: str, color: str = BORDER_GREY, size: int = 4, sides: tuple = ()) -> Any:
    sides = sides or ("top", "left", "bottom", "right", "insideH", "insideV")
    kind = "single" if color else "nil"
    return el(
        name,
        None,
        *[
            el(side, {"val": kind, "sz": str(size), "space": "0", "color": color or "auto"})
            for side in sides
        ],
    )


def cell(
    blocks: list[Any],
    width: int,
    *,
    span: int = 1,
    fill: str | None = None,
    valign: str | None = None,
    borders: bool = False,
) -> Any:
    props = el("tcPr", None, el("tcW", {"w": str(width), "type": "dxa"}))
    if span > 1:
        props.append(val("gridSpan", span))
    if borders:
        props.append(_borders("tcBorders", sides=("top", "left", "bottom", "right")))
    if fill:
        props.append(el("shd", {"val": "clear", "color": "auto", "fill": fill}))
    if valign:
        props.append(val("vAlign", valign))
    if not blocks or blocks[-1].tag != w("p"):
        blocks = [*blocks, para(after=0, size=4)]
    return el("tc", None, props, *blocks)


def row(
    cells: list[Any], *, height: int | None = None, cant_split: bool = True, header: bool = False
) -> Any:
    props = el("trPr")
    if cant_split:
        props.append(el("cantSplit"))
    if height:
        props.append(el("trHeight", {"val": str(height), "hRule": "atLeast"}))
    if header:
        props.append(el("tblHeader"))
    return el("tr", None, props, *cells)


def table(rows: list[Any], widths: list[int], *, borders: bool = True, margin: int = 85) -> Any:
    props = el(
        "tblPr",
        None,
        el("tblW", {"w": str(sum(widths)), "type": "dxa"}),
        _borders("tblBorders", BORDER_GREY if borders else ""),
        el("tblLayout", {"type": "fixed"}),
        el(
            "tblCellMar",
            None,
            *[
                el(s, {"w": str(margin if s in ("left", "right") else 28), "type": "dxa"})
                for s in ("top", "left", "bottom", "right")
            ],
        ),
        el(
            "tblLook",
            {
                "val": "0000",
                "firstRow": "0",
                "lastRow": "0",
                "firstColumn": "0",
                "lastColumn": "0",
                "noHBand": "1",
                "noVBand": "1",
            },
        ),
    )
    grid = el("tblGrid", None, *[el("gridCol", {"w": str(x)}) for x in widths])
    return el("tbl", None, props, grid, *rows)
