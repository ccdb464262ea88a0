"""What the Excel reader works out once and reuses for the next form: a small bounded cache,
and the keys of what it caches. Every form of a round has the same mapping and the same
question rows, so where the answer cells are (``locate``) and whether the mapping fits
(``mapping_problems``) come out the same; a key holds everything the result depends on, so a
form that differs anywhere that matters (a row inserted, a label typed over, another mapping)
is simply worked out anew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from operator import itemgetter
from typing import Any, Generic, TypeVar

from pipeline.definition.questionnaire import Question
from pipeline.forms.excel.layout import Columns
from pipeline.forms.excel.locate import (
    TABLE_HEADER_ROWS,
    find_columns,
    main_sheet_name,
    table_header,
    table_sheet,
)
from pipeline.forms.excel.metadata import Meta

Grid = Sequence[Sequence[Any]]
V = TypeVar("V")


class Memo(Generic[V]):
    """Values by key, at most ``size`` of them (the oldest goes first); safe across threads."""

    def __init__(self, size: int = 64):
        self._size = size
        self._values: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key``, made by ``make()`` the first time."""
        try:
            return self._values[key]
        except KeyError:
            pass
        value = make()
        self.put(key, value)
        return value

    def find(self, key: Hashable, default: Any = None) -> V | Any:
        """The value kept for ``key``, else ``default``."""
        return self._values.get(key, default)

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` for ``key``."""
        with self._lock:
            while len(self._values) >= self._size:
                del self._values[next(iter(self._values))]
            self._values[key] = value


def meta_key(meta: Meta) -> Hashable:
    """What stands for the mapping rows of ``meta`` in a key."""
    mapping = meta.mapping_id
    if mapping is not None and len(getattr(mapping, "rows", ())) == len(meta.rows):
        return mapping
    return tuple(meta.rows)


def locate_key(
    tables: Sequence[Question], grids: Mapping[str, Grid], meta: Meta, lang: str
) -> Hashable:
    """Everything ``locate`` reads of a form (``tables``: the table questions): the mapping,
        the sheet names, the main sheet's heading and the number and question columns below it,
        each table question's sheet down to its header row. (The hint column too: the reader keeps
    its warnings of text typed beside an answer with the layout.)"""
    main_name = main_sheet_name(grids, meta)
    main = grids.get(main_name or "")
    columns = find_columns(main)
    found = columns or Columns()
    below = main[found.header_row :] if main is not None else ()
    labels = _column(below, found.question) if found.question else ()
    hints = _column(below, found.hint) if found.hint else ()
    table_part = tuple(_table_key(question, grids, meta) for question in tables)
    main_part = (main is None, columns, _column(below, found.number), labels, hints)
    return meta_key(meta), main_name, tuple(grids), lang, main_part, table_part


def _column(rows: Grid, col: int) -> tuple[Any, ...]:
    """The values of the 1-based column ``col`` of ``rows`` (None beyond a row's end)."""
    index = col - 1
    if index < 0:
        return tuple(None for _ in rows)
    try:  # (the sheets are read as rectangles: every row reaches the column)
        return tuple(map(itemgetter(index), rows))
    except IndexError:
        return tuple(row[index] if len(row) > index else None for row in rows)


def _table_key(question: Question, grids: Mapping[str, Grid], meta: Meta) -> Hashable:
    sheet = table_sheet(question, grids, meta)
    if sheet is None:
        return None
    grid = grids[sheet]
    found = table_header(question, grid)  # (the rows below it are answers, not layout)
    end = found[0] if found is not None else TABLE_HEADER_ROWS
    return sheet, tuple(tuple(row) for row in grid[:end])
