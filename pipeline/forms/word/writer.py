"""The Word form: a printable A4 questionnaire with one content control per answer.

``build_docx`` returns the bytes of a .docx; it touches no files. Per section one table with
a row per question: number, question (label, hint, derived instructions), answer. Answers
are inline content controls tagged and aliased with the question id and wrapped in a
bookmark; choices are one checkbox control per option, each alone in its cell; long lists
are dropdowns; dates are date controls; table questions are nested tables of text controls.
See DESIGN.md "Forms" for why (LibreOffice 7.4 drops tags, breaks shared checkbox cells).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from pipeline.definition.coerce import parse_date
from pipeline.definition.question_types import shows_dropdown
from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire, Section
from pipeline.forms.content import Identification
from pipeline.forms.package import fixed_zip
from pipeline.forms.word.xml import (
    CHECKBOX_FONT,
    CHECKED,
    CP_NS,
    UNCHECKED,
    VT_NS,
    YES_NO,
    Slot,
    el,
    form_slots,
    hidden_meta_text,
    option_values,
    table_rows,
    val,
    w,
)
from pipeline.locale.texts import format_number, t
from pipeline.locale.wording import when_instruction
from pipeline.round.roster import Project

FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
FONT = "Calibri"
BODY_SIZE = 21  # half-points: 10.5 pt
SMALL_SIZE = 17  # 8.5 pt
GREY = "595959"
PLACEHOLDER_GREY = "808080"
WHEN_COLOUR = "1F4E79"
BORDER_GREY = "A6A6A6"
ANSWER_FILL = "EDEDED"
HEADER_FILL = "D9D9D9"
NUM_W, QUESTION_W, ANSWER_W = 700, 3640, 5298  # twips; text width 170 mm = 9638
CHECK_W = 420
LONG_TEXT_HEIGHT = 1700  # twips, about 3 cm
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
DATE_FORMATS = {
    "de": ("dd.MM.yyyy", "de-DE", "%d.%m.%Y"),
    "en": ("yyyy-MM-dd", "en-GB", "%Y-%m-%d"),
}


# --- values as shown in the form -------------------------------------------------------------


def format_date(value: Any, lang: str) -> str | None:
    """An ISO date or date as the form shows it (``11.10.2023`` in German)."""
    date = parse_date(value) if value not in (None, "") else None
    return date.strftime(DATE_FORMATS.get(lang, DATE_FORMATS["en"])[2]) if date else None


def display_text(f: Field, value: Any, lang: str) -> str | None:
    """The text a person would type for the typed ``value`` of field ``f``; None: nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return t("form.yes" if value else "form.no", lang)
    if isinstance(value, int | float):
        return format_number(value, lang, group_from=None)
    if f.type == "date" and isinstance(value, dt.date | str):
        iso = isinstance(value, dt.date) or _is_iso(value)
        return format_date(value, lang) if iso else str(value)
    if f.type == "select_one" and isinstance(value, str) and f.choice(value):
        return f.choice(value).label.get(lang)  # type: ignore[union-attr]
    return str(value)


def _is_iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


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
    if size:
        props.append(el("rPr", None, val("sz", size), val("szCs", size)))
    return el("p", None, props, *content)


def text_para(text: str, after: int = 40, **props: Any) -> Any:
    return para(*text_runs(text, run_props(**props)), after=after)


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


# --- the writer ------------------------------------------------------------------------------


