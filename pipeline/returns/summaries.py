"""Quick reads of the current returns for pages and lists over every project: only the
columns they need (outcome, time, problems, a few answers), never all answers of all
returns (at 1,000 projects those are some 20 MB of JSON)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.returns.store import Store, Submission
from pipeline.returns.submission import Outcome

QUESTION_ID = re.compile(r"[a-z][a-z0-9_]*")
"""A question's id (as the metaschema allows): safe inside a JSON path of SQLite."""


@dataclass(frozen=True)
class ReturnSummary:
    """What the status of a round needs of a current submission (see
    :func:`current_summaries`): when it came, its outcome, its problems as stored;
    not its answers."""

    project: str
    received: str
    outcome: Outcome
    issues: list[dict[str, Any]]


def current_summaries(store: Store) -> dict[str, ReturnSummary]:
    """``{project: its current submission's summary}``, the projects of
    :meth:`Store.submissions` without reading their answers and changes (quick with many
    projects)."""
    rows = store.db.execute(
        "SELECT s.project, s.received, s.outcome, s.issues FROM submissions s JOIN files f"
        " ON f.sha256 = s.file_sha256 WHERE s.current = 1 ORDER BY s.project, s.id"
    )
    return {r[0]: ReturnSummary(r[0], r[1], Outcome(r[2]), json.loads(r[3])) for r in rows}


def current_answers(store: Store, questions: Sequence[str]) -> list[Submission]:
    """The current submissions as :meth:`Store.submissions` gives them, but with only the
    answers to ``questions`` (those answered; ids as in the questionnaire) and without
    their problems and changes: SQLite picks the answers out of the stored JSON, so only
    those are decoded (quick with many projects, e.g. for the consent questions)."""
    wanted = [q for q in dict.fromkeys(questions) if QUESTION_ID.fullmatch(q)]
    picked = "".join(f", s.answers -> '$.\"{q}\"'" for q in wanted)
    rows = store.db.execute(
        "SELECT s.id, s.project, s.file_sha256, f.name, s.received, s.version, s.format,"
        f" s.outcome, s.current, s.saved, s.saved_from, s.review{picked}"
        " FROM submissions s JOIN files f ON f.sha256 = s.file_sha256"
        " WHERE s.current = 1 ORDER BY s.project, s.id"
    )
    found = []
    for r in rows:
        values = zip(wanted, r[12:], strict=True)
        answers = {q: json.loads(v) for q, v in values if v is not None}
        found.append(
            Submission(
                *r[:7],
                answers=answers,
                issues=[],
                coercions=[],
                outcome=Outcome(r[7]),
                current=bool(r[8]),
                saved=r[9] or "",
                saved_from=r[10] or "",
                review=r[11],
            )
        )
    return found
