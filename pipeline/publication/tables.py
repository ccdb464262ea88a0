"""``praxis aggregate``: the round's current answers as tables, exported to Excel and CSV.

:func:`build_tables` turns the current submissions into pandas DataFrames (no file I/O);
:func:`write_tables` writes ``answers.xlsx`` (one sheet per table, see
:mod:`pipeline.publication.workbook`) and CSV files beside it;
:func:`aggregate_round` does both for a round folder, into ``DIR/tables/``.

Every frame has ``object`` columns, so values stay exactly as stored (``1234`` stays an int).
Output is deterministic: equal input gives equal bytes. A text that a spreadsheet program could
run as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return at the start) is written as a
text cell in Excel, exactly as typed; the CSV files are written by :mod:`pipeline.round.csvfile`
(``;`` and decimal commas by default, every field quoted, formula starts neutralised).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import statistics
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd

from pipeline.definition.answers_schema import answers_check, count_words
from pipeline.definition.loading import load_questionnaire
from pipeline.definition.question_types import QUESTION_TYPES, kind_of, qtype
from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.locale.formatting import table_date
from pipeline.locale.texts import has_text, t
from pipeline.publication import csv_process
from pipeline.publication.answers import (
    answer_text,
    answered,
    as_text,
    display,
    group_question,
    heading,
    option_label,
    option_values,
    picked,
    yes_no,
)
from pipeline.publication.workbook import DateText, Layout, is_number, prepare_workbook
from pipeline.returns.answers import current_submissions
from pipeline.returns.media import MediaFile, kind_text, round_media, via_text
from pipeline.returns.store import Submission
from pipeline.round.csvfile import DEFAULT_SEPARATOR, write_rows
from pipeline.round.csvfile import csv_cell as csv_cell  # tests and callers import it from here
from pipeline.round.folder import RoundDir, RoundRecord, write_stream_atomic
from pipeline.round.lock import writes_round

NUMERIC = tuple(name for name, kind in QUESTION_TYPES.items() if kind.numeric)
"""The types whose answers are numbers (integer, decimal, scale): summarised, kept as numbers."""
CHOICE_TYPES = ("select_one", "select_multiple", "yes_no")
"""The most characters an Excel cell holds."""
WORKBOOK = "answers.xlsx"
TABLES_DIR = "tables"


@dataclass
class Tables:
    """The aggregated answers of a round; see the module doc and :func:`build_tables`."""

    wide: pd.DataFrame
    wide_keys: dict[str, str]
    """Column of ``wide`` -> answer key: a question id, ``<id>_other`` for the "other" text,
    ``<id>=<value>`` for the 0/1 column of an option; the project columns map to
    ``project_id`` and ``project``."""
    tables: dict[str, pd.DataFrame]
    long: pd.DataFrame
    choices: pd.DataFrame
    by_group: pd.DataFrame
    numbers: pd.DataFrame
    words: pd.DataFrame
    completeness: pd.DataFrame
    status: pd.DataFrame
    table_numbers: dict[str, str] = field(default_factory=dict)
    """Table question id -> its number (for sheet names)."""
    media: pd.DataFrame | None = None
    """Every creative answer of the round (project, file, kind, size, received, ...); None
    when the round has none (then neither this sheet nor the wide table's column is made)."""


@dataclass(frozen=True)
class _Round:
    """What every builder needs: the questionnaire, the record, sorted submissions, language."""

    q: Questionnaire
    record: RoundRecord
    subs: list[Submission]
    lang: str

    def col(self, key: str) -> str:
        return t(f"tables.col.{key}", self.lang)

    def name(self, pid: str) -> str:
        project = self.record.projects.get(pid)
        return project.name if project else ""

    def questions(self, *types: str) -> list[Question]:
        return [x for x in self.q.answerable() if not types or x.type in types]


def date_cell(value: Any, lang: str) -> Any:
    """A date (or ISO text, a store timestamp) as its table text (:func:`table_date`) that the
    workbook writes as a date cell; another value as it is."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and len(value) >= 10:
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return DateText(table_date(value, lang), value)
    return table_date(value, lang) if value in (None, "") else value


def _shown(f: Any, value: Any, lang: str) -> Any:
    """:func:`display`, a date answer as a date cell (:func:`date_cell`)."""
    if f.type == "date" and isinstance(value, str) and answered(value):
        return date_cell(value, lang)
    return display(f, value, lang)


# --- frames -------------------------------------------------------------------------------


def _frame(rows: list[list[Any]] | list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    """An ``object`` frame; large tables pass rows as lists (a third of a dict's memory)."""
    return pd.DataFrame(rows, columns=columns, dtype=object)


# --- wide ---------------------------------------------------------------------------------


def _option_cells(question: Question, value: Any, head: str, lang: str) -> Iterator[tuple]:
    chosen = picked(question, value)
    for option in option_values(question):
        cell = int(option in chosen) if answered(value) else None
        yield f"{head}: {option_label(question, option, lang)}", f"{question.id}={option}", cell


def _cells(question: Question, answers: Mapping[str, Any], lang: str) -> Iterator[tuple]:
    """(column, answer key, value) of one question in the wide table."""
    head = heading(question, lang)
    value = answers.get(question.id)
    yield head, question.id, _shown(question, value, lang)
    if kind_of(question).many:
        yield from _option_cells(question, value, head, lang)
    if question.other:
        other = answers.get(question.other_id)
        text = other if answered(other) else None
        yield f"{head}: {t('tables.other_text', lang)}", question.other_id, text


def _values(question: Question, answers: Mapping[str, Any], lang: str) -> Iterator[Any]:
    """The values of :func:`_cells` alone (a row of the wide table needs no headings)."""
    value = answers.get(question.id)
    yield _shown(question, value, lang)
    if kind_of(question).many:
        given, chosen = answered(value), picked(question, value)
        for option in option_values(question):
            yield int(option in chosen) if given else None
    if question.other:
        other = answers.get(question.other_id)
        yield other if answered(other) else None


def _wide(r: _Round) -> tuple[pd.DataFrame, dict[str, str]]:
    questions = [x for x in r.questions() if x.type != "table"]
    heads = [(r.col("project_id"), "project_id"), (r.col("project"), "project")]
    heads += [(col, key) for x in questions for col, key, _ in _cells(x, {}, r.lang)]
    rows = []
    for s in r.subs:
        cells = (v for x in questions for v in _values(x, s.answers, r.lang))
        rows.append([s.project, r.name(s.project), *cells])
    return _frame(rows, [col for col, _ in heads]), dict(heads)


# --- tables, long -------------------------------------------------------------------------


def _table_frame(r: _Round, question: Question) -> pd.DataFrame:
    """The valid rows of a table question (a row with a cell kept as typed is left out)."""
    labels = [c.label.get(r.lang) for c in question.columns]
    columns = [r.col("project_id"), r.col("row"), *labels]
    rows = []
    valid = answers_check(qtype("table").answer_schema(question)["items"])
    for s in r.subs:
        value = s.answers.get(question.id)
        entries = [e for e in value if isinstance(e, Mapping)] if isinstance(value, list) else []
        for number, entry in enumerate(entries, start=1):
            if not valid(entry):
                continue
            cells = [_shown(c, entry.get(c.id), r.lang) for c in question.columns]
            rows.append([s.project, number, *cells])
    return _frame(rows, columns)


class _LongQuestion:
    """A question of the long table, its labels looked up once (not once an answer).

    :meth:`items`: (key, label, text) of each given answer to the question, its "other" text
    included; a number stays a number (so that a CSV file writes it in its convention: ``2,5``
    with ``;``, never a ``2.5`` that German Excel would read as a date)."""

    def __init__(self, question: Question, lang: str) -> None:
        self.question, self.lang = question, lang
        self.numeric = question.type in NUMERIC
        self.label = question.label.get(lang)
        self.other_label = f"{self.label}: {t('tables.other_text', lang)}"

    def items(self, answers: Mapping[str, Any]) -> Iterator[tuple]:
        question = self.question
        value = answers.get(question.id)
        if answered(value) and self.numeric and is_number(value):
            yield question.id, self.label, value  # a number, in every export
        elif answered(value):
            yield question.id, self.label, answer_text(question, value, self.lang)
        other = answers.get(question.other_id) if question.other else None
        if answered(other):
            yield question.other_id, self.other_label, as_text(other)


def _long(r: _Round) -> pd.DataFrame:
    keys = ("project_id", "project", "question_id", "number", "question", "value")
    columns = [r.col(k) for k in keys]
    questions = [_LongQuestion(x, r.lang) for x in r.questions()]
    rows = []
    for s in r.subs:
        name = r.name(s.project)
        for x in questions:
            for key, label, text in x.items(s.answers):
                rows.append([s.project, name, key, x.question.number, label, text])
    return _frame(rows, columns)


# --- choices ------------------------------------------------------------------------------

_CHOICE_KEYS = ("question_id", "number", "question", "choice_value", "choice", "count")
_CHOICE_KEYS += ("answered", "share")


def _choice_rows(r: _Round, question: Question, answers: list[Mapping[str, Any]]) -> list[dict]:
    """Counts per option of ``question``; the share is of the projects that answered it."""
    picks = [picked(question, a.get(question.id)) for a in answers]
    picks = [p for p in picks if p]
    counts = Counter(v for p in picks for v in p)
    known = option_values(question)
    n = len(picks)
    rows = []
    for value in known + sorted(set(counts) - set(known)):
        share = round(counts[value] / n, 4) if n else None
        label = option_label(question, value, r.lang)
        values = (question.id, question.number, question.label.get(r.lang), value, label)
        values += (counts[value], n, share)
        rows.append(dict(zip([r.col(k) for k in _CHOICE_KEYS], values, strict=True)))
    return rows


def _choices(r: _Round) -> pd.DataFrame:
    answers = [s.answers for s in r.subs]
    rows = [row for x in r.questions(*CHOICE_TYPES) for row in _choice_rows(r, x, answers)]
    return _frame(rows, [r.col(k) for k in _CHOICE_KEYS])


def _group_title(r: _Round, group: Question | None) -> str:
    if group and group.compendium and group.compendium.heading:
        return group.compendium.heading.get(r.lang)
    return r.col("group")


def _by_group(r: _Round) -> pd.DataFrame:
    """Choice counts per group (field of action): one block per group that has projects."""
    group = group_question(r.q)
    title = _group_title(r, group)
    head = [r.col("group_value"), title, r.col("group_projects")]
    columns = head + [r.col(k) for k in _CHOICE_KEYS]
    if group is None:
        return _frame([], columns)
    members: dict[str, list[Mapping[str, Any]]] = {}
    for s in r.subs:
        for value in sorted(picked(group, s.answers.get(group.id))):
            members.setdefault(value, []).append(s.answers)
    others = [x for x in r.questions(*CHOICE_TYPES) if x.id != group.id]
    order = option_values(group) + sorted(set(members) - set(option_values(group)))
    rows = []
    for value in (v for v in order if v in members):
        block = [value, option_label(group, value, r.lang), len(members[value])]
        for x in others:
            rows += [
                dict(zip(head, block, strict=True)) | row
                for row in _choice_rows(r, x, members[value])
            ]
    return _frame(rows, columns)


# --- numbers, words, completeness, status -------------------------------------------------


def _summary(values: list[Any]) -> list[Any]:
    if not values:
        return [0, None, None, None, None]
    mean = round(statistics.fmean(values), 4)
    return [len(values), min(values), statistics.median(values), max(values), mean]


def _numbers(r: _Round) -> pd.DataFrame:
    keys = ("question_id", "number", "question", "count", "min", "median", "max", "mean")
    columns = [r.col(k) for k in keys]
    rows = []
    for x in r.questions(*NUMERIC):
        values = [s.answers.get(x.id) for s in r.subs]
        stats = _summary([v for v in values if is_number(v)])
        row = [x.id, x.number, x.label.get(r.lang), *stats]
        rows.append(dict(zip(columns, row, strict=True)))
    return _frame(rows, columns)


def _words(r: _Round) -> pd.DataFrame:
    keys = ("project_id", "project", "question_id", "number", "question", "words")
    columns = [r.col(k) for k in keys]
    rows = []
    for s in r.subs:
        for x in r.questions("long_text"):
            text = s.answers.get(x.id)
            if isinstance(text, str) and text.strip():
                row = [s.project, r.name(s.project), x.id, x.number, x.label.get(r.lang)]
                rows.append([*row, count_words(text)])
    return _frame(rows, columns)


def completeness_state(question: Question, answers: Mapping[str, Any], lang: str) -> str:
    """``beantwortet``/``fehlt``/``entfällt`` (the question's condition is not met)."""
    if answered(answers.get(question.id)):
        return t("tables.answered", lang)
    if question.when is not None and not question.when.holds(answers):
        return t("tables.not_applicable", lang)
    return t("tables.missing", lang)


def _completeness(r: _Round) -> pd.DataFrame:
    questions = r.questions()
    columns = [r.col("project_id"), r.col("project"), *(heading(x, r.lang) for x in questions)]
    rows = []
    for s in r.subs:
        states = (completeness_state(x, s.answers, r.lang) for x in questions)
        rows.append([s.project, r.name(s.project), *states])
    return _frame(rows, columns)


def outcome_text(outcome: str, lang: str) -> str:
    key = f"outcome.{outcome}"
    return t(key, lang) if has_text(key) else outcome


def _status(r: _Round) -> pd.DataFrame:
    keys = ("project_id", "project", "organisation", "returned", "outcome", "received", "errors")
    columns = [r.col(k) for k in keys]
    current = {s.project: s for s in r.subs}
    rows = []
    for p in r.record.projects.values():
        s = current.get(p.id)
        errors = sum(1 for i in s.issues if i.get("severity") == "error") if s else 0
        facts = (
            [outcome_text(s.outcome, r.lang), date_cell(s.received, r.lang), errors]
            if s
            else ["", "", 0]
        )
        row = [p.id, p.name, p.organisation, yes_no(s is not None, r.lang), *facts]
        rows.append(dict(zip(columns, row, strict=True)))
    return _frame(rows, columns)


def build_tables(
    q: Questionnaire,
    record: RoundRecord,
    submissions: list[Submission],
    lang: str,
    media: Mapping[str, list[MediaFile]] | None = None,
) -> Tables:
    """The round's tables from the current submissions (one per project; no file I/O);
    ``media``: the creative answers by project (:func:`pipeline.returns.media.media_files`)."""
    r = _Round(q, record, sorted(submissions, key=lambda s: s.project), lang)
    wide, keys = _wide(r)
    if media:
        wide, keys = _with_media_column(r, wide, keys, media)
    table_questions = r.questions("table")
    return Tables(
        wide=wide,
        wide_keys=keys,
        tables={x.id: _table_frame(r, x) for x in table_questions},
        long=_long(r),
        choices=_choices(r),
        by_group=_by_group(r),
        numbers=_numbers(r),
        words=_words(r),
        completeness=_completeness(r),
        status=_status(r),
        table_numbers={x.id: x.number for x in table_questions},
        media=_media(r, media) if media else None,
    )


def _with_media_column(
    r: _Round, wide: pd.DataFrame, keys: dict[str, str], media: Mapping[str, list[MediaFile]]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The wide table with a last column listing each project's creative answers."""
    column = r.col("media_files")
    names = ["; ".join(m.name for m in media.get(s.project, [])) or None for s in r.subs]
    wide = wide.copy()
    wide[column] = pd.Series(names, index=wide.index, dtype=object)
    return wide, {**keys, column: "media"}


def _media(r: _Round, media: Mapping[str, list[MediaFile]]) -> pd.DataFrame:
    """One row per creative answer, by project, then as received."""
    keys = ("project_id", "project", "file", "kind", "size", "received", "via", "mail")
    rows = [
        [
            m.project,
            r.name(m.project),
            m.name,
            kind_text(m.kind, r.lang),
            m.size,
            date_cell(m.received, r.lang),
            via_text(m.via, r.lang),
            m.mail or None,
        ]
        for project in sorted(media)
        for m in media[project]
    ]
    return _frame(rows, [r.col(k) for k in keys])


# --- export -------------------------------------------------------------------------------


def write_csv(frame: pd.DataFrame, handle: BinaryIO, sep: str = DEFAULT_SEPARATOR) -> None:
    """The frame as CSV into ``handle`` (see :mod:`pipeline.round.csvfile`), streamed row by row."""
    rows = frame.itertuples(index=False, name=None)
    write_rows(itertools.chain([list(frame.columns)], rows), handle, sep)


def csv_bytes(frame: pd.DataFrame, sep: str = DEFAULT_SEPARATOR) -> bytes:
    """The CSV of ``frame`` as bytes (see :func:`write_csv`)."""
    buffer = io.BytesIO()
    write_csv(frame, buffer, sep)
    return buffer.getvalue()


def _exports(tables: Tables, lang: str) -> list[tuple[str, str, pd.DataFrame]]:
    """(sheet name, CSV file name, frame) of everything written."""
    items = [
        ("wide", "answers.csv", tables.wide),
        ("long", "answers_long.csv", tables.long),
        ("choices", "choices.csv", tables.choices),
        ("by_group", "choices_by_group.csv", tables.by_group),
        ("numbers", "numbers.csv", tables.numbers),
        ("words", "words.csv", tables.words),
        ("completeness", "completeness.csv", tables.completeness),
        ("status", "status.csv", tables.status),
    ]
    out = [(t(f"tables.sheet.{key}", lang), name, frame) for key, name, frame in items]
    for qid, frame in tables.tables.items():
        sheet = t("tables.sheet.table", lang, number=tables.table_numbers.get(qid, qid))
        out.append((sheet, f"table_{qid}.csv", frame))
    if tables.media is not None:
        out.append((t("tables.sheet.media", lang), "media.csv", tables.media))
    return out


_THOUSANDS = "#,##0"
_COUNTS = ("count", "answered")
_LAYOUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "choices.csv": _COUNTS,
    "choices_by_group.csv": ("group_projects", *_COUNTS),
    "numbers.csv": ("count",),
    "words.csv": ("words",),
    "status.csv": ("errors",),
    "media.csv": ("size",),
}
"""The count columns of each export, shown with thousands separators."""


def workbook_layout(lang: str) -> Layout:
    """Dates in ``lang``'s format, shares as percent, counts with thousands separators."""
    percent = t("tables.format.percent", lang)
    columns = {
        name: {t(f"tables.col.{key}", lang): _THOUSANDS for key in keys}
        for name, keys in _LAYOUT_COLUMNS.items()
    }
    for name in ("choices.csv", "choices_by_group.csv"):
        columns[name][t("tables.col.share", lang)] = percent
    return Layout(date_format=t("tables.format.date", lang), columns=columns)


def write_tables(
    tables: Tables, out_dir: Path, lang: str, csv_sep: str = DEFAULT_SEPARATOR
) -> list[Path]:
    """Write ``answers.xlsx`` and the CSV files (separated by ``csv_sep``) into ``out_dir``;
    the paths written."""
    exports = _exports(tables, lang)
    target = out_dir / WORKBOOK
    files = [(out_dir / name, partial(write_csv, frame, sep=csv_sep)) for _, name, frame in exports]
    out_dir.mkdir(parents=True, exist_ok=True)
    child = csv_process.start(files, sum(frame.size for _, _, frame in exports))
    try:
        workbook = prepare_workbook(exports, workbook_layout(lang))  # rendered and checked
        with ThreadPoolExecutor(max_workers=1) as pool:  # zipped while the CSVs are written
            zipped = pool.submit(write_stream_atomic, target, workbook.write)
            try:
                if child is None:
                    for path, write in files:
                        write_stream_atomic(path, write)
            finally:
                zipped.result()
    except BaseException:
        if child is not None:
            child.discard()
        raise
    if child is not None and not child.finish():  # the child failed: named when written here
        for path, write in files:
            write_stream_atomic(path, write)
    return [target, *(path for path, _ in files)]


@writes_round("round_dir")
def aggregate_round(
    round_dir: Path, lang: str | None = None, csv_sep: str = DEFAULT_SEPARATOR
) -> list[Path]:
    """Build the round's tables and write them into ``round_dir/tables/`` (CSV files
    separated by ``csv_sep``: ``;`` with decimal commas, or ``,`` with decimal points)."""
    rd = RoundDir(round_dir)
    record = rd.load()
    lang = lang or record.language
    q = load_questionnaire(rd.definition, lang)
    tables = build_tables(q, record, current_submissions(rd), lang, round_media(rd))
    return write_tables(tables, rd.root / TABLES_DIR, lang, csv_sep)
