"""A readable outline of a questionnaire: numbered sections and questions with their types."""

from __future__ import annotations

from dataclasses import fields

from pipeline.definition.publication_settings import Imprint, PublicationSettings
from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.locale.texts import t


def _details(q: Question) -> str:
    parts = [q.type]
    if q.required:
        parts.append("required")
    if q.choice_list:
        parts.append(f"choices: {q.choice_list}" + (" + other" if q.other else ""))
    if q.columns:
        parts.append("columns: " + ", ".join(f"{c.id} ({c.type})" for c in q.columns))
    if q.own_when is not None:  # a section's condition is shown at the section
        parts.append(f"when {q.own_when.text()}")
    if q.prefill:
        parts.append(f"prefill: {q.prefill}")
    if q.compendium:
        parts.append(f"compendium: {q.compendium.role}")
    return ", ".join(parts)


def outline(q: Questionnaire, lang: str | None = None) -> list[str]:
    """The outline as lines of text, in ``lang`` (default: the questionnaire's first language)."""
    lang = lang if lang in q.languages else q.default_language
    lines = [f"{q.title.get(lang)}  [{q.id} {q.version}; {', '.join(q.languages)}]"]
    for section in q.sections:
        lines.append("")
        lines.append(f"{section.number}  {section.title.get(lang)}")
        if section.when is not None:
            lines.append(f"         (when {section.when.text()})")
        for question in section.questions:
            number = question.number or "  -"
            lines.append(f"   {number:<6}{question.label.get(lang)}")
            lines.append(f"         ({question.id}: {_details(question)})")
    entries = publication_entries(q.publication)
    if entries:
        lines += ["", t("def.outline_publication", lang, entries=", ".join(entries))]
    return lines


def publication_entries(settings: PublicationSettings) -> list[str]:
    """The keys of the ``publication:`` block that are set, in the block's order."""
    empty = {"imprint": Imprint()}
    return [
        f.name
        for f in fields(settings)
        if getattr(settings, f.name) not in (None, empty.get(f.name))
    ]
