"""The rows of an XLSForm for a questionnaire: ``survey``, ``choices`` and ``settings``.

Each row is a mapping from a column key to a value; a translated column's key is
``(column, lang)`` and :mod:`pipeline.xlsform.export` turns it into ``label::Deutsch (de)``.
Columns whose name starts with ``praxis_`` carry what XLSForm has no column for (the
compendium role, the roster column a question is pre-filled from, the unit, the praxis type
where the XLSForm type does not say it); pyxform, KoboToolbox and ODK ignore them, and an
import reads them back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pipeline.xlsform.export_logic as logic
from pipeline.definition.coerce import scale_points
from pipeline.definition.question_types import kind_of
from pipeline.definition.questionnaire import (
    OTHER,
    Field,
    Question,
    Questionnaire,
    Section,
    Text,
)
from pipeline.locale.texts import t
from pipeline.xlsform.export_praxis import OWN_CHOICES

Key = str | tuple[str, str]
Row = dict[Key, Any]

PROJECT_FIELD = "praxis_project"
TOKEN_FIELD = "praxis_token"
"""The hidden fields an online form is opened with (``?d[/data/praxis_project]=p01``)."""
HIDDEN_FIELDS = (PROJECT_FIELD, TOKEN_FIELD)
ROOT_NAME = "data"
"""The root element of the XForm's answers (settings ``name``): paths are ``/data/...``."""

_PLAIN = {
    "text": "text",
    "long_text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "email": "text",
    "url": "text",
    "note": "note",
}
_PRAXIS_TYPE = {"email": "email", "url": "url", "scale": "scale"}
"""praxis types the XLSForm type alone does not tell (written in ``praxis_type``)."""


@dataclass
class Sheets:
    """The three sheets as rows, in order."""

    survey: list[Row] = field(default_factory=list)
    choices: list[Row] = field(default_factory=list)
    settings: Row = field(default_factory=dict)


def _text(value: Text | None, column: str, languages: tuple[str, ...]) -> Row:
    if value is None:
        return {}
    return {(column, lang): value.get(lang) for lang in languages}


class _Lists:
    """The choice lists of the form: the questionnaire's named lists, one per inline list,
    ``yes_no``, one per scale, and ``<list>_other`` where only some users add "other"."""

    def __init__(self, q: Questionnaire) -> None:
        self.q = q
        self.rows: list[Row] = []
        self.taken: set[str] = set()
        self.written: dict[Any, str] = {}
        users: dict[str, list[Field]] = {}
        for f in _fields(q):
            if f.choice_list:
                users.setdefault(f.choice_list, []).append(f)
        self.all_other = {name: all(u.other for u in fs) for name, fs in users.items()}
        self.taken |= set(q.choice_lists)

    def unique(self, wanted: str) -> str:
        name, n = wanted, 1
        while name in self.taken:
            n += 1
            name = f"{wanted}_{n}"
        self.taken.add(name)
        return name

    def _write(self, key: Any, wanted: str, choices: list[tuple[str, Text]]) -> str:
        if key in self.written:
            return self.written[key]
        name = wanted if key == ("named", wanted) else self.unique(wanted)
        self.written[key] = name
        for value, label in choices:
            self.rows.append(
                {"list_name": name, "name": value, **_text(label, "label", self.q.languages)}
            )
        return name

    def unused(self) -> None:
        """Write the named lists no question uses (kept, so that an import gets them back)."""
        for name, choices in self.q.choice_lists.items():
            self._write(("named", name), name, [(c.value, c.label) for c in choices])

    def for_field(self, f: Field) -> str:
        """The list name a select, yes/no or scale question ``f`` uses."""
        langs = self.q.languages
        if f.type == "yes_no":
            yes, no = (Text.of({lg: t(k, lg) for lg in langs}) for k in ("form.yes", "form.no"))
            return self._write("yes_no", "yes_no", [("yes", yes), ("no", no)])
        if f.type == "scale":
            return self._write(("scale", f.id), f"{f.id}_scale", _scale_choices(f, langs))
        choices = [(c.value, c.label) for c in f.choices]
        other = f.other and OTHER not in f.choice_values
        if other:
            choices.append((OTHER, Text.of({lg: t("excel.other", lg) for lg in langs})))
        if f.choice_list and (not other or self.all_other[f.choice_list]):
            return self._write(("named", f.choice_list), f.choice_list, choices)
        if f.choice_list:
            return self._write(("other", f.choice_list), f"{f.choice_list}_other", choices)
        return self._write(("inline", id(f)), f.id, choices)


