"""Read a returned Word form: identification and every answer, with where it was found.

Each answer is looked up by the content control's tag, then the bookmark around it, then the
control's alias (title), finally by the table row showing the question's number. LibreOffice
7.4 drops every tag on save (bookmarks survive), so the bookmark fallback is normal for files
saved there and reported once per file; the other fallbacks are reported per question.
Placeholder text reads as no answer. Answers are not validated here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from lxml import etree

from pipeline.definition.coerce import choice_value
from pipeline.definition.questionnaire import OTHER, Question, Questionnaire
from pipeline.errors import FormError
from pipeline.forms.content import (
    ID_FIELDS,
    PROPERTY_PREFIX,
    FormContent,
    Identification,
    RawAnswer,
)
from pipeline.forms.word.xml import (
    NSMAP,
    TICK_GLYPHS,
    W_BODY,
    W_BR,
    W_CR,
    W_P,
    W_SDT,
    W_SDT_CONTENT,
    W_SDT_PR,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TR,
    W_VAL,
    YES_NO,
    Slot,
    custom_properties,
    form_slots,
    node_text,
    open_zip,
    option_values,
    parse_hidden_meta,
    read_part,
    slot_keys,
    w,
    w14,
)
from pipeline.locale.texts import LANGUAGES, t
from pipeline.problems import Problem, Severity

DOCUMENT = "word/document.xml"
W_BOOKMARK_START = w("bookmarkStart")
W_BOOKMARK_END = w("bookmarkEnd")
W_NAME = w("name")
W_TAG = w("tag")
W_ID = w("id")
VIA_ORDER = ("tag", "bookmark", "alias", "row")
_PLACEHOLDER_KEYS = (
    "word.placeholder",
    "word.placeholder_cell",
    "word.placeholder_date",
    "word.choose",
    "word.date_format",
)
PLACEHOLDERS = frozenset(
    [t(key, lang) for key in _PLACEHOLDER_KEYS for lang in LANGUAGES]
    + [
        "Click or tap here to enter text.",
        "Choose an item.",
        "Click or tap to enter a date.",
        "Klicken oder tippen Sie hier, um Text einzugeben.",
        "Wählen Sie ein Element aus.",
    ]
)
OTHER_LABELS = frozenset(t("word.other", lang).rstrip(":").casefold() for lang in LANGUAGES)


def clean(text: str | None) -> str | None:
    """The text without placeholder text and surrounding blanks; None when nothing is left."""
    if text is None:
        return None
    lines = [line for line in text.split("\n") if line.strip() not in PLACEHOLDERS]
    cleaned = "\n".join(lines).strip()
    return cleaned or None


# --- indexing the document -----------------------------------------------------------------


@dataclass
class Mark:
    """What lies inside one bookmark: its text and the content control it belongs to."""

    parts: list[str] = field(default_factory=list)
    sdt: Any = None

    @property
    def text(self) -> str:
        return "".join(self.parts).strip("\n")


def _ancestor_sdt(node: Any) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != W_SDT:
        if parent.tag in (W_P, W_TC):
            return None
        parent = parent.getparent()
    return parent


_PIECES = {W_P: "\n", W_BR: "\n", W_CR: "\n", W_TAB: "\t"}
_WALKED = (W_BOOKMARK_START, W_BOOKMARK_END, W_SDT, W_T, *_PIECES)


class _Walker:
    """One pass over the body collecting the text and control inside every bookmark.

    Only the elements that matter are visited (lxml filters the tags in C).
    """

    def __init__(self) -> None:
        self.marks: dict[str, Mark] = {}
        self.active: dict[str, Mark] = {}

    def walk(self, root: Any) -> dict[str, Mark]:
        for node in root.iter(*_WALKED):
            self.visit(node)
        return self.marks

    def visit(self, node: Any) -> None:
        tag = node.tag
        if tag == W_BOOKMARK_START:
            mark = Mark(sdt=_ancestor_sdt(node))
            self.marks.setdefault(node.get(W_NAME, ""), mark)
            self.active[node.get(W_ID, "")] = mark
        elif tag == W_BOOKMARK_END:
            self.active.pop(node.get(W_ID, ""), None)
        elif self.active:
            self.collect(node)

    def collect(self, node: Any) -> None:
        tag = node.tag
        if tag == W_SDT:
            for mark in self.active.values():
                if mark.sdt is None:
                    mark.sdt = node
            return
        piece = (node.text or "") if tag == W_T else _PIECES.get(tag)
        if piece is not None:
            for mark in self.active.values():
                mark.parts.append(piece)


# the first w:tag / w:alias of every control's properties, in document order
_FIRST_TAGS = etree.XPath("//w:sdtPr/w:tag[1]", namespaces=NSMAP)
_FIRST_ALIASES = etree.XPath("//w:sdtPr/w:alias[1]", namespaces=NSMAP)


class _Index:
    """Controls by tag and alias; bookmarks and numbered table rows only when asked for."""

    def __init__(self, root: Any):
        self.root = root
        self.by_tag: dict[str, Any] = {}
        self.by_alias: dict[str, Any] = {}
        for find, target in ((_FIRST_TAGS, self.by_tag), (_FIRST_ALIASES, self.by_alias)):
            for node in find(root):
                target.setdefault(node.get(W_VAL, ""), node.getparent().getparent())

    @cached_property
    def marks(self) -> dict[str, Mark]:
        return _Walker().walk(self.root)

    @cached_property
    def rows(self) -> dict[str, Any]:
        return _numbered_rows(self.root)

    @cached_property
    def tables(self) -> dict[Any, int]:
        """Every table of the document (nested ones too) by its number in document order."""
        return {table: n for n, table in enumerate(self.root.iter(W_TBL), start=1)}

    def place(self, node: Any) -> str:
        """``table 7, row 3, column 2``: where ``node`` sits, as a person counts tables."""
        found: dict[str, Any] = {}
        parent = node
        while parent is not None and W_TBL not in found:
            if parent.tag in (W_TC, W_TR, W_TBL):
                found.setdefault(parent.tag, parent)
            parent = parent.getparent()
        table, row, cell = found.get(W_TBL), found.get(W_TR), found.get(W_TC)
        if table is None or row is None or cell is None:
            return ""
        rows = list(table.iterchildren(W_TR))
        cells = list(row.iterchildren(W_TC))
        number = self.tables.get(table, 0)
        return f"table {number}, row {rows.index(row) + 1}, column {cells.index(cell) + 1}"


def _numbered_rows(root: Any) -> dict[str, Any]:
    """``{question number: table row}`` of the top-level tables."""
    body = root.find(W_BODY)
    rows: dict[str, Any] = {}
    for table in body.iterchildren(W_TBL) if body is not None else ():
        for row in table.iterchildren(W_TR):
            cells = row.findall(W_TC)
            if cells:
                rows.setdefault(node_text(cells[0]).strip(), row)
    return rows


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


def dropdown_value(q: Question, text: str | None) -> str | None:
    """The choice value for a shown label or value (the text itself if none matches)."""
    if text is None:
        return None
    if text.rstrip(":").casefold() in OTHER_LABELS:
        return OTHER
    return choice_value(q, text) or text


def slot_value(slot: Slot, sdt: Any | None, text: str) -> Any:
    """The raw value of one slot from its control (may be None) and its shown text."""
    if slot.kind == "check":
        return _is_checked(sdt, text)
    if slot.kind == "date":
        return _full_date(sdt) or clean(text)
    if slot.kind == "dropdown":
        return dropdown_value(slot.question, clean(text))
    return clean(text)


@dataclass(frozen=True)
class Found:
    value: Any
    via: str
    where: str
    node: Any = None


# --- the reader ----------------------------------------------------------------------------


class _Reader:
    def __init__(self, q: Questionnaire, index: _Index, content: FormContent, lang: str):
        self.q = q
        self.index = index
        self.content = content
        self.lang = lang
        self.bookmark_uses = 0
        # slots without bookmark names: those are only worked out when a tag is missing
        self.slots = _slots_by_question(q)

    @cached_property
    def named(self) -> dict[tuple[str, str], Slot]:
        """Every slot with its bookmark name, by question id and tag."""
        named: dict[tuple[str, str], Slot] = {}
        for slot in form_slots(self.q):
            named.setdefault((slot.question.id, slot.key), slot)
        return named

    def find(self, slot: Slot) -> Found | None:
        sdt = self.index.by_tag.get(slot.key)
        if sdt is not None:
            return Found(slot_value(slot, sdt, _content_text(sdt)), "tag", slot.key, sdt)
        slot = self.named.get((slot.question.id, slot.key), slot)
        mark = self.index.marks.get(slot.bookmark)
        if mark is not None:
            value = slot_value(slot, mark.sdt, mark.text)
            return Found(value, "bookmark", slot.bookmark, mark.sdt)
        sdt = self.index.by_alias.get(slot.alias) if slot.alias else None
        if sdt is not None:
            return Found(slot_value(slot, sdt, _content_text(sdt)), "alias", slot.key, sdt)
        return None

    def find_all(self, question: Question) -> list[tuple[Slot, Found]] | None:
        """Every slot of the question found by control or bookmark, else None."""
        found = []
        for slot in self.slots.get(question.id, []):
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
        via = max((h.via for _, h in main), key=VIA_ORDER.index, default="tag")
        where = main[0][1].where if len(main) == 1 else question.id
        self.add(question, question.id, value, via, where)
        if question.type == "table" and question.id in self.content.answers:
            self.place_cells(question, [(s.row, s.column.id, h) for s, h in main if s.column])
        for slot, hit in hits:
            if slot.kind == "other":
                self.add(question, slot.key, hit.value, hit.via, hit.where)

    def holds_others(self, row: Any, question: Question) -> bool:
        """Whether the row numbered like ``question`` holds another question's controls.

        Then the form numbers its questions differently from the round's definition: its row
        is not read by position (the question is "not found" rather than read wrongly).
        """
        own = {slot.key for slot in self.slots.get(question.id, [])}
        tags = {node.get(W_VAL, "") for node in row.iter(W_TAG)}
        if tags - own:
            return True
        marks = {node.get(W_NAME, "") for node in row.iter(W_BOOKMARK_START)}
        named = {s.bookmark for (qid, _), s in self.named.items() if qid == question.id}
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
            self.add(question, key, value, "row", where)
        if question.type == "table" and question.id in self.content.answers:
            cells = [
                (n, column, Found(text, "row", where, node))
                for n, column, text, node in _row_table_cells(question, row.findall(W_TC)[-1])
            ]
            self.place_cells(question, cells)

    def add(self, question: Question, key: str, value: Any, via: str, where: str) -> None:
        if value is None or value == [] or value == "":
            return
        location = {"row": where, "bookmark": f"bookmark '{where}'"}.get(
            via, f"content control '{where}'"
        )
        self.content.answers[key] = RawAnswer(key, value, location, via)
        if via == "bookmark":
            self.bookmark_uses += 1
        elif via != "tag":
            self.warn_fallback(question, key, via, location)
        several = question.type in ("select_one", "yes_no") and isinstance(value, list)
        if key == question.id and several:
            self.warn(
                "form-several-ticked",
                question,
                location,
                t("word.several_ticked", self.lang, number=question.number, count=len(value)),
            )

    def warn_fallback(self, question: Question, key: str, via: str, location: str) -> None:
        if key != question.id and via == "row":
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
                file=str(self.content.path),
                question=question.id if question else "",
                location=location,
            )
        )

    def summary(self) -> None:
        if self.bookmark_uses:
            message = t("word.fallback_bookmarks", self.lang, count=self.bookmark_uses)
            self.warn("form-fallback", None, "", message)


# --- assembling answers --------------------------------------------------------------------


def _choice_answer(question: Question, ticked: list[str]) -> Any:
    values: list[Any] = ticked
    if question.type == "yes_no":
        values = [flag for name, flag in YES_NO if name in ticked]
    if question.type == "select_multiple" or len(values) != 1:
        return values or None
    return values[0]


def _rows_added(question: Question, hits: list[tuple[Slot, Found]]) -> bool:
    """Whether a person added rows to a table question's table (in Word: a copied row carries
    the content controls, and tags, of the row it copies): then its rows are read by position,
    every row, and the row limit is checked on all of them."""
    if question.type != "table":
        return False
    node = next((h.node for s, h in hits if s.column is not None and h.node is not None), None)
    table = next(node.iterancestors(W_TBL), None) if node is not None else None
    formed = max((s.row for s, _ in hits if s.column is not None), default=0)
    return table is not None and len(table.findall(W_TR)) - 1 > formed


def _table_answer(question: Question, cells: Iterator[tuple[int, str, Any]]) -> Any:
    rows: dict[int, dict[str, Any]] = {}
    for number, column, value in cells:
        if value is not None:
            rows.setdefault(number, {})[column] = value
    return [rows[n] for n in sorted(rows)] or None


def assemble(question: Question, values: list[tuple[Slot, Any]]) -> Any:
    """The question's raw answer from the values of its slots (no "other" text)."""
    if question.type == "table":
        cells = ((s.row, s.column.id, v) for s, v in values if s.column is not None)
        return _table_answer(question, cells)
    if values and values[0][0].kind == "check":
        return _choice_answer(question, [s.option for s, v in values if v and s.option])
    return values[0][1] if values else None


