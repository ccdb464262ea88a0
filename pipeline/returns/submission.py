"""From what a reader found to a checked submission: coerce, apply skip logic, validate.

No file I/O: takes a :class:`FormContent` and the questionnaire, returns the typed answers,
every problem (each naming the question by number and label, and where it is in the form)
and what coercion changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from jsonschema.exceptions import ValidationError

from pipeline.definition.answers_schema import answers_validator, build_answers_schema, count_words
from pipeline.definition.coerce import (
    Coerced,
    clean_text,
    coerce_message,
    typed_text,
)
from pipeline.definition.question_types import coerce_answer
from pipeline.definition.questionnaire import OTHER, Question, Questionnaire
from pipeline.forms.content import FormContent, RawAnswer
from pipeline.locale.texts import t
from pipeline.locale.wording import condition_clause
from pipeline.problems import Problem, ProblemCode, Severity


class Outcome(StrEnum):
    """What became of a returned file (a text ``outcome.<value>`` names it for people)."""

    ACCEPTED = "accepted"
    ACCEPTED_WITH_WARNINGS = "accepted_with_warnings"
    INCOMPLETE = "incomplete"
    """Stored; a follow-up letter asks for what is missing or wrong."""
    REJECTED = "rejected"
    """Unreadable or unidentifiable: archived and recorded with the reason, nothing else."""
    DUPLICATE = "duplicate"
    """The same bytes were ingested before: nothing changes."""
    NEEDS_REVIEW = "needs_review"
    """Stored in the history: it answers less than the current return (see
    pipeline.returns.current)."""
    OLDER = "older"
    """Stored in the history: saved before the current return."""
    BLANK = "blank"
    """Refused: the bytes of a blank form the round sent; nothing is recorded."""
    MAIL = "mail"
    """A saved e-mail (.eml, .msg, a mail of an .mbox): archived, its attachments taken one
    by one (each with its own outcome); recorded in ``mails``."""
    MEDIA = "media"
    """A creative answer (video, audio, picture, PDF): archived and attached to its project
    (recorded in ``media``), not read as a form."""

    @property
    def accepted(self) -> bool:
        """Accepted, with or without warnings."""
        return self in (Outcome.ACCEPTED, Outcome.ACCEPTED_WITH_WARNINGS)


ACCEPTED = Outcome.ACCEPTED
ACCEPTED_WITH_WARNINGS = Outcome.ACCEPTED_WITH_WARNINGS
INCOMPLETE = Outcome.INCOMPLETE
REJECTED = Outcome.REJECTED
DUPLICATE = Outcome.DUPLICATE
NEEDS_REVIEW = Outcome.NEEDS_REVIEW
OLDER = Outcome.OLDER
BLANK = Outcome.BLANK


@dataclass(frozen=True)
class Coercion:
    """What coercion changed in one answer: ``raw`` as typed, read as ``value``; ``change``
    says so for people (in the form's language, as :mod:`pipeline.definition.coerce` put it)."""

    question: str
    change: str
    raw: str
    value: Any

    def as_dict(self) -> dict[str, Any]:
        """As the store keeps it (JSON; ``from`` and ``to`` as stores always had them)."""
        return {
            "question": self.question,
            "change": self.change,
            "from": self.raw,
            "to": self.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Coercion:
        return cls(str(data["question"]), str(data.get("change", "")), data["from"], data["to"])


@dataclass
class Checked:
    answers: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    coercions: list[Coercion] = field(default_factory=list)
    flagged: set[tuple[str, int, str]] = field(default_factory=set, repr=False)
    """(question, row as read, column) of every table cell already flagged."""
    table_rows: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    """Per table answer: each stored row's position among the rows as read."""

    @property
    def outcome(self) -> Outcome:
        if any(p.is_error for p in self.problems):
            return INCOMPLETE
        return ACCEPTED_WITH_WARNINGS if self.problems else ACCEPTED


class Checker:
    """Checks submissions of one questionnaire in one message language."""

    def __init__(self, q: Questionnaire, lang: str):
        self.q = q
        self.lang = lang if lang in q.languages else q.default_language
        self.validator = answers_validator(build_answers_schema(q))
        self.form_lang = q.default_language
        self.by_key: dict[str, Question] = {}
        for question in q.answerable():
            self.by_key[question.id] = question
            if question.other:
                self.by_key[question.other_id] = question

    # --- the steps --------------------------------------------------------------------------

    def check(self, content: FormContent, file: str = "") -> Checked:
        result = Checked(problems=[_with_file(p, file) for p in content.problems])
        self.form_lang = form_language(self.q, content)
        self._coerce(content, result, file)
        self._tick_other(result, file)
        self._skip_logic(result, content, file)
        self._validate(result, content, file)
        result.problems = self._in_question_order(result.problems)
        return result

    def _in_question_order(self, problems: list[Problem]) -> list[Problem]:
        """``problems`` as the questionnaire asks the questions (those of the whole form
        first); problems of one question keep the order they were found in."""
        order = {x.id: i for i, x in enumerate(self.q.answerable())}
        return sorted(problems, key=lambda p: order.get(p.question, -1) if p.question else -1)

    def _coerce(self, content: FormContent, result: Checked, file: str) -> None:
        for key, raw in content.answers.items():
            question = self.by_key.get(key)
            if question is None:
                continue
            target = question if key == question.id else _other_field(question)
            coerced = coerce_answer(target, raw.value, self.form_lang)
            self._bad_cells(question, raw, coerced, result, file)
            if coerced.error:
                message = coerce_message(coerced, self.lang)
                result.problems.append(
                    self.problem(ProblemCode.INVALID, question, message, raw.location, file)
                )
            elif coerced.value is not None:
                result.answers[key] = coerced.value
                if coerced.changed:
                    change = Coercion(key, coerced.changed, clean_text(raw.value), coerced.value)
                    result.coercions.append(change)

    def _bad_cells(
        self, question: Question, raw: RawAnswer, coerced: Coerced, result: Checked, file: str
    ) -> None:
        """A problem per table cell kept as typed, at the cell's own address."""
        if coerced.rows:
            result.table_rows[question.id] = coerced.rows
        for bad in coerced.bad_cells:
            message = coerce_message(Coerced(error=bad.error, params=bad.params), self.lang)
            message = self._cell_message(question, raw, bad.row, bad.column, message)
            where = raw.cells.get((bad.row, bad.column), raw.location)
            result.problems.append(
                self.problem(ProblemCode.INVALID, question, message, where, file)
            )
            result.flagged.add((question.id, bad.row, bad.column))

    def _cell_message(
        self, question: Question, raw: RawAnswer | None, row: int, column: str, message: str
    ) -> str:
        """``Zeile 2, „Art der Zusammenarbeit“: ...`` with the row number the form shows."""
        numbers = raw.row_numbers if raw is not None else ()
        shown = numbers[row - 1] if 0 < row <= len(numbers) else row
        found = next((c for c in question.columns if c.id == column), None)
        label = found.label.get(self.lang) if found is not None else column
        return t("issue.table_cell", self.lang, row=shown, column=label, message=message)

    def _tick_other(self, result: Checked, file: str) -> None:
        for question in self.q.answerable():
            if not question.other or question.other_id not in result.answers:
                continue
            given = result.answers.get(question.id)
            if question.type == "select_multiple" and OTHER not in (given or []):
                result.answers[question.id] = [*(given or []), OTHER]
            elif question.type == "select_one" and given is None:
                result.answers[question.id] = OTHER
            else:
                continue
            message = t("issue.other_added", self.lang)
            result.problems.append(
                self.problem(ProblemCode.OTHER_ADDED, question, message, "", file, warn=True)
            )

    def _skip_logic(self, result: Checked, content: FormContent, file: str) -> None:
        for question in self.q.answerable():
            if question.when is None or question.id not in result.answers:
                continue
            if not question.when.holds(result.answers):
                condition = condition_clause(self.q, question.when, self.lang)
                message = t("issue.not_applicable", self.lang, condition=condition)
                where = _location(content, question.id)
                result.problems.append(
                    self.problem(
                        ProblemCode.NOT_APPLICABLE, question, message, where, file, warn=True
                    )
                )

    def _validate(self, result: Checked, content: FormContent, file: str) -> None:
        seen: set[tuple[str, str]] = set()
        unreadable = {p.question for p in result.problems if p.code == ProblemCode.INVALID}
        for error in self.validator.iter_errors(result.answers):
            cell = _table_cell(error, result)
            if cell in result.flagged:
                continue  # the cell kept as typed is already named at its own address
            for key, message in self._explain(error, result, content):
                question = self.by_key.get(key)
                if question is None or (key, message) in seen:
                    continue  # jsonschema reports one "required" error per missing key
                seen.add((key, message))
                code = ProblemCode.MISSING if error.validator == "required" else ProblemCode.INVALID
                if code == ProblemCode.MISSING and key in unreadable and cell is None:
                    continue  # answered, not usable: that says what to fix (a row's own gap stays)
                where = _location(content, key, cell)
                result.problems.append(self.problem(code, question, message, where, file))

    def _typed(self, content: FormContent, path: list[Any], instance: Any) -> str:
        """What the person typed for the answer at ``path`` (never the value read from it)."""
        raw = content.answers.get(str(path[0])) if path else None
        value = raw.value if raw is not None else instance
        question = self.by_key.get(str(path[0])) if path else None
        if question is not None and question.type == "table" and len(path) >= 3:
            value = _raw_table_cell(question, value, path, self.form_lang, instance)
        if isinstance(value, list | dict):
            value = instance
        return typed_text(value, self.form_lang)

    # --- messages ----------------------------------------------------------------------------

    def problem(
        self,
        code: ProblemCode,
        q: Question,
        message: str,
        location: str,
        file: str,
        warn: bool = False,
    ) -> Problem:
        head = t("issue.where", self.lang, number=q.number, label=q.label.get(self.lang))
        return Problem(
            code=code,
            message=f"{head}: {message}",
            severity=Severity.WARNING if warn else Severity.ERROR,
            file=file,
            question=q.id,
            location=location,
        )

    def _explain(
        self, error: ValidationError, result: Checked, content: FormContent
    ) -> list[tuple[str, str]]:
        path = list(error.absolute_path)
        missing = (
            [k for k in error.validator_value if k not in error.instance]
            if (error.validator == "required")
            else []
        )
        if error.validator == "required" and not path:
            return [(k, self._missing(k)) for k in missing]
        key = str(path[0]) if path else ""
        question = self.by_key.get(key)
        raw = content.answers.get(key)
        if error.validator == "required" and question is not None:  # a row lacks a cell
            row = _read_row(result, key, int(path[1]) + 1 if len(path) > 1 else 1)
            missing_text = t("issue.missing", self.lang)
            return [(key, self._cell_message(question, raw, row, c, missing_text)) for c in missing]
        message = self._invalid(error, key, path, content)
        if question is not None and question.type == "table" and len(path) > 2:
            row = _read_row(result, key, int(path[1]) + 1)
            message = self._cell_message(question, raw, row, str(path[2]), message)
        return [(key, message)]

    def _missing(self, key: str) -> str:
        question = self.by_key.get(key)
        if question is not None and key == question.other_id:
            return t("issue.missing_other", self.lang)
        if question is not None and question.type == "select_multiple":
            return t("issue.missing_choice", self.lang)
        return t("issue.missing", self.lang)

    def _invalid(
        self, error: ValidationError, key: str, path: list[Any], content: FormContent
    ) -> str:
        v, limit, value = str(error.validator), error.validator_value, error.instance
        lang = self.lang
        typed = lambda: self._typed(content, path, value)  # noqa: E731
        if v == "required" or (v == "minLength" and value == ""):
            return t("issue.missing", lang)
        simple = {
            "maxWords": lambda: t(
                "issue.too_many_words", lang, count=count_words(value), limit=limit
            ),
            "minWords": lambda: t(
                "issue.too_few_words", lang, count=count_words(value), limit=limit
            ),
            "maxLength": lambda: t("issue.too_long", lang, count=len(value), limit=limit),
            "minimum": lambda: t("issue.too_small", lang, value=typed(), limit=limit),
            "maximum": lambda: t("issue.too_large", lang, value=typed(), limit=limit),
            "enum": lambda: t("coerce.not_a_choice", lang, value=typed()),
            "pattern": lambda: t("issue.bad_url", lang, value=typed()),
        }
        if v in simple:
            return simple[v]()
        return self._invalid_structure(error, key, path, typed)

    def _invalid_structure(
        self, error: ValidationError, key: str, path: list[Any], typed: Callable[[], str]
    ) -> str:
        v, limit, value, lang = (
            str(error.validator),
            error.validator_value,
            error.instance,
            self.lang,
        )
        question = self.by_key.get(key)
        is_table = question is not None and question.type == "table"
        if v == "format" and limit == "email":
            return t("issue.bad_email", lang, value=typed())
        if v == "maxItems":
            name = "issue.too_many_rows" if is_table else "issue.too_many_choices"
            return t(name, lang, count=len(value), limit=limit)
        if v == "minItems":
            return t("issue.too_few_choices", lang, count=len(value), limit=limit)
        return t("issue.invalid", lang, detail=error.message)


def form_language(q: Questionnaire, content: FormContent) -> str:
    """The language the form was filled in (its identification's), which says how numbers
    are written; the questionnaire's default when the form does not say."""
    ident = content.identification
    lang = ident.language if ident is not None else ""
    return lang if lang in q.languages else q.default_language


def _raw_table_cell(question: Question, raw: Any, path: list[Any], lang: str, instance: Any) -> Any:
    """The raw cell at ``path`` (table, row index among the rows kept, column) of a table."""
    if not isinstance(raw, list):
        return instance
    kept = [row for row in raw if coerce_answer(question, [row], lang).value]
    index, column = path[1], str(path[2])
    if not isinstance(index, int) or index >= len(kept) or not isinstance(kept[index], dict):
        return instance
    return kept[index].get(column, instance)


def _other_field(question: Question) -> Question:
    """The "please specify" text of a question with ``other``: a one-line text."""
    from dataclasses import replace

    return replace(question, id=question.other_id, type="text", choices=(), other=False)


def _read_row(result: Checked, key: str, stored: int) -> int:
    """The position among the rows as read of the ``stored``-th stored row of a table."""
    rows = result.table_rows.get(key, ())
    return rows[stored - 1] if 0 < stored <= len(rows) else stored


def _table_cell(error: ValidationError, result: Checked) -> tuple[str, int, str] | None:
    """(question, row as read, column) of an error inside a table row, else None.

    A row lacking a required cell names that cell (the first one missing).
    """
    path = list(error.absolute_path)
    if len(path) < 2 or str(path[0]) not in result.table_rows or not isinstance(path[1], int):
        return None
    key, row = str(path[0]), _read_row(result, str(path[0]), path[1] + 1)
    if len(path) > 2:
        return key, row, str(path[2])
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [c for c in error.validator_value if c not in error.instance]
        return (key, row, str(missing[0])) if missing else None
    return None


def _location(content: FormContent, key: str, cell: tuple[str, int, str] | None = None) -> str:
    raw = content.answers.get(key)
    if raw is None:
        return ""
    if cell is not None:
        return raw.cells.get((cell[1], cell[2]), raw.location)
    return raw.location


def _with_file(problem: Problem, file: str) -> Problem:
    from dataclasses import replace

    return replace(problem, file=problem.file or file)
