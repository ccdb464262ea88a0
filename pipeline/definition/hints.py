"""The limit hints a form prints beside a question, one function per kind of limit.

The type table names which function gives the hints of a type;
:func:`pipeline.definition.question_types.limit_hints` is what both forms call. A hint that
depends on how the answer is entered (a list to pick from, an x per option) is given per widget
kind. The texts are the ``hint.*`` keys of the catalogues.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.definition.questionnaire import Field
from pipeline.locale.formatting import format_number
from pipeline.locale.texts import t

HintsOf = Callable[[Field, str], list[str]]
"""``(field, lang) -> hint lines`` of one type (limits only, not how to enter)."""


def text_limits(f: Field, lang: str) -> list[str]:
    """``höchstens 200 Zeichen``, ``mind. 50 Wörter``, ``max. 300 Wörter``."""
    pairs = (
        (f.max_length, "form.max_length"),
        (f.min_words, "form.min_words"),
        (f.max_words, "form.max_words"),
    )
    return [t(key, lang, n=n) for n, key in pairs if n is not None]


def integer_limits(f: Field, lang: str) -> list[str]:
    """``Eine ganze Zahl zwischen 0 und 1.000.000 in Personen.``"""
    return _number_limits(f, lang, "hint.integer")


def decimal_limits(f: Field, lang: str) -> list[str]:
    """``Eine Zahl von mindestens 0 in Euro.``"""
    return _number_limits(f, lang, "hint.decimal")


def _number_limits(f: Field, lang: str, kind: str) -> list[str]:
    parts = [t(kind, lang)]
    low = None if f.min is None else format_number(f.min, lang)
    high = None if f.max is None else format_number(f.max, lang)
    if low is not None and high is not None:
        parts.append(t("hint.between", lang, min=low, max=high))
    elif low is not None:
        parts.append(t("hint.at_least", lang, min=low))
    elif high is not None:
        parts.append(t("hint.at_most", lang, max=high))
    if f.unit:
        parts.append(t("form.unit", lang, unit=f.unit.get(lang)))
    return [" ".join(parts) + "."]


def date_limits(f: Field, lang: str) -> list[str]:
    return [t("hint.date", lang)]


def choice_limits(f: Field, lang: str) -> list[str]:
    """``Bitte 1 bis 3 Optionen ankreuzen.``"""
    low, high = f.min_choices, f.max_choices
    if low and high:
        return [t("hint.choices_between", lang, min=low, max=high)]
    if low:
        return [t("hint.choices_min", lang, min=low)]
    return [t("hint.choices_max", lang, max=high)] if high else []


def table_limits(f: Field, lang: str) -> list[str]:
    return [t("hint.table_rows", lang, n=getattr(f, "max_rows", None) or 10)]


def no_limits(f: Field, lang: str) -> list[str]:
    return []
