"""Answers as people read them: whether one is given, choice labels, a table answer in words,
the options a choice picks. Shared by the tables, the charts and the compendium (and free of
pandas, which only the tables need); the store's current submissions are read in
:mod:`pipeline.returns.answers`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire
from pipeline.locale.texts import t
from pipeline.locale.wording import choice_label


def answered(value: Any) -> bool:
    """True for a given answer (``0`` and ``False`` are answers; ``""`` and ``[]`` are not)."""
    return not (value is None or (isinstance(value, str | list) and len(value) == 0))


def heading(question: Question, lang: str) -> str:
    """``1.1 Name des Projekts``."""
    return f"{question.number} {question.label.get(lang)}".strip()


def yes_no(value: Any, lang: str) -> str:
    return t("tables.yes" if value else "tables.no", lang)


def display(f: Field, value: Any, lang: str) -> Any:
    """A value as shown in the tables: choices as labels in ``lang``, lists joined by "; "."""
    if not answered(value):
        return None
    if f.type == "yes_no" and isinstance(value, bool):
        return yes_no(value, lang)
    if f.type == "select_one":
        return choice_label(f, str(value), lang)
    if f.type == "select_multiple" and isinstance(value, list):
        return "; ".join(choice_label(f, str(v), lang) for v in value)
    return value


def as_text(value: Any) -> str:
    """A shown value as text (numbers in plain notation)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _table_text(question: Question, rows: Any, lang: str) -> str:
    """A table answer as one text: ``Org: Jugendamt, Seit: 2020; Org: Schule``."""
    if not isinstance(rows, list):
        return as_text(rows)
    parts = []
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        cells = [(c.label.get(lang), display(c, row.get(c.id), lang)) for c in question.columns]
        parts.append(", ".join(f"{label}: {as_text(v)}" for label, v in cells if v is not None))
    return "; ".join(parts)


def answer_text(question: Question, value: Any, lang: str) -> str:
    if question.type == "table":
        return _table_text(question, value, lang)
    return as_text(display(question, value, lang))


def option_values(question: Question) -> list[str]:
    """The values a choice question counts: its choices (and "other"), or yes/no."""
    if question.type == "yes_no":
        return ["yes", "no"]
    values = list(question.choice_values)
    if question.other and OTHER not in values:
        values.append(OTHER)
    return values


def option_label(question: Question, value: str, lang: str) -> str:
    if question.type == "yes_no":
        return yes_no(value == "yes", lang)
    return choice_label(question, value, lang)


def picked(question: Question, value: Any) -> set[str]:
    """The option values an answer picks (empty when unanswered)."""
    if not answered(value):
        return set()
    if question.type == "yes_no":
        return {"yes" if value else "no"}
    if isinstance(value, list):
        return {str(v) for v in value}
    return {str(value)}


def group_question(q: Questionnaire) -> Question | None:
    """The single-choice question whose compendium role is ``group`` (the field of action)."""
    return next((x for x in q.with_role("group") if x.type == "select_one"), None)
