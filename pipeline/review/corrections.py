"""Corrections and translations of answers, recorded append-only in the store's
``corrections`` table, and the answers with them applied.

A correction is the value the coordinator gave a question of a project's return (``praxis
correct``, or a changed cell of the corrections workbook), with the original value, the
reason, who and when; a translation is one of kind ``translation`` with its language. The
original answer is never changed: :func:`corrected` gives a submission with them applied.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from pipeline.definition.question_types import as_text
from pipeline.definition.questionnaire import Questionnaire
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.returns.received import now
from pipeline.returns.store import Store, Submission
from pipeline.review.who import current_user


class CorrectionKind(StrEnum):
    CORRECTION = "correction"
    TRANSLATION = "translation"


@dataclass(frozen=True)
class Correction:
    """One row of ``corrections``. ``submission``: the id of the project's current return
    when the correction was made (a later return supersedes it only for the questions it
    changes); ``original``: the value it replaced (None: unanswered)."""

    project: str
    question: str
    value: Any
    original: Any
    reason: str
    submission: int | None = None
    kind: CorrectionKind = CorrectionKind.CORRECTION
    language: str | None = None
    who: str = ""
    time: str = ""
    id: int = 0


def add_correction(db: sqlite3.Connection, correction: Correction) -> int:
    """Record ``correction`` (inside a store transaction; ``who`` and ``time`` filled in
    when empty); its id."""
    cursor = db.execute(
        "INSERT INTO corrections(time, project, question, value, original, submission, kind,"
        " language, reason, who) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            correction.time or now(),
            correction.project,
            correction.question,
            _json(correction.value),
            _json(correction.original),
            correction.submission,
            str(correction.kind),
            correction.language,
            correction.reason,
            correction.who or current_user(),
        ),
    )
    return int(cursor.lastrowid or 0)


def corrections(
    store: Store, project: str | None = None, kind: CorrectionKind | None = None
) -> list[Correction]:
    """Every correction (of ``project``, of ``kind``), oldest first."""
    sql, args = "SELECT * FROM corrections WHERE 1 = 1", []
    if project is not None:
        sql, args = sql + " AND project = ?", [*args, project]
    if kind is not None:
        sql, args = sql + " AND kind = ?", [*args, str(kind)]
    rows = store.db.execute(sql + " ORDER BY id", args).fetchall()
    return [_correction(dict(r)) for r in rows]


def _correction(row: dict[str, Any]) -> Correction:
    return Correction(
        id=row["id"],
        time=row["time"],
        project=row["project"],
        question=row["question"],
        value=json.loads(row["value"]),
        original=json.loads(row["original"]),
        submission=row["submission"],
        kind=CorrectionKind(row["kind"]),
        language=row["language"],
        reason=row["reason"],
        who=row["who"],
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def as_json(value: Any) -> str:
    """``value`` as stored in the ``corrections`` table (JSON, keys sorted): two values are
    the same answer when these are equal."""
    return _json(value)


def superseded(sub: Submission, c: Correction) -> bool:
    """Whether the return ``sub`` supersedes the correction ``c``: it is another (later) return
    of the project than the one ``c`` was made on, and its answer to the question differs from
    that return's (``c.original``). Translations are never superseded here."""
    if c.kind != CorrectionKind.CORRECTION or c.submission is None or c.project != sub.project:
        return False
    return sub.id != c.submission and _json(sub.answers.get(c.question)) != _json(c.original)


def corrected(sub: Submission, found: list[Correction], language: str | None = None) -> Submission:
    """``sub`` with the corrections of its project applied, the latest per question, except
    those ``sub`` supersedes (see :func:`superseded`); a correction to no value removes the
    answer. Translations too when ``language`` is given: those into that language."""
    answers = dict(sub.answers)
    for c in found:
        if c.project != sub.project:
            continue
        if c.kind == CorrectionKind.TRANSLATION:
            if language is None or c.language != language:
                continue
            answers[c.question] = c.value
        elif not superseded(sub, c):
            if c.value is None:
                answers.pop(c.question, None)
            else:
                answers[c.question] = c.value
    return replace(sub, answers=answers)


def correction_section(store: Store, q: Questionnaire, project: str, lang: str) -> str:
    """The report's section on the project's corrections: original, value, reason, who and
    when, and which a later return superseded ("" for none)."""
    found = corrections(store, project, CorrectionKind.CORRECTION)
    current = store.current_submission(project)
    if not found or current is None:
        return ""
    lines = ["", f"## {t('correct.report_title', lang)}", ""]
    for c in found:
        lines.append(f"- {_history_line(q, c, lang)}")
        if superseded(current, c):
            when = long_date(current.received, lang)
            text = t("correct.report_superseded", lang, change=_change(q, c, lang), date=when)
            lines.append(f"  {text}")
    return "\n".join(lines) + "\n"


def _change(q: Questionnaire, c: Correction, lang: str) -> str:
    """``6.1 (2,5 -> 3)``: the question's number, the original and the corrected value (as
    Markdown text)."""
    from pipeline.locale.display import markdown

    try:
        question = q.question(c.question)
    except KeyError:
        return markdown(f"{c.question} ({c.original} -> {c.value})")
    none = t("correct.no_value", lang)
    before = markdown(as_text(question, c.original, lang) or none)
    after = markdown(as_text(question, c.value, lang) or none)
    return f"{question.number} ({before} -> {after})"


def _history_line(q: Questionnaire, c: Correction, lang: str) -> str:
    from pipeline.locale.display import markdown

    return t(
        "correct.report_line",
        lang,
        change=_change(q, c, lang),
        reason=markdown(c.reason),
        who=markdown(c.who),
        time=c.time[:16].replace("T", " "),
    )
