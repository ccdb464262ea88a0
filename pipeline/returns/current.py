"""Which of a project's returns is current, and the coordinator's review of the others.

A project may send several returns. They are taken in the order they were last *saved* (the
document's own modified time in ``docProps/core.xml``, else the file's time), never by file
name or by the order they were read in; of two saved at the same time, the one read later
counts as newer. Each return becomes current in turn, unless it answers less than the one
current before it (a question answered there is unanswered, or a table has fewer rows): then
it waits for review (``needs_review``) and the earlier one stays current. The coordinator
decides with ``praxis review`` (:mod:`pipeline.returns.review`): ``accepted`` (it counts as
if it left nothing out) or ``kept`` (it stays in the history, out of the order). A waiting
return that a later-saved current one supersedes no longer waits.

:func:`settle` recomputes a project's current return from all of them, so the result does
not depend on the order in which files arrive, in one batch or across batches.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.definition.questionnaire import OTHER, Question, Questionnaire
from pipeline.locale.display import markdown
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.returns.store import Store, Submission
from pipeline.returns.submission import NEEDS_REVIEW

ACCEPTED = "accepted"
KEPT = "kept"

SAVED_DOCUMENT = "document"
SAVED_FILE = "file"
SAVED_FUTURE = "future"
SAVED_MAIL = "mail"

CORE_PART = "docProps/core.xml"
DCTERMS = "http://purl.org/dc/terms/"
MAX_CORE_BYTES = 1 << 20


# --- when a return was saved ---------------------------------------------------------------


def utc_text(when: dt.datetime) -> str:
    """A time as stored: UTC, fixed width, so that text order is time order."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def file_time(mtime: float) -> str:
    """A file's modification time (``st_mtime``) as stored."""
    return utc_text(dt.datetime.fromtimestamp(mtime, dt.UTC))


def saved_time(
    archived: Path, fmt: str, mtime: str, received: str = "", mail_date: str = ""
) -> tuple[str, str]:
    """When the return was last saved and where that comes from: the document's own modified
    time (``document``) or, when it has none or still the generated form's, the date of the
    e-mail it came in (``mail_date``, ``mail``), else ``mtime`` (``file``). A time after
    ``received`` (the moment it was read in) cannot be when it was saved (a computer's clock
    was wrong): then ``received`` (``future``), so that it does not count as newer than
    returns saved and sent after it."""
    modified = document_modified(converted_copy(archived, fmt), fmt)
    when, source = (mtime, SAVED_FILE) if modified is None else (modified, SAVED_DOCUMENT)
    if modified is None and mail_date:
        when, source = mail_date, SAVED_MAIL
    if received and when > received:
        return received, SAVED_FUTURE
    return when, source


def converted_copy(archived: Path, fmt: str) -> Path:
    """The file a return was read from: the archive copy itself or, for a return LibreOffice
    converted (.odt, .doc, ...), the converted file kept beside it
    (``<sha256>.converted.<fmt>``, :mod:`pipeline.returns.conversion`)."""
    if archived.suffix.lower() == f".{fmt}":
        return archived
    converted = archived.with_name(f"{archived.name.split('.')[0]}.converted.{fmt}")
    return converted if converted.is_file() else archived


