"""The very-hidden metadata sheet of an Excel form: identification and the row -> question
mapping, trusted only when it is whole and fits the round's questionnaire."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.definition.coerce import clean_text
from pipeline.definition.questionnaire import Question
from pipeline.forms.content import PROPERTY_PREFIX, FormContent, Identification
from pipeline.forms.excel.layout import (
    META_FORMAT,
    META_HEADER,
    META_SHEET,
    ExcelLayout,
    MetaRow,
)
from pipeline.forms.excel.package import cell_position
from pipeline.locale.texts import t
from pipeline.problems import Problem, Severity

Grid = Sequence[Sequence[Any]]

_CONTROL_OR_CR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _meta_text(value: Any) -> str:
    """``clean_text`` of a metadata cell ('' for an empty one), quick for plain text."""
    if value is None or value == "":
        return ""
    if type(value) is str and _CONTROL_OR_CR.search(value) is None:
        return value.strip()
    return clean_text(value)


def meta_cells(raw: Sequence[Any]) -> list[str]:
    """``_meta_text`` of every cell of a row; one check for a row of plain texts."""
    if all(type(v) is str for v in raw) and _CONTROL_OR_CR.search("\n".join(raw)) is None:
        return [v.strip() for v in raw]
    return [_meta_text(v) for v in raw]


# --- the metadata sheet ---------------------------------------------------------------------


@dataclass
class Meta:
    values: dict[str, str] = field(default_factory=dict)
    rows: list[MetaRow] = field(default_factory=list)
    mapping_id: object = field(default=None, repr=False, compare=False)
    """Stands for ``rows`` in caches when set: the same object for the same mapping rows."""
    _index: dict[tuple[str, str, str], MetaRow] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)

    @classmethod
    def parse(cls, grid: Grid | None) -> Meta:
        meta = cls()
        mapping = False
        for raw in grid or ():
            cells = meta_cells(raw)
            cells += [""] * (len(META_HEADER) - len(cells))
            if tuple(cells[: len(META_HEADER)]) == META_HEADER:
                mapping = True
            elif mapping and cells[0]:
                meta.rows.append(MetaRow(*cells[: len(META_HEADER)]))
            elif cells[0]:
                meta.values[cells[0]] = cells[1]
        return meta

    def share_index(self, index: dict[tuple[str, str, str], MetaRow]) -> None:
        """Use ``index`` (the first row for each (key, kind, option) of the current ``rows``,
        kept by whoever made them) instead of building it anew; never changed here."""
        self._index, self._indexed = index, len(self.rows)

    def find(self, key: str, kind: str, option: str = "") -> MetaRow | None:
        """The first mapping row for ``key``, ``kind`` and ``option``."""
        if self._indexed != len(self.rows):  # (re)built when rows were added
            self._index = {}
            for row in self.rows:
                self._index.setdefault((row.key, row.kind, row.option), row)
            self._indexed = len(self.rows)
        return self._index.get((key, kind, option))


def write_meta_sheet(
    wb: Workbook, ident: Identification, main_sheet: str, rows: Sequence[MetaRow]
) -> Worksheet:
    """Add the very-hidden metadata sheet: format, identification, the main sheet's name,
    then the mapping (``rows``) under the header META_HEADER, as :meth:`Meta.parse` reads it."""
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    lines: list[list[str]] = [["praxis_meta", META_FORMAT]]
    lines += [[name[len(PROPERTY_PREFIX) :], v] for name, v in ident.as_properties().items()]
    lines += [["main_sheet", main_sheet], list(META_HEADER), *(row.cells() for row in rows)]
    for line in lines:
        ws.append(line)
    return ws


# --- the form's own mapping: trusted only when it is whole and fits the round ---------------


def mapping_problems(layout: ExcelLayout, meta: Meta, lang: str) -> list[str]:
    """Why the form's row -> question mapping cannot be trusted for the questionnaire whose
    ``layout`` it is read against (empty: it can).

    A question the mapping lacks is no reason (a form of an older version): it is simply not
    in the form, and never looked for by its number in the questionnaire.
    """
    if not meta.rows:
        return [t("excel.layout_missing", lang)]
    expected = layout.expected
    found = [row.entry for row in meta.rows]
    problems = [_unknown_entry(layout, *entry, lang) for entry in found if entry not in expected]
    return problems + _inconsistent(meta, lang)


def _unknown_entry(layout: ExcelLayout, key: str, kind: str, option: str, lang: str) -> str:
    question = layout.question_of(key)
    if question is None:
        return t("excel.layout_unknown", lang, id=key)
    if kind in ("option", "column") and option:
        return t("excel.layout_unknown_part", lang, id=key, part=option)
    return t("excel.layout_kind", lang, id=key, kind=kind, type=question.type)


def _inconsistent(meta: Meta, lang: str) -> list[str]:
    """Contradictions within the mapping: two numbers for a question, one for two, bad cells."""
    problems = []
    numbers: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in meta.rows:
        entry = (row.key, row.kind, row.option)
        if entry in seen or cell_position(row.cell) is None:
            problems.append(t("excel.layout_bad_row", lang, id=row.key, cell=row.cell))
        seen.add(entry)
        if row.kind != "other":
            numbers.setdefault(row.key, set()).add(row.number)
            owners.setdefault(row.number, set()).add(row.key)
    for key, found in numbers.items():
        if len(found) > 1:
            problems.append(t("excel.layout_two_numbers", lang, id=key, numbers=_listed(found)))
    for number, keys in owners.items():
        if len(keys) > 1:
            problems.append(t("excel.layout_shared_number", lang, number=number, ids=_listed(keys)))
    return problems


def _listed(values: set[str]) -> str:
    return ", ".join(sorted(values))


def form_number(question: Question, meta: Meta) -> str | None:
    """The number the form itself shows for ``question`` (None: the form lacks it)."""
    row = meta.find(question.id, "question")
    return row.number if row is not None and row.number else None


def identification(
    meta: Meta, props: Mapping[str, str], content: FormContent, lang: str
) -> Identification | None:
    """The identification from the metadata sheet, else the custom properties ``props``;
    both sources are noted in ``content.id_sources``, a missing one is an error problem."""
    from_sheet = Identification.from_properties(
        {PROPERTY_PREFIX + k: v for k, v in meta.values.items()}
    )
    from_props = Identification.from_properties(dict(props))
    content.id_sources["sheet"] = {PROPERTY_PREFIX + k: v for k, v in meta.values.items()}
    content.id_sources["properties"] = dict(props)  # ingest refuses a form whose sources differ
    found = from_sheet or from_props
    if found is None:
        message = t("excel.no_identification", lang)
        problem = Problem(
            "xlsx.no_identification", message, Severity.ERROR, file=str(content.path or "")
        )
        content.problems.append(problem)
    return found
