"""What every page uses: the language switch, the progress of long work, file downloads."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.locale.texts import LANGUAGES
from pipeline.round.folder import RoundDir
from pipeline.web.jobs import Job, Writer
from pipeline.web.rendering import config_of, page, request_lang
from pipeline.web.security import LANG_COOKIE


def round_of(request: Request) -> RoundDir:
    """The round this server shows."""
    return RoundDir(config_of(request).round_dir)


def questionnaire_of(request: Request) -> Questionnaire:
    """The round's questionnaire (its ``definition.yaml``), with texts in the page language
    (read once: :func:`pipeline.definition.loading.parse_definition` keeps it)."""
    return load_questionnaire(round_of(request).definition, request_lang(request))


def writer_of(request: Request) -> Writer:
    return request.app.state.writer


def local_target(request: Request, default: str = "/") -> str:
    """Where to go back to: the ``next`` value when it is a path of this server (never
    another site), else ``default``."""
    target = request.query_params.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def switch_language(request: Request) -> Response:
    """``/lang/en?next=/projects``: the page language, kept in a cookie."""
    lang = request.path_params["lang"]
    if lang not in LANGUAGES:
        raise HTTPException(404)
    response = RedirectResponse(local_target(request), status_code=303)
    response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict")
    return response


def job_status(request: Request) -> Response:
    """A long job: as JSON for ``app.js`` (``Accept: application/json``), else as a page
    that reloads itself while the job runs (without JavaScript)."""
    job = writer_of(request).job(request.path_params["job"])
    if job is None:
        raise HTTPException(404)
    lang = request_lang(request)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({**job.as_json(), "message": job.message(lang)})
    return page(request, "job.html", job=job, back=local_target(request))


def job_link(job: Job, back: str) -> str:
    """Where the page of ``job`` is (after a form that started it, without JavaScript)."""
    return f"/jobs/{job.id}?next={back}"


def download(path: Path, within: Path, name: str | None = None) -> FileResponse:
    """``path`` as a download, when it is a file inside the folder ``within`` (else 404).
    ``path`` is always made by the server from what it knows (a store record, a fixed
    name); this is the last check that nothing outside the round is ever sent."""
    root = Path(os.path.realpath(within))
    real = Path(os.path.realpath(path))
    if not real.is_file() or root not in real.parents:
        raise HTTPException(404)
    return FileResponse(real, filename=name or real.name)


ROUTES: list[BaseRoute] = [
    Route("/lang/{lang}", switch_language, name="lang"),
    Route("/jobs/{job}", job_status, name="job"),
]
