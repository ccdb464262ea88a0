"""The hint column of the Excel form: the hint, skip logic, limits and "Pflichtfeld"."""

from __future__ import annotations

import re
from typing import Any

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from pipeline.definition.question_types import limit_hints
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


def hint_text(q: Questionnaire, question: Question, lang: str, marked: bool = False) -> str:
    """The hint column: the hint, skip logic, limits and "Pflichtfeld", one per line;
    ``marked``: first the mark of an answer taken from the last round."""
    lines = [t("next_round.mark", lang)] if marked else []
    lines += [question.hint.get(lang)] if question.hint else []
    if question.own_when is not None:  # a section's condition stands under its heading
        lines.append(when_instruction(q, question.own_when, lang))
    lines += instructions(question, lang)
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
