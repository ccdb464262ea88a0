"""The one place the forms' fast path is chosen: a :class:`FormBuilder` per round.

A round builds the Word form, the Excel form and the cover letter of every project through
one builder. With the speed layer on (:func:`pipeline.speed.enabled`, ``PRAXIS_FAST`` not
``0``) it keeps a template per questionnaire, language, deadline and set of pre-filled
questions and renders each project's package from it (:mod:`pipeline.speed.word`,
:mod:`pipeline.speed.excel`, :mod:`pipeline.speed.template`); off, it calls the plain
builders of the forms package (``build_docx``, ``build_xlsx``, ``build_cover_letter``), which
are the reference: both give packages with the same parts.

The templates live on the builder, not in a module: the caller owns them and drops them with
the builder. Threads may share a builder (its template store is lock-protected, a template
is immutable or renders under its own lock).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.mail import build_cover_letter
from pipeline.forms.prefill import prefilled_questions
from pipeline.round.folder import RoundProject
from pipeline.round.roster import Project
from pipeline.speed import enabled
from pipeline.speed.template import Template, text_hole, xml_text

CACHE_SIZE = 16
"""Templates kept per builder (a round needs one per format and language)."""
_LETTER_TEXTS = ("name", "organisation", "contact")
"""The project's texts in a letter; everything else is the same for a round and language."""


class Templates:
    """A few templates keyed by the questionnaire object (by identity) and other keys.

    The questionnaire is held with its template, so its id cannot be reused meanwhile. A lock
    guards the store; a template is built under it, once.
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, q: Any, key: Hashable, build: Callable[[], Any]) -> Any:
        full = (id(q), key)
        with self._lock:
            entry = self._entries.get(full)
            if entry is not None and entry[0] is q:
                self._entries.move_to_end(full)
                return entry[1]
            value = build()
            self._entries[full] = (q, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return value

    def __len__(self) -> int:
        return len(self._entries)


class FormBuilder:
    """Builds the forms and cover letters of a round, fast unless ``fast`` is False.

    ``fast`` defaults to :func:`pipeline.speed.enabled` (read when the builder is made).
    """

    def __init__(self, fast: bool | None = None, size: int = CACHE_SIZE) -> None:
        self.fast = enabled() if fast is None else fast
        self.templates = Templates(size)

    def form(
        self,
        fmt: str,
        q: Questionnaire,
        project: Project,
        ident: Identification,
        lang: str,
        deadline: dt.date | None = None,
        prefill: Mapping[str, Any] | None = None,
        marked: frozenset[str] = frozenset(),
    ) -> bytes:
        """The form ``fmt`` (``docx`` or ``xlsx``) of ``q`` for ``project`` in ``lang``;
        ``marked``: the questions pre-filled from the last round (built in full: rare)."""
        build = self.docx if fmt == "docx" else self.xlsx
        return build(q, project, ident, lang, deadline, prefill, marked)

    def docx(
        self,
        q: Questionnaire,
        project: Project,
        ident: Identification,
        lang: str,
        deadline: dt.date | None = None,
        prefill: Mapping[str, Any] | None = None,
        marked: frozenset[str] = frozenset(),
    ) -> bytes:
        """The Word form: the content of :func:`pipeline.forms.word.writer.build_docx`."""
        prefill = prefill or {}
        if not self.fast or marked:
            from pipeline.forms.word.writer import build_docx

            return build_docx(q, project, ident, lang, deadline, prefill, marked)
        from pipeline.speed.word import WordTemplate

        holes = prefilled_questions(q, prefill)
        key = ("docx", lang, deadline, holes)
        template = self.templates.get(q, key, lambda: WordTemplate.build(q, lang, deadline, holes))
        return template.render(project, ident, prefill)

    def xlsx(
        self,
        q: Questionnaire,
        project: Project,
        ident: Identification,
        lang: str,
        deadline: dt.date | None = None,
        prefill: Mapping[str, Any] | None = None,
        marked: frozenset[str] = frozenset(),
    ) -> bytes:
        """The Excel form: the content of :func:`pipeline.forms.excel.writer.build_xlsx`."""
        prefill = dict(prefill or {})
        if not self.fast or marked:  # openpyxl is imported when first needed (it takes 0.2 s)
            from pipeline.forms.excel.writer import build_xlsx

            return build_xlsx(q, project, ident, lang, deadline, prefill, marked)
        from pipeline.speed.excel import ExcelTemplate

        holes = prefilled_questions(q, prefill)
        key = ("xlsx", lang, deadline, holes)
        template = self.templates.get(q, key, lambda: ExcelTemplate.build(q, lang, deadline, holes))
        return template.render(project, ident, prefill)

    def letter(
        self,
        q: Questionnaire,
        project: RoundProject,
        deadline: dt.date | None,
        gone: Sequence[str] = (),
        today: dt.date | None = None,
    ) -> bytes:
        """The cover letter dated ``today`` (default: the day it is written): the content of
        :func:`pipeline.forms.mail.build_cover_letter`.

        Fast, it is built once per round, language, date and shape (with or without
        organisation and contact) with sentinel texts; per project only its texts are filled
        in. A text with a line break or tab is built in full.
        """
        today = today or dt.date.today()
        texts = {name: getattr(project, name) for name in _LETTER_TEXTS}
        if gone or not self.fast or any(m in v for v in texts.values() for m in "\t\n\r"):
            return build_cover_letter(q, project, deadline, gone, today)
        shape = ("letter", project.language, deadline, today, *(bool(v) for v in texts.values()))

        def build() -> Template:
            sentinel = replace(project, **{k: text_hole(k) if v else "" for k, v in texts.items()})
            return Template.from_zip(build_cover_letter(q, sentinel, deadline, today=today))

        template = self.templates.get(q, shape, build)
        return template.render({name: xml_text(text) for name, text in texts.items()})
