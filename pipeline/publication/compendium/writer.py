"""The writer of the compendium's body: paragraphs, headings (remembered for the table of
contents), captions, tables, links and pictures, appended to the document one by one.

Two ways to keep the body and the package, giving the same document: the fast one of
:mod:`pipeline.speed.compendium` (the body spooled to a temporary file and streamed into
the zip, relationships and pictures indexed, cells copied from prototypes), and the plain
one here (the body in memory, python-docx's own ``relate_to``, ``new_pic_inline`` and
``save``), used when ``PRAXIS_FAST=0``.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from lxml import etree

from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.word.xml import el, val, w
from pipeline.locale.texts import t
from pipeline.publication.compendium.content import SAFE_LINK
from pipeline.publication.compendium.qr import QrCodes
from pipeline.publication.compendium.rawxml import parse_body_xml
from pipeline.publication.compendium.selection import Practice
from pipeline.publication.compendium.styles import ensure_style
from pipeline.publication.compendium.wordml import (
    GAP,
    KEEP_LINES,
    KEEP_NEXT,
    PAGE_BREAK,
    PLAIN,
    CellLook,
    add_paragraph,
    add_run,
    add_table,
    build_cell,
    cell_lines,
    field,
    link_props,
    run,
    sub,
    table_props,
    twips,
)
from pipeline.speed.compendium import (
    CellPrototypes,
    Copies,
    IndexedParts,
    SpooledBody,
)
from pipeline.speed.deflate import HandZip, deflater_pool

RULE = "BFBFBF"
REST_TARGET = "praxis-rest"
REST_MARK = b"<?praxis-rest ?>"
"""Where the plain path's main document is cut in two for compressing (see :class:`MemoryBody`)."""


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    bookmark: str


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


class Body(Protocol):
    """Where the written body goes, and how the package is saved."""

    def flush(self, body: Any) -> None: ...
    def raw(self, body: Any, xml: str) -> None: ...
    def mark(self, body: Any) -> int: ...
    def fill(self, body: Any, mark: int, elements: list[Any]) -> None: ...
    def save(self, doc: DocumentObject, tail: list[Any], handle: BinaryIO) -> None: ...


class MemoryBody:
    """The plain body: kept in the document, saved by python-docx, then zipped as the fast
    path zips it (fixed times, chunks cut anew where the last filled placeholder ends: see
    :mod:`pipeline.speed.deflate`)."""

    def __init__(self) -> None:
        self.rest = 0
        """The index in the body where the last placeholder's elements end."""

    def flush(self, body: Any) -> None:
        return None

    def raw(self, body: Any, xml: str) -> None:
        body.extend(parse_body_xml(xml))

    def mark(self, body: Any) -> int:
        self.rest = len(body)
        return len(body)

    def fill(self, body: Any, mark: int, elements: list[Any]) -> None:
        for n, element in enumerate(elements):
            body.insert(mark + n, element)
        if mark <= self.rest:
            self.rest += len(elements)

    def save(self, doc: DocumentObject, tail: list[Any], handle: BinaryIO) -> None:
        body = doc.element.body
        body.extend(tail)
        body.insert(self.rest, etree.ProcessingInstruction(REST_TARGET))
        buffer = io.BytesIO()
        doc.save(buffer)
        main = doc.part.partname.membername
        pool = deflater_pool()
        try:
            out = HandZip(handle, pool)
            with zipfile.ZipFile(buffer) as source:
                for item in source.infolist():
                    data = source.read(item)
                    out.add(
                        item.filename,
                        *(data.split(REST_MARK, 1) if item.filename == main else [data]),
                    )
            out.close()
        finally:
            pool.shutdown(cancel_futures=True)


class PlainParts:
    """Relationships and pictures through python-docx's public part methods."""

    def __init__(self, doc: DocumentObject):
        self.part = doc.part

    def relate(self, reltype: str, target: Any, external: bool = False) -> str:
        return self.part.relate_to(target, reltype, is_external=external)

    def inline(self, png: bytes, width: int) -> Any:
        return self.part.new_pic_inline(io.BytesIO(png), Emu(width), None)


def _plain_cell(row: Any, width: int, line: str, look: CellLook) -> Any:
    return build_cell(row, width, [line], look)


def _cell_proto(look: CellLook) -> Any:
    return build_cell(el("tr"), 0, ["x"], look)


