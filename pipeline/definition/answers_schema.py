"""The answers JSON Schema derived from a questionnaire, and a validator that knows word limits.

One schema per questionnaire version (``schemas/<id>-<version>.answers.schema.json``) so that a
submission can be checked by any JSON Schema tool. Word limits are the custom keywords
``minWords`` and ``maxWords``, registered with :mod:`jsonschema` here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError

from pipeline.definition.email_address import is_email
from pipeline.definition.question_types import kind_of
from pipeline.definition.questionnaire import (
    OTHER,
    AllOf,
    AnyOf,
    Condition,
    Question,
    Questionnaire,
    When,
)
from pipeline.definition.schema_check import compiled

_WORD = re.compile(r"[^\W_]+(?:[-'’.*:/][^\W_]+)*")
_JOINERS = "-'’.*:/"


def _byte_classes(encoding: str) -> bytes:
    """A :meth:`bytes.translate` table for texts encoded in ``encoding`` (one byte a
    character): each letter or digit of :data:`_WORD` to ``a``, each joiner to ``-``, any
    other byte to a blank."""
    table = bytearray(b" " * 256)
    for b in range(256):
        try:
            char = bytes([b]).decode(encoding)
        except UnicodeDecodeError:
            continue
        if re.fullmatch(r"[^\W_]", char):
            table[b] = ord("a")
        elif char in _JOINERS:
            table[b] = ord("-")
    return bytes(table)


_CLASSES_CP1252 = _byte_classes("cp1252")
"""Windows-1252 holds German and Western European texts, with „“ ’ – and €."""


def count_words(text: str) -> int:
    """Words as a reader counts them: ``Online-Streetwork`` is one word, ``z. B.`` two.

    The matches of :data:`_WORD`, counted without finding them where the text is
    Windows-1252 (almost every text): each byte as its class (letter ``a``, joiner ``-``,
    other a blank), a word starts at a letter after a blank or at the start, or after a
    joiner that follows no letter (``--a``, `` -a``; ``a-a`` is one word)."""
    try:
        data = text.encode("cp1252").translate(_CLASSES_CP1252)
    except UnicodeEncodeError:
        return len(_WORD.findall(text))
    starts = data.count(b" a") + data.count(b" -a") + data.count(b"--a")
    return starts + data.startswith(b"a") + data.startswith(b"-a")


def _max_words(
    validator: Any, limit: int, instance: Any, schema: dict
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and (n := count_words(instance)) > limit:
        yield ValidationError(f"{n} words, at most {limit} allowed")


def _min_words(
    validator: Any, limit: int, instance: Any, schema: dict
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and (n := count_words(instance)) < limit:
        yield ValidationError(f"{n} words, at least {limit} needed")


AnswersValidator = validators.extend(
    Draft202012Validator, {"maxWords": _max_words, "minWords": _min_words}
)
"""Draft 2020-12 plus the word-limit keywords."""


FORMATS = FormatChecker(Draft202012Validator.FORMAT_CHECKER.checkers)
"""Draft 2020-12's format checks, with ``email`` decided by :func:`is_email` (jsonschema's own
check only looks for an ``@``)."""
FORMATS.checks("email")(is_email)
FORMATS.checks("idn-email")(is_email)


def answers_validator(schema: dict[str, Any]) -> Any:
    """A validator for ``schema`` that also checks formats (date, email) and word limits."""
    return AnswersValidator(schema, format_checker=FORMATS)


_OWN_KEYWORDS = frozenset({"maxWords", "minWords", "format"})
"""What jsonschema-rs would not check as :func:`answers_validator` does (the word limits are
ours; praxis decides e-mail addresses its own way)."""


def answers_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """``is_valid`` of :func:`answers_validator` for ``schema``: asked of jsonschema-rs (the
    same JSON Schema 2020-12 rules, compiled) where the schema has none of
    :data:`_OWN_KEYWORDS`, else of ``jsonschema``; a value jsonschema-rs cannot take is
    left to ``jsonschema`` too."""
    slow = answers_validator(schema).is_valid
    if _has_keyword(schema, _OWN_KEYWORDS):
        return slow
    fast = compiled(schema).is_valid

    def is_valid(instance: Any) -> bool:
        try:
            return bool(fast(instance))
        except (ValueError, TypeError, RecursionError):
            return slow(instance)

    return is_valid


def _has_keyword(schema: Any, keywords: frozenset[str]) -> bool:
    if isinstance(schema, dict):
        return any(k in keywords or _has_keyword(v, keywords) for k, v in schema.items())
    if isinstance(schema, list):
        return any(_has_keyword(item, keywords) for item in schema)
    return False


def schema_filename(q: Questionnaire) -> str:
    return f"{q.id}-{q.version}.answers.schema.json"


def build_answers_schema(q: Questionnaire) -> dict[str, Any]:
    """The JSON Schema of one project's answers: an object keyed by question id."""
    lang = q.default_language
    properties: dict[str, Any] = {}
    required: list[str] = []
    conditions: list[dict[str, Any]] = []
    for question in q.answerable():
        properties[question.id] = _property(question, lang)
        if question.other:
            properties[question.other_id] = {"type": "string", "minLength": 1}
            conditions.append(_other_rule(question))
        if question.required and question.when is None:
            required.append(question.id)
        elif question.required and question.when is not None:
            conditions.append(_if_then(question.when, {"required": [question.id]}))
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:praxis:answers:{q.id}:{q.version}",
        "title": f"{q.title.get(lang)} ({q.id} {q.version})",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def _property(question: Question, lang: str) -> dict[str, Any]:
    piece = kind_of(question).answer_schema
    assert piece is not None
    prop = {"title": f"{question.number} {question.label.get(lang)}", **piece(question)}
    if question.hint is not None:
        prop["description"] = question.hint.get(lang)
    return prop


