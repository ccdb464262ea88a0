"""Pre-filled answers: what the roster already knows about a project (``prefill`` columns)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.definition.question_types import coerce_answer
from pipeline.definition.questionnaire import Questionnaire
from pipeline.round.roster import Project


def prefill_values(q: Questionnaire, project: Project) -> dict[str, Any]:
    """``{question id: typed value}`` for every question whose ``prefill`` column has a value.

    A roster value that does not fit the question (a state name that is no choice) is left
    out, so the project fills it in itself.
    """
    values: dict[str, Any] = {}
    for question in q.answerable():
        if not question.prefill:
            continue
        raw = project.get(question.prefill)
        result = coerce_answer(question, raw) if raw else None
        if result is not None and result.error is None and result.value is not None:
            values[question.id] = result.value
    return values


def prefilled_questions(q: Questionnaire, prefill: Mapping[str, Any]) -> frozenset[str]:
    """The questions whose answers differ per project in a form: those with a ``prefill``
    column, and those ``prefill`` gives a value (or an "other" text) for."""
    owners = {}
    found = set()
    for question in q.answerable():
        owners[question.id] = owners[question.other_id] = question.id
        if question.prefill:
            found.add(question.id)
    found.update(owners[key] for key in prefill if key in owners)
    return frozenset(found)
