"""``praxis compile``: the compendium, a Word document of the round's published practices.

:func:`build_compendium` returns the .docx bytes and touches no files but the template;
:func:`compile_round` writes ``DIR/compendium/compendium.docx`` and, with ``pdf=True`` and
LibreOffice installed, ``compendium.pdf``.

Everything is driven by the questions' compendium roles (see
:class:`pipeline.definition.questionnaire.CompendiumRole`), never by question ids: ``title`` names a
chapter, ``group`` groups the chapters, ``fact`` and ``contact`` fill the fact box, ``section``
and ``media`` follow it. Only practices whose ``consent`` answers are all yes appear, and their
``contact`` answers only when the ``consent_contact`` answers are yes too; ``hidden`` answers
never appear. Without a consent question nothing is published.

The table of contents is a real Word field (``TOC \\o "1-2" \\h \\z \\u``) whose cached result
already lists every chapter, because LibreOffice shows that cached result and never updates
it. With ``pdf=True`` the page numbers come from a first LibreOffice run (the PDF's named
destinations, read with poppler's ``pdfinfo``); Word recalculates them when the field is
updated. Output is deterministic: equal inputs (including ``today``) give equal bytes.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import itertools
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import qrcode
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree
from PIL import Image as PILImage

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.question_types import as_text
from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire
from pipeline.errors import UsageError
from pipeline.forms.word.xml import W_NS, el, val
from pipeline.locale.texts import format_date, format_number, t
from pipeline.locale.wording import choice_label
from pipeline.office import OfficeError, convert, find_soffice
from pipeline.publication.answers import answered, current_submissions, group_question
from pipeline.publication.charts import ChartData, overview_charts, render_bar_chart
from pipeline.publication.privacy import (
    Finding,
    check_answers,
    privacy_report,
    redact_answers,
    roster_contact_values,
)
from pipeline.returns.store import Submission
from pipeline.returns.submission import ACCEPTED, ACCEPTED_WITH_WARNINGS, INCOMPLETE
from pipeline.round.folder import RoundDir, RoundRecord, write_stream_atomic
from pipeline.round.lock import writes_round
from pipeline.round.roster import csv_rows
from pipeline.workers import worker_count

COMPENDIUM_DIR = "compendium"
DOCX_NAME = "compendium.docx"
PDF_NAME = "compendium.pdf"
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
PDF_WITH_DESTINATIONS = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
LANG_TAGS = {"de": "de-DE", "en": "en-GB"}
FONT = "Arial"
ACCENT = "1F4E79"
ACCENT_2 = "2E74B5"
GREY = "595959"
LINK = "0563C1"
FACT_FILL = "EAF1F8"
HEAD_FILL = "D9E2F3"
RULE = "BFBFBF"
CHART_WIDTH = Mm(160)
QR_WIDTH = Mm(30)
CELL_MARGINS = (("top", 40), ("left", 85), ("bottom", 40), ("right", 85))
SAFE_LINK = re.compile(r"^(https?://|mailto:)\S+$", re.IGNORECASE)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class CompendiumError(UsageError):
    """The compendium could not be made from what was given (e.g. an unreadable template)."""


# --- what goes in ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Practice:
    """One published practice: a project's current submission, as the compendium names it."""

    project: str
    title: str
    organisation: str
    group: str
    group_label: str
    group_order: int
    answers: Mapping[str, Any]
    incomplete: bool
    show_contact: bool
    findings: tuple[Finding, ...] = ()
    """Contact data in its free texts while its contact may not be published (see
    :mod:`pipeline.publication.privacy`); replaced in :attr:`answers` when the compendium
    redacts."""


@dataclass(frozen=True)
class Figures:
    """The round in numbers: projects asked, questionnaires returned, practices included."""

    asked: int
    returned: int
    included: int
    incomplete: int = 0


@dataclass(frozen=True)
class SkippedPart:
    """A part of the compendium that could not be drawn and was left out (the rest is there):
    whose practice (empty for the overview), which part, and why."""

    project: str
    title: str
    part: str
    detail: str

    def message(self, lang: str) -> str:
        """The line for the compile summary."""
        if not self.project:
            return t("compendium.part_skipped_overview", lang, part=self.part, detail=self.detail)
        return t(
            "compendium.part_skipped",
            lang,
            project=self.project,
            title=self.title,
            part=self.part,
            detail=self.detail,
        )


@dataclass
class CompileResult:
    """What :func:`compile_round` wrote, and what the coordinator should know about it."""

    docx: Path
    figures: Figures
    pdf: Path | None = None
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the coordinator should know that is no problem (an earlier PDF removed)."""
    skipped: list[SkippedPart] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Contact data in free texts of practices whose contact may not be published."""
    redacted: bool = False
    privacy_check: Path | None = None
    """The file listing :attr:`findings` (none when nothing was found)."""

    @property
    def paths(self) -> list[Path]:
        """The files written."""
        return [self.docx] + ([self.pdf] if self.pdf else [])

    @property
    def message(self) -> str | None:
        """The messages as one text (None when there is nothing to say)."""
        return " ".join(self.messages) or None


def has_consent(q: Questionnaire, answers: Mapping[str, Any], role: str = "consent") -> bool:
    """True when the questionnaire asks for ``role`` consent and every such answer is yes."""
    questions = q.with_role(role)
    return bool(questions) and all(answers.get(x.id) is True for x in questions)


def _publishable(sub: Submission, include_incomplete: bool) -> bool:
    if sub.outcome in (ACCEPTED, ACCEPTED_WITH_WARNINGS):
        return True
    return include_incomplete and sub.outcome == INCOMPLETE


def _text_answer(q: Questionnaire, answers: Mapping[str, Any], pick: Callable) -> str:
    question = next((x for x in q.answerable() if pick(x)), None)
    value = answers.get(question.id) if question else None
    return str(value).strip() if answered(value) else ""


def _group(q: Questionnaire, answers: Mapping[str, Any], lang: str) -> tuple[str, str, int]:
    """(value, label, sort position) of the practice's group answer."""
    group = group_question(q)
    value = answers.get(group.id) if group else None
    if group is None or not answered(value):
        return "", t("compendium.group_none", lang), 10_000
    values = [*group.choice_values, OTHER]
    order = values.index(value) if value in values else len(values)
    return str(value), choice_label(group, str(value), lang), order


def _practice(
    q: Questionnaire,
    record: RoundRecord,
    sub: Submission,
    lang: str,
    redact: bool = False,
    roster: Mapping[str, Sequence[str]] | None = None,
) -> Practice:
    answers = sub.answers
    project = record.projects.get(sub.project)
    show_contact = has_consent(q, answers, "consent_contact")
    findings: list[Finding] = []
    if not show_contact:
        title = _text_answer(q, answers, lambda x: x.compendium and x.compendium.role == "title")
        ids = (sub.project, title or (project.name if project else sub.project))
        own = (roster or {}).get(sub.project, ())
        findings = check_answers(q, answers, project, ids, lang, own)
        if redact and findings:
            answers = redact_answers(q, answers, findings, t("privacy.replacement", lang))
    title = _text_answer(q, answers, lambda x: x.compendium and x.compendium.role == "title")
    organisation = _text_answer(q, answers, lambda x: x.prefill == "organisation")
    value, label, order = _group(q, answers, lang)
    return Practice(
        project=sub.project,
        title=title or (project.name if project else sub.project),
        organisation=organisation or (project.organisation if project else ""),
        group=value,
        group_label=label,
        group_order=order,
        answers=answers,
        incomplete=sub.outcome == INCOMPLETE,
        show_contact=show_contact,
        findings=tuple(findings),
    )