class Writer:
    """Appends to the document body and remembers the headings for the table of contents.

    The final section properties are taken out of the body while writing, so that every
    block is simply appended; :meth:`flush` hands what has been written so far to the
    :class:`Body` (the fast one serializes it and empties the body again, so that the whole
    document is never held as elements or in memory)."""

    def __init__(
        self,
        doc: DocumentObject,
        q: Questionnaire,
        lang: str,
        pages: Mapping[str, int],
        qr: QrCodes,
        spool: BinaryIO | None = None,
    ):
        """``spool``: a temporary file for the fast path's body (the plain path without)."""
        self.doc, self.q, self.lang, self.pages = doc, q, lang, pages
        self.entries: list[TocEntry] = []
        self.figures = 0
        self.tables = 0
        section = doc.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        self.width = int(width) if width > 0 else int(Mm(166))
        self.body = doc.element.body
        fast = spool is not None
        self.parts = IndexedParts(doc) if fast else PlainParts(doc)
        self.one_line = CellPrototypes(_cell_proto).add if fast else _plain_cell
        self.table_props = Copies(table_props) if fast else table_props
        self.store: Body = SpooledBody(spool) if spool is not None else MemoryBody()
        self.styles: dict[str, str] = {}
        self.style_props: dict[str, tuple[Any, ...]] = {}
        children = list(self.body)
        first = next((n for n, c in enumerate(children) if c.tag == w("sectPr")), len(children))
        self.tail = children[first:]
        for child in self.tail:
            self.body.remove(child)
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
        """Hand what was written so far to the body store."""
        self.store.flush(self.body)

    def raw(self, xml: str) -> None:
        """Append body XML written as text (see :mod:`.rawxml`)."""
        self.store.raw(self.body, xml)

    def mark(self) -> int:
        """A place to fill later (see :meth:`fill`)."""
        return self.store.mark(self.body)

    def fill(self, mark: int, elements: list[Any]) -> None:
        self.store.fill(self.body, mark, elements)

    def save(self, handle: BinaryIO) -> None:
        """The document into ``handle`` (the final section properties back at the end)."""
        self.store.save(self.doc, self.tail, handle)

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.lang, **values)

    def style(self, name: str) -> str:
        """:func:`ensure_style`, once per name."""
        if name not in self.styles:
            self.styles[name] = ensure_style(self.doc, name)
        return self.styles[name]

    def paragraph_style(self, name: str) -> tuple[Any, ...]:
        """``w:pStyle`` as python-docx sets it (none for the default paragraph style)."""
        if name not in self.style_props:
            self.style(name)
            style_id = self.doc.styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
            self.style_props[name] = (val("pStyle", style_id),) if style_id else ()
        return self.style_props[name]

    def para(self, text: str = "", style: str | None = None, *props: Any) -> Any:
        """A body paragraph; ``props`` are paragraph properties in schema order."""
        if style is not None:
            props = (*self.paragraph_style(style), *props)
        return add_paragraph(self.body, text, *props, ppr=style is not None)

    def lines(self, text: str) -> None:
        """A text with line breaks as one paragraph per non-empty line."""
        for line in (x.strip() for x in text.splitlines()):
            if line:
                self.para(line)

    def heading(self, text: str, level: int, page_break: bool = False) -> Any:
        """A heading that stays on the page of what follows it (``w:keepNext`` and
        ``w:keepLines`` on the paragraph itself, so a template's heading styles cannot lose
        it), on a new page with ``page_break``."""
        props = (KEEP_NEXT, KEEP_LINES, *([PAGE_BREAK] if page_break else []))
        paragraph = self.para("", f"Heading {level}", *props)
        if level > 2:
            add_run(paragraph, text)
            return paragraph
        bookmark = f"_Toc{len(self.entries) + 1:08d}"
        number = str(len(self.entries) + 1)
        sub(paragraph, "bookmarkStart", {"id": number, "name": bookmark})
        add_run(paragraph, text)
        sub(paragraph, "bookmarkEnd", {"id": number})
        self.entries.append(TocEntry(level, text, bookmark))
        return paragraph

    def caption(self, kind: str, text: str) -> None:
        """``Abbildung 2: ...`` with a SEQ field, so Word can build a list of figures."""
        word = self.t(f"compendium.{kind}_word")
        self.figures += kind == "figure"
        self.tables += kind == "table"
        number = self.figures if kind == "figure" else self.tables
        paragraph = self.para("", "Caption", *([KEEP_NEXT] if kind == "table" else []))
        add_run(paragraph, f"{word} ")
        paragraph.extend(field(f" SEQ {word} \\* ARABIC ", str(number)))
        add_run(paragraph, f": {text}")

    def table(
        self, fractions: Sequence[float], borders: str = "grid", colour: str = RULE
    ) -> tuple[Any, list[int]]:
        widths = [int(self.width * f) for f in fractions]
        return add_table(self.body, widths, self.table_props(borders, colour)), widths

    def cell(self, row: Any, width: int, text: str, look: CellLook = PLAIN) -> Any:
        """A cell of ``width`` twips, its text one paragraph per line (with table spacing)."""
        lines = cell_lines(text)
        if len(lines) > 1 or not lines[0] or "\t" in lines[0]:
            return build_cell(row, width, lines, look)
        return self.one_line(row, width, lines[0], look)

    def cells(
        self, row: Any, widths: Sequence[int], texts: Sequence[str], look: CellLook = PLAIN
    ) -> list[Any]:
        pairs = zip(widths, texts, strict=True)
        return [self.cell(row, twips(width), text, look) for width, text in pairs]

    def gap(self) -> None:
        self.para("", None, GAP)

    def link(self, paragraph: Any, url: str, text: str | None = None, size: float = 0) -> None:
        """A clickable external link (only http, https and mailto; anything else as text);
        ``size``: its type size in points (0: the paragraph's)."""
        if not SAFE_LINK.match(url):
            add_run(paragraph, text or url, size=size)
            return
        r_id = self.parts.relate(RT.HYPERLINK, url, external=True)
        link = el("hyperlink", {"history": "1"}, run(text or url, *link_props(size)))
        link.set(qn("r:id"), r_id)
        paragraph.append(link)

    def picture(self, paragraph: Any, png: bytes, width: int, title: str, alt: str) -> None:
        """An inline PNG picture with alt text (``wp:docPr`` descr, and title when it says
        more): LibreOffice's PDF gives the figure ``/Alt`` "title - descr", so a title equal
        to the alt text is left out rather than read twice."""
        inline = self.parts.inline(png, width)
        sub(sub(paragraph, "r"), "drawing").append(inline)
        doc_pr = inline.docPr
        if title and title != alt:
            doc_pr.set("title", title)
        doc_pr.set("descr", alt or title)