@dataclass
class _Writer:
    """Builds the body of one form; holds the running ids of controls and bookmarks."""

    q: Questionnaire
    lang: str
    prefill: Mapping[str, Any]
    slots: dict[str, Slot] = field(default_factory=dict)
    next_id: int = 100
    holes: frozenset[str] = frozenset()
    starts: dict[str, int] = field(default_factory=dict)
    markers: dict[str, Any] = field(default_factory=dict)
    marker: Callable[[str], Any] | None = None
    """Makes the element standing in for a hole (building a template, ``pipeline.speed``)."""

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def text(self, key: str, **kw: Any) -> str:
        return t(key, self.lang, **kw)

    def answer_part(self, q: Question) -> Any:
        """The answer of ``q``: its table widget, else its answer cell."""
        return self.table_widget(q) if q.type == "table" else self.answer_cell(q)

    def _answer_or_hole(self, q: Question) -> Any:
        """The answer part of ``q``, or (building a template) a hole where it goes."""
        if q.id not in self.holes:
            return self.answer_part(q)
        self.starts[q.id] = self.next_id
        self.answer_part(q)  # uses up the ids the part will use per project
        marker = self.markers[f"answer:{q.id}"] = self.marker(f"answer:{q.id}")  # type: ignore[misc]
        return marker

    # controls -------------------------------------------------------------------------------

    def bookmarked(self, slot: Slot, sdt: Any, *, after: int = 0) -> Any:
        """A paragraph holding ``sdt`` inside a bookmark named for the slot."""
        mark = self.new_id()
        start = el("bookmarkStart", {"id": mark, "name": slot.bookmark})
        return para(start, sdt, el("bookmarkEnd", {"id": mark}), after=after)

    def _sdt_props(self, slot: Slot, showing: bool, *extra: Any) -> Any:
        props = el("sdtPr")
        if slot.alias:
            props.append(val("alias", slot.alias))
        props.extend([val("tag", slot.key), val("id", self.new_id())])
        if showing:
            props.append(el("showingPlcHdr"))
        props.extend(extra)
        return props

    def _content(self, shown: str | None, placeholder: str, size: int | None) -> Any:
        props = run_props(size=size, color=None if shown else PLACEHOLDER_GREY)
        return el("sdtContent", None, *text_runs(shown or placeholder, props))

    def text_control(
        self,
        slot: Slot,
        value: Any,
        *,
        multiline: bool = False,
        placeholder: str | None = None,
        size: int | None = None,
    ) -> Any:
        shown = display_text(slot.column or slot.question, value, self.lang)
        placeholder = placeholder or self.text("word.placeholder")
        # Long texts are rich-text controls (no w:text): LibreOffice 7.4 moves a line break
        # out of a plain-text control on opening, but keeps it inside a rich-text one.
        kinds = () if multiline else (el("text"),)
        props = self._sdt_props(slot, shown is None, *kinds)
        return el("sdt", None, props, self._content(shown, placeholder, size))

    def date_control(self, slot: Slot, value: Any) -> Any:
        fmt, lid, _ = DATE_FORMATS.get(self.lang, DATE_FORMATS["en"])
        date = parse_date(value) if value else None
        attrs = {"fullDate": f"{date.isoformat()}T00:00:00Z"} if date else None
        kind = el(
            "date",
            attrs,
            val("dateFormat", fmt),
            val("lid", lid),
            val("storeMappedDataAs", "dateTime"),
            val("calendar", "gregorian"),
        )
        props = self._sdt_props(slot, date is None, kind)
        shown = format_date(date, self.lang) if date else None
        return el(
            "sdt", None, props, self._content(shown, self.text("word.placeholder_date"), None)
        )

    def dropdown_control(self, slot: Slot, value: Any) -> Any:
        q = slot.question
        choose = self.text("word.choose")
        items = [el("listItem", {"displayText": choose, "value": choose})]
        items += [
            el("listItem", {"displayText": c.label.get(self.lang), "value": c.value})
            for c in q.choices
        ]
        if q.other and OTHER not in q.choice_values:
            items.append(el("listItem", {"displayText": self.text("word.other"), "value": OTHER}))
        chosen = q.choice(value) if isinstance(value, str) else None
        attrs = {"lastValue": chosen.value} if chosen else None
        props = self._sdt_props(slot, chosen is None, el("dropDownList", attrs, *items))
        shown = chosen.label.get(self.lang) if chosen else None
        return el("sdt", None, props, self._content(shown, choose, None))

    def checkbox_control(self, slot: Slot, checked: bool) -> Any:
        font = {"font": CHECKBOX_FONT}
        box = el(
            "w14:checkbox",
            None,
            el("w14:checked", {"w14:val": "1" if checked else "0"}),
            el("w14:checkedState", {"w14:val": "2612", "w14:font": CHECKBOX_FONT}),
            el("w14:uncheckedState", {"w14:val": "2610", "w14:font": CHECKBOX_FONT}),
        )
        props = self._sdt_props(slot, False, box)
        props.insert(0, run_props(**font))
        glyph = CHECKED if checked else UNCHECKED
        content = el("sdtContent", None, *text_runs(glyph, run_props(size=24, **font)))
        return el("sdt", None, props, content)

    # answer cells --------------------------------------------------------------------------

    def answer_cell(self, q: Question) -> Any:
        value = self.prefill.get(q.id)
        slot = self.slots.get(q.id)
        if q.type in ("select_one", "select_multiple", "yes_no") and not shows_dropdown(q):
            return cell([self.choice_table(q, value)], ANSWER_W)
        if q.type == "date":
            blocks = [self.bookmarked(slot, self.date_control(slot, value))]  # type: ignore[arg-type]
        elif q.type == "select_one":
            blocks = [self.bookmarked(slot, self.dropdown_control(slot, value))]  # type: ignore[arg-type]
            if q.other:
                blocks += self.other_text(q)
        else:
            sdt = self.text_control(slot, value, multiline=q.type == "long_text")  # type: ignore[arg-type]
            blocks = [self.bookmarked(slot, sdt)]  # type: ignore[arg-type]
        return cell(blocks, ANSWER_W, fill=ANSWER_FILL, borders=True)

    def other_text(self, q: Question) -> list[Any]:
        slot = self.slots[q.other_id]
        label = text_para(self.text("word.other"), after=0, size=SMALL_SIZE, color=GREY)
        sdt = self.text_control(slot, self.prefill.get(q.other_id))
        return [label, self.bookmarked(slot, sdt)]

    def _ticked(self, q: Question, value: Any) -> set[str]:
        if q.type == "yes_no":
            return {name for name, flag in YES_NO if value is flag}
        return set(value) if isinstance(value, list | tuple) else {value}

    def _check_cell(self, q: Question, option: str, ticked: set[str]) -> Any:
        slot = self.slots[f"{q.id}={option}"]
        box = self.bookmarked(slot, self.checkbox_control(slot, option in ticked))
        return cell([box], CHECK_W, valign="center")

    def _option_label(self, q: Question, option: str) -> str:
        if q.type == "yes_no":
            return self.text("form.yes" if option == "yes" else "form.no")
        choice = q.choice(option)
        return choice.label.get(self.lang) if choice else self.text("word.other")

    def choice_table(self, q: Question, value: Any) -> Any:
        ticked = self._ticked(q, value)
        width = ANSWER_W - 2 * 85
        pairs = [
            (self._check_cell(q, option, ticked), self._option_label(q, option))
            for option in option_values(q)
        ]
        if q.type == "yes_no":
            half = width // 2 - CHECK_W
            cells = [
                c
                for box, label in pairs
                for c in (box, cell([text_para(label)], half, valign="center"))
            ]
            return table([row(cells)], [CHECK_W, half, CHECK_W, half], borders=False, margin=28)
        rest = width - CHECK_W
        rows = [row([box, cell([text_para(label)], rest, valign="center")]) for box, label in pairs]
        if q.other:
            slot = self.slots[q.other_id]
            sdt = self.text_control(slot, self.prefill.get(q.other_id))
            rows.append(
                row(
                    [
                        cell(
                            [self.bookmarked(slot, sdt)],
                            width,
                            span=2,
                            fill=ANSWER_FILL,
                            borders=True,
                        )
                    ]
                )
            )
        return table(rows, [CHECK_W, rest], borders=False, margin=28)

    def table_widget(self, q: Question) -> Any:
        width = QUESTION_W + ANSWER_W - 2 * 85
        number_w = 380
        col_w = (width - number_w) // max(1, len(q.columns))
        widths = [number_w] + [col_w] * len(q.columns)
        head = [cell([text_para("", size=SMALL_SIZE)], number_w, fill=HEADER_FILL)]
        head += [
            cell(
                [text_para(c.label.get(self.lang), bold=True, size=SMALL_SIZE)],
                col_w,
                fill=HEADER_FILL,
            )
            for c in q.columns
        ]
        rows = [row(head, header=True)]
        prefilled = self.prefill.get(q.id) or []
        for number in range(1, table_rows(q) + 1):
            given = prefilled[number - 1] if number <= len(prefilled) else {}
            cells = [cell([text_para(str(number), size=SMALL_SIZE, color=GREY)], number_w)]
            for column in q.columns:
                slot = self.slots[f"{q.id}[{number}].{column.id}"]
                placeholder = self.text(
                    "word.date_format" if column.type == "date" else "word.placeholder_cell"
                )
                sdt = self.text_control(
                    slot, given.get(column.id), placeholder=placeholder, size=19
                )
                cells.append(cell([self.bookmarked(slot, sdt)], col_w, fill=ANSWER_FILL))
            rows.append(row(cells))
        return table(rows, widths, margin=57)

    # question rows ---------------------------------------------------------------------------

    def question_blocks(self, q: Question) -> list[Any]:
        blocks = [text_para(q.label.get(self.lang), after=20, bold=True)]
        if q.hint:
            blocks.append(text_para(q.hint.get(self.lang), after=20, size=SMALL_SIZE, color=GREY))
        if q.when:
            blocks.append(
                text_para(
                    when_instruction(self.q, q.when, self.lang),
                    after=20,
                    size=SMALL_SIZE,
                    italic=True,
                    color=WHEN_COLOUR,
                )
            )
        notes = self.instructions(q)
        if notes:
            blocks.append(
                text_para(" · ".join(notes), after=20, size=SMALL_SIZE, italic=True, color=GREY)
            )
        return blocks

    def instructions(self, q: Question) -> list[str]:
        hint = q.hint.get(self.lang) if q.hint else ""
        notes = [self.text("word.required")] if q.required else []
        notes += [n for n in _limits(q, self.lang) if not _said(n, hint)]
        return notes

    def question_row(self, q: Question) -> Any:
        number = cell([text_para(q.number, bold=True)], NUM_W)
        if q.type == "note":
            note = text_para(q.label.get(self.lang), italic=True)
            return row([cell([], NUM_W), cell([note], QUESTION_W + ANSWER_W, span=2)])
        if q.type == "table":
            blocks = [*self.question_blocks(q), self._answer_or_hole(q)]
            return row([number, cell(blocks, QUESTION_W + ANSWER_W, span=2)], cant_split=False)
        height = LONG_TEXT_HEIGHT if q.type == "long_text" else None
        return row(
            [number, cell(self.question_blocks(q), QUESTION_W), self._answer_or_hole(q)],
            height=height,
        )

    def section(self, section: Section) -> list[Any]:
        title = f"{section.number} {section.title.get(self.lang)}"
        blocks = [para(*text_runs(title), style="Heading1", before=240, after=80, keep_next=True)]
        if section.intro:
            blocks.append(text_para(section.intro.get(self.lang), after=80))
        rows = [self.question_row(q) for q in section.questions]
        blocks.append(table(rows, [NUM_W, QUESTION_W, ANSWER_W]))
        return blocks


