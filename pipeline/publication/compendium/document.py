"""The compendium as a Word document: the content model (:mod:`.content`) rendered with the
:class:`~pipeline.publication.compendium.writer.Writer` into the default look or the user's
template (:mod:`.styles`).

The table of contents is a real Word field (``TOC \\o "1-2" \\h \\z \\u``) whose cached result
already lists every chapter, because LibreOffice shows that cached result and never updates
it; its page numbers come from ``toc_pages`` (see :mod:`.pdf`). Output is deterministic:
equal inputs (including ``today``) give equal bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from pipeline import speed
from pipeline.definition.publication import PublicationSettings
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.word.xml import W_P, el, val
from pipeline.locale.formatting import format_number
from pipeline.publication.charts import ChartData, overview_charts
from pipeline.publication.compendium.content import (
    Chapter,
    Compendium,
    CreativeSection,
    Fact,
    LeftOut,
    MediaSection,
    TableSection,
    TextSection,
    compendium_content,
    groups,
    qr_urls,
)
from pipeline.publication.compendium.extent import BOX_COLUMNS, fact_rows, starts_page
from pipeline.publication.compendium.factbox import (
    BOX_BORDERS,
    FACT,
    FACT_FILL,
    FACT_LABEL,
    FACT_SIZE,
    FACTS_HEAD,
    HEAD_FILL,
    PROFILE_HEAD,
    fact_box_xml,
)
from pipeline.publication.compendium.front_matter import (
    publication_author,
    publication_title,
    write_front_matter,
    write_intro_opening,
)
from pipeline.publication.compendium.qr import QrCodes, drawing_ahead
from pipeline.publication.compendium.selection import (
    Figures,
    Practice,
    compendium_figures,
    select_practices,
)
from pipeline.publication.compendium.styles import (
    ACCENT,
    GREY,
    LANG_TAGS,
    default_document,
    open_template,
)
from pipeline.publication.compendium.tablexml import answer_table_xml
from pipeline.publication.compendium.textxml import text_section_xml
from pipeline.publication.compendium.wordml import (
    CENTER,
    KEEP_NEXT,
    PAGE_BREAK,
    QUESTION_LINE,
    RIGHT,
    W_R,
    CellLook,
    add_row,
    add_run,
    field,
    field_char,
    instruction,
    keep_together,
    run,
    twips,
)
from pipeline.publication.compendium.writer import RULE, SkippedPart, TocEntry, Writer
from pipeline.returns.media import MediaFile
from pipeline.returns.store import Submission
from pipeline.review.translation import AnswerLanguage
from pipeline.round.folder import RoundRecord

TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
CHART_WIDTH = Mm(160)
QR_WIDTH = Mm(30)
SMALL_TABLE = 8
"""An answer table of up to this many rows is kept on one page (a longer one: its header
with the first row, repeated on each page)."""

FIGURE_LABEL = CellLook(fill=FACT_FILL)
FIGURE_NUMBER = CellLook(fill=FACT_FILL, bold=True, colour=ACCENT, align=RIGHT)
HEAD = CellLook(fill=HEAD_FILL, bold=True)


# --- title page, contents, introduction, overview ----------------------------------------------


def _network(q: Questionnaire, lang: str) -> str:
    return q.network.get(lang) if q.network else ""


def _contents(w: Writer) -> int:
    """The contents heading and the place of the table of contents, filled at the end."""
    w.para(w.t("compendium.contents"), "TOC Heading", PAGE_BREAK)
    return w.mark()


def _toc_paragraph(w: Writer, entry: TocEntry, first: bool, last: bool) -> Any:
    tab = el("tab", {"val": "right", "leader": "dot", "pos": str(w.width // 635)})
    style = w.style(f"toc {entry.level}")
    paragraph = el("p", {}, el("pPr", {}, val("pStyle", style), el("tabs", {}, tab)))
    if first:
        begin = [field_char("begin"), instruction(TOC_INSTRUCTION), field_char("separate")]
        paragraph.extend(begin)
    page = w.pages.get(entry.bookmark)
    link = el("hyperlink", {"anchor": entry.bookmark, "history": "1"})
    link.extend([run(entry.text), el("r", {}, el("tab"))])
    link.extend(field(f" PAGEREF {entry.bookmark} \\h ", str(page) if page else ""))
    paragraph.append(link)
    if last:
        paragraph.append(field_char("end"))
    return paragraph


def _fill_toc(w: Writer, mark: int) -> None:
    """The TOC field with every chapter as its cached result (LibreOffice shows only that)."""
    count = len(w.entries)
    w.fill(mark, [_toc_paragraph(w, e, n == 0, n == count - 1) for n, e in enumerate(w.entries)])


def _number(w: Writer, value: int) -> str:
    return format_number(value, w.lang)


def _figures_table(w: Writer, figures: Figures) -> None:
    table, widths = w.table((0.55, 0.15), colour="FFFFFF")
    rows = (
        ("asked", figures.asked),
        ("returned", figures.returned),
        ("included", figures.included),
    )
    for key, value in rows:
        row = add_row(table)
        w.cell(row, twips(widths[0]), w.t(f"compendium.figure.{key}"), FIGURE_LABEL)
        w.cell(row, twips(widths[1]), _number(w, value), FIGURE_NUMBER)
    w.gap()


def _introduction(w: Writer, c: Compendium) -> None:
    figures = c.figures
    w.heading(w.t("compendium.introduction"), 1, page_break=True)
    write_intro_opening(w)
    _figures_table(w, figures)
    numbers = {k: _number(w, getattr(figures, k)) for k in ("asked", "returned", "included")}
    w.para(w.t("compendium.figures_text", **numbers))
    if figures.incomplete:
        w.para(w.t("compendium.incomplete_text", incomplete=_number(w, figures.incomplete)))
    if not figures.included:
        w.para(w.t("compendium.no_practices"))
        return
    group = c.group_name
    group = group if w.lang == "de" else group[:1].lower() + group[1:]
    w.para(w.t("compendium.reading_text", group=group))


def _chart(w: Writer, chart: ChartData) -> None:
    png = w.qr.chart_png(chart)
    paragraph = w.para("", None, KEEP_NEXT, CENTER)
    alt = w.t("compendium.chart_alt", title=chart.title, data=chart.data_text(w.lang))
    w.picture(paragraph, png, min(int(CHART_WIDTH), w.width), chart.title, alt)
    w.caption("figure", chart.title)


def _header_row(w: Writer, table: Any, texts: Sequence[str], widths: Sequence[int]) -> None:
    w.cells(add_row(table, header=True), widths, texts, HEAD)


def _practices_table(w: Writer, c: Compendium) -> None:
    w.caption("table", w.t("compendium.practices_table"))
    table, widths = w.table((0.4, 0.36, 0.24))
    head = [w.t("compendium.col.practice"), w.t("compendium.col.organisation"), c.group_name]
    _header_row(w, table, head, widths)
    for p in c.practices:
        w.cells(add_row(table), widths, [p.title, p.organisation, p.group_label])
    keep_together(table, rows=None if len(c.practices) <= SMALL_TABLE else 1)
    w.gap()


def _overview(w: Writer, c: Compendium) -> None:
    w.heading(w.t("compendium.overview"), 1, page_break=True)
    w.para(w.t("compendium.overview_text", count=_number(w, len(c.practices))))
    _practices_table(w, c)  # first: a table split at the end of the charts leaves a page
    for chart in c.charts:
        with w.part(w.t("compendium.part.chart", title=chart.title)):
            _chart(w, chart)


# --- chapters ----------------------------------------------------------------------------------


def _link_cell(w: Writer, cell: Any, fact: Fact) -> None:
    """A URL or e-mail fact as a clickable link."""
    paragraph = cell.find(W_P)
    for node in paragraph.findall(W_R):
        paragraph.remove(node)
    w.link(paragraph, fact.link, fact.text, size=FACT_SIZE)


def _fact_box(
    w: Writer, facts: Sequence[Fact], profile: Sequence[Fact] = (), updated: str = ""
) -> None:
    """The fact box: the facts, two short ones side by side (label, value, label, value),
    the self-assessment (``profile``) under its own sub-heading row, labelled as
    self-reported, and "last updated" as the last row; kept on one page. Written as text
    (:mod:`.factbox`) unless a text needs the element builders."""
    xml = fact_box_xml(w, facts, profile, updated)
    if xml is not None:
        w.raw(xml)
        w.gap()
        return
    table, widths = w.table(BOX_COLUMNS, *BOX_BORDERS)
    full = sum(twips(x) for x in widths)
    head = add_row(table, header=True)  # its cell a TH in the tagged PDF
    w.cell(head, full, w.t("compendium.facts"), FACTS_HEAD)
    updated_fact = [Fact(w.t("compendium.updated"), updated)] if updated else []
    for row in fact_rows([*facts, *([] if profile else updated_fact)]):
        _fact_row(w, table, widths, row)
    if profile:
        w.cell(add_row(table), full, w.t("compendium.profile"), PROFILE_HEAD)
        for row in fact_rows([*profile, *updated_fact]):
            _fact_row(w, table, widths, row)
    keep_together(table)
    w.gap()


def _fact_row(w: Writer, table: Any, widths: Sequence[int], facts: tuple[Fact, ...]) -> None:
    """A row of the fact box: one fact across the row, or two side by side."""
    row = add_row(table)
    if len(facts) == 1:
        _fact_cells(w, row, facts[0], twips(widths[0]), sum(twips(x) for x in widths[1:]), 3)
        return
    for fact in facts:
        _fact_cells(w, row, fact, twips(widths[0]), twips(widths[1]), 1)


def _fact_cells(w: Writer, row: Any, fact: Fact, label: int, value: int, span: int) -> None:
    w.cell(row, label, fact.label, FACT_LABEL)
    look = replace(FACT, lang=fact.language, span=span)
    cell = w.cell(row, value, fact.text, look)
    if fact.link:
        _link_cell(w, cell, fact)


def _text(w: Writer, block: TextSection) -> None:
    xml = text_section_xml(w, block)
    if xml is not None:
        w.raw(xml)
        return
    w.heading(block.heading, 3)
    if not block.language:
        w.lines(block.text)
        return
    for line in (x.strip() for x in block.text.splitlines()):  # marked with its language
        if line:
            add_run(w.para(), line, lang=block.language)


def _answer_table(w: Writer, block: TableSection) -> None:
    w.heading(block.heading, 3)
    if not block.rows:
        return
    xml = answer_table_xml(w, block, HEAD, RULE, SMALL_TABLE)
    if xml is not None:  # as text (see .tablexml) unless a cell needs the builders
        w.raw(xml)
        w.gap()
        return
    table, widths = w.table([1 / len(block.columns)] * len(block.columns))
    _header_row(w, table, block.columns, widths)
    for texts in block.rows:
        w.cells(add_row(table), widths, texts)
    keep_together(table, rows=None if len(block.rows) <= SMALL_TABLE else 1)
    w.gap()


def _media(w: Writer, block: MediaSection) -> None:
    w.heading(block.heading, 3)
    if not block.linked:
        w.para(block.url)
        return
    url = block.url
    table, widths = w.table((0.2, 0.8), borders="none")
    qr_cell, text_cell = w.cells(add_row(table), widths, ["", w.t("compendium.media_text")])
    alt = w.t("compendium.qr_alt", url=url)
    width = min(int(QR_WIDTH), widths[0])
    with w.part(w.t("compendium.part.qr", number=block.number)):
        w.picture(qr_cell.find(W_P), w.qr.png(url), width, alt, alt)
    w.link(etree.SubElement(text_cell, W_P), url)
    w.gap()


def _creative(w: Writer, block: CreativeSection) -> None:
    w.heading(block.heading, 3)
    w.para(w.t("compendium.creative_text"))
    for name, kind, size in block.files:
        w.para(w.t("compendium.creative_file", file=name, kind=kind, size=size))


_BLOCKS = {
    TextSection: _text,
    TableSection: _answer_table,
    MediaSection: _media,
    CreativeSection: _creative,
}


def _chapter(w: Writer, chapter: Chapter, page_break: bool) -> None:
    w.heading(chapter.title, 2, page_break=page_break)
    if chapter.summary is not None:  # the short description as the lead
        for line in (x.strip() for x in chapter.summary.text.splitlines()):
            if line:
                add_run(w.para("", "Lead", KEEP_NEXT), line, lang=chapter.summary.language)
    if chapter.practice.incomplete:
        add_run(w.para("", None, KEEP_NEXT), w.t("compendium.incomplete_note"), italic=True)
    if chapter.translation_note:
        add_run(w.para("", None, KEEP_NEXT), chapter.translation_note, italic=True)
    if isinstance(chapter.facts, LeftOut):
        w.skip(chapter.facts.part, chapter.facts.error)
    else:
        with w.part(w.t("compendium.facts")):
            _fact_box(w, chapter.facts, chapter.profile, chapter.updated)
    for block in chapter.blocks:
        if isinstance(block, LeftOut):
            w.skip(block.part, block.error)
            continue
        with w.part(block.part):
            _BLOCKS[type(block)](w, block)


def _chapters(w: Writer, c: Compendium) -> None:
    """One Heading 1 per group, kept on the page of its first practice, one Heading 2 per
    practice. The chapters flow; one that would run over three pages so starts on a new
    page (see :mod:`.extent`), and so does the first group."""
    for n, group in enumerate(c.groups):
        w.heading(group.label, 1, page_break=n == 0 or starts_page(group.chapters[0]))
        count = _number(w, len(group.chapters))
        w.para(w.t("compendium.group_text", count=count), None, KEEP_NEXT)
        for k, chapter in enumerate(group.chapters):
            _practice_chapter(w, chapter, page_break=k > 0 and starts_page(chapter))


def _practice_chapter(w: Writer, chapter: Chapter, page_break: bool) -> None:
    """A practice's chapter, or the part that could not be made named as left out."""
    w.practice = chapter.practice
    if chapter.left_out is not None:
        w.skip(chapter.left_out.part, chapter.left_out.error)
    else:
        with w.part(w.t("compendium.part.chapter")):
            _chapter(w, chapter, page_break=page_break)
    w.practice = None
    w.flush()


