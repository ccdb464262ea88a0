"""Answers and conditions in words, one place for both forms, reports and tables."""

from __future__ import annotations

from typing import Any

from babel.lists import format_list

from pipeline.definition.answer_text import choice_label
from pipeline.definition.question_types import as_text
from pipeline.definition.questionnaire import AllOf, AnyOf, Condition, Field, Questionnaire, When
from pipeline.locale.texts import LANGUAGES, t

__all__ = [
    "choice_label",
    "condition_clause",
    "section_instruction",
    "value_label",
    "when_instruction",
]


def value_label(f: Field, value: Any, lang: str) -> str:
    """A yes/no or choice value as people read it ("Ja", "Instagram"); other values as text."""
    return as_text(f, value, lang)


def when_instruction(q: Questionnaire, condition: When, lang: str) -> str:
    """``Nur ausfüllen, wenn Sie bei 7.2 „Ja“ angegeben haben.``: what a form says."""
    return t("form.when", lang, clause=_clause(q, condition, lang, FORM))


def section_instruction(q: Questionnaire, condition: When, lang: str) -> str:
    """``Diesen Abschnitt nur ausfüllen, wenn Sie ...``: what a form says under the heading
    of a section with a ``when``."""
    return t("form.when_section", lang, clause=_clause(q, condition, lang, FORM))


def condition_clause(q: Questionnaire, condition: When, lang: str) -> str:
    """``wenn bei 7.2 „Ja“ angegeben ist``: the condition inside a sentence of a report."""
    return t("when.if", lang, clause=_clause(q, condition, lang, REPORT))


FORM, REPORT = "form", "report"
"""Whose clauses: the forms' ("bei 7.2 „Ja“ angegeben") or the reports' ("bei 7.2 „Ja“
angegeben ist")."""


def _key(kind: str, op: str) -> str:
    return f"form.when_{op}" if kind == FORM else f"when.{op}"


def _clause(q: Questionnaire, condition: When, lang: str, kind: str, nested: bool = False) -> str:
    """The condition as a clause of ``kind``; ``all``/``any`` join their parts with
    "und"/"oder" (a group inside another in brackets)."""
    if isinstance(condition, AllOf | AnyOf):
        parts = [_clause(q, c, lang, kind, nested=True) for c in condition.conditions]
        joined = _joined(parts, lang, "standard" if isinstance(condition, AllOf) else "or")
        return f"({joined})" if nested and len(parts) > 1 else joined
    return _simple(q, condition, lang, kind)


def _simple(q: Questionnaire, condition: Condition, lang: str, kind: str) -> str:
    target = q.question(condition.question)
    if condition.op == "answered":
        key = "answered" if condition.value else "unanswered"
        return t(_key(kind, key), lang, number=target.number)
    if condition.op == "in":
        quoted = [
            t("when.quoted", lang, value=value_label(target, v, lang)) for v in condition.value
        ]
        values = _joined(quoted, lang, "or")
        return t(_key(kind, "in"), lang, number=target.number, values=values)
    shown = value_label(target, condition.value, lang)
    return t(_key(kind, condition.op), lang, number=target.number, value=shown)


def _joined(parts: list[str], lang: str, style: str) -> str:
    """``a, b und c`` (style ``standard``) or ``a, b oder c`` (``or``) in ``lang``."""
    return format_list(parts, style=style, locale=lang if lang in LANGUAGES else "en")
