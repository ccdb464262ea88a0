"""Coercion: turn what people type into the typed answer a question expects.

Reads numbers as written in the form's language (``1.234,5`` in German, ``1,234.5`` in English,
``1234.5`` in both; Babel's locale data), ``12.10.2023`` and ``2023-10-12``, ``ja``/``nein``/``x``,
a choice label in either language; says what it changed, and why it could not, quoting what
was typed.
One function per type, ``coerce_<type>(field, raw, lang)``; the type table
(:mod:`pipeline.definition.question_types`) says which reads which type, and its
``coerce_answer`` never raises for bad input: it returns a :class:`Coerced` with ``error``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal

from pipeline.definition.email_address import email_problem
from pipeline.definition.questionnaire import Field
from pipeline.locale.formatting import format_number, long_date
from pipeline.locale.texts import t

TRUE_WORDS = {"ja", "j", "yes", "y", "x", "true", "wahr", "1", "✓", "☒", "☑"}
FALSE_WORDS = {"nein", "n", "no", "false", "falsch", "0", "☐"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d")
EXCEL_EPOCH = dt.date(1899, 12, 30)
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:[.,](?:\d{1,2}|\d{4,}))?")
"""A number nobody could read two ways (``1200``, ``2,5``); ``1.234`` could be either."""
_APPROX = re.compile(r"^(ca\.?|circa|etwa|ungefähr|about|approx\.?|~)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class BadCell:
    """A table cell that could not be read as its column's type (kept as typed)."""

    row: int  # 1-based, among the rows as read from the form
    column: str
    error: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Coerced:
    """The typed value (None: no answer), what was changed, or why it is not usable.

    ``error`` is a key of :mod:`pipeline.locale.texts` (``coerce.<error>``) with ``params``. For a
    table, ``bad_cells`` names each cell kept as typed because it is not of its column's type,
    and ``rows`` gives, per row of ``value``, its 1-based position among the rows as read.
    """

    value: Any = None
    changed: str | None = None
    error: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    bad_cells: tuple[BadCell, ...] = ()
    rows: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return self.value is None and self.error is None


NONE = Coerced()

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Unicode's control characters (category Cc) except tab and line feed."""


def clean_text(value: Any) -> str:
    """Text as typed, without control characters or surrounding blanks; numbers as written."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


# --- per type ------------------------------------------------------------------------------


def _text(f: Field, raw: Any) -> Coerced:
    text = clean_text(raw)
    if not text:
        return NONE
    changed = None if isinstance(raw, str) and text == raw.strip() else "text cleaned"
    return Coerced(text, changed)


_BLANKS = str.maketrans({" ": None, "\u00a0": None, "\u202f": None, "'": None, "’": None})
_BLANKS[0x2212] = "-"
"""Spaces, no-break spaces and apostrophes people put between thousands (``12 000``) go; the
minus sign a word processor puts in place of a hyphen (``−5``) is a minus."""
_NUMBER_SHAPE = re.compile(r"[-+]?[\d.,]*\d[\d.,]*")
_GROUPED = re.compile(r"[-+]?[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*")
"""Thousands in groups of three, by ``,`` or ``.``: a whole number in either language."""
_ISO_DECIMAL = re.compile(r"[-+]?\d*\.\d+")
NUMBER_LANGUAGES = ("de", "en")
"""How numbers are written: ``1.234,5`` in German forms, ``1,234.5`` in English ones."""


@functools.lru_cache(maxsize=8192)
def _in_locale(text: str, locale: str) -> Decimal | None:
    try:
        return parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError:
        return None


def read_number(text: str, lang: str = "de", whole: bool = False) -> tuple[Decimal | None, bool]:
    """``(number, ambiguous)`` of a typed number, read in the form's language ``lang``.

    ``1,234.5`` in English, ``1.234,5`` in German; both read a plain ``1234.5``. For a whole
    number (``whole``) thousands in groups of three are thousands in either language
    (``5,820`` and ``5.820`` are 5820). A number written in the other language's way is read so
    when it cannot be anything else (``1.234,5`` in English); one that could be read two ways
    (``1,5`` in English: 15 or 1.5) is ``(None, True)``. Not a number: ``(None, False)``.
    """
    s = _APPROX.sub("", text.strip()).translate(_BLANKS)
    if not _NUMBER_SHAPE.fullmatch(s):
        return None, False
    if whole and _GROUPED.fullmatch(s):
        return Decimal(re.sub(r"[.,]", "", s)), False
    locale = lang if lang in NUMBER_LANGUAGES else "de"
    number = _in_locale(s, locale)
    if number is None and locale == "de" and _ISO_DECIMAL.fullmatch(s):
        number = Decimal(s)  # 1234.5 as a computer writes it
    if number is not None:
        return (None, True) if _point_read_both_ways(s, locale, whole, number) else (number, False)
    other = _in_locale(s, "en" if locale == "de" else "de")
    if other is None:
        return None, False
    if sum(s.count(mark) for mark in ".,") == 1:
        return None, True  # one mark that the form's language reads otherwise: ask
    return other, False


def _point_read_both_ways(s: str, locale: str, whole: bool, number: Decimal) -> bool:
    """Whether a German form reads ``s`` (``1.125``) as thousands while it also reads a point
    as a computer's decimal point (``12.5``): then it cannot tell which was meant."""
    point = bool(_ISO_DECIMAL.fullmatch(s))
    return locale == "de" and not whole and point and number != Decimal(s)


