"""The questionnaire model: immutable, typed, numbered.

Built by :mod:`pipeline.definition.loading` from a YAML file; every later stage reads only this.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.definition.publication_settings import PublicationSettings
from pipeline.definition.text import EMPTY_TEXT, Text

__all__ = ["EMPTY_TEXT", "OTHER", "Text", "When"]

OTHER = "other"
"""The choice value that ``other: true`` adds to a select question."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text


CONDITION_OPS = ("equals", "includes", "not_equals", "excludes", "in", "answered")
"""The comparisons of a simple condition (``{question: q, <op>: value}``)."""


def _given(value: Any) -> bool:
    """Whether ``value`` is an answer (``0`` and ``False`` are; ``None``, ``""``, ``[]`` not)."""
    return not (value is None or (isinstance(value, str | list | tuple) and len(value) == 0))


@dataclass(frozen=True)
class Condition:
    """Structured skip logic on one earlier question: ``{question: q, <op>: value}``.

    ``equals`` (a yes/no or select_one answer is ``value``), ``includes`` (a select_multiple
    answer contains ``value``), ``not_equals`` (answered and different), ``excludes`` (a
    select_multiple answered without ``value``), ``in`` (``value`` is a tuple: the answer is
    one of them), ``answered`` (``value`` True: any answer given; False: none given).
    """

    question: str
    op: str  # one of CONDITION_OPS
    value: Any

    def holds(self, answers: Mapping[str, Any]) -> bool:
        """True when the condition is met by ``answers`` (a missing answer meets only
        ``answered: false``)."""
        given = answers.get(self.question)
        if self.op == "answered":
            return _given(given) == bool(self.value)
        if not _given(given):
            return False
        if self.op == "includes":
            return isinstance(given, list | tuple) and self.value in given
        if self.op == "excludes":
            return isinstance(given, list | tuple) and self.value not in given
        if self.op == "in":
            return any(_same(given, v) for v in self.value)
        if self.op == "not_equals":
            return not _same(given, self.value)
        return _same(given, self.value)

    def questions(self) -> tuple[str, ...]:
        """The ids of the questions the condition looks at."""
        return (self.question,)

    def text(self) -> str:
        """The condition in the definition's terms: ``evaluated equals True``."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return f"{self.question} {self.op} {value!r}"


def _same(given: Any, value: Any) -> bool:
    """``given == value``, with a truth value never equal to a number (``True != 1``)."""
    return isinstance(given, bool) == isinstance(value, bool) and bool(given == value)


@dataclass(frozen=True)
class AllOf:
    """``{all: [...]}``: every one of ``conditions`` holds."""

    conditions: tuple[When, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return all(c.holds(answers) for c in self.conditions)

    def questions(self) -> tuple[str, ...]:
        return _referenced(self.conditions)

    def text(self) -> str:
        return "(" + " and ".join(c.text() for c in self.conditions) + ")"


@dataclass(frozen=True)
class AnyOf:
    """``{any: [...]}``: at least one of ``conditions`` holds."""

    conditions: tuple[When, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        return any(c.holds(answers) for c in self.conditions)

    def questions(self) -> tuple[str, ...]:
        return _referenced(self.conditions)

    def text(self) -> str:
        return "(" + " or ".join(c.text() for c in self.conditions) + ")"


When = Condition | AllOf | AnyOf
"""A question's or a section's skip logic."""


def _referenced(conditions: tuple[When, ...]) -> tuple[str, ...]:
    """The question ids ``conditions`` look at, each once, in order."""
    return tuple(dict.fromkeys(q for c in conditions for q in c.questions()))


def both(outer: When | None, inner: When | None) -> When | None:
    """``outer`` and ``inner`` (a section's condition and a question's own), None for none."""
    if outer is None or inner is None:
        return outer or inner
    return AllOf((outer, inner))


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
        """The choice of ``value`` (the first, should two have it), None when there is none."""
        try:
            return self._choice_index.get(value)
        except TypeError:  # not a value at all (a list, say)
            return None

    @functools.cached_property
    def _choice_index(self) -> dict[str, Choice]:
        """The choices by value, made on first use (a frozen field never changes)."""
        index: dict[str, Choice] = {}
        for c in self.choices:
            index.setdefault(c.value, c)
        return index

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
    when: When | None = None
    """The effective condition: the section's (if any) and the question's own, both."""
    own_when: When | None = None
    """The condition written on the question itself (what an export writes back)."""
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
    when: When | None = None
    """The section's own condition (every question's :attr:`Question.when` includes it)."""
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
        return iter(self._answerable)

    @functools.cached_property
    def _answerable(self) -> tuple[Question, ...]:
        """:meth:`answerable`, found on first use (a frozen questionnaire never changes)."""
        return tuple(q for q in self.questions() if q.answerable)

    @functools.cached_property
    def _by_role(self) -> dict[str, tuple[Question, ...]]:
        """The questions by compendium role, in order, found on first use."""
        found: dict[str, list[Question]] = {}
        for q in self.questions():
            if q.compendium:
                found.setdefault(q.compendium.role, []).append(q)
        return {role: tuple(questions) for role, questions in found.items()}

    def question(self, qid: str) -> Question:
        for q in self.questions():
            if q.id == qid:
                return q
        raise KeyError(qid)

    def by_number(self, number: str) -> Question | None:
        return next((q for q in self.questions() if q.number == number), None)

    def with_role(self, role: str) -> list[Question]:
        """Questions whose compendium role is ``role``, in order."""
        return list(self._by_role.get(role, ()))