def _test(condition: When) -> dict[str, Any]:
    """The schema an answers object meets exactly when ``condition`` holds."""
    if isinstance(condition, AllOf):
        return {"allOf": [_test(c) for c in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"anyOf": [_test(c) for c in condition.conditions]}
    answered = {"properties": {condition.question: {"not": {"enum": ["", []]}}}}
    answered["required"] = [condition.question]
    if condition.op == "answered":
        return answered if condition.value else {"not": answered}
    return {
        "properties": {condition.question: _value_test(condition)},
        "required": [condition.question],
    }


def _value_test(condition: Condition) -> dict[str, Any]:
    """The schema of one answer that meets the simple ``condition``."""
    if condition.op == "includes":
        return {"contains": {"const": condition.value}}
    if condition.op == "excludes":
        return {"minItems": 1, "not": {"contains": {"const": condition.value}}}
    if condition.op == "in":
        return {"enum": list(condition.value)}
    if condition.op == "not_equals":
        return {"not": {"enum": ["", [], condition.value]}}
    return {"const": condition.value}


def _if_then(condition: When, then: dict[str, Any]) -> dict[str, Any]:
    return {"if": _test(condition), "then": then}


def _other_rule(question: Question) -> dict[str, Any]:
    op = "includes" if kind_of(question).many else "equals"
    return _if_then(Condition(question.id, op, OTHER), {"required": [question.other_id]})


def schema_json(schema: dict[str, Any]) -> str:
    """The schema as stable, readable JSON text (the same input gives the same bytes)."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_answers_schema(q: Questionnaire, path: str | Path) -> Path:
    """Write the derived schema of ``q`` to ``path`` and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_json(build_answers_schema(q)), encoding="utf-8")
    return path


SCHEMAS_DIR = Path("schemas")
"""Where ``praxis schema`` writes a derived schema unless told otherwise."""


def default_schema_path(q: Questionnaire) -> Path:
    """``schemas/<id>-<version>.answers.schema.json``."""
    return SCHEMAS_DIR / schema_filename(q)


def derive_schema(
    questionnaire: Path, lang: str, out: Path | None = None
) -> tuple[str, Path | None]:
    """``praxis schema``: the derived schema's text of the definition ``questionnaire``, and
    the file it was written to (``out``, default :func:`default_schema_path`); with ``out``
    ``-`` nothing is written and the path is None (the text is to be printed)."""
    from pipeline.definition.loading import load_questionnaire

    q = load_questionnaire(questionnaire, lang)
    text = schema_json(build_answers_schema(q))
    if out is not None and str(out) == "-":
        return text, None
    return text, write_answers_schema(q, out or default_schema_path(q))
