"""The roster of projects of a round, read from CSV or XLSX.

Required columns: ``project_id``, ``project``, ``organisation``, ``email``. Optional:
``contact``, ``phone``, ``state``, ``field_of_action``, ``language`` and any other column a
question's ``prefill`` names. Column names are matched case-insensitively and common German
headings are understood (``Projekt``, ``Träger``, ``E-Mail``, ...).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from pipeline.definition.email_address import email_problem
from pipeline.errors import RosterError
from pipeline.locale.library import library_detail
from pipeline.locale.texts import LANGUAGES, t
from pipeline.round.csvfile import restore

REQUIRED = ("project_id", "project", "organisation", "email")
ALIASES = {
    "id": "project_id",
    "projekt-id": "project_id",
    "projekt_id": "project_id",
    "projekt": "project",
    "name": "project",
    "träger": "organisation",
    "traeger": "organisation",
    "organization": "organisation",
    "e-mail": "email",
    "mail": "email",
    "ansprechperson": "contact",
    "kontakt": "contact",
    "telefon": "phone",
    "bundesland": "state",
    "handlungsfeld": "field_of_action",
    "sprache": "language",
}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$", re.IGNORECASE)
"""Device names Windows reserves: no file may be called so, with any extension."""
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters no Word or Excel file may contain (XML 1.0 forbids them)."""


class RosterNotFound(RosterError):
    """The roster file does not exist: a usage error (exit status 2), like a missing
    questionnaire."""

    exit_code = 2


@dataclass(frozen=True)
class Project:
    """One project of the roster; ``columns`` holds every roster column (for ``prefill``)."""

    id: str
    name: str
    organisation: str
    email: str
    contact: str = ""
    language: str = ""
    columns: Mapping[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.columns.get(column, "")


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe short form: ``Hinsehen statt Wegklicken`` -> ``hinsehen-statt-...``."""
    table = str.maketrans(
        {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
    )
    text = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return text[:limit].rstrip("-") or "projekt"


def _normalise(header: str) -> str:
    key = header.strip().lower().replace(" ", "_")
    return ALIASES.get(key, ALIASES.get(key.replace("_", "-"), key))


def read_roster(path: str | Path, lang: str = "en") -> list[Project]:
    """Read and check a roster file (.csv or .xlsx); raise RosterError naming every problem
    (in ``lang``)."""
    path = Path(path)
    if not path.exists():
        raise RosterNotFound(t("roster.not_found", lang, path=path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, first = _csv_rows(path, lang)
    elif suffix in (".xlsx", ".xlsm"):
        rows, first = _xlsx_rows(path, lang)
    else:
        raise RosterError(t("roster.kind", lang, path=path, suffix=suffix))
    return parse_roster(rows, str(path), lang, first)


def csv_rows(path: Path, lang: str = "en") -> list[dict[str, str]]:
    """The rows of a CSV roster (see :func:`_csv_rows`), e.g. the round's own copy."""
    return _csv_rows(path, lang)[0]


HEADING_ROWS = 10
"""How many rows from the top the headings are looked for in (a title row above them)."""


def _required_named(row: list[str]) -> int:
    """How many of the required columns the cells of ``row`` name."""
    return len({_normalise(c) for c in row} & set(REQUIRED))


def _header_row(table: list[list[str]]) -> int:
    """The index of the header: among the first :data:`HEADING_ROWS` rows the one naming the
    most required columns (the first of equals), so that a title row above the headings
    (``Projektliste Netzwerk 2025``) is passed over; else the first row with a cell that is
    not blank."""
    first = next((i for i, row in enumerate(table) if any(c.strip() for c in row)), len(table))
    named = [(_required_named(row), i) for i, row in enumerate(table[:HEADING_ROWS])]
    best = max(named, key=lambda found: (found[0], -found[1]), default=(0, first))
    return best[1] if best[0] else first


def _delimiter(text: str, first_line: str) -> str:
    """The separator that makes one of the first :data:`HEADING_ROWS` lines the headings (a
    title row above them has no separators, or other ones); ties: ``;``, then ``,``, then tab.
    Without headings: the separator the first line holds most of."""
    named: dict[str, int] = {}
    for delimiter in ";,\t":
        try:
            rows = list(
                islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), HEADING_ROWS)
            )
        except csv.Error:
            continue
        named[delimiter] = max((_required_named(row) for row in rows), default=0)
    best = max(named, key=lambda d: named[d], default=";")
    return best if named.get(best) else max(";,\t", key=first_line.count)


