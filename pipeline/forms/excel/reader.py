"""Read a returned Excel form: identification and every answer as found, with its cell.

The very-hidden sheet ``praxis_meta`` records the form's own row -> question mapping; a form
whose mapping is missing, contradicts itself or does not fit the round's questionnaire
exactly is refused, never guessed. Rows are found by the number the form's own mapping gives
each question, in the column headed "Nr." of the main sheet, and answers below the heading
"Antwort", so columns or rows a user inserted, deleted or moved do not shift answers; option
and "other" rows are found by their labels below the question row (else by their distance
from it). The metadata sheet also supplies the identification and, as a fallback, the cells
the form was built with. A cell holding the question's own label or hint is no answer.
Nothing is validated here: select labels become choice values, yes/no words become booleans,
everything else is reported as stored (numbers as numbers, typed text as text, dates as
``datetime.date``).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException

from pipeline.definition.coerce import choice_key, choice_value, clean_text, parse_bool
from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire
from pipeline.errors import FormError
from pipeline.forms.content import PROPERTY_PREFIX, FormContent, Identification, RawAnswer
from pipeline.forms.excel.writer import (
    COL_ANSWER,
    COL_HINT,
    COL_NUMBER,
    COL_QUESTION,
    META_HEADER,
    META_SHEET,
    cell_ref,
    hint_text,
)
from pipeline.locale.library import library_detail
from pipeline.locale.texts import LANGUAGES, t
from pipeline.problems import Problem, Severity

MAX_PART_BYTES = 50 * 1024 * 1024
"""A zip part larger than this when unpacked is not read (a zip bomb or not a form)."""

Grid = Sequence[Sequence[Any]]
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_MARK_FALSE = {"nein", "no", "n", "0", "false", "falsch", "☐", "-", "–"}


def read_xlsx(path: Path, q: Questionnaire, lang: str | None = None) -> FormContent:
    """Everything found in the Excel form ``path`` of questionnaire ``q``.

    Raises FormError when the file is no readable .xlsx workbook. ``lang`` is the language
    of the warnings (default: the form's own).
    """
    path = Path(path)
    package = read_package(path, lang or q.default_language, lazy=True)
    grids = read_grids(path, lang or q.default_language)
    meta = Meta.parse(grids.get(META_SHEET))
    content = FormContent(path, "xlsx", None)
    lang = lang or meta.values.get("language") or q.default_language
    content.identification = _identification(meta, package.properties, content, lang)
    untrusted = mapping_problems(q, meta, lang) if content.identification else []
    if untrusted:  # (a form without identification is refused for that by ingest)
        detail = "; ".join(untrusted[:3]) + ("; …" if len(untrusted) > 3 else "")
        raise FormError(t("excel.untrusted_layout", lang, detail=detail))
    layout = locate(q, grids, meta, lang)
    cells = _Cells(grids, package, content, lang, q)
    content.problems += [_with_file(p, path) for p in layout.problems]
    for question in q.answerable():
        _read_question(question, layout, cells, content)
    return content


# --- the zip package: size limits, formulas, error values, custom properties ---------------


@dataclass
class Package:
    """What the reader needs from the raw parts: custom properties and odd cells per sheet."""

    properties: dict[str, str] = field(default_factory=dict)
    formulas: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    unscanned: dict[str, str] = field(default_factory=dict, repr=False)
    archive: zipfile.ZipFile | None = field(default=None, repr=False, compare=False)

    def odd(self, sheet: str) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        """The formula cells and error values of ``sheet``, scanned now if not done yet."""
        part = self.unscanned.pop(sheet, None)
        if part is not None and self.archive is not None:
            self.formulas[sheet], self.errors[sheet] = _scan(self.archive, part)
        return self.formulas.get(sheet, set()), self.errors.get(sheet, {})


_READ_ERRORS = (zipfile.BadZipFile, OSError, etree.XMLSyntaxError, KeyError, ValueError)


def _unreadable(path: Path, exc: BaseException, lang: str) -> FormError:
    detail = library_detail(exc, lang)
    return FormError(t("excel.unreadable", lang, file=path.name, detail=detail))


def read_package(path: Path, lang: str = "en", lazy: bool = False) -> Package:
    """Custom properties, formula cells and error cells, read with a safe XML parser.

    With ``lazy`` the file is read into memory once and a sheet is only scanned for formulas
    and error values when first asked for (``Package.odd``).
    """
    try:
        if lazy:
            archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
            _check_sizes(path, archive, lang)
            return _package(archive, lazy=True)
        with zipfile.ZipFile(path) as archive:
            _check_sizes(path, archive, lang)
            return _package(archive)
    except FormError:
        raise
    except _READ_ERRORS as exc:
        raise _unreadable(path, exc, lang) from exc


def _check_sizes(path: Path, archive: zipfile.ZipFile, lang: str) -> None:
    for info in archive.infolist():
        if info.file_size > MAX_PART_BYTES:
            size = f"{info.file_size / 1e6:.0f}"
            raise FormError(
                t(
                    "excel.too_large",
                    lang,
                    file=path.name,
                    part=info.filename,
                    size=size,
                    limit=f"{MAX_PART_BYTES / 1e6:g}",
                )
            )


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name), _PARSER)


def _package(archive: zipfile.ZipFile, lazy: bool = False) -> Package:
    package = Package(archive=archive)
    names = set(archive.namelist())
    if "docProps/custom.xml" in names:
        package.properties = _custom_properties(_xml(archive, "docProps/custom.xml"))
    for sheet, part in _sheet_parts(archive):
        if part in names:
            package.unscanned[sheet] = part
    if not lazy:  # scan every sheet now: the archive is closed afterwards
        for sheet in list(package.unscanned):
            package.odd(sheet)
        package.archive = None
    return package


def _scan(archive: zipfile.ZipFile, part: str) -> tuple[set[tuple[int, int]], dict]:
    """The formula cells and error values of one sheet part (parsed only when it may have any)."""
    data = archive.read(part)
    if _may_be_odd(data):
        return _odd_cells(etree.fromstring(data, _PARSER))
    return set(), {}


_FORMULA_OR_DECLARATION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]|<!")


def _may_be_odd(data: bytes) -> bool:
    """Whether a sheet's XML may hold a formula (<f>, <x:f>) or an error value (t="e").

    Cheap byte searches with false alarms but no misses, so that only such sheets are parsed.
    Declarations (<!DOCTYPE ...>) count too, so that they are rejected as before.
    """
    return b'"e"' in data or b"'e'" in data or _FORMULA_OR_DECLARATION.search(data) is not None


_FORMULA_CELLS = etree.XPath("m:sheetData/m:row/m:c[m:f]", namespaces=_NS)
_ERROR_CELLS = etree.XPath("m:sheetData/m:row/m:c[@t='e']", namespaces=_NS)


def _custom_properties(root: etree._Element) -> dict[str, str]:
    props = {}
    for prop in root.findall("cp:property", _NS):
        value = next(iter(prop), None)
        if value is not None and prop.get("name"):
            props[prop.get("name")] = (value.text or "").strip()
    return props


def _sheet_parts(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(sheet name, zip part) for every sheet of the workbook."""
    rels = _xml(archive, "xl/_rels/workbook.xml.rels")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    workbook = _xml(archive, "xl/workbook.xml")
    for sheet in workbook.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        yield sheet.get("name", ""), posixpath.normpath(part)


def _odd_cells(root: etree._Element) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
    formulas: set[tuple[int, int]] = set()
    errors: dict[tuple[int, int], str] = {}
    for cell in _FORMULA_CELLS(root):
        position = _position(cell.get("r", ""))
        if position is not None:
            formulas.add(position)
    for cell in _ERROR_CELLS(root):
        position = _position(cell.get("r", ""))
        if position is not None:
            errors[position] = cell.findtext("m:v", "#ERROR", _NS)
    return formulas, errors


@lru_cache(maxsize=4096)
def _position(ref: str) -> tuple[int, int] | None:
    """``D14`` -> (14, 4)."""
    try:
        letters, row = coordinate_from_string(ref)
    except (ValueError, CellCoordinatesException):  # a damaged reference is no position
        return None
    return row, column_index_from_string(letters)


# --- cell values ----------------------------------------------------------------------------


def read_grids(path: Path, lang: str = "en") -> dict[str, list[list[Any]]]:
    """Every sheet's values from A1 on (python-calamine; cached values of formulas)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            return {
                name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                for name in workbook.sheet_names
            }
        finally:
            workbook.close()
    except Exception as exc:  # calamine raises its own and plain errors for broken files
        raise _unreadable(path, exc, lang) from exc


def grid_value(grid: Grid | None, row: int, col: int) -> Any:
    """The value at 1-based (row, col), None for empty or outside the sheet."""
    if grid is None or row < 1 or col < 1 or row > len(grid) or col > len(grid[row - 1]):
        return None
    return normal_value(grid[row - 1][col - 1])


def normal_value(value: Any) -> Any:
    """'' and blanks -> None; whole floats -> int; datetimes -> date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


_CONTROL_OR_CR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _meta_text(value: Any) -> str:
    """``clean_text`` of a metadata cell ('' for an empty one), quick for plain text."""
    if value is None or value == "":
        return ""
    if type(value) is str and _CONTROL_OR_CR.search(value) is None:
        return value.strip()
    return clean_text(value)


def _meta_cells(raw: Sequence[Any]) -> list[str]:
    """``_meta_text`` of every cell of a row; one check for a row of plain texts."""
    if all(type(v) is str for v in raw) and _CONTROL_OR_CR.search("\n".join(raw)) is None:
        return [v.strip() for v in raw]
    return [_meta_text(v) for v in raw]


def _label(value: Any) -> str:
    return "" if value is None else clean_text(value).split("\n")[0].strip().casefold()


# --- the metadata sheet ---------------------------------------------------------------------


@dataclass(frozen=True)
class MetaRow:
    key: str
    number: str
    sheet: str
    cell: str
    option: str
    kind: str


@dataclass
class Meta:
    values: dict[str, str] = field(default_factory=dict)
    rows: list[MetaRow] = field(default_factory=list)
    _index: dict[tuple[str, str, str], MetaRow] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _indexed: int = field(default=-1, init=False, repr=False, compare=False)

    @classmethod
    def parse(cls, grid: Grid | None) -> Meta:
        meta = cls()
        mapping = False
        for raw in grid or ():
            cells = _meta_cells(raw)
            cells += [""] * (len(META_HEADER) - len(cells))
            if tuple(cells[: len(META_HEADER)]) == META_HEADER:
                mapping = True
            elif mapping and cells[0]:
                meta.rows.append(MetaRow(*cells[: len(META_HEADER)]))
            elif cells[0]:
                meta.values[cells[0]] = cells[1]
        return meta

    def find(self, key: str, kind: str, option: str = "") -> MetaRow | None:
        """The first mapping row for ``key``, ``kind`` and ``option``."""
        if self._indexed != len(self.rows):  # (re)built when rows were added
            self._index = {}
            for row in self.rows:
                self._index.setdefault((row.key, row.kind, row.option), row)
            self._indexed = len(self.rows)
        return self._index.get((key, kind, option))


# --- the form's own mapping: trusted only when it is whole and fits the round ---------------


def expected_mapping(q: Questionnaire) -> set[tuple[str, str, str]]:
    """(key, kind, option) of every mapping row a form of ``q`` has (see excel_form)."""
    rows: set[tuple[str, str, str]] = set()
    for question in q.answerable():
        rows.add((question.id, "question", ""))
        if question.type == "table":
            rows.add((question.id, "table", ""))
            rows.update((question.id, "column", column.id) for column in question.columns)
        elif question.type == "select_multiple":
            options = [*question.choice_values, *([OTHER] if question.other else [])]
            rows.update((question.id, "option", value) for value in options)
        else:
            rows.add((question.id, "answer", ""))
        if question.other and question.type in ("select_one", "select_multiple"):
            rows.add((question.other_id, "other", ""))
    return rows


def mapping_problems(q: Questionnaire, meta: Meta, lang: str) -> list[str]:
    """Why the form's row -> question mapping cannot be trusted for ``q`` (empty: it can).

    A question of ``q`` the mapping lacks is no reason (a form of an older version): it is
    simply not in the form, and never looked for by its number in ``q``.
    """
    if not meta.rows:
        return [t("excel.layout_missing", lang)]
    expected = _expected_once(q)
    found = [(row.key, row.kind, row.option) for row in meta.rows]
    problems = [_unknown_entry(q, *entry, lang) for entry in found if entry not in expected]
    return problems + _inconsistent(meta, lang)


_EXPECTED: list[tuple[Questionnaire, frozenset[tuple[str, str, str]]]] = []
"""``expected_mapping`` of the last questionnaire read against (once, not once a file)."""


def _expected_once(q: Questionnaire) -> frozenset[tuple[str, str, str]]:
    if not _EXPECTED or _EXPECTED[0][0] is not q:
        _EXPECTED[:] = [(q, frozenset(expected_mapping(q)))]
    return _EXPECTED[0][1]


def _unknown_entry(q: Questionnaire, key: str, kind: str, option: str, lang: str) -> str:
    question = _question_of(q, key)
    if question is None:
        return t("excel.layout_unknown", lang, id=key)
    if kind in ("option", "column") and option:
        return t("excel.layout_unknown_part", lang, id=key, part=option)
    return t("excel.layout_kind", lang, id=key, kind=kind, type=question.type)


def _question_of(q: Questionnaire, key: str) -> Question | None:
    return next((x for x in q.answerable() if key in (x.id, x.other_id)), None)


def _inconsistent(meta: Meta, lang: str) -> list[str]:
    """Contradictions within the mapping: two numbers for a question, one for two, bad cells."""
    problems = []
    numbers: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in meta.rows:
        entry = (row.key, row.kind, row.option)
        if entry in seen or _position(row.cell) is None:
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


def _form_number(question: Question, meta: Meta) -> str | None:
    """The number the form itself shows for ``question`` (None: the form lacks it)."""
    row = meta.find(question.id, "question")
    return row.number if row is not None and row.number else None


def _not_in_form(question: Question, layout: Layout, lang: str) -> None:
    message = t("excel.not_in_form", lang, number=question.number)
    problem = Problem("xlsx.not_in_form", message, Severity.WARNING, question=question.id)
    layout.problems.append(problem)


def _identification(
    meta: Meta, props: Mapping[str, str], content: FormContent, lang: str
) -> Identification | None:
    from_sheet = Identification.from_properties(
        {PROPERTY_PREFIX + k: v for k, v in meta.values.items()}
    )
    from_props = Identification.from_properties(dict(props))
    content.id_sources["sheet"] = {PROPERTY_PREFIX + k: v for k, v in meta.values.items()}
    content.id_sources["properties"] = dict(props)  # ingest refuses a form whose sources differ
    found = from_sheet or from_props
    if found is None:
        message = t("excel.no_identification", lang)
        content.problems.append(_problem("xlsx.no_identification", message, content, error=True))
    return found


def _problem(
    code: str, message: str, content: FormContent, error: bool = False, **kw: str
) -> Problem:
    severity = Severity.ERROR if error else Severity.WARNING
    return Problem(code, message, severity, file=str(content.path), **kw)


def _with_file(problem: Problem, path: Path) -> Problem:
    return Problem(
        problem.code,
        problem.message,
        problem.severity,
        file=str(path),
        question=problem.question,
        location=problem.location,
    )


# --- where the answers are ------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One answer cell: 1-based row and column; ``option`` for a multi-choice option row."""

    key: str
    sheet: str
    row: int
    col: int
    option: str | None = None
    via: str = "row"

    @property
    def ref(self) -> str:
        return cell_ref(self.sheet, f"{get_column_letter(self.col)}{self.row}")


@dataclass(frozen=True)
class TableSlot:
    """A table question's sheet, its header row and the column index of each column id."""

    question: str
    sheet: str
    header_row: int
    columns: dict[str, int]
    via: str = "row"


@dataclass(frozen=True)
class Columns:
    """The main sheet's columns as its headings show them (1-based; None: heading gone)."""

    number: int = COL_NUMBER
    question: int | None = COL_QUESTION
    hint: int | None = COL_HINT
    answer: int = COL_ANSWER
    header_row: int = 0


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


@dataclass
class Layout:
    main_sheet: str | None
    columns: Columns = field(default_factory=Columns)
    slots: dict[str, list[Slot]] = field(default_factory=dict)
    tables: dict[str, TableSlot] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, slot: Slot) -> None:
        self.slots.setdefault(slot.key, []).append(slot)


