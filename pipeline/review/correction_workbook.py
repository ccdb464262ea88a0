"""``praxis corrections export`` / ``import``: every project's current (corrected) answers in
one Excel sheet, to correct many values at once.

One row per project (its id and name first, locked), one column per question (number and
label in the round's language): choices and yes/no with a dropdown, dates as dates, numbers
as numbers, several choices as ``a; b`` text with a note. Table questions are left out (they
are corrected by a new return of the project). A hidden sheet holds the round, the questions
and the projects the workbook was made for: a workbook of another round, or one whose project
id column was edited, is refused. On import every changed cell is read like an answer of a
form (:mod:`pipeline.review.correct`); when any cell is bad, each is named with its cell
reference and the form's message, and nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.definition.questionnaire import OTHER, Question, Questionnaire
from pipeline.errors import PraxisError
from pipeline.locale.texts import t
from pipeline.returns.answers import current_submissions
from pipeline.returns.ingest import Ingest
from pipeline.review.correct import Change, Done, open_store, record
from pipeline.round.folder import RoundDir, write_atomic
from pipeline.round.lock import writes_round

SHEET = "praxis"
"""The hidden sheet: A1 the round, row 2 the question ids, row 3 the project ids, from row 4
on the answers as exported."""
LISTS = "lists"
"""The hidden sheet with the dropdowns' choices, one column per question."""


class WorkbookRefused(PraxisError):
    """A corrections workbook that cannot be read: of another round, an edited project id
    column, or bad cells (each named); nothing was recorded."""


def round_mark(rd: RoundDir) -> str:
    """What says which round a workbook was made for: its questionnaire, version and the
    time it was made."""
    record = rd.load()
    return f"{record.questionnaire} {record.version} {record.created}"


def columns(q: Questionnaire) -> list[Question]:
    """The questions the workbook has a column for: every answerable one but tables."""
    return [x for x in q.answerable() if x.type != "table"]


def shown_value(question: Question, value: Any, lang: str) -> Any:
    """``value`` as the workbook's cell shows it (None: empty)."""
    if value is None or value == [] or value == "":
        return None
    if question.type == "yes_no":
        return t("form.yes" if value else "form.no", lang)
    if question.type == "select_one":
        return _label(question, value, lang)
    if question.type == "select_multiple":
        return "; ".join(_label(question, v, lang) for v in value)
    if question.type == "date":
        return dt.date.fromisoformat(str(value)[:10])
    return value


def _label(question: Question, value: str, lang: str) -> str:
    choice = question.choice(value)
    if choice is not None:
        return choice.label.get(lang)
    return t("value.other", lang) if value == OTHER else str(value)