def _said(note: str, hint: str) -> bool:
    """Whether the hint already says what a derived instruction says (same numbers)."""
    digits = [part for part in note.replace(".", "").split() if part.isdigit()]
    return bool(digits) and all(d in hint.replace(".", "") for d in digits)


def _limits(q: Question, lang: str) -> list[str]:
    out = []
    if q.max_length:
        out.append(t("form.max_length", lang, n=q.max_length))
    if q.min_words:
        out.append(t("form.min_words", lang, n=q.min_words))
    if q.max_words:
        out.append(t("form.max_words", lang, n=q.max_words))
    if q.type in ("integer", "decimal"):
        out += _number_limits(q, lang)
    if q.type == "date":
        out.append(t("word.date_hint", lang, format=t("word.date_format", lang)))
    if shows_dropdown(q):
        out.append(t("word.choose_hint", lang))
    if q.min_choices and q.min_choices > 1:
        out.append(t("word.min_choices", lang, n=q.min_choices))
    if q.max_choices:
        out.append(t("word.max_choices", lang, n=q.max_choices))
    return out


def _number_limits(q: Question, lang: str) -> list[str]:
    out = [t("word.whole_number", lang)] if q.type == "integer" else []
    low = format_number(q.min, lang) if q.min is not None else None
    high = format_number(q.max, lang) if q.max is not None else None
    if low and high:
        out = [t("word.number_between", lang, min=low, max=high)]
    elif low:
        out.append(t("word.number_min", lang, min=low))
    elif high:
        out.append(t("word.number_max", lang, max=high))
    if q.unit:
        out.append(t("form.unit", lang, unit=q.unit.get(lang)))
    return out