def select_practices(
    q: Questionnaire,
    record: RoundRecord,
    submissions: Iterable[Submission],
    lang: str,
    include_incomplete: bool = False,
    redact: bool = False,
    roster: Mapping[str, Sequence[str]] | None = None,
) -> list[Practice]:
    """The practices to publish, sorted by group (choice order) and title; with ``redact``
    contact data in the free texts of those whose contact may not be published is replaced
    (``roster``: project -> its contact values in the roster, see
    :func:`pipeline.publication.privacy.roster_contact_values`)."""
    practices = [
        _practice(q, record, s, lang, redact, roster)
        for s in submissions
        if _publishable(s, include_incomplete) and has_consent(q, s.answers)
    ]
    return sorted(practices, key=lambda p: (p.group_order, p.group_label, _key(p.title), p.project))


def _key(text: str) -> str:
    return text.casefold()


def compendium_figures(
    record: RoundRecord, submissions: Sequence[Submission], practices: Sequence[Practice]
) -> Figures:
    return Figures(
        asked=len(record.projects),
        returned=len(submissions),
        included=len(practices),
        incomplete=sum(p.incomplete for p in practices),
    )


# --- values in words ---------------------------------------------------------------------------


def value_text(f: Field, value: Any, lang: str, other: str = "") -> str:
    """An answer as the compendium prints it: labels, formatted dates and numbers, joined."""
    if not answered(value):
        return ""
    return as_text(f, value, lang, other=other)


def _applies(x: Question, answers: Mapping[str, Any]) -> bool:
    """False for an answer whose skip condition is not met (given anyway, kept by ingest)."""
    return x.when is None or x.when.holds(answers)


def shown_heading(x: Question, lang: str) -> str:
    """The question's compendium heading, else its label."""
    if x.compendium and x.compendium.heading:
        return x.compendium.heading.get(lang)
    return x.label.get(lang)


def _in_fact_box(x: Question, practice: Practice, roles: tuple[str, ...]) -> bool:
    role = x.compendium.role if x.compendium else None
    if role == "group":  # under "Other", the box says what the project typed there
        return practice.group == OTHER and answered(practice.answers.get(x.other_id))
    return role in roles and _applies(x, practice.answers)


def fact_rows(q: Questionnaire, practice: Practice, lang: str) -> list[tuple[Question, str]]:
    """(question, text) for the fact box: facts, contacts only with consent, and the group's
    "other" text."""
    roles = ("fact", "contact") if practice.show_contact else ("fact",)
    rows = []
    for x in q.answerable():
        if not _in_fact_box(x, practice, roles):
            continue
        other = str(practice.answers.get(x.other_id) or "")
        text = value_text(x, practice.answers.get(x.id), lang, other)
        if text:
            rows.append((x, text))
    return rows


# --- low-level WordprocessingML ----------------------------------------------------------------
#
# The body is built with lxml directly, in the shapes python-docx would give it (same elements,
# attributes and order), because python-docx's proxies search the whole body on every insert.

_RUN_PARTS = re.compile(r"([\t\r\n])")


def _tag(name: str) -> str:
    return f"{{{W_NS}}}{name}"


_P, _R, _T, _TR, _TC, _W_W = _tag("p"), _tag("r"), _tag("t"), _tag("tr"), _tag("tc"), _tag("w")


def _sub(parent: Any, name: str, attrs: Mapping[str, str] | None = None) -> Any:
    """A new ``w:`` child of ``parent`` with ``w:`` attributes, in the order given."""
    node = etree.SubElement(parent, _tag(name))
    for key, value in (attrs or {}).items():
        node.set(_tag(key), value)
    return node


def _twips(emu: int) -> int:
    """EMU as python-docx writes them into ``w:w`` and spacing attributes."""
    return round(emu / 635)


def _text(text: str) -> Any:
    node = el("t")
    node.text = text
    node.set(XML_SPACE, "preserve")
    return node


def _run(text: str, *props: Any) -> Any:
    run = el("r")
    if props:
        run.append(el("rPr", {}, *props))
    run.append(_text(text))
    return run


def _add_text(run: Any, text: str) -> None:
    """``text`` into ``run`` like python-docx: tabs and line breaks become elements."""
    for part in _RUN_PARTS.split(text):
        if part == "\t":
            _sub(run, "tab")
        elif part in ("\r", "\n"):
            _sub(run, "br")
        elif part:
            node = etree.SubElement(run, _T)
            node.text = part
            if len(part.strip()) < len(part):
                node.set(XML_SPACE, "preserve")


def _add_run(
    parent: Any, text: str = "", *, bold: bool = False, italic: bool = False, colour: str = ""
) -> Any:
    """A ``w:r`` as python-docx's ``add_run`` makes it, with bold, italic and colour."""
    run = etree.SubElement(parent, _R)
    if bold or italic or colour:
        rpr = _sub(run, "rPr")
        if bold:
            _sub(rpr, "b")
        if italic:
            _sub(rpr, "i")
        if colour:
            _sub(rpr, "color", {"val": colour})
    if text:
        _add_text(run, text)
    return run


def _add_paragraph(parent: Any, text: str = "", *props: Any, ppr: bool = False) -> Any:
    """A ``w:p`` with ``text`` as one run; a ``w:pPr`` with copies of ``props`` (given in
    schema order) when there are props or ``ppr`` is true."""
    paragraph = etree.SubElement(parent, _P)
    if props or ppr:
        node = _sub(paragraph, "pPr")
        node.extend(deepcopy(prop) for prop in props)
    if text:
        _add_run(paragraph, text)
    return paragraph


def _spacing(**points: float) -> Any:
    """``w:spacing`` with the given ``before``/``after`` in points."""
    return el("spacing", {k: str(_twips(Pt(v))) for k, v in points.items()})


PAGE_BREAK = el("pageBreakBefore")
KEEP_NEXT = el("keepNext")
CENTER = val("jc", "center")
RIGHT = val("jc", "right")
GAP = _spacing(after=2)
CELL_SPACING = _spacing(before=1, after=1)
QUESTION_LINE = (
    el("tabs", {}, el("tab", {"pos": str(_twips(Mm(12))), "val": "left"})),
    _spacing(after=2),
    el("ind", {"left": str(_twips(Mm(12))), "hanging": str(_twips(Mm(12)))}),
)


def _props(props: Callable[[], list[Any]] | None) -> list[Any]:
    made = props() if props else []
    return [el("rPr", {}, *made)] if made else []


def _field_char(kind: str, props: Callable[[], list[Any]] | None = None) -> Any:
    return el("r", {}, *_props(props), el("fldChar", {"fldCharType": kind}))


def _instruction(text: str) -> Any:
    node = el("instrText")
    node.text = text
    node.set(XML_SPACE, "preserve")
    return el("r", {}, node)


def _field(
    instruction: str, cached: str, props: Callable[[], list[Any]] | None = None
) -> list[Any]:
    """A complex field with its cached result: begin, instruction, separate, result, end."""
    result = [_run(cached, *(props() if props else []))] if cached else []
    return [
        _field_char("begin", props),
        _instruction(instruction),
        _field_char("separate", props),
        *result,
        _field_char("end", props),
    ]


def _link_props() -> list[Any]:
    return [val("color", LINK), val("u", "single")]


def _borders(kind: str, colour: str) -> Any:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    attrs = {"val": "single", "sz": "4", "space": "0", "color": colour}
    if kind == "none":
        attrs = {"val": "nil"}
    return el("tblBorders", {}, *(el(side, attrs) for side in sides))


_TBL_LOOK = {
    "firstColumn": "1",
    "firstRow": "1",
    "lastColumn": "0",
    "lastRow": "0",
    "noHBand": "0",
    "noVBand": "1",
    "val": "04A0",
}


