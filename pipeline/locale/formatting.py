"""Numbers and dates as people of a language read them, the one place that formats them (Babel).

There is one function per meaning, so a date in a letter and a date typed into a form cannot be
confused:

- :func:`format_number`: ``1.234,5`` in German, ``1,234.5`` in English.
- :func:`long_date`: a date inside a sentence (letters, mails, messages, the compendium):
  ``11.10.2023`` / ``11 October 2023``.
- :func:`table_date`: a date in a table a person reads (``praxis status``, the tables
  workbook): ``01.12.2026`` / ``1 Dec 2026``.
- :func:`typed_date`: a date as a person types it into a form (the Word date control's text,
  the Excel form's header): ``01.12.2026`` / ``2026-12-01``; what the readers parse back.

Files that programs read keep ISO dates: the store, ``round.json``, the manifest, the answers
JSON. The tables (``tables/answers.xlsx`` and its CSV files) are for people opening them in
Excel, with headers and outcomes in their language, so their date columns show
:func:`table_date` like ``praxis status`` does; an answer to a date question stays as stored.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal as _babel_decimal

_LONG = {"de": "dd.MM.yyyy", "en": "d MMMM yyyy"}
_TABLE = {"de": "dd.MM.yyyy", "en": "d MMM yyyy"}
_TYPED = {"de": "dd.MM.yyyy", "en": "yyyy-MM-dd"}


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang if lang in _LONG else "en")


def _pattern(patterns: dict[str, str], lang: str) -> str:
    return patterns.get(lang, patterns["en"])


def format_number(value: float | Decimal, lang: str, group_from: float | None = 10000) -> str:
    """``1.234,5`` in German texts, ``1,234.5`` in English ones, every digit kept.

    Thousands are grouped from ``group_from`` on, so a year stays ``1990``; with None they
    never are (a number as a person types it into a form).
    """
    return _format_float(float(value), lang, group_from)


@functools.lru_cache(maxsize=4096)
def _format_float(number: float, lang: str, group_from: float | None) -> str:
    """:func:`format_number` of ``number`` (Babel is slow, and a round repeats its numbers:
    the result depends on the float alone, so it is cached)."""
    grouped = group_from is not None and abs(number) >= group_from
    shown: float | int = int(number) if number.is_integer() else number
    return _babel_decimal(
        shown, locale=_locale(lang), group_separator=grouped, decimal_quantization=False
    )


@functools.lru_cache(maxsize=4096)
def _format_day(date: dt.date, pattern: str, lang: str) -> str:
    """``date`` in Babel's ``pattern`` (cached: a round repeats its dates)."""
    return _babel_date(date, pattern, locale=_locale(lang))


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def long_date(value: object, lang: str) -> str:
    """A date inside a sentence: ``11.10.2023`` in German, ``11 October 2023`` in English.

    ``value`` is a date, a datetime or an ISO text; anything else is returned as text.
    """
    date = _as_date(value)
    if date is None:
        return str(value)
    return _format_day(date, _pattern(_LONG, lang), lang)


def table_date(value: object, lang: str) -> str:
    """A date in a table: ``01.12.2026`` in German, ``1 Dec 2026`` in English; ``""`` for none.

    ``value`` is a date, a datetime or an ISO text (a store timestamp ``2026-12-01T09:00:00``
    shows its day); another text is returned as it is.
    """
    if value in (None, ""):
        return ""
    date = _as_date(value)
    if date is None:
        return str(value)
    return _format_day(date, _pattern(_TABLE, lang), lang)


def typed_date(value: dt.date, lang: str) -> str:
    """A date as typed into a form: ``01.12.2026`` in German, ``2026-12-01`` in English."""
    return _format_day(value, _pattern(_TYPED, lang), lang)
