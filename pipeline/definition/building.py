"""Build the immutable questionnaire model from a definition tree that passed every check."""

from __future__ import annotations

from typing import Any

from pipeline.definition.checks import role_of
from pipeline.definition.questionnaire import (
    Choice,
    Column,
    CompendiumRole,
    Condition,
    Question,
    Questionnaire,
    Section,
    Text,
)

_LIMITS = ("max_length", "min_words", "max_words", "min", "max", "min_choices", "max_choices")


def build_questionnaire(root: dict[str, Any]) -> Questionnaire:
    """The model of a checked definition; questions are numbered 1.1, 1.2, ... in order."""
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
        for raw_q in raw["questions"]:
            counter += raw_q["type"] != "note"
            numbered = f"{number}.{counter}" if raw_q["type"] != "note" else ""
            questions.append(self.question(raw_q, numbered, str(raw["id"])))
        return Section(
            id=str(raw["id"]),
            number=str(number),
            title=_text(raw["title"], self.languages),
            intro=_opt_text(raw.get("intro"), self.languages),
            questions=tuple(questions),
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

    def question(self, raw: dict[str, Any], number: str, section: str) -> Question:
        return Question(
            **self.field_args(raw),
            number=number,
            section=section,
            when=_condition(raw.get("when")),
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


def _condition(raw: Any) -> Condition | None:
    if not raw:
        return None
    op = "includes" if "includes" in raw else "equals"
    value = raw[op]
    return Condition(str(raw["question"]), op, value if isinstance(value, bool) else str(value))
