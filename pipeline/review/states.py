"""Review states and comments per project (and per question), recorded append-only in the
store's ``reviews`` table.

A project's state is the last one set (``praxis review PROJECT --set STATE``); before any is
set it is derived from what the store knows (see :func:`current_states`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from pipeline.definition.questionnaire import Questionnaire
from pipeline.locale.texts import t
from pipeline.returns.received import now
from pipeline.returns.store import Store
from pipeline.review.who import current_user


class ReviewState(StrEnum):
    """Where a project's return stands in the review loop (a text ``review.state.<value>``
    names it for people: eingegangen, Rückfrage, geprüft, freigegeben, zurückgezogen)."""

    RECEIVED = "received"
    FOLLOW_UP = "follow_up"
    """A follow-up letter or reminder was written."""
    CHECKED = "checked"
    """Checked by the coordinator."""
    APPROVED = "approved"
    """The project approved its chapter (Freigabe)."""
    WITHDRAWN = "withdrawn"
    """The project asked to be left out (at any time)."""
    NEEDS_REVIEW = "needs_review"
    """A return waits for the coordinator's decision (the trust rules)."""


SETTABLE = (
    ReviewState.CHECKED,
    ReviewState.APPROVED,
    ReviewState.WITHDRAWN,
    ReviewState.RECEIVED,
)
"""The states ``praxis review --set`` takes; the others follow from what happens."""


def state_label(state: ReviewState, lang: str) -> str:
    """The state's name for people (``geprüft``, ``checked``)."""
    return t(f"review.state.{state}", lang)


@dataclass(frozen=True)
class ReviewEntry:
    """One row of ``reviews``: a state set (``state``), a comment (``comment``, on the
    project or on ``question``), or both; when and by whom."""

    id: int
    time: str
    project: str
    state: ReviewState | None
    question: str | None
    comment: str
    who: str


def add_review(
    db: sqlite3.Connection,
    project: str,
    *,
    state: ReviewState | None = None,
    comment: str = "",
    question: str | None = None,
    who: str | None = None,
    time: str | None = None,
) -> int:
    """Record a state and/or a comment (inside a store transaction); its id."""
    cursor = db.execute(
        "INSERT INTO reviews(time, project, state, question, comment, who)"
        " VALUES(?, ?, ?, ?, ?, ?)",
        (
            time or now(),
            project,
            str(state) if state else None,
            question,
            comment,
            current_user() if who is None else who,
        ),
    )
    return int(cursor.lastrowid or 0)


def review_entries(store: Store, project: str | None = None) -> list[ReviewEntry]:
    """Every state and comment (of ``project``), oldest first."""
    sql = "SELECT * FROM reviews"
    args: tuple[str, ...] = ()
    if project is not None:
        sql, args = sql + " WHERE project = ?", (project,)
    rows = store.db.execute(sql + " ORDER BY id", args).fetchall()
    return [_entry(dict(r)) for r in rows]


def _entry(row: dict[str, object]) -> ReviewEntry:
    state = row["state"]
    return ReviewEntry(
        id=int(str(row["id"])),
        time=str(row["time"]),
        project=str(row["project"]),
        state=ReviewState(str(state)) if state else None,
        question=str(row["question"]) if row["question"] else None,
        comment=str(row["comment"] or ""),
        who=str(row["who"] or ""),
    )


def set_states(store: Store) -> dict[str, ReviewState]:
    """``{project: the last state set with praxis review}`` (projects without one left out)."""
    states: dict[str, ReviewState] = {}
    for entry in review_entries(store):
        if entry.state is not None:
            states[entry.project] = entry.state
    return states


def current_states(store: Store) -> dict[str, ReviewState]:
    """Each project's state: ``needs_review`` while a return waits for review, else the
    last state set, else ``received`` for a project with a current return (projects with
    neither are left out).

    (First version: helper ``states`` adds ``follow_up`` from the letters and reminders
    written, and decides how a later return changes a state set before it.)
    """
    states = {s.project: ReviewState.RECEIVED for s in store.submissions()}
    states.update(set_states(store))
    for sub in store.submissions(current_only=False, review="needs_review"):
        if states.get(sub.project) != ReviewState.WITHDRAWN:
            states[sub.project] = ReviewState.NEEDS_REVIEW
    return states


def state_section(store: Store, q: Questionnaire, project: str, lang: str) -> str:
    """The report's section on the project's review state and comments ("" for none yet).

    (Helper ``states`` writes it.)"""
    return ""
