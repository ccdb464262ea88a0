"""The compendium as PDF, through LibreOffice (:mod:`pipeline.office`): a first run measures
where each heading lands (the PDF's named destinations, read with poppler's ``pdfinfo``) so
that the table of contents shows page numbers, the second makes the PDF."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO, Protocol

from pipeline.locale.texts import t
from pipeline.office import OfficeError, convert, find_soffice
from pipeline.round.folder import write_stream_atomic

PDF_WITH_DESTINATIONS = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
_DESTINATION = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"[^"]*Toc(\d+)"\s*$')


class PdfResult(Protocol):
    """What :func:`make_pdf` fills in (a :class:`~.CompileResult`)."""

    docx: Path
    pdf: Path | None
    messages: list[str]


def toc_pages(pdf: Path) -> dict[str, int] | None:
    """Bookmark -> page of each heading, from the PDF's named destinations (poppler's
    ``pdfinfo -dests``); None when pdfinfo is not installed."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    proc = subprocess.run(
        [pdfinfo, "-dests", str(pdf)], capture_output=True, text=True, timeout=120, check=False
    )
    pages: dict[str, int] = {}
    for line in proc.stdout.splitlines():
        match = _DESTINATION.match(line)
        if match:
            pages.setdefault(f"_Toc{match.group(2)}", int(match.group(1)))
    return pages


def _measure(docx: Path) -> dict[str, int] | None:
    """Where LibreOffice puts each heading: a first PDF with the bookmarks as destinations."""
    if shutil.which("pdfinfo") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="praxis-toc-") as tmp:
        return toc_pages(convert(docx, PDF_WITH_DESTINATIONS, Path(tmp)))


def make_pdf(
    result: PdfResult, rebuild: Callable[[BinaryIO, Mapping[str, int]], None], lang: str
) -> None:
    """``compendium.pdf`` beside ``result.docx``, the docx first rebuilt with the measured
    page numbers; what went wrong in ``result.messages``."""
    if find_soffice() is None:
        result.messages.append(t("compendium.no_office", lang, docx=result.docx))
        return
    try:
        pages = _measure(result.docx)
        if pages is None:
            result.messages.append(t("compendium.no_page_numbers", lang))
        elif pages:
            write_stream_atomic(result.docx, functools.partial(rebuild, pages=pages))
        result.pdf = convert(result.docx, "pdf", result.docx.parent)
    except OfficeError as exc:
        result.messages.append(t("compendium.pdf_failed", lang, detail=str(exc)))