def _scale_choices(f: Field, langs: tuple[str, ...]) -> list[tuple[str, Text]]:
    points = scale_points(f)
    found = []
    for p in points:
        end = f.low if p == points[0] else f.high if p == points[-1] else None
        label = {lg: f"{p} – {end.get(lg)}" if end else str(p) for lg in langs}
        found.append((str(p), Text.of(label)))
    return found


def _fields(q: Questionnaire) -> Iterator[Field]:
    for question in q.questions():
        yield question
        yield from question.columns


def _compendium(question: Question, langs: tuple[str, ...]) -> Row:
    role = question.compendium
    if role is None:
        return {}
    row: Row = {"praxis_compendium": role.role + (" filter" if role.filter else "")}
    return {**row, **_text(role.heading, "praxis_heading", langs)}


class _Survey:
    """Writes the survey rows of one questionnaire."""

    def __init__(self, q: Questionnaire, online: bool) -> None:
        self.q = q
        self.online = online
        self.langs = q.languages
        self.lists = _Lists(q)
        self.names = {
            question.id: question.xlsform_name or question.id for question in q.questions()
        }
        self.types = {question.id: question.type for question in q.questions()}
        self.referenced = {self.names[r] for r in _referenced(q) if r in self.names}
        self.taken = {*self.names.values(), *HIDDEN_FIELDS}
        self.taken |= {c.xlsform_name or c.id for x in q.questions() for c in x.columns}
        self.taken |= {s.xlsform_name or s.id for s in q.sections}
        self.rows: list[Row] = []

    def name(self, wanted: str, suffix: str) -> str:
        """A group's or column's name; ``_section``/``_column`` is added where it would
        repeat the name of a question another refers to (pyxform refuses that)."""
        return wanted if wanted not in self.referenced else f"{wanted}_{suffix}"

    def write(self) -> list[Row]:
        q = self.q
        if self.online:
            self.rows += [{"type": "hidden", "name": n} for n in HIDDEN_FIELDS]
        if q.intro and self.online:
            self.rows.append(self.note("intro", q.intro))
        for section in q.sections:
            self.section(section)
        return self.rows

    def note(self, wanted: str, text: Text) -> Row:
        """An introduction shown as a note (online only: the group's ``hint`` and the
        settings' ``praxis_intro`` hold the texts), under a name no question has."""
        name, n = wanted, 1
        while name in self.taken:
            n += 1
            name = f"{wanted}_{n}"
        self.taken.add(name)
        return {
            "type": "note",
            "name": name,
            **_text(text, "label", self.langs),
            "praxis_type": "intro",
        }

    def section(self, s: Section) -> None:
        name = self.name(s.xlsform_name or s.id, "section")
        when = getattr(s, "when", None)
        tables = any(question.type == "table" for question in s.questions)
        self.rows.append(
            {
                "type": "begin_group",
                "name": name,
                **_text(s.title, "label", self.langs),
                **_text(s.intro, "hint", self.langs),
                "relevant": logic.relevant(when, self.names, self.types),
                "appearance": "" if tables else "field-list",
            }
        )
        if s.intro and self.online:
            self.rows.append(self.note(f"{name}_intro", s.intro))
        for question in s.questions:
            self.question(question)
        self.rows.append({"type": "end_group", "name": name})

    def question(self, question: Question) -> None:
        own = getattr(question, "own_when", question.when)
        extra: Row = {
            "relevant": logic.relevant(own, self.names, self.types),
            "praxis_prefill": question.prefill or "",
            **_compendium(question, self.langs),
        }
        name = self.names[question.id]
        if question.type != "table":
            self.field(question, name, extra)
            return
        self.rows.append(
            {
                "type": "begin_repeat",
                "name": name,
                **self.texts(question),
                **extra,
                "praxis_max_rows": question.max_rows or "",
                "praxis_required": "yes" if question.required else "",
            }
        )
        for column in question.columns:
            self.field(column, self.name(column.xlsform_name or column.id, "column"), {})
        self.rows.append({"type": "end_repeat", "name": name})

    def texts(self, f: Field) -> Row:
        return {**_text(f.label, "label", self.langs), **_text(f.hint, "hint", self.langs)}

    def field(self, f: Field, name: str, extra: Row) -> None:
        row: Row = {"type": self.type_of(f), "name": name, **self.texts(f)}
        if kind_of(f).takes_answer and f.required:
            row["required"] = "yes"
        row.update(extra)
        if expression := logic.constraint(f):
            row["constraint"] = expression
            row.update(
                {("constraint_message", lg): logic.constraint_message(f, lg) for lg in self.langs}
            )
        row["appearance"] = _appearance(f)
        row["praxis_type"] = _PRAXIS_TYPE.get(f.type, "")
        if f.type in ("select_one", "select_multiple") and not f.choice_list:
            row["praxis_choices"] = OWN_CHOICES
        row.update(_text(f.unit, "praxis_unit", self.langs))
        self.rows.append(row)
        if f.other and f.type in ("select_one", "select_multiple"):
            self.rows.append(self.other_row(f, name))

    def type_of(self, f: Field) -> str:
        if f.type in _PLAIN:
            return _PLAIN[f.type]
        many = f.type == "select_multiple"
        return f"{'select_multiple' if many else 'select_one'} {self.lists.for_field(f)}"

    def other_row(self, f: Field, name: str) -> Row:
        """The "other, please specify" text, shown when "other" is picked."""
        label = {("label", lg): t("excel.other_specify", lg) for lg in self.langs}
        return {
            "type": "text",
            "name": f"{name}_{OTHER}",
            **label,
            "required": "yes",
            "relevant": f"selected(${{{name}}}, '{OTHER}')",
        }


