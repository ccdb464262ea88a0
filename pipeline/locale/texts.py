"""Every German and English string praxis shows, read from the catalogues beside this module.

``de.yaml`` and ``en.yaml`` hold one line per text (``key: "text"``), editable without Python;
``t(key, lang, **values)`` formats the text for ``key`` in ``lang`` (falling back to English).
A text may have plural forms (``{one: ..., other: ...}``), chosen by Babel's plural rules of the
language from the ``count`` value.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from babel import Locale
from ruamel.yaml import YAML

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
CATALOGUE_DIR = Path(__file__).resolve().parent


@functools.cache
def catalogue(lang: str) -> dict[str, Any]:
    """Every text of ``lang`` by key, as read from ``<lang>.yaml`` (read once, never changed)."""
    data = YAML(typ="safe", pure=False).load((CATALOGUE_DIR / f"{lang}.yaml").read_text("utf-8"))
    return dict(data or {})


def has_text(key: str) -> bool:
    """Whether ``key`` is a text of the catalogues."""
    return key in catalogue("en")


@functools.cache
def _plural_rule(lang: str) -> Any:
    return Locale.parse(lang).plural_form


def _template(key: str, lang: str, values: dict[str, object]) -> str:
    entry = catalogue(lang).get(key) if lang in LANGUAGES else None
    if entry is None:
        entry = catalogue("en")[key]
    if isinstance(entry, dict):
        count = values.get("count")
        form = (
            _plural_rule(lang if lang in LANGUAGES else "en")(abs(count))
            if isinstance(count, int | float)
            else "other"
        )
        return str(entry.get(form, entry["other"]))
    return str(entry)


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English if that language is missing), formatted."""
    return _template(key, lang, values).format(**values)


MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(date: object, lang: str) -> str:
    """``11.10.2023`` in German texts, ``11 October 2023`` in English ones."""
    import datetime as dt

    if not isinstance(date, dt.date):
        return str(date)
    if lang == "de":
        return date.strftime("%d.%m.%Y")
    return f"{date.day} {MONTHS_EN[date.month - 1]} {date.year}"


def format_number(value: float, lang: str, group_from: float | None = 10000) -> str:
    """``1.234,5`` in German texts, ``1,234.5`` in English ones.

    Thousands are grouped from ``group_from`` on, so a year stays ``1990``; with None they
    never are (a number as a person types it into a form).
    """
    number = float(value)
    grouped = group_from is not None and abs(number) >= group_from
    if number.is_integer():
        text = f"{number:,.0f}" if grouped else f"{number:.0f}"
    else:
        text = f"{number:,}" if grouped else f"{number:.15g}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