def _csv_rows(path: Path, lang: str) -> tuple[list[dict[str, str]], int]:
    """The rows of a CSV roster as Excel saves it: UTF-8 (with or without BOM), Windows-1252
    or UTF-16 ("Unicode text"); separated by ``;``, ``,`` or tabs, decided by the header line
    (its cells hold no separator), or by Excel's ``sep=;`` line. Also the line number of the
    first row below the header. A ``'`` praxis put before a formula character (the round's
    copy) is taken out."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", errors="replace")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # Excel on Windows saves CSV so
    first, _, rest = text.partition("\n")
    sep = re.fullmatch(r"\s*sep=(.)\s*", first)
    if sep:
        delimiter, text = sep.group(1), rest
    else:
        delimiter = _delimiter(text, first)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterError(
            t("roster.csv_unreadable", lang, path=path, detail=library_detail(exc, lang))
        ) from exc
    at = _header_row(table)
    if at == len(table):
        return [], 2
    header, width, first = table[at], len(table[at]), at + 2 + (1 if sep else 0)
    _same_columns(header, path, lang)
    wide = [
        t("roster.row_cells", lang, row=n, cells=len(r), columns=width, sep=delimiter)
        for n, r in enumerate(table[at + 1 :], start=first)
        if len(r) > width and any(c.strip() for c in r[width:])
    ]
    if wide:
        raise RosterError(f"{path}:\n  " + "\n  ".join(wide))
    rows = [
        {k: restore(v) for k, v in zip(header, r + [""] * (width - len(r)), strict=False)}
        for r in table[at + 1 :]
    ]
    return rows, first


def _same_columns(header: list[str], path: Path, lang: str) -> None:
    """RosterError when two header cells mean the same column (``E-Mail`` twice, or
    ``Projekt`` and ``Name``): else one would silently replace the other's values."""
    seen: dict[str, str] = {}
    for cell in header:
        key = _normalise(cell or "")
        if not key:
            continue
        if key in seen:
            first = seen[key].strip()
            raise RosterError(
                t("roster.same_column", lang, path=path, first=first, second=cell.strip(), key=key)
            )
        seen[key] = cell


def _xlsx_rows(path: Path, lang: str) -> tuple[list[dict[str, str]], int]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise RosterError(
            t("roster.unreadable", lang, path=path, detail=library_detail(exc, lang))
        ) from exc
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in wb.worksheets[0].iter_rows(values_only=True)
    ]
    wb.close()
    at = _header_row(rows)
    if at == len(rows):
        return [], 2
    header = rows[at]
    _same_columns(header, path, lang)
    return (
        [  # blank rows too, so that every problem names the row Excel shows
            dict(zip(header, row, strict=False)) for row in rows[at + 1 :]
        ],
        at + 2,
    )


