"""The Word form as a template: built once per questionnaire, language, deadline and set of
pre-filled questions; per project only the differing parts are rendered and zipped.

The reference is the plain builder :func:`pipeline.forms.word.writer.build_docx`; a
:class:`WordTemplate` renders forms with the same content (tests compare them part by part).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.definition.question_types import WidgetKind, widget_for
from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.forms.content import ID_FIELDS, Identification
from pipeline.forms.word.writer import (
    _code,
    _custom_xml,
    _document,
    _footer_runs,
    _hidden,
    _identifier,
    _project_facts,
    _save,
    _Varying,
    _Writer,
    build_docx,
    display_text,
)
from pipeline.forms.word.xml import Slot
from pipeline.round.roster import Project
from pipeline.speed.template import (
    Chunk,
    Memo,
    Template,
    context_nsmap,
    fragment,
    hole,
    split_part,
    text_hole,
    xml_text,
)

MAX_MEMO = 4096
"""Rendered answer parts kept per template (pre-filled values repeat across projects)."""
_PROJECT_TEXTS = ("name", "organisation")
_TEXT_CONTROLS = frozenset((WidgetKind.TEXT_LINE, WidgetKind.TEXT_BOX))
"""Widgets whose answer is a text control showing the value as typed."""
"""Types whose answer is a text control showing the value as typed (see ``answer_cell``)."""


def _texts(project: Project, ident: Identification) -> dict[str, str]:
    """The per-project texts of a form, by the name of their hole in the template."""
    texts = {name: getattr(project, name) for name in _PROJECT_TEXTS}
    texts["code"] = _code(ident)
    return texts | {f"ident.{name}": str(getattr(ident, name)) for name in ID_FIELDS}


def _sentinel_varying(q: Questionnaire, lang: str) -> _Varying:
    """The per-project parts built with sentinel texts, which the template cuts out."""
    project = Project(id="", email="", **{name: text_hole(name) for name in _PROJECT_TEXTS})
    ident = Identification(*(text_hole(f"ident.{name}") for name in ID_FIELDS))
    return _Varying(
        facts=_project_facts(project, lang),
        hidden=_hidden(ident),
        footer=_footer_runs(q, project, lang, text_hole("code")),
        identifier=_identifier(ident),
        custom=_custom_xml(ident),
    )


@dataclass(frozen=True)
class WordTemplate:
    """The Word form of one questionnaire, language and deadline with holes for a project.

    Threads may share it: the template is immutable, its memos are :class:`Memo` objects.
    """

    q: Questionnaire
    lang: str
    deadline: dt.date | None
    template: Template
    nsmaps: dict[str, dict[str | None, str]]
    starts: dict[str, int]
    slots: dict[str, Slot]

    answers: Memo = field(default_factory=lambda: Memo(MAX_MEMO), compare=False, repr=False)
    patterns: Memo = field(default_factory=lambda: Memo(MAX_MEMO), compare=False, repr=False)

    @classmethod
    def build(
        cls, q: Questionnaire, lang: str, deadline: dt.date | None, holes: frozenset[str]
    ) -> WordTemplate:
        """The template with holes for the project's texts and the questions ``holes``."""
        writer = _Writer(q, lang, {}, holes=holes, marker=hole)
        doc = _document(q, writer, deadline, _sentinel_varying(q, lang))
        nsmaps = {name: context_nsmap(marker) for name, marker in writer.markers.items()}
        template = Template.from_zip(_save(doc))
        return cls(q, lang, deadline, template, nsmaps, dict(writer.starts), writer.slots)

    def _answer_bytes(self, question: Question, given: Mapping[str, Any]) -> bytes:
        writer = _Writer(self.q, self.lang, given, self.slots, self.starts[question.id])
        return fragment([writer.answer_part(question)], self.nsmaps[f"answer:{question.id}"])

    def _plain_text(self, question: Question, given: Mapping[str, Any]) -> str | None:
        """The value, when the answer shows it as typed in one run: a text to fill in."""
        value = given.get(question.id)
        if (
            len(given) != 1
            or widget_for(question, "word") not in _TEXT_CONTROLS
            or not isinstance(value, str)
        ):
            return None
        if "\n" in value or display_text(question, value, self.lang) != value:
            return None
        return value

    def answer(self, qid: str, prefill: Mapping[str, Any]) -> bytes:
        """The answer part of question ``qid`` with the project's ``prefill``.

        A text shown as typed is filled into the part built once with a sentinel text (the
        names and e-mails of 1,000 projects all differ); other parts are memoised.
        """
        question = self.q.question(qid)
        given = {k: prefill[k] for k in (qid, question.other_id) if k in prefill}
        text = self._plain_text(question, given)
        if text is not None:
            sentinel = {qid: text_hole("value")}
            pattern: tuple[Chunk, ...] = self.patterns.get(
                qid, lambda: split_part(self._answer_bytes(question, sentinel))
            )
            return b"".join(xml_text(text) if isinstance(c, str) else c for c in pattern)
        key = (qid, repr(sorted(given.items())))
        return self.answers.get(key, lambda: self._answer_bytes(question, given))

    def render(self, project: Project, ident: Identification, prefill: Mapping[str, Any]) -> bytes:
        """The form of ``project``: the same content as the plain builder's."""
        texts = _texts(project, ident)
        if any("\n" in text for text in texts.values()):  # shown as several lines: build it
            return build_docx(self.q, project, ident, self.lang, self.deadline, prefill)
        values = {name: xml_text(text) for name, text in texts.items()}
        for qid in self.starts:
            values[f"answer:{qid}"] = self.answer(qid, prefill)
        return self.template.render(values)
