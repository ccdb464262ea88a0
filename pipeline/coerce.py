"""Coercion: turn what people type into the typed answer a question expects.

Accepts ``1.234,5`` and ``1,234.5``, ``12.10.2023`` and ``2023-10-12``, ``ja``/``nein``/``x``,
a choice label in either language; says what it changed, and why it could not.
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
from typing import Any

from pipeline.email_address import email_problem
from pipeline.questionnaire import Field, Question
from pipeline.texts import t

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

    ``error`` is a key of :mod:`pipeline.texts` (``coerce.<error>``) with ``params``. For a
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


def _email(f: Field, raw: Any) -> Coerced:
    result = _text(f, raw)
    if result.value is None:
        return result
    problem = email_problem(result.value)
    if problem:
        return Coerced(error="bad_email", params={"value": result.value, "reason": problem})
    return result


def parse_number(text: str) -> float | None:
    """German or English number text -> float; None when it is not a number."""
    s = _APPROX.sub("", text.strip()).replace("\u00a0", "").replace(" ", "").replace("'", "")
    if not re.fullmatch(r"[-+]?[\d.,]*\d[\d.,]*", s):
        return None
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in s:
        s = (
            s.replace(",", "")
            if re.fullmatch(r"[-+]?\d{1,3}(,\d{3}){2,}", s)
            else s.replace(",", ".")
        )
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", s):
        s = s.replace(".", "")  # German thousands: 1.234 = 1234
    try:
        return float(s)
    except ValueError:
        return None


def _strip_unit(f: Field, text: str) -> str:
    units = [u for _, u in f.unit.items] if f.unit else []
    for unit in [*units, "€", "EUR", "%"]:
        if unit and text.lower().endswith(unit.lower()):
            return text[: -len(unit)].strip()
    return text


def _number(f: Field, raw: Any, integer: bool) -> Coerced:
    if isinstance(raw, bool):
        return Coerced(error="not_a_number", params={"value": raw})
    if isinstance(raw, int | float):
        number, changed = float(raw), None
    else:
        text = clean_text(raw)
        if not text:
            return NONE
        parsed = parse_number(_strip_unit(f, text))
        if parsed is None or math.isnan(parsed) or math.isinf(parsed):
            return Coerced(error="not_a_number", params={"value": text})
        plain = _PLAIN_NUMBER.fullmatch(text) is not None
        number, changed = parsed, None if plain else f"'{text}' read as {_show(parsed)}"
    if integer:
        if not number.is_integer():
            return Coerced(error="not_whole", params={"value": _show(number)})
        return Coerced(int(number), changed)
    return Coerced(int(number) if number.is_integer() and isinstance(raw, int) else number, changed)


def _show(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


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


def _table(f: Field, raw: Any) -> Coerced:
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
            result = coerce_answer(column, typed)
            if result.error:  # every row and cell is kept as typed; the cell is flagged
                bad.append(BadCell(number, column.id, result.error, result.params))
                cells[column.id] = clean_text(typed)
            elif result.value is not None:
                cells[column.id] = result.value
        if cells:
            rows.append(cells)
            kept.append(number)
    return Coerced(rows or None, bad_cells=tuple(bad), rows=tuple(kept))


_COERCERS: dict[str, Callable[[Field, Any], Coerced]] = {
    "text": _text,
    "long_text": _text,
    "email": _email,
    "url": _text,
    "integer": lambda f, raw: _number(f, raw, integer=True),
    "decimal": lambda f, raw: _number(f, raw, integer=False),
    "date": _date,
    "yes_no": _yes_no,
    "select_one": _select_one,
    "select_multiple": _select_multiple,
    "table": _table,
    "note": lambda f, raw: NONE,
}


def coerce_message(coerced: Coerced, lang: str) -> str:
    """The message of a coercion error in ``lang`` (``coerce.<error>``; an e-mail's reason
    in words)."""
    params = dict(coerced.params)
    if coerced.error == "bad_email":
        params["reason"] = t(f"email.{params['reason']}", lang)
    return t(f"coerce.{coerced.error}", lang, **params)


def coerce_answer(f: Field | Question, raw: Any) -> Coerced:
    """The typed answer of ``f`` for the raw value ``raw`` (never raises for bad input)."""
    if raw is None:
        return NONE
    return _COERCERS[f.type](f, raw)
