"""The publication page: the tables of all current answers (``praxis aggregate``) and the
compendium (``praxis compile``), each built as a long job; afterwards what the command line
would tell, and the files to download."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pipeline.locale.texts import LANGUAGES
from pipeline.publication.compendium import compile_round
from pipeline.publication.compendium.compile import is_compendium_file
from pipeline.publication.tables import aggregate_round
from pipeline.review.translation import language_name
from pipeline.round.folder import RoundDir
from pipeline.web.jobs import Job
from pipeline.web.pages.folders import download_from, folder_files, listed
from pipeline.web.pages.shared import round_of, writer_of
from pipeline.web.rendering import page, request_lang

SEPARATORS = (";", ",")
"""The CSV separators ``praxis aggregate --csv-sep`` offers, the first the default."""

COMPILE_OPTIONS = ("approved_only", "pdf", "include_incomplete", "redact")
"""The choices of ``praxis compile`` (``--approved-only``, ``--pdf``, ``--include
incomplete``, ``--redact``), each a checkbox of that name."""


def section_folder(rd: RoundDir, section: str) -> tuple[Path, Callable[[str], bool]]:
    """The folder of ``section`` and which of its files are offered (404 for no section)."""
    if section == "tables":
        return rd.tables, lambda name: name == "answers.xlsx" or name.endswith(".csv")
    if section == "compendium":
        return rd.compendium, is_compendium_file
    raise HTTPException(404)


def section_files(rd: RoundDir, section: str) -> list[Path]:
    folder, keep = section_folder(rd, section)
    return folder_files(folder, keep)


def latest(request: Request, kind: str) -> Job | None:
    jobs = writer_of(request).jobs(kind)
    return jobs[0] if jobs else None


def compendium_languages(lang: str) -> list[tuple[str, str]]:
    """The languages a compendium can be written in (one file each), named in ``lang``."""
    return [(code, language_name(code, lang)) for code in LANGUAGES]


def publication_page(request: Request) -> Response:
    rd = round_of(request)
    lang = request_lang(request)
    return page(
        request,
        "publication.html",
        nav="publication",
        files={s: listed(section_files(rd, s)) for s in ("tables", "compendium")},
        tables_job=latest(request, "tables"),
        compendium_job=latest(request, "compendium"),
        separators=SEPARATORS,
        options=COMPILE_OPTIONS,
        languages=compendium_languages(lang),
        chosen_language=lang,
    )


async def start_tables(request: Request) -> Response:
    """``praxis aggregate [--csv-sep]`` as a long job."""
    form = await request.form()
    separator = str(form.get("csv_sep", SEPARATORS[0]))
    if separator not in SEPARATORS:
        separator = SEPARATORS[0]
    root = round_of(request).root
    lang = request_lang(request)

    def work(job: Job) -> list[Path]:
        job.start(1)
        paths = aggregate_round(root, lang, separator)
        job.advance(Path(paths[0]).name if paths else "")
        return paths

    writer_of(request).submit("tables", work)
    return RedirectResponse("/publication#tables", status_code=303)


async def start_compendium(request: Request) -> Response:
    """``praxis [--lang L] compile [--approved-only] [--pdf] [--include incomplete]
    [--redact]`` as a long job (the compendium in the language chosen, the page's by
    default; what it says in that language too, as on the command line)."""
    form = await request.form()
    chosen = {name: form.get(name) == "1" for name in COMPILE_OPTIONS}
    root = round_of(request).root
    lang = str(form.get("lang", ""))
    if lang not in LANGUAGES:
        lang = request_lang(request)

    def work(job: Job) -> object:
        job.start(1)
        result = compile_round(root, lang, **chosen)
        job.advance(result.docx.name)
        return result

    writer_of(request).submit("compendium", work)
    return RedirectResponse("/publication#compendium", status_code=303)


def download_publication(request: Request) -> Response:
    rd = round_of(request)
    section = request.path_params["section"]
    return download_from(section_files(rd, section), request.path_params["name"], rd.root)


ROUTES: list[BaseRoute] = [
    Route("/publication", publication_page, name="publication"),
    Route("/publication/tables", start_tables, methods=["POST"], name="tables"),
    Route("/publication/compendium", start_compendium, methods=["POST"], name="compendium"),
    Route("/publication/{section}/files/{name}", download_publication, name="publication_file"),
]
