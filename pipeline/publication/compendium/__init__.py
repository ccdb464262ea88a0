"""``praxis compile``: the compendium, a Word document of the round's published practices.

:func:`build_compendium` returns the .docx bytes and touches no files but the template;
:func:`compile_round` writes ``DIR/compendium/compendium-<lang>.docx`` and, with ``pdf=True``
and LibreOffice installed, ``compendium-<lang>.pdf``; with ``html`` a static web edition
(:mod:`pipeline.publication.web_edition`).

Everything is driven by the questions' compendium roles (see
:class:`pipeline.definition.questionnaire.CompendiumRole`), never by question ids: ``title`` names a
chapter, ``group`` groups the chapters, ``fact`` and ``contact`` fill the fact box, ``section``
and ``media`` follow it. Only practices whose ``consent`` answers are all yes appear, and their
``contact`` answers only when the ``consent_contact`` answers are yes too; ``hidden`` answers
never appear. Without a consent question nothing is published.

The modules, one job each: :mod:`.selection` (which practices, consent, redaction),
:mod:`.content` (the compendium as typed chapters and blocks, values as text, no Word),
:mod:`.document` (the content rendered as Word), :mod:`.writer` and :mod:`.wordml` (the body's
WordprocessingML; the fast path in :mod:`pipeline.speed.compendium`), :mod:`.styles` (the
default look and the user's ``--template``), :mod:`.qr` (QR codes), :mod:`.pdf` (LibreOffice)
and :mod:`.compile` (the round folder).
"""

from pipeline.publication.compendium.compile import (
    COMPENDIUM_DIR,
    CompileResult,
    compile_round,
    docx_name,
    is_compendium_file,
    pdf_name,
    privacy_name,
)
from pipeline.publication.compendium.content import (
    Compendium,
    compendium_content,
    fact_rows,
    shown_heading,
    value_text,
)
from pipeline.publication.compendium.document import (
    build_compendium,
    write_chapter,
    write_compendium,
)
from pipeline.publication.compendium.pdf import toc_pages
from pipeline.publication.compendium.qr import QR_MASK, qr_png
from pipeline.publication.compendium.selection import (
    Figures,
    Practice,
    compendium_figures,
    has_consent,
    select_practices,
)
from pipeline.publication.compendium.styles import (
    CompendiumError,
    default_document,
    ensure_style,
    open_template,
)
from pipeline.publication.compendium.writer import SkippedPart

__all__ = [
    "COMPENDIUM_DIR",
    "QR_MASK",
    "Compendium",
    "CompendiumError",
    "CompileResult",
    "Figures",
    "Practice",
    "SkippedPart",
    "build_compendium",
    "compendium_content",
    "compendium_figures",
    "compile_round",
    "default_document",
    "docx_name",
    "ensure_style",
    "fact_rows",
    "has_consent",
    "is_compendium_file",
    "open_template",
    "pdf_name",
    "privacy_name",
    "qr_png",
    "select_practices",
    "shown_heading",
    "toc_pages",
    "value_text",
    "write_chapter",
    "write_compendium",
]
