"""The page of one project: its answers as given (and as corrected), problems and hints,
corrections and comments, the files it sent, the review actions and its chapter preview."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.locale.texts import t
from pipeline.returns.media import MediaFile, media_files
from pipeline.returns.store import Store, Submission
from pipeline.review.corrections import CorrectionKind, corrected, corrections
from pipeline.review.preview import ChapterPreview, chapter_preview
from pipeline.review.states import (
    ProjectState,
    project_states,
    review_entries,
    state_label,
    when_text,
)
from pipeline.review.translation import language_name
from pipeline.round.folder import RoundDir, RoundProject, RoundRecord
from pipeline.web.pages.project_view import (
    AnswerSection,
    CorrectionLine,
    EntryLine,
    FileLine,
    Issue,
    answer_sections,
    block_kind,
    correction_lines,
    entry_lines,
    file_lines,
    issue_list,
    skipped_text,
    waiting_returns,
)
from pipeline.web.pages.shared import download, questionnaire_of, round_of
from pipeline.web.rendering import page, request_lang

SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Found:
    """What the store knows of one project (read with the store opened once), as shown."""

    sub: Submission | None = None
    """The current return with the corrections applied."""
    state: ProjectState | None = None
    media: list[MediaFile] = field(default_factory=list)
    sections: list[AnswerSection] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    corrections: list[CorrectionLine] = field(default_factory=list)
    entries: list[EntryLine] = field(default_factory=list)
    files: list[FileLine] = field(default_factory=list)


def _project(request: Request, rd: RoundDir) -> tuple[RoundRecord, RoundProject | None]:
    """The round record and the project of the path (None: the round has no such project)."""
    record = rd.load()
    return record, record.projects.get(request.path_params["project"])


def unknown_project(request: Request) -> Response:
    """The 404 page that names the project id the round does not know."""
    known = request.path_params["project"]
    message = t("web.project.unknown", request_lang(request), project=known)
    return page(request, "error.html", nav="projects", status_code=404, message=message)


def _read(rd: RoundDir, request: Request, pid: str) -> Found:
    q = questionnaire_of(request)
    lang = request_lang(request)
    found = Found()
    if not rd.store.exists():
        return found
    with Store(rd.store) as store:
        own = corrections(store, pid, CorrectionKind.CORRECTION)
        subs = store.project_submissions(pid)
        given = next((s for s in subs if s.current), None)
        found.media = media_files(store).get(pid, [])
        found.state = project_states(store).get(pid)
        files = [f for f in store.files() if f.project == pid]
        found.corrections = correction_lines(q, own, given, lang)
        found.entries = entry_lines(q, review_entries(store, pid), lang)
        found.files = file_lines(files, subs, found.media, lang)
    if given is not None:
        found.sub = corrected(given, own)
        found.sections = answer_sections(q, given, own, lang)
        found.issues = issue_list(q, given)
    return found


def project_page(request: Request, notice: str = "", problem: str = "") -> Response:
    """The page of ``request.path_params["project"]``; ``notice`` (what an action did) and
    ``problem`` (why it was refused, a PraxisError's text) are shown above its answers."""
    rd = round_of(request)
    record, project = _project(request, rd)
    if project is None:
        return unknown_project(request)
    lang = request_lang(request)
    found = _read(rd, request, project.id)
    state = found.state.state if found.state else None
    preview: ChapterPreview = chapter_preview(
        rd, questionnaire_of(request), record, project.id, found.sub, state, lang, found.media
    )
    return page(
        request,
        "project.html",
        nav="projects",
        project=project.id,
        info=project,
        language=language_name(project.language, lang),
        state=str(state or ""),
        state_label=state_label(state, lang) if state else "",
        since=when_text(found.state.since, lang) if found.state else "",
        outcome=t(f"outcome.{found.sub.outcome}", lang) if found.sub else "",
        received=when_text(found.sub.received, lang) if found.sub else "",
        media=found.media,
        sections=found.sections,
        issues=found.issues,
        corrections=found.corrections,
        entries=found.entries,
        files=found.files,
        preview=preview,
        block_kind=block_kind,
        skipped=functools.partial(skipped_text, project.id, project.name, lang=lang),
        notice=notice,
        problem=problem,
        waiting=waiting_returns(request, project.id),
    )


def project_file(request: Request) -> Response:
    """``/projects/p01/files/<sha256>``: a file the project sent, as archived (404 for a
    malformed sha256, an unknown file or another project's)."""
    rd = round_of(request)
    _, project = _project(request, rd)
    sha256 = request.path_params["sha256"]
    if project is None or not SHA256.fullmatch(sha256) or not rd.store.exists():
        raise HTTPException(404)
    with Store(rd.store) as store:
        record = store.file(sha256)
    if record is None or record.project != project.id:
        raise HTTPException(404)
    return download(rd.root / record.archive, within=rd.root, name=record.name)


ROUTES: list[BaseRoute] = [
    Route("/projects/{project}", project_page, name="project"),
    Route("/projects/{project}/files/{sha256}", project_file, name="project_file"),
]
