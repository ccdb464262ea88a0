"""What a team without praxis would write: the peers the benchmark compares with.

- Word: a docxtpl template (built once with python-docx: header, one table per section, one row
  per question with number, question and hint, answer) rendered per project.
- Excel: the same layout written with openpyxl cell by cell (styles, unlocked answer cells,
  dropdown validations, one row per option of a multiple choice, a sheet per table question,
  a very hidden metadata sheet, sheet protection).
- Compendium: one Markdown file with the compendium's content, for ``pandoc in.md -o out.docx``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.definition.questionnaire import Field, Question, Questionnaire
from pipeline.forms.excel.writer import hint_text
from pipeline.publication.answers import answer_text
from pipeline.round.roster import Project

UNTICKED = "☐"
PLACEHOLDER = "Klicken oder tippen Sie hier, um Text einzugeben."


@dataclass(frozen=True)
class Row:
    """One question as the peers show it."""

    question: Question
    number: str
    label: str
    hint: str
    options: tuple[str, ...]


def form_rows(q: Questionnaire, lang: str) -> list[tuple[str, list[Row]]]:
    """``[(section title, rows)]``: the static content both peers lay out."""
    out = []
    for section in q.sections:
        rows = [
            Row(
                question,
                question.number,
                question.label.get(lang),
                hint_text(q, question, lang),
                tuple(c.label.get(lang) for c in question.choices),
            )
            for question in section.questions
        ]
        out.append((f"{section.number} {section.title.get(lang)}", rows))
    return out


# --- Word: docxtpl -------------------------------------------------------------------------


def build_template(path: Path, q: Questionnaire, lang: str) -> None:
    """A .docx template that looks like the praxis form in content (python-docx, once)."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    doc.add_paragraph("{{ network }}")
    doc.add_heading("{{ title }}", level=0)
    doc.add_paragraph("Projekt: {{ project }}")
    doc.add_paragraph("Träger: {{ organisation }}")
    doc.add_paragraph("Rücksendung bis: {{ deadline }}")
    doc.add_paragraph("{{ intro }}")
    doc.add_paragraph("{%p for section in sections %}")
    doc.add_heading("{{ section.title }}", level=1)
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    cells = [
        ["{%tr for row in section.rows %}", "", ""],
        ["{{ row.number }}", "{{ row.label }}", "{{r row.answer }}"],
        ["{%tr endfor %}", "", ""],
    ]
    for r, texts in enumerate(cells):
        for c, text in enumerate(texts):
            table.cell(r, c).text = text
    table.cell(1, 1).add_paragraph("{{r row.hint }}")
    for c, width in enumerate((Mm(12), Mm(64), Mm(94))):
        for cell in table.columns[c].cells:
            cell.width = width
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{{ footer }}")
    doc.save(path)


def _answer(row: Row, value: Any, lang: str) -> str:
    if row.options:
        return "\n".join(f"{UNTICKED} {label}" for label in row.options)
    if value in (None, ""):
        return PLACEHOLDER
    return answer_text(row.question, value, lang)


def docx_context(
    q: Questionnaire,
    sections: list[tuple[str, list[Row]]],
    project: Project,
    prefill: Mapping[str, Any],
    lang: str,
) -> dict[str, Any]:
    from docxtpl import RichText

    def cells(rows: list[Row]) -> list[dict[str, Any]]:
        return [
            {
                "number": r.number,
                "label": r.label,
                "hint": RichText(r.hint, size=17),
                "answer": RichText(_answer(r, prefill.get(r.question.id), lang)),
            }
            for r in rows
        ]

    return {
        "network": q.network.get(lang) if q.network else "",
        "title": q.title.get(lang),
        "project": project.name,
        "organisation": project.organisation,
        "deadline": dt.date(2025, 12, 31).strftime("%d.%m.%Y"),
        "intro": q.intro.get(lang) if q.intro else "",
        "sections": [{"title": title, "rows": cells(rows)} for title, rows in sections],
        "footer": f"{q.title.get(lang)} – {project.name}",
    }


def render_docx(template: Path, context: dict[str, Any], out: Path) -> None:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(template)
    doc.render(context, autoescape=True)
    doc.save(out)


# --- Excel: openpyxl cell by cell ------------------------------------------------------------


