"""``praxis translate``: the workbook for a translator, and its translations recorded.

The export has one row per text answer written in another language than the target (see
:mod:`pipeline.review.translation`): project id and name, question number, answer key,
question (in the target language), source language and text, the translation (pre-filled
with the one recorded, so a second export continues the work) and a note. The header is
frozen, the sheet protected but for the translation and the note. A hidden sheet names the
round, the target language and each row's project and answer key: the import refuses a
workbook of another round and a row whose ids were edited, naming the cell.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils.exceptions import InvalidFileException

from pipeline.definition.loading import load_questionnaire
from pipeline.errors import UsageError
from pipeline.locale.texts import t
from pipeline.returns.answers import current_submissions
from pipeline.returns.store import Store, Submission
from pipeline.review.corrections import Correction, CorrectionKind, add_correction
from pipeline.review.translation import TextAnswer, text_answers, translatable, translations
from pipeline.review.who import current_user
from pipeline.round.folder import RoundDir, RoundRecord, write_stream_atomic
from pipeline.round.lock import writes_round

SHEET, META = "Übersetzung", "praxis"
COLUMNS = ("project", "name", "number", "key", "question", "language", "source", "target", "note")
WIDTHS = (10, 28, 8, 22, 40, 10, 60, 60, 30)
TARGET, NOTE = COLUMNS.index("target") + 1, COLUMNS.index("note") + 1
WRAP = Alignment(wrap_text=True, vertical="top")


def round_identity(record: RoundRecord) -> str:
    """What names a round in its workbooks: questionnaire, version and when it was made."""
    return f"{record.questionnaire}/{record.version}/{record.created}"


def _label(a: TextAnswer, to: str) -> str:
    label = a.question.label.get(to)
    return label if a.key == a.question.id else f"{label} – {t('translation.other', to)}"


def _rows(rd: RoundDir, record: RoundRecord, to: str) -> list[list[Any]]:
    q = load_questionnaire(rd.definition, to)
    texts = [a for s in current_submissions(rd) for a in text_answers(q, record, s, to)]
    texts.sort(key=lambda a: a.project)
    done: dict[tuple[str, str], Any] = {}
    if texts and rd.store.exists():
        with Store(rd.store) as store:
            done = translations(store, texts, to)
    rows = []
    for a in texts:
        name = record.projects[a.project].name if a.project in record.projects else a.project
        target = done.get((a.project, a.key), "")
        row = [a.project, name, a.question.number, a.key, _label(a, to), a.language, a.text]
        rows.append([*row, target, ""])
    return rows


def _sheet(book: Workbook, rows: list[list[Any]], to: str) -> None:
    sheet = book.active
    sheet.title = SHEET
    sheet.append([t(f"translation.col.{c}", to, language=to) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = WRAP
    for row in rows:
        sheet.append(row)
    for n, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(1, n).column_letter].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = WRAP
            if cell.column in (TARGET, NOTE):
                cell.protection = Protection(locked=False)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False


def _meta(book: Workbook, record: RoundRecord, rows: list[list[Any]], to: str) -> None:
    meta = book.create_sheet(META)
    meta.append(["round", round_identity(record)])
    meta.append(["to", to])
    for row in rows:
        meta.append([row[0], row[3]])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int


def export_translations(
    round_dir: Path, to: str | None = None, out: Path | None = None
) -> Exported:
    """Write the translator's workbook into ``to`` (default: the round's language) as
    ``out`` (default ``R/translations/uebersetzung-<to>.xlsx``)."""
    rd = RoundDir(round_dir)
    record = rd.load()
    to = to or record.language
    rows = _rows(rd, record, to)
    book = Workbook()
    _sheet(book, rows, to)
    book.active.page_setup.paperSize = book.active.PAPERSIZE_A4
    _meta(book, record, rows, to)
    path = out or rd.translations(to)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_stream_atomic(path, book.save)
    return Exported(path, len(rows))


# --- import ------------------------------------------------------------------------------------


@dataclass
class Imported:
    """What ``praxis translate import`` recorded: the translations, those unchanged, and
    the rows left out with the reason (their source text changed since the export)."""

    language: str
    recorded: list[Correction] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)


def _open(path: Path, lang: str) -> Any:
    try:
        return load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError, BadZipFile) as exc:
        raise UsageError(t("translation.unreadable", lang, file=path.name)) from exc


def _check_meta(book: Any, record: RoundRecord, path: Path, lang: str) -> tuple[str, list]:
    """The workbook's target language and row ids, when it is this round's."""
    if META not in book.sheetnames or SHEET not in book.sheetnames:
        raise UsageError(t("translation.not_ours", lang, file=path.name))
    meta = [[c.value for c in row] for row in book[META].iter_rows(max_col=2)]
    if len(meta) < 2 or meta[0][1] != round_identity(record):
        raise UsageError(t("translation.other_round", lang, file=path.name))
    return str(meta[1][1]), [tuple(r) for r in meta[2:]]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _row_ids(sheet: Any, n: int, ids: list, keys: set[str], path: Path, lang: str) -> None:
    """Refuse the workbook when row ``n`` names an unknown question or its project id or
    answer key was edited (an empty row below the exported ones is left alone)."""
    project, key = _text(sheet.cell(n, 1).value), _text(sheet.cell(n, 4).value)
    if n - 2 >= len(ids) and not any(_text(c.value) for c in sheet[n]):
        return
    if key and key not in keys:
        cell = sheet.cell(n, 4).coordinate
        raise UsageError(t("translation.unknown_question", lang, file=path.name, cell=cell))
    expected = ids[n - 2] if n - 2 < len(ids) else (None, None)
    for column, value, want in ((1, project, expected[0]), (4, key, expected[1])):
        if value != _text(want):
            cell = sheet.cell(n, column).coordinate
            raise UsageError(t("translation.edited_id", lang, file=path.name, cell=cell))


@writes_round("round_dir")
def import_translations(round_dir: Path, path: Path, lang: str | None = None) -> Imported:
    """Record each filled translation cell of the workbook at ``path`` as a correction of
    kind ``translation`` (unchanged ones skipped; a row whose source text the project has
    changed since the export is left out with a note), then rewrite the reports of the
    projects translated."""
    from pipeline.returns.ingest import Ingest

    run = Ingest(round_dir, lang)
    book = _open(path, run.lang)
    to, ids = _check_meta(book, run.record, path, run.lang)
    sheet, keys = book[SHEET], {key for key, _ in translatable(run.q)}
    for n in range(2, max(sheet.max_row, len(ids) + 1) + 1):
        _row_ids(sheet, n, ids, keys, path, run.lang)
    result = Imported(to)
    if not run.rd.store.exists():
        return result
    subs = {s.project: s for s in current_submissions(run.rd)}
    with Store(run.rd.store) as store:
        with store.transaction() as db:
            for n in range(2, len(ids) + 2):
                _import_row(Row(db, store, sheet, n, path, run.lang), subs, to, result)
        for project in sorted({c.project for c in result.recorded}):
            run.refresh(store, project, changed=False)
    return result


@dataclass(frozen=True)
class Row:
    """Row ``n`` of the workbook at ``path`` being imported in a store transaction."""

    db: sqlite3.Connection
    store: Store
    sheet: Any
    n: int
    path: Path
    lang: str


def _import_row(row: Row, subs: dict[str, Submission], to: str, result: Imported) -> None:
    """Record row ``row``'s translation, unless empty, unchanged or of a changed text."""
    sheet, n, lang, path = row.sheet, row.n, row.lang, row.path
    project, key = _text(sheet.cell(n, 1).value), _text(sheet.cell(n, 4).value)
    target = _text(sheet.cell(n, TARGET).value)
    if not target:
        return
    source = sheet.cell(n, TARGET - 1).value
    sub = subs.get(project)
    current = sub.answers.get(key) if sub is not None else None
    if current != source:
        cell = sheet.cell(n, TARGET - 1).coordinate
        result.notes.append(t("translation.source_changed", lang, file=path.name, cell=cell))
        return
    text = TextAnswer(project, key, None, "", current)  # type: ignore[arg-type]
    if translations(row.store, [text], to).get((project, key)) == target:
        result.unchanged += 1
        return
    note = _text(sheet.cell(n, NOTE).value)
    correction = Correction(
        project=project,
        question=key,
        value=target,
        original=current,
        reason=note or t("translation.reason", lang),
        submission=sub.id,
        kind=CorrectionKind.TRANSLATION,
        language=to,
        who=current_user(),
    )
    add_correction(row.db, correction)
    result.recorded.append(correction)
