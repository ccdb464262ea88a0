"""Question types, declared once (like pyxform's question_type_dictionary).

Each entry says which keys the type accepts in a definition, the JSON Schema piece of its
answer, how a typed answer is read (a ``coerce_*`` function of
:mod:`pipeline.definition.coerce`), how an answer is shown as text (a function of
:mod:`pipeline.definition.answer_text`), which limit hints a form prints
(:mod:`pipeline.definition.hints`), the widget kind per form format, whether it can be a
table column and which skip-logic operators may point at it. Each form format maps a
:class:`WidgetKind` to its writer, reader and filler (``forms/word/widgets.py``,
``forms/excel/widgets.py``); nothing else decides by the type's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pipeline.definition import answer_text as show
from pipeline.definition import coerce, hints
from pipeline.definition.answer_text import Shown
from pipeline.definition.coerce import Coerced, scale_points
from pipeline.definition.questionnaire import OTHER, Field, Question

JsonSchema = dict[str, Any]

URL_PATTERN = r"^(https?://|www\.)\S+$"


def _text(f: Field) -> JsonSchema:
    s: JsonSchema = {"type": "string", "minLength": 1}
    if f.max_length is not None:
        s["maxLength"] = f.max_length
    return s


def _long_text(f: Field) -> JsonSchema:
    s: JsonSchema = {"type": "string", "minLength": 1}
    if f.max_words is not None:
        s["maxWords"] = f.max_words
    if f.min_words is not None:
        s["minWords"] = f.min_words
    return s


def _number(json_type: str) -> Callable[[Field], JsonSchema]:
    def piece(f: Field) -> JsonSchema:
        s: JsonSchema = {"type": json_type}
        if f.min is not None:
            s["minimum"] = f.min
        if f.max is not None:
            s["maximum"] = f.max
        return s

    return piece


def _choice_values(f: Field) -> list[str]:
    values = list(f.choice_values)
    if f.other and OTHER not in values:
        values.append(OTHER)
    return values


def _select_one(f: Field) -> JsonSchema:
    return {"type": "string", "enum": _choice_values(f)}


def _select_multiple(f: Field) -> JsonSchema:
    s: JsonSchema = {
        "type": "array",
        "items": {"type": "string", "enum": _choice_values(f)},
        "uniqueItems": True,
        "minItems": max(1, f.min_choices or 0),
    }
    if f.max_choices is not None:
        s["maxItems"] = f.max_choices
    return s


def _table(f: Field) -> JsonSchema:
    columns = getattr(f, "columns", ())
    row: JsonSchema = {
        "type": "object",
        "properties": {c.id: column_schema(c) for c in columns},
        "required": [c.id for c in columns if c.required],
        "additionalProperties": False,
        "minProperties": 1,
    }
    s: JsonSchema = {"type": "array", "items": row, "minItems": 1}
    if getattr(f, "max_rows", None) is not None:
        s["maxItems"] = f.max_rows  # type: ignore[attr-defined]
    return s


def _scale(f: Field) -> JsonSchema:
    points = scale_points(f)
    return {"type": "integer", "minimum": points[0], "maximum": points[-1]}


def column_schema(f: Field) -> JsonSchema:
    """The answer schema of one table cell."""
    piece = QUESTION_TYPES[f.type].answer_schema
    assert piece is not None
    return piece(f)


def _fixed(piece: JsonSchema) -> Callable[[Field], JsonSchema]:
    return lambda f: dict(piece)


class WidgetKind(StrEnum):
    """How an answer is entered in a form; each format maps a kind to its writer, reader and
    filler. Word kinds first, then Excel kinds; ``none`` (a note) in both."""

    TEXT_LINE = "text_line"
    TEXT_BOX = "text_box"
    DATE_PICKER = "date_picker"
    CHECKBOXES = "checkboxes"
    CHECKBOX_ROW = "checkbox_row"
    DROPDOWN = "dropdown"
    TABLE = "table"
    NONE = "none"
    TEXT_CELL = "text_cell"
    NUMBER_CELL = "number_cell"
    DATE_CELL = "date_cell"
    LIST_CELL = "list_cell"
    OPTION_ROWS = "option_rows"
    TABLE_SHEET = "table_sheet"


W = WidgetKind
WORD_KINDS = (W.TEXT_LINE, W.TEXT_BOX, W.DATE_PICKER, W.CHECKBOXES, W.CHECKBOX_ROW, W.DROPDOWN)
WORD_KINDS += (W.TABLE, W.NONE)
"""The widget kinds of the Word form."""
EXCEL_KINDS = (W.TEXT_CELL, W.NUMBER_CELL, W.DATE_CELL, W.LIST_CELL, W.OPTION_ROWS)
EXCEL_KINDS += (W.TABLE_SHEET, W.NONE)
"""The widget kinds of the Excel form."""
FORMATS = ("word", "excel")

Coercer = Callable[[Field, Any, str], Coerced]
WordWidget = WidgetKind | Callable[[Field], WidgetKind]


def _points(f: Field) -> list[str]:
    return [str(p) for p in scale_points(f)]


def _select_one_widget(f: Field) -> WidgetKind:
    return W.DROPDOWN if shows_dropdown(f) else W.CHECKBOXES


def _coerce_table(f: Field, raw: Any, lang: str) -> Coerced:
    return coerce.coerce_table(f, raw, lang, coerce_answer)


def _table_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    return show.table_text(f, value, lang, lambda c, v, lang, s: as_text(c, v, lang, s))


@dataclass(frozen=True)
class QuestionType:
    """One question type: what a definition may say, what an answer is, how it is read, shown
    and entered."""

    name: str
    answer_schema: Callable[[Field], JsonSchema] | None
    limits: tuple[str, ...] = ()
    has_choices: bool = False
    in_table: bool = True
    when_ops: tuple[str, ...] = ()
    """The comparisons a ``when`` may make with an answer of this type (``answered`` is
    possible with every type that takes an answer)."""
    coerce: Coercer = coerce.coerce_text
    text: show.TextOf = show.plain_text
    hints: hints.HintsOf = hints.no_limits
    word: WordWidget = W.TEXT_LINE
    excel: WidgetKind = W.TEXT_CELL
    numeric: bool = False
    """Whether answers are numbers the tables summarise (count, mean, ...)."""
    options: Callable[[Field], list[str]] | None = None
    """The options a checkbox per option shows (``yes``/``no``, choices, the points)."""
    many: bool = False
    """Whether an answer is a list of options (several may be ticked)."""
    truth: bool = False
    """Whether an answer is a truth value (its options ``yes`` and ``no``)."""

    @property
    def takes_answer(self) -> bool:
        return self.answer_schema is not None


_NUMBERS = {"word": W.TEXT_LINE, "excel": W.NUMBER_CELL, "numeric": True}
_TYPES = (
    QuestionType("text", _text, ("max_length",), hints=hints.text_limits),
    QuestionType(
        "long_text",
        _long_text,
        ("min_words", "max_words"),
        hints=hints.text_limits,
        word=W.TEXT_BOX,
    ),
    QuestionType(
        "integer",
        _number("integer"),
        ("min", "max", "unit"),
        coerce=coerce.coerce_integer,
        text=show.number_text,
        hints=hints.integer_limits,
        **_NUMBERS,  # type: ignore[arg-type]
    ),
    QuestionType(
        "decimal",
        _number("number"),
        ("min", "max", "unit"),
        coerce=coerce.coerce_decimal,
        text=show.number_text,
        hints=hints.decimal_limits,
        **_NUMBERS,  # type: ignore[arg-type]
    ),
    QuestionType(
        "date",
        _fixed({"type": "string", "format": "date"}),
        coerce=coerce.coerce_date,
        text=show.date_text,
        hints=hints.date_limits,
        word=W.DATE_PICKER,
        excel=W.DATE_CELL,
    ),
    QuestionType(
        "yes_no",
        _fixed({"type": "boolean"}),
        when_ops=("equals", "not_equals", "in"),
        options=lambda f: ["yes", "no"],
        truth=True,
        coerce=coerce.coerce_yes_no,
        text=show.yes_no_text,
        word=W.CHECKBOXES,
        excel=W.LIST_CELL,
    ),
    QuestionType(
        "select_one",
        _select_one,
        ("choices", "other", "appearance"),
        True,
        when_ops=("equals", "not_equals", "in"),
        options=_choice_values,
        coerce=coerce.coerce_select_one,
        text=show.choice_text,
        word=_select_one_widget,
        excel=W.LIST_CELL,
    ),
    QuestionType(
        "select_multiple",
        _select_multiple,
        ("choices", "other", "min_choices", "max_choices"),
        True,
        in_table=False,
        when_ops=("includes", "excludes"),
        options=_choice_values,
        many=True,
        coerce=coerce.coerce_select_multiple,
        text=show.choices_text,
        hints=hints.choice_limits,
        word=W.CHECKBOXES,
        excel=W.OPTION_ROWS,
    ),
    QuestionType(
        "scale",
        _scale,
        ("min", "max", "low", "high"),
        in_table=False,
        options=_points,
        coerce=coerce.coerce_scale,
        text=show.scale_text,
        word=W.CHECKBOX_ROW,
        excel=W.LIST_CELL,
        numeric=True,
    ),
    QuestionType(
        "email", _fixed({"type": "string", "format": "email"}), coerce=coerce.coerce_email
    ),
    QuestionType(
        "url",
        _fixed({"type": "string", "pattern": URL_PATTERN}),
        ("max_length",),
        hints=hints.text_limits,
    ),
    QuestionType(
        "note",
        None,
        in_table=False,
        coerce=coerce.coerce_nothing,
        text=show.no_text,
        word=W.NONE,
        excel=W.NONE,
    ),
    QuestionType(
        "table",
        _table,
        ("columns", "max_rows"),
        in_table=False,
        coerce=_coerce_table,
        text=_table_text,
        word=W.TABLE,
        excel=W.TABLE_SHEET,
    ),
)

QUESTION_TYPES: dict[str, QuestionType] = {t.name: t for t in _TYPES}
"""Every question type by name, in the order of the definition format's documentation."""

