"""The inbox page: returned files and saved e-mails dropped onto the page, read at once.

``GET /inbox``: the upload form (a real file input; ``static/inbox.js`` adds dropping files
onto it and the upload's progress), what ingest reads and up to which size, the files the
store has received (newest first), the files lying in the inbox not yet read (a button reads
the inbox, as ``praxis ingest --round R`` does). ``?job=<id>``: the progress of an ingest and,
when it ended, each file's outcome with its message.

``POST /inbox/upload``: every file written into the round's ``inbox/`` under a name the server
makes (:func:`pipeline.returns.inbox.safe_name`, never over another file), held to ingest's
size limit, then ingested (exactly these files) as a job of the writer.

Ingest runs with ``jobs=1`` here: an upload holds at most :data:`MAX_UPLOAD_FILES` files,
fewer than ingest would ever start worker processes for, and worker processes forked from a
server with threads (uvicorn's, the writer's) may inherit a lock another thread held.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pipeline.locale.texts import t
from pipeline.returns.inbox import accepted_kinds, place, safe_name, size_limit, unread_files
from pipeline.returns.ingest import ingest
from pipeline.returns.mail import MAX_MAIL_BYTES
from pipeline.returns.safety import MAX_FILE_BYTES
from pipeline.returns.store import Store
from pipeline.web.config import MAX_UPLOAD_FILES
from pipeline.web.jobs import DONE, Job
from pipeline.web.pages.inbox_rows import UploadRun, received_rows, result_rows, summary
from pipeline.web.pages.shared import round_of, writer_of
from pipeline.web.rendering import page, request_lang

INGEST = "ingest"
MB = 1024 * 1024


def inbox_page(request: Request) -> Response:
    return _inbox(request, _job(request))


def _inbox(
    request: Request, job: Job | None, errors: list[str] | None = None, status_code: int = 200
) -> Response:
    rd = round_of(request)
    lang = request_lang(request)
    files = []
    if rd.store.exists():
        with Store(rd.store) as store:
            files = store.files()
    context: dict[str, Any] = {"job": job, "results": [], "summary": "", "refused": (), "notes": []}
    if job is not None and job.state == DONE:
        run = job.result
        report = run.report if isinstance(run, UploadRun) else run
        uploaded = run.uploaded if isinstance(run, UploadRun) else {}
        context["refused"] = run.refused if isinstance(run, UploadRun) else ()
        context["results"] = result_rows(report, lang, uploaded)
        context["summary"] = summary(report, lang) if report.found else ""
        context["notes"] = report.notes
    return page(
        request,
        "inbox.html",
        nav="inbox",
        status_code=status_code,
        kinds=accepted_kinds(),
        limit=MAX_FILE_BYTES // MB,
        mail_limit=MAX_MAIL_BYTES // MB,
        max_files=MAX_UPLOAD_FILES,
        received=received_rows(files, lang),
        unread=[p.name for p in unread_files(rd)],
        errors=errors or [],
        **context,
    )


def _job(request: Request) -> Job | None:
    """The ingest job of ``?job=`` (None: none asked for, or no ingest of that id)."""
    job = writer_of(request).job(request.query_params.get("job", ""))
    return job if job is not None and job.kind == INGEST else None


async def upload(request: Request) -> Response:
    """The files of the form written into the inbox, then read (see the module)."""
    lang = request_lang(request)
    form = await request.form(max_files=10_000, max_fields=100)
    uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile)]
    uploads = [u for u in uploads if u.filename or u.size]  # a form sent without a choice
    if not uploads:
        return _refusal(request, [t("web.inbox.none_chosen", lang)])
    if len(uploads) > MAX_UPLOAD_FILES:
        message = t("web.inbox.too_many", lang, count=len(uploads), limit=MAX_UPLOAD_FILES)
        return _refusal(request, [message])
    refused = [_too_large(u, lang) for u in uploads if _size(u) > size_limit(u.filename or "")]
    taken = [u for u in uploads if _size(u) <= size_limit(u.filename or "")]
    inbox = round_of(request).inbox
    uploaded: dict[Path, str] = {}
    for u in taken:
        name = u.filename or ""
        path = await run_in_threadpool(place, u.file, safe_name(name), inbox)
        uploaded[path] = name
    if not uploaded:
        return _refusal(request, refused)
    root, paths = round_of(request).root, list(uploaded)

    def work(job: Job) -> UploadRun:
        report = ingest(root, paths, lang, job.advance, jobs=1, start=job.start)
        return UploadRun(report, uploaded, tuple(refused))

    return _started(request, writer_of(request).submit(INGEST, work), refused)


def ingest_inbox(request: Request) -> Response:
    """``praxis ingest --round R``: every file in the inbox (what was read before says so)."""
    lang = request_lang(request)
    root = round_of(request).root
    job = writer_of(request).submit(
        INGEST, lambda job: ingest(root, None, lang, job.advance, jobs=1, start=job.start)
    )
    return _started(request, job, [])


def _started(request: Request, job: Job, refused: list[str]) -> Response:
    target = f"/inbox?job={job.id}"
    if _wants_json(request):
        return JSONResponse({"job": job.id, "next": target, "refused": refused}, status_code=202)
    return RedirectResponse(target, status_code=303)


def _refusal(request: Request, errors: list[str]) -> Response:
    if _wants_json(request):
        return JSONResponse({"job": None, "refused": errors}, status_code=400)
    return _inbox(request, None, errors, status_code=400)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _size(upload: UploadFile) -> int:
    if upload.size is not None:
        return upload.size
    upload.file.seek(0, 2)
    size = upload.file.tell()
    upload.file.seek(0)
    return size


def _too_large(upload: UploadFile, lang: str) -> str:
    limit = size_limit(upload.filename or "") // MB
    size = max(1, round(_size(upload) / MB))
    return t("web.inbox.too_large", lang, file=upload.filename or "", size=size, limit=limit)


ROUTES: list[BaseRoute] = [
    Route("/inbox", inbox_page, name="inbox"),
    Route("/inbox/upload", upload, methods=["POST"], name="inbox_upload"),
    Route("/inbox/ingest", ingest_inbox, methods=["POST"], name="inbox_ingest"),
]
