"""Review states and comments per project (and per question), recorded append-only in the
store's ``reviews`` table.

A project's state is the last one set (``praxis review PROJECT --set STATE``); before any is
set it is derived from what the store knows (see :func:`current_states`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.errors import UsageError
from pipeline.locale.formatting import long_date
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


RETURN_EVENTS = ("accepted", "accepted_with_warnings", "review_accepted")
"""Event kinds of a new current return (complete, with warnings, or taken over on review)."""

FOLLOW_UP_EVENTS = ("incomplete", "reminder")
"""Event kinds after which the project was asked for more: an incomplete return (its
follow-up letter ``reports/<project>-rueckfrage.docx`` is written at ingest) and a reminder
written by ``praxis status --missing`` (logged by :func:`log_reminders`)."""


@dataclass(frozen=True)
class ProjectState:
    """A project's review state and where it comes from."""

    project: str
    state: ReviewState
    since: str
    """When the project came into this state (a state set, a return, a letter)."""
    set_by: ReviewEntry | None = None
    """The state set with ``praxis review`` that holds (None: the state follows from events)."""
    earlier: ReviewEntry | None = None
    """A ``checked``/``approved`` set before a new return (which put it back to received)."""
    event: str = ""
    """The event kind the state follows from (``accepted``, ``incomplete``, ``reminder``)."""


def log_reminders(db: sqlite3.Connection, projects: list[str], time: str | None = None) -> None:
    """Log a ``reminder`` event per project reminded (the state ``follow_up`` reads it)."""
    for project in projects:
        db.execute(
            "INSERT INTO events(time, kind, project, file_sha256, detail) VALUES(?, ?, ?, ?, ?)",
            (time or now(), "reminder", project, None, "praxis status --missing"),
        )


def project_states(store: Store) -> dict[str, ProjectState]:
    """Each project's state (see :func:`current_states`) with who set it and since when."""
    steps: dict[str, list[tuple[str, int, Any]]] = {}
    for e in store.events():
        if e["project"] and e["kind"] in RETURN_EVENTS + FOLLOW_UP_EVENTS:
            steps.setdefault(e["project"], []).append((e["time"], 0, e["kind"]))
    for entry in review_entries(store):
        if entry.state is not None:
            steps.setdefault(entry.project, []).append((entry.time, 1, entry))
    current = store.current_received()
    states = {
        p: ProjectState(p, ReviewState.RECEIVED, received) for p, received in current.items()
    }  # (a store whose log does not go back to the return)
    for project, timeline in steps.items():
        found = _walk(project, sorted(timeline, key=lambda s: (s[0], s[1])))
        if found is not None and (project in current or found.set_by or found.event):
            states[project] = found
    for sub in store.submissions(current_only=False, review="needs_review"):
        held = states.get(sub.project)
        if held is None or held.state != ReviewState.WITHDRAWN:
            states[sub.project] = ProjectState(
                sub.project, ReviewState.NEEDS_REVIEW, sub.received, None, None, "needs_review"
            )
    return states


def _walk(project: str, timeline: list[tuple[str, int, Any]]) -> ProjectState | None:
    """The state after the project's events and states set, oldest first: a state set holds
    until a new return (``received``; a ``checked``/``approved`` before it is kept as
    ``earlier``) or a letter or reminder (``follow_up``); ``withdrawn`` holds until set
    otherwise."""
    found: ProjectState | None = None
    for time, _, step in timeline:
        if isinstance(step, ReviewEntry):
            found = ProjectState(project, ReviewState(str(step.state)), time, step)
            continue
        if found is not None and found.state == ReviewState.WITHDRAWN:
            continue
        earlier = found.earlier if found is not None else None
        if found is not None and found.state in (ReviewState.CHECKED, ReviewState.APPROVED):
            earlier = found.set_by
        kind = ReviewState.FOLLOW_UP if step in FOLLOW_UP_EVENTS else ReviewState.RECEIVED
        found = ProjectState(project, kind, time, None, earlier, str(step))
    return found


