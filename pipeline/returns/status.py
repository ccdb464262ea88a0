"""``praxis status``: who returned, with what outcome, and whom to remind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.mail import build_reminder_eml
from pipeline.locale.texts import t
from pipeline.returns.current import Waiting, waiting
from pipeline.returns.identity import OTHER_PROJECT
from pipeline.returns.media import MediaFile, media_files
from pipeline.returns.store import Store
from pipeline.returns.submission import ACCEPTED, ACCEPTED_WITH_WARNINGS, INCOMPLETE, REJECTED
from pipeline.returns.summaries import ReturnSummary, current_summaries
from pipeline.review.states import ReviewState, current_states, log_reminders
from pipeline.round.folder import (
    REMINDERS_DIR,
    RoundDir,
    RoundProject,
    RoundRecord,
    write_atomic,
)
from pipeline.round.lock import writes_round


@dataclass(frozen=True)
class StatusRow:
    project: str
    name: str
    email: str
    language: str
    returned: bool
    outcome: str
    received: str
    errors: int
    warnings: int
    waiting: tuple[Waiting, ...] = ()
    """Returns of this project that wait for review (they answer less than the current)."""
    alerts: tuple[str, ...] = ()
    """Prominent warnings of the current return (another project's master data)."""
    media: int = 0
    """Creative answers attached to the project (:mod:`pipeline.returns.media`)."""
    state: str = ""
    """Its review state (:class:`pipeline.review.states.ReviewState`; "" for none yet)."""
    rejected: tuple[RefusedFile, ...] = ()
    """Files refused that name this project (e.g. a token that does not match)."""
    hints: tuple[str, ...] = ()
    """The warnings of a current return accepted with warnings."""
    since: str = ""
    """When its current return was received (full time, for comparisons)."""

    @property
    def accepted(self) -> bool:
        return self.outcome in (ACCEPTED, ACCEPTED_WITH_WARNINGS)

    @property
    def open_rejected(self) -> tuple[RefusedFile, ...]:
        """Its refused files not followed by an accepted return."""
        return tuple(f for f in self.rejected if not self.accepted or f.received > self.since)


@dataclass(frozen=True)
class RefusedFile:
    """A file praxis refused: its name, when it came, why, and the project it names."""

    file: str
    received: str
    reason: str
    project: str | None


def refused_files(store: Store) -> list[RefusedFile]:
    """Every refused file of the round, oldest first."""
    found = [f for f in store.files() if f.outcome == REJECTED]
    return [
        RefusedFile(f.name, f.received, f.reason or "", f.project)
        for f in sorted(found, key=lambda f: f.received)
    ]


def round_status(round_dir: Path) -> tuple[RoundRecord, list[StatusRow]]:
    """One row per roster project, in roster order."""
    record, rows, _ = _round_rows(round_dir)
    return record, rows


def _round_rows(round_dir: Path) -> tuple[RoundRecord, list[StatusRow], list[RefusedFile]]:
    """The rows and every refused file, from one look into the store that reads no
    answers (the rows need only outcomes and problems)."""
    rd = RoundDir(round_dir)
    record = rd.load()
    current: dict[str, ReturnSummary] = {}
    late: dict[str, list[Waiting]] = {}
    media: dict[str, list[MediaFile]] = {}
    states: dict[str, ReviewState] = {}
    refused: list[RefusedFile] = []
    if rd.store.exists():
        with Store(rd.store) as store:
            current = current_summaries(store)
            for w in waiting(store, load_questionnaire(rd.definition, record.language)):
                late.setdefault(w.project, []).append(w)
            media = media_files(store)
            states = current_states(store)
            refused = refused_files(store)
    named: dict[str | None, list[RefusedFile]] = {}
    for f in refused:
        named.setdefault(f.project, []).append(f)
    rows = []
    for p in record.projects.values():
        s = current.get(p.id)
        errors = sum(1 for i in s.issues if i["severity"] == "error") if s else 0
        rows.append(
            StatusRow(
                project=p.id,
                name=p.name,
                email=p.email,
                language=p.language,
                returned=s is not None,
                outcome=s.outcome if s else "",
                received=s.received[:10] if s else "",
                errors=errors,
                warnings=(len(s.issues) - errors) if s else 0,
                waiting=tuple(late.get(p.id, ())),
                alerts=tuple(i["message"] for i in s.issues if i["code"] == OTHER_PROJECT)
                if s
                else (),
                media=len(media.get(p.id, [])),
                state=str(states.get(p.id, "")),
                rejected=tuple(named.get(p.id, ())),
                hints=_hints(s),
                since=s.received if s else "",
            )
        )
    return record, rows, refused


def _hints(s: ReturnSummary | None) -> tuple[str, ...]:
    if s is None or s.outcome != ACCEPTED_WITH_WARNINGS:
        return ()
    return tuple(i["message"] for i in s.issues if i["severity"] != "error")


@dataclass(frozen=True)
class Reminder:
    """A reminder draft written for one project."""

    project: str
    name: str
    email: str
    path: Path
    missing: tuple[str, ...]
    """What its current return still lacks (empty: nothing returned yet)."""


@dataclass(frozen=True)
class Reminders:
    """What :func:`write_reminders` wrote, and with which deadline."""

    reminders: list[Reminder]
    folder: Path
    deadline: dt.date | None
    from_round: bool
    past: bool


REMINDERS = REMINDERS_DIR


def _missing_items(q: Questionnaire, issues: list[dict], lang: str) -> tuple[str, ...]:
    """The questions an incomplete return still lacks, in questionnaire order, by number
    and label in ``lang``, each with what is wrong (missing, or to be checked)."""
    codes: dict[str, set[str]] = {}
    for issue in issues:
        if issue.get("severity") == "error" and issue.get("question"):
            codes.setdefault(str(issue["question"]), set()).add(str(issue.get("code")))
    items = []
    for x in q.answerable():
        found = codes.get(x.id, set()) | codes.get(x.other_id, set())
        if found:
            what = t(
                "reminder.item_missing" if found == {"missing"} else "reminder.item_check", lang
            )
            items.append(f"{x.number} {x.label.get(lang)} ({what})")
    return tuple(items) or (t("reminder.item_other", lang),)


def _forms(rd: RoundDir, project: RoundProject) -> list[Path]:
    paths = [rd.root / project.files[f] for f in ("docx", "xlsx") if f in project.files]
    return [p for p in paths if p.is_file()]


def _reminder_path(folder: Path, q: Questionnaire, p: RoundProject) -> Path:
    lang = p.language if p.language in q.languages else q.default_language
    return folder / f"{p.id}-{p.slug}-{t('reminder.file', lang)}.eml"


@writes_round("round_dir")
def write_reminders(
    round_dir: Path, deadline: dt.date | None = None, today: dt.date | None = None
) -> Reminders:
    """One mail draft per project to remind (no return yet, or an incomplete one), in the
    project's language, to its one address: ``DIR/reminders/<project>-<slug>-<word>.eml``.
    ``deadline`` defaults to the round's. Earlier drafts of a project are replaced, and
    removed once its return is complete."""
    rd = RoundDir(round_dir)
    record = rd.load()
    q = load_questionnaire(rd.definition, record.language)
    current: dict[str, ReturnSummary] = {}
    if rd.store.exists():
        with Store(rd.store) as store:
            current = current_summaries(store)
    when = deadline or record.deadline_date
    folder = rd.reminders
    written = []
    for p in record.projects.values():
        s = current.get(p.id)
        path = _reminder_path(folder, q, p)
        if s is not None and s.outcome != INCOMPLETE:
            path.unlink(missing_ok=True)  # an earlier reminder must not be sent any more
            continue
        lang = p.language if p.language in q.languages else q.default_language
        missing = _missing_items(q, s.issues, lang) if s is not None else ()
        forms = _forms(rd, p) if s is None else []
        write_atomic(path, build_reminder_eml(q, p, when, missing, forms), durable=False)
        written.append(Reminder(p.id, p.name, p.email, path, missing))
    if written and rd.store.exists():  # the review state follow_up reads it
        with Store(rd.store) as store, store.transaction() as db:
            log_reminders(db, [r.project for r in written])
    for lang in ("de", "en"):  # the old shared text had every address on one line
        (rd.reports / f"reminder-{lang}.txt").unlink(missing_ok=True)
    past = when is not None and when < (today or dt.date.today())
    return Reminders(written, folder, when, deadline is None, past)


@dataclass(frozen=True)
class StatusTotals:
    """The round in figures: projects, returned, accepted (with or without warnings),
    incomplete, not returned yet."""

    total: int
    returned: int
    accepted: int
    incomplete: int
    missing: int
    media: int = 0
    """Creative answers attached to the projects, in all."""


@dataclass(frozen=True)
class RoundStatus:
    """What ``praxis status`` shows: a row per project, the totals, the returns that wait
    for review and, when asked for, the reminders written."""

    rows: list[StatusRow]
    reminders: Reminders | None = None
    unattributable: list[RefusedFile] = field(default_factory=list)
    """Refused files no project could be told for (listed apart from the rows)."""

    @property
    def totals(self) -> StatusTotals:
        returned = [r for r in self.rows if r.returned]
        return StatusTotals(
            total=len(self.rows),
            returned=len(returned),
            accepted=sum(r.outcome in (ACCEPTED, ACCEPTED_WITH_WARNINGS) for r in returned),
            incomplete=sum(r.outcome == INCOMPLETE for r in returned),
            missing=len(self.rows) - len(returned),
            media=sum(r.media for r in self.rows),
        )

    @property
    def waiting(self) -> list[Waiting]:
        return [w for r in self.rows for w in r.waiting]

    @property
    def state_totals(self) -> dict[str, int]:
        """How many projects are in each review state (states without any left out), in
        the order of :class:`ReviewState`."""
        found = [r.state for r in self.rows if r.state]
        return {str(x): found.count(x) for x in ReviewState if found.count(x)}

    @property
    def open_items(self) -> list[str]:
        """What is still open, one entry per item (``p03: missing``, ``: rejected x.docx``):
        a project without an accepted return (unless withdrawn), an incomplete return, a
        return waiting for review, a refused file not followed by an accepted return (one no
        project could be told for: until every project not withdrawn returned after it)."""
        items = [f"{w.project}: waiting {w.file}" for w in self.waiting]
        for r in self.rows:
            if r.state == ReviewState.WITHDRAWN:
                continue
            if not r.accepted:
                items.append(f"{r.project}: {r.outcome or 'missing'}")
            items += [f"{r.project}: rejected {f.file}" for f in r.open_rejected]
        active = [r for r in self.rows if r.state != ReviewState.WITHDRAWN]
        for f in self.unattributable:
            if not all(r.accepted and r.since > f.received for r in active):
                items.append(f": rejected {f.file}")
        return items

    @property
    def exit_code(self) -> int:
        """0: ``praxis status`` informs (issue 13.6); see :attr:`check_code`."""
        return 0

    @property
    def check_code(self) -> int:
        """``praxis status --check``: 1 when anything is :attr:`open_items`, else 0."""
        return 1 if self.open_items else 0


def status(round_dir: Path, remind: bool = False, deadline: dt.date | None = None) -> RoundStatus:
    """The status of the round; with ``remind`` (or a new ``deadline``) also the reminder
    drafts written by :func:`write_reminders`."""
    reminders = None
    if remind or deadline is not None:
        reminders = write_reminders(round_dir, deadline)
    _, rows, refused = _round_rows(round_dir)  # after the reminders: their state follow_up
    unattributable = [f for f in refused if f.project is None]
    return RoundStatus(rows, reminders, unattributable)
