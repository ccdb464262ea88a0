"""The hint column of the Excel form: the hint, skip logic, limits and "Pflichtfeld"."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from pipeline.definition.question_types import WidgetKind, limit_hints, widget_for
from pipeline.definition.questionnaire import Field, Question, Questionnaire
from pipeline.locale.texts import t
from pipeline.locale.wording import when_instruction


def instructions(f: Field, lang: str) -> list[str]:
    """Derived instructions for ``f``; a limit the hint already names is not repeated."""
    hint = f.hint.get(lang) if f.hint else ""
    found = limit_hints(f, "excel", lang)
    return [text for text in found if not _named_in(text, hint)]


_UNIT_WORD = re.compile(r"wörter|words|zeichen|characters|zeile|row")


def _named_in(text: str, hint: str) -> bool:
    """Whether ``hint`` already states the limit ``text`` (its numbers and its unit word)."""
    numbers = re.findall(r"\d+", text)
    word = _UNIT_WORD.search(text.lower())
    if not numbers or word is None:
        return False
    return all(n in hint for n in numbers) and word.group(0) in hint.lower()


_TICK = {
    "de": re.compile(r"^Bitte (?P<what>.+) ankreuzen\.?$"),
    "en": re.compile(r"^Please tick (?P<what>.+?)\.?$"),
}
"""A hint sentence written for the Word form's checkboxes: "Bitte die größte Reichweite
ankreuzen." (the Excel form takes a single choice from a list instead)."""


def _one_instruction(f: Field, lang: str) -> tuple[str, list[str]]:
    """The hint of ``f`` and its derived instructions, with one instruction per widget: a list
    cell's "Bitte einen Eintrag aus der Liste wählen." replaces a hint sentence that says to
    tick one option, and a sentence that says what to tick says it for the list instead."""
    hint = f.hint.get(lang) if f.hint else ""
    derived = instructions(f, lang)
    if widget_for(f, "excel") is WidgetKind.OPTION_ROWS:
        return _without_tick_all(hint, lang), derived
    pick = t("hint.pick_one", lang)
    tick = _TICK.get(lang)
    if widget_for(f, "excel") is not WidgetKind.LIST_CELL or pick not in derived or not tick:
        return hint, derived
    sentences = re.split(r"(?<=[.!?])\s+", hint.strip()) if hint.strip() else []
    kept: list[str] = []
    for sentence in sentences:
        found = tick.match(sentence)
        if sentence.rstrip(".") == t("hint.tick_one", lang).rstrip("."):
            continue  # the list's own instruction says it
        if found:
            kept.append(t("hint.pick_what", lang, what=found.group("what")))
            derived = [line for line in derived if line != pick]
            continue
        kept.append(sentence)
    return " ".join(kept), derived


def _without_tick_all(hint: str, lang: str) -> str:
    """``hint`` without a leading "Tick all that apply" (the x column says how to answer):
    ``Tick all that apply; "nationwide" if ...`` -> ``"Nationwide" if ...``."""
    clause = re.escape(t("hint.tick_all", lang).rstrip("."))
    rest = re.sub(rf"^{clause}\s*[.;]?\s*", "", hint)
    if rest == hint:
        return hint
    first = re.search(r"\w", rest)
    return (
        rest[: first.start()] + rest[first.start()].upper() + rest[first.end() :] if first else rest
    )


def hint_text(q: Questionnaire, question: Question, lang: str, marked: bool = False) -> str:
    """The hint column: the hint, skip logic, limits and "Pflichtfeld", one per line;
    ``marked``: first the mark of an answer taken from the last round."""
    hint, derived = _one_instruction(question, lang)
    lines = [t("next_round.mark", lang)] if marked else []
    lines += [hint] if hint else []
    if question.own_when is not None:  # a section's condition stands under its heading
        lines.append(when_instruction(q, question.own_when, lang))
    lines += derived
    if question.required:
        lines.append(t("excel.required", lang))
    return "\n".join(line for line in lines if line)


MARK_COLOUR = "C55A11"
"""The mark of an answer taken from the last round (dark orange, as in the Word form)."""


def marked_hint(text: str, lang: str) -> Any:
    """The hint cell's value ``text`` (which starts with the mark) with the mark in bold
    dark orange and the rest as every hint (grey, 9 pt)."""
    mark = t("next_round.mark", lang)
    rest = text[len(mark) :]
    blocks = [TextBlock(InlineFont(rFont="Calibri", sz=9, b=True, color=MARK_COLOUR), mark)]
    if rest:
        blocks.append(TextBlock(InlineFont(rFont="Calibri", sz=9, color="595959"), rest))
    return CellRichText(blocks)