def _appearance(f: Field) -> str:
    if f.type == "long_text":
        return "multiline"
    if f.type == "scale":
        return "likert"
    if f.type == "select_one" and f.appearance == "dropdown":
        return "minimal"
    return ""


def _referenced(q: Questionnaire) -> set[str]:
    found: set[str] = set()
    for question in q.questions():
        for when in (getattr(question, "own_when", question.when),):
            found |= set(_condition_questions(when))
    for section in q.sections:
        found |= set(_condition_questions(getattr(section, "when", None)))
    return found


def _condition_questions(when: Any) -> tuple[str, ...]:
    if when is None:
        return ()
    if hasattr(when, "questions"):
        return tuple(when.questions())
    return (when.question,)


def sheets(q: Questionnaire, online: bool = True) -> Sheets:
    """The survey, choices and settings rows of ``q``; ``online``: with the hidden project
    and token fields and the introductions as notes (a group's hint is not shown online),
    else as a questionnaire to edit (the template)."""
    survey = _Survey(q, online)
    rows = survey.write()
    langs = q.languages
    survey.lists.unused()
    settings: Row = {
        "form_id": q.id,
        "form_title": q.title.get(q.default_language),
        "version": q.version,
        "default_language": ("language", q.default_language),
        "name": ROOT_NAME,
        **_text(q.title, "praxis_title", langs),
        **_text(q.intro, "praxis_intro", langs),
        **_text(q.network, "praxis_network", langs),
        **_text(q.return_to, "praxis_return_to", langs),
    }
    return Sheets(rows, survey.lists.rows, settings)
