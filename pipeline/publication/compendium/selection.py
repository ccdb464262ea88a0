"""Which practices the compendium publishes, and what of their answers it may show.

Only practices whose ``consent`` answers are all yes appear, and their ``contact`` answers
only when the ``consent_contact`` answers are yes too. Contact data a project typed into its
free texts while its contact may not be published is found (and, with ``redact``, replaced)
by :mod:`pipeline.publication.privacy`.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.definition.questionnaire import OTHER, Questionnaire
from pipeline.locale.texts import t
from pipeline.locale.wording import choice_label
from pipeline.publication.answers import answered, group_question
from pipeline.publication.privacy import (
    Finding,
    check_answers,
    redact_answers,
    roster_contact_values,
)
from pipeline.returns.store import Submission
from pipeline.returns.submission import ACCEPTED, ACCEPTED_WITH_WARNINGS, INCOMPLETE
from pipeline.round.folder import RoundDir, RoundRecord
from pipeline.round.roster import csv_rows


@dataclass(frozen=True)
class Practice:
    """One published practice: a project's current submission, as the compendium names it."""

    project: str
    title: str
    organisation: str
    group: str
    group_label: str
    group_order: int
    answers: Mapping[str, Any]
    incomplete: bool
    show_contact: bool
    updated: dt.date | None = None
    """When the current return was saved (else received): the chapter's "last updated"."""
    findings: tuple[Finding, ...] = ()
    """Contact data in its free texts while its contact may not be published (see
    :mod:`pipeline.publication.privacy`); replaced in :attr:`answers` when the compendium
    redacts."""


@dataclass(frozen=True)
class Figures:
    """The round in numbers: projects asked, questionnaires returned, practices included."""

    asked: int
    returned: int
    included: int
    incomplete: int = 0


def has_consent(q: Questionnaire, answers: Mapping[str, Any], role: str = "consent") -> bool:
    """True when the questionnaire asks for ``role`` consent and every such answer is yes."""
    questions = q.with_role(role)
    return bool(questions) and all(answers.get(x.id) is True for x in questions)


def _publishable(sub: Submission, include_incomplete: bool) -> bool:
    if sub.outcome in (ACCEPTED, ACCEPTED_WITH_WARNINGS):
        return True
    return include_incomplete and sub.outcome == INCOMPLETE


def publishes(q: Questionnaire, sub: Submission, include_incomplete: bool = False) -> bool:
    """Whether the compendium shows the practice of ``sub`` (see :func:`select_practices`):
    its outcome allows it and its ``consent`` answers are all yes (only they are read)."""
    return _publishable(sub, include_incomplete) and has_consent(q, sub.answers)


def _text_answer(q: Questionnaire, answers: Mapping[str, Any], pick: Callable) -> str:
    question = next((x for x in q.answerable() if pick(x)), None)
    value = answers.get(question.id) if question else None
    return str(value).strip() if answered(value) else ""


def _group(q: Questionnaire, answers: Mapping[str, Any], lang: str) -> tuple[str, str, int]:
    """(value, label, sort position) of the practice's group answer."""
    group = group_question(q)
    value = answers.get(group.id) if group else None
    if group is None or not answered(value):
        return "", t("compendium.group_none", lang), 10_000
    values = [*group.choice_values, OTHER]
    order = values.index(value) if value in values else len(values)
    return str(value), choice_label(group, str(value), lang), order


def _practice(
    q: Questionnaire,
    record: RoundRecord,
    sub: Submission,
    lang: str,
    redact: bool = False,
    roster: Mapping[str, Sequence[str]] | None = None,
    privacy: bool = True,
) -> Practice:
    answers = sub.answers
    project = record.projects.get(sub.project)
    show_contact = has_consent(q, answers, "consent_contact")
    findings: list[Finding] = []
    if not show_contact and privacy:
        title = _text_answer(q, answers, lambda x: x.compendium and x.compendium.role == "title")
        ids = (sub.project, title or (project.name if project else sub.project))
        own = (roster or {}).get(sub.project, ())
        findings = check_answers(q, answers, project, ids, lang, own)
        if redact and findings:
            answers = redact_answers(q, answers, findings, t("privacy.replacement", lang))
    title = _text_answer(q, answers, lambda x: x.compendium and x.compendium.role == "title")
    organisation = _text_answer(q, answers, lambda x: x.prefill == "organisation")
    value, label, order = _group(q, answers, lang)
    return Practice(
        project=sub.project,
        title=title or (project.name if project else sub.project),
        organisation=organisation or (project.organisation if project else ""),
        group=value,
        group_label=label,
        group_order=order,
        answers=answers,
        incomplete=sub.outcome == INCOMPLETE,
        show_contact=show_contact,
        updated=updated_on(sub),
        findings=tuple(findings),
    )


def updated_on(sub: Submission) -> dt.date | None:
    """The day the return was last saved (as its file says, else its file time), else the
    day it was received: what the chapter shows as "last updated"."""
    for value in (sub.saved, sub.received):
        try:
            return dt.date.fromisoformat(str(value or "")[:10])
        except ValueError:
            continue
    return None


def select_practices(
    q: Questionnaire,
    record: RoundRecord,
    submissions: Iterable[Submission],
    lang: str,
    include_incomplete: bool = False,
    redact: bool = False,
    roster: Mapping[str, Sequence[str]] | None = None,
    privacy: bool = True,
) -> list[Practice]:
    """The practices to publish, sorted by group (choice order) and title; with ``redact``
    contact data in the free texts of those whose contact may not be published is replaced
    (``roster``: project -> its contact values in the roster, see
    :func:`pipeline.publication.privacy.roster_contact_values`). ``privacy`` False: no
    contact data looked for (no findings, nothing replaced; what is not free text is the
    same, for a first look that cannot wait for the check)."""
    practices = [
        _practice(q, record, s, lang, redact, roster, privacy)
        for s in submissions
        if publishes(q, s, include_incomplete)
    ]
    return sorted(
        practices, key=lambda p: (p.group_order, p.group_label, sort_key(p.title), p.project)
    )


def sort_key(text: str) -> str:
    """How the compendium sorts titles and organisations."""
    return text.casefold()


def compendium_figures(
    record: RoundRecord, submissions: Sequence[Submission], practices: Sequence[Practice]
) -> Figures:
    return Figures(
        asked=len(record.projects),
        returned=len(submissions),
        included=len(practices),
        incomplete=sum(p.incomplete for p in practices),
    )


def roster_contacts(rd: RoundDir, q: Questionnaire) -> dict[str, list[str]]:
    """Project -> its contact values in the round's copy of the roster (empty without one)."""
    try:
        return roster_contact_values(q, csv_rows(rd.roster))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}


def review_selection(
    practices: Sequence[Practice], states: Mapping[str, str], approved_only: bool = False
) -> tuple[list[Practice], list[tuple[Practice, str]]]:
    """The practices the review loop lets into the compendium, and those it leaves out with
    their state (``states``: project -> its review state, see
    :func:`pipeline.review.states.current_states`): a ``withdrawn`` project never appears;
    with ``approved_only`` only ``approved`` ones do."""
    kept: list[Practice] = []
    left_out: list[tuple[Practice, str]] = []
    for practice in practices:
        state = str(states.get(practice.project, "received"))
        if state == "withdrawn" or (approved_only and state != "approved"):
            left_out.append((practice, state))
        else:
            kept.append(practice)
    return kept, left_out
