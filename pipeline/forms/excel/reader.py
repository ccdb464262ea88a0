"""Read a returned Excel form: identification and every answer as found, with its cell.

The very-hidden sheet ``praxis_meta`` records the form's own row -> question mapping; a form
whose mapping is missing, contradicts itself or does not fit the round's questionnaire
exactly is refused, never guessed. Rows are found by the number the form's own mapping gives
each question, in the column headed "Nr." of the main sheet, and answers below the heading
"Antwort", so columns or rows a user inserted, deleted or moved do not shift answers; option
and "other" rows are found by their labels below the question row (else by their distance
from it). The metadata sheet also supplies the identification and, as a fallback, the cells
the form was built with. A cell holding the question's own label or hint is no answer.
Nothing is validated here: select labels become choice values, yes/no words become booleans,
everything else is reported as stored (numbers as numbers, typed text as text, dates as
``datetime.date``).

The parts: :mod:`.package` (the zip read once from the bytes), :mod:`.metadata` (the
metadata sheet), :mod:`.locate` (where the answer cells are), :mod:`.layout` (the layout
model shared with the writer); this module reads the cells.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from pipeline.definition.coerce import clean_text
from pipeline.definition.questionnaire import Field, Question, Questionnaire
from pipeline.errors import FormError
from pipeline.forms.code import note_codes
from pipeline.forms.content import FormContent, FormFormat, Identification, RawAnswer, Via
from pipeline.forms.excel.layout import (
    Columns,
    ExcelLayout,
    Layout,
    Slot,
    TableSlot,
    cell_ref,
)
from pipeline.forms.excel.locate import (
    ChoiceKeys,
    choice_keys,
    grid_value,
    locate,
    main_sheet_name,
)
from pipeline.forms.excel.memo import Memo, locate_key, meta_key
from pipeline.forms.excel.meta_xml import read_meta
from pipeline.forms.excel.metadata import Meta, identification, mapping_problems
from pipeline.forms.excel.package import READ_ERRORS, Grids, Package, read_package, unreadable
from pipeline.forms.excel.widgets import read_list, widget
from pipeline.forms.excel.writer import _build_form, hint_text
from pipeline.locale.texts import LANGUAGES, t
from pipeline.problems import Problem, Severity
from pipeline.round.roster import Project

Grid = Sequence[Sequence[Any]]
_NOT_READ = object()
_MARK_FALSE = {"nein", "no", "n", "0", "false", "falsch", "☐", "-", "–"}


class ExcelFormReader:
    """Reads the Excel forms of one questionnaire; what depends only on the questionnaire (its
    layout, choice keys, the texts the form prints itself) is worked out once, here.

    Nothing changes after construction: one reader serves any number of threads at once.
    """

    def __init__(self, q: Questionnaire):
        self.q = q
        self.layout = ExcelLayout.of(q)
        self.choice_keys: ChoiceKeys = {
            question.id: choice_keys(question)
            for question in self.layout.questions
            if question.choices
        }
        self.own_texts: Mapping[str, frozenset[str]] = {
            question.id: own_texts(q, question) for question in self.layout.questions
        }
        self.printed: Mapping[str, frozenset[str]] = {
            question.id: printed_texts(q, question) for question in self.layout.questions
        }
        self.rows = tuple((q, widget(q).layout) for q in self.layout.questions)
        self.tables = tuple(q for q, rows in self.rows if rows == "table")
        fields = [f for q in self.layout.questions for f in (q, *q.columns)]
        self._reads = {id(f): widget(f).read for f in fields}
        self._labels: Memo[Any] = Memo(1024)
        self._layouts: Memo[Layout] = Memo()
        self._trust: Memo[list[str]] = Memo()

    def read(self, data: bytes, lang: str | None = None, source: str | Path = "") -> FormContent:
        """Everything found in the Excel form ``data`` (the bytes of an .xlsx file).

        Raises FormError when it is no readable .xlsx workbook or its mapping does not fit
        the questionnaire. ``lang`` is the language of the warnings (default: the form's
        own); ``source`` names the file in messages and problems.
        """
        q = self.q
        package = read_package(data, lang or q.default_language, lazy=True, source=source)
        grids = Grids(data, lang or q.default_language, source)
        try:
            return self._read(package, grids, lang, source)
        finally:
            grids.close()

    def _read(self, package: Package, grids: Grids, lang: str | None, source: str | Path):
        q = self.q
        meta = read_meta(package, grids)
        content = FormContent(Path(source) if str(source) else None, FormFormat.XLSX, None)
        lang = lang or meta.values.get("language") or q.default_language
        content.identification = identification(meta, package.properties, content, lang)
        note_codes(content, [_sheet_text(grids.get(main_sheet_name(grids, meta) or ""))])
        if content.identification is None and content.form_codes and not meta.rows:
            meta = own_meta(q, grids)  # the metadata sheet is gone: the round's own mapping
        known = content.identification or content.form_codes
        untrusted = self._mapping_problems(meta, lang) if known else []
        if untrusted:  # (a form without identification is refused for that by ingest)
            detail = "; ".join(untrusted[:3]) + ("; …" if len(untrusted) > 3 else "")
            raise FormError(t("excel.untrusted_layout", lang, detail=detail))
        key = locate_key(self.tables, grids, meta, lang)
        layout = self._layouts.get(key, lambda: locate(q, grids, meta, lang, self.choice_keys))
        cells = _Cells(grids, package, content, lang, self)
        content.problems += [_with_file(p, content) for p in layout.problems]
        for question, rows in self.rows:
            _read_question(question, layout, cells, content, rows)
        return content

    def value_of(self, f: Field, raw: Any) -> Any:
        """``field_value(f, raw)``; a list's label is read once per reader."""
        read = self._reads.get(id(f))
        if read is None:
            return field_value(f, raw)
        if read is not read_list or raw.__class__ not in (str, int):
            return read(f, raw)
        key = (id(f), raw.__class__, raw)
        value = self._labels.find(key, _NOT_READ)
        if value is _NOT_READ:
            value = read(f, raw)
            if value.__class__ in (str, int, bool):  # (never shared when mutable)
                self._labels.put(key, value)
        return value

    def _mapping_problems(self, meta: Meta, lang: str) -> list[str]:
        key = (meta_key(meta), lang)
        return self._trust.get(key, lambda: mapping_problems(self.layout, meta, lang))

    def own_texts_of(self, question: Field) -> frozenset[str]:
        """``own_texts`` of one of the questionnaire's questions (empty for anything else)."""
        return self.own_texts.get(question.id, frozenset())

    def printed_of(self, question: Field) -> frozenset[str]:
        """``printed_texts`` of one of the questionnaire's questions (empty for anything else)."""
        return self.printed.get(question.id, frozenset())


