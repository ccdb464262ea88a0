"""Answers as people read them: whether one is given, choice labels, a table answer in words,
the options a choice picks. Shared by the tables, the charts and the compendium (and free of
pandas, which only the tables need); the store's current submissions are read in
:mod:`pipeline.returns.answers`.
"""

from __future__ import annotations

from typing import Any

from pipeline.definition.answer_text import Shown
from pipeline.definition.question_types import as_text as type_text
from pipeline.definition.question_types import kind_of
from pipeline.definition.questionnaire import Field, Question, Questionnaire
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
    """A value as shown in the tables: numbers stay numbers, choices as labels in ``lang``,
    lists joined by "; " (the type table's text of the answer)."""
    if not answered(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return type_text(f, value, lang, Shown.TABLE)


def as_text(value: Any) -> str:
    """A shown value as text (numbers in plain notation)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def answer_text(question: Question, value: Any, lang: str) -> str:
    """An answer as one text in the tables (a table answer: ``Org: Jugendamt; Org: Schule``)."""
    return type_text(question, value, lang, Shown.TABLE)


def option_values(question: Question) -> list[str]:
    """The values a choice question counts: its choices (and "other"), yes/no, the points."""
    options = kind_of(question).options
    return options(question) if options else []


def option_label(question: Question, value: str, lang: str) -> str:
    """An option's label: ``ja``/``nein``, a choice's label, a point (``1 – trifft gar nicht
    zu``, ``2``)."""
    kind = kind_of(question)
    if kind.truth:
        return yes_no(value == "yes", lang)
    if kind.numeric:
        return type_text(question, int(value), lang, Shown.FORM)
    return choice_label(question, value, lang)


def picked(question: Question, value: Any) -> set[str]:
    """The option values an answer picks (empty when unanswered)."""
    if not answered(value):
        return set()
    if kind_of(question).truth:
        return {"yes" if value else "no"}
    if isinstance(value, list):
        return {str(v) for v in value}
    return {str(value)}


def group_question(q: Questionnaire) -> Question | None:
    """The single-choice question whose compendium role is ``group`` (the field of action)."""
    return next((x for x in q.with_role("group") if x.type == "select_one"), None)
