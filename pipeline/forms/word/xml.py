"""Small WordprocessingML helpers shared by the Word form writer, filler and reader.

Holds the namespaces, a tiny element builder, the *slots* of a form (every place an answer
goes: a text control, one checkbox per option, a table cell) with their tags and bookmark
names, the safe XML parser and zip access used on untrusted files, and text extraction.
The writer and the reader derive the same slots from the questionnaire, so the bookmark
names need not be stored in the form.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.definition.question_types import WidgetKind, kind_of, widget_for
from pipeline.definition.questionnaire import Column, Question, Questionnaire
from pipeline.errors import FormError
from pipeline.forms.strict import parse_part
from pipeline.locale.library import library_detail
from pipeline.locale.texts import t

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
CP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NSMAP = {"w": W_NS, "w14": W14_NS}

CHECKED = "\u2612"  # ☒
UNCHECKED = "\u2610"  # ☐
TICK_GLYPHS = frozenset({CHECKED, "\u2611", "x", "X", "\u2713", "\u2714"})
CHECKBOX_FONT = "MS Gothic"
MAX_PART_BYTES = 50 * 1024 * 1024
DEFAULT_TABLE_ROWS = 5
MAX_TABLE_ROWS = 10
YES_NO = (("yes", True), ("no", False))


def w(name: str) -> str:
    """Clark name of a ``w:`` element or attribute: ``w("tag")`` -> ``{ns}tag``."""
    return f"{{{W_NS}}}{name}"


def w14(name: str) -> str:
    return f"{{{W14_NS}}}{name}"


# Clark names used on hot paths (precomputed: building them per element is slow).
W_P = w("p")
W_T = w("t")
W_BR = w("br")
W_CR = w("cr")
W_TAB = w("tab")
W_TC = w("tc")
W_TR = w("tr")
W_TBL = w("tbl")
W_BODY = w("body")
W_SDT = w("sdt")
W_SDT_PR = w("sdtPr")
W_SDT_CONTENT = w("sdtContent")
W_TAG = w("tag")
W_ALIAS = w("alias")
W_VAL = w("val")


def el(name: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> Any:
    """A ``w:`` (or ``w14:`` with prefix) element with ``w:`` attributes and children."""
    ns, local = name.split(":", 1) if ":" in name else ("w", name)
    tag = w14(local) if ns == "w14" else w(local)
    node = etree.Element(tag, nsmap=NSMAP)
    for key, value in (attrs or {}).items():
        akey = w14(key[4:]) if key.startswith("w14:") else w(key)
        node.set(akey, value)
    node.extend(children)
    return node


def val(name: str, value: str | int) -> Any:
    """An element with only a ``w:val`` attribute: ``<w:tag w:val="..."/>``."""
    return el(name, {"val": str(value)})


# --- slots: every place an answer goes ----------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One answer place in the Word form.

    ``kind``: ``text`` (plain text control), ``date``, ``dropdown``, ``check`` (one checkbox
    of an option), ``other`` (the "other, please specify" text) or ``cell`` (a table cell).
    ``key`` is the control's tag; ``bookmark`` the bookmark name around it.
    """

    key: str
    question: Question
    kind: str
    bookmark: str
    option: str | None = None
    row: int = 0
    column: Column | None = None

    @property
    def alias(self) -> str | None:
        """The alias forms before 2026-12 carried (the tag); checkboxes carry none
        (LibreOffice shows it as text). The reader still finds a control by it."""
        return None if self.kind == "check" else self.key

    def title(self, lang: str) -> str | None:
        """The control's title (``w:alias``, on its tab in Word): the question's number and
        short label, ``2.1 Name des Projekts``; a table cell adds its column and row, the
        "other" text says so. Checkboxes carry none."""
        if self.kind == "check":
            return None
        number, label = self.question.number, short_label(self.question.label.get(lang))
        if self.kind == "cell" and self.column is not None:
            column = short_label(self.column.label.get(lang))
            return t("word.title_cell", lang, number=number, column=column, row=self.row)
        if self.kind == "other":
            return t("word.title_other", lang, number=number, label=label)
        return f"{number} {label}"


