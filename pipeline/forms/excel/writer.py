"""The Excel form: one protected sheet of questions, a sheet per table question, hidden lists
and a very-hidden metadata sheet.

Layout of the main sheet (``Fragebogen``/``Questionnaire``): a header block, then per section a
heading row and one row per question with the columns Nr. / Frage / Hinweis / Antwort. Only the
answer cells (column D, shaded yellow) are unlocked. A multiple choice takes one row per option
with an ``x`` cell; ``other: true`` adds an "other, please specify" row. Question numbers stand
in column A, so :mod:`pipeline.forms.excel.reader` finds rows again after a user inserted one; the
metadata sheet ``praxis_meta`` repeats the identification and the row -> question mapping.

``build_xlsx`` does no file I/O and returns the same bytes for the same inputs.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.adapters.openpyxl import package_bytes
from pipeline.definition.question_types import DROPDOWN_FROM
from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire, Section
from pipeline.forms.code import code_text, form_code
from pipeline.forms.content import Identification
from pipeline.forms.excel.hints import hint_text, instructions, marked_hint
from pipeline.forms.excel.layout import (
    COL_ANSWER,
    COL_HINT,
    COL_NUMBER,
    COL_QUESTION,
    META_SHEET,
    TABLE_FIRST_ROW,
    EntryKind,
    MetaRow,
    cell_ref,
    quote_sheet,
    sheet_title,
)
from pipeline.forms.excel.metadata import write_meta_sheet
from pipeline.forms.excel.package import relative_targets
from pipeline.forms.excel.styles import (
    HEAD_FILL,
    HOWTO_FILL,
    LINE_HEIGHT,
    LONG_TEXT_HEIGHT,
    SECTION_FILL,
    WIDTHS,
    WRAP_TOP,
    row_height,
)
from pipeline.forms.excel.styles import answer_cell as _answer_cell
from pipeline.forms.excel.styles import font as _font
from pipeline.forms.excel.styles import protect as _protect
from pipeline.forms.excel.widgets import widget
from pipeline.locale.formatting import typed_date
from pipeline.locale.texts import t
from pipeline.locale.wording import section_instruction
from pipeline.round.roster import Project
from pipeline.round.stamps import FIXED_TIME

ANSWER_LETTER = get_column_letter(COL_ANSWER)
TABLE_COLUMN_WIDTHS = {"long_text": 50, "text": 36, "select_one": 28, "email": 30, "url": 34}


def build_xlsx(
    q: Questionnaire,
    project: Project,
    ident: Identification,
    lang: str,
    deadline: dt.date | None = None,
    prefill: Mapping[str, Any] | None = None,
    marked: frozenset[str] = frozenset(),
) -> bytes:
    """The Excel form of ``q`` for ``project`` in ``lang``, as the bytes of an .xlsx file.

    Built in full with openpyxl: the reference for the fast path
    (``pipeline.speed.forms.FormBuilder``), which a round uses to build the same content faster.
    ``marked``: the questions whose answers were taken from the last round (marked).
    """
    return workbook_bytes(_build_form(q, project, ident, lang, deadline, prefill, marked).wb)


def _build_form(
    q: Questionnaire,
    project: Project,
    ident: Identification,
    lang: str,
    deadline: dt.date | None,
    prefill: Mapping[str, Any] | None,
    marked: frozenset[str] = frozenset(),
) -> _Form:
    form = _Form(q, lang, Workbook(), marked=marked)
    form.header(project, deadline)
    for section in q.sections:
        form.section(section)
    form.finish(ident, dict(prefill or {}))
    return form


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes with fixed times, so equal workbooks give equal bytes."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO(package_bytes(wb))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, relative_targets(info.filename, source.read(info)))
    return out.getvalue()


# --- values as a person writes them ------------------------------------------------------


def cell_value(f: Field, value: Any, lang: str) -> Any:
    """What a person would type into the answer cell of ``f`` for the answer ``value``."""
    return widget(f).fill(f, value, lang)


# --- the form ------------------------------------------------------------------------------


@dataclass
class _Form:
    q: Questionnaire
    lang: str
    wb: Workbook
    row: int = 1
    meta: list[MetaRow] = field(default_factory=list)
    lists: dict[tuple[str, ...], str] = field(default_factory=dict)
    lists_ws: Worksheet | None = None
    cells: dict[str, list[tuple[Worksheet, int, int, str | None]]] = field(default_factory=dict)
    marked: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.ws = self.wb.active
        self.ws.title = t("excel.sheet_main", self.lang)
        for col, width in WIDTHS.items():
            self.ws.column_dimensions[get_column_letter(col)].width = width

    # header ---------------------------------------------------------------------------
    def _banner(self, text: str, font: Font, fill: PatternFill | None = None) -> None:
        ws, row = self.ws, self.row
        cell = ws.cell(row, COL_NUMBER, text)
        cell.font = font
        cell.alignment = WRAP_TOP
        if fill is not None:
            for col in WIDTHS:
                ws.cell(row, col).fill = fill
        ws.merge_cells(start_row=row, start_column=COL_NUMBER, end_row=row, end_column=COL_ANSWER)
        ws.row_dimensions[row].height = row_height([(text, sum(WIDTHS.values()) * 0.95)])
        self.row += 1

    def header(self, project: Project, deadline: dt.date | None) -> None:
        lang, q = self.lang, self.q
        if q.network:
            self._banner(q.network.get(lang), _font(bold=True, color="1F4E79"))
        self._banner(q.title.get(lang), _font(bold=True, size=16))
        self.ws.row_dimensions[self.row - 1].height = 24
        self.project_row = self.row
        self._banner(project_line(project, lang), _font(bold=True, size=12))
        if deadline is not None:
            self._banner(
                t("excel.deadline", lang, date=typed_date(deadline, lang)),
                _font(bold=True, color="C00000"),
            )
        if q.intro:
            self._banner(q.intro.get(lang), _font())
        return_to = q.return_to.get(lang) if q.return_to else t("mail.no_return", lang)
        self._banner(t("excel.how_to", lang, return_to=return_to), _font(italic=True), HOWTO_FILL)
        self.code_row = self.row  # the visible form code, in the row before the column heads
        self.row += 1
        self._column_heads()

    def _column_heads(self) -> None:
        heads = ("excel.col_number", "excel.col_question", "excel.col_hint", "excel.col_answer")
        for col, key in zip(WIDTHS, heads, strict=True):
            cell = self.ws.cell(self.row, col, t(key, self.lang))
            cell.font = _font(bold=True, color="FFFFFF")
            cell.fill = HEAD_FILL
            cell.alignment = Alignment(vertical="center")
        self.head_row = self.row
        self.ws.freeze_panes = self.ws.cell(self.row + 1, COL_NUMBER)
        self.row += 1

    # sections and questions ------------------------------------------------------------
    def section(self, section: Section) -> None:
        ws, row = self.ws, self.row
        ws.cell(row, COL_NUMBER, section.number)
        ws.cell(row, COL_QUESTION, section.title.get(self.lang))
        for col in WIDTHS:
            ws.cell(row, col).fill = SECTION_FILL
            ws.cell(row, col).font = _font(bold=True, size=12)
        ws.row_dimensions[row].height = 20
        self.row += 1
        if section.when is not None:
            self._text_row(section_instruction(self.q, section.when, self.lang), italic=True)
        if section.intro:
            self._text_row(section.intro.get(self.lang), italic=True)
        for question in section.questions:
            self.question(question)

    def _text_row(self, text: str, italic: bool = False) -> None:
        cell = self.ws.cell(self.row, COL_QUESTION, text)
        cell.alignment = WRAP_TOP
        cell.font = _font(italic=italic)
        width = WIDTHS[COL_QUESTION] + WIDTHS[COL_HINT]
        self.ws.merge_cells(
            start_row=self.row, start_column=COL_QUESTION, end_row=self.row, end_column=COL_HINT
        )
        self.ws.row_dimensions[self.row].height = row_height([(text, width)])
        self.row += 1

    def question(self, question: Question) -> None:
        if not question.answerable:
            self._text_row(question.label.get(self.lang), italic=True)
            return
        self._question_row(question)
        _ROWS[widget(question).layout](self, question)

    def _question_row(self, question: Question) -> None:
        ws, row = self.ws, self.row
        self._mapping(question.id, question.number, ws, f"A{row}", "", EntryKind.QUESTION)
        ws.cell(row, COL_NUMBER, question.number).font = _font(bold=True)
        ws.cell(row, COL_NUMBER).number_format = "@"
        ws.cell(row, COL_QUESTION, question.label.get(self.lang))
        said = hint_text(self.q, question, self.lang, question.id in self.marked)
        hint = ws.cell(row, COL_HINT, said or None)
        hint.font = _font(size=9, color="595959")
        if question.id in self.marked:  # the mark stands out (the row height counts its text)
            hint.value = marked_hint(said, self.lang)
        for col in (COL_NUMBER, COL_QUESTION, COL_HINT):
            ws.cell(row, col).alignment = WRAP_TOP
        texts = [(question.label.get(self.lang), WIDTHS[COL_QUESTION])]
        texts.append((said, WIDTHS[COL_HINT] * 1.2))
        minimum = LONG_TEXT_HEIGHT if question.type == "long_text" else LINE_HEIGHT + 3
        ws.row_dimensions[row].height = row_height(texts, minimum)

    def _mapping(
        self, key: str, number: str, ws: Worksheet, cell: str, option: str, kind: EntryKind
    ) -> None:
        self.meta.append(MetaRow(key, number, ws.title, cell, option, kind.value))

    def _register(self, key: str, ws: Worksheet, row: int, col: int, option: str | None) -> None:
        self.cells.setdefault(key, []).append((ws, row, col, option))

    # answer rows ------------------------------------------------------------------------
    def single(self, question: Question) -> None:
        cell = self.ws.cell(self.row, COL_ANSWER)
        self.configure(question, cell, cell.coordinate)
        self._mapping(question.id, question.number, self.ws, cell.coordinate, "", EntryKind.ANSWER)
        self._register(question.id, self.ws, self.row, COL_ANSWER, None)
        self.row += 1
        if question.other:
            self._specify_row(question)

    def _specify_row(self, question: Question) -> None:
        ws, row = self.ws, self.row
        label = ws.cell(row, COL_QUESTION, t("excel.other_specify", self.lang))
        label.alignment = Alignment(horizontal="left", indent=2, vertical="top", wrap_text=True)
        cell = ws.cell(row, COL_ANSWER)
        _answer_cell(cell, text_format=True)
        ws.row_dimensions[row].height = LINE_HEIGHT + 3
        self._mapping(question.other_id, question.number, ws, cell.coordinate, "", EntryKind.OTHER)
        self._register(question.other_id, ws, row, COL_ANSWER, None)
        self.row += 1

    def multiple(self, question: Question) -> None:
        self.row += 1
        options = [(c.value, c.label.get(self.lang)) for c in question.choices]
        if question.other:
            options.append((OTHER, t("excel.other", self.lang)))
        for value, label in options:
            self._option_row(question, value, label)
        if question.other:
            self._specify_row(question)

    def _option_row(self, question: Question, value: str, label: str) -> None:
        ws, row = self.ws, self.row
        text = ws.cell(row, COL_QUESTION, label)
        text.alignment = Alignment(horizontal="left", indent=2, vertical="top", wrap_text=True)
        cell = ws.cell(row, COL_ANSWER)
        _answer_cell(cell)
        cell.alignment = Alignment(horizontal="center", vertical="top")
        self._validation(
            ws,
            cell.coordinate,
            type="list",
            formula1='"x"',
            error=t("excel.invalid_mark", self.lang),
        )
        ws.row_dimensions[row].height = row_height([(label, WIDTHS[COL_QUESTION] - 4)])
        self._mapping(question.id, question.number, ws, cell.coordinate, value, EntryKind.OPTION)
        self._register(question.id, ws, row, COL_ANSWER, value)
        self.row += 1

    def table(self, question: Question) -> None:
        taken = [*self.wb.sheetnames, t("excel.sheet_lists", self.lang), META_SHEET]
        title = sheet_title(question.number, question.label.get(self.lang), taken)
        cell = self.ws.cell(self.row, COL_ANSWER, t("excel.see_sheet", self.lang, sheet=title))
        cell.hyperlink = f"#{cell_ref(title, 'A1')}"
        cell.font = _font(italic=True, underline="single", color="1F4E79")
        cell.alignment = WRAP_TOP
        self.row += 1
        _TableSheet(self, question, self.wb.create_sheet(title)).build()

    # cell kinds and validations ---------------------------------------------------------
    def configure(self, f: Field, cell: Cell, ref: str) -> None:
        """Shade, unlock, format and validate the answer cell(s) ``ref`` of ``f``."""
        _answer_cell(cell)
        widget(f).write(self, f, cell, ref)

    def _validation(self, ws: Worksheet, ref: str, **kwargs: Any) -> None:
        dv = DataValidation(
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=t("excel.invalid_title", self.lang),
            **kwargs,
        )
        ws.add_data_validation(dv)
        dv.add(ref)

    def list_formula(self, labels: list[str]) -> str:
        """An inline list when short and plain, else a range on the hidden lists sheet.

        Excel limits an inline list to 255 characters and splits it at every comma.
        """
        inline = ",".join(labels)
        plain = not any("," in x or '"' in x for x in labels)
        if len(labels) < DROPDOWN_FROM and len(inline) <= 250 and plain:
            return f'"{inline}"'
        key = tuple(labels)
        if key not in self.lists:
            self.lists[key] = self._list_range(labels)
        return self.lists[key]

    def _list_range(self, labels: list[str]) -> str:
        if self.lists_ws is None:
            self.lists_ws = self.wb.create_sheet(t("excel.sheet_lists", self.lang))
            self.lists_ws.sheet_state = "hidden"
            _protect(self.lists_ws)
        col = len(self.lists) + 1
        for row, label in enumerate(labels, start=1):
            self.lists_ws.cell(row, col, label).number_format = "@"
        letter = get_column_letter(col)
        return f"{quote_sheet(self.lists_ws.title)}!${letter}$1:${letter}${len(labels)}"

    # finishing --------------------------------------------------------------------------
    def finish(self, ident: Identification, prefill: dict[str, Any]) -> None:
        code = code_text(form_code(ident.questionnaire, ident.project, ident.token), self.lang)
        self.ws.cell(self.code_row, COL_NUMBER, code).font = _font(size=9, color="595959")
        self._prefill(prefill)
        self._page_setup()
        _protect(self.ws)
        if self.lists_ws is not None:
            self.wb.move_sheet(self.lists_ws, offset=len(self.wb.sheetnames))
        self._meta_sheet(ident)
        for name, value in ident.as_properties().items():
            self.wb.custom_doc_props.append(StringProperty(name=name, value=value))
        self.wb.security = WorkbookProtection(lockStructure=False)
        self.wb.active = 0

    def _prefill(self, prefill: dict[str, Any]) -> None:
        prefill_cells(self.q.answerable(), self.cells, prefill, self.lang)

    def _page_setup(self) -> None:
        """A4 landscape, as wide as one page and as long as it takes: the four columns
        (137 characters, about 735 pt) fit the 770 pt of a landscape page unscaled, so the
        9 pt hints print at 9 pt (on a portrait page they shrank to about 6.5 pt)."""
        ws = self.ws
        print_on_a4(ws, f"A1:{ANSWER_LETTER}{self.row - 1}")
        ws.print_title_rows = f"{self.head_row}:{self.head_row}"
        ws.oddFooter.center.text = "&P / &N"

    def _meta_sheet(self, ident: Identification) -> None:
        _protect(write_meta_sheet(self.wb, ident, self.ws.title, self.meta))


def print_on_a4(ws: Worksheet, area: str) -> None:
    """Print ``area`` of ``ws`` on A4 landscape, fitted to the page's width only (the pages
    run on as long as the sheet does), with half-inch side margins."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = area
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def project_line(project: Project, lang: str) -> str:
    return t("excel.project", lang, name=project.name, organisation=project.organisation)