# --- the table-row fallback ----------------------------------------------------------------


def _nested_rows(cell: Any) -> list[list[Any]]:
    table = cell.find(f".//{w('tbl')}")
    return [row.findall(W_TC) for row in table.iter(W_TR)] if table is not None else []


def _row_choices(question: Question, cell: Any) -> dict[str, Any]:
    options = option_values(question)
    labels = {_option_label(question, o, lang).casefold(): o for o in options for lang in LANGUAGES}
    ticked, other, position = [], None, 0
    for cells in _nested_rows(cell):
        if len(cells) == 1:
            other = clean(node_text(cells[0]))
            continue
        for box, label in zip(cells[::2], cells[1::2], strict=False):
            option = labels.get(node_text(label).strip().casefold())
            option = option or (options[position] if position < len(options) else None)
            position += 1
            if option and _is_checked(None, node_text(box)):
                ticked.append(option)
    answers = {question.id: _choice_answer(question, ticked)}
    if question.other:
        answers[question.other_id] = other
    return answers


def _option_label(question: Question, option: str, lang: str) -> str:
    if question.type == "yes_no":
        return t("form.yes" if option == "yes" else "form.no", lang)
    choice = question.choice(option)
    return choice.label.get(lang) if choice else t("word.other", lang)


def _row_table_cells(question: Question, cell: Any) -> list[tuple[int, str, Any, Any]]:
    """(row number, column id, text, table cell) of every cell of a table question's rows."""
    rows = _nested_rows(cell)[1:]
    cells = []
    for number, row in enumerate(rows, start=1):
        texts = row[-len(question.columns) :] if question.columns else []
        for column, text_cell in zip(question.columns, texts, strict=False):
            cells.append((number, column.id, clean(node_text(text_cell)), text_cell))
    return cells