TITLE_WORDS = 40
"""At most this many characters of a label stand in a control's title."""


def short_label(label: str) -> str:
    """The first words of ``label``, at most ``TITLE_WORDS`` characters, ``…`` when cut."""
    words = " ".join(label.split()).rstrip("?:.").split(" ")
    short = words[0][:TITLE_WORDS]
    for word in words[1:]:
        if len(short) + 1 + len(word) > TITLE_WORDS:
            return short.rstrip(",;") + "…"
        short = f"{short} {word}"
    return short


def option_values(q: Question) -> list[str]:
    """The options shown as checkboxes, in form order (``yes``/``no`` for yes_no, the points
    of a scale)."""
    options = kind_of(q).options
    return options(q) if options else []


def table_rows(q: Question) -> int:
    return min(q.max_rows or DEFAULT_TABLE_ROWS, MAX_TABLE_ROWS)


def slot_keys(q: Question) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(tag, slot kind, extra) of every control the question's widget has."""
    kind = widget_for(q, "word")
    if kind in (WidgetKind.CHECKBOXES, WidgetKind.CHECKBOX_ROW):
        for value in option_values(q):
            yield f"{q.id}={value}", "check", {"option": value}
        if q.other:
            yield q.other_id, "other", {}
    elif kind is WidgetKind.TABLE:
        for row in range(1, table_rows(q) + 1):
            for column in q.columns:
                yield f"{q.id}[{row}].{column.id}", "cell", {"row": row, "column": column}
    elif kind is not WidgetKind.NONE:
        control = {WidgetKind.DATE_PICKER: "date", WidgetKind.DROPDOWN: "dropdown"}.get(kind)
        yield q.id, control or "text", {}
        if control == "dropdown" and q.other:
            yield q.other_id, "other", {}


def bookmark_base(key: str) -> str:
    """A bookmark name for a tag: letters, digits and ``_``, starting with a letter, <= 40."""
    safe = re.sub(r"[^A-Za-z0-9_]+", "_", key.replace("=", "__")).strip("_")
    if not safe[:1].isalpha():
        safe = "b" + safe
    return safe


def _hashed(key: str, base: str) -> str:
    return f"{base[:30]}_{hashlib.sha1(key.encode()).hexdigest()[:9]}"


def form_slots(q: Questionnaire) -> list[Slot]:
    """Every answer slot of ``q`` in form order, with unique deterministic bookmark names."""
    slots: list[Slot] = []
    used: set[str] = set()
    for question in q.answerable():
        for key, kind, extra in slot_keys(question):
            name = bookmark_base(key)
            if len(name) > 40 or name in used:
                name = _hashed(key, name)
            used.add(name)
            slots.append(Slot(key, question, kind, name, **extra))
    return slots


# --- reading zips and XML safely -----------------------------------------------------------


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
    )


def open_zip(source: bytes | Path, lang: str = "en", name: str | Path = "") -> zipfile.ZipFile:
    """Open a .docx (its bytes, or the file ``source``) as zip, wrapping a broken file into
    FormError; ``name`` names the file in messages (default: the file ``source``)."""
    shown = _name(name or ("" if isinstance(source, bytes) else source))
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as exc:
        detail = library_detail(exc, lang)
        raise FormError(t("word.not_docx", lang, file=shown, detail=detail)) from exc


def _name(source: str | Path) -> str:
    return Path(source).name if str(source) else ""


def read_part(zf: zipfile.ZipFile, part: str, source: str | Path, lang: str = "en") -> Any | None:
    """The parsed XML root of ``part`` (None when missing); size-checked before reading.
    ``source`` (a path or a file name) names the file in messages."""
    try:
        info = zf.getinfo(part)
    except KeyError:
        return None
    name = _name(source)
    if info.file_size > MAX_PART_BYTES:
        limit = MAX_PART_BYTES // (1024 * 1024)
        raise FormError(t("word.too_large", lang, file=name, part=part, limit=limit))
    try:
        return parse_part(zf.read(info), safe_parser())
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        detail = library_detail(exc, lang)
        raise FormError(t("word.not_docx", lang, file=name, detail=detail)) from exc
    except etree.XMLSyntaxError as exc:
        detail = library_detail(exc, lang)
        raise FormError(t("word.bad_xml", lang, file=name, part=part, detail=detail)) from exc