# --- appendix ----------------------------------------------------------------------------------


def _appendix(w: Writer, c: Compendium) -> None:
    w.heading(w.t("compendium.appendix"), 1, page_break=True)
    w.heading(w.t("compendium.questionnaire"), 2)
    title, version = w.q.title.get(w.lang), w.q.version
    w.para(w.t("compendium.questionnaire_text", title=title, version=version))
    for section in c.questionnaire:
        w.heading(section.heading, 3)
        for number, label in section.questions:
            w.para(f"{number}\t{label}", None, *QUESTION_LINE)
    w.heading(w.t("compendium.organisations"), 2, page_break=True)
    if c.practices:
        w.para(w.t("compendium.organisations_text"))
    for organisation, titles in c.organisations:
        paragraph = w.para()
        add_run(paragraph, organisation, bold=True)
        add_run(paragraph, f" – {', '.join(titles)}")


# --- the document ------------------------------------------------------------------------------


def _properties(
    doc: DocumentObject,
    q: Questionnaire,
    lang: str,
    today: dt.date,
    settings: PublicationSettings | None = None,
) -> None:
    settings = settings or PublicationSettings()
    core = doc.core_properties
    core.title = publication_title(settings, lang)
    core.subject = q.title.get(lang)
    core.author = publication_author(settings, q, lang)
    core.last_modified_by = "praxis"
    core.created = core.modified = core.last_printed = dt.datetime.combine(today, dt.time())
    core.revision = 1
    core.language = LANG_TAGS.get(lang, lang)
    core.identifier = f"{q.id}/{q.version}"
    core.keywords = core.comments = core.category = ""


