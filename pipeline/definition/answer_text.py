"""Answers as text, one function per question type (the type table names which shows which).

Three readers see an answer: a person reading the compendium or a report (:attr:`Shown.PRINT`:
``1.234 Personen``, ``01.12.2026``, ``4 (von 5)``), a person filling in a form
(:attr:`Shown.FORM`: the text they would type, ``1234``, a date in the form's format, a scale
point as its dropdown shows it) and the tables (:attr:`Shown.TABLE`: labels, ``ja``/``nein``,
several choices joined by ``;``). :func:`pipeline.definition.question_types.as_text` picks the
function of the answer's type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from pipeline.definition.coerce import parse_date, scale_points
from pipeline.definition.questionnaire import OTHER, Field
from pipeline.locale.formatting import format_number, long_date, typed_date
from pipeline.locale.texts import t


class Shown(StrEnum):
    """Who reads the text: a reader (compendium, reports), a person filling in, the tables."""

    PRINT = "print"
    FORM = "form"
    TABLE = "table"


TextOf = Callable[[Field, Any, str, Shown, str], str]
"""``(field, value, lang, shown, other text) -> text`` of one type."""

"""How a form shows a date (the Word date control's format): ``11.10.2023`` in German."""


def choice_label(f: Field, value: str, lang: str) -> str:
    """The label of a choice value in ``lang`` (``other`` -> "Sonstiges"/"Other")."""
    choice = f.choice(value)
    if choice is not None:
        return choice.label.get(lang)
    return t("value.other", lang) if value == OTHER else value


def scale_label(f: Field, point: int, lang: str) -> str:
    """A point as the form lists it: ``1 – trifft gar nicht zu``, ``2``, ..., ``5 – trifft voll
    zu`` (the ends with their labels)."""
    points = scale_points(f)
    end = f.low if point == points[0] else f.high if point == points[-1] else None
    return f"{point} – {end.get(lang)}" if end is not None else str(point)


def plain_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    return str(value).strip() if shown is Shown.PRINT else str(value)


def number_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or shown is Shown.TABLE:
        return str(value)
    if shown is Shown.FORM:
        return format_number(value, lang, group_from=None)
    unit = f" {f.unit.get(lang)}" if f.unit else ""
    return format_number(value, lang) + unit


def date_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    if shown is Shown.TABLE:
        return str(value)
    if shown is Shown.FORM:
        iso = isinstance(value, dt.date) or _is_iso(str(value))
        date = parse_date(value) if iso else None
        return typed_date(date, lang) if date else str(value)
    date = parse_date(value)
    return long_date(date, lang) if date else str(value)


def _is_iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def yes_no_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    if not isinstance(value, bool):
        return str(value)
    if shown is Shown.TABLE:
        return t("tables.yes" if value else "tables.no", lang)
    return t("value.yes" if value else "value.no", lang)


def choice_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    if value == OTHER and other:
        return other
    return choice_label(f, str(value), lang)


def choices_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    values = value if isinstance(value, list | tuple) else [value]
    joiner = "; " if shown is Shown.TABLE else ", "
    return joiner.join(choice_text(f, v, lang, shown, other) for v in values)


def scale_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or shown is Shown.TABLE:
        return str(value)
    point = int(value)
    if shown is Shown.FORM:
        return scale_label(f, point, lang)
    return t("value.scale_of", lang, value=point, max=scale_points(f)[-1])


def table_text(
    f: Field, rows: Any, lang: str, cell: Callable[[Field, Any, str, Shown], str]
) -> str:
    """A table answer as one text: ``Org: Jugendamt, Seit: 2020; Org: Schule``."""
    if not isinstance(rows, list):
        return str(rows)
    parts = []
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        cells = [(c.label.get(lang), row.get(c.id)) for c in getattr(f, "columns", ())]
        parts.append(
            ", ".join(
                f"{label}: {cell(column, v, lang, Shown.TABLE)}"
                for (label, v), column in zip(cells, f.columns, strict=True)  # type: ignore[attr-defined]
                if v is not None and v != "" and v != []
            )
        )
    return "; ".join(parts)


def no_text(f: Field, value: Any, lang: str, shown: Shown, other: str) -> str:
    return ""
