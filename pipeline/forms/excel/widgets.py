"""The Excel form's widgets: per widget kind of the type table, which rows it takes on the main
sheet, how its answer cell is formatted and validated (writer), how a cell's value is read back
(reader) and what a person types into it (filler). ``WIDGETS`` is the one mapping; the writer,
the reader and the filler look a question's widget up there (``widget_for(question, "excel")``).

The rows a widget takes (``layout``) are the kinds the metadata sheet records: ``answer`` (one
answer cell beside the question), ``option`` (a row per option with an x column), ``table`` (a
sheet of its own) or nothing (a note).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.definition.answer_text import Shown
from pipeline.definition.question_types import (
    WidgetKind,
    as_text,
    coerce_answer,
    kind_of,
    widget_for,
)
from pipeline.definition.questionnaire import Field
from pipeline.locale.texts import t

W = WidgetKind
DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}


class Sheet(Protocol):
    """What a widget's writer uses of the form being built."""

    lang: str

    def _validation(self, ws: Worksheet, ref: str, **kwargs: Any) -> None: ...
    def list_formula(self, labels: list[str]) -> str: ...


# --- writing: the answer cell's format and validation --------------------------------------


def write_text(form: Sheet, f: Field, cell: Cell, ref: str) -> None:
    cell.number_format = "@"


def write_number(form: Sheet, f: Field, cell: Cell, ref: str) -> None:
    whole = kind_of(f).answer_schema(f)["type"] == "integer"  # type: ignore[misc]
    cell.number_format = "0" if whole else "General"
    cell.alignment = Alignment(horizontal="left", vertical="top")
    low = -1e15 if f.min is None else f.min
    high = 1e15 if f.max is None else f.max
    limits = kind_of(f).hints(f, form.lang)[0].rstrip(".")
    form._validation(
        cell.parent,
        ref,
        type="whole" if whole else "decimal",
        operator="between",
        formula1=_formula_number(low),
        formula2=_formula_number(high),
        error=t("excel.invalid_number", form.lang, limits=limits),
    )


def _formula_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def write_date(form: Sheet, f: Field, cell: Cell, ref: str) -> None:
    cell.number_format = DATE_FORMATS.get(form.lang, DATE_FORMATS["en"])
    cell.alignment = Alignment(horizontal="left", vertical="top")
    form._validation(
        cell.parent,
        ref,
        type="date",
        operator="between",
        formula1="1",  # 1900-01-01
        formula2="73415",  # 2100-12-31
        error=t("excel.invalid_date", form.lang),
    )


def list_labels(f: Field, lang: str) -> list[str]:
    """Every label a dropdown of ``f`` offers, in order (``Ja``/``Nein``; the choices and
    "Sonstiges"; the points of a scale, its ends labelled)."""
    kind = kind_of(f)
    options = kind.options(f) if kind.options else []
    if kind.truth:
        return [as_text(f, option == "yes", lang, Shown.FORM) for option in options]
    if kind.numeric:
        return [as_text(f, int(option), lang, Shown.FORM) for option in options]
    return [as_text(f, option, lang, Shown.FORM) for option in options]


def write_list(form: Sheet, f: Field, cell: Cell, ref: str) -> None:
    cell.number_format = "@"
    form._validation(
        cell.parent,
        ref,
        type="list",
        formula1=form.list_formula(list_labels(f, form.lang)),
        error=t("excel.invalid_list", form.lang),
    )


def write_nothing(form: Sheet, f: Field, cell: Cell, ref: str) -> None:
    return None


# --- reading and filling: a cell's value ---------------------------------------------------


def read_as_typed(f: Field, raw: Any) -> Any:
    return raw


def read_list(f: Field, raw: Any) -> Any:
    """A label picked from the list -> its value (a choice, a truth value, a point); anything
    else as typed (coercion says what is wrong with it)."""
    if raw is None:
        return None
    read = coerce_answer(f, raw)
    return raw if read.error or read.value is None else read.value


def fill_as_is(f: Field, value: Any, lang: str) -> Any:
    return value


def fill_date(f: Field, value: Any, lang: str) -> Any:
    """A real date for an ISO date (the cell shows it in its format)."""
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def fill_list(f: Field, value: Any, lang: str) -> Any:
    """The label the list shows for ``value`` (``Ja``, a choice's label, ``5 – trifft voll zu``)."""
    if value is None or isinstance(value, list):
        return value
    return as_text(f, value, lang, Shown.FORM)


@dataclass(frozen=True)
class Widget:
    """One widget kind of the Excel form: the rows it takes, and per answer cell its writer,
    reader and filler."""

    layout: str
    write: Callable[[Sheet, Field, Cell, str], None]
    read: Callable[[Field, Any], Any]
    fill: Callable[[Field, Any, str], Any]


WIDGETS: dict[WidgetKind, Widget] = {
    W.TEXT_CELL: Widget("answer", write_text, read_as_typed, fill_as_is),
    W.NUMBER_CELL: Widget("answer", write_number, read_as_typed, fill_as_is),
    W.DATE_CELL: Widget("answer", write_date, read_as_typed, fill_date),
    W.LIST_CELL: Widget("answer", write_list, read_list, fill_list),
    W.OPTION_ROWS: Widget("option", write_nothing, read_as_typed, fill_as_is),
    W.TABLE_SHEET: Widget("table", write_nothing, read_as_typed, fill_as_is),
    W.NONE: Widget("", write_nothing, read_as_typed, fill_as_is),
}
"""Every widget kind of the Excel form: its rows, and its cells' writer, reader and filler."""


def widget(f: Field) -> Widget:
    """The widget of ``f`` (a question or a table column) in the Excel form."""
    return WIDGETS[widget_for(f, "excel")]
