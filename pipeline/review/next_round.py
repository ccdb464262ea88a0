"""The next round built on the last (``praxis generate --from-round OLD``).

Every question whose id is in both definitions, with the same type, is pre-filled with the
project's current (corrected) answer in OLD (:func:`pipeline.returns.answers.current_submissions`)
and marked in the form as taken from the last round. Not carried over: questions removed or
whose type changed, table questions (the Excel form pre-fills no table), and answers the new
definition refuses (a choice that is gone, a new limit); an answer whose choice is gone is
named in the project's cover letter instead. Master data from the roster always wins.

What was carried over is recorded in ``NEW/prefill.json`` (``{"from_round": OLD, "projects":
{id: {question: value}}}``) so the ingest can tell which answers came back confirmed and which
changed (:func:`carried_section`, a section of the project's report).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.question_types import as_text, kind_of
from pipeline.definition.questionnaire import OTHER, Question, Questionnaire
from pipeline.errors import RoundError
from pipeline.forms.excel.widgets import widget
from pipeline.forms.prefill import prefill_values
from pipeline.locale.texts import t
from pipeline.publication.answers import answered
from pipeline.returns.answers import current_submissions
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir, RoundProject, write_atomic
from pipeline.round.roster import Project

PREFILL_FILE = "prefill.json"


@dataclass
class Carried:
    """What one project takes over from the last round."""

    values: dict[str, Any] = field(default_factory=dict)
    """``{question id: value}`` (and ``<id>_other`` texts) to pre-fill and mark."""
    gone: list[str] = field(default_factory=list)
    """Lines for the cover letter: old answers whose choice no longer exists."""
    questions: set[str] = field(default_factory=set)
    """The questions pre-filled (``values`` also holds their "other" texts)."""


@dataclass
class LastRound:
    """The answers of round OLD, ready to pre-fill the forms of a new questionnaire."""

    root: Path
    old: Questionnaire
    new: Questionnaire
    answers: dict[str, dict[str, Any]]

    def carried(self, project: str, lang: str) -> Carried:
        """What ``project`` takes over (nothing when it is new or had not returned)."""
        found = Carried()
        given = self.answers.get(project, {})
        old = {q.id: q for q in self.old.answerable()}
        for question in self.new.answerable():
            value = given.get(question.id)
            previous = old.get(question.id)
            previous = previous if previous is not None and previous.type == question.type else None
            if previous is None or not answered(value) or widget(question).layout == "table":
                continue
            if _valid(question, value):
                found.values[question.id] = value
                found.questions.add(question.id)
                other = given.get(question.other_id)
                if question.other and answered(other):
                    found.values[question.other_id] = other
            elif question.choices and not _valid_choices(question, value):
                shown = as_text(previous, value, lang, other=str(given.get(question.other_id, "")))
                found.gone.append(
                    t("next_round.choice_gone", lang, number=question.number, answer=shown)
                )
        return found


def _valid(question: Question, value: Any) -> bool:
    schema = kind_of(question).answer_schema
    return schema is not None and Draft202012Validator(schema(question)).is_valid(value)


def _valid_choices(question: Question, value: Any) -> bool:
    """Whether every option of ``value`` is still a choice of ``question``."""
    options = set(question.choice_values) | ({OTHER} if question.other else set())
    return all(v in options for v in (value if isinstance(value, list) else [value]))


def last_round(old: Path, new: Questionnaire, lang: str) -> LastRound:
    """The answers of the round folder ``old``; refused when it is no round with a store."""
    rd = RoundDir(old)
    if not rd.exists() or not rd.store.exists():
        raise RoundError(t("next_round.no_round", lang, round=old))
    previous = load_questionnaire(rd.definition, lang)
    answers = {s.project: dict(s.answers) for s in current_submissions(rd)}
    return LastRound(old, previous, new, answers)


def recorded_round(root: Path) -> Path | None:
    """The round a round folder was made ``--from-round`` (None: from none)."""
    record = _load(root / PREFILL_FILE)
    return Path(record["from_round"]) if record and record.get("from_round") else None


def carried_note(
    root: Path,
    staged: Path,
    last: LastRound,
    projects: Sequence[Project],
    added: Sequence[RoundProject],
    lang: str,
) -> str:
    """Record in ``staged`` (the new round's staging folder; merged with what ``root`` recorded
    before) where each pre-filled value came from; the summary line for generate."""
    old = os.path.abspath(last.root)  # found again from any working folder
    record = _load(root / PREFILL_FILE) or {"from_round": old, "projects": {}}
    languages = {entry.id: entry.language for entry in added}
    prefilled = 0
    for project in projects:
        if project.id not in languages:
            continue
        roster = prefill_values(last.new, project)
        values = last.carried(project.id, languages[project.id]).values
        kept = {k: v for k, v in values.items() if k not in roster}
        record["projects"][project.id] = kept
        prefilled += bool(kept)
    text = json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(staged / PREFILL_FILE, (text + "\n").encode("utf-8"))
    return t(
        "next_round.summary",
        lang,
        round=last.root,
        prefilled=prefilled,
        new=len(languages) - prefilled,
    )


def carried_questions(root: Path, project: str) -> frozenset[str]:
    """The questions of ``project``'s forms in the round ``root`` pre-filled from the last."""
    record = _load(root / PREFILL_FILE) or {}
    return frozenset(record.get("projects", {}).get(project, {}))


def _load(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def carried_section(store: Store, q: Questionnaire, project: str, lang: str) -> str:
    """The report's lines on the answers taken from the last round: confirmed or changed."""
    from pipeline.locale.display import markdown

    record = _load(store.path.parent / PREFILL_FILE)
    carried = (record or {}).get("projects", {}).get(project)
    if not carried:
        return ""
    current = store.current_submission(project)
    if current is None:
        return ""
    answers = current.answers
    confirmed, changed = [], []
    for question in (x for x in q.answerable() if x.id in carried):
        if _given(question, answers) == _given(question, carried):
            confirmed.append(question.number)
        else:
            other = str(carried.get(question.other_id, ""))
            before = as_text(question, carried[question.id], lang, other=other)
            changed.append(t("next_round.changed_item", lang, number=question.number, old=before))
    none = t("next_round.none", lang)
    lines = ["", f"## {t('next_round.report_title', lang)}", ""]
    lines.append(markdown(t("next_round.confirmed", lang, items=", ".join(confirmed) or none)))
    lines.append("")  # two paragraphs
    lines.append(markdown(t("next_round.changed", lang, items="; ".join(changed) or none)))
    return "\n".join(lines) + "\n"


def _given(question: Question, answers: dict[str, Any]) -> tuple[Any, Any]:
    """The answer of ``question`` and its "other" text."""
    return answers.get(question.id), answers.get(question.other_id)
