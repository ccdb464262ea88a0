"""What the project page shows, read from the store at once: the answers (as given and as
corrected), the problems, the corrections and comments, the files received."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request

from pipeline.definition.answer_text import Shown
from pipeline.definition.question_types import as_text
from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.locale.texts import t
from pipeline.returns.current import Waiting, waiting
from pipeline.returns.media import MediaFile, file_size, kind_text
from pipeline.returns.store import FileRecord, Store, Submission
from pipeline.review.corrections import Correction, corrected, superseded
from pipeline.review.states import ReviewEntry, ReviewState, state_label, when_text
from pipeline.web.pages.shared import questionnaire_of, round_of


@dataclass(frozen=True)
class Answer:
    """One question with the project's answer: ``text`` the current one (corrected where a
    correction holds), ``original`` what the project gave (shown when ``corrected``)."""

    number: str
    label: str
    text: str
    form_text: str
    """The current answer as one would type it (what ``praxis correct`` takes)."""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    """A table answer, cell by cell (``text`` holds it as one line)."""
    corrected: bool = False
    original: str = ""


@dataclass(frozen=True)
class AnswerSection:
    heading: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Issue:
    """A problem or hint: ``number`` the question's, where the message does not say it."""

    number: str
    message: str
    error: bool


@dataclass(frozen=True)
class CorrectionLine:
    number: str
    label: str
    before: str
    after: str
    reason: str
    who: str
    when: str
    superseded: bool


@dataclass(frozen=True)
class EntryLine:
    when: str
    who: str
    state: str
    state_value: str
    where: str
    comment: str


@dataclass(frozen=True)
class FileLine:
    sha256: str
    name: str
    when: str
    format: str
    outcome: str
    reason: str


FORMATS = {"docx": "web.project.format_word", "xlsx": "web.project.format_excel"}


def answer_sections(
    q: Questionnaire, sub: Submission, found: list[Correction], lang: str
) -> list[AnswerSection]:
    """Every section with its answerable questions and the answers of ``sub``."""
    current = corrected(sub, found).answers
    holding = {c.question for c in found if c.project == sub.project and not superseded(sub, c)}
    sections = []
    for section in q.sections:
        answers = tuple(
            _answer(x, sub.answers, current, x.id in holding, lang)
            for x in section.questions
            if x.answerable
        )
        sections.append(AnswerSection(f"{section.number} {section.title.get(lang)}", answers))
    return sections


def _text(x: Question, answers: dict[str, Any], lang: str, shown: Shown = Shown.PRINT) -> str:
    return as_text(x, answers.get(x.id), lang, shown, str(answers.get(x.other_id) or ""))


def _answer(
    x: Question, given: dict[str, Any], current: dict[str, Any], held: bool, lang: str
) -> Answer:
    text = _text(x, current, lang)
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    value = current.get(x.id)
    if x.type == "table" and isinstance(value, list) and x.columns:
        columns = tuple(c.label.get(lang) for c in x.columns)
        rows = tuple(
            tuple(as_text(c, r.get(c.id), lang) for c in x.columns)
            for r in value
            if isinstance(r, dict)
        )
    original = _text(x, given, lang)
    changed = held and (original != text or given.get(x.id) != value)
    return Answer(
        number=x.number,
        label=x.label.get(lang),
        text=text,
        form_text=_text(x, current, lang, Shown.FORM),
        columns=columns,
        rows=rows,
        corrected=changed,
        original=original,
    )


def _numbers(q: Questionnaire) -> dict[str, tuple[int, str]]:
    """Answer key (a question's id, its "other" key) -> (position, number)."""
    found: dict[str, tuple[int, str]] = {}
    for i, x in enumerate(q.answerable()):
        found[x.id] = found[x.other_id] = (i, x.number)
    return found