def custom_properties(root: Any | None) -> dict[str, str]:
    """``{name: text}`` of docProps/custom.xml."""
    if root is None:
        return {}
    props: dict[str, str] = {}
    for prop in root.iter(f"{{{CP_NS}}}property"):
        name = prop.get("name")
        if name and len(prop):
            props[name] = (prop[0].text or "").strip()
    return props


# --- text: how each run-level element reads ----------------------------------------------

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W_NO_BREAK_HYPHEN = w("noBreakHyphen")
W_SOFT_HYPHEN = w("softHyphen")
W_PTAB = w("ptab")
W_SYM = w("sym")
W_CHAR = w("char")
W_FONT = w("font")
W_FLD_CHAR = w("fldChar")
W_FLD_CHAR_TYPE = w("fldCharType")
W_DEL = w("del")
W_MOVE_FROM = w("moveFrom")
MC_FALLBACK = f"{{{MC_NS}}}Fallback"

SYMBOL_TICKS: dict[tuple[str, int], str] = {
    ("wingdings", 0xA8): UNCHECKED,
    ("wingdings", 0xFC): "\u2714",  # ✔
    ("wingdings", 0xFD): CHECKED,
    ("wingdings", 0xFE): "\u2611",  # ☑
    ("wingdings 2", 0x50): "\u2713",  # ✓
    ("wingdings 2", 0x52): "\u2611",
    ("wingdings 2", 0x53): CHECKED,
    ("wingdings 2", 0x54): CHECKED,
    ("wingdings 2", 0xA3): UNCHECKED,
    ("symbol", 0xD6): "\u2713",  # the root sign, used as a tick
}
"""The checkbox glyphs of the symbol fonts (their character code) and how they read."""
SYMBOL_FONTS = frozenset({"wingdings", "wingdings 2", "wingdings 3", "webdings", "symbol"})
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
"""A character no text can be read from (a symbol font's glyph): kept, and warned about."""


def sym_text(node: Any) -> str:
    """``w:sym``: the character ``w:char`` (hex) of the font ``w:font``.

    A symbol font's checkbox glyph reads as its Unicode box or tick; another glyph of a
    symbol font stays a private-use character (``U+F0xx``), which the reader warns about.
    """
    try:
        code = int(node.get(W_CHAR, ""), 16)
    except ValueError:
        return ""
    font = node.get(W_FONT, "").strip().lower()
    if font in SYMBOL_FONTS and (code < 0x100 or 0xF000 <= code <= 0xF0FF):
        return _glyph(font, chr(0xF000 + (code & 0xFF)))
    return chr(code) if 0 < code <= 0x10FFFF else ""


NO_BREAK_HYPHEN = "\u2011"
W_RFONTS_PATH = f"{w('rPr')}/{w('rFonts')}"
_FONT_ATTRIBUTES = (w("ascii"), w("hAnsi"), w("cs"))


def _text(node: Any) -> str:
    """``w:t``: its text. As LibreOffice writes Word's elements: the non-breaking hyphen
    character reads as ``-`` (``w:noBreakHyphen``), a symbol font's glyph (``U+F0xx`` in a
    run of that font) as :func:`sym_text` reads it."""
    text = node.text or ""
    if NO_BREAK_HYPHEN in text:
        text = text.replace(NO_BREAK_HYPHEN, "-")
    if text and PRIVATE_USE.search(text):  # a C scan; max(text) took 1 ms a form
        font = _run_font(node)
        if font in SYMBOL_FONTS:
            text = "".join(_glyph(font, c) for c in text)
    return text


def _glyph(font: str, char: str) -> str:
    code = ord(char)
    return SYMBOL_TICKS.get((font, code & 0xFF), char) if 0xF000 <= code <= 0xF0FF else char