def _row_table(question: Question, cell: Any) -> dict[str, Any]:
    cells = ((n, column, text) for n, column, text, _ in _row_table_cells(question, cell))
    return {question.id: _table_answer(question, cells)}


def row_answers(question: Question, row: Any) -> dict[str, Any]:
    """Answers read from the question's table row (its answer cell is the last one)."""
    cell = row.findall(W_TC)[-1]
    slots = [s.kind for s in form_slots_of(question)]
    if "check" in slots:
        return _row_choices(question, cell)
    if question.type == "table":
        return _row_table(question, cell)
    paragraphs = [node_text(p) for p in cell.findall(W_P)]
    if "dropdown" in slots:
        answers = {question.id: dropdown_value(question, clean(paragraphs[0]))}
        if question.other and len(paragraphs) > 1:
            answers[question.other_id] = clean("\n".join(paragraphs[2:]))
        return answers
    return {question.id: clean("\n".join(paragraphs))}


_SLOTS: list[tuple[Questionnaire, dict[str, list[Slot]]]] = []
"""The slots of the last questionnaire read against (worked out once, not once a file)."""


def _slots_by_question(q: Questionnaire) -> dict[str, list[Slot]]:
    """``{question id: form_slots_of(question)}`` of ``q`` (read only)."""
    if not _SLOTS or _SLOTS[0][0] is not q:
        _SLOTS[:] = [(q, {question.id: form_slots_of(question) for question in q.answerable()})]
    return _SLOTS[0][1]


