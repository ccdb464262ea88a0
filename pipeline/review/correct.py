"""``praxis correct``: one value the coordinator gives a question of a project's return.

The value is read as a person types it into a form of the round's language (``2,5``,
``31.01.2025``, a choice by its label or code, several separated by ``;``, ``ja``/``nein``)
and checked by the same :class:`~pipeline.returns.submission.Checker` as an answer of a
returned form, with the form's messages. A value that fails is a usage error and nothing is
recorded. A correction is recorded append-only (:mod:`pipeline.review.corrections`) with the
current return's value as the original, an event in the log, and the report rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.errors import PraxisError, UsageError
from pipeline.forms.content import FormContent, FormFormat, Identification, RawAnswer
from pipeline.locale.texts import t
from pipeline.returns.ingest import Ingest
from pipeline.returns.received import now
from pipeline.returns.store import Store, Submission
from pipeline.returns.submission import Checker
from pipeline.review.corrections import (
    Correction,
    add_correction,
    as_json,
    corrected,
    corrections,
)
from pipeline.review.who import current_user
from pipeline.round.lock import writes_round


@dataclass(frozen=True)
class Change:
    """A value to record for ``question`` of ``project`` (as typed: ``typed``)."""

    project: str
    question: str
    value: Any
    typed: str = ""
    where: str = ""
    """Where it was typed (a workbook's cell), for the message when it is bad."""


@dataclass(frozen=True)
class Done:
    """What was recorded: the corrections (empty: the value was the current one) and the
    reports rewritten."""

    recorded: list[Correction]
    reports: list[Path]


def find_question(q: Questionnaire, text: str, lang: str) -> Question:
    """The answerable question ``text`` names by its id or its number (``6.1``); a usage error
    naming the known ones otherwise, and one for a table question (corrected by a new return)."""
    wanted = text.strip()
    found = q.by_number(wanted)
    if found is None or not found.answerable:
        found = next((x for x in q.answerable() if x.id == wanted), None)
    if found is None:
        known = ", ".join(f"{x.number} {x.id}" for x in q.answerable())
        raise UsageError(t("correct.unknown_question", lang, question=wanted, known=known))
    if found.type == "table":
        label = found.label.get(lang)
        raise UsageError(t("correct.table", lang, number=found.number, label=label))
    return found


def read_value(
    q: Questionnaire,
    question: Question,
    typed: Any,
    answers: dict[str, Any],
    form_lang: str,
    lang: str,
    checker: Checker | None = None,
) -> tuple[Any, str | None]:
    """``(value, None)`` for ``typed`` as the answer to ``question`` among the other
    ``answers`` of the return (None: no answer), read as in a form of ``form_lang``; or
    ``(None, message)`` with the message a returned form would get (in ``lang``).
    ``checker``: a :class:`Checker` of ``q`` in ``lang`` to reuse."""
    raw = {k: RawAnswer(k, v) for k, v in answers.items() if k != question.id}
    if typed is not None and str(typed).strip() != "":
        raw[question.id] = RawAnswer(question.id, typed)
    content = FormContent(
        path=None,
        format=FormFormat.XLSX,
        identification=Identification(q.id, q.version, "", "", form_lang),
        answers=raw,
    )
    checked = (checker or Checker(q, lang)).check(content)
    own = [p for p in checked.problems if p.is_error and p.question == question.id]
    if own:
        return None, own[0].message
    return checked.answers.get(question.id), None


@writes_round("round_dir")
def correct(
    round_dir: Path,
    project: str,
    question: str,
    value: str,
    reason: str,
    lang: str | None = None,
) -> Done:
    """Correct ``question`` (id or number) of ``project``'s current return to ``value``
    (typed as in a form of the round's language) for ``reason``."""
    run = Ingest(round_dir, lang)
    known_project(run, project)
    with open_store(run) as store:
        sub = current_return(store, run, project)
        target = find_question(run.q, question, run.lang)
        return record(run, store, [(sub, Change(project, target.id, value, value))], reason)


def known_project(run: Ingest, project: str) -> None:
    """A usage error naming the round's projects when ``project`` is none of them."""
    if project not in run.record.projects:
        known = ", ".join(sorted(run.record.projects))
        raise UsageError(t("correct.unknown_project", run.lang, project=project, known=known))


def open_store(run: Ingest) -> Store:
    """The round's store; a usage error when nothing was ingested yet (none is made)."""
    if not run.rd.store.exists():
        raise UsageError(t("correct.nothing_ingested", run.lang, round=run.rd.root))
    return Store(run.rd.store)


def current_return(store: Store, run: Ingest, project: str) -> Submission:
    """The current return of ``project``; a usage error naming the known projects otherwise."""
    known_project(run, project)
    sub = store.current_submission(project)
    if sub is None:
        raise UsageError(t("correct.no_return", run.lang, project=project))
    return sub


def checked_changes(
    run: Ingest, store: Store, changes: Sequence[tuple[Submission, Change]]
) -> tuple[list[tuple[Submission, Change]], list[tuple[Change, str]]]:
    """The changes read as a form's answers: those that change the current (corrected)
    value, with the value read; and the bad ones with the form's message."""
    found, checker = corrections(store), Checker(run.q, run.lang)
    good: list[tuple[Submission, Change]] = []
    bad: list[tuple[Change, str]] = []
    for sub, change in changes:
        answers = corrected(sub, found).answers
        question = run.q.question(change.question)
        value, message = read_value(
            run.q, question, change.value, answers, run.record.language, run.lang, checker
        )
        if message is not None:
            bad.append((change, message))
        elif as_json(value) != as_json(answers.get(change.question)):
            good.append((sub, Change(change.project, change.question, value, change.typed)))
    return good, bad


def record(
    run: Ingest,
    store: Store,
    changes: Sequence[tuple[Submission, Change]],
    reason: str,
    refuse: type[PraxisError] = UsageError,
) -> Done:
    """Check ``changes`` and record them as corrections for ``reason`` (all or, when any
    value is bad, none: ``refuse`` with the form's message, where it was typed), log them and
    rewrite the projects' reports."""
    if not reason.strip():
        raise UsageError(t("correct.no_reason", run.lang))
    good, bad = checked_changes(run, store, changes)
    if bad:
        lines = "\n".join(f"{c.where}: {m}" if c.where else m for c, m in bad)
        raise refuse(t("correct.bad_value", run.lang, messages=lines))
    who, time, recorded = current_user(), now(), []
    with store.transaction() as db:
        for sub, change in good:
            c = Correction(
                project=change.project,
                question=change.question,
                value=change.value,
                original=sub.answers.get(change.question),
                reason=reason,
                submission=sub.id,
                who=who,
                time=time,
            )
            recorded.append(Correction(**{**c.__dict__, "id": add_correction(db, c)}))
            detail = f"{c.question}: {as_json(c.original)} -> {as_json(c.value)} ({reason})"
            store.log(db, time, "correction", c.project, sub.file_sha256, detail)
    projects = sorted({c.project for c in recorded})
    reports = [run.refresh(store, p, changed=False)[0] for p in projects]
    return Done(recorded, reports)
