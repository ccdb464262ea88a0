"""The Word form's widgets: per widget kind of the type table, how its answer part is written,
how its answer is read back (from its controls, and from the table row when they are gone) and
how a filler types an answer into it. ``WIDGETS`` is the one mapping; the writer, the reader and
the filler look a question's widget up there (``widget_for(question, "word")``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline.definition.answer_text import Shown
from pipeline.definition.coerce import choice_value
from pipeline.definition.question_types import (
    WidgetKind,
    as_text,
    kind_of,
    widget_for,
)
from pipeline.definition.questionnaire import OTHER, Field, Question
from pipeline.forms.word.blocks import cell, row, table, text_para
from pipeline.forms.word.xml import (
    TICK_GLYPHS,
    W_P,
    W_TC,
    W_TR,
    YES_NO,
    Slot,
    node_text,
    option_values,
    table_rows,
    val,
    w,
)
from pipeline.locale.texts import LANGUAGES, t

W = WidgetKind
Answers = Mapping[str, Any]
GREY = "595959"
SMALL_SIZE = 17  # 8.5 pt
CELL_SIZE = 19  # 9.5 pt: a table cell's answer
OPTION_SEPARATOR = "\u00a0· "
"""Between the options listed under a column's heading: a line breaks after the dot only."""
ANSWER_FILL = "EDEDED"
HEADER_FILL = "D9D9D9"
NUM_W, QUESTION_W, ANSWER_W = 700, 3640, 5298  # twips; text width 170 mm = 9638
CHECK_W = 420
_PLACEHOLDER_KEYS = (
    "word.placeholder",
    "word.placeholder_cell",
    "word.placeholder_date",
    "word.choose",
    "word.date_format",
)
PLACEHOLDERS = frozenset(
    [t(key, lang) for key in _PLACEHOLDER_KEYS for lang in LANGUAGES]
    + [
        "Click or tap here to enter text.",
        "Choose an item.",
        "Click or tap to enter a date.",
        "Klicken oder tippen Sie hier, um Text einzugeben.",
        "Wählen Sie ein Element aus.",
    ]
)
OTHER_LABELS = frozenset(t("word.other", lang).rstrip(":").casefold() for lang in LANGUAGES)


class Builder(Protocol):
    """What a widget's writer uses of the form writer: the controls and the pre-filled answers."""

    lang: str
    prefill: Mapping[str, Any]
    slots: dict[str, Slot]

    def text(self, key: str, **kw: Any) -> str: ...
    def bookmarked(self, slot: Slot, sdt: Any, *, after: int = 0) -> Any: ...
    def text_control(self, slot: Slot, value: Any, **kw: Any) -> Any: ...
    def date_control(self, slot: Slot, value: Any) -> Any: ...
    def dropdown_control(self, slot: Slot, value: Any, *, size: int | None = None) -> Any: ...
    def checkbox_control(self, slot: Slot, checked: bool) -> Any: ...


def clean(text: str | None) -> str | None:
    """The text without placeholder text and surrounding blanks; None when nothing is left."""
    if text is None:
        return None
    lines = [line for line in text.split("\n") if line.strip() not in PLACEHOLDERS]
    cleaned = "\n".join(lines).strip()
    return cleaned or None


def choice_column(column: Field) -> bool:
    """Whether the table column ``column`` takes one of its options (a dropdown per cell)."""
    return kind_of(column).has_choices


def cell_value(column: Field, text: str | None) -> str | None:
    """A table cell's value from its shown text: the option's value for a label or value of a
    choice column, else the text as typed (coercion says what is wrong with it)."""
    if text is None or not choice_column(column):
        return text
    return choice_value(column, text) or text


def column_options(column: Field, lang: str) -> list[tuple[str, str]]:
    """(shown label, value) of every option of a choice column, "Sonstiges" included."""
    return [(as_text(column, v, lang, Shown.FORM), v) for v in option_values(column)]


def dropdown_value(q: Question, text: str | None) -> str | None:
    """The choice value for a shown label or value (the text itself if none matches)."""
    if text is None:
        return None
    if text.rstrip(":").casefold() in OTHER_LABELS:
        return OTHER
    return choice_value(q, text) or text


def ticked_glyph(text: str) -> bool:
    return any(glyph in text for glyph in TICK_GLYPHS)


# --- writing -------------------------------------------------------------------------------


def _boxed(blocks: list[Any]) -> Any:
    return cell(blocks, ANSWER_W, fill=ANSWER_FILL, borders=True)


