"""Where a returned Excel form has its answers: rows found by the question number the form's
own mapping gives each question, in the column headed "Nr.", answers below "Antwort", option
and "other" rows by their labels below the question row (else by their distance from it), a
table question's sheet by its header labels; the cells the form was built with as a fallback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.definition.coerce import choice_key, choice_value, clean_text
from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire
from pipeline.forms.content import Via
from pipeline.forms.excel.layout import (
    COL_ANSWER,
    COL_QUESTION,
    META_SHEET,
    Columns,
    Layout,
    MetaRow,
    Slot,
    TableSlot,
)
from pipeline.forms.excel.metadata import Meta, form_number
from pipeline.forms.excel.package import cell_position
from pipeline.forms.excel.widgets import widget
from pipeline.locale.texts import LANGUAGES, t
from pipeline.problems import Problem, Severity

Grid = Sequence[Sequence[Any]]
ChoiceKeys = Mapping[str, Mapping[str, str]]
"""{question id: ``choice_keys`` of the question}, worked out once per questionnaire."""
TABLE_HEADER_ROWS = 30
"""How far down its sheet a table question's header row is looked for."""


def grid_value(grid: Grid | None, row: int, col: int) -> Any:
    """The value at 1-based (row, col), None for empty or outside the sheet."""
    if grid is None or row < 1 or col < 1 or row > len(grid):
        return None
    cells = grid[row - 1]
    if col > len(cells):
        return None
    value = cells[col - 1]
    if value.__class__ is str:  # most cells: the quick way to normal_value's answer
        return value if value.strip() else None
    return normal_value(value)