def main_sheet_name(grids: Mapping[str, Grid], meta: Meta) -> str | None:
    """The sheet with the questions: as the metadata says, else by its name, else the first."""
    candidates = [meta.values.get("main_sheet", "")]
    candidates += [t("excel.sheet_main", lang) for lang in LANGUAGES]
    for name in candidates:
        if name in grids:
            return name
    return next((name for name in grids if name != META_SHEET), None)


def locate(q: Questionnaire, grids: Mapping[str, Grid], meta: Meta, lang: str) -> Layout:
    """Find every answer cell of ``q`` in the sheets ``grids`` (name -> values)."""
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
        if question.type == "table":
            _locate_table(question, grids, meta, layout, lang)
        else:
            _locate_question(question, main, rows, meta, layout, lang)
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
) -> None:
    number = _form_number(question, meta)
    if number is None:
        _not_in_form(question, layout, lang)
        return
    found = rows.get(number)
    if found is None:
        _by_meta(question, meta, layout, lang)
        return
    row, end = found
    sheet, columns = layout.main_sheet or "", layout.columns
    if question.type != "select_multiple":
        layout.add(Slot(question.id, sheet, row, columns.answer))
    built = _meta_row(meta.find(question.id, "question"))
    block = _Block(grid, sheet, row, end, built, columns.question, columns.answer)
    if question.type == "select_multiple":
        for choice_row in block.options(question, meta):
            layout.add(choice_row)
    if question.other and question.type in ("select_one", "select_multiple"):
        other = block.specify(question, meta)
        if other is not None:
            layout.add(other)


