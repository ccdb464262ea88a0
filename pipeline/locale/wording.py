"""Answers and conditions in words, one place for both forms, reports and tables."""

from __future__ import annotations

from typing import Any

from pipeline.definition.answer_text import choice_label
from pipeline.definition.question_types import as_text
from pipeline.definition.questionnaire import Condition, Field, Questionnaire
from pipeline.locale.texts import t

__all__ = ["choice_label", "condition_clause", "value_label", "when_instruction"]


def value_label(f: Field, value: Any, lang: str) -> str:
    """A yes/no or choice value as people read it ("Ja", "Instagram"); other values as text."""
    return as_text(f, value, lang)


def when_instruction(q: Questionnaire, condition: Condition, lang: str) -> str:
    """``Nur ausfüllen, wenn Sie bei 7.2 „Ja“ angegeben haben.``: what a form says."""
    target = q.question(condition.question)
    shown = value_label(target, condition.value, lang)
    return t(f"form.when_{condition.op}", lang, number=target.number, value=shown)


def condition_clause(q: Questionnaire, condition: Condition, lang: str) -> str:
    """``wenn bei 7.2 „Ja“ gilt``: the condition inside a sentence of a report."""
    target = q.question(condition.question)
    shown = value_label(target, condition.value, lang)
    return t(f"when.{condition.op}", lang, number=target.number, value=shown)