# --- header, how-to and metadata ------------------------------------------------------------


def _header(q: Questionnaire, facts: list[Any], lang: str, deadline: dt.date | None) -> list[Any]:
    """Title, the project ``facts`` (paragraphs or a hole), deadline, how-to and intro."""
    blocks = []
    if q.network:
        blocks.append(text_para(q.network.get(lang), after=0, size=20, color=GREY))
    blocks.append(text_para(q.title.get(lang), after=160, size=36, bold=True))
    blocks += facts
    if deadline:
        blocks.append(_fact("word.deadline", format_date(deadline, lang) or "", lang))
    blocks.append(_howto(q, lang, deadline))
    if q.intro:
        blocks.append(text_para(q.intro.get(lang), after=80))
    return blocks


def _fact(key: str, value: str, lang: str) -> Any:
    runs = text_runs(f"{t(key, lang)}: ", run_props(bold=True))
    return para(*runs, *text_runs(value), after=20)


def _project_facts(project: Project, lang: str) -> list[Any]:
    return [
        _fact("word.project", project.name, lang),
        _fact("word.organisation", project.organisation, lang),
    ]


def _howto(q: Questionnaire, lang: str, deadline: dt.date | None) -> Any:
    return_to = q.return_to.get(lang) if q.return_to else ""
    text = t("word.howto", lang, return_to=return_to)
    if deadline:
        text += t("word.howto_deadline", lang, deadline=format_date(deadline, lang))
    media = q.with_role("media")
    if media:
        text += t("word.howto_extra", lang, number=media[0].number)
    return para(*text_runs(text, run_props(size=19)), before=160, after=160, shade="DEEAF6")