@contextlib.contextmanager
def _spool() -> Iterator[BinaryIO | None]:
    """A temporary file for the fast path's body; None on the plain path (``PRAXIS_FAST=0``)."""
    if not speed.enabled():
        yield None
        return
    with tempfile.TemporaryFile(prefix="praxis-compendium-") as spool:
        yield spool


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
    media: Mapping[str, Sequence[MediaFile]] | None = None,
    languages: Mapping[str, AnswerLanguage] | None = None,
    settings: PublicationSettings | None = None,
    drawn: QrCodes | None = None,
) -> list[SkippedPart]:
    """Write the compendium as .docx into ``handle`` (see the module doc); deterministic for
    equal inputs. Returns the parts that could not be drawn and were left out (a QR code, a
    chart, a section of a practice): everything else is written.

    ``toc_pages`` maps the headings' bookmarks to page numbers for the table of contents
    (see :func:`pipeline.publication.compendium.compile_round`); without it the entries have
    no page numbers. ``redact`` replaces contact data typed into the free texts of practices
    whose contact may not be published (see :mod:`pipeline.publication.privacy`).
    ``practices``: the result of :func:`select_practices` for these arguments when the
    caller has it already. ``media``: the creative answers by project, listed in the
    chapters of the practices published. ``languages``: by project answered in another
    language, its texts translated and left as written (see
    :mod:`pipeline.review.translation`). ``drawn``: the charts and QR codes being drawn
    ahead (:func:`drawing_ahead`, closed by the caller); what it lacks is drawn here.
    """
    subs = list(submissions)
    today = today or dt.date.today()
    if practices is None:
        practices = select_practices(q, record, subs, lang, include_incomplete, redact, roster)
    charts = overview_charts(q, [p.answers for p in practices], lang) if practices else []
    own = drawn is None
    qr = drawing_ahead(q, practices, lang) if drawn is None else drawn
    with contextlib.closing(qr) if own else contextlib.nullcontext(), _spool() as spool:
        figures = compendium_figures(record, subs, practices)
        content = compendium_content(
            q, practices, figures, lang, media, languages, settings, charts=charts
        )
        network, title = _network(q, lang), publication_title(content.settings, lang)
        doc = open_template(template, lang) if template else default_document(network, lang, title)
        w = Writer(doc, q, lang, toc_pages or {}, qr, spool)
        write_front_matter(w, content.settings, today)
        toc = _contents(w)
        _introduction(w, content)
        if content.practices:
            _overview(w, content)
            _chapters(w, content)
        _appendix(w, content)
        _fill_toc(w, toc)
        _properties(doc, q, lang, today, content.settings)
        w.save(handle)
    return w.skipped