COLUMN_TYPES = tuple(t.name for t in _TYPES if t.in_table)
"""Types a table column may have."""

APPEARANCES = ("checkboxes", "dropdown")
"""How a select_one is shown: a checkbox per option, or a dropdown for long lists."""

DROPDOWN_FROM = 9
"""A select_one with this many options or more is shown as a dropdown unless told otherwise."""


def qtype(name: str) -> QuestionType:
    return QUESTION_TYPES[name]


def kind_of(f: Field) -> QuestionType:
    """The type table's entry for the question or column ``f``."""
    return QUESTION_TYPES[f.type]


def shows_dropdown(f: Field) -> bool:
    """Whether a select_one is a dropdown (a long list) rather than a checkbox per option."""
    if f.type != "select_one":
        return False
    if f.appearance:
        return f.appearance == "dropdown"
    return len(f.choices) >= DROPDOWN_FROM


SCALE_MAX_POINTS = 11
"""A scale has at most this many points (0 to 10)."""


def coerce_answer(f: Field | Question, raw: Any, lang: str = "de") -> Coerced:
    """The typed answer of ``f`` for the raw value ``raw`` (never raises for bad input);
    numbers are read as written in a form of language ``lang``."""
    if raw is None:
        return coerce.NONE
    return kind_of(f).coerce(f, raw, lang)


