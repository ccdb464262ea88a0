"""A questionnaire as an XLSForm workbook (``praxis export-xlsform``), for answering online in
KoboToolbox, ODK Central/Enketo or another XLSForm tool.

``survey``: a group per section, a repeat per table, the "other, please specify" text as a
row of its own, ``relevant`` from ``when``, ``constraint`` and ``constraint_message`` from the
limits, both languages as ``label::Deutsch (de)`` columns; two ``hidden`` fields,
``praxis_project`` and ``praxis_token``, that the link a project gets fills in
(``...?d[/data/praxis_project]=p01&d[/data/praxis_token]=...``). ``choices``: every list.
``settings``: form_id, form_title, version, default_language. Names are the original XLSForm
names where an import kept them, else the praxis ids. Equal questionnaires give equal bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from babel import Locale, UnknownLocaleError

from pipeline.definition.questionnaire import Questionnaire
from pipeline.round.stamps import FIXED_TIME
from pipeline.xlsform.export_rows import Key, Row, Sheets, sheets

SURVEY_ORDER = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "praxis_type",
    "praxis_prefill",
    "praxis_compendium",
    "praxis_heading",
    "praxis_unit",
    "praxis_max_rows",
    "praxis_required",
    "praxis_choices",
)
"""The survey columns in the order written (translated ones once per language)."""
CHOICES_ORDER = ("list_name", "name", "label")
SETTINGS_ORDER = ("form_id", "form_title", "version", "default_language", "name")
SETTINGS_ORDER += ("praxis_title", "praxis_intro", "praxis_network", "praxis_return_to")


def language_name(code: str) -> str:
    """``Deutsch (de)``: the language as XLSForm tools name it, its own name and its code
    (the English name where Babel has no locale for it: ``Tetum (tet)``)."""
    try:
        own = Locale.parse(code).get_language_name(code) or code
    except (UnknownLocaleError, ValueError):
        own = Locale("en").languages.get(code, code)
    return f"{own[:1].upper()}{own[1:]} ({code})"


def header(key: Key) -> str:
    """``label::Deutsch (de)`` for ``("label", "de")``; a plain column as it is."""
    if isinstance(key, tuple):
        return f"{key[0]}::{language_name(key[1])}"
    return key


def columns(rows: Sequence[Row], order: Sequence[str], languages: Sequence[str]) -> list[Key]:
    """The columns any row fills, in ``order``; a translated column once per language."""
    used = {k for row in rows for k, v in row.items() if v not in ("", None)}
    found: list[Key] = []
    for name in order:
        if name in used:
            found.append(name)
        found += [(name, lang) for lang in languages if (name, lang) in used]
    return found


def _cell(value: Any) -> Any:
    if isinstance(value, tuple) and value[0] == "language":
        return language_name(value[1])
    return value


MAX_WIDTH = 50
"""Columns are at most this wide; longer texts wrap."""


def write_sheet(book: Any, title: str, keys: list[Key], rows: Sequence[Row], styles: Any) -> Any:
    """One sheet: the header row, then a row each; texts as text cells (never formulas),
    numbers as numbers; the header row stays in view."""
    bold, wrapped = styles
    sheet = book.add_worksheet(title)
    widths = []
    for c, key in enumerate(keys):
        sheet.write_string(0, c, header(key), bold)
        width = max([len(header(key)), *(len(str(_cell(r.get(key, "")))) for r in rows)])
        widths.append(min(MAX_WIDTH, max(8, width + 2)))
        sheet.set_column(c, c, widths[-1])
    for r, row in enumerate(rows, start=1):
        lines = 1
        for c, key in enumerate(keys):
            value = _cell(row.get(key))
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif value not in (None, ""):
                text = str(value)
                sheet.write_string(r, c, text, wrapped if len(text) > widths[c] else None)
                lines = max(lines, wrapped_lines(text, widths[c]))
        if lines > 1:
            sheet.set_row(r, LINE_HEIGHT * lines)
    sheet.freeze_panes(1, 0)
    return sheet


LINE_HEIGHT = 15
"""Points per line of a wrapped cell (Calibri 11)."""


def wrapped_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a wrapped cell ``width`` characters wide
    (spreadsheet programs do not grow a row for wrapped text by themselves)."""
    per_line = max(1, int(width * 1.1) - 2)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def workbook(found: Sheets, languages: Sequence[str], extra: Any = None) -> bytes:
    """The .xlsx bytes of the three sheets (``extra(book, bold)`` may add sheets)."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(buffer, options)
    book.set_properties({"created": FIXED_TIME})
    bold = book.add_format({"bold": True})
    styles = (bold, book.add_format({"text_wrap": True, "valign": "top"}))
    survey_keys = columns(found.survey, SURVEY_ORDER, languages)
    write_sheet(book, "survey", survey_keys, found.survey, styles)
    choice_keys = columns(found.choices, CHOICES_ORDER, languages)
    write_sheet(book, "choices", choice_keys or list(CHOICES_ORDER), found.choices, styles)
    settings_keys = columns([found.settings], SETTINGS_ORDER, languages)
    write_sheet(book, "settings", settings_keys, [found.settings], styles)
    if extra is not None:
        extra(book, bold)
    book.close()
    return buffer.getvalue()


def export_xlsform(q: Questionnaire) -> bytes:
    """The XLSForm of ``q`` as .xlsx bytes, with the hidden project and token fields."""
    return workbook(sheets(q), q.languages)