def _meta_row(row: MetaRow | None) -> int:
    position = _position(row.cell) if row is not None else None
    return position[0] if position else 0


def _by_meta(question: Question, meta: Meta, layout: Layout, lang: str) -> None:
    """The cells the form was built with, when the question number is gone from column A."""
    entries = [r for r in meta.rows if r.key in (question.id, question.other_id)]
    entries = [r for r in entries if r.kind in ("answer", "other", "option")]
    for entry in entries:
        position = _position(entry.cell)
        if position is None:
            continue
        option = entry.option if entry.kind == "option" else None
        layout.add(Slot(entry.key, entry.sheet, *position, option=option, via="cell"))
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

    def options(self, question: Question, meta: Meta) -> list[Slot]:
        found: dict[str, int] = {}
        specify = _specify_labels()
        find_choice = _choice_finder(question)
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


@lru_cache(maxsize=512)
def _choice_keys(f: Field) -> Mapping[str, str]:
    """{key of a choice's value or label: the choice's value}; the first choice wins."""
    keys: dict[str, str] = {}
    for choice in f.choices:
        for text in (choice.value, *(label for _, label in choice.label.items)):
            keys.setdefault(choice_key(text), choice.value)
    return keys


def _choice_finder(f: Field) -> Callable[[str], str | None]:
    """``choice_value(f, ·)`` with the keys of the choices worked out once, not per label."""
    keys = _choice_keys(f)

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
    sheet = entry.sheet if entry and entry.sheet in grids else None
    number = _form_number(question, meta)
    if number is None:
        _not_in_form(question, layout, lang)
        return
    sheet = sheet or next((n for n in grids if n.startswith(f"{number} ")), None)
    if sheet is None:
        message = t("excel.not_found", lang, number=question.number)
        layout.problems.append(
            Problem("xlsx.not_found", message, Severity.WARNING, question=question.id)
        )
        return
    found = _table_header(question, grids[sheet])
    if found is None:
        columns = {r.option: _position(r.cell) for r in meta.rows if r.key == question.id}
        positions = {k: v for k, v in columns.items() if k and v}
        header = _meta_row(entry)
        found = (header, {k: v[1] for k, v in positions.items()}) if header else None
    if found is not None:
        layout.tables[question.id] = TableSlot(question.id, sheet, *found)


