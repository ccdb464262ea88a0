"""Pre-filled answers: what the roster already knows about a project (``prefill`` columns)."""

from __future__ import annotations

from typing import Any

from pipeline.coerce import coerce_answer
from pipeline.questionnaire import Questionnaire
from pipeline.roster import Project


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