def write_text_line(b: Builder, q: Question) -> Any:
    slot = b.slots[q.id]
    return _boxed([b.bookmarked(slot, b.text_control(slot, b.prefill.get(q.id)))])


def write_text_box(b: Builder, q: Question) -> Any:
    slot = b.slots[q.id]
    sdt = b.text_control(slot, b.prefill.get(q.id))
    return _boxed([b.bookmarked(slot, sdt)])


def write_date(b: Builder, q: Question) -> Any:
    slot = b.slots[q.id]
    return _boxed([b.bookmarked(slot, b.date_control(slot, b.prefill.get(q.id)))])


def write_dropdown(b: Builder, q: Question) -> Any:
    slot = b.slots[q.id]
    blocks = [b.bookmarked(slot, b.dropdown_control(slot, b.prefill.get(q.id)))]
    if q.other:
        blocks += _other_text(b, q)
    return _boxed(blocks)


def _other_text(b: Builder, q: Question) -> list[Any]:
    slot = b.slots[q.other_id]
    label = text_para(b.text("word.other"), after=0, size=SMALL_SIZE, color=GREY)
    sdt = b.text_control(slot, b.prefill.get(q.other_id))
    return [label, b.bookmarked(slot, sdt)]


def ticked(q: Question, value: Any) -> set[str]:
    """The options an answer ticks (``yes``/``no`` for a yes/no, the point of a scale)."""
    if isinstance(value, bool):
        return {name for name, flag in YES_NO if value is flag}
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


def _check_cell(
    b: Builder, q: Question, option: str, chosen: set[str], width: int, centre: bool = False
) -> Any:
    slot = b.slots[f"{q.id}={option}"]
    box = b.bookmarked(slot, b.checkbox_control(slot, option in chosen))
    if centre:
        box[0].append(val("jc", "center"))  # the paragraph's pPr holds only its spacing
    return cell([box], width, valign="center")


def option_label(q: Question, option: str, lang: str) -> str:
    if kind_of(q).truth:
        return t("form.yes" if option == "yes" else "form.no", lang)
    choice = q.choice(option)
    return choice.label.get(lang) if choice else t("word.other", lang)


def write_checkboxes(b: Builder, q: Question) -> Any:
    """One checkbox per option, each alone in its cell beside the option's label (yes/no: the
    two side by side)."""
    chosen = ticked(q, b.prefill.get(q.id))
    width = ANSWER_W - 2 * 85
    pairs = [
        (_check_cell(b, q, option, chosen, CHECK_W), option_label(q, option, b.lang))
        for option in option_values(q)
    ]
    if kind_of(q).truth:
        half = width // 2 - CHECK_W
        cells = [
            c
            for box, label in pairs
            for c in (box, cell([text_para(label)], half, valign="center"))
        ]
        inner = table([row(cells)], [CHECK_W, half, CHECK_W, half], borders=False, margin=28)
        return cell([inner], ANSWER_W)
    rest = width - CHECK_W
    rows = [row([box, cell([text_para(label)], rest, valign="center")]) for box, label in pairs]
    if q.other:
        slot = b.slots[q.other_id]
        sdt = b.text_control(slot, b.prefill.get(q.other_id))
        other = cell([b.bookmarked(slot, sdt)], width, span=2, fill=ANSWER_FILL, borders=True)
        rows.append(row([other]))
    return cell([table(rows, [CHECK_W, rest], borders=False, margin=28)], ANSWER_W)


def write_checkbox_row(b: Builder, q: Question) -> Any:
    """A scale: the points in a row, each checkbox alone in its cell with its number below,
    and the ends' labels under the first and the last point."""
    points = option_values(q)
    chosen = ticked(q, b.prefill.get(q.id))
    width = ANSWER_W - 2 * 85
    each = width // len(points)
    boxes = [_check_cell(b, q, p, chosen, each, centre=True) for p in points]
    numbers = [
        cell([text_para(p, after=0, size=SMALL_SIZE, color=GREY, align="center")], each)
        for p in points
    ]
    half = len(points) // 2
    low = q.low.get(b.lang) if q.low else ""
    high = q.high.get(b.lang) if q.high else ""
    ends = [
        cell([text_para(low, after=0, size=SMALL_SIZE, color=GREY)], each * half, span=half),
        cell(
            [text_para(high, after=0, size=SMALL_SIZE, color=GREY, align="right")],
            each * (len(points) - half),
            span=len(points) - half,
        ),
    ]
    rows = [row(boxes), row(numbers)] + ([row(ends)] if low or high else [])
    return cell([table(rows, [each] * len(points), borders=False, margin=28)], ANSWER_W)