def prefill_cells(
    questions: Iterable[Question],
    cells: Mapping[str, list[tuple[Worksheet, int, int, str | None]]],
    prefill: Mapping[str, Any],
    lang: str,
) -> None:
    """Write the pre-filled answers of ``questions`` into their cells (tables are left out)."""
    for question in questions:
        value = prefill.get(question.id)
        if value is None or widget(question).layout == "table":
            continue
        write_answer(cells, question, value, prefill.get(question.other_id), lang)


def write_answer(
    cells: Mapping[str, list[tuple[Worksheet, int, int, str | None]]],
    question: Field,
    value: Any,
    other: Any,
    lang: str,
) -> None:
    """Write ``value`` (and the "other" text) into the cells of ``question`` as a person would."""
    slots = cells.get(question.id, [])
    if widget(question).layout == "option":
        chosen = set(value or [])
        for ws, row, col, option in slots:
            if option in chosen:
                ws.cell(row, col).value = "x"
    elif slots and value is not None:
        ws, row, col, _ = slots[0]
        ws.cell(row, col).value = cell_value(question, value, lang)
    other_id = f"{question.id}_{OTHER}"
    if other not in (None, "") and cells.get(other_id):
        ws, row, col, _ = cells[other_id][0]
        ws.cell(row, col).value = other