def parse_roster(
    rows: list[dict[str, str]], source: str = "roster", lang: str = "en", first: int = 2
) -> list[Project]:
    """Projects from roster rows (column name -> text); every problem is named at once, by
    its row number (``first``: the number of the first row)."""
    problems: list[str] = []
    if not rows:
        raise RosterError(t("roster.empty", lang, path=source))
    normal = [{_normalise(k or ""): (v or "").strip() for k, v in row.items()} for row in rows]
    missing = [c for c in REQUIRED if c not in normal[0]]
    if missing:
        headings = [k for k in normal[0] if k]
        message = t(
            "roster.missing_columns",
            lang,
            path=source,
            missing=", ".join(missing),
            found=", ".join(headings) or t("roster.no_headings", lang),
            count=len(missing),
        )
        if len(missing) == len(REQUIRED):  # no heading at all: a title row, or data only
            message += ". " + t("roster.headings_where", lang, rows=HEADING_ROWS)
        raise RosterError(message)
    projects, seen = [], set()
    folded: dict[str, tuple[int, str]] = {}
    for line, row in enumerate(normal, start=first):
        if not any(row.values()):
            continue  # a blank row (kept so that the rows below keep their numbers)
        problems += _row_problems(row, line, seen, lang)
        problems += file_name_problems(row.get("project_id", ""), line, folded, lang)
        problems += _line_breaks(row, line, lang)
        seen.add(row["project_id"])
        projects.append(_project(row))
    if problems:
        raise RosterError(f"{source}:\n  " + "\n  ".join(problems))
    if not projects:
        raise RosterError(t("roster.empty", lang, path=source))
    return projects


def _row_problems(row: dict[str, str], line: int, seen: set[str], lang: str) -> list[str]:
    out = [t("roster.row_empty", lang, row=line, column=c) for c in REQUIRED if not row.get(c)]
    out += _email_problems(row, line, lang)
    pid = row.get("project_id", "")
    if pid and not _ID.match(pid):
        out.append(t("roster.row_id", lang, row=line, id=pid))
    if pid in seen:
        out.append(t("roster.row_twice", lang, row=line, id=pid))
    language = row.get("language", "")
    if language and language.lower() not in LANGUAGES:
        out.append(
            t(
                "roster.row_language",
                lang,
                row=line,
                language=language,
                languages=", ".join(LANGUAGES),
            )
        )
    for column, value in row.items():
        control = _NOT_IN_XML.search(value)
        if control:  # no form, mail or letter can show it (XML forbids most of them)
            code = f"U+{ord(control.group()):04X}"
            out.append(t("roster.row_control", lang, row=line, column=column, code=code))
    return out


def _email_problems(row: dict[str, str], line: int, lang: str) -> list[str]:
    """The roster's e-mail address, checked as an e-mail answer is (one address per project)."""
    value = row.get("email", "")
    problem = email_problem(value) if value else None
    if problem is None:
        return []
    reason = t(f"email.{problem}", lang)
    return [t("roster.row_email", lang, row=line, column="email", value=value, reason=reason)]


def file_name_problems(
    pid: str, line: int, folded: dict[str, tuple[int, str]], lang: str
) -> list[str]:
    """What makes ``pid`` unusable in file names on Windows or macOS: a reserved device name
    (``CON``, ``aux.1``), or an id that differs from an earlier one only in case (``folded``:
    casefolded id -> its row and id, extended here)."""
    out = []
    stem = pid.split(".")[0].strip()
    if pid and _RESERVED.match(stem):
        out.append(t("roster.row_reserved", lang, row=line, id=pid, fixed=f"p-{pid}"))
    key = pid.casefold()
    earlier = folded.get(key)
    if pid and earlier is not None and earlier[1] != pid:
        out.append(
            t("roster.row_case", lang, row=line, id=pid, other=earlier[1], other_row=earlier[0])
        )
    folded.setdefault(key, (line, pid))
    return out


def _line_breaks(row: dict[str, str], line: int, lang: str) -> list[str]:
    """A line break inside a cell (Alt+Enter in Excel) fits no file name, mail header or
    one-line answer: named with its row and column."""
    return [
        t("roster.row_line_break", lang, row=line, column=column)
        for column, value in row.items()
        if "\n" in value or "\r" in value
    ]


def _project(row: dict[str, str]) -> Project:
    return Project(
        id=row["project_id"],
        name=row["project"],
        organisation=row["organisation"],
        email=row["email"],
        contact=row.get("contact", ""),
        language=row.get("language", "").lower(),
        columns=dict(row),
    )
