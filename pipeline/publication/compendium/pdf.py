"""The compendium as an accessible PDF, through LibreOffice (:mod:`pipeline.office`): a first
run measures where each heading lands (the PDF's named destinations, read with poppler's
``pdfinfo``) so that the table of contents shows page numbers, the second makes the PDF.

Both runs use :data:`ACCESSIBLE` (the ``writer_pdf_Export`` filter's options as JSON): a
tagged PDF (a structure tree in document order: headings, paragraphs, tables with their
header rows as ``TH``, figures with the pictures' alternative text as ``/Alt``), identified as
PDF/UA-1 in its XMP metadata, with bookmarks from the headings, the docx's core title shown in
the viewer's window and the docx's default language as the catalog's ``/Lang``
(:func:`~.styles.set_language`). It opens with the bookmarks shown.
"""

from __future__ import annotations

import functools
import json
import os
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

ACCESSIBLE: dict[str, bool | int] = {
    "UseTaggedPDF": True,
    "PDFUACompliance": True,  # LibreOffice 7.4: tags too, and pdfuaid:part 1 in the XMP
    "ExportBookmarks": True,
    "DisplayPDFDocumentTitle": True,
    "InitialView": 1,  # the bookmarks shown when the PDF opens
    "OpenBookmarkLevels": 2,  # fields of action and practices; a chapter's sections folded
}
"""The options of LibreOffice's ``writer_pdf_Export`` filter for the compendium."""


def export_filter(options: dict[str, bool | int]) -> str:
    """``soffice --convert-to`` for a PDF with ``options`` (LibreOffice's JSON notation of
    the ``writer_pdf_Export`` filter's properties, LibreOffice 7.4 or later)."""
    typed = {
        name: {"type": "boolean", "value": str(value).lower()}
        if isinstance(value, bool)
        else {"type": "long", "value": str(value)}
        for name, value in options.items()
    }
    return "pdf:writer_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


ACCESSIBLE_PDF = export_filter(ACCESSIBLE)
PDF_WITH_DESTINATIONS = export_filter({**ACCESSIBLE, "ExportBookmarksToPDFDestination": True})
"""The measuring run: the same PDF, with the headings' bookmarks as named destinations."""
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
    """``compendium-<lang>.pdf`` beside ``result.docx``, the docx first rebuilt with the
    measured page numbers; what went wrong in ``result.messages``. The PDF is made in a
    temporary folder and moved into place whole: a failed conversion leaves no half-written
    file, and the caller removes an earlier PDF that was not replaced."""
    if find_soffice() is None:
        result.messages.append(t("compendium.no_office", lang, docx=result.docx))
        return
    try:
        pages = _measure(result.docx)
        if pages is None:
            result.messages.append(t("compendium.no_page_numbers", lang))
        elif pages:
            write_stream_atomic(result.docx, functools.partial(rebuild, pages=pages))
        result.pdf = _convert_into_place(result.docx)
    except OfficeError as exc:
        result.messages.append(t("compendium.pdf_failed", lang, detail=str(exc)))


def _convert_into_place(docx: Path) -> Path:
    """``docx`` as :data:`ACCESSIBLE_PDF` beside it (an earlier PDF replaced at once)."""
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="praxis-pdf-", dir=docx.parent) as tmp:
        made = convert(docx, ACCESSIBLE_PDF, Path(tmp))
        os.replace(made, target)
    return target