def _run_font(node: Any) -> str:
    """The font of the run holding ``node`` (lower case; '' when the run names none)."""
    run = node.getparent()
    fonts = run.find(W_RFONTS_PATH) if run is not None else None
    if fonts is None:
        return ""
    names = (fonts.get(name) for name in _FONT_ATTRIBUTES)
    return next((name for name in names if name), "").strip().lower()


RUN_TEXT: dict[str, str | Any] = {
    W_T: _text,
    W_NO_BREAK_HYPHEN: "-",
    W_SOFT_HYPHEN: "",
    W_TAB: "\t",
    W_PTAB: "\t",
    W_BR: "\n",  # a line, column or page break
    W_CR: "\n",
    W_SYM: sym_text,
}
"""How every run-level element that shows text reads (a text or a function of the element).

Everything else reads as nothing: ``w:delText``, ``w:instrText``, drawings. Text in
``w:hyperlink``, ``w:smartTag``, ``w:customXml``, ``w:fldSimple`` and ``w:ins`` counts like any
other; what lies in :data:`NOT_SHOWN` does not (the document as it shows with every change
accepted, the Choice of ``mc:AlternateContent`` and never its Fallback), and neither does the
instruction of a complex field (``w:fldChar`` begin to separate), only its result.
Hidden text (``w:vanish``) reads like any other.
"""
NOT_SHOWN = frozenset({W_DEL, W_MOVE_FROM, MC_FALLBACK})
_SPECIAL = (*NOT_SHOWN, W_FLD_CHAR)
_RUN_TAGS = (*RUN_TEXT, *_SPECIAL)


def _field(fields: list[bool], node: Any) -> None:
    """Track the complex fields open at ``node`` (True once the result has begun)."""
    kind = node.get(W_FLD_CHAR_TYPE, "")
    if kind == "begin":
        fields.append(False)
    elif kind == "separate" and fields:
        fields[-1] = True
    elif kind == "end" and fields:
        fields.pop()


def run_items(node: Any, *extra: str) -> Iterator[tuple[Any, str | None]]:
    """``(element, its text)`` for every run-level element of ``node`` that shows text, as
    :data:`RUN_TEXT` reads it, and ``(element, None)`` for every element of the tags
    ``extra`` (paragraphs, bookmarks ...), in document order."""
    if next(node.iter(*_SPECIAL), None) is None:  # the common case: one plain pass
        for item in node.iter(*RUN_TEXT, *extra):
            reading = RUN_TEXT.get(item.tag)
            if reading is None:
                yield item, None
            else:
                yield item, reading if type(reading) is str else reading(item)
        return
    fields: list[bool] = []
    walk = etree.iterwalk(node, events=("start",), tag=(*_RUN_TAGS, *extra))
    for _, item in walk:
        tag = item.tag
        reading = RUN_TEXT.get(tag)
        if reading is None:
            if tag in NOT_SHOWN:
                walk.skip_subtree()
            elif tag == W_FLD_CHAR:
                _field(fields, item)
            else:
                yield item, None
        elif all(fields):  # not inside a field's instruction
            yield item, reading if type(reading) is str else reading(item)


def node_text(node: Any) -> str:
    """The visible text of ``node``: paragraphs and line breaks become ``\\n``."""
    pieces: list[str] = []
    for _, piece in run_items(node, W_P):
        pieces.append("\n" if piece is None else piece)  # a paragraph starts a line
    return "".join(pieces).strip("\n")


def hidden_meta_text(ident: dict[str, str]) -> str:
    """The hidden paragraph's text: ``praxis:questionnaire=...;version=...;...``."""
    return "praxis:" + ";".join(f"{k}={v}" for k, v in ident.items())


def parse_hidden_meta(text: str) -> dict[str, str]:
    """``{"praxis.questionnaire": ..., ...}`` from the hidden paragraph's text."""
    start = text.find("praxis:")
    if start < 0:
        return {}
    pairs = text[start + len("praxis:") :].strip().split(";")
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if sep:
            out["praxis." + name.strip()] = value.strip()
    return out