def export_workbook(round_dir: Path, output: Path | None = None, lang: str | None = None) -> Path:
    """Write the corrections workbook of the round (default ``corrections/korrekturen.xlsx``);
    its path."""
    rd = RoundDir(round_dir)
    run = Ingest(round_dir, lang)
    form_lang = run.record.language
    subs = sorted(current_submissions(rd), key=lambda s: s.project)
    questions = columns(run.q)
    wb = Workbook()
    ws = wb.active
    ws.title = t("correct.sheet", form_lang)[:31]
    ws.append([t("correct.col.id", form_lang), t("correct.col.name", form_lang)])
    ws.cell(1, 1).font = ws.cell(1, 2).font = Font(bold=True)
    lists = wb.create_sheet(LISTS)
    for col, question in enumerate(questions, start=3):
        _header(ws, lists, col, question, form_lang, len(subs) + 1)
    for row, sub in enumerate(subs, start=2):
        project = run.record.projects.get(sub.project)
        ws.cell(row, 1, sub.project)
        ws.cell(row, 2, project.name if project else "")
        for col, question in enumerate(questions, start=3):
            value = shown_value(question, sub.answers.get(question.id), form_lang)
            cell = ws.cell(row, col, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # an answer is text, never a formula
            cell.protection = Protection(locked=False)
            if question.type == "date":
                cell.number_format = "DD.MM.YYYY" if form_lang == "de" else "YYYY-MM-DD"
    ws.freeze_panes = "C2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.protection.sheet = True
    meta = wb.create_sheet(SHEET)
    meta.append([round_mark(rd)])
    meta.append([x.id for x in questions] or [None])
    meta.append([s.project for s in subs] or [None])
    _copy_values(ws, meta, len(subs), len(questions))
    meta.sheet_state = lists.sheet_state = "hidden"
    path = output or rd.corrections_workbook
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(wb, path)
    return path


def _copy_values(ws: Worksheet, meta: Worksheet, rows: int, cols: int) -> None:
    """The answers as exported, from row 4 of the hidden sheet on (the main sheet's row 2
    on): import compares each cell with them, so only what a person changed is recorded."""
    for row in range(2, rows + 2):
        for col in range(3, cols + 3):
            source = ws.cell(row, col)
            copy = meta.cell(row + 2, col, source.value)
            copy.data_type = source.data_type


def _header(
    ws: Worksheet, lists: Worksheet, col: int, question: Question, lang: str, last: int
) -> None:
    cell = ws.cell(1, col, f"{question.number} {question.label.get(lang)}")
    cell.font = Font(bold=True)
    letter = get_column_letter(col)
    ws.column_dimensions[letter].width = 24
    options = _options(question, lang)
    if question.type == "select_multiple":
        text = t("correct.note_multiple", lang, choices="; ".join(options))
        cell.comment = Comment(text, "praxis")
    elif options and last >= 2:
        for i, option in enumerate(options, start=1):
            lists.cell(i, col, option)
        source = f"{quote_sheetname(LISTS)}!${letter}$1:${letter}${len(options)}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        validation.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(validation)


def _options(question: Question, lang: str) -> list[str]:
    if question.type == "yes_no":
        return [t("form.yes", lang), t("form.no", lang)]
    if question.type not in ("select_one", "select_multiple"):
        return []
    labels = [c.label.get(lang) for c in question.choices]
    return [*labels, t("value.other", lang)] if question.other else labels


def _save(wb: Workbook, path: Path) -> None:
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue())


@writes_round("round_dir")
def import_workbook(round_dir: Path, file: Path, reason: str, lang: str | None = None) -> Done:
    """Record every changed cell of the corrections workbook ``file`` as a correction for
    ``reason`` (all of them, or none when any cell is bad: :class:`WorkbookRefused`)."""
    run = Ingest(round_dir, lang)
    try:
        wb = load_workbook(file, data_only=True)
    except Exception as exc:  # not a workbook at all: said as such
        raise WorkbookRefused(t("correct.not_workbook", run.lang, file=file.name)) from exc
    if SHEET not in wb.sheetnames or wb[SHEET]["A1"].value != round_mark(run.rd):
        raise WorkbookRefused(t("correct.other_round", run.lang, file=file.name))
    meta = wb[SHEET]
    ids = [c.value for c in meta[2] if c.value]
    projects = [c.value for c in meta[3] if c.value]
    ws = wb.worksheets[0]
    with open_store(run) as store:
        subs = {s.project: s for s in store.submissions()}
        changes = []
        for row, project in enumerate(projects, start=2):
            given = ws.cell(row, 1).value
            if str(given or "").strip() != project or project not in subs:
                where = f"{ws.title}!A{row}"
                message = t("correct.edited_id", run.lang, file=file.name, cell=where, id=project)
                raise WorkbookRefused(message)
            for col, qid in enumerate(ids, start=3):
                cell = ws.cell(row, col)
                if _same(cell.value, meta.cell(row + 2, col).value):
                    continue
                where = f"{ws.title}!{cell.coordinate}"
                typed = cell.value.date() if isinstance(cell.value, dt.datetime) else cell.value
                changes.append((subs[project], Change(project, qid, typed, str(typed), where)))
        return record(run, store, changes, reason, refuse=WorkbookRefused)


def _same(value: Any, before: Any) -> bool:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = value.strip() or None
    if isinstance(before, str):
        before = before.strip() or None
    return bool(value == before)
