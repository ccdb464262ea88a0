"""What two definitions of one questionnaire version differ in, wording left aside.

A round's definition is fixed when its forms are made (``DIR/definition.yaml``). Forms added
later (``generate --add``) must have the same layout, or their answers would be read against
questions they do not have. :func:`layout_differences` names every difference that matters
for the forms and their reading (questions added, removed, moved or retyped, choices and
columns added or removed, ``required``, limits, skip logic, ...); labels, hints, titles,
intros, units and headings are wording and never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pipeline.definition.questionnaire import (
    AllOf,
    AnyOf,
    Column,
    Condition,
    Field,
    Question,
    Questionnaire,
)
from pipeline.locale.texts import t

FIELD_ATTRIBUTES = (
    "type",
    "required",
    "other",
    "appearance",
    "max_length",
    "min_words",
    "max_words",
    "min",
    "max",
    "min_choices",
    "max_choices",
)
"""What a question or table column may not change within a version (besides its choices)."""
QUESTION_ATTRIBUTES = ("when", "prefill", "max_rows")


def layout_differences(old: Questionnaire, new: Questionnaire, lang: str = "en") -> list[str]:
    """Every difference between ``old`` and ``new`` except wording, one line each, in order."""
    lines = []
    if old.languages != new.languages:
        lines.append(
            t(
                "layout.languages",
                lang,
                old=", ".join(old.languages),
                new=", ".join(new.languages),
            )
        )
    before = {x.id: x for x in old.questions()}
    after = {x.id: x for x in new.questions()}
    for question in old.questions():
        if question.id not in after:
            lines.append(t("layout.removed", lang, number=question.number, id=question.id))
    for question in new.questions():
        earlier = before.get(question.id)
        if earlier is None:
            lines.append(t("layout.added", lang, number=question.number, id=question.id))
        else:
            lines += _question_differences(earlier, question, lang)
    return lines


def _question_differences(old: Question, new: Question, lang: str) -> list[str]:
    where = t("layout.question", lang, number=new.number, id=new.id)
    lines = []
    if old.number != new.number:
        lines.append(t("layout.moved", lang, where=where, old=old.number))
    lines += _field_differences(old, new, where, lang)
    for name in QUESTION_ATTRIBUTES:
        lines += _changed(where, name, getattr(old, name), getattr(new, name), lang)
    if _role(old) != _role(new):
        lines += _changed(where, "compendium", _role(old), _role(new), lang)
    lines += _column_differences(old, new, where, lang)
    return lines


def _field_differences(old: Field, new: Field, where: str, lang: str) -> list[str]:
    lines = []
    for name in FIELD_ATTRIBUTES:
        lines += _changed(where, name, getattr(old, name), getattr(new, name), lang)
    lines += _set_differences(where, "choices", old.choice_values, new.choice_values, lang)
    if not lines and old.choice_values != new.choice_values:
        lines += _changed(where, "choices", "", "", lang, key="layout.reordered")
    return lines


def _column_differences(old: Question, new: Question, where: str, lang: str) -> list[str]:
    columns = [c.id for c in new.columns]
    lines = _set_differences(where, "columns", [c.id for c in old.columns], columns, lang)
    earlier = {c.id: c for c in old.columns}
    common = [c for c in columns if c in earlier]
    if common != [c.id for c in old.columns if c.id in common]:
        lines += _changed(where, "columns", "", "", lang, key="layout.reordered")
    for column in new.columns:
        before: Column | None = earlier.get(column.id)
        if before is not None:
            place = t("layout.column", lang, where=where, column=column.id)
            lines += _field_differences(before, column, place, lang)
    return lines


def _set_differences(
    where: str, what: str, old: Sequence[str], new: Sequence[str], lang: str
) -> list[str]:
    lines = []
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    if added:
        lines.append(
            t(
                f"layout.{what}_added",
                lang,
                where=where,
                values=_names(added, lang),
                count=len(added),
            )
        )
    if removed:
        lines.append(
            t(
                f"layout.{what}_removed",
                lang,
                where=where,
                values=_names(removed, lang),
                count=len(removed),
            )
        )
    return lines


def _changed(
    where: str, name: str, old: Any, new: Any, lang: str, key: str = "layout.changed"
) -> Iterator[str]:
    if key != "layout.changed" or old != new:
        yield t(key, lang, where=where, name=name, old=_shown(old), new=_shown(new))


def _role(question: Question) -> str | None:
    return question.compendium.role if question.compendium else None


def _names(values: Iterable[str], lang: str) -> str:
    return ", ".join(t("quoted", lang, text=v) for v in values)


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, Condition | AllOf | AnyOf):  # skip logic
        return value.text()
    return str(value)