def _table_header(question: Question, grid: Grid) -> tuple[int, dict[str, int]] | None:
    """The header row (by the column labels in any language) and each column's index."""
    for row in range(1, min(len(grid), 30) + 1):
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


# --- reading the answers --------------------------------------------------------------------


@dataclass
class _Cells:
    """Values of cells, with a warning for formulas and error values."""

    grids: Mapping[str, Grid]
    package: Package
    content: FormContent
    lang: str
    q: Questionnaire | None = None

    def own_text(self, question: Field | None, key: str, raw: Any, ref: str) -> bool:
        """Whether ``raw`` is the question's own label or hint text (warned: no answer)."""
        if self.q is None or question is None or not isinstance(raw, str):
            return False
        if _text_key(raw) not in _own_texts_of(self.q, question):
            return False
        message = t("excel.own_text", self.lang, cell=ref)
        self._warn("xlsx.own_text", message, question.id, ref)
        return True

    def get(self, sheet: str, row: int, col: int, question: str) -> Any:
        formulas, errors = self._odd(sheet)
        error = errors.get((row, col))
        if error is not None:
            ref = cell_ref(sheet, f"{get_column_letter(col)}{row}")
            message = t("excel.error_value", self.lang, cell=ref, value=error)
            self._warn("xlsx.error_value", message, question, ref)
            return None
        value = grid_value(self.grids.get(sheet), row, col)
        if (row, col) in formulas:
            ref = cell_ref(sheet, f"{get_column_letter(col)}{row}")
            self._warn("xlsx.formula", t("excel.formula", self.lang, cell=ref), question, ref)
        return value

    def _odd(self, sheet: str) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str]]:
        try:
            return self.package.odd(sheet)
        except _READ_ERRORS as exc:
            raise _unreadable(Path(self.content.path), exc, self.lang) from exc

    def _warn(self, code: str, message: str, question: str, ref: str) -> None:
        problem = _problem(code, message, self.content, question=question, location=ref)
        self.content.problems.append(problem)


