"""The letters page: reminders to projects without an accepted return (``praxis status
--missing``), the follow-up letters ingest wrote for incomplete returns, and the chapter proofs
with their approval mail drafts (``praxis proofs``); each folder's files to download, one by one
or all as a zip, and the folder to open in the file manager."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pipeline.locale.texts import t
from pipeline.returns.status import Reminders, status
from pipeline.review.proofs import ProofsResult, proof_choices, write_proofs
from pipeline.review.states import ReviewState, state_label
from pipeline.round.folder import RoundDir
from pipeline.web.jobs import Job
from pipeline.web.pages.folders import (
    download_from,
    folder_files,
    listed,
    open_folder,
    zip_response,
)
from pipeline.web.pages.shared import round_of, writer_of
from pipeline.web.rendering import page, request_lang

SECTIONS = ("reminders", "followups", "proofs")
"""The sections of the page, each one folder of the round (``web.letters.<section>.*``)."""


def section_folder(rd: RoundDir, section: str) -> tuple[Path, Callable[[str], bool]]:
    """The folder of ``section`` and which of its files belong to it (404 for no section)."""
    if section == "reminders":
        return rd.reminders, lambda name: name.endswith(".eml")
    if section == "followups":
        names = {rd.follow_up(pid).name for pid in rd.load().projects}
        return rd.reports, names.__contains__
    if section == "proofs":
        return rd.proofs, lambda name: name.endswith((".docx", ".pdf", ".eml"))
    raise HTTPException(404)


def section_files(rd: RoundDir, section: str) -> list[Path]:
    folder, keep = section_folder(rd, section)
    return folder_files(folder, keep)


@dataclass(frozen=True)
class Choice:
    """A project as the proofs form offers it: ``reason`` why it gets no proof ("" when it
    gets one), ``checked`` whether it is chosen at first (its chapter is checked)."""

    project: str
    name: str
    state: str
    reason: str
    checked: bool


def choices(rd: RoundDir, lang: str) -> list[Choice]:
    """Every project of the round for the proofs form, from :func:`proof_choices`."""
    from pipeline.publication.compendium.compile import review_states

    record = rd.load()
    states = review_states(rd)
    found = []
    for pid, reason in proof_choices(rd.root, lang, states=states).items():
        state = states.get(pid)
        label = state_label(state, lang) if state else ""
        checked = not reason and state == ReviewState.CHECKED
        found.append(Choice(pid, record.projects[pid].name, label, reason, checked))
    return found


def letters_page(
    request: Request,
    reminders: Reminders | None = None,
    notice: tuple[str, str] | None = None,
    problem: tuple[str, str] | None = None,
) -> Response:
    """The page; ``reminders`` just written, ``notice`` / ``problem`` (section, text) what an
    action did or why it was refused."""
    rd = round_of(request)
    lang = request_lang(request)
    record = rd.load()
    files = {s: listed(section_files(rd, s)) for s in SECTIONS}
    owners = {name: _owner(name, record.projects) for s in SECTIONS for name in _names(files[s])}
    jobs = writer_of(request).jobs("proofs")
    return page(
        request,
        "letters.html",
        nav="letters",
        files=files,
        owners=owners,
        projects={pid: p.name for pid, p in record.projects.items()},
        reminders=reminders,
        choices=choices(rd, lang),
        job=jobs[0] if jobs else None,
        notice=notice,
        problem=problem,
        today=dt.date.today().isoformat(),
    )


def _names(files: list) -> list[str]:
    return [f.name for f in files]


def _owner(name: str, projects: dict) -> str:
    """The project a file of these folders is of: its name starts with the project's id."""
    pid = name.split("-", 1)[0]
    return pid if pid in projects else ""


def _date(value: str) -> dt.date | None:
    """The date of a form's ``<input type=date>`` (None when empty); ValueError when bad."""
    value = value.strip()
    if not value:
        return None
    return dt.date.fromisoformat(value)


def back_to(section: str) -> Response:
    """After an action's page (its address is the action's), a GET of that address (the
    language switch, a reload) goes back to the section on the page."""
    return RedirectResponse(f"/letters#{section}", status_code=303)


async def write_reminder_drafts(request: Request) -> Response:
    """``praxis status --missing [--deadline]``: a draft per project to remind."""
    if request.method == "GET":
        return back_to("reminders")
    form = await request.form()
    lang = request_lang(request)
    try:
        deadline = _date(str(form.get("deadline", "")))
    except ValueError:
        text = t("web.letters.bad_date", lang, value=form.get("deadline", ""))
        return letters_page(request, problem=("reminders", text))
    root = round_of(request).root
    found = writer_of(request).call(lambda: status(root, remind=True, deadline=deadline))
    return letters_page(request, reminders=found.reminders)


async def start_proofs(request: Request) -> Response:
    """``praxis proofs PROJECT... [--deadline] [--pdf]`` as a long job."""
    if request.method == "GET":
        return back_to("proofs")
    form = await request.form()
    lang = request_lang(request)
    chosen = [str(v) for v in form.getlist("project")]
    try:
        deadline = _date(str(form.get("deadline", "")))
    except ValueError:
        text = t("web.letters.bad_date", lang, value=form.get("deadline", ""))
        return letters_page(request, problem=("proofs", text))
    if not chosen:  # none would mean every project to write_proofs
        return letters_page(request, problem=("proofs", t("web.letters.proofs.none_chosen", lang)))
    root = round_of(request).root
    pdf = form.get("pdf") == "1"

    def work(job: Job) -> ProofsResult:
        job.start(len(chosen))
        return write_proofs(root, chosen, deadline, pdf, lang, progress=job.advance)

    writer_of(request).submit("proofs", work)
    return back_to("proofs")


def download_letter(request: Request) -> Response:
    rd = round_of(request)
    section = request.path_params["section"]
    return download_from(section_files(rd, section), request.path_params["name"], rd.root)


def zip_letters(request: Request) -> Response:
    rd = round_of(request)
    section = request.path_params["section"]
    return zip_response(section_files(rd, section), f"{rd.root.name}-{section}.zip")


def open_letters(request: Request) -> Response:
    """The section's folder in the file manager, or why not (a computer without desktop)."""
    rd = round_of(request)
    section = request.path_params["section"]
    folder, _ = section_folder(rd, section)
    if request.method == "GET":
        return back_to(section)
    lang = request_lang(request)
    if not folder.is_dir():
        key, found = "web.folder.missing", False
    elif open_folder(folder):
        key, found = "web.folder.opened", True
    else:
        key, found = "web.folder.no_desktop", False
    said = (section, t(key, lang, folder=folder))
    return letters_page(request, notice=said) if found else letters_page(request, problem=said)


ROUTES: list[BaseRoute] = [
    Route("/letters", letters_page, name="letters"),
    Route("/letters/reminders", write_reminder_drafts, methods=["GET", "POST"], name="reminders"),
    Route("/letters/proofs", start_proofs, methods=["GET", "POST"], name="proofs"),
    Route("/letters/{section}/zip", zip_letters, name="letters_zip"),
    Route("/letters/{section}/open", open_letters, methods=["GET", "POST"], name="letters_open"),
    Route("/letters/{section}/files/{name}", download_letter, name="letter"),
]