def parse_number(text: str, lang: str = "de") -> float | None:
    """A number typed in a form of language ``lang`` -> float; None when it is not a number
    or could be read two ways (see :func:`read_number`)."""
    number, _ = read_number(text, lang)
    return None if number is None else float(number)


def _strip_unit(f: Field, text: str) -> str:
    units = [u for _, u in f.unit.items] if f.unit else []
    for unit in [*units, "€", "EUR", "%"]:
        if unit and text.lower().endswith(unit.lower()):
            return text[: -len(unit)].strip()
    return text


def typed_text(raw: Any, lang: str) -> str:
    """A raw answer as the person typed or saw it: text as typed, a number from a spreadsheet
    cell in the form's language (``2,5`` in a German form), a date as ``31.12.2025``."""
    if isinstance(raw, bool):
        return t("form.yes" if raw else "form.no", lang)
    if isinstance(raw, int | float):
        return format_number(raw, lang, group_from=None)
    if isinstance(raw, dt.date):
        return long_date(raw, lang)
    return clean_text(raw)


def _number(f: Field, raw: Any, integer: bool, lang: str = "de") -> Coerced:
    if isinstance(raw, bool):
        return Coerced(error="not_a_number", params={"value": typed_text(raw, lang)})
    if isinstance(raw, int | float):
        if math.isnan(raw) or math.isinf(raw):
            return Coerced(error="not_a_number", params={"value": str(raw)})
        number, changed = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw), None
    else:
        text = clean_text(raw)
        if not text:
            return NONE
        read, ambiguous = read_number(_strip_unit(f, text), lang, whole=integer)
        if ambiguous:
            example = format_number(1234.5, lang, group_from=None)
            error = "ambiguous_number" if "," in text else "ambiguous_point"
            return Coerced(error=error, params={"value": text, "example": example})
        if read is None or not read.is_finite():
            return Coerced(error="not_a_number", params={"value": text})
        plain = _PLAIN_NUMBER.fullmatch(text) is not None
        number, changed = read, None if plain else f"'{text}' read as {_show(read)}"
    if integer:
        if number != number.to_integral_value():
            return Coerced(error="not_whole", params={"value": typed_text(raw, lang)})
        return Coerced(int(number), changed)
    if isinstance(raw, int):
        return Coerced(raw, changed)
    return Coerced(float(number), changed)