def read_xlsx(
    data: bytes,
    q: Questionnaire,
    lang: str | None = None,
    *,
    source: str | Path = "",
    reader: ExcelFormReader | None = None,
) -> FormContent:
    """Everything found in the Excel form ``data`` (the bytes of an .xlsx file) of ``q``.

    ``reader``: an :class:`ExcelFormReader` of ``q`` the caller keeps for many files (else one
    is built for this file). See :meth:`ExcelFormReader.read`.
    """
    if reader is None or reader.q is not q:
        reader = ExcelFormReader(q)
    return reader.read(data, lang, source)


def _problem(
    code: str, message: str, content: FormContent, error: bool = False, **kw: str
) -> Problem:
    severity = Severity.ERROR if error else Severity.WARNING
    return Problem(code, message, severity, file=_file(content), **kw)


def _file(content: FormContent) -> str:
    return str(content.path) if content.path is not None else ""


def _with_file(problem: Problem, content: FormContent) -> Problem:
    return Problem(
        problem.code,
        problem.message,
        problem.severity,
        file=_file(content),
        question=problem.question,
        location=problem.location,
    )


# --- reading the answers --------------------------------------------------------------------


@dataclass
class _Cells:
    """Values of cells, with a warning for formulas and error values."""

    grids: Mapping[str, Grid]
    package: Package
    content: FormContent
    lang: str
    reader: ExcelFormReader | None = None
    _sheets: dict[str, tuple[Grid | None, set, dict]] = field(default_factory=dict, repr=False)
    _grids: dict[str, Grid | None] = field(default_factory=dict, repr=False)

    def grid(self, sheet: str) -> Grid | None:
        """The values of ``sheet`` (None: no such sheet)."""
        try:
            return self._grids[sheet]
        except KeyError:
            grid = self._grids[sheet] = self.grids.get(sheet)
            return grid

    def own_text(self, question: Field | None, key: str, raw: Any, slot: Slot) -> bool:
        """Whether ``raw`` (in ``slot``) is the question's own label or hint text (warned:
        no answer)."""
        if self.reader is None or question is None or not isinstance(raw, str):
            return False
        reader = self.reader
        if not is_own_text(raw, reader.own_texts_of(question), reader.printed_of(question)):
            return False
        ref = slot.ref
        message = t("excel.own_text", self.lang, cell=ref)
        self._warn("xlsx.own_text", message, question.id, ref)
        return True

    def get(self, sheet: str, row: int, col: int, question: str) -> Any:
        found = self._sheets.get(sheet)
        if found is None:  # the formula scan first, then the values, as ever
            formulas, errors = self._odd(sheet)
            found = self._sheets[sheet] = (self.grid(sheet), formulas, errors)
        grid, formulas, errors = found
        error = errors.get((row, col)) if errors else None
        if error is not None:
            ref = cell_ref(sheet, f"{get_column_letter(col)}{row}")
            message = t("excel.error_value", self.lang, cell=ref, value=error)
            self._warn("xlsx.error_value", message, question, ref)
            return None
        value = grid_value(grid, row, col)
        if formulas and (row, col) in formulas:
            ref = cell_ref(sheet, f"{get_column_letter(col)}{row}")
            self._warn("xlsx.formula", t("excel.formula", self.lang, cell=ref), question, ref)
        return value

    def _odd(self, sheet: str) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        try:
            return self.package.odd(sheet)
        except READ_ERRORS as exc:
            raise unreadable(_file(self.content), exc, self.lang) from exc

    def _warn(self, code: str, message: str, question: str, ref: str) -> None:
        problem = _problem(code, message, self.content, question=question, location=ref)
        self.content.problems.append(problem)