def write_table(b: Builder, q: Question) -> Any:
    """A table question: a nested table with a control per cell, a row per entry (a choice
    column: a dropdown per cell, its options also listed under the column's heading)."""
    width = QUESTION_W + ANSWER_W - 2 * 85
    number_w = 380
    col_w = (width - number_w) // max(1, len(q.columns))
    widths = [number_w] + [col_w] * len(q.columns)
    head = [cell([text_para("", size=SMALL_SIZE)], number_w, fill=HEADER_FILL)]
    head += [cell(_column_head(b, c), col_w, fill=HEADER_FILL) for c in q.columns]
    rows = [row(head, header=True)]
    prefilled = b.prefill.get(q.id) or []
    for number in range(1, table_rows(q) + 1):
        given = prefilled[number - 1] if number <= len(prefilled) else {}
        cells = [cell([text_para(str(number), size=SMALL_SIZE, color=GREY)], number_w)]
        for column in q.columns:
            slot = b.slots[f"{q.id}[{number}].{column.id}"]
            cells.append(
                cell(
                    [b.bookmarked(slot, _cell_control(b, slot, column, given))],
                    col_w,
                    fill=ANSWER_FILL,
                )
            )
        rows.append(row(cells))
    return table(rows, widths, margin=57)


def _column_head(b: Builder, column: Field) -> list[Any]:
    """A column's heading: its label; under it, for a choice column, its options in small
    type (seen on paper and in programs that show no dropdown)."""
    blocks = [text_para(column.label.get(b.lang), bold=True, size=SMALL_SIZE)]
    if choice_column(column):
        labels = OPTION_SEPARATOR.join(label for label, _ in column_options(column, b.lang))
        text = b.text("word.column_options", options=labels)
        blocks.append(text_para(text, after=0, size=SMALL_SIZE, color=GREY))
    return blocks


def _cell_control(b: Builder, slot: Slot, column: Field, given: Mapping[str, Any]) -> Any:
    value = given.get(column.id)
    if choice_column(column):
        return b.dropdown_control(slot, value, size=CELL_SIZE)
    dated = widget_for(column, "word") is W.DATE_PICKER
    placeholder = b.text("word.date_format" if dated else "word.placeholder_cell")
    return b.text_control(slot, value, placeholder=placeholder, size=CELL_SIZE)


def write_nothing(b: Builder, q: Question) -> Any:
    return None


# --- reading -------------------------------------------------------------------------------


def _choice_answer(question: Question, ticked_options: list[str], many: bool) -> Any:
    values: list[Any] = ticked_options
    if kind_of(question).truth:
        values = [flag for name, flag in YES_NO if name in ticked_options]
    if many or len(values) != 1:
        return values or None
    return values[0]


def _table_answer(cells: Iterator[tuple[int, str, Any]]) -> Any:
    rows: dict[int, dict[str, Any]] = {}
    for number, column, value in cells:
        if value is not None:
            rows.setdefault(number, {})[column] = value
    return [rows[n] for n in sorted(rows)] or None


def read_one(question: Question, values: list[tuple[Slot, Any]]) -> Any:
    """The answer of a widget with one control (text, date, dropdown)."""
    return values[0][1] if values else None


def read_checks(question: Question, values: list[tuple[Slot, Any]]) -> Any:
    """The ticked options: one value, or a list for a multiple choice (or several ticked)."""
    many = _many(question)
    return _choice_answer(question, [s.option for s, v in values if v and s.option], many)


def _many(question: Question) -> bool:
    return kind_of(question).many


def read_table(question: Question, values: list[tuple[Slot, Any]]) -> Any:
    cells = ((s.row, s.column.id, v) for s, v in values if s.column is not None)
    return _table_answer(cells)


def nested_rows(answer_cell: Any) -> list[list[Any]]:
    found = answer_cell.find(f".//{w('tbl')}")
    return [r.findall(W_TC) for r in found.iter(W_TR)] if found is not None else []


