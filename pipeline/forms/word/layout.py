"""Where every answer sits in a Word form of one questionnaire: one description, built once,
that the writer writes and the reader looks answers up in.

Each answer place is a :class:`~pipeline.forms.word.xml.Slot`: a content control whose tag
and alias name it, inside a bookmark of a unique name, in the table row that shows the
question's number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.forms.word.xml import Slot, form_slots


@dataclass(frozen=True)
class WordLayout:
    """Every slot of a questionnaire's Word form, and the lookups the reader needs."""

    questions: tuple[Question, ...]
    slots: tuple[Slot, ...]
    """In form order, with their bookmark names."""
    by_question: dict[str, tuple[Slot, ...]] = field(repr=False)
    by_key: dict[str, Slot] = field(repr=False)
    """{tag: slot}."""
    keys: frozenset[str] = field(repr=False)
    """The tag of every control the form has."""
    bookmarks: frozenset[str] = field(repr=False)
    """The name of every bookmark around a control."""

    @classmethod
    def of(cls, q: Questionnaire) -> WordLayout:
        slots = tuple(form_slots(q))
        questions = tuple(q.answerable())
        by_question: dict[str, list[Slot]] = {question.id: [] for question in questions}
        by_key: dict[str, Slot] = {}
        for slot in slots:
            by_question[slot.question.id].append(slot)
            by_key[slot.key] = slot  # (as the writer looks them up: the last wins)
        return cls(
            questions,
            slots,
            {qid: tuple(found) for qid, found in by_question.items()},
            by_key,
            frozenset(by_key),
            frozenset(slot.bookmark for slot in slots),
        )

    def bookmarks_of(self, question: Question) -> frozenset[str]:
        """The bookmark names of ``question``'s slots."""
        return frozenset(slot.bookmark for slot in self.by_question.get(question.id, ()))
