"""Read a returned Word form: identification and every answer, with where it was found.

Each answer is looked up by the content control's tag, then the bookmark around it, then the
control's alias (title), finally by the table row showing the question's number. LibreOffice
7.4 drops every tag on save (bookmarks survive), so the bookmark fallback is normal for files
saved there and reported once per file; the other fallbacks are reported per question.
Placeholder text reads as no answer. Answers are not validated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.definition.question_types import WidgetKind, kind_of, widget_for
from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.errors import FormError
from pipeline.forms.code import note_codes
from pipeline.forms.content import FormContent, FormFormat, RawAnswer, Via
from pipeline.forms.word.layout import WordLayout
from pipeline.forms.word.locate import W_BOOKMARK_START, W_NAME, W_TAG, Index
from pipeline.forms.word.metadata import check_mapping, identify
from pipeline.forms.word.widgets import (
    cell_value,
    clean,
    dropdown_value,
    row_table_cells,
    widget,
)
from pipeline.forms.word.xml import (
    PRIVATE_USE,
    TICK_GLYPHS,
    W_SDT_CONTENT,
    W_SDT_PR,
    W_TBL,
    W_TC,
    W_TR,
    W_VAL,
    Slot,
    custom_properties,
    node_text,
    open_zip,
    read_part,
    w,
    w14,
)
from pipeline.locale.texts import t
from pipeline.problems import Problem, Severity

DOCUMENT = "word/document.xml"
VIA_ORDER = (Via.TAG, Via.BOOKMARK, Via.ALIAS, Via.ROW)


# --- values of one control -----------------------------------------------------------------


def _content_text(sdt: Any) -> str:
    content = sdt.find(W_SDT_CONTENT)
    return node_text(content) if content is not None else ""


_CHECKED_PATH = f"{W_SDT_PR}/{w14('checkbox')}/{w14('checked')}"
W14_CHECKED = w14("checked")
W14_VAL = w14("val")
_DATE_PATH = f"{W_SDT_PR}/{w('date')}"
W_FULL_DATE = w("fullDate")


def _is_checked(sdt: Any | None, text: str) -> bool:
    if any(glyph in text for glyph in TICK_GLYPHS):
        return True
    if sdt is None:
        return False
    state = sdt.find(_CHECKED_PATH)
    if state is None:
        state = next(sdt.iter(W14_CHECKED), None)
    return state is not None and state.get(W14_VAL, "") in ("1", "true")


def _full_date(sdt: Any | None) -> str | None:
    if sdt is None:
        return None
    date = sdt.find(_DATE_PATH)
    full = date.get(W_FULL_DATE) if date is not None else None
    return full[:10] if full else None


def slot_value(slot: Slot, sdt: Any | None, text: str) -> Any:
    """The raw value of one slot from its control (may be None) and its shown text."""
    if slot.kind == "check":
        return _is_checked(sdt, text)
    if slot.kind == "date":
        return _full_date(sdt) or clean(text)
    if slot.kind == "dropdown":
        return dropdown_value(slot.question, clean(text))
    if slot.column is not None:
        return cell_value(slot.column, clean(text))
    return clean(text)


@dataclass(frozen=True)
class Found:
    value: Any
    via: Via
    where: str
    node: Any = None


# --- the reader ----------------------------------------------------------------------------


class _Reader:
    """Reads the answers of one file (``layout``: the questionnaire's, shared, read only)."""

    def __init__(self, layout: WordLayout, index: Index, content: FormContent, lang: str):
        self.layout = layout
        self.index = index
        self.content = content
        self.lang = lang
        self.bookmark_uses = 0
        self.symbols: set[str] = set()  # the questions warned of a symbol read as is

    @property
    def form_lang(self) -> str:
        """The form's language (its controls' titles are in it)."""
        ident = self.content.identification
        return ident.language if ident is not None else self.lang

    def find(self, slot: Slot) -> Found | None:
        sdt = self.index.by_tag.get(slot.key)
        if sdt is not None:
            return self.found(slot, sdt, _content_text(sdt), Via.TAG, slot.key)
        mark = self.index.marks.get(slot.bookmark)
        if mark is not None:
            return self.found(slot, mark.sdt, mark.text, Via.BOOKMARK, slot.bookmark)
        aliases = [slot.alias, slot.title(self.form_lang)]  # old forms: the tag; now a title
        sdt = next((self.index.by_alias[a] for a in aliases if a in self.index.by_alias), None)
        if sdt is not None:
            return self.found(slot, sdt, _content_text(sdt), Via.ALIAS, slot.key)
        return None

    def found(self, slot: Slot, sdt: Any, text: str, via: Via, where: str) -> Found:
        symbol = PRIVATE_USE.search(text)
        if symbol is not None and slot.question.id not in self.symbols:
            self.symbols.add(slot.question.id)
            code = f"U+{ord(symbol.group()):04X}"
            number = slot.question.number
            message = t("word.symbol_unread", self.lang, number=number, char=code)
            self.warn("form-symbol", slot.question, where, message)
        return Found(slot_value(slot, sdt, text), via, where, sdt)

    def find_all(self, question: Question) -> list[tuple[Slot, Found]] | None:
        """Every slot of the question found by control or bookmark, else None."""
        found = []
        for slot in self.layout.by_question.get(question.id, ()):
            hit = self.find(slot)
            if hit is None:
                return None
            found.append((slot, hit))
        return found

    def read(self, question: Question) -> None:
        hits = self.find_all(question)
        if hits is None or _rows_added(question, hits):
            self.read_row(question)
            return
        main = [(s, h) for s, h in hits if s.kind != "other"]
        value = assemble(question, [(s, h.value) for s, h in main])
        via = max((h.via for _, h in main), key=VIA_ORDER.index, default=Via.TAG)
        where = main[0][1].where if len(main) == 1 else question.id
        self.add(question, question.id, value, via, where)
        if _is_table(question) and question.id in self.content.answers:
            self.place_cells(question, [(s.row, s.column.id, h) for s, h in main if s.column])
        for slot, hit in hits:
            if slot.kind == "other":
                self.add(question, slot.key, hit.value, hit.via, hit.where)

    def holds_others(self, row: Any, question: Question) -> bool:
        """Whether the row numbered like ``question`` holds another question's controls.

        Then the form numbers its questions differently from the round's definition: its row
        is not read by position (the question is "not found" rather than read wrongly).
        """
        own = {slot.key for slot in self.layout.by_question.get(question.id, ())}
        tags = {node.get(W_VAL, "") for node in row.iter(W_TAG)}
        if tags - own:
            return True
        marks = {node.get(W_NAME, "") for node in row.iter(W_BOOKMARK_START)}
        named = self.layout.bookmarks_of(question)
        return bool({m for m in marks if not m.startswith("_")} - named)

    def place_cells(self, question: Question, cells: list[tuple[int, str, Found]]) -> None:
        """Give the table answer each cell's place and each row's shown number."""
        answer = self.content.answers[question.id]
        numbers = sorted({n for n, _, hit in cells if hit.value is not None})
        where = {}
        for n, column, hit in cells:
            place = self.index.place(hit.node) if hit.node is not None else ""
            if n in numbers and place:
                where[(numbers.index(n) + 1, column)] = place
        self.content.answers[question.id] = replace(answer, cells=where, row_numbers=tuple(numbers))

    def read_row(self, question: Question) -> None:
        row = self.index.rows.get(question.number)
        if row is None or self.holds_others(row, question):
            return
        where = f"table row {question.number}"
        for key, value in row_answers(question, row).items():
            self.add(question, key, value, Via.ROW, where)
        if _is_table(question) and question.id in self.content.answers:
            cells = [
                (n, column, Found(text, Via.ROW, where, node))
                for n, column, text, node in row_table_cells(question, row.findall(W_TC)[-1])
            ]
            self.place_cells(question, cells)

    def add(self, question: Question, key: str, value: Any, via: Via, where: str) -> None:
        if value is None or value == [] or value == "":
            return
        location = {"row": where, "bookmark": f"bookmark '{where}'"}.get(
            via, f"content control '{where}'"
        )
        self.content.answers[key] = RawAnswer(key, value, location, via)
        if via == Via.BOOKMARK:
            self.bookmark_uses += 1
        elif via != Via.TAG:
            self.warn_fallback(question, key, via, location)
        several = _one_option(question) and isinstance(value, list)
        if key == question.id and several:
            self.warn(
                "form-several-ticked",
                question,
                location,
                t("word.several_ticked", self.lang, number=question.number, count=len(value)),
            )

    def warn_fallback(self, question: Question, key: str, via: Via, location: str) -> None:
        if key != question.id and via == Via.ROW:
            return  # one warning per question is enough
        via_text = t(f"word.via.{via}", self.lang)
        self.warn(
            "form-fallback",
            question,
            location,
            t("word.fallback", self.lang, number=question.number, via=via_text),
        )

    def warn(self, code: str, question: Question | None, location: str, message: str) -> None:
        self.content.problems.append(
            Problem(
                code=code,
                message=message,
                severity=Severity.WARNING,
                file=str(self.content.path or ""),
                question=question.id if question else "",
                location=location,
            )
        )

    def summary(self) -> None:
        if self.bookmark_uses:
            message = t("word.fallback_bookmarks", self.lang, count=self.bookmark_uses)
            self.warn("form-fallback", None, "", message)


# --- assembling answers --------------------------------------------------------------------


def _is_table(question: Question) -> bool:
    return widget_for(question, "word") is WidgetKind.TABLE


def _one_option(question: Question) -> bool:
    """Whether the question's checkboxes take one tick (a single choice, yes/no, a scale)."""
    boxes = widget_for(question, "word") in (WidgetKind.CHECKBOXES, WidgetKind.CHECKBOX_ROW)
    return boxes and not kind_of(question).many


def _rows_added(question: Question, hits: list[tuple[Slot, Found]]) -> bool:
    """Whether a person added rows to a table question's table (in Word: a copied row carries
    the content controls, and tags, of the row it copies): then its rows are read by position,
    every row, and the row limit is checked on all of them."""
    if not _is_table(question):
        return False
    node = next((h.node for s, h in hits if s.column is not None and h.node is not None), None)
    table = next(node.iterancestors(W_TBL), None) if node is not None else None
    formed = max((s.row for s, _ in hits if s.column is not None), default=0)
    return table is not None and len(table.findall(W_TR)) - 1 > formed


def assemble(question: Question, values: list[tuple[Slot, Any]]) -> Any:
    """The question's raw answer from the values of its slots (no "other" text)."""
    return widget(question).read(question, values)


def row_answers(question: Question, row: Any) -> dict[str, Any]:
    """Answers read from the question's table row (its answer cell is the last one)."""
    return widget(question).read_row(question, row.findall(W_TC)[-1])


def _margin_parts(zf: Any) -> list[str]:
    """The footer and header parts (``word/footer1.xml``, ...), where the form code stands."""
    return sorted(n for n in zf.namelist() if re.fullmatch(r"word/(footer|header)\d*\.xml", n))


class WordFormReader:
    """Reads the Word forms of one questionnaire; its :class:`WordLayout` (every slot with its
    tag and bookmark) is worked out once, here.

    Nothing changes after construction: one reader serves any number of threads at once.
    """

    def __init__(self, q: Questionnaire):
        self.q = q
        self.layout = WordLayout.of(q)

    def read(self, data: bytes, lang: str = "en", source: str | Path = "") -> FormContent:
        """Everything in the returned Word form ``data`` (the bytes of a .docx file):
        identification, raw answers, warnings.

        Raises FormError when it is no readable .docx (damaged zip, bad XML, a part over
        50 MB unpacked) or its controls belong to another questionnaire. ``lang`` is the
        language of the warnings; ``source`` names the file in messages and problems.
        """
        with open_zip(data, lang, source) as zf:
            root = read_part(zf, DOCUMENT, source, lang)
            if root is None:
                name = Path(source).name if str(source) else ""
                missing = t("library.missing_part", lang, name=DOCUMENT)
                raise FormError(t("word.not_docx", lang, file=name, detail=missing))
            props = custom_properties(read_part(zf, "docProps/custom.xml", source, lang))
            margins = [read_part(zf, name, source, lang) for name in _margin_parts(zf)]
        content = FormContent(Path(source) if str(source) else None, FormFormat.DOCX, None)
        content.identification = identify(root, props, content)
        note_codes(content, [node_text(part) for part in [*margins, root] if part is not None])
        index = Index(root)
        if content.identification is not None or content.form_codes:
            check_mapping(self.layout, index, lang)
        reader = _Reader(self.layout, index, content, lang)
        if content.identification is None:
            message = t("word.no_identification", lang)
            file = str(source) if str(source) else ""
            content.problems.append(Problem("form-unidentified", message, file=file))
        for question in self.layout.questions:
            reader.read(question)
        reader.summary()
        return content


def read_docx(
    data: bytes,
    q: Questionnaire,
    lang: str = "en",
    *,
    source: str | Path = "",
    reader: WordFormReader | None = None,
) -> FormContent:
    """Everything in the returned Word form ``data`` (the bytes of a .docx file) of ``q``.

    ``reader``: a :class:`WordFormReader` of ``q`` the caller keeps for many files (else one
    is built for this file). See :meth:`WordFormReader.read`.
    """
    if reader is None or reader.q is not q:
        reader = WordFormReader(q)
    return reader.read(data, lang, source)