def field_value(f: Field, raw: Any) -> Any:
    """A list's label -> its value (a choice, a truth value, a point); anything else unchanged."""
    return widget(f).read(f, raw)


def _value(cells: _Cells, f: Field, raw: Any) -> Any:
    """``field_value``, with the reader's widgets and list labels read before."""
    if cells.reader is None or raw is None:
        return field_value(f, raw)
    return cells.reader.value_of(f, raw)


def is_marked(raw: Any) -> bool:
    """Whether an option cell is ticked: any mark but a "no" word or 0."""
    if raw is None or raw is False:
        return False
    return clean_text(raw).casefold() not in _MARK_FALSE


def _read_question(
    question: Question, layout: Layout, cells: _Cells, content: FormContent, rows: str
) -> None:
    """Read the answer of ``question``, whose widget takes the rows ``rows`` (its layout)."""
    if rows == "table":
        table = layout.tables.get(question.id)
        if table is not None:
            _read_table(question, table, cells, content)
        return
    slots = layout.slots.get(question.id, [])
    if rows == "option":
        _read_options(question, slots, cells, content)
    elif slots:
        _read_single(question, question.id, slots[0], cells, content)
        _typed_beside(question, slots[0], layout, cells)
    for slot in layout.slots.get(question.other_id, [])[:1]:
        _read_single(None, question.other_id, slot, cells, content)


def _typed_beside(question: Question, slot: Slot, layout: Layout, cells: _Cells) -> None:
    """Warn of text typed into the question's or hint's cell instead of the answer cell (with
    the sheet protection removed): it is not stored, but never passed over without a word.
    Below the main sheet's heading the warnings are worked out once per layout (the layout's
    key holds both columns there)."""
    if slot.via != Via.ROW or cells.reader is None:
        return
    if slot.sheet != layout.main_sheet or slot.row <= layout.columns.header_row:
        found = _beside(question, slot, layout.columns, cells)
    else:
        found = layout.beside.get(question.id)
        if found is None:
            found = layout.beside[question.id] = _beside(question, slot, layout.columns, cells)
    if found:
        cells.content.problems += [_with_file(p, cells.content) for p in found]


def _beside(question: Question, slot: Slot, columns: Columns, cells: _Cells) -> list[Problem]:
    own, grid = cells.reader.own_texts_of(question), cells.grid(slot.sheet)
    printed = cells.reader.printed_of(question)
    found = []
    for col in (columns.question, columns.hint):
        raw = grid_value(grid, slot.row, col) if col else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if isinstance(raw, str) and is_own_text(raw, own, printed):
            continue
        ref = cell_ref(slot.sheet, f"{get_column_letter(col or 0)}{slot.row}")
        answer = cell_ref(slot.sheet, f"{get_column_letter(slot.col)}{slot.row}")
        value = clean_text(raw)
        message = t("excel.typed_beside", cells.lang, cell=ref, value=value, answer=answer)
        kind, where = Severity.WARNING, {"question": question.id, "location": ref}
        found.append(Problem("xlsx.typed_beside", message, kind, **where))
    return found


_QUOTES = re.compile("['\"„“”‚‘’«»]")
"""Quotation marks of any style: a form printed by an older praxis quotes with ``'...'``
(a pattern: ``str.translate`` with a table took a third of the reading time)."""


@lru_cache(maxsize=8192)
def _text_key(text: str) -> str:
    """A text compared without case, blanks, line breaks and the style of its quotation marks
    (``"a\nb."`` ~ ``"A b"``, ``'Ja'`` ~ ``„Ja“``)."""
    return " ".join(_QUOTES.sub(" ", clean_text(text).replace(".", " ")).split()).casefold()


_BEGINNING = 48
"""How many characters of a longer text are compared first (``is_own_text``)."""