_KNOWN: list[tuple[Questionnaire, frozenset[str]]] = []


def _known_keys(q: Questionnaire) -> frozenset[str]:
    """The tag of every control a form of ``q`` has (once per questionnaire)."""
    if not _KNOWN or _KNOWN[0][0] is not q:
        keys = frozenset(key for question in q.answerable() for key, _, _ in slot_keys(question))
        _KNOWN[:] = [(q, keys)]
    return _KNOWN[0][1]


def form_slots_of(question: Question) -> list[Slot]:
    """The slots of one question (without bookmark names)."""
    return [Slot(k, question, kind, "", **extra) for k, kind, extra in slot_keys(question)]


# --- identification and entry point ----------------------------------------------------------


def _hidden_metas(root: Any) -> list[dict[str, str]]:
    """The identification of every hidden ``praxis:`` paragraph (a pasted form brings its own)."""
    found = []
    for node in root.iter(W_T):
        if node.text and "praxis:" in node.text:
            paragraph = node.getparent()
            while paragraph is not None and paragraph.tag != W_P:
                paragraph = paragraph.getparent()
            meta = parse_hidden_meta(node_text(paragraph if paragraph is not None else node))
            if any(PROPERTY_PREFIX + name in meta for name in ID_FIELDS) and meta not in found:
                found.append(meta)
    return found


