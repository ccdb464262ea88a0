"""The workbooks page: every answer in one Excel workbook to correct in bulk, and the text
answers in a workbook for a translator; each written and read back here as with
``praxis corrections export|import`` and ``praxis translate export|import``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.errors import UsageError
from pipeline.locale.texts import LANGUAGES, t
from pipeline.returns.inbox import safe_name
from pipeline.returns.safety import MAX_FILE_BYTES
from pipeline.web.pages.shared import download, round_of, writer_of
from pipeline.web.rendering import page, request_lang

WORKBOOK_SUFFIX = ".xlsx"
LANGUAGE_NAMES = {"de": "web.workbooks.language_de", "en": "web.workbooks.language_en"}
"""The target languages of a translation, as the select names them ("ins Deutsche")."""


def workbooks_page(request: Request, notice: str = "", problem: str = "") -> Response:
    rd = round_of(request)
    record = rd.load()
    return page(
        request,
        "workbooks.html",
        nav="workbooks",
        notice=notice,
        problem=problem,
        languages=[(code, t(LANGUAGE_NAMES[code], request_lang(request))) for code in LANGUAGES],
        round_language=record.language,
        status_code=400 if problem else 200,
    )


async def export_corrections(request: Request) -> Response:
    """Write the corrections workbook (``corrections/korrekturen.xlsx``) and hand it over."""
    from pipeline.review.correction_workbook import export_workbook

    rd = round_of(request)
    lang = request_lang(request)
    path = writer_of(request).call(lambda: export_workbook(rd.root, None, lang))
    return download(path, within=rd.root)


async def export_translation(request: Request) -> Response:
    """Write the translator's workbook into the chosen language and hand it over."""
    from pipeline.review.translation_workbook import export_translations

    rd = round_of(request)
    form = await request.form()
    to = str(form.get("to", ""))
    if to not in LANGUAGES:
        to = rd.load().language
    done = writer_of(request).call(lambda: export_translations(rd.root, to, None))
    return download(done.path, within=rd.root)


async def import_corrections(request: Request) -> Response:
    """Record the changed cells of an uploaded corrections workbook, for the reason given."""
    from pipeline.review.correction_workbook import import_workbook

    rd = round_of(request)
    lang = request_lang(request)
    form = await request.form(max_files=1, max_fields=10)
    reason = str(form.get("reason", "")).strip()
    if not reason:
        return workbooks_page(request, problem=t("web.workbooks.reason_missing", lang))
    with tempfile.TemporaryDirectory(prefix="praxis-upload-") as tmp:
        try:
            file = await _saved(form.get("file"), Path(tmp), lang)
        except UsageError as e:
            return workbooks_page(request, problem=str(e))
        done = writer_of(request).call(lambda: import_workbook(rd.root, file, reason, lang))
    count = len(done.recorded)
    notice = t("web.workbooks.corrections_imported", lang, file=file.name, count=count)
    return workbooks_page(request, notice=notice)


async def import_translation(request: Request) -> Response:
    """Record the translations of an uploaded translator's workbook."""
    from pipeline.review.translation_workbook import import_translations

    rd = round_of(request)
    lang = request_lang(request)
    form = await request.form(max_files=1, max_fields=10)
    with tempfile.TemporaryDirectory(prefix="praxis-upload-") as tmp:
        try:
            file = await _saved(form.get("file"), Path(tmp), lang)
        except UsageError as e:
            return workbooks_page(request, problem=str(e))
        done = writer_of(request).call(lambda: import_translations(rd.root, file, lang))
    count, unchanged = len(done.recorded), done.unchanged
    notice = t("translation.imported", lang, count=count, unchanged=unchanged)
    return workbooks_page(request, notice=notice, problem="\n".join(done.notes))


async def _saved(upload: object, folder: Path, lang: str) -> Path:
    """The uploaded workbook, written into ``folder`` under its cleaned name; UsageError for
    no file, another kind of file, or one beyond ingest's size limit."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise UsageError(t("web.workbooks.no_file", lang))
    name = safe_name(upload.filename)
    if not name.lower().endswith(WORKBOOK_SUFFIX):
        raise UsageError(t("web.workbooks.not_xlsx", lang, file=name))
    data = await upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise UsageError(t("web.workbooks.too_large", lang, file=name, limit=limit))
    target = folder / name
    target.write_bytes(data)
    return target


ROUTES: list[BaseRoute] = [
    Route("/workbooks", workbooks_page, name="workbooks"),
    Route("/workbooks/corrections/export", export_corrections, methods=["POST"]),
    Route("/workbooks/corrections/import", import_corrections, methods=["POST"]),
    Route("/workbooks/translation/export", export_translation, methods=["POST"]),
    Route("/workbooks/translation/import", import_translation, methods=["POST"]),
]
