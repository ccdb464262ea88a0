"""The filters of the web edition's list of practices: by field of action (the group
question) and by every choice question marked ``compendium: {filter: true}`` (target group,
phenomenon area, ...).

A filter offers the options at least one practice picked, in the order of the choice list.
Options are named by their position (``0``, ``3``) in the page, never by their value, so that
any value a definition uses is safe in an attribute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.publication.answers import group_question, option_label, option_values, picked
from pipeline.publication.compendium.content import applies, shown_heading
from pipeline.publication.compendium.selection import Practice

FILTER_TYPES = ("select_one", "select_multiple")


@dataclass(frozen=True)
class Option:
    """One option of a filter: its position in the choice list and its label."""

    index: int
    label: str


@dataclass(frozen=True)
class Filter:
    """A question to filter by: ``name`` (``f0``, ``f1``: the form field), its legend and
    the options some practice picked."""

    name: str
    question: Question
    legend: str
    options: tuple[Option, ...]


def filter_questions(q: Questionnaire) -> list[Question]:
    """The group question, then every choice question with ``filter: true``, in order."""
    group = group_question(q)
    chosen = [group] if group else []
    for x in q.answerable():
        role = x.compendium
        if role and role.filter and x.type in FILTER_TYPES and x is not group:
            chosen.append(x)
    return chosen


def picked_indices(question: Question, answers: Mapping[str, Any]) -> tuple[int, ...]:
    """The positions of the options an answer picks (none when its skip condition fails)."""
    if not applies(question, answers):
        return ()
    values = option_values(question)
    chosen = picked(question, answers.get(question.id))
    return tuple(n for n, value in enumerate(values) if value in chosen)


def filters(
    q: Questionnaire, practices: Sequence[Practice], lang: str, group_name: str
) -> tuple[Filter, ...]:
    """The filters for ``practices`` (a filter no practice answered is left out)."""
    made = []
    group = group_question(q)
    for question in filter_questions(q):
        used = {n for p in practices for n in picked_indices(question, p.answers)}
        if not used:
            continue
        values = option_values(question)
        options = tuple(Option(n, option_label(question, values[n], lang)) for n in sorted(used))
        legend = group_name if question is group else shown_heading(question, lang)
        made.append(Filter(f"f{len(made)}", question, legend, options))
    return tuple(made)


def practice_marks(practice: Practice, chosen: Sequence[Filter]) -> dict[str, str]:
    """The ``data-`` attributes of a practice in the list: filter name -> the positions of
    its options, separated by spaces (``{"f0": "2", "f1": "0 3"}``)."""
    return {
        f.name: " ".join(str(n) for n in picked_indices(f.question, practice.answers))
        for f in chosen
    }


def practice_labels(practice: Practice, f: Filter) -> str:
    """The labels of the options a practice picked, joined (shown in the list)."""
    labels = {o.index: o.label for o in f.options}
    return ", ".join(labels[n] for n in picked_indices(f.question, practice.answers))
