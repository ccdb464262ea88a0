"""The ``praxis_`` columns of an exported XLSForm, and how an import reads them back.

XLSForm has no place for what only praxis needs; the export writes it into columns that
pyxform, KoboToolbox and ODK skip, so that ``import(export(Q))`` can give ``Q`` back:

``survey`` sheet, per row:
  ``praxis_type``        ``email``, ``url`` or ``scale`` where the XLSForm type (``text``,
                         ``select_one``) does not say it; ``intro`` on a note that shows an
                         introduction online (skip it: a section's introduction is the
                         ``hint`` of its ``begin_group``, the form's ``praxis_intro``)
  ``praxis_prefill``     the roster column the answer is pre-filled from
  ``praxis_compendium``  the compendium role, ``filter`` after it for ``filter: true``
  ``praxis_heading::L``  the compendium heading, per language
  ``praxis_unit::L``     the unit of a number, per language
  ``praxis_max_rows``    a table's (repeat's) ``max_rows``
  ``praxis_required``    ``yes`` on a required table (a repeat has no ``required`` of its own)
  ``praxis_choices``     ``own`` on a select whose options are its own (``choices:`` with the
                         options in place, not the name of a list): its list is named after
                         the question, as a list of the definition could be too
``settings`` sheet: ``praxis_title::L``, ``praxis_intro::L``, ``praxis_network::L``,
``praxis_return_to::L``.

Besides, word limits are the constraint ``regex(., '^\\s*(\\S+(\\s+|$)){MIN,MAX}$')``
(:func:`word_limits`) and a scale's choices are its points with the labelled ends
``1 – gar nicht zufrieden`` (:func:`scale_keys`). The readers here take the importer's view of
a row: ``plain(column)`` gives a cell's text, ``text(column)`` a translated column's texts by
language code (or None).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

Plain = Callable[[str], str]
Translated = Callable[[str], "dict[str, str] | None"]

PRAXIS_PREFIX = "praxis_"
INTRO = "intro"
"""``praxis_type`` of a note that is an introduction."""
OWN_CHOICES = "own"
"""``praxis_choices`` of a select whose options are its own."""
TYPES = ("email", "url", "scale")
"""praxis types ``praxis_type`` may name."""
SETTINGS_TEXTS = {"praxis_title": "title", "praxis_intro": "intro", "praxis_network": "network"}
SETTINGS_TEXTS["praxis_return_to"] = "return_to"

_WORDS = re.compile(r"^\^\\s\*\(\\S\+\(\\s\+\|\$\)\)\{(\d+),(\d*)\}\$$")
_POINT = re.compile(r"^(-?\d+)(?:\s+–\s+(.*))?$", re.S)


def is_praxis_column(base: str) -> bool:
    """Whether a column (its name before ``::``) is one the export writes for praxis."""
    return base.startswith(PRAXIS_PREFIX)


def is_intro(plain: Plain) -> bool:
    """Whether a ``note`` row only shows an introduction online (not a note question)."""
    return plain("praxis_type").strip() == INTRO


def has_own_choices(plain: Plain) -> bool:
    """Whether a select row's options are its own, not a list of the definition."""
    return plain("praxis_choices").strip() == OWN_CHOICES


def question_keys(plain: Plain, text: Translated) -> dict[str, Any]:
    """The definition keys the ``praxis_`` columns of one survey row give back (``type``
    only where it says more than the XLSForm type; a table's ``required`` and ``max_rows``)."""
    found: dict[str, Any] = {}
    kind = plain("praxis_type").strip()
    if kind in TYPES:
        found["type"] = kind
    if prefill := plain("praxis_prefill").strip():
        found["prefill"] = prefill
    if role := compendium(plain("praxis_compendium"), text("praxis_heading")):
        found["compendium"] = role
    if unit := text("praxis_unit"):
        found["unit"] = unit
    rows = plain("praxis_max_rows").strip()
    if rows.isdigit() or (rows.endswith(".0") and rows[:-2].isdigit()):
        found["max_rows"] = int(float(rows))
    if plain("praxis_required").strip().lower() in ("yes", "true", "1"):
        found["required"] = True
    return found


def compendium(cell: str, heading: dict[str, str] | None) -> Any:
    """``fact`` / ``{role: fact, heading: {...}, filter: true}`` from ``fact filter`` and the
    headings; None for an empty cell."""
    words = cell.replace(",", " ").split()
    if not words:
        return None
    role, flags = words[0], words[1:]
    if not heading and "filter" not in flags:
        return role
    spec: dict[str, Any] = {"role": role}
    if heading:
        spec["heading"] = heading
    if "filter" in flags:
        spec["filter"] = True
    return spec


def settings_keys(text: Translated) -> dict[str, Any]:
    """``title``, ``intro``, ``network`` and ``return_to`` in every language, from the
    settings sheet."""
    return {key: found for column, key in SETTINGS_TEXTS.items() if (found := text(column))}


def word_limits(pattern: str) -> dict[str, int] | None:
    """``{min_words: 20, max_words: 300}`` from the pattern of the export's word-limit
    constraint (the text between the quotes of ``regex(., '...')``); None for another."""
    match = _WORDS.match(pattern)
    if match is None:
        return None
    low, high = int(match.group(1)), match.group(2)
    found = {"min_words": low} if low else {}
    if high:
        found["max_words"] = int(high)
    return found


def scale_keys(choices: Sequence[tuple[str, dict[str, str]]]) -> dict[str, Any] | None:
    """``min``, ``max``, ``low`` and ``high`` of a scale from its choices (value, labels by
    language): consecutive whole numbers whose first and last labels may name the ends
    (``1 – gar nicht zufrieden``). None when the choices are not such points."""
    if len(choices) < 2 or not all(re.fullmatch(r"-?\d+", v) for v, _ in choices):
        return None
    points = [int(v) for v, _ in choices]
    if points != list(range(points[0], points[0] + len(points))):
        return None
    found: dict[str, Any] = {"min": points[0], "max": points[-1]}
    for key, (value, labels) in (("low", choices[0]), ("high", choices[-1])):
        ends = {lang: _end(value, label) for lang, label in labels.items()}
        if any(ends.values()):
            found[key] = {lang: end or "" for lang, end in ends.items()}
    return found


def _end(value: str, label: str) -> str | None:
    match = _POINT.match(label.strip())
    if match is None or match.group(1) != value:
        return None
    return match.group(2)