def current_states(store: Store) -> dict[str, ReviewState]:
    """Each project's state: the last one set with ``praxis review``, unless something
    happened after it: a new current return makes it ``received`` again, an incomplete return
    (its follow-up letter) or a reminder makes it ``follow_up``; ``withdrawn`` stays until
    set otherwise; ``needs_review`` while a return waits for the coordinator's decision.
    Without a state set, the same events decide (a project with a current return is at
    least ``received``). Projects with neither a return, a reminder nor a state set are
    left out."""
    return {p: s.state for p, s in project_states(store).items()}


def parse_state(text: str, lang: str) -> ReviewState:
    """The settable state ``text`` names (``checked``, ``geprüft``, ``Geprüft``: the value or
    its label in any language); UsageError listing the states in ``lang`` when none."""
    wanted = text.strip().casefold()
    for state in SETTABLE:
        names = {str(state), *(state_label(state, x) for x in ("de", "en"))}
        if wanted in {n.casefold() for n in names}:
            return state
    listed = ", ".join(f"{state_label(s, lang)} ({s})" for s in SETTABLE)
    raise UsageError(t("review.unknown_state", lang, state=text, states=listed))


def find_question(q: Questionnaire, text: str, lang: str) -> Question:
    """The question ``text`` names by its id or its number ("4.2"); UsageError when none."""
    wanted = text.strip()
    for x in q.answerable():
        if wanted in (x.id, x.number):
            return x
    raise UsageError(t("review.unknown_question", lang, question=text))


def state_section(store: Store, q: Questionnaire, project: str, lang: str) -> str:
    """The report's section on the project's review state and comments ("" while nothing
    was set or said with ``praxis review``): the state, who set it and when (or what it
    follows from), a checked/approved state a new return superseded, and every comment, on
    the project first, then per question in questionnaire order with its number and label."""
    entries = review_entries(store, project)
    if not entries:
        return ""
    found = project_states(store).get(project)
    lines = [f"\n## {t('review.section', lang)}\n"]
    if found is not None:
        lines.append(_state_line(found, lang))
        if found.earlier is not None and found.set_by is None:
            e = found.earlier
            lines.append(
                t(
                    "review.section_earlier",
                    lang,
                    state=state_label(ReviewState(str(e.state)), lang),
                    who=e.who or "-",
                    time=when_text(e.time, lang),
                    since=when_text(found.since, lang),
                )
            )
    lines += _comment_lines(q, [e for e in entries if e.comment], lang)
    return "\n".join(lines) + "\n"


def _state_line(found: ProjectState, lang: str) -> str:
    label = state_label(found.state, lang)
    if found.set_by is not None:
        who = found.set_by.who or "-"
        return t(
            "review.section_set", lang, state=label, who=who, time=when_text(found.since, lang)
        )
    why = t(f"review.because.{found.event or 'return'}", lang)
    return t(
        "review.section_follows", lang, state=label, why=why, time=when_text(found.since, lang)
    )


def _comment_lines(q: Questionnaire, comments: list[ReviewEntry], lang: str) -> list[str]:
    if not comments:
        return []
    lines = [f"\n### {t('review.comments', lang)}\n"]
    order = {x.id: i for i, x in enumerate(q.answerable())}
    for e in sorted(comments, key=lambda e: (order.get(e.question or "", -1), e.id)):
        where = ""
        if e.question:
            x = q.question(e.question) if e.question in order else None
            where = f"{x.number} {x.label.get(lang)}: " if x is not None else f"{e.question}: "
        lines.append(f"- {where}{e.comment} ({e.who or '-'}, {when_text(e.time, lang)})")
    return lines


def when_text(time: str, lang: str) -> str:
    """A stored time (``2026-12-02T05:10:11.123456Z``) as ``02.12.2026 05:10 UTC``."""
    try:
        when = dt.datetime.fromisoformat(time.replace("Z", "+00:00"))
    except ValueError:
        return time
    return f"{long_date(when.date(), lang)} {when:%H:%M} UTC"