def field_value(f: Field, raw: Any) -> Any:
    """A select label -> its choice value, a yes/no word -> bool; anything else unchanged."""
    if raw is None:
        return None
    if f.type == "select_one":
        return choice_value(f, raw) or raw
    if f.type == "yes_no":
        parsed = parse_bool(raw)
        return raw if parsed is None else parsed
    return raw


def is_marked(raw: Any) -> bool:
    """Whether an option cell is ticked: any mark but a "no" word or 0."""
    if raw is None or raw is False:
        return False
    return clean_text(raw).casefold() not in _MARK_FALSE


def _read_question(question: Question, layout: Layout, cells: _Cells, content: FormContent):
    if question.type == "table":
        table = layout.tables.get(question.id)
        if table is not None:
            _read_table(question, table, cells, content)
        return
    slots = layout.slots.get(question.id, [])
    if question.type == "select_multiple":
        _read_options(question, slots, cells, content)
    elif slots:
        _read_single(question, question.id, slots[0], cells, content)
        _typed_beside(question, slots[0], layout.columns, cells)
    for slot in layout.slots.get(question.other_id, [])[:1]:
        _read_single(None, question.other_id, slot, cells, content)


def _typed_beside(question: Question, slot: Slot, columns: Columns, cells: _Cells) -> None:
    """Warn of text typed into the question's or hint's cell instead of the answer cell (with
    the sheet protection removed): it is not stored, but never passed over without a word."""
    if slot.via != "row" or cells.q is None:
        return
    for col in (columns.question, columns.hint):
        raw = grid_value(cells.grids.get(slot.sheet), slot.row, col) if col else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if isinstance(raw, str) and _text_key(raw) in _own_texts_of(cells.q, question):
            continue
        ref = cell_ref(slot.sheet, f"{get_column_letter(col or 0)}{slot.row}")
        answer = cell_ref(slot.sheet, f"{get_column_letter(slot.col)}{slot.row}")
        value = clean_text(raw)
        message = t("excel.typed_beside", cells.lang, cell=ref, value=value, answer=answer)
        cells._warn("xlsx.typed_beside", message, question.id, ref)


