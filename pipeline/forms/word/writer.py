"""The Word form: a printable A4 questionnaire with one content control per answer.

``build_docx`` returns the bytes of a .docx; it touches no files. Per section one table with
a row per question: number, question (label, hint, derived instructions), answer. Answers
are inline content controls tagged and aliased with the question id and wrapped in a
bookmark; choices are one checkbox control per option, each alone in its cell; long lists
are dropdowns; dates are date controls; table questions are nested tables of text controls.
The footer shows title, project, the visible form code (``pipeline.forms.code``) and the page.
See DESIGN.md "Forms" for why (LibreOffice 7.4 drops tags, breaks shared checkbox cells).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from pipeline.definition.answer_text import Shown
from pipeline.definition.coerce import parse_date
from pipeline.definition.question_types import WidgetKind, as_text, limit_hints, widget_for
from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire, Section
from pipeline.forms.code import code_text, form_code
from pipeline.forms.content import Identification
from pipeline.forms.package import fixed_zip
from pipeline.forms.word.blocks import cell, para, row, run_props, table, text_para, text_runs
from pipeline.forms.word.layout import WordLayout
from pipeline.forms.word.widgets import (
    ANSWER_W,
    GREY,
    NUM_W,
    QUESTION_W,
    SMALL_SIZE,
    column_options,
    widget,
)
from pipeline.forms.word.xml import (
    CHECKBOX_FONT,
    CHECKED,
    CP_NS,
    UNCHECKED,
    VT_NS,
    Slot,
    el,
    hidden_meta_text,
    val,
    w,
)
from pipeline.locale.formatting import typed_date
from pipeline.locale.texts import t
from pipeline.locale.wording import section_instruction, when_instruction
from pipeline.round.roster import Project
from pipeline.round.stamps import FIXED_TIME

FONT = "Calibri"
BODY_SIZE = 21  # half-points: 10.5 pt
PLACEHOLDER_GREY = "808080"
WHEN_COLOUR = "1F4E79"
MARK_COLOUR = "C55A11"
"""The mark of an answer taken from the last round (dark orange)."""
LONG_TEXT_HEIGHT = 1700  # twips, about 3 cm
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
DATE_FORMATS = {
    "de": ("dd.MM.yyyy", "de-DE", "%d.%m.%Y"),
    "en": ("yyyy-MM-dd", "en-GB", "%Y-%m-%d"),
}


# --- values as shown in the form -------------------------------------------------------------


def form_date(value: Any, lang: str) -> str | None:
    """An ISO date or date as the form shows it (``11.10.2023`` in German); None: no date."""
    date = parse_date(value) if value not in (None, "") else None
    return typed_date(date, lang) if date else None


def display_text(f: Field, value: Any, lang: str) -> str | None:
    """The text a person would type for the typed ``value`` of field ``f``; None: nothing."""
    return as_text(f, value, lang, Shown.FORM) or None


# --- the writer ------------------------------------------------------------------------------


@dataclass
class _Writer:
    """Builds the body of one form; holds the running ids of controls and bookmarks."""

    q: Questionnaire
    lang: str
    prefill: Mapping[str, Any]
    slots: dict[str, Slot] = field(default_factory=dict)
    next_id: int = 100
    holes: frozenset[str] = frozenset()
    starts: dict[str, int] = field(default_factory=dict)
    markers: dict[str, Any] = field(default_factory=dict)
    marker: Callable[[str], Any] | None = None
    """Makes the element standing in for a hole (building a template, ``pipeline.speed``)."""
    marked: frozenset[str] = frozenset()
    """Questions pre-filled from the last round: marked "please check"."""

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def text(self, key: str, **kw: Any) -> str:
        return t(key, self.lang, **kw)

    def answer_part(self, q: Question) -> Any:
        """The answer of ``q``: its table widget, else its answer cell."""
        return widget(q).write(self, q)

    def _answer_or_hole(self, q: Question) -> Any:
        """The answer part of ``q``, or (building a template) a hole where it goes."""
        if q.id not in self.holes:
            return self.answer_part(q)
        self.starts[q.id] = self.next_id
        self.answer_part(q)  # uses up the ids the part will use per project
        marker = self.markers[f"answer:{q.id}"] = self.marker(f"answer:{q.id}")  # type: ignore[misc]
        return marker

    # controls -------------------------------------------------------------------------------

    def bookmarked(self, slot: Slot, sdt: Any, *, after: int = 0) -> Any:
        """A paragraph holding ``sdt`` inside a bookmark named for the slot."""
        mark = self.new_id()
        start = el("bookmarkStart", {"id": mark, "name": slot.bookmark})
        return para(start, sdt, el("bookmarkEnd", {"id": mark}), after=after)

    def _sdt_props(self, slot: Slot, showing: bool, *extra: Any) -> Any:
        props = el("sdtPr")
        title = slot.title(self.lang)
        if title:
            props.append(val("alias", title))
        props.extend([val("tag", slot.key), val("id", self.new_id())])
        if showing:
            props.append(el("showingPlcHdr"))
        props.extend(extra)
        return props

    def _content(self, shown: str | None, placeholder: str, size: int | None) -> Any:
        props = run_props(size=size, color=None if shown else PLACEHOLDER_GREY)
        return el("sdtContent", None, *text_runs(shown or placeholder, props))

    def text_control(
        self,
        slot: Slot,
        value: Any,
        *,
        placeholder: str | None = None,
        size: int | None = None,
    ) -> Any:
        shown = display_text(slot.column or slot.question, value, self.lang)
        placeholder = placeholder or self.text("word.placeholder")
        # Every text is a rich-text control (no w:text): LibreOffice 7.4 moves a line break
        # out of a plain-text control on opening, but keeps it inside a rich-text one, and it
        # shows a plain-text control's placeholder in black, so that it looks answered.
        props = self._sdt_props(slot, shown is None)
        return el("sdt", None, props, self._content(shown, placeholder, size))

    def date_control(self, slot: Slot, value: Any) -> Any:
        fmt, lid, _ = DATE_FORMATS.get(self.lang, DATE_FORMATS["en"])
        date = parse_date(value) if value else None
        attrs = {"fullDate": f"{date.isoformat()}T00:00:00Z"} if date else None
        kind = el(
            "date",
            attrs,
            val("dateFormat", fmt),
            val("lid", lid),
            val("storeMappedDataAs", "dateTime"),
            val("calendar", "gregorian"),
        )
        props = self._sdt_props(slot, date is None, kind)
        shown = form_date(date, self.lang) if date else None
        return el(
            "sdt", None, props, self._content(shown, self.text("word.placeholder_date"), None)
        )

    def dropdown_control(self, slot: Slot, value: Any, *, size: int | None = None) -> Any:
        """A dropdown list control: "please choose", then the options; a table cell's offers
        its column's options ("Sonstiges" as the value list shows it), a question's "other"
        asks for the text beside it."""
        choose = self.text("word.choose")
        options = self._dropdown_options(slot)
        items = [el("listItem", {"displayText": choose, "value": choose})]
        items += [el("listItem", {"displayText": label, "value": v}) for label, v in options]
        offered = {v: label for label, v in options}
        if slot.column is None and isinstance(value, str) and not slot.question.choice(value):
            value = None  # a question's "other" is chosen by its text, not pre-selected
        shown = offered.get(value) if isinstance(value, str) else None
        attrs = {"lastValue": value} if shown else None
        props = self._sdt_props(slot, shown is None, el("dropDownList", attrs, *items))
        return el("sdt", None, props, self._content(shown, choose, size))

    def _dropdown_options(self, slot: Slot) -> list[tuple[str, str]]:
        """(shown label, value) of the items a dropdown offers after "please choose"."""
        if slot.column is not None:
            return column_options(slot.column, self.lang)
        q = slot.question
        options = [(c.label.get(self.lang), c.value) for c in q.choices]
        if q.other and OTHER not in q.choice_values:
            options.append((self.text("word.other"), OTHER))
        return options

    def checkbox_control(self, slot: Slot, checked: bool) -> Any:
        font = {"font": CHECKBOX_FONT}
        box = el(
            "w14:checkbox",
            None,
            el("w14:checked", {"w14:val": "1" if checked else "0"}),
            el("w14:checkedState", {"w14:val": "2612", "w14:font": CHECKBOX_FONT}),
            el("w14:uncheckedState", {"w14:val": "2610", "w14:font": CHECKBOX_FONT}),
        )
        props = self._sdt_props(slot, False, box)
        props.insert(0, run_props(**font))
        glyph = CHECKED if checked else UNCHECKED
        content = el("sdtContent", None, *text_runs(glyph, run_props(size=24, **font)))
        return el("sdt", None, props, content)

    # question rows ---------------------------------------------------------------------------

    def question_blocks(self, q: Question) -> list[Any]:
        blocks = [text_para(q.label.get(self.lang), after=20, bold=True)]
        if q.id in self.marked:
            text = self.text("next_round.mark")
            blocks.append(text_para(text, after=20, size=SMALL_SIZE, bold=True, color=MARK_COLOUR))
        if q.hint:
            blocks.append(text_para(q.hint.get(self.lang), after=20, size=SMALL_SIZE, color=GREY))
        if q.own_when:  # a section's condition is said once, under its heading
            blocks.append(
                text_para(
                    when_instruction(self.q, q.own_when, self.lang),
                    after=20,
                    size=SMALL_SIZE,
                    italic=True,
                    color=WHEN_COLOUR,
                )
            )
        notes = self.instructions(q)
        if notes:
            blocks.append(
                text_para(" · ".join(notes), after=20, size=SMALL_SIZE, italic=True, color=GREY)
            )
        return blocks

    def instructions(self, q: Question) -> list[str]:
        hint = q.hint.get(self.lang) if q.hint else ""
        notes = [self.text("word.required")] if q.required else []
        notes += [n for n in limit_hints(q, "word", self.lang) if not _said(n, hint)]
        return notes

    def question_row(self, q: Question) -> Any:
        number = cell([text_para(q.number, bold=True)], NUM_W)
        kind = widget_for(q, "word")
        if kind is WidgetKind.NONE:
            note = text_para(q.label.get(self.lang), italic=True)
            return row([cell([], NUM_W), cell([note], QUESTION_W + ANSWER_W, span=2)])
        if kind is WidgetKind.TABLE:
            blocks = [*self.question_blocks(q), self._answer_or_hole(q)]
            return row([number, cell(blocks, QUESTION_W + ANSWER_W, span=2)], cant_split=False)
        height = LONG_TEXT_HEIGHT if kind is WidgetKind.TEXT_BOX else None
        return row(
            [number, cell(self.question_blocks(q), QUESTION_W), self._answer_or_hole(q)],
            height=height,
        )

    def section(self, section: Section) -> list[Any]:
        title = f"{section.number} {section.title.get(self.lang)}"
        blocks = [para(*text_runs(title), style="Heading1", before=240, after=80, keep_next=True)]
        if section.when:
            said = section_instruction(self.q, section.when, self.lang)
            props = run_props(italic=True, color=WHEN_COLOUR)
            blocks.append(para(*text_runs(said, props), after=80, keep_next=True))
        if section.intro:
            blocks.append(text_para(section.intro.get(self.lang), after=80))
        rows = [self.question_row(q) for q in section.questions]
        blocks.append(table(rows, [NUM_W, QUESTION_W, ANSWER_W]))
        return blocks


def _said(note: str, hint: str) -> bool:
    """Whether the hint already says what a derived instruction says (same numbers)."""
    digits = [part for part in note.replace(".", "").split() if part.isdigit()]
    return bool(digits) and all(d in hint.replace(".", "") for d in digits)


# --- header, how-to and metadata ------------------------------------------------------------


def _header(q: Questionnaire, facts: list[Any], lang: str, deadline: dt.date | None) -> list[Any]:
    """Title, the project ``facts`` (paragraphs or a hole), deadline, how-to and intro."""
    blocks = []
    if q.network:
        blocks.append(text_para(q.network.get(lang), after=0, size=20, color=GREY))
    blocks.append(text_para(q.title.get(lang), after=160, size=36, bold=True))
    blocks += facts
    if deadline:
        blocks.append(_fact("word.deadline", form_date(deadline, lang) or "", lang))
    blocks.append(_howto(q, lang, deadline))
    if q.intro:
        blocks.append(text_para(q.intro.get(lang), after=80))
    return blocks


def _fact(key: str, value: str, lang: str) -> Any:
    runs = text_runs(f"{t(key, lang)}: ", run_props(bold=True))
    return para(*runs, *text_runs(value), after=20)


def _project_facts(project: Project, lang: str) -> list[Any]:
    return [
        _fact("word.project", project.name, lang),
        _fact("word.organisation", project.organisation, lang),
    ]


def _howto(q: Questionnaire, lang: str, deadline: dt.date | None) -> Any:
    return_to = q.return_to.get(lang) if q.return_to else t("mail.no_return", lang)
    text = t("word.howto", lang, return_to=return_to)
    if deadline:
        text += t("word.howto_deadline", lang, deadline=form_date(deadline, lang))
    media = q.with_role("media")
    if media:
        text += t("word.howto_extra", lang, number=media[0].number)
    return para(*text_runs(text, run_props(size=19)), before=160, after=160, shade="DEEAF6")


def _hidden(ident: Identification) -> Any:
    fields = {k.removeprefix("praxis."): v for k, v in ident.as_properties().items()}
    props = run_props(vanish=True, size=2, color="FFFFFF")
    return para(*text_runs(hidden_meta_text(fields), props), after=0, size=2)


def _custom_xml(ident: Identification) -> bytes:
    root = etree.Element(f"{{{CP_NS}}}Properties", nsmap={None: CP_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(ident.as_properties().items(), start=2):
        prop = etree.SubElement(
            root, f"{{{CP_NS}}}property", {"fmtid": FMTID, "pid": str(pid), "name": name}
        )
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- document -------------------------------------------------------------------------------


def _setup(doc: Any, lang: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(18), Mm(18)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_SIZE / 2)
    normal.paragraph_format.space_after = Pt(2)
    rpr = normal.element.get_or_add_rPr()
    rpr.append(el("lang", {"val": DATE_FORMATS.get(lang, DATE_FORMATS["en"])[1]}))
    heading = doc.styles["Heading 1"]
    heading.font.name, heading.font.size = FONT, Pt(14)
    heading.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)


def _footer_runs(q: Questionnaire, project: Project, lang: str, code: str) -> list[Any]:
    text = f"{q.title.get(lang)} – {project.name} · {code_text(code, lang)} · "
    return text_runs(text, run_props(size=16, color=GREY))


def _footer(doc: Any, runs: list[Any]) -> None:
    footer = doc.sections[0].footer
    footer.paragraphs[0].text = ""
    paragraph = footer.part.element.find(w("p"))  # the first paragraph, through public names
    paragraph.extend(runs)
    simple = el("fldSimple", {"instr": " PAGE "}, *text_runs("1", run_props(size=16, color=GREY)))
    paragraph.append(simple)


def _code(ident: Identification) -> str:
    return form_code(ident.questionnaire, ident.project, ident.token)


def _identifier(ident: Identification) -> str:
    return f"{ident.questionnaire}/{ident.version}/{ident.project}"


def _properties(doc: Any, q: Questionnaire, lang: str, identifier: str, custom: bytes) -> None:
    core = doc.core_properties
    core.title = q.title.get(lang)
    core.author = core.last_modified_by = "praxis"
    core.created = core.modified = core.last_printed = FIXED_TIME
    core.revision = 1
    core.identifier = identifier
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


@dataclass
class _Varying:
    """What differs per project: the parts themselves, or holes for them (a template)."""

    facts: list[Any]
    hidden: Any
    footer: list[Any]
    identifier: str
    custom: bytes


def _document(q: Questionnaire, writer: _Writer, deadline: dt.date | None, var: _Varying) -> Any:
    """The python-docx document of the form; ``writer`` holds the prefill (or the holes)."""
    doc = Document()
    _setup(doc, writer.lang)
    writer.slots = WordLayout.of(q).by_key
    blocks = _header(q, var.facts, writer.lang, deadline)
    for section in q.sections:
        blocks += writer.section(section)
    blocks.append(var.hidden)
    body = doc.element.body
    for block in blocks:
        body.sectPr.addprevious(block)
    _footer(doc, var.footer)
    _properties(doc, q, writer.lang, var.identifier, var.custom)
    return doc


def _save(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_docx(
    q: Questionnaire,
    project: Project,
    ident: Identification,
    lang: str,
    deadline: dt.date | None = None,
    prefill: Mapping[str, Any] | None = None,
    marked: frozenset[str] = frozenset(),
) -> bytes:
    """The Word form of ``q`` for ``project`` in ``lang`` as .docx bytes (deterministic).

    Built in full: the reference for the fast path (``pipeline.speed.forms.FormBuilder``),
    which a round uses to build the same content faster. ``marked``: the questions whose
    answers were taken from the last round (marked "please check").
    """
    var = _Varying(
        facts=_project_facts(project, lang),
        hidden=_hidden(ident),
        footer=_footer_runs(q, project, lang, _code(ident)),
        identifier=_identifier(ident),
        custom=_custom_xml(ident),
    )
    doc = _document(q, _Writer(q, lang, prefill or {}, marked=marked), deadline, var)
    return fixed_zip(_save(doc))