def normal_value(value: Any) -> Any:
    """'' and blanks -> None; whole floats -> int; datetimes -> date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _label(value: Any) -> str:
    return "" if value is None else clean_text(value).split("\n")[0].strip().casefold()


def _not_in_form(question: Question, layout: Layout, lang: str) -> None:
    message = t("excel.not_in_form", lang, number=question.number)
    problem = Problem("xlsx.not_in_form", message, Severity.WARNING, question=question.id)
    layout.problems.append(problem)


_HEADS = {
    "number": "excel.col_number",
    "question": "excel.col_question",
    "hint": "excel.col_hint",
    "answer": "excel.col_answer",
}


@lru_cache(maxsize=1)
def _head_names() -> Mapping[str, str]:
    """{heading text, casefolded: its column's role}, in every language."""
    return {t(key, lang).casefold(): role for role, key in _HEADS.items() for lang in LANGUAGES}


def find_columns(grid: Grid | None) -> Columns | None:
    """The heading row (Nr. / Frage / Hinweis / Antwort) wherever columns or rows moved it."""
    names = _head_names()
    for index, row in enumerate(grid or (), start=1):
        found: dict[str, int] = {}
        for col, value in enumerate(row, start=1):
            role = names.get(value.strip().casefold()) if isinstance(value, str) else None
            if role is not None:
                found.setdefault(role, col)
        if "number" in found and "answer" in found:
            question, hint = found.get("question"), found.get("hint")
            return Columns(found["number"], question, hint, found["answer"], index)
    return None


def main_sheet_name(grids: Mapping[str, Grid], meta: Meta) -> str | None:
    """The sheet with the questions: as the metadata says, else by its name, else the first."""
    candidates = [meta.values.get("main_sheet", "")]
    candidates += [t("excel.sheet_main", lang) for lang in LANGUAGES]
    for name in candidates:
        if name in grids:
            return name
    return next((name for name in grids if name != META_SHEET), None)


def locate(
    q: Questionnaire,
    grids: Mapping[str, Grid],
    meta: Meta,
    lang: str,
    keys: ChoiceKeys | None = None,
) -> Layout:
    """Find every answer cell of ``q`` in the sheets ``grids`` (name -> values).

    ``keys``: the choice keys of ``q``'s questions when the caller holds them (else worked
    out here, once per call).
    """
    layout = Layout(main_sheet_name(grids, meta))
    if layout.main_sheet is None:
        message = t("excel.no_main_sheet", lang)
        layout.problems.append(Problem("xlsx.no_main_sheet", message, Severity.ERROR))
    main = grids.get(layout.main_sheet or "")
    columns = find_columns(main)
    if columns is None and main is not None:
        message = t("excel.no_heading", lang)
        layout.problems.append(Problem("xlsx.no_heading", message, Severity.WARNING))
    layout.columns = columns or Columns()
    rows = _number_rows(main, layout.columns)
    for question in q.answerable():
        if widget(question).layout == "table":
            _locate_table(question, grids, meta, layout, lang)
        else:
            known = keys.get(question.id) if keys is not None else None
            _locate_question(question, main, rows, meta, layout, lang, known)
    return layout


def _number_rows(grid: Grid | None, columns: Columns) -> dict[str, tuple[int, int]]:
    """Question number -> (its row, the row where its block ends, exclusive)."""
    marked = [
        (index, clean_text(value))
        for index in range(columns.header_row + 1, len(grid or ()) + 1)
        if (value := grid_value(grid, index, columns.number)) is not None
    ]
    rows: dict[str, tuple[int, int]] = {}
    for position, (row, number) in enumerate(marked):
        end = marked[position + 1][0] if position + 1 < len(marked) else len(grid or ()) + 1
        rows.setdefault(number, (row, end))
    return rows


def _locate_question(
    question: Question,
    grid: Grid | None,
    rows: Mapping[str, tuple[int, int]],
    meta: Meta,
    layout: Layout,
    lang: str,
    keys: Mapping[str, str] | None = None,
) -> None:
    number = form_number(question, meta)
    if number is None:
        _not_in_form(question, layout, lang)
        return
    found = rows.get(number)
    if found is None:
        _by_meta(question, meta, layout, lang)
        return
    row, end = found
    sheet, columns = layout.main_sheet or "", layout.columns
    options = widget(question).layout == "option"
    if not options:
        layout.add(Slot(question.id, sheet, row, columns.answer))
    built = _meta_row(meta.find(question.id, "question"))
    block = _Block(grid, sheet, row, end, built, columns.question, columns.answer)
    if options:
        for choice_row in block.options(question, meta, keys):
            layout.add(choice_row)
    if question.other:
        other = block.specify(question, meta)
        if other is not None:
            layout.add(other)


def _meta_row(row: MetaRow | None) -> int:
    position = cell_position(row.cell) if row is not None else None
    return position[0] if position else 0


def _by_meta(question: Question, meta: Meta, layout: Layout, lang: str) -> None:
    """The cells the form was built with, when the question number is gone from column A."""
    entries = [r for r in meta.rows if r.key in (question.id, question.other_id)]
    entries = [r for r in entries if r.kind in ("answer", "other", "option")]
    for entry in entries:
        position = cell_position(entry.cell)
        if position is None:
            continue
        option = entry.option if entry.kind == "option" else None
        layout.add(Slot(entry.key, entry.sheet, *position, option=option, via=Via.CELL))
    if entries:
        message = t("excel.by_cell", lang, number=question.number, cell=entries[0].cell)
        code = "xlsx.by_cell"
    else:
        message, code = t("excel.not_found", lang, number=question.number), "xlsx.not_found"
    layout.problems.append(
        Problem(code, message, Severity.WARNING, question=question.id, location=question.number)
    )


@dataclass
class _Block:
    """The rows below a question row up to the next numbered row: options, "other" rows."""

    grid: Grid | None
    sheet: str
    row: int
    end: int
    meta_row: int
    label_col: int | None = COL_QUESTION
    answer_col: int = COL_ANSWER

    def labels(self) -> Iterator[tuple[int, str]]:
        for row in range(self.row + 1, self.end):
            label = grid_value(self.grid, row, self.label_col) if self.label_col else None
            yield row, _label(label)

    def options(
        self, question: Question, meta: Meta, keys: Mapping[str, str] | None = None
    ) -> list[Slot]:
        found: dict[str, int] = {}
        specify = _specify_labels()
        find_choice = choice_finder(question, keys)
        for row, label in self.labels():
            value = find_choice(label) if label and label not in specify else None
            if value is not None and value not in found:
                found[value] = row
        values = [*question.choice_values, *([OTHER] if question.other else [])]
        slots = []
        for value in values:
            row = found.get(value) or self._offset(meta.find(question.id, "option", value))
            if row:
                slots.append(Slot(question.id, self.sheet, row, self.answer_col, option=value))
        return slots

    def specify(self, question: Question, meta: Meta) -> Slot | None:
        specify = _specify_labels()
        row = next((r for r, label in self.labels() if label in specify), None)
        row = row or self._offset(meta.find(question.other_id, "other"))
        return Slot(question.other_id, self.sheet, row, self.answer_col) if row else None

    def _offset(self, entry: MetaRow | None) -> int | None:
        """The row at the same distance from the question row as when the form was built."""
        built = _meta_row(entry)
        if not built or not self.meta_row:
            return None
        row = self.row + (built - self.meta_row)
        return row if self.row < row < self.end else None


def choice_keys(f: Field) -> Mapping[str, str]:
    """{key of a choice's value or label: the choice's value}; the first choice wins."""
    keys: dict[str, str] = {}
    for choice in f.choices:
        for text in (choice.value, *(label for _, label in choice.label.items)):
            keys.setdefault(choice_key(text), choice.value)
    return keys


def choice_finder(f: Field, keys: Mapping[str, str] | None = None) -> Callable[[str], str | None]:
    """``choice_value(f, ·)`` with the keys of the choices (``choice_keys(f)``, worked out
    once per questionnaire by the caller, else now) looked up, not worked out per label."""
    keys = choice_keys(f) if keys is None else keys

    def find(text: str) -> str | None:
        return keys.get(choice_key(clean_text(text))) or choice_value(f, text)

    return find


@lru_cache(maxsize=1)
def _specify_labels() -> frozenset[str]:
    return frozenset(t("excel.other_specify", lang).casefold() for lang in LANGUAGES)


def _locate_table(
    question: Question, grids: Mapping[str, Grid], meta: Meta, layout: Layout, lang: str
) -> None:
    entry = meta.find(question.id, "table")
    if form_number(question, meta) is None:
        _not_in_form(question, layout, lang)
        return
    sheet = table_sheet(question, grids, meta)
    if sheet is None:
        message = t("excel.not_found", lang, number=question.number)
        layout.problems.append(
            Problem("xlsx.not_found", message, Severity.WARNING, question=question.id)
        )
        return
    found = table_header(question, grids[sheet])
    if found is None:
        columns = {r.option: cell_position(r.cell) for r in meta.rows if r.key == question.id}
        positions = {k: v for k, v in columns.items() if k and v}
        header = _meta_row(entry)
        found = (header, {k: v[1] for k, v in positions.items()}) if header else None
    if found is not None:
        layout.tables[question.id] = TableSlot(question.id, sheet, *found)


def table_sheet(question: Question, grids: Mapping[str, Grid], meta: Meta) -> str | None:
    """The sheet of a table question: the one the metadata names, else the first whose name
    starts with the question's number as the form shows it (None: neither)."""
    entry = meta.find(question.id, "table")
    if entry and entry.sheet and entry.sheet in grids:
        return entry.sheet
    number = form_number(question, meta)
    if number is None:
        return None
    return next((n for n in grids if n.startswith(f"{number} ")), None)


def table_header(question: Question, grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The header row (by the column labels in any language) and each column's index."""
    for row in range(1, min(len(grid), TABLE_HEADER_ROWS) + 1):
        labels = {
            _label(grid_value(grid, row, col)): col for col in range(1, len(grid[row - 1]) + 1)
        }
        columns = {}
        for column in question.columns:
            names = {label.casefold() for _, label in column.label.items}
            col = next((labels[n] for n in names if n in labels), None)
            if col is not None:
                columns[column.id] = col
        if len(columns) == len(question.columns):
            return row, columns
    return None
