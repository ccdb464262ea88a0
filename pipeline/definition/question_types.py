"""Question types, declared once (like pyxform's question_type_dictionary).

Each entry says which keys the type accepts in a definition, the JSON Schema piece of its
answer, whether it can be a table column and which skip-logic operators may point at it.
Forms add their widgets by type name from this table, never by if/else chains elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pipeline.definition.questionnaire import OTHER, Field

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


def column_schema(f: Field) -> JsonSchema:
    """The answer schema of one table cell."""
    piece = QUESTION_TYPES[f.type].answer_schema
    assert piece is not None
    return piece(f)


def _fixed(piece: JsonSchema) -> Callable[[Field], JsonSchema]:
    return lambda f: dict(piece)


@dataclass(frozen=True)
class QuestionType:
    name: str
    answer_schema: Callable[[Field], JsonSchema] | None
    limits: tuple[str, ...] = ()
    has_choices: bool = False
    in_table: bool = True
    when_ops: tuple[str, ...] = ()

    @property
    def takes_answer(self) -> bool:
        return self.answer_schema is not None


_TYPES = (
    QuestionType("text", _text, ("max_length",)),
    QuestionType("long_text", _long_text, ("min_words", "max_words")),
    QuestionType("integer", _number("integer"), ("min", "max", "unit")),
    QuestionType("decimal", _number("number"), ("min", "max", "unit")),
    QuestionType("date", _fixed({"type": "string", "format": "date"})),
    QuestionType("yes_no", _fixed({"type": "boolean"}), when_ops=("equals",)),
    QuestionType(
        "select_one", _select_one, ("choices", "other", "appearance"), True, when_ops=("equals",)
    ),
    QuestionType(
        "select_multiple",
        _select_multiple,
        ("choices", "other", "min_choices", "max_choices"),
        True,
        in_table=False,
        when_ops=("includes",),
    ),
    QuestionType("email", _fixed({"type": "string", "format": "email"})),
    QuestionType("url", _fixed({"type": "string", "pattern": URL_PATTERN}), ("max_length",)),
    QuestionType("note", None, in_table=False),
    QuestionType("table", _table, ("columns", "max_rows"), in_table=False),
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


def shows_dropdown(f: Field) -> bool:
    """Whether a select_one is a dropdown (a long list) rather than a checkbox per option."""
    if f.type != "select_one":
        return False
    if f.appearance:
        return f.appearance == "dropdown"
    return len(f.choices) >= DROPDOWN_FROM
