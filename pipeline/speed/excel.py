"""The Excel form as a template: the workbook written once per questionnaire, language,
deadline and set of pre-filled questions; per project only the differing cells are written.

The reference is the plain builder :func:`pipeline.forms.excel.writer.build_xlsx`; an
:class:`ExcelTemplate` renders workbooks with the same content (tests compare them part by
part). The sheets are cut with :mod:`pipeline.adapters.openpyxl`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell.cell import Cell

from pipeline.adapters.openpyxl import (
    Style,
    cell_xml,
    give_style,
    number_text,
    replace_text_cells,
    row_height_attribute,
    style_of,
)
from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.forms.code import code_text, form_code
from pipeline.forms.content import Identification
from pipeline.forms.excel.widgets import widget
from pipeline.forms.excel.writer import (
    COL_NUMBER,
    FIXED_TIME,
    META_SHEET,
    WIDTHS,
    _build_form,
    _Form,
    build_xlsx,
    prefill_cells,
    project_line,
    row_height,
    workbook_bytes,
)
from pipeline.round.roster import Project
from pipeline.speed.template import SENTINEL, Template, text_hole, xml_text

_HEIGHT_SENTINEL = 987654.25


def _prepare(name: str, data: bytes) -> bytes:
    """A sheet with every sentinel cell (and the sentinel row height) turned into a hole."""
    if not name.startswith("xl/worksheets/"):
        return data
    data = replace_text_cells(data, SENTINEL, lambda name: text_hole("cell:" + name).encode())
    height = row_height_attribute(_HEIGHT_SENTINEL)
    return data.replace(height, f'ht="{text_hole("height")}"'.encode())


@dataclass
class ExcelTemplate:
    """The template and the cells (of the template workbook) that are written per project.

    Rendering sets those cells' values and serialises them, under the template's lock: threads
    may share a template, one renders at a time.
    """

    form: _Form
    template: Template
    questions: list[Question]
    holes: dict[str, Cell]
    idents: dict[str, str]
    styles: dict[str, Style]
    deadline: dt.date | None
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @classmethod
    def build(
        cls, q: Questionnaire, lang: str, deadline: dt.date | None, holes: frozenset[str]
    ) -> ExcelTemplate:
        """The template with holes for the project's texts and the questions ``holes``."""
        fields = dict.fromkeys(Identification.__dataclass_fields__)
        ident = Identification(**{name: text_hole(f"id.{name}") for name in fields})
        form = _build_form(q, Project("", "", "", ""), ident, lang, deadline, {})
        questions = [question for question in q.answerable() if question.id in holes]
        cells = _sentinel_cells(form, questions)
        ws = form.ws
        ws.row_dimensions[form.project_row].height = _HEIGHT_SENTINEL
        names = {f"id.{name}": name for name in fields}
        data = workbook_bytes(form.wb)
        template = Template.from_zip(data, prepare=_prepare, date_time=FIXED_TIME.timetuple()[:6])
        styles = {name: style_of(cell) for name, cell in cells.items()}
        for name, cell in cells.items():
            give_style(cell, styles[name])  # its own copy: the copy may change, not the table
        return cls(form, template, questions, cells, names, styles, deadline)

    def render(self, project: Project, ident: Identification, prefill: Mapping[str, Any]) -> bytes:
        """The workbook of ``project``: the same content as the plain builder's."""
        with self.lock:
            values = self.values(project, ident, prefill)
        if values is None:  # e.g. a date in a cell without a date format: build in full
            form = self.form
            return build_xlsx(form.q, project, ident, form.lang, self.deadline, prefill)
        return self.template.render(values)

    def values(
        self, project: Project, ident: Identification, prefill: Mapping[str, Any]
    ) -> dict[str, bytes] | None:
        """The bytes of every hole; None when a value would need a new cell style."""
        form = self.form
        for cell in self.holes.values():
            cell.value = None
        prefill_cells(self.questions, form.cells, prefill, form.lang)
        line = project_line(project, form.lang)
        self.holes["line"].value = line
        code = form_code(ident.questionnaire, ident.project, ident.token)
        self.holes["code"].value = code_text(code, form.lang)
        values = {name: xml_text(str(getattr(ident, key))) for name, key in self.idents.items()}
        for name, key in self.idents.items():
            if name in self.holes:
                self.holes[name].value = str(getattr(ident, key))
        changed = [name for name, cell in self.holes.items() if style_of(cell) != self.styles[name]]
        for name in changed:
            give_style(self.holes[name], self.styles[name])  # for the next project
        if changed:
            return None
        values.update({f"cell:{name}": cell_xml(cell) for name, cell in self.holes.items()})
        height = row_height([(line, sum(WIDTHS.values()) * 0.95)])
        values["height"] = number_text(height).encode()
        return values


def _sentinel_cells(form: _Form, questions: list[Question]) -> dict[str, Cell]:
    """Give every cell written per project a sentinel value; ``{hole name: cell}``."""
    cells: dict[str, Cell] = {}
    for question in questions:
        for key in (question.id, question.other_id):
            for ws, row, col, _ in (
                form.cells.get(key, []) if widget(question).layout != "table" else []
            ):
                name = f"answer.{len(cells)}"
                cells[name] = ws.cell(row, col)
                cells[name].value = text_hole(name)
    line = form.ws.cell(form.project_row, COL_NUMBER)
    cells["line"] = line
    line.value = text_hole("line")
    cells["code"] = form.ws.cell(form.code_row, COL_NUMBER)
    cells["code"].value = text_hole("code")
    meta = form.wb[META_SHEET]
    for row in meta.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(f"{SENTINEL}id."):
                cells[cell.value.strip(SENTINEL)] = cell
    return cells