def document_modified(path: Path, fmt: str) -> str | None:
    """``dcterms:modified`` of a .docx or .xlsx, or None when it is missing, unreadable or
    still the time praxis wrote into the blank form (then no office program saved it)."""
    from lxml import etree

    from pipeline.forms.strict import parse_part
    from pipeline.forms.word.xml import safe_parser

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(CORE_PART)
            if info.file_size > MAX_CORE_BYTES:
                return None
            root = parse_part(zf.read(info), safe_parser())  # the same in Strict
    except (KeyError, OSError, RuntimeError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    node = root.find(f"{{{DCTERMS}}}modified")
    text = (node.text or "").strip() if node is not None else ""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    if when == _form_stamp(fmt):
        return None
    return utc_text(when)


def _form_stamp(fmt: str) -> dt.datetime:
    """The created/modified time written into every generated form of ``fmt``."""
    if fmt == "xlsx":
        from pipeline.forms.excel.writer import FIXED_TIME
    else:
        from pipeline.forms.word.writer import FIXED_TIME
    return FIXED_TIME


# --- which return is current ---------------------------------------------------------------


def order_key(s: Submission) -> tuple[str, int]:
    """Saved time to the second, then the order read (stores made before saved times: the
    time received). A document's own time has whole seconds and a file's time fractions, so
    two returns saved in the same second count as saved together (the one read later is the
    newer), whichever kind of time each has."""
    return ((s.saved or s.received)[:19], s.id)


def removed_answers(q: Questionnaire, current: Submission, new: Submission) -> list[Question]:
    """The questions ``current`` answers that ``new`` leaves unanswered (or, for a table,
    answers with fewer rows). A "please specify" text dropped because another choice was
    picked, and an answer the skip logic no longer asks for, are changes, not removals."""
    before, after = _given(q, current), _given(q, new)
    removed: list[Question] = []
    for question in q.answerable():
        if question.when is not None and not question.when.holds(new.answers):
            continue
        if _answer_gone(question, before, after) or _other_text_gone(
            question, before, after, new.answers
        ):
            removed.append(question)
    return removed


def _answer_gone(question: Question, before: dict[str, int], after: dict[str, int]) -> bool:
    """Answered before, unanswered now; or a table with fewer rows than before."""
    rows = before.get(question.id)
    if rows is None:
        return False
    return question.id not in after or 0 < after[question.id] < rows


def _other_text_gone(
    question: Question, before: dict[str, int], after: dict[str, int], answers: dict[str, Any]
) -> bool:
    """The "please specify" text was given and is gone while "other" is still picked."""
    if question.other_id not in before or question.other_id in after:
        return False
    value = answers.get(question.id)
    return OTHER in (value if isinstance(value, list) else [value])


def _given(q: Questionnaire, s: Submission) -> dict[str, int]:
    """``{key: rows}`` of what a return answers (1 for a non-table answer; 0 for an answer
    that was given but could not be read, so it counts as given)."""
    from pipeline.publication.answers import answered

    unreadable = {i.get("question") for i in s.issues if i.get("code") == "invalid"}
    given: dict[str, int] = {}
    for question in q.answerable():
        value = s.answers.get(question.id)
        if answered(value):
            table = question.type == "table" and isinstance(value, list)
            given[question.id] = len(value) if table else 1
        elif question.id in unreadable:
            given[question.id] = 0
        if question.other and answered(s.answers.get(question.other_id)):
            given[question.other_id] = 1
    return given


@dataclass(frozen=True)
class Settled:
    """A project's current submission (id) and the review state of each undecided one."""

    current: int | None
    reviews: dict[int, str | None]


def settle(q: Questionnaire, subs: Iterable[Submission]) -> Settled:
    """The current return of one project's submissions, and which of them wait for review."""
    subs = list(subs)
    current: Submission | None = None
    waiting: list[Submission] = []
    for s in sorted(subs, key=order_key):
        if s.review == KEPT:
            continue
        if current is None or s.review == ACCEPTED or not removed_answers(q, current, s):
            current, waiting = s, []  # what waited before it is older than the current now
        else:
            waiting.append(s)
    late = {s.id for s in waiting}
    reviews = {
        s.id: (NEEDS_REVIEW if s.id in late else None)
        for s in subs
        if s.review not in (ACCEPTED, KEPT)
    }
    return Settled(current.id if current else None, reviews)


def settle_project(
    store: Store, db: Any, q: Questionnaire, project: str
) -> tuple[Settled, list[Submission]]:
    """Recompute and store ``project``'s current return (inside a store transaction); also
    the returns that wait for review now and did not before."""
    subs = store.project_submissions(project, db)
    settled = settle(q, subs)
    store.set_states(db, project, settled.current, settled.reviews)
    newly = [s for s in subs if settled.reviews.get(s.id) == NEEDS_REVIEW != s.review]
    return settled, newly


@dataclass(frozen=True)
class Waiting:
    """A return that waits for review: its project, file, the current return and what the
    waiting one leaves unanswered."""

    project: str
    file: str
    sha256: str
    current: str
    questions: tuple[Question, ...]

    def missing(self, lang: str) -> str:
        return ", ".join(f"{x.number} {x.label.get(lang)}" for x in self.questions)


def waiting(store: Store, q: Questionnaire) -> list[Waiting]:
    """Every return that waits for the coordinator's review, by project."""
    late = store.submissions(current_only=False, review=NEEDS_REVIEW)
    if not late:
        return []
    current = {s.project: s for s in store.submissions()}
    found = []
    for s in late:
        now = current.get(s.project)
        if now is not None:
            removed = tuple(removed_answers(q, now, s))
            found.append(Waiting(s.project, s.file_name, s.file_sha256, now.file_name, removed))
    return found


# --- the report's account of the returns ---------------------------------------------------


def saved_text(s: Submission, lang: str) -> str:
    """``02.03.2026 10:15 UTC (Speicherzeit im Dokument)``."""
    when = dt.datetime.fromisoformat((s.saved or s.received).replace("Z", "+00:00"))
    source = s.saved_from or (SAVED_FILE if s.saved else "received")  # stores made before
    stamp = f"{long_date(when.date(), lang)} {when:%H:%M} UTC"
    return t("returns.saved_at", lang, time=stamp, source=t(f"returns.saved_from.{source}", lang))


def returns_section(q: Questionnaire, subs: Sequence[Submission], lang: str) -> str:
    """The report's section on a project's returns: which is current and why, and the rest."""
    ordered = sorted(subs, key=order_key, reverse=True)
    current = next((s for s in subs if s.current), None)
    lines = [f"## {t('returns.report_returns', lang)}", ""]
    if current is not None:
        lines += [_why(current, ordered, lang), ""]
    for s in ordered:
        lines.append(
            f"- {markdown(s.file_name)}: {_state(q, s, current, lang)}; {saved_text(s, lang)}"
        )
        if s.review == NEEDS_REVIEW:
            plain = re.fullmatch(r"[^\"`$\\\n]+", s.file_name)  # else its hash names it
            name = f'"{s.file_name}"' if plain else s.file_sha256[:16]
            lines.append("  " + t("returns.report_decide", lang, file=name))
    return "\n".join(lines) + "\n"


def _why(current: Submission, ordered: Sequence[Submission], lang: str) -> str:
    name, saved = markdown(current.file_name), saved_text(current, lang)
    later = [s for s in ordered if order_key(s) > order_key(current)]
    if len(ordered) == 1:
        key = "returns.why_only"
    elif current.review == ACCEPTED:
        key = "returns.why_accepted"
    elif any(s.review == NEEDS_REVIEW for s in later):
        key = "returns.why_waiting"
    elif later:
        key = "returns.why_kept"
    else:
        key = "returns.why_latest"
    return t(key, lang, file=name, saved=saved)


def _state(q: Questionnaire, s: Submission, current: Submission | None, lang: str) -> str:
    if s.current:
        return t("returns.state_current", lang)
    if s.review == NEEDS_REVIEW and current is not None:
        removed = removed_answers(q, current, s)
        questions = ", ".join(f"{x.number} {x.label.get(lang)}" for x in removed)
        return t("returns.state_needs_review", lang, questions=questions)
    if s.review == KEPT:
        return t("returns.state_kept", lang)
    if current is not None and order_key(s) > order_key(current):
        return t("returns.state_superseded", lang)
    return t("returns.state_older", lang)