def _text_key(text: str) -> str:
    """A text compared without case, blanks and line breaks (``"a\nb."`` ~ ``"A b"``)."""
    return " ".join(clean_text(text).replace(".", " ").split()).casefold()


_OWN_TEXTS: dict[int, tuple[Questionnaire, dict[str, frozenset[str]]]] = {}


def _own_texts_of(q: Questionnaire, question: Field) -> frozenset[str]:
    """``own_texts``, worked out once per questionnaire object and question."""
    entry = _OWN_TEXTS.get(id(q))
    if entry is None or entry[0] is not q:
        if len(_OWN_TEXTS) >= 8:
            _OWN_TEXTS.clear()
        entry = _OWN_TEXTS[id(q)] = (q, {})
    found = entry[1]
    if question.id not in found:
        found[question.id] = own_texts(q, question)
    return found[question.id]


def own_texts(q: Questionnaire, question: Field) -> frozenset[str]:
    """Keys of every text the form prints for ``question`` itself: label, hint, instructions."""
    texts: set[str] = {t("excel.other_specify", lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        texts.add(question.label.get(lang) if question.label else "")
        texts.add(question.hint.get(lang) if question.hint else "")
        if isinstance(question, Question):
            hint = hint_text(q, question, lang)
            texts.update([hint, hint.replace("\n", " "), *hint.split("\n")])
    return frozenset(key for text in texts if text and (key := _text_key(text)))


def _read_single(
    f: Field | None, key: str, slot: Slot, cells: _Cells, content: FormContent
) -> None:
    raw = cells.get(slot.sheet, slot.row, slot.col, key)
    owner = f if f is not None else _owner(cells, key)
    if cells.own_text(owner, key, raw, slot.ref):
        return
    value = field_value(f, raw) if f is not None else raw
    if value is not None:
        content.answers[key] = RawAnswer(key, value, slot.ref, slot.via)


def _owner(cells: _Cells, key: str) -> Question | None:
    """The question whose "other" text ``key`` is."""
    if cells.q is None:
        return None
    return next((x for x in cells.q.answerable() if x.other_id == key), None)


def _read_options(question: Question, slots: list[Slot], cells: _Cells, content: FormContent):
    chosen = [
        slot.option
        for slot in slots
        if is_marked(cells.get(slot.sheet, slot.row, slot.col, question.id))
    ]
    if chosen and slots:
        location = f"{slots[0].ref}:{slots[-1].ref.split('!')[-1]}"
        via = "cell" if any(s.via == "cell" for s in slots) else "row"
        content.answers[question.id] = RawAnswer(question.id, chosen, location, via)


def _read_table(question: Question, table: TableSlot, cells: _Cells, content: FormContent):
    grid = cells.grids.get(table.sheet) or ()
    rows: list[dict[str, Any]] = []
    where: dict[tuple[int, str], str] = {}
    numbers: list[int] = []
    for row in range(table.header_row + 1, len(grid) + 1):
        values = {}
        for column in question.columns:
            col = table.columns.get(column.id)
            raw = cells.get(table.sheet, row, col, question.id) if col else None
            value = field_value(column, raw)
            if value is not None:
                values[column.id] = value
        if values:
            rows.append(values)
            numbers.append(row - table.header_row)
            for column_id, col in table.columns.items():
                ref = f"{get_column_letter(col)}{row}"
                where[(len(rows), column_id)] = cell_ref(table.sheet, ref)
    if rows:
        location = cell_ref(table.sheet, f"A{table.header_row + 1}")
        answer = RawAnswer(question.id, rows, location, table.via, where, tuple(numbers))
        content.answers[question.id] = answer
