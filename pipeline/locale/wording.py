"""Answers and conditions in words, one place for both forms, reports and tables."""

from __future__ import annotations

from typing import Any

from pipeline.definition.questionnaire import OTHER, Condition, Field, Questionnaire
from pipeline.locale.texts import t


def choice_label(f: Field, value: str, lang: str) -> str:
    """The label of a choice value in ``lang`` (``other`` -> "Sonstiges"/"Other")."""
    choice = f.choice(value)
    if choice is not None:
        return choice.label.get(lang)
    return t("value.other", lang) if value == OTHER else value


def value_label(f: Field, value: Any, lang: str) -> str:
    """A yes/no or choice value as people read it ("Ja", "Instagram"); other values as text."""
    if isinstance(value, bool):
        return t("value.yes" if value else "value.no", lang)
    return choice_label(f, str(value), lang)


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