def _proof_header(doc: DocumentObject, note: str) -> None:
    """The header of every page, the first too (a chapter page of the compendium has it),
    with ``note`` below it in the header's small grey type."""
    section = doc.sections[0]
    section.different_first_page_header_footer = False
    if note:
        paragraph = section.header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(note)
        run.font.size, run.font.color.rgb = Pt(8.5), RGBColor.from_string(GREY)


def write_chapter(
    handle: BinaryIO,
    q: Questionnaire,
    practice: Practice,
    lang: str,
    *,
    template: Path | None = None,
    today: dt.date | None = None,
    media: Sequence[MediaFile] = (),
    note: str = "",
) -> list[SkippedPart]:
    """Write one practice's chapter alone as .docx into ``handle``, exactly as the compendium
    shows it (its styles, page setup, header and footer): a proof for the project. ``note``
    is added to the page header (``Korrekturabzug``); the body holds the chapter only.
    Returns the parts that could not be drawn, as :func:`write_compendium` does."""
    today = today or dt.date.today()
    qr = QrCodes(qr_urls(q, [practice]))
    with contextlib.closing(qr), _spool() as spool:
        network = _network(q, lang)
        doc = open_template(template, lang) if template else default_document(network, lang)
        _proof_header(doc, note)
        w = Writer(doc, q, lang, {}, qr, spool)
        (group,) = groups(q, [practice], lang, {practice.project: media})
        _practice_chapter(w, group.chapters[0], page_break=False)
        _properties(doc, q, lang, today)
        doc.core_properties.title = practice.title
        w.save(handle)
    return w.skipped


def build_compendium(*args: Any, **options: Any) -> bytes:
    """The compendium as .docx bytes; the arguments of :func:`write_compendium` without
    ``handle``."""
    buffer = io.BytesIO()
    write_compendium(buffer, *args, **options)
    return buffer.getvalue()