def row_checks(question: Question, answer_cell: Any) -> dict[str, Any]:
    """The ticked options read from the table row: checkbox and label pairs."""
    options = option_values(question)
    labels = {option_label(question, o, lang).casefold(): o for o in options for lang in LANGUAGES}
    chosen, other, position = [], None, 0
    for cells in nested_rows(answer_cell):
        if len(cells) == 1:
            other = clean(node_text(cells[0]))
            continue
        for box, label in zip(cells[::2], cells[1::2], strict=False):
            option = labels.get(node_text(label).strip().casefold())
            option = option or (options[position] if position < len(options) else None)
            position += 1
            if option and ticked_glyph(node_text(box)):
                chosen.append(option)
    answers = {question.id: _choice_answer(question, chosen, _many(question))}
    if question.other:
        answers[question.other_id] = other
    return answers


def row_checkbox_row(question: Question, answer_cell: Any) -> dict[str, Any]:
    """A scale read from the table row: its first row holds a checkbox per point, in order."""
    rows = nested_rows(answer_cell)
    boxes = rows[0] if rows else []
    points = zip(option_values(question), boxes, strict=False)
    chosen = [p for p, box in points if ticked_glyph(node_text(box))]
    return {question.id: _choice_answer(question, chosen, False)}


def row_table_cells(question: Question, answer_cell: Any) -> list[tuple[int, str, Any, Any]]:
    """(row number, column id, text, table cell) of every cell of a table question's rows."""
    cells = []
    for number, cells_of_row in enumerate(nested_rows(answer_cell)[1:], start=1):
        texts = cells_of_row[-len(question.columns) :] if question.columns else []
        for column, text_cell in zip(question.columns, texts, strict=False):
            value = cell_value(column, clean(node_text(text_cell)))
            cells.append((number, column.id, value, text_cell))
    return cells


def row_table(question: Question, answer_cell: Any) -> dict[str, Any]:
    cells = ((n, column, text) for n, column, text, _ in row_table_cells(question, answer_cell))
    return {question.id: _table_answer(cells)}


def _paragraphs(answer_cell: Any) -> list[str]:
    return [node_text(p) for p in answer_cell.findall(W_P)]


def row_text(question: Question, answer_cell: Any) -> dict[str, Any]:
    return {question.id: clean("\n".join(_paragraphs(answer_cell)))}


def row_dropdown(question: Question, answer_cell: Any) -> dict[str, Any]:
    paragraphs = _paragraphs(answer_cell)
    answers = {question.id: dropdown_value(question, clean(paragraphs[0]))}
    if question.other and len(paragraphs) > 1:
        answers[question.other_id] = clean("\n".join(paragraphs[2:]))
    return answers


def row_nothing(question: Question, answer_cell: Any) -> dict[str, Any]:
    return {}


# --- filling -------------------------------------------------------------------------------


class Person(Protocol):
    """The filler's view of one question's row, as a person sees it (forms/word/filler.py)."""

    def fill_answer(self, value: Any) -> None: ...
    def tick_boxes(self, value: Any) -> None: ...
    def fill_table(self, rows: Any) -> None: ...


def fill_answer(person: Person, value: Any) -> None:
    person.fill_answer(value)


def fill_boxes(person: Person, value: Any) -> None:
    person.tick_boxes(value)


def fill_rows(person: Person, value: Any) -> None:
    person.fill_table(value)


def fill_nothing(person: Person, value: Any) -> None:
    return None


@dataclass(frozen=True)
class Widget:
    """How one widget kind is written, read (from its controls; from its table row) and filled."""

    write: Callable[[Builder, Question], Any]
    read: Callable[[Question, list[tuple[Slot, Any]]], Any]
    read_row: Callable[[Question, Any], dict[str, Any]]
    fill: Callable[[Person, Any], None]


WIDGETS: dict[WidgetKind, Widget] = {
    W.TEXT_LINE: Widget(write_text_line, read_one, row_text, fill_answer),
    W.TEXT_BOX: Widget(write_text_box, read_one, row_text, fill_answer),
    W.DATE_PICKER: Widget(write_date, read_one, row_text, fill_answer),
    W.DROPDOWN: Widget(write_dropdown, read_one, row_dropdown, fill_answer),
    W.CHECKBOXES: Widget(write_checkboxes, read_checks, row_checks, fill_boxes),
    W.CHECKBOX_ROW: Widget(write_checkbox_row, read_checks, row_checkbox_row, fill_boxes),
    W.TABLE: Widget(write_table, read_table, row_table, fill_rows),
    W.NONE: Widget(write_nothing, read_one, row_nothing, fill_nothing),
}
"""Every widget kind of the Word form: its writer, reader (controls, row) and filler."""


def widget(question: Question) -> Widget:
    """The widget of ``question`` in the Word form."""
    return WIDGETS[widget_for(question, "word")]