class SheetWriter:
    """Writes the praxis Excel layout with openpyxl, one cell at a time."""

    def __init__(self, q: Questionnaire, lang: str):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        self.q, self.lang = q, lang
        self.sections = form_rows(q, lang)
        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.bold = Font(name="Calibri", bold=True)
        self.small = Font(name="Calibri", size=9, color="595959")
        self.head_fill = PatternFill("solid", fgColor="1F4E79")
        self.answer_fill = PatternFill("solid", fgColor="FFF2CC")
        self.section_fill = PatternFill("solid", fgColor="D9D9D9")
        self.unlocked = Protection(locked=False)

    def workbook(self, project: Project, prefill: Mapping[str, Any], token: str) -> Any:
        from openpyxl import Workbook
        from openpyxl.worksheet.datavalidation import DataValidation

        wb = Workbook()
        ws = wb.active
        ws.title = "Fragebogen"
        for col, width in zip("ABCD", (8, 48, 36, 48), strict=True):
            ws.column_dimensions[col].width = width
        lists = wb.create_sheet("Listen")
        lists.sheet_state = "hidden"
        meta = wb.create_sheet("_praxis")
        meta.sheet_state = "veryHidden"
        self.lists_col = 0
        self.x_rule = DataValidation(type="list", formula1='"x"')
        ws.add_data_validation(self.x_rule)
        row = self._header(ws, project)
        mapping: list[tuple[str, int]] = []
        for title, rows in self.sections:
            row = self._section(ws, row, title)
            for r in rows:
                mapping.append((r.question.id, row))
                row = self._question(wb, ws, lists, row, r, prefill.get(r.question.id))
        self._meta(meta, project, token, mapping)
        ws.protection.sheet = True
        return wb

    def _header(self, ws: Any, project: Project) -> int:
        texts = (self.q.title.get(self.lang), f"{project.name} – {project.organisation}")
        for row, text in enumerate(texts, start=1):
            ws.cell(row, 1, text).font = self.bold
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        for col, head in enumerate(("Nr.", "Frage", "Hinweis", "Antwort"), start=1):
            cell = ws.cell(4, col, head)
            cell.font, cell.fill = self.bold, self.head_fill
        ws.freeze_panes = "A5"
        return 5

    def _section(self, ws: Any, row: int, title: str) -> int:
        for col in range(1, 5):
            ws.cell(row, col).fill = self.section_fill
        ws.cell(row, 1, title).font = self.bold
        return row + 1

    def _text_cells(self, ws: Any, row: int, r: Row) -> None:
        for col, value in ((1, r.number), (2, r.label), (3, r.hint)):
            cell = ws.cell(row, col, value)
            cell.alignment, cell.border = self.wrap, self.border
        ws.cell(row, 3).font = self.small

    def _answer_cell(self, ws: Any, row: int, value: Any = None) -> Any:
        cell = ws.cell(row, 4, value)
        cell.fill, cell.border, cell.alignment = self.answer_fill, self.border, self.wrap
        cell.protection = self.unlocked
        return cell

    def _question(self, wb: Any, ws: Any, lists: Any, row: int, r: Row, value: Any) -> int:
        self._text_cells(ws, row, r)
        kind = r.question.type
        if kind == "note":
            return row + 1
        if kind == "table":
            self._answer_cell(ws, row, "→ eigenes Blatt")
            self._table_sheet(wb, r.question)
            return row + 1
        if kind == "select_multiple":
            for offset, label in enumerate(r.options, start=1):
                ws.cell(row + offset, 3, label).border = self.border
                self.x_rule.add(self._answer_cell(ws, row + offset).coordinate)
            return row + len(r.options) + 1
        cell = self._answer_cell(ws, row, _cell_value(r.question, value, self.lang))
        labels = ("Ja", "Nein") if kind == "yes_no" else r.options
        if labels:
            self._validation(ws, lists, cell, labels)
        ws.row_dimensions[row].height = 60 if kind == "long_text" else 30
        return row + 1

    def _validation(self, ws: Any, lists: Any, cell: Any, labels: tuple[str, ...]) -> None:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation

        self.lists_col += 1
        col = get_column_letter(self.lists_col)
        for i, label in enumerate(labels, start=1):
            lists.cell(i, self.lists_col, label)
        rule = DataValidation(type="list", formula1=f"Listen!${col}$1:${col}${len(labels)}")
        rule.add(cell.coordinate)
        ws.add_data_validation(rule)

    def _table_sheet(self, wb: Any, question: Question) -> None:
        ws = wb.create_sheet(f"{question.number} Tabelle"[:31])
        ws.cell(1, 1, question.label.get(self.lang)).font = self.bold
        for col, column in enumerate(question.columns, start=1):
            cell = ws.cell(2, col, column.label.get(self.lang))
            cell.font, cell.fill = self.bold, self.section_fill
            for row in range(3, 3 + (question.max_rows or 10)):
                answer = ws.cell(row, col)
                answer.fill, answer.border = self.answer_fill, self.border
                answer.protection = self.unlocked
        ws.protection.sheet = True

    def _meta(self, ws: Any, project: Project, token: str, mapping: list[tuple[str, int]]) -> None:
        ident = (
            ("questionnaire", self.q.id),
            ("version", self.q.version),
            ("project", project.id),
            ("token", token),
            ("language", self.lang),
        )
        for row, (key, value) in enumerate((*ident, *mapping), start=1):
            ws.cell(row, 1, key)
            ws.cell(row, 2, value)


