"""Build the immutable questionnaire model from a definition tree that passed every check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.definition.checks import role_of
from pipeline.definition.publication_settings import build_publication
from pipeline.definition.questionnaire import (
    CONDITION_OPS,
    AllOf,
    AnyOf,
    Choice,
    Column,
    CompendiumRole,
    Condition,
    Question,
    Questionnaire,
    Section,
    Text,
    When,
    both,
)

_LIMITS = ("max_length", "min_words", "max_words", "min", "max", "min_choices", "max_choices")


def build_questionnaire(root: dict[str, Any], base: Path | None = None) -> Questionnaire:
    """The model of a checked definition; questions are numbered 1.1, 1.2, ... in order.
    ``base``: the folder of the definition file (its ``publication:`` images are there)."""
    languages = tuple(str(x) for x in root["languages"])
    lists = {
        str(name): _choices(entries, languages)
        for name, entries in (root.get("choice_lists") or {}).items()
    }
    builder = _Builder(languages, lists)
    sections = tuple(builder.section(s, i + 1) for i, s in enumerate(root["sections"]))
    return Questionnaire(
        id=str(root["id"]),
        version=str(root["version"]),
        languages=languages,
        title=_text(root["title"], languages),
        sections=sections,
        intro=_opt_text(root.get("intro"), languages),
        network=_opt_text(root.get("network"), languages),
        return_to=_opt_text(root.get("return_to"), languages),
        choice_lists=lists,
        publication=build_publication(root.get("publication"), languages, base),
    )


def _text(value: Any, languages: tuple[str, ...]) -> Text:
    return Text.of(
        value if isinstance(value, str) else {str(k): str(v) for k, v in value.items()}, languages
    )


def _opt_text(value: Any, languages: tuple[str, ...]) -> Text | None:
    return None if value is None else _text(value, languages)


def _choices(entries: Any, languages: tuple[str, ...]) -> tuple[Choice, ...]:
    return tuple(Choice(str(e["value"]), _text(e["label"], languages)) for e in entries)


class _Builder:
    def __init__(self, languages: tuple[str, ...], lists: dict[str, tuple[Choice, ...]]):
        self.languages = languages
        self.lists = lists

    def section(self, raw: dict[str, Any], number: int) -> Section:
        questions: list[Question] = []
        counter = 0
        when = condition(raw.get("when"))
        for raw_q in raw["questions"]:
            counter += raw_q["type"] != "note"
            numbered = f"{number}.{counter}" if raw_q["type"] != "note" else ""
            questions.append(self.question(raw_q, numbered, str(raw["id"]), when))
        return Section(
            id=str(raw["id"]),
            number=str(number),
            title=_text(raw["title"], self.languages),
            intro=_opt_text(raw.get("intro"), self.languages),
            questions=tuple(questions),
            when=when,
            xlsform_name=_xlsform_name(raw),
        )

    def field_args(self, raw: dict[str, Any]) -> dict[str, Any]:
        ref = raw.get("choices")
        choices = self.lists[ref] if isinstance(ref, str) else _choices(ref or [], self.languages)
        args: dict[str, Any] = {
            "id": str(raw["id"]),
            "type": str(raw["type"]),
            "label": _text(raw["label"], self.languages),
            "hint": _opt_text(raw.get("hint"), self.languages),
            "required": bool(raw.get("required", False)),
            "choices": choices,
            "choice_list": ref if isinstance(ref, str) else None,
            "other": bool(raw.get("other", False)),
            "appearance": raw.get("appearance"),
            "unit": _opt_text(raw.get("unit"), self.languages),
            "low": _opt_text(raw.get("low"), self.languages),
            "high": _opt_text(raw.get("high"), self.languages),
            "xlsform_name": _xlsform_name(raw),
        }
        args.update({k: raw[k] for k in _LIMITS if k in raw})
        return args

    def question(
        self, raw: dict[str, Any], number: str, section: str, outer: When | None = None
    ) -> Question:
        own = condition(raw.get("when"))
        return Question(
            **self.field_args(raw),
            number=number,
            section=section,
            when=both(outer, own),
            own_when=own,
            prefill=raw.get("prefill"),
            compendium=self.role(raw),
            columns=tuple(Column(**self.field_args(c)) for c in raw.get("columns") or []),
            max_rows=raw.get("max_rows"),
        )

    def role(self, raw: dict[str, Any]) -> CompendiumRole | None:
        role = role_of(raw)
        if role is None:
            return None
        spec = raw.get("compendium")
        spec = spec if isinstance(spec, dict) else {}
        heading = _opt_text(spec.get("heading"), self.languages)
        return CompendiumRole(role, heading, bool(spec.get("filter", False)))


def _xlsform_name(raw: dict[str, Any]) -> str | None:
    """The original XLSForm name an import kept (``xlsform: {name: ...}``), if any."""
    kept = raw.get("xlsform")
    return str(kept["name"]) if isinstance(kept, dict) and kept.get("name") else None


def condition(raw: Any) -> When | None:
    """The model of a checked ``when:`` (None for none)."""
    if not raw:
        return None
    if "all" in raw or "any" in raw:
        kind = AllOf if "all" in raw else AnyOf
        parts = raw["all"] if "all" in raw else raw["any"]
        return kind(tuple(c for c in (condition(x) for x in parts) if c is not None))
    op = next(k for k in CONDITION_OPS if k in raw)
    value = raw[op]
    if op == "in":
        return Condition(str(raw["question"]), op, tuple(_value(v) for v in value))
    if op == "answered":
        return Condition(str(raw["question"]), op, bool(value))
    return Condition(str(raw["question"]), op, _value(value))


def _value(value: Any) -> Any:
    """A compared value: a truth value stays one, anything else is a choice value (text)."""
    return value if isinstance(value, bool) else str(value)