# --- table sheets --------------------------------------------------------------------------


@dataclass
class _TableSheet:
    form: _Form
    question: Question
    ws: Worksheet

    def build(self) -> None:
        form, question, ws = self.form, self.question, self.ws
        lang = form.lang
        title = ws.cell(1, 1, f"{question.number} {question.label.get(lang)}")
        title.font = _font(bold=True, size=13)
        ws.cell(2, 1, hint_text(form.q, question, lang).replace("\n", " ")).font = _font(
            italic=True
        )
        back = ws.cell(3, 1, t("excel.back", lang))
        back.hyperlink = f"#{cell_ref(form.ws.title, 'A1')}"
        back.font = _font(underline="single", color="1F4E79")
        ws.column_dimensions["A"].width = 5
        for index, column in enumerate(question.columns, start=2):
            self._column(index, column)
        form._mapping(question.id, question.number, ws, f"A{TABLE_FIRST_ROW}", "", EntryKind.TABLE)
        self._row_numbers()
        ws.freeze_panes = ws.cell(TABLE_FIRST_ROW + 1, 2)
        self._page_setup()
        _protect(ws)

    def _max_rows(self) -> int:
        return self.question.max_rows or 10

    def _column(self, index: int, column: Field) -> None:
        lang, ws = self.form.lang, self.ws
        letter = get_column_letter(index)
        width = TABLE_COLUMN_WIDTHS.get(column.type, 18)
        ws.column_dimensions[letter].width = width
        extra = instructions(column, lang)
        if column.required:
            extra.append(t("excel.required", lang))
        head = ws.cell(TABLE_FIRST_ROW, index, "\n".join([column.label.get(lang), *extra]))
        head.font = _font(bold=True, color="FFFFFF")
        head.fill = HEAD_FILL
        head.alignment = WRAP_TOP
        first, last = TABLE_FIRST_ROW + 1, TABLE_FIRST_ROW + self._max_rows()
        for row in range(first, last + 1):
            _answer_cell(ws.cell(row, index))
        ref = f"{letter}{first}:{letter}{last}"
        self.form.configure(column, ws.cell(first, index), ref)
        for row in range(first + 1, last + 1):
            ws.cell(row, index).number_format = ws.cell(first, index).number_format
        self.form._mapping(
            self.question.id, self.question.number, ws, head.coordinate, column.id, EntryKind.COLUMN
        )
        height = row_height([(head.value, width * 0.85)])
        current = ws.row_dimensions[TABLE_FIRST_ROW].height or 0
        ws.row_dimensions[TABLE_FIRST_ROW].height = max(current, height)

    def _row_numbers(self) -> None:
        head = self.ws.cell(TABLE_FIRST_ROW, 1, t("excel.col_number", self.form.lang))
        head.font = _font(bold=True, color="FFFFFF")
        head.fill = HEAD_FILL
        head.alignment = WRAP_TOP
        for number in range(1, self._max_rows() + 1):
            row = TABLE_FIRST_ROW + number
            self.ws.cell(row, 1, number).alignment = Alignment(vertical="top")
            self.ws.row_dimensions[row].height = 30

    def _page_setup(self) -> None:
        ws = self.ws
        last = get_column_letter(len(self.question.columns) + 1)
        print_on_a4(ws, f"A1:{last}{TABLE_FIRST_ROW + self._max_rows()}")
        ws.print_title_rows = f"{TABLE_FIRST_ROW}:{TABLE_FIRST_ROW}"


_ROWS: dict[str, Callable[[_Form, Question], None]] = {
    "answer": _Form.single,
    "option": _Form.multiple,
    "table": _Form.table,
}
"""The rows of each widget layout (see ``forms/excel/widgets.py``) on the main sheet."""
"""Which rows each answerable type takes on the main sheet."""