def _cell_value(f: Field, value: Any, lang: str) -> Any:
    if value is None or f.type in ("select_one", "select_multiple", "yes_no"):
        return None
    return value if f.type in ("integer", "decimal") else answer_text(f, value, lang)


# --- compendium as Markdown ---------------------------------------------------------------


def _role_questions(q: Questionnaire, role: str) -> list[Question]:
    return q.with_role(role)


def compendium_markdown(q: Questionnaire, practices: list[dict[str, Any]], lang: str) -> str:
    """The compendium's content (title, a chapter per practice: facts and sections)."""
    lines = [f"% {q.title.get(lang)}", "", "# Einleitung", "", f"{len(practices)} Praxisbeispiele."]
    for answers in practices:
        lines += list(_chapter(q, answers, lang))
    return "\n".join(lines) + "\n"


def _chapter(q: Questionnaire, answers: Mapping[str, Any], lang: str) -> Iterator[str]:
    title = next((answers.get(x.id) for x in _role_questions(q, "title")), None)
    yield from ("", f"# {title or 'Praxis'}", "")
    for question in _role_questions(q, "fact"):
        value = answers.get(question.id)
        if value not in (None, "", []):
            shown = answer_text(question, value, lang).replace("\n", "; ")
            yield f"- **{question.label.get(lang)}**: {shown}"
    for question in _role_questions(q, "section"):
        value = answers.get(question.id)
        if value not in (None, ""):
            heading = question.compendium.heading if question.compendium else None
            yield from ("", f"## {(heading or question.label).get(lang)}", "", str(value))


# --- tables: pandas and the floor -----------------------------------------------------------


def aggregate_exports(round_dir: Path, lang: str) -> list[tuple[str, str, Any]]:
    """The reading step shared by praxis, the peer and the floor of ``aggregate``: the round's
    record, questionnaire and current submissions read as :func:`aggregate_round` reads them,
    turned into praxis's tables (``build_tables``); (sheet name, CSV file name, frame) each."""
    from pipeline.definition.loading import load_questionnaire
    from pipeline.publication.tables import _exports, build_tables
    from pipeline.publication.workbook import sheet_names
    from pipeline.returns.answers import current_submissions
    from pipeline.returns.media import round_media
    from pipeline.round.folder import RoundDir

    rd = RoundDir(round_dir)
    record = rd.load()
    q = load_questionnaire(rd.definition, lang)
    tables = build_tables(q, record, current_submissions(rd), lang, round_media(rd))
    exports = _exports(tables, lang)
    names = sheet_names(e[0] for e in exports)
    return [(sheet, name, frame) for sheet, (_, name, frame) in zip(names, exports, strict=True)]


def write_tables_pandas(exports: list[tuple[str, str, Any]], out: Path) -> None:
    """The peer: one ``pd.ExcelWriter`` (openpyxl), ``to_excel`` per sheet, ``to_csv`` each."""
    import pandas as pd

    with pd.ExcelWriter(out / "answers.xlsx", engine="openpyxl") as writer:
        for sheet, _, frame in exports:
            frame.to_excel(writer, sheet_name=sheet, index=False)
    for _, name, frame in exports:
        frame.to_csv(out / name, sep=";", index=False, encoding="utf-8-sig")


def write_tables_floor(exports: list[tuple[str, str, Any]], out: Path) -> None:
    """The floor: the same cells with XlsxWriter in constant-memory mode (no formats, no widths,
    no print setup, no check) and the csv module (no neutralising, no number conventions)."""
    import csv
    import numbers

    import xlsxwriter

    book = xlsxwriter.Workbook(str(out / "answers.xlsx"), {"constant_memory": True})
    for sheet, _, frame in exports:
        ws = book.add_worksheet(sheet)
        for c, head in enumerate(frame.columns):
            ws.write_string(0, c, str(head))
        for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, numbers.Real) and not isinstance(value, bool):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))
    book.close()
    for _, name, frame in exports:
        with open(out / name, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)
            writer.writerow(list(frame.columns))
            writer.writerows(frame.itertuples(index=False, name=None))