@functools.cache
def _table_props(borders: str, colour: str) -> Any:
    """``w:tblPr`` of a new python-docx table, left-aligned, fixed layout, with borders."""
    margins = el("tblCellMar", {}, *(el(s, {"w": str(n), "type": "dxa"}) for s, n in CELL_MARGINS))
    return el(
        "tblPr",
        {},
        el("tblW", {"type": "auto", "w": "0"}),
        val("jc", "left"),
        el("tblLayout", {"type": "fixed"}),
        _borders(borders, colour),
        margins,
        el("tblLook", _TBL_LOOK),
    )


def _add_table(parent: Any, widths: Sequence[int], borders: str, colour: str) -> Any:
    """A table with fixed column widths (EMU) and simple borders (grid, none)."""
    table = _sub(parent, "tbl")
    table.append(deepcopy(_table_props(borders, colour)))
    grid = _sub(table, "tblGrid")
    for width in widths:
        _sub(grid, "gridCol", {"w": str(_twips(width))})
    return table


def _add_row(table: Any, header: bool = False) -> Any:
    """A row that does not split across pages (and repeats on each page with ``header``)."""
    row = etree.SubElement(table, _TR)
    tr_pr = _sub(row, "trPr")
    _sub(tr_pr, "cantSplit")
    if header:
        _sub(tr_pr, "tblHeader")
    return row


@dataclass(frozen=True)
class _CellLook:
    fill: str = ""
    bold: bool = False
    colour: str = ""
    align: Any = None
    span: int = 1


PLAIN = _CellLook()


def _add_cell(row: Any, width: int, text: str, look: _CellLook = PLAIN) -> Any:
    """A cell of ``width`` twips, its text one paragraph per line (with table spacing)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()] or [""]
    if len(lines) > 1 or not lines[0] or "\t" in lines[0]:
        return _build_cell(row, width, lines, look)
    cell = deepcopy(_cell_proto(look))
    cell[0][0].set(_W_W, str(width))
    cell[-1][-1][-1].text = lines[0]
    row.append(cell)
    return cell


@functools.cache
def _cell_proto(look: _CellLook) -> Any:
    """A one-line cell of ``look`` to copy (the copy gets its own width and text)."""
    return _build_cell(el("tr"), 0, ["x"], look)


def _build_cell(row: Any, width: int, lines: Sequence[str], look: _CellLook) -> Any:
    cell = etree.SubElement(row, _TC)
    tc_pr = _sub(cell, "tcPr")
    _sub(tc_pr, "tcW", {"type": "dxa", "w": str(width)})
    if look.span > 1:
        _sub(tc_pr, "gridSpan", {"val": str(look.span)})
    if look.fill:
        _sub(tc_pr, "shd", {"val": "clear", "color": "auto", "fill": look.fill})
    first = (CELL_SPACING, look.align) if look.align is not None else (CELL_SPACING,)
    for n, line in enumerate(lines):
        paragraph = _add_paragraph(cell, "", *(first if n == 0 else (CELL_SPACING,)))
        _add_run(paragraph, line, bold=look.bold, colour=look.colour)
    return cell


def _add_cells(
    row: Any, widths: Sequence[int], texts: Sequence[str], look: _CellLook = PLAIN
) -> list[Any]:
    return [
        _add_cell(row, _twips(width), text, look) for width, text in zip(widths, texts, strict=True)
    ]


BODY_MARK = b"<?praxis-body ?>"
_COPY_BLOCK = 1 << 20


class _BodySpool:
    """The body's serialized XML in document order, kept in a temporary file rather than in
    memory (174 MB for 5,000 practices); a placeholder is filled later (the contents)."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.pieces: list[tuple[int, int] | bytes] = []
        """(offset, length) in :attr:`file`, or the bytes of a filled placeholder."""

    def append(self, data: bytes) -> None:
        self.pieces.append((self.file.tell(), len(data)))
        self.file.write(data)

    def placeholder(self) -> int:
        self.pieces.append(b"")
        return len(self.pieces) - 1

    def fill(self, index: int, data: bytes) -> None:
        self.pieces[index] = data

    def take_last(self) -> bytes:
        """Remove the last appended piece and return its bytes."""
        piece = self.pieces.pop()
        if isinstance(piece, bytes):
            return piece
        offset, length = piece
        self.file.seek(offset)
        data = self.file.read(length)
        self.file.seek(offset)
        self.file.truncate()
        return data

    def write_to(self, out: BinaryIO) -> None:
        for piece in self.pieces:
            if isinstance(piece, bytes):
                out.write(piece)
                continue
            offset, left = piece
            self.file.seek(offset)
            while left > 0:
                data = self.file.read(min(left, _COPY_BLOCK))
                out.write(data)
                left -= len(data)
        self.file.seek(0, io.SEEK_END)


class _PackageZip:
    """Where python-docx's package writer puts the parts: a zip in ``handle`` with fixed entry
    times and order (equal inputs give equal bytes), the main document's body streamed from
    the spool."""

    def __init__(self, handle: BinaryIO, main: str, body: _BodySpool):
        self.zip = zipfile.ZipFile(handle, "w")
        self.main, self.body = main, body

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with self.zip.open(info, "w") as member:
            if pack_uri != self.main:
                member.write(blob)
                return
            head, tail = blob.split(BODY_MARK, 1)
            member.write(head)
            self.body.write_to(member)
            member.write(tail)

    def close(self) -> None:
        self.zip.close()


def _write_package(doc: DocumentObject, body: _BodySpool, handle: BinaryIO) -> None:
    """The .docx into ``handle``, as ``doc.save`` writes it but deterministic and in one pass."""
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = _PackageZip(handle, doc.part.partname, body)
    PackageWriter._write_content_types_stream(out, parts)
    PackageWriter._write_pkg_rels(out, package.rels)
    PackageWriter._write_parts(out, parts)
    out.close()


# --- styles and the default template ---------------------------------------------------------

HEADING_LEVELS = {"Heading 1": 0, "Heading 2": 1, "Heading 3": 2, "TOC Heading": 9}
NEEDED_STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "TOC Heading",
    "Caption",
    "toc 1",
    "toc 2",
)


def ensure_style(doc: DocumentObject, name: str) -> str:
    """The id of paragraph style ``name``, added (based on Normal) when a template lacks it."""
    try:
        return str(doc.styles[name].style_id)
    except KeyError:
        pass
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    if name in HEADING_LEVELS:
        style.element.get_or_add_pPr().append(val("outlineLvl", HEADING_LEVELS[name]))
        style.font.bold = name != "TOC Heading" or None
    if name == "toc 2":
        style.paragraph_format.left_indent = Mm(5)
    return str(style.style_id)


def _plain_font(style: Any, name: str = FONT) -> None:
    """Set ``name`` for every script and drop theme fonts (which would win over it)."""
    r_fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in list(r_fonts.attrib):
        if attr.lower().endswith("theme"):
            del r_fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        r_fonts.set(qn(f"w:{attr}"), name)


@dataclass(frozen=True)
class _Look:
    size: float
    colour: str
    bold: bool = False
    italic: bool = False
    before: float = 0
    after: float = 6


LOOKS = {
    "Normal": _Look(10.5, "262626", after=6),
    "Title": _Look(30, ACCENT, bold=True, after=12),
    "Subtitle": _Look(15, ACCENT_2, after=24),
    "Heading 1": _Look(20, ACCENT, bold=True, after=14),
    "Heading 2": _Look(15, ACCENT_2, bold=True, before=6, after=8),
    "Heading 3": _Look(11.5, ACCENT, bold=True, before=12, after=3),
    "TOC Heading": _Look(20, ACCENT, bold=True, after=14),
    "Caption": _Look(8.5, GREY, italic=True, before=3, after=12),
    "toc 1": _Look(11, "262626", bold=True, before=6, after=2),
    "toc 2": _Look(10.5, "262626", after=2),
}