def issue_list(q: Questionnaire, sub: Submission) -> list[Issue]:
    """The problems (errors) and hints of ``sub``, in question order (those of no question
    first)."""
    numbers = _numbers(q)
    items = [
        (numbers.get(str(i.get("question") or ""), (-1, "")), n, i)
        for n, i in enumerate(sub.issues)
    ]
    items.sort(key=lambda item: (item[0][0], item[1]))
    found = []
    for (_, number), _, i in items:
        message = str(i.get("message", ""))
        shown = "" if f"{number} " in message else number  # "Frage 4.2 ...": said already
        found.append(Issue(shown, message, i.get("severity") == "error"))
    return found


def correction_lines(
    q: Questionnaire, found: list[Correction], current: Submission | None, lang: str
) -> list[CorrectionLine]:
    """The corrections of a project, oldest first, each with its old and new value."""
    lines = []
    none = t("correct.no_value", lang)
    for c in found:
        try:
            x = q.question(c.question)
        except KeyError:
            continue
        lines.append(
            CorrectionLine(
                number=x.number,
                label=x.label.get(lang),
                before=as_text(x, c.original, lang) or none,
                after=as_text(x, c.value, lang) or none,
                reason=c.reason,
                who=c.who or "-",
                when=when_text(c.time, lang),
                superseded=current is not None and superseded(current, c),
            )
        )
    return lines


def entry_lines(q: Questionnaire, entries: list[ReviewEntry], lang: str) -> list[EntryLine]:
    """States set and comments, oldest first; a comment on a question with its number."""
    numbers = _numbers(q)
    lines = []
    for e in entries:
        where = ""
        if e.question:
            where = numbers.get(e.question, (0, e.question))[1]
        label = state_label(ReviewState(e.state), lang) if e.state else ""
        lines.append(
            EntryLine(
                when_text(e.time, lang), e.who or "-", label, str(e.state or ""), where, e.comment
            )
        )
    return lines


def file_lines(
    files: list[FileRecord], subs: list[Submission], media: list[MediaFile], lang: str
) -> list[FileLine]:
    """The files of one project (``files`` already its own), oldest first."""
    formats = {s.file_sha256: t(FORMATS[s.format], lang) for s in subs if s.format in FORMATS}
    kinds = {m.sha256: kind_text(m.kind, lang) for m in media}
    lines = []
    for f in files:
        shown = formats.get(f.sha256) or kinds.get(f.sha256) or Path(f.name).suffix.lstrip(".")
        lines.append(
            FileLine(
                sha256=f.sha256,
                name=f.name,
                when=when_text(f.received, lang),
                format=f"{shown}, {file_size(f.size, lang)}",
                outcome=t(f"outcome.{f.outcome}", lang),
                reason=f.reason or "",
            )
        )
    return lines


def block_kind(block: object) -> str:
    """Which part of the chapter preview template draws a block of the compendium's content
    model: ``text``, ``table``, ``media``, ``creative`` or ``left_out``."""
    from pipeline.publication.compendium import content

    kinds = (
        (content.TextSection, "text"),
        (content.TableSection, "table"),
        (content.MediaSection, "media"),
        (content.CreativeSection, "creative"),
    )
    return next((name for cls, name in kinds if isinstance(block, cls)), "left_out")


def skipped_text(project: str, title: str, part: object, lang: str) -> str:
    """A part of the chapter that could not be made (a :class:`LeftOut`), said as the
    compendium's summary says it."""
    from pipeline.publication.compendium.writer import SkippedPart

    left = part if hasattr(part, "error") else None
    detail = str(getattr(left, "error", "")) if left is not None else ""
    name = str(getattr(part, "part", ""))
    return SkippedPart(project, title, name, detail).message(lang)


def waiting_returns(request: Request, project: str) -> list[Waiting]:
    """The returns of ``project`` that wait for the coordinator's decision."""
    rd = round_of(request)
    if not rd.store.exists():
        return []
    with Store(rd.store) as store:
        return [w for w in waiting(store, questionnaire_of(request)) if w.project == project]
