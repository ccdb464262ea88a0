"""Where everything sits in an Excel form: the one description the writer and the reader share.

The main sheet has the columns number / question / hint / answer (``COL_*``); a multiple
choice takes one row per option, a table question a sheet of its own whose header row is
``TABLE_FIRST_ROW``; the very-hidden sheet ``META_SHEET`` holds the identification and the
row -> question mapping, one :class:`MetaRow` per entry. :class:`ExcelLayout` is the mapping
a form of one questionnaire has, built once per questionnaire; :class:`Layout` is where the
reader found each answer cell in one returned file (:class:`Slot`, :class:`TableSlot`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from openpyxl.utils import get_column_letter

from pipeline.definition.questionnaire import OTHER, Question, Questionnaire
from pipeline.forms.content import Via
from pipeline.forms.excel.widgets import widget
from pipeline.problems import Problem

META_SHEET = "praxis_meta"
META_FORMAT = "1"
META_HEADER = ("question", "number", "sheet", "cell", "option", "kind")
"""Columns of the mapping part of the metadata sheet; ``kind`` is one of KINDS."""


class EntryKind(StrEnum):
    """What one mapping row of the metadata sheet locates."""

    QUESTION = "question"  # the question's row (column A: its number)
    ANSWER = "answer"  # the answer cell of a single-cell question
    OTHER = "other"  # the "other, please specify" cell
    OPTION = "option"  # the "x" cell of one option of a multiple choice
    TABLE = "table"  # a table question's sheet (cell: the header row's first cell)
    COLUMN = "column"  # the header cell of one column of a table question


KINDS = tuple(kind.value for kind in EntryKind)

COL_NUMBER, COL_QUESTION, COL_HINT, COL_ANSWER = 1, 2, 3, 4
TABLE_FIRST_ROW = 5
"""The header row of a table sheet; data rows follow below it."""

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class MetaRow:
    """One row of the mapping: ``key`` (question or "other" id) of ``kind`` at ``sheet!cell``."""

    key: str
    number: str
    sheet: str
    cell: str
    option: str
    kind: str

    @property
    def entry(self) -> tuple[str, str, str]:
        """(key, kind, option): what the row locates, without where."""
        return self.key, self.kind, self.option

    def cells(self) -> list[str]:
        """The row as written into the metadata sheet (in the order of META_HEADER)."""
        return [self.key, self.number, self.sheet, self.cell, self.option, self.kind]


def mapping_entries(question: Question) -> Iterator[tuple[str, str, str]]:
    """(key, kind, option) of every mapping row a form has for ``question``, in form order."""
    yield question.id, EntryKind.QUESTION, ""
    rows = widget(question).layout
    if rows == "table":
        for column in question.columns:
            yield question.id, EntryKind.COLUMN, column.id
        yield question.id, EntryKind.TABLE, ""
    elif rows == "option":
        for value in [*question.choice_values, *([OTHER] if question.other else [])]:
            yield question.id, EntryKind.OPTION, value
    else:
        yield question.id, EntryKind.ANSWER, ""
    if question.other:
        yield question.other_id, EntryKind.OTHER, ""


@dataclass(frozen=True)
class ExcelLayout:
    """The row -> question mapping every Excel form of one questionnaire has, built once."""

    questions: tuple[Question, ...]
    entries: tuple[tuple[str, str, str], ...]
    expected: frozenset[tuple[str, str, str]] = field(repr=False)
    owners: dict[str, Question] = field(repr=False)
    """{question id or "other" id: its question}."""

    @classmethod
    def of(cls, q: Questionnaire) -> ExcelLayout:
        questions = tuple(q.answerable())
        entries = tuple(e for question in questions for e in mapping_entries(question))
        owners: dict[str, Question] = {}
        for question in questions:
            owners.setdefault(question.id, question)
            owners.setdefault(question.other_id, question)
        return cls(questions, entries, frozenset(entries), owners)

    def question_of(self, key: str) -> Question | None:
        """The question whose answer or "other" text ``key`` is."""
        return self.owners.get(key)


# --- cells and sheets as people and formulas name them --------------------------------------


def sheet_title(number: str, label: str, taken: Iterable[str]) -> str:
    """A sheet name: question number and the first words of its label, at most 31 characters."""
    words = _SHEET_FORBIDDEN.sub(" ", f"{number} {label}").replace("'", " ").split()
    title = words[0]
    for word in words[1:]:
        if len(title) + 1 + len(word) > 31:
            break
        title = f"{title} {word}"
    title = title[:31]
    lower = {name.lower() for name in taken}
    suffix = 2
    while title.lower() in lower:
        title = f"{title[:28]} {suffix}"
        suffix += 1
    return title


def quote_sheet(sheet: str) -> str:
    """A sheet name as formulas write it: quoted when it is not a plain word."""
    if re.fullmatch(r"[^\W\d]\w*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_ref(sheet: str, cell: str) -> str:
    """``Fragebogen!D14`` / ``'6.2 Partner'!B5``."""
    return f"{quote_sheet(sheet)}!{cell}"


# --- where one returned form has its answers -------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One answer cell: 1-based row and column; ``option`` for a multi-choice option row."""

    key: str
    sheet: str
    row: int
    col: int
    option: str | None = None
    via: Via = Via.ROW

    @cached_property
    def ref(self) -> str:
        """``Fragebogen!D14`` (worked out once: a slot serves every form of a round)."""
        return cell_ref(self.sheet, f"{get_column_letter(self.col)}{self.row}")


@dataclass(frozen=True)
class TableSlot:
    """A table question's sheet, its header row and the column index of each column id."""

    question: str
    sheet: str
    header_row: int
    columns: dict[str, int]
    via: Via = Via.ROW


@dataclass(frozen=True)
class Columns:
    """The main sheet's columns as its headings show them (1-based; None: heading gone)."""

    number: int = COL_NUMBER
    question: int | None = COL_QUESTION
    hint: int | None = COL_HINT
    answer: int = COL_ANSWER
    header_row: int = 0


@dataclass
class Layout:
    """Where one returned form has each answer cell, and what was not found."""

    main_sheet: str | None
    columns: Columns = field(default_factory=Columns)
    slots: dict[str, list[Slot]] = field(default_factory=dict)
    tables: dict[str, TableSlot] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    beside: dict[str, list[Problem]] = field(default_factory=dict, repr=False, compare=False)
    """The reader's warnings of text typed beside each question's answer cell, kept with the
    layout: the reader's key of a layout holds the question and hint columns they come from."""

    def add(self, slot: Slot) -> None:
        self.slots.setdefault(slot.key, []).append(slot)