def _apply_look(doc: DocumentObject, name: str, look: _Look) -> None:
    ensure_style(doc, name)
    style = doc.styles[name]
    _plain_font(style)
    style.font.size = Pt(look.size)
    style.font.color.rgb = RGBColor.from_string(look.colour)
    style.font.bold, style.font.italic = look.bold, look.italic
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(look.before), Pt(look.after)
    if name.startswith("Heading") or name == "TOC Heading":
        fmt.keep_with_next = True
    for parent, tag in ((style.element.pPr, "w:pBdr"), (style.element.rPr, "w:spacing")):
        found = parent.find(qn(tag)) if parent is not None else None
        if found is not None:
            parent.remove(found)


_AFTER_PBDR = {
    qn(f"w:{tag}")
    for tag in [
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
}


def _insert_in_order(ppr: Any, border: Any) -> None:
    """Put ``w:pBdr`` where the schema wants it (before shd, tabs, spacing, ...)."""
    later = next((child for child in ppr if child.tag in _AFTER_PBDR), None)
    if later is not None:
        later.addprevious(border)
    else:
        ppr.append(border)


def _page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.header_distance = section.footer_distance = Mm(11)
    section.different_first_page_header_footer = True


def _small(paragraph: Paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.color.rgb = Pt(8.5), RGBColor.from_string(GREY)


def _header_footer(doc: DocumentObject, network: str, lang: str) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(header, network)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _small(footer, f"{t('compendium.title', lang)} · {t('compendium.page', lang)} ")
    footer._p.extend(_field(" PAGE ", "1", lambda: [val("color", GREY), val("sz", 17)]))


def default_document(network: str, lang: str) -> DocumentObject:
    """The bundled look: A4, Arial, blue headings, network in the header, page numbers."""
    doc = Document()
    _page_setup(doc)
    for name, look in LOOKS.items():
        _apply_look(doc, name, look)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.15
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    rpr.append(val("lang", LANG_TAGS.get(lang, "en-GB")))
    for name in ("Title", "Subtitle"):
        bar = el("left", {"val": "single", "sz": "36", "space": "12", "color": ACCENT})
        _insert_in_order(doc.styles[name].element.get_or_add_pPr(), el("pBdr", {}, bar))
    _header_footer(doc, network, lang)
    return doc


def open_template(template: Path, lang: str = "en") -> DocumentObject:
    """A user's template like pandoc's reference document: its styles, sections, headers and
    footers (logo) stay, its body content goes. CompendiumError when it cannot be read."""
    try:
        doc = Document(_as_document(template))
    except (
        OpcError,
        OSError,
        ValueError,
        KeyError,
        zipfile.BadZipFile,
        etree.XMLSyntaxError,
    ) as exc:
        detail = f"{type(exc).__name__}: {exc}"
        raise CompendiumError(
            t("compendium.bad_template", lang, path=template, detail=detail)
        ) from exc
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    _only_the_look(doc)
    for name in NEEDED_STYLES:
        ensure_style(doc, name)
    return doc


WORD_MAIN_TYPES = tuple(
    f"application/vnd.{kind}.main+xml".encode()
    for kind in (
        "openxmlformats-officedocument.wordprocessingml.template",
        "ms-word.template.macroEnabledTemplate",
        "ms-word.document.macroEnabled",
    )
)
"""A Word template (.dotx), a macro-enabled one (.dotm) and a macro-enabled document (.docm):
read as a document (their macros are not kept, see :data:`KEPT_PARTS`)."""
DOCUMENT_MAIN_TYPE = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)


def _as_document(template: Path) -> str | BinaryIO:
    """``template`` as python-docx opens it: a .docx as it is; a .dotx, .dotm or .docm with its
    main part's content type made that of a document (all python-docx refuses in them)."""
    if not zipfile.is_zipfile(template):
        return str(template)
    with zipfile.ZipFile(template) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
        if not any(kind in types for kind in WORD_MAIN_TYPES):
            return str(template)
        files = {name: zf.read(name) for name in names}
    for kind in WORD_MAIN_TYPES:
        types = types.replace(kind, DOCUMENT_MAIN_TYPE)
    files["[Content_Types].xml"] = types
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    buffer.seek(0)
    return buffer


KEPT_PARTS = {RT.STYLES, RT.NUMBERING, RT.THEME, RT.FONT_TABLE, RT.SETTINGS}
"""What the compendium takes from a template's main part besides the headers and footers
its page setup uses (and their pictures): styles, numbering, theme and fonts."""
KEPT_SETTINGS = {
    qn(f"w:{name}")
    for name in (
        "mirrorMargins",
        "gutterAtTop",
        "bookFoldPrinting",
        "bookFoldRevPrinting",
        "bookFoldPrintingSheets",
        "defaultTabStop",
        "autoHyphenation",
        "consecutiveHyphenLimit",
        "hyphenationZone",
        "doNotHyphenateCaps",
        "evenAndOddHeaders",
        "characterSpacingControl",
        "compat",
        "themeFontLang",
        "clrSchemeMapping",
        "decimalSymbol",
        "listSeparator",
    )
}
"""The settings that shape the page and the text; document variables, the attached template's
path, mail merge sources, protection, revision marks and the rest are left behind."""
REVISION_MARKS = ("commentRangeStart", "commentRangeEnd", "commentReference", "del", "moveFrom")
KEPT_REVISIONS = ("ins", "moveTo")
REVISION_PROPS = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange")


def _only_the_look(doc: DocumentObject) -> None:
    """Strip a template to its look: styles, page setup, headers and footers (with their
    pictures), numbering, theme and fonts. Its comments, people, custom and extended
    properties, custom XML, thumbnail, document variables, author data, body pictures and
    links are not carried into the public compendium."""
    package = doc.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype != RT.OFFICE_DOCUMENT:
            _drop_rel(package.rels, r_id)  # core properties are made new (see _properties)
    used = _page_setup_rels(doc)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype in KEPT_PARTS or (r_id in used and rel.reltype in (RT.HEADER, RT.FOOTER)):
            continue
        _drop_rel(doc.part.rels, r_id)
    _plain_settings(doc)
    for rel in doc.part.rels.values():
        root = rel.target_part.element if hasattr(rel.target_part, "element") else None
        _accept_revisions(root)
        _drop_property_fields(root)


def _page_setup_rels(doc: DocumentObject) -> set[str]:
    """The rIds the page setup (the body's last ``w:sectPr``) uses, without the printer's."""
    sect_pr = doc.element.body.find(qn("w:sectPr"))
    if sect_pr is None:
        return set()
    for node in sect_pr.findall(qn("w:printerSettings")):
        sect_pr.remove(node)
    return {node.get(qn("r:id")) for node in sect_pr.iter() if node.get(qn("r:id"))}


def _plain_settings(doc: DocumentObject) -> None:
    """Only :data:`KEPT_SETTINGS`, and no relationships of the settings (the attached
    template's path, mail merge sources)."""
    settings = doc.settings.element
    for child in list(settings):
        if child.tag not in KEPT_SETTINGS:
            settings.remove(child)
    settings_part = doc.part.part_related_by(RT.SETTINGS)
    for r_id in list(settings_part.rels):
        _drop_rel(settings_part.rels, r_id)


def _drop_rel(rels: Any, r_id: str) -> None:
    del rels[r_id]
    rels.related_parts.pop(r_id, None)


def _accept_revisions(root: Any) -> None:
    """Comment anchors and tracked changes (they name their authors) out of a kept part:
    insertions stay as text, deletions go."""
    if root is None:
        return
    for name in REVISION_MARKS + REVISION_PROPS:
        for node in root.findall(f".//{qn(f'w:{name}')}"):
            parent = node.getparent()
            if name == "commentReference" and parent.tag == _R:
                node = parent
                parent = node.getparent()
            parent.remove(node)
    for name in KEPT_REVISIONS:
        for node in root.findall(f".//{qn(f'w:{name}')}"):
            _unwrap(node)


KEPT_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "HYPERLINK"}
"""Fields a kept header or footer may keep: page numbers and links. Every other field (AUTHOR,
DOCPROPERTY, USERNAME, FILENAME, TITLE, DOCVARIABLE, ...) shows, in its cached result, the
template's own data (its author, company, path), and goes whole, code and result."""