def as_text(f: Field, value: Any, lang: str, shown: Shown = Shown.PRINT, other: str = "") -> str:
    """The answer ``value`` of ``f`` as text for ``shown`` (see
    :class:`~pipeline.definition.answer_text.Shown`); ``""`` for no answer. ``other`` is the
    "other, please specify" text, shown instead of "Sonstiges" where given."""
    if value is None or (isinstance(value, str | list) and len(value) == 0):
        return ""
    if shown is Shown.FORM and isinstance(value, bool):
        return show.t("form.yes" if value else "form.no", lang)
    kind = kind_of(f)
    if shown is Shown.FORM and isinstance(value, int | float) and not kind.numeric:
        return show.format_number(value, lang, group_from=None)
    return kind.text(f, value, lang, shown, other)


def widget_for(f: Field, fmt: str) -> WidgetKind:
    """The widget kind that takes the answer of ``f`` in the form format ``fmt`` (``word`` or
    ``excel``)."""
    kind = kind_of(f)
    if fmt == "excel":
        return kind.excel
    if fmt != "word":
        raise ValueError(f"unknown form format {fmt!r}")
    return kind.word if isinstance(kind.word, WidgetKind) else kind.word(f)


_HOW_TO_ENTER: dict[WidgetKind, Callable[[Field, str], list[str]]] = {
    W.DROPDOWN: lambda f, lang: [show.t("hint.pick_one", lang)],
    W.LIST_CELL: lambda f, lang: [
        show.t("hint.pick_yes_no" if f.type == "yes_no" else "hint.pick_one", lang)
    ],
    W.OPTION_ROWS: lambda f, lang: [show.t("hint.pick_many", lang)],
    W.TABLE_SHEET: hints.table_limits,
}
"""Hints on how to enter the answer, where the widget needs one."""


def limit_hints(f: Field, fmt: str, lang: str) -> list[str]:
    """The hint lines a form of format ``fmt`` prints for ``f``: how to enter the answer where
    its widget needs it, then the limits of its type (both forms, the same ``hint.*`` texts)."""
    how = _HOW_TO_ENTER.get(widget_for(f, fmt))
    return [*(how(f, lang) if how else []), *kind_of(f).hints(f, lang)]
