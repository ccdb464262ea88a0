"""The compendium's look: the bundled default (A4, Arial, blue headings, the network in the
header, page numbers) or a user's own Word template (``--template``), stripped to its look
like pandoc's reference document."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline.adapters.python_docx import drop_relationship, paragraph_element
from pipeline.errors import UsageError
from pipeline.forms.word.xml import el, val
from pipeline.locale.library import library_detail
from pipeline.locale.texts import t
from pipeline.publication.compendium.wordml import W_R, field

LANG_TAGS = {"de": "de-DE", "en": "en-GB"}
FONT = "Arial"
ACCENT = "1F4E79"
ACCENT_2 = "2E74B5"
GREY = "595959"


class CompendiumError(UsageError):
    """The compendium could not be made from what was given (e.g. an unreadable template)."""


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
    "Normal": _Look(10, "262626", after=4),
    "Title": _Look(30, ACCENT, bold=True, after=12),
    "Subtitle": _Look(15, ACCENT_2, after=24),
    "Heading 1": _Look(20, ACCENT, bold=True, after=14),
    "Heading 2": _Look(15, ACCENT_2, bold=True, before=6, after=8),
    "Heading 3": _Look(11.5, ACCENT, bold=True, before=6, after=2),
    "TOC Heading": _Look(20, ACCENT, bold=True, after=14),
    "Caption": _Look(8.5, GREY, italic=True, before=3, after=12),
    "toc 1": _Look(11, "262626", bold=True, before=6, after=2),
    "toc 2": _Look(10.5, "262626", after=2),
    "Lead": _Look(11, ACCENT, before=2, after=8),
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


def _header_footer(doc: DocumentObject, network: str, lang: str, title: str) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(header, network)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _small(footer, f"{title or t('compendium.title', lang)} · {t('compendium.page', lang)} ")
    paragraph_element(footer).extend(
        field(" PAGE ", "1", lambda: [val("color", GREY), val("sz", 17)])
    )


def default_document(network: str, lang: str, title: str = "") -> DocumentObject:
    """The bundled look: A4, Arial, blue headings, network in the header, the publication's
    ``title`` (default: the catalogue's) and page numbers in the footer."""
    doc = Document()
    _page_setup(doc)
    for name, look in LOOKS.items():
        _apply_look(doc, name, look)
    doc.styles["Normal"].paragraph_format.line_spacing = 1.15
    set_language(doc, lang)
    for name in ("Title", "Subtitle"):
        bar = el("left", {"val": "single", "sz": "36", "space": "12", "color": ACCENT})
        _insert_in_order(doc.styles[name].element.get_or_add_pPr(), el("pBdr", {}, bar))
    _header_footer(doc, network, lang, title)
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
        detail = library_detail(exc, lang)
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
    set_language(doc, lang)
    return doc


def set_language(doc: DocumentObject, lang: str) -> None:
    """Make the compendium's language (``de`` as ``de-DE``, ``en`` as ``en-GB``, another as
    given) that of the document's text: in the document defaults (what LibreOffice writes as
    the PDF's ``/Lang``) and in Normal (which a template may have set to another language)."""
    tag = LANG_TAGS.get(lang, lang)
    styles = doc.styles.element
    defaults = _child(styles, "docDefaults", first=True)
    rpr = _child(_child(defaults, "rPrDefault", first=True), "rPr")
    _child(rpr, "lang").set(qn("w:val"), tag)
    _child(doc.styles["Normal"].element.get_or_add_rPr(), "lang").set(qn("w:val"), tag)


def _child(parent: Any, name: str, first: bool = False) -> Any:
    """``parent``'s ``w:name`` child, added (as the first child with ``first``) when missing."""
    node = parent.find(qn(f"w:{name}"))
    if node is None:
        node = el(name)
        if first:
            parent.insert(0, node)
        else:
            parent.append(node)
    return node


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
            drop_relationship(package.rels, r_id)  # core properties are made new (see _properties)
    used = _page_setup_rels(doc)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype in KEPT_PARTS or (r_id in used and rel.reltype in (RT.HEADER, RT.FOOTER)):
            continue
        drop_relationship(doc.part.rels, r_id)
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
        drop_relationship(settings_part.rels, r_id)


def _accept_revisions(root: Any) -> None:
    """Comment anchors and tracked changes (they name their authors) out of a kept part:
    insertions stay as text, deletions go."""
    if root is None:
        return
    for name in REVISION_MARKS + REVISION_PROPS:
        for node in root.findall(f".//{qn(f'w:{name}')}"):
            parent = node.getparent()
            if name == "commentReference" and parent.tag == W_R:
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
    for run in root.iter(W_R):
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