def identify(
    root: Any, props: dict[str, str], content: FormContent | None = None
) -> Identification | None:
    """The identification from custom properties, else from the hidden paragraph; every
    source is noted in ``content.id_sources`` (ingest refuses a form whose sources differ)."""
    hidden = _hidden_metas(root)
    if content is not None:
        content.id_sources["properties"] = {k: v for k, v in props.items()}
        for i, meta in enumerate(hidden):
            content.id_sources["paragraph" if i == 0 else f"paragraph-{i + 1}"] = meta
    return Identification.from_properties(props) or Identification.from_properties(
        hidden[0] if hidden else {}
    )


def _check_mapping(q: Questionnaire, index: _Index, lang: str) -> None:
    """Refuse a form whose controls (or, without tags, bookmarks) name answers ``q`` lacks.

    Such a form was made from another definition: reading it against ``q`` would put answers
    under the wrong question or drop them without a word.
    """
    known = _known_keys(q)
    unknown = sorted(tag for tag in index.by_tag if tag and tag not in known)
    if not index.by_tag:  # LibreOffice dropped every tag: the bookmarks name the answers
        names = {slot.bookmark for slot in form_slots(q)}
        marks = [name for name, mark in index.marks.items() if mark.sdt is not None]
        unknown = sorted(m for m in marks if m and not m.startswith("_") and m not in names)
    if unknown:
        shown = ", ".join(f"'{name}'" for name in unknown[:5]) + (", …" if len(unknown) > 5 else "")
        raise FormError(t("word.untrusted_layout", lang, names=shown))


def read_docx(path: Path, q: Questionnaire, lang: str = "en") -> FormContent:
    """Everything in the returned Word form ``path``: identification, raw answers, warnings.

    Raises FormError when the file is no readable .docx (damaged zip, bad XML, a part over
    50 MB unpacked). ``lang`` is the language of the warnings.
    """
    path = Path(path)
    with open_zip(path, lang) as zf:
        root = read_part(zf, DOCUMENT, path, lang)
        if root is None:
            missing = t("library.missing_part", lang, name=DOCUMENT)
            raise FormError(t("word.not_docx", lang, file=path.name, detail=missing))
        props = custom_properties(read_part(zf, "docProps/custom.xml", path, lang))
    content = FormContent(path, "docx", None)
    content.identification = identify(root, props, content)
    index = _Index(root)
    if content.identification is not None:
        _check_mapping(q, index, lang)
    reader = _Reader(q, index, content, lang)
    if content.identification is None:
        message = t("word.no_identification", lang)
        content.problems.append(Problem("form-unidentified", message, file=str(path)))
    for question in q.answerable():
        reader.read(question)
    reader.summary()
    return content