def is_own_text(text: str, keys: frozenset[str], printed: frozenset[str] = frozenset()) -> bool:
    """Whether ``_text_key(text)`` is one of ``keys`` (``own_texts``); ``printed``: texts
    known to be (``printed_texts``), as the form prints them. The key of a text's first
    characters is the beginning of the text's key, so a long text (most answers) whose
    beginning starts no key is told apart without working out its whole key."""
    if not keys:
        return False
    if text in printed:
        return True
    if len(text) > _BEGINNING:
        start = _text_key(text[:_BEGINNING])
        if not any(key.startswith(start) for key in keys):
            return False
    return _text_key(text) in keys


def own_texts(q: Questionnaire, question: Field) -> frozenset[str]:
    """Keys of every text the form prints for ``question`` itself: label, hint, instructions."""
    return frozenset(key for text in _own(q, question) if text and (key := _text_key(text)))


def printed_texts(q: Questionnaire, question: Field) -> frozenset[str]:
    """The texts ``own_texts`` has the keys of, as the form prints them."""
    return frozenset(text for text in _own(q, question) if text and _text_key(text))


def _own(q: Questionnaire, question: Field) -> set[str]:
    texts: set[str] = {t("excel.other_specify", lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        texts.add(question.label.get(lang) if question.label else "")
        texts.add(question.hint.get(lang) if question.hint else "")
        if isinstance(question, Question):
            hint = hint_text(q, question, lang)
            texts.update([hint, hint.replace("\n", " "), *hint.split("\n")])
    return texts


def _read_single(
    f: Field | None, key: str, slot: Slot, cells: _Cells, content: FormContent
) -> None:
    raw = cells.get(slot.sheet, slot.row, slot.col, key)
    if raw is None:  # (no text of its own, no value)
        return
    owner = f if f is not None else _owner(cells, key)
    if cells.own_text(owner, key, raw, slot):
        return
    value = _value(cells, f, raw) if f is not None else raw
    if value is not None:
        content.answers[key] = RawAnswer(key, value, slot.ref, slot.via)


def _owner(cells: _Cells, key: str) -> Question | None:
    """The question whose "other" text ``key`` is."""
    if cells.reader is None:
        return None
    return cells.reader.layout.question_of(key)


def _read_options(question: Question, slots: list[Slot], cells: _Cells, content: FormContent):
    chosen = [
        slot.option
        for slot in slots
        if is_marked(cells.get(slot.sheet, slot.row, slot.col, question.id))
    ]
    if chosen and slots:
        location = f"{slots[0].ref}:{slots[-1].ref.split('!')[-1]}"
        via = Via.CELL if any(s.via == Via.CELL for s in slots) else Via.ROW
        content.answers[question.id] = RawAnswer(question.id, chosen, location, via)


def _read_table(question: Question, table: TableSlot, cells: _Cells, content: FormContent):
    grid = cells.grids.get(table.sheet) or ()
    rows: list[dict[str, Any]] = []
    where: dict[tuple[int, str], str] = {}
    numbers: list[int] = []
    for row in range(table.header_row + 1, len(grid) + 1):
        values = {}
        for column in question.columns:
            col = table.columns.get(column.id)
            raw = cells.get(table.sheet, row, col, question.id) if col else None
            value = _value(cells, column, raw)
            if value is not None:
                values[column.id] = value
        if values:
            rows.append(values)
            numbers.append(row - table.header_row)
            for column_id, col in table.columns.items():
                ref = f"{get_column_letter(col)}{row}"
                where[(len(rows), column_id)] = cell_ref(table.sheet, ref)
    if rows:
        location = cell_ref(table.sheet, f"A{table.header_row + 1}")
        answer = RawAnswer(question.id, rows, location, table.via, where, tuple(numbers))
        content.answers[question.id] = answer


# --- a form without its metadata sheet, identified by its visible form code ----------------


def _sheet_text(grid: Grid | None) -> str:
    """Every text of the sheet ``grid``, one cell a line (where the form code is looked for)."""
    return "\n".join([v for row in grid or () for v in row if isinstance(v, str)])


def own_meta(q: Questionnaire, grids: Mapping[str, Grid]) -> Meta:
    """The metadata a blank form of ``q`` has, in the language its main sheet is named in:
    the mapping for a form whose metadata sheet a program dropped (rows are found by their
    numbers, options by their labels, as in any form)."""
    names = {t("excel.sheet_main", lang): lang for lang in LANGUAGES}
    lang = next((names[name] for name in grids if name in names), q.default_language)
    form = _build_form(q, Project("", "", "", ""), Identification("", "", "", ""), lang, None, {})
    return Meta({"main_sheet": form.ws.title}, list(form.meta))