def _drop_property_fields(root: Any) -> None:
    """Fields other than :data:`KEPT_FIELDS`, and content controls bound to the template's
    properties (Word's "Quick Parts, Document Property"), out of a kept part."""
    if root is None:
        return
    for node in root.findall(f".//{qn('w:fldSimple')}"):
        if _field_kind(node.get(qn("w:instr"), "")) not in KEPT_FIELDS:
            node.getparent().remove(node)
    for node in root.findall(f".//{qn('w:dataBinding')}/../.."):
        if node.tag == qn("w:sdt"):
            node.getparent().remove(node)
    for run in _runs_of_dropped_fields(root):
        run.getparent().remove(run)


def _field_kind(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def _runs_of_dropped_fields(root: Any) -> list[Any]:
    """The runs (begin, code, result, end) of every complex field not in :data:`KEPT_FIELDS`;
    a field nested in a dropped one goes with it."""
    dropped: list[Any] = []
    open_fields: list[tuple[list[Any], list[str]]] = []
    for run in root.iter(_R):
        kind = next((c.get(qn("w:fldCharType")) for c in run if c.tag == qn("w:fldChar")), None)
        if kind == "begin":
            open_fields.append(([], []))
        for runs, code in open_fields:
            runs.append(run)
            code += [c.text or "" for c in run if c.tag == qn("w:instrText")]
        if kind == "end" and open_fields:
            runs, code = open_fields.pop()
            if _field_kind("".join(code)) not in KEPT_FIELDS:
                dropped += runs
    return list(dict.fromkeys(dropped))


def _unwrap(node: Any) -> None:
    parent = node.getparent()
    index = parent.index(node)
    for child in reversed(list(node)):
        parent.insert(index, child)
    parent.remove(node)


# --- the writer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    bookmark: str


class _Parts:
    """The document part's relationships, images and picture ids, each added in O(1).

    python-docx finds an existing relationship, image or free number by scanning all of them
    (and hashing every image) on each addition; these indexes give the same rIds, part names
    and ids without that."""

    def __init__(self, doc: DocumentObject):
        self.rels = doc.part.rels
        self.known: dict[tuple[str, bool, Any], str] = {}
        for r_id, rel in self.rels.items():
            target = rel.target_ref if rel.is_external else rel.target_part
            self.known.setdefault((rel.reltype, rel.is_external, target), r_id)
        self.free_rid = 1
        self.images = doc.part.package.image_parts
        self.by_sha1: dict[str, ImagePart] = {}
        for part in self.images:
            self.by_sha1.setdefault(part.sha1, part)
        self.numbers = {part.partname.idx for part in self.images}
        self.free_image = 1
        self.shape_id = doc.part.next_id

    def relate(self, reltype: str, target: Any, external: bool = False) -> str:
        """The rId of the relationship to ``target``, added when new."""
        key = (reltype, external, target)
        if key not in self.known:
            while f"rId{self.free_rid}" in self.rels:
                self.free_rid += 1
            self.known[key] = f"rId{self.free_rid}"
            self.rels.add_relationship(reltype, target, self.known[key], is_external=external)
        return self.known[key]

    def _image_part(self, image: Image) -> ImagePart:
        part = self.by_sha1.get(image.sha1)
        if part is None:
            while self.free_image in self.numbers:
                self.free_image += 1
            name = PackURI(f"/word/media/image{self.free_image}.{image.ext}")
            part = self.by_sha1[image.sha1] = ImagePart.from_image(image, name)
            self.images.append(part)
            self.numbers.add(self.free_image)
        return part

    def inline(self, png: bytes, width: int) -> Any:
        """A ``wp:inline`` picture of ``png``, ``width`` EMU wide."""
        part = self._image_part(Image.from_blob(png))
        r_id = self.relate(RT.IMAGE, part)
        image = part.image
        cx, cy = image.scaled_dimensions(Emu(width), None)
        inline = CT_Inline.new_pic_inline(self.shape_id, r_id, image.filename, cx, cy)
        self.shape_id += 1
        return inline


class _Writer:
    """Appends to the document body and remembers the headings for the table of contents.

    The final section properties are taken out of the body while writing, so that every
    block is simply appended; :meth:`flush` serializes what has been written so far into
    :attr:`spool` and empties the body again, so that the whole document is never held as
    elements or in memory (:meth:`finish` leaves a mark where the spool goes, see
    :func:`_write_package`)."""

    def __init__(
        self,
        doc: DocumentObject,
        q: Questionnaire,
        lang: str,
        pages: Mapping[str, int],
        spool: _BodySpool,
        qr: _QrCodes,
    ):
        self.doc, self.q, self.lang, self.pages = doc, q, lang, pages
        self.entries: list[TocEntry] = []
        self.figures = 0
        self.tables = 0
        section = doc.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        self.width = int(width) if width > 0 else int(Mm(166))
        self.body = doc.element.body
        self.parts = _Parts(doc)
        self.styles: dict[str, str] = {}
        self.style_props: dict[str, tuple[Any, ...]] = {}
        children = list(self.body)
        first = next((n for n, c in enumerate(children) if c.tag == _tag("sectPr")), len(children))
        self.tail = children[first:]
        for child in self.tail:
            self.body.remove(child)
        self.spool = spool
        self.qr = qr
        self.practice: Practice | None = None
        self.skipped: list[SkippedPart] = []

    @contextlib.contextmanager
    def part(self, name: str) -> Iterator[None]:
        """Write one part of the compendium (a chapter, a section, a chart); when it cannot
        be drawn, what it wrote is taken back, it is named in :attr:`skipped` and the rest
        of the compendium goes on."""
        state = (len(self.body), len(self.entries), self.figures, self.tables)
        try:
            yield
        except Exception as exc:  # one bad answer must not stop the compendium
            del self.body[state[0] :]
            del self.entries[state[1] :]
            self.figures, self.tables = state[2], state[3]
            self.skip(name, exc)

    def skip(self, name: str, exc: Exception) -> None:
        """Name a part left out because of ``exc``."""
        practice = self.practice
        detail = f"{type(exc).__name__}: {exc}"
        detail = detail if len(detail) <= 160 else detail[:159] + "…"
        project, title = (practice.project, practice.title) if practice else ("", "")
        self.skipped.append(SkippedPart(project, title, name, detail))

    def flush(self) -> None:
        """Move the body's content, serialized in place, to the spool."""
        if len(self.body):
            data = etree.tostring(self.body, encoding="UTF-8")
            self.spool.append(data[data.index(b">") + 1 : data.rindex(b"</")])
            del self.body[:]

    def mark(self) -> int:
        """A place in the spool to fill later (see :func:`_fill_toc`)."""
        self.flush()
        return self.spool.placeholder()

    def finish(self) -> None:
        self.flush()
        self.body.append(etree.ProcessingInstruction("praxis-body"))
        self.body.extend(self.tail)

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)

    def style(self, name: str) -> str:
        """:func:`ensure_style`, once per name."""
        if name not in self.styles:
            self.styles[name] = ensure_style(self.doc, name)
        return self.styles[name]

    def _style_props(self, name: str) -> tuple[Any, ...]:
        """``w:pStyle`` as python-docx sets it (none for the default paragraph style)."""
        if name not in self.style_props:
            self.style(name)
            style_id = self.doc.styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
            self.style_props[name] = (val("pStyle", style_id),) if style_id else ()
        return self.style_props[name]

    def para(self, text: str = "", style: str | None = None, *props: Any) -> Any:
        """A body paragraph; ``props`` are paragraph properties in schema order."""
        if style is not None:
            props = (*self._style_props(style), *props)
        return _add_paragraph(self.body, text, *props, ppr=style is not None)

    def lines(self, text: str) -> None:
        """A text with line breaks as one paragraph per non-empty line."""
        for line in (x.strip() for x in text.splitlines()):
            if line:
                self.para(line)

    def heading(self, text: str, level: int, page_break: bool = False) -> Any:
        paragraph = self.para("", f"Heading {level}", *([PAGE_BREAK] if page_break else []))
        if level > 2:
            _add_run(paragraph, text)
            return paragraph
        bookmark = f"_Toc{len(self.entries) + 1:08d}"
        number = str(len(self.entries) + 1)
        _sub(paragraph, "bookmarkStart", {"id": number, "name": bookmark})
        _add_run(paragraph, text)
        _sub(paragraph, "bookmarkEnd", {"id": number})
        self.entries.append(TocEntry(level, text, bookmark))
        return paragraph

    def caption(self, kind: str, text: str) -> None:
        """``Abbildung 2: ...`` with a SEQ field, so Word can build a list of figures."""
        word = self.t(f"compendium.{kind}_word")
        self.figures += kind == "figure"
        self.tables += kind == "table"
        number = self.figures if kind == "figure" else self.tables
        paragraph = self.para("", "Caption", *([KEEP_NEXT] if kind == "table" else []))
        _add_run(paragraph, f"{word} ")
        paragraph.extend(_field(f" SEQ {word} \\* ARABIC ", str(number)))
        _add_run(paragraph, f": {text}")

    def table(
        self, fractions: Sequence[float], borders: str = "grid", colour: str = RULE
    ) -> tuple[Any, list[int]]:
        widths = [int(self.width * f) for f in fractions]
        return _add_table(self.body, widths, borders, colour), widths

    def gap(self) -> None:
        self.para("", None, GAP)

    def link(self, paragraph: Any, url: str, text: str | None = None) -> None:
        """A clickable external link (only http, https and mailto; anything else as text)."""
        if not SAFE_LINK.match(url):
            _add_run(paragraph, text or url)
            return
        r_id = self.parts.relate(RT.HYPERLINK, url, external=True)
        link = el("hyperlink", {"history": "1"}, _run(text or url, *_link_props()))
        link.set(qn("r:id"), r_id)
        paragraph.append(link)

    def picture(self, paragraph: Any, png: bytes, width: int, title: str, alt: str) -> None:
        """An inline PNG picture with alt text (``wp:docPr`` title and descr)."""
        inline = self.parts.inline(png, width)
        _sub(_sub(paragraph, "r"), "drawing").append(inline)
        doc_pr = inline.docPr
        doc_pr.set("title", title)
        doc_pr.set("descr", alt)