def _show(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return str(float(number))


def parse_date(raw: Any) -> dt.date | None:
    """A date from a date object, an Excel serial number or text in a common form."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 < raw < 200000:
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    text = clean_text(raw).split("T")[0].split(" ")[0]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _date(f: Field, raw: Any) -> Coerced:
    if _is_blank(raw):
        return NONE
    date = parse_date(raw)
    if date is None:
        return Coerced(error="not_a_date", params={"value": clean_text(raw)})
    iso = date.isoformat()
    unchanged = isinstance(raw, dt.date) or raw == iso
    return Coerced(iso, None if unchanged else f"'{clean_text(raw)}' read as {iso}")


def parse_bool(raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    word = clean_text(raw).lower().rstrip(".")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def _yes_no(f: Field, raw: Any) -> Coerced:
    if _is_blank(raw):
        return NONE
    value = parse_bool(raw)
    if value is None:
        return Coerced(error="not_yes_no", params={"value": clean_text(raw)})
    return Coerced(value, None if isinstance(raw, bool) else f"'{clean_text(raw)}' read as {value}")


@functools.lru_cache(maxsize=8192)
def choice_key(text: str) -> str:
    """How a typed choice is compared with values and labels: spacing and case ignored.

    Cached: the same labels are compared for every project and every returned form."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def choice_value(f: Field, raw: Any) -> str | None:
    """The choice value for a value or a label in any language; None when none matches."""
    wanted = choice_key(clean_text(raw))
    for choice in f.choices:
        if wanted == choice_key(choice.value) or any(
            wanted == choice_key(label) for _, label in choice.label.items
        ):
            return choice.value
    if f.other and wanted in ("other", "sonstiges", "sonstige", "andere", "anderes"):
        return "other"
    return None


def _select_one(f: Field, raw: Any) -> Coerced:
    if _is_blank(raw):
        return NONE
    value = choice_value(f, raw)
    if value is None:
        return Coerced(error="not_a_choice", params={"value": clean_text(raw)})
    return Coerced(value, None if value == raw else f"'{clean_text(raw)}' read as {value}")


def _select_multiple(f: Field, raw: Any) -> Coerced:
    if _is_blank(raw):
        return NONE
    items = raw if isinstance(raw, list | tuple) else re.split(r"[;\n]|,(?!\d)", str(raw))
    values: list[str] = []
    for item in items:
        if _is_blank(item):
            continue
        value = choice_value(f, item)
        if value is None:
            return Coerced(error="not_a_choice", params={"value": clean_text(item)})
        if value not in values:
            values.append(value)
    if not values:
        return NONE
    order = [c.value for c in f.choices] + ["other"]
    values.sort(key=order.index)
    return Coerced(values, None if list(raw) == values else "choices put in the form's order")


CellCoercer = Callable[[Field, Any, str], Coerced]
"""How one table cell is read (the type table's ``coerce_answer``)."""


def coerce_table(f: Field, raw: Any, lang: str, cell: CellCoercer) -> Coerced:
    """A table's rows, each cell read by ``cell`` as its column's type (kept as typed, and
    flagged, when it is not)."""
    if _is_blank(raw):
        return NONE
    if not isinstance(raw, list):
        return Coerced(error="not_a_table", params={})
    columns = getattr(f, "columns", ())
    rows: list[dict[str, Any]] = []
    kept: list[int] = []
    bad: list[BadCell] = []
    for number, row in enumerate(raw, start=1):
        cells: dict[str, Any] = {}
        for column in columns:
            typed = row.get(column.id) if isinstance(row, dict) else None
            result = cell(column, typed, lang)
            if result.error:  # every row and cell is kept as typed; the cell is flagged
                bad.append(BadCell(number, column.id, result.error, result.params))
                cells[column.id] = clean_text(typed)
            elif result.value is not None:
                cells[column.id] = result.value
        if cells:
            rows.append(cells)
            kept.append(number)
    return Coerced(rows or None, bad_cells=tuple(bad), rows=tuple(kept))


def coerce_message(coerced: Coerced, lang: str) -> str:
    """The message of a coercion error in ``lang`` (``coerce.<error>``; an e-mail's reason
    in words)."""
    params = dict(coerced.params)
    if coerced.error == "bad_email":
        params["reason"] = t(f"email.{params['reason']}", lang)
    return t(f"coerce.{coerced.error}", lang, **params)


def _shown_text(f: Field, raw: Any, lang: str) -> Coerced:
    """A text answer; a spreadsheet cell's number, date or truth value as the spreadsheet
    showed it in the form's language (``1,5``, ``01.03.2024``, ``WAHR``)."""
    if isinstance(raw, bool):
        raw = t("coerce.sheet_true" if raw else "coerce.sheet_false", lang)
    elif not isinstance(raw, str):
        raw = typed_text(raw, lang)
    return _text(f, raw)


def coerce_text(f: Field, raw: Any, lang: str) -> Coerced:
    """A text (one line or long, a link) as typed; see :func:`_shown_text`."""
    return _shown_text(f, raw, lang)


def coerce_email(f: Field, raw: Any, lang: str) -> Coerced:
    """An e-mail address, checked for its shape."""
    result = _shown_text(f, raw, lang)
    if result.value is None:
        return result
    problem = email_problem(result.value)
    if problem:
        return Coerced(error="bad_email", params={"value": result.value, "reason": problem})
    return result


def coerce_integer(f: Field, raw: Any, lang: str) -> Coerced:
    return _number(f, raw, True, lang)


def coerce_decimal(f: Field, raw: Any, lang: str) -> Coerced:
    return _number(f, raw, False, lang)


def coerce_date(f: Field, raw: Any, lang: str) -> Coerced:
    return _date(f, raw)


def coerce_yes_no(f: Field, raw: Any, lang: str) -> Coerced:
    return _yes_no(f, raw)


def coerce_select_one(f: Field, raw: Any, lang: str) -> Coerced:
    return _select_one(f, raw)


def coerce_select_multiple(f: Field, raw: Any, lang: str) -> Coerced:
    return _select_multiple(f, raw)


def coerce_nothing(f: Field, raw: Any, lang: str) -> Coerced:
    """A note takes no answer."""
    return NONE


_SCALE_MARK = re.compile(r"([-+]?\d+)\s+[-–—:=]\s+\S.*", re.DOTALL)
"""A point as the Excel dropdown shows it: ``1 – trifft gar nicht zu``."""


def scale_points(f: Field) -> list[int]:
    """The points of a scale question, ``min`` to ``max`` (1 to 5 unless told otherwise)."""
    low = int(f.min) if f.min is not None else 1
    high = int(f.max) if f.max is not None else 5
    return list(range(low, high + 1))


def coerce_scale(f: Field, raw: Any, lang: str) -> Coerced:
    """A point of the scale: a number (``4``, ``4,0``, a dropdown's ``1 – trifft gar nicht
    zu``) or the text of an end's label in either language."""
    if _is_blank(raw):
        return NONE
    points = scale_points(f)
    if isinstance(raw, bool) or (isinstance(raw, float) and not math.isfinite(raw)):
        return Coerced(error="not_a_point", params=_scale_params(f, raw))
    if isinstance(raw, int | float):
        number: Any = raw
    else:
        text = clean_text(raw)
        number = _scale_end(f, text, points)
        if number is None:
            mark = _SCALE_MARK.fullmatch(text)
            number = int(mark.group(1)) if mark else read_number(text, lang, whole=True)[0]
    if number is None or number != int(number) or int(number) not in points:
        return Coerced(error="not_a_point", params=_scale_params(f, raw))
    point = int(number)
    # a ticked box ("4") or an entry of the form's dropdown ("1 – trifft gar nicht zu") is
    # what the form offers: nothing to tell; an end's label typed in is read, and said so
    shown = "" if isinstance(raw, int | float) else clean_text(raw)
    plain = not shown or shown == str(point) or _SCALE_MARK.fullmatch(shown) is not None
    return Coerced(point, None if plain else f"'{clean_text(raw)}' read as {point}")


def _scale_end(f: Field, text: str, points: list[int]) -> int | None:
    """The end point whose label (in any language) is ``text``."""
    wanted = choice_key(text)
    for label, point in ((f.low, points[0]), (f.high, points[-1])):
        if label is not None and any(wanted == choice_key(x) for _, x in label.items):
            return point
    return None


def _scale_params(f: Field, raw: Any) -> dict[str, Any]:
    points = scale_points(f)
    return {"value": clean_text(raw), "min": points[0], "max": points[-1]}
