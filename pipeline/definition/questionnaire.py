"""The questionnaire model: immutable, typed, numbered.

Built by :mod:`pipeline.definition.loading` from a YAML file; every later stage reads only this.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.definition.publication import PublicationSettings
from pipeline.definition.text import EMPTY_TEXT, Text

__all__ = ["EMPTY_TEXT", "OTHER", "Text"]

OTHER = "other"
"""The choice value that ``other: true`` adds to a select question."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


@dataclass(frozen=True)
class Condition:
    """Structured skip logic: ``{question: q, equals: v}`` or ``{question: q, includes: v}``."""

    question: str
    op: str  # "equals" | "includes"
    value: Any

    def holds(self, answers: Mapping[str, Any]) -> bool:
        """True when the condition is met by ``answers`` (a missing answer never meets it)."""
        given = answers.get(self.question)
        if given is None:
            return False
        if self.op == "includes":
            return isinstance(given, list | tuple) and self.value in given
        return bool(given == self.value)


@dataclass(frozen=True)
class CompendiumRole:
    """How an answer appears in the compendium.

    Roles: ``title`` (chapter heading), ``group`` (chapters are grouped by it), ``fact``
    (fact box), ``section`` (a text section), ``media`` (link with QR code), ``contact``
    (personal data, only shown with consent), ``consent`` (publication consent),
    ``consent_contact`` (consent to name the contact), ``hidden`` (never shown), ``summary``
    (the short description at the top of the chapter), ``profile`` (a criterion of the
    self-assessment of quality and evidence, shown as a profile in the fact box, labelled as
    self-reported).
    """

    role: str
    heading: Text | None = None
    filter: bool = False
    """The web edition offers a filter by this question's answers (choice questions)."""


@dataclass(frozen=True)
class Field:
    """What a question and a table column share: an id, a type, texts and limits."""

    id: str
    type: str
    label: Text
    hint: Text | None = None
    required: bool = False
    choices: tuple[Choice, ...] = ()
    choice_list: str | None = None
    other: bool = False
    appearance: str | None = None
    max_length: int | None = None
    min_words: int | None = None
    max_words: int | None = None
    min: float | None = None
    max: float | None = None
    unit: Text | None = None
    min_choices: int | None = None
    max_choices: int | None = None
    low: Text | None = None
    high: Text | None = None
    xlsform_name: str | None = None
    """The name in the XLSForm it was imported from (``xlsform: {name: ...}``), for export."""

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


@dataclass(frozen=True)
class Column(Field):
    """A typed column of a ``table`` question."""


@dataclass(frozen=True)
class Question(Field):
    number: str = ""
    section: str = ""
    when: Condition | None = None
    prefill: str | None = None
    compendium: CompendiumRole | None = None
    columns: tuple[Column, ...] = ()
    max_rows: int | None = None

    @property
    def answerable(self) -> bool:
        return self.type != "note"

    @property
    def other_id(self) -> str:
        """The answer key holding the "other, please specify" text."""
        return f"{self.id}_{OTHER}"


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: Text
    intro: Text | None = None
    questions: tuple[Question, ...] = ()
    xlsform_name: str | None = None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    languages: tuple[str, ...]
    title: Text
    sections: tuple[Section, ...]
    intro: Text | None = None
    network: Text | None = None
    return_to: Text | None = None
    choice_lists: Mapping[str, tuple[Choice, ...]] = field(default_factory=dict)
    publication: PublicationSettings = field(default_factory=PublicationSettings)
    """The ``publication:`` block (see :mod:`pipeline.definition.publication`)."""

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def questions(self) -> Iterator[Question]:
        """Every question in order, notes included."""
        for section in self.sections:
            yield from section.questions

    def answerable(self) -> Iterator[Question]:
        """Every question that takes an answer (no notes)."""
        return (q for q in self.questions() if q.answerable)

    def question(self, qid: str) -> Question:
        for q in self.questions():
            if q.id == qid:
                return q
        raise KeyError(qid)

    def by_number(self, number: str) -> Question | None:
        return next((q for q in self.questions() if q.number == number), None)

    def with_role(self, role: str) -> list[Question]:
        """Questions whose compendium role is ``role``, in order."""
        return [q for q in self.questions() if q.compendium and q.compendium.role == role]