# --- title page, contents, introduction, overview ----------------------------------------------


def _network(q: Questionnaire, lang: str) -> str:
    return q.network.get(lang) if q.network else ""


def _title_page(w: _Writer, today: dt.date) -> None:
    w.para(w.t("compendium.title"), "Title", _spacing(before=160))
    if w.q.network:
        w.para(_network(w.q, w.lang), "Subtitle")
    w.para(w.t("compendium.round", title=w.q.title.get(w.lang), version=w.q.version))
    w.para(w.t("compendium.as_of", date=format_date(today, w.lang)))


def _contents(w: _Writer) -> int:
    """The contents heading and the place of the table of contents, filled at the end."""
    w.para(w.t("compendium.contents"), "TOC Heading", PAGE_BREAK)
    return w.mark()


def _toc_paragraph(w: _Writer, entry: TocEntry, first: bool, last: bool) -> Any:
    tab = el("tab", {"val": "right", "leader": "dot", "pos": str(w.width // 635)})
    style = w.style(f"toc {entry.level}")
    paragraph = el("p", {}, el("pPr", {}, val("pStyle", style), el("tabs", {}, tab)))
    if first:
        begin = [_field_char("begin"), _instruction(TOC_INSTRUCTION), _field_char("separate")]
        paragraph.extend(begin)
    page = w.pages.get(entry.bookmark)
    link = el("hyperlink", {"anchor": entry.bookmark, "history": "1"})
    link.extend([_run(entry.text), el("r", {}, el("tab"))])
    link.extend(_field(f" PAGEREF {entry.bookmark} \\h ", str(page) if page else ""))
    paragraph.append(link)
    if last:
        paragraph.append(_field_char("end"))
    return paragraph


def _fill_toc(w: _Writer, mark: int) -> None:
    """The TOC field with every chapter as its cached result (LibreOffice shows only that)."""
    w.flush()
    count = len(w.entries)
    for n, entry in enumerate(w.entries):
        w.body.append(_toc_paragraph(w, entry, n == 0, n == count - 1))
    w.flush()
    w.spool.fill(mark, w.spool.take_last() if count else b"")


def _number(w: _Writer, value: int) -> str:
    return format_number(value, w.lang)


FIGURE_LABEL = _CellLook(fill=FACT_FILL)
FIGURE_NUMBER = _CellLook(fill=FACT_FILL, bold=True, colour=ACCENT, align=RIGHT)
HEAD = _CellLook(fill=HEAD_FILL, bold=True)
FACTS_HEAD = _CellLook(fill=ACCENT, bold=True, colour="FFFFFF", span=2)
FACT_LABEL = _CellLook(fill=FACT_FILL, bold=True)
FACT = _CellLook(fill=FACT_FILL)


def _figures_table(w: _Writer, figures: Figures) -> None:
    table, widths = w.table((0.55, 0.15), colour="FFFFFF")
    rows = (
        ("asked", figures.asked),
        ("returned", figures.returned),
        ("included", figures.included),
    )
    for key, value in rows:
        row = _add_row(table)
        _add_cell(row, _twips(widths[0]), w.t(f"compendium.figure.{key}"), FIGURE_LABEL)
        _add_cell(row, _twips(widths[1]), _number(w, value), FIGURE_NUMBER)
    w.gap()


def _group_name(w: _Writer) -> str:
    group = group_question(w.q)
    if group and group.compendium and group.compendium.heading:
        return group.compendium.heading.get(w.lang)
    return w.t("compendium.col.group")


def _introduction(w: _Writer, figures: Figures) -> None:
    w.heading(w.t("compendium.introduction"), 1, page_break=True)
    title, version = w.q.title.get(w.lang), w.q.version
    w.para(
        w.t("compendium.intro_text", network=_network(w.q, w.lang), title=title, version=version)
    )
    _figures_table(w, figures)
    numbers = {k: _number(w, getattr(figures, k)) for k in ("asked", "returned", "included")}
    w.para(w.t("compendium.figures_text", **numbers))
    if figures.incomplete:
        w.para(w.t("compendium.incomplete_text", incomplete=_number(w, figures.incomplete)))
    if not figures.included:
        w.para(w.t("compendium.no_practices"))
        return
    group = _group_name(w)
    group = group if w.lang == "de" else group[:1].lower() + group[1:]
    w.para(w.t("compendium.reading_text", group=group))


def _chart(w: _Writer, chart: ChartData) -> None:
    png = render_bar_chart(chart, w.t("compendium.axis"))
    paragraph = w.para("", None, KEEP_NEXT, CENTER)
    alt = w.t("compendium.chart_alt", title=chart.title, data=chart.data_text(w.lang))
    w.picture(paragraph, png, min(int(CHART_WIDTH), w.width), chart.title, alt)
    w.caption("figure", chart.title)


def _header_row(table: Any, texts: Sequence[str], widths: Sequence[int]) -> None:
    _add_cells(_add_row(table, header=True), widths, texts, HEAD)


def _practices_table(w: _Writer, practices: Sequence[Practice]) -> None:
    w.caption("table", w.t("compendium.practices_table"))
    table, widths = w.table((0.4, 0.36, 0.24))
    head = [w.t("compendium.col.practice"), w.t("compendium.col.organisation"), _group_name(w)]
    _header_row(table, head, widths)
    for p in practices:
        _add_cells(_add_row(table), widths, [p.title, p.organisation, p.group_label])
    w.gap()


def _overview(w: _Writer, practices: Sequence[Practice]) -> None:
    w.heading(w.t("compendium.overview"), 1, page_break=True)
    w.para(w.t("compendium.overview_text", count=_number(w, len(practices))))
    for chart in overview_charts(w.q, [p.answers for p in practices], w.lang):
        with w.part(w.t("compendium.part.chart", title=chart.title)):
            _chart(w, chart)
    _practices_table(w, practices)


# --- chapters ----------------------------------------------------------------------------------


def _link_cell(w: _Writer, cell: Any, x: Question, text: str) -> None:
    """A URL or e-mail fact as a clickable link."""
    url = f"mailto:{text}" if x.type == "email" else text
    if not SAFE_LINK.match(url):
        return
    paragraph = cell.find(_P)
    for run in paragraph.findall(_R):
        paragraph.remove(run)
    w.link(paragraph, url, text)


def _fact_box(w: _Writer, practice: Practice) -> None:
    rows = fact_rows(w.q, practice, w.lang)
    table, widths = w.table((0.3, 0.7), colour="FFFFFF")
    head = etree.SubElement(table, _TR)
    _add_cell(head, sum(_twips(x) for x in widths), w.t("compendium.facts"), FACTS_HEAD)
    for x, text in rows:
        row = _add_row(table)
        label = _group_name(w) if x.compendium.role == "group" else shown_heading(x, w.lang)
        _add_cell(row, _twips(widths[0]), label, FACT_LABEL)
        cell = _add_cell(row, _twips(widths[1]), text, FACT)
        if x.type in ("url", "email"):
            _link_cell(w, cell, x, text)
    w.gap()


def _answer_table(w: _Writer, x: Question, rows: Any) -> None:
    rows = [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []
    if not rows or not x.columns:
        return
    table, widths = w.table([1 / len(x.columns)] * len(x.columns))
    _header_row(table, [c.label.get(w.lang) for c in x.columns], widths)
    for row in rows:
        texts = [value_text(c, row.get(c.id), w.lang) for c in x.columns]
        _add_cells(_add_row(table), widths, texts)
    w.gap()


def _section(w: _Writer, x: Question, answers: Mapping[str, Any]) -> None:
    value = answers.get(x.id)
    if not answered(value):
        return
    w.heading(shown_heading(x, w.lang), 3)
    if x.type == "table":
        _answer_table(w, x, value)
    else:
        w.lines(value_text(x, value, w.lang, str(answers.get(x.other_id) or "")))


QR_MASK = 4
"""QR codes use this fixed mask pattern (any of the eight is valid): choosing the best of
eight by qrcode's penalty rules took most of the time of a compendium with many QR codes."""


def qr_png(data: str) -> bytes:
    """A QR code for ``data`` as PNG bytes (deterministic): level M, 8-pixel modules, a
    2-module quiet zone, black on white, drawn from the module matrix in one go."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=8,
        border=2,
        mask_pattern=QR_MASK,
    )
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    modules = PILImage.frombytes("L", (size, size), pixels).convert("1")
    image = modules.resize((size * code.box_size,) * 2, PILImage.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class _QrCodes:
    """The QR codes of the chapters' links, drawn ahead by a worker process while this one
    writes the document (pure-Python QR codes are a quarter of the work of a compendium
    with 1,000 links); drawn here when there are few or no worker can be started."""

    def __init__(self, urls: Iterable[str]) -> None:
        unique = list(dict.fromkeys(urls))
        self.futures: dict[str, Future[bytes]] = {}
        self.pool: ProcessPoolExecutor | None = None
        if worker_count(None, len(unique)) > 1:
            try:
                self.pool = ProcessPoolExecutor(1)
                self.futures = {url: self.pool.submit(qr_png, url) for url in unique}
            except OSError:
                self.close()

    def png(self, url: str) -> bytes:
        future = self.futures.get(url)
        if future is not None:
            try:
                return future.result()
            except (BrokenProcessPool, OSError):
                pass
        return qr_png(url)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.pool, self.futures = None, {}


def _media_url(x: Question, answers: Mapping[str, Any]) -> str:
    return str(answers.get(x.id) or "").strip()


def _qr_urls(q: Questionnaire, practices: Sequence[Practice]) -> Iterator[str]:
    """The links that get a QR code, in the order of the chapters."""
    media = [x for x in q.answerable() if x.compendium and x.compendium.role == "media"]
    for practice in practices:
        for x in media:
            url = _media_url(x, practice.answers)
            if SAFE_LINK.match(url) and _applies(x, practice.answers):
                yield url


def _media(w: _Writer, x: Question, answers: Mapping[str, Any]) -> None:
    url = _media_url(x, answers)
    if not url:
        return
    custom = x.compendium and x.compendium.heading
    w.heading(shown_heading(x, w.lang) if custom else w.t("compendium.media"), 3)
    if not SAFE_LINK.match(url):
        w.para(url)
        return
    table, widths = w.table((0.2, 0.8), borders="none")
    qr_cell, text_cell = _add_cells(_add_row(table), widths, ["", w.t("compendium.media_text")])
    alt = w.t("compendium.qr_alt", url=url)
    width = min(int(QR_WIDTH), widths[0])
    with w.part(w.t("compendium.part.qr", number=x.number)):
        w.picture(qr_cell.find(_P), w.qr.png(url), width, alt, alt)
    w.link(etree.SubElement(text_cell, _P), url)
    w.gap()


_BLOCKS: dict[str, Callable[[_Writer, Question, Mapping[str, Any]], None]] = {
    "section": _section,
    "media": _media,
}


def _chapter(w: _Writer, practice: Practice, page_break: bool) -> None:
    w.heading(practice.title, 2, page_break=page_break)
    if practice.incomplete:
        _add_run(w.para(), w.t("compendium.incomplete_note"), italic=True)
    with w.part(w.t("compendium.facts")):
        _fact_box(w, practice)
    for x in w.q.answerable():
        block = _BLOCKS.get(x.compendium.role) if x.compendium else None
        if block and _applies(x, practice.answers):
            with w.part(f"{x.number} {shown_heading(x, w.lang)}"):
                block(w, x, practice.answers)


def _chapters(w: _Writer, practices: Sequence[Practice]) -> None:
    """One Heading 1 per group, one Heading 2 (a new page) per practice."""
    by_group = itertools.groupby(practices, key=lambda p: (p.group_order, p.group_label))
    for (_, label), members in by_group:
        members_list = list(members)
        w.heading(label, 1, page_break=True)
        w.para(w.t("compendium.group_text", count=_number(w, len(members_list))))
        for n, practice in enumerate(members_list):
            w.practice = practice
            with w.part(w.t("compendium.part.chapter")):
                _chapter(w, practice, page_break=n > 0)
            w.practice = None
            w.flush()


# --- appendix ----------------------------------------------------------------------------------


def _question_line(w: _Writer, x: Question) -> None:
    w.para(f"{x.number}\t{x.label.get(w.lang)}", None, *QUESTION_LINE)


def _organisations(practices: Sequence[Practice]) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for p in practices:
        grouped.setdefault(p.organisation or p.title, []).append(p.title)
    return sorted(((k, sorted(v, key=_key)) for k, v in grouped.items()), key=lambda i: _key(i[0]))


def _appendix(w: _Writer, practices: Sequence[Practice]) -> None:
    w.heading(w.t("compendium.appendix"), 1, page_break=True)
    w.heading(w.t("compendium.questionnaire"), 2)
    title, version = w.q.title.get(w.lang), w.q.version
    w.para(w.t("compendium.questionnaire_text", title=title, version=version))
    for section in w.q.sections:
        w.heading(f"{section.number} {section.title.get(w.lang)}", 3)
        for x in section.questions:
            if x.answerable:
                _question_line(w, x)
    w.heading(w.t("compendium.organisations"), 2, page_break=True)
    if practices:
        w.para(w.t("compendium.organisations_text"))
    for organisation, titles in _organisations(practices):
        paragraph = w.para()
        _add_run(paragraph, organisation, bold=True)
        _add_run(paragraph, f" – {', '.join(titles)}")


# --- the document ------------------------------------------------------------------------------


def _properties(doc: DocumentObject, q: Questionnaire, lang: str, today: dt.date) -> None:
    core = doc.core_properties
    core.title = t("compendium.title", lang)
    core.subject = q.title.get(lang)
    core.author = _network(q, lang) or "praxis"
    core.last_modified_by = "praxis"
    core.created = core.modified = core.last_printed = dt.datetime.combine(today, dt.time())
    core.revision = 1
    core.language = LANG_TAGS.get(lang, lang)
    core.identifier = f"{q.id}/{q.version}"
    core.keywords = core.comments = core.category = ""


def write_compendium(
    handle: BinaryIO,
    q: Questionnaire,
    record: RoundRecord,
    submissions: Iterable[Submission],
    lang: str,
    *,
    include_incomplete: bool = False,
    template: Path | None = None,
    today: dt.date | None = None,
    toc_pages: Mapping[str, int] | None = None,
    redact: bool = False,
    roster: Mapping[str, Sequence[str]] | None = None,
    practices: Sequence[Practice] | None = None,
) -> list[SkippedPart]:
    """Write the compendium as .docx into ``handle`` (see the module doc); deterministic for
    equal inputs. Returns the parts that could not be drawn and were left out (a QR code, a
    chart, a section of a practice): everything else is written.

    ``toc_pages`` maps the headings' bookmarks to page numbers for the table of contents
    (see :func:`compile_round`); without it the entries have no page numbers. ``redact``
    replaces contact data typed into the free texts of practices whose contact may not be
    published (see :mod:`pipeline.publication.privacy`). ``practices``: the result of
    :func:`select_practices` for these arguments when the caller has it already.
    """
    subs = list(submissions)
    today = today or dt.date.today()
    if practices is None:
        practices = select_practices(q, record, subs, lang, include_incomplete, redact, roster)
    doc = open_template(template, lang) if template else default_document(_network(q, lang), lang)
    qr = _QrCodes(_qr_urls(q, practices))
    with tempfile.TemporaryFile(prefix="praxis-compendium-") as spool, contextlib.closing(qr):
        w = _Writer(doc, q, lang, toc_pages or {}, _BodySpool(spool), qr)
        _title_page(w, today)
        toc = _contents(w)
        _introduction(w, compendium_figures(record, subs, practices))
        if practices:
            _overview(w, practices)
            _chapters(w, practices)
        _appendix(w, practices)
        _fill_toc(w, toc)
        w.finish()
        _properties(doc, q, lang, today)
        _write_package(doc, w.spool, handle)
    return w.skipped


def build_compendium(*args: Any, **options: Any) -> bytes:
    """The compendium as .docx bytes; the arguments of :func:`write_compendium` without
    ``handle``."""
    buffer = io.BytesIO()
    write_compendium(buffer, *args, **options)
    return buffer.getvalue()


# --- the round ---------------------------------------------------------------------------------

_DESTINATION = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"[^"]*Toc(\d+)"\s*$')


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


def _make_pdf(
    result: CompileResult, rebuild: Callable[[BinaryIO, Mapping[str, int]], None], lang: str
) -> None:
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


def _content_messages(q: Questionnaire, figures: Figures, lang: str) -> list[str]:
    if not q.with_role("consent"):
        return [t("compendium.no_consent_question", lang)]
    return [] if figures.included else [t("compendium.no_practices", lang)]


PRIVACY_NAME = "privacy-check.md"


def _roster_contacts(rd: RoundDir, q: Questionnaire) -> dict[str, list[str]]:
    """Project -> its contact values in the round's copy of the roster (empty without one)."""
    try:
        return roster_contact_values(q, csv_rows(rd.roster))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}


def _privacy_check(
    result: CompileResult, practices: Sequence[Practice], redact: bool, lang: str
) -> None:
    """List the contact data found in free texts in ``privacy-check.md`` (removed when
    there is none)."""
    result.findings = [f for p in practices for f in p.findings]
    result.redacted = redact
    path = result.docx.parent / PRIVACY_NAME
    if not result.findings:
        path.unlink(missing_ok=True)
        return
    report = privacy_report(result.findings, redact, lang)
    write_stream_atomic(path, lambda handle: handle.write(report.encode("utf-8")))
    result.privacy_check = path


@writes_round("round_dir")
def compile_round(
    round_dir: Path,
    lang: str | None = None,
    template: Path | None = None,
    pdf: bool = False,
    include_incomplete: bool = False,
    redact: bool = False,
) -> CompileResult:
    """Write ``round_dir/compendium/compendium.docx`` (and ``compendium.pdf`` with ``pdf``),
    and ``privacy-check.md`` beside it when contact data was found in free texts of practices
    whose contact may not be published (replaced with ``redact``, else printed as typed)."""
    rd = RoundDir(round_dir)
    record = rd.load()
    lang = lang or record.language
    q = load_questionnaire(rd.definition, lang)
    subs = current_submissions(rd)
    today = dt.date.today()
    skipped: list[SkippedPart] = []
    roster = _roster_contacts(rd, q)
    practices = select_practices(q, record, subs, lang, include_incomplete, roster=roster)

    def build(handle: BinaryIO, pages: Mapping[str, int] | None = None) -> None:
        skipped[:] = write_compendium(
            handle,
            q,
            record,
            subs,
            lang,
            include_incomplete=include_incomplete,
            template=template,
            today=today,
            toc_pages=pages,
            redact=redact,
            roster=roster,
            practices=None if redact else practices,
        )

    docx = rd.root / COMPENDIUM_DIR / DOCX_NAME
    write_stream_atomic(docx, build)
    figures = compendium_figures(record, subs, practices)
    result = CompileResult(docx=docx, figures=figures, messages=_content_messages(q, figures, lang))
    _privacy_check(result, practices, redact, lang)
    result.skipped = skipped
    result.messages += [part.message(lang) for part in skipped]
    if pdf:
        _make_pdf(result, build, lang)
    _drop_stale_pdf(result, pdf, lang)
    return result


def _drop_stale_pdf(result: CompileResult, pdf_asked: bool, lang: str) -> None:
    """A ``compendium.pdf`` not made from the compendium just written (an earlier run's, or
    left by a failed conversion) goes: it may show what this run left out or redacted."""
    old = result.docx.parent / PDF_NAME
    if result.pdf is None and old.exists():
        old.unlink()
        note = t("compendium.old_pdf_removed", lang, path=old)
        (result.notes if not pdf_asked else result.messages).append(note)