def _hidden(ident: Identification) -> Any:
    fields = {k.removeprefix("praxis."): v for k, v in ident.as_properties().items()}
    props = run_props(vanish=True, size=2, color="FFFFFF")
    return para(*text_runs(hidden_meta_text(fields), props), after=0, size=2)


def _custom_xml(ident: Identification) -> bytes:
    root = etree.Element(f"{{{CP_NS}}}Properties", nsmap={None: CP_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(ident.as_properties().items(), start=2):
        prop = etree.SubElement(
            root, f"{{{CP_NS}}}property", {"fmtid": FMTID, "pid": str(pid), "name": name}
        )
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- document -------------------------------------------------------------------------------


def _setup(doc: Any, lang: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_SIZE / 2)
    normal.paragraph_format.space_after = Pt(2)
    rpr = normal.element.get_or_add_rPr()
    rpr.append(el("lang", {"val": DATE_FORMATS.get(lang, DATE_FORMATS["en"])[1]}))
    heading = doc.styles["Heading 1"]
    heading.font.name, heading.font.size = FONT, Pt(14)
    heading.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)


def _footer_runs(q: Questionnaire, project: Project, lang: str) -> list[Any]:
    return text_runs(f"{q.title.get(lang)} – {project.name} · ", run_props(size=16, color=GREY))


def _footer(doc: Any, runs: list[Any]) -> None:
    footer = doc.sections[0].footer
    footer.paragraphs[0].text = ""
    paragraph = footer.part.element.find(w("p"))  # the first paragraph, through public names
    paragraph.extend(runs)
    simple = el("fldSimple", {"instr": " PAGE "}, *text_runs("1", run_props(size=16, color=GREY)))
    paragraph.append(simple)


def _identifier(ident: Identification) -> str:
    return f"{ident.questionnaire}/{ident.version}/{ident.project}"


def _properties(doc: Any, q: Questionnaire, lang: str, identifier: str, custom: bytes) -> None:
    core = doc.core_properties
    core.title = q.title.get(lang)
    core.author = core.last_modified_by = "praxis"
    core.created = core.modified = core.last_printed = FIXED_TIME
    core.revision = 1
    core.identifier = identifier
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


@dataclass
class _Varying:
    """What differs per project: the parts themselves, or holes for them (a template)."""

    facts: list[Any]
    hidden: Any
    footer: list[Any]
    identifier: str
    custom: bytes


def _document(q: Questionnaire, writer: _Writer, deadline: dt.date | None, var: _Varying) -> Any:
    """The python-docx document of the form; ``writer`` holds the prefill (or the holes)."""
    doc = Document()
    _setup(doc, writer.lang)
    writer.slots = {slot.key: slot for slot in form_slots(q)}
    blocks = _header(q, var.facts, writer.lang, deadline)
    for section in q.sections:
        blocks += writer.section(section)
    blocks.append(var.hidden)
    body = doc.element.body
    for block in blocks:
        body.sectPr.addprevious(block)
    _footer(doc, var.footer)
    _properties(doc, q, writer.lang, var.identifier, var.custom)
    return doc


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_docx(
    q: Questionnaire,
    project: Project,
    ident: Identification,
    lang: str,
    deadline: dt.date | None = None,
    prefill: Mapping[str, Any] | None = None,
) -> bytes:
    """The Word form of ``q`` for ``project`` in ``lang`` as .docx bytes (deterministic).

    Built in full: the reference for the fast path (``pipeline.speed.forms.FormBuilder``),
    which a round uses to build the same content faster.
    """
    var = _Varying(
        facts=_project_facts(project, lang),
        hidden=_hidden(ident),
        footer=_footer_runs(q, project, lang),
        identifier=_identifier(ident),
        custom=_custom_xml(ident),
    )
    doc = _document(q, _Writer(q, lang, prefill or {}), deadline, var)
    return fixed_zip(_save(doc))
