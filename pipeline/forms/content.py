"""What every form (Word or Excel) shares: identification, read answers, and their origin.

The writers (``word_form``, ``excel_form``) put an :class:`Identification` into each form;
the readers return a :class:`FormContent`: the identification and every answer as raw text or
value, each with where it was found, plus warnings. Readers do not validate; coercion and
validation happen in ingest.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline.problems import Problem


class FormFormat(StrEnum):
    """The file format of a form (equal to its file suffix without the dot)."""

    DOCX = "docx"
    XLSX = "xlsx"


FORMATS = tuple(f.value for f in FormFormat)


class Via(StrEnum):
    """How a reader found an answer, from the most to the least certain way."""

    TAG = "tag"  # the Word content control's tag
    BOOKMARK = "bookmark"  # the bookmark around the control (LibreOffice drops tags)
    ALIAS = "alias"  # the control's title
    ROW = "row"  # the row showing the question's number (Word table row, Excel row)
    CELL = "cell"  # the Excel cell the form was built with (the number is gone)


# Names of the identification fields, as stored in a form's custom document properties
# and in its hidden metadata (Word: a hidden paragraph; Excel: a very-hidden sheet).
ID_FIELDS = ("questionnaire", "version", "project", "token", "language")
PROPERTY_PREFIX = "praxis."
AGREEING_FIELDS = ("questionnaire", "version", "project", "token")
"""The identification fields on which every source of one form must agree."""


def new_token() -> str:
    """A random token that ties a returned form to the project it was sent to."""
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Identification:
    questionnaire: str
    version: str
    project: str
    token: str
    language: str = "de"

    def as_properties(self) -> dict[str, str]:
        """``{"praxis.questionnaire": ..., ...}``: the custom document properties."""
        return {PROPERTY_PREFIX + name: str(getattr(self, name)) for name in ID_FIELDS}

    @classmethod
    def from_properties(cls, props: dict[str, Any]) -> Identification | None:
        """The identification from custom properties, or None when any field is missing."""
        values = {}
        for name in ID_FIELDS:
            value = props.get(PROPERTY_PREFIX + name)
            if value is None or str(value).strip() == "":
                return None
            values[name] = _as_text(value)
        return cls(**values)


@dataclass(frozen=True)
class IdConflict:
    """Two identification sources of one form that name different values for ``field``."""

    field: str
    source: str
    value: str
    other_source: str
    other_value: str


def identification_conflict(sources: Mapping[str, Mapping[str, Any]]) -> IdConflict | None:
    """The first disagreement between the identification sources of a form, or None.

    ``sources``: source name (``properties``, ``sheet``, ``paragraph``, ...) -> its
    ``{"praxis.project": ..., ...}``. Fields a source lacks or leaves empty are not compared.
    """
    seen: dict[str, tuple[str, str]] = {}
    for source, props in sources.items():
        for name in AGREEING_FIELDS:
            raw = props.get(PROPERTY_PREFIX + name)
            value = "" if raw is None else _as_text(raw)
            if not value:
                continue
            first = seen.setdefault(name, (source, value))
            if first[1] != value:
                return IdConflict(name, first[0], first[1], source, value)
    return None


def _as_text(value: Any) -> str:
    """Office programs turn ``2025`` into ``2025.0``; give back the text that was written."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class RawAnswer:
    """One answer as found in a form, before coercion.

    ``value`` is a string for typed text (numbers and dates as typed, e.g. ``1.234,5``), a
    choice value (``str``) for a ticked single choice or a dropdown, a list of choice values
    for multi-choice, ``True``/``False`` for yes/no, a number or ``datetime.date`` where the
    office program stored one (Excel cells, Word date controls), and for a table a list of
    rows (``dict`` column id -> raw value). ``location`` says where it was found
    (``Fragebogen!D14``, ``content control 'goals'``, ``table 2, row 5``); ``via`` says how it
    was found: ``tag``, ``bookmark``, ``alias``, ``row`` or ``cell``. For a table, ``cells``
    gives the location of each cell (``(row, column id)``, the row 1-based in ``value``) and
    ``row_numbers`` the number of each row as the form shows it.
    """

    question: str
    value: Any
    location: str = ""
    via: Via | str = ""
    cells: dict[tuple[int, str], str] = field(default_factory=dict, compare=False)
    row_numbers: tuple[int, ...] = ()


@dataclass
class FormContent:
    """Everything a reader found in one file (``path``: where its bytes came from, if known)."""

    path: Path | None
    format: FormFormat
    identification: Identification | None
    answers: dict[str, RawAnswer] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    id_sources: dict[str, dict[str, str]] = field(default_factory=dict)
    """Every place the form names its identification (see :func:`identification_conflict`)."""
    form_codes: list[str] = field(default_factory=list)
    """The visible form codes the form shows (``pipeline.forms.code``), in order, once each."""

    def values(self) -> dict[str, Any]:
        """``{question id: raw value}`` for every answer found."""
        return {qid: a.value for qid, a in self.answers.items()}
