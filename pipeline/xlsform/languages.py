"""The languages of a workbook: which column spelling is which praxis language code.

Real forms spell one language many ways (``label::Deutsch (de)``, ``label::German``,
``label::de``, ``English(en)``/``english(en)``); a plain ``label`` column is in the
``default_language`` of the settings sheet. The default language comes first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.xlsform.names import language_code
from pipeline.xlsform.workbook import Header, Sheet

TEXT_COLUMNS = ("label", "hint")


@dataclass
class Languages:
    codes: list[str]
    """praxis codes, the default first."""
    by_spelling: dict[str, str]
    """column language spelling (``""`` for plain columns) -> code."""
    unknown: list[Header] = field(default_factory=list)
    """Language columns whose language could not be told (left out)."""
    assumed: bool = False
    """The plain columns' language was assumed (no ``default_language``)."""

    def code_of(self, header: Header) -> str | None:
        return self.by_spelling.get(header.language)


def _spellings(sheets: list[Sheet]) -> list[Header]:
    found: list[Header] = []
    for sheet in sheets:
        for header in sheet.headers:
            if header.base in TEXT_COLUMNS and header.language not in [h.language for h in found]:
                found.append(header)
    return found


def find_languages(sheets: list[Sheet], default_spelling: str, plain: str | None) -> Languages:
    """The languages of the ``survey`` and ``choices`` sheets; ``plain`` is the code for plain
    columns when the settings do not say (None: English, noted as assumed)."""
    default = language_code(default_spelling) if default_spelling else None
    by_spelling: dict[str, str] = {}
    unknown: list[Header] = []
    assumed = False
    for header in _spellings(sheets):
        if header.language == "":
            code = default or plain
            assumed = code is None
            by_spelling[""] = code or "en"
            continue
        code = language_code(header.language)
        if code is None:
            unknown.append(header)
        else:
            by_spelling[header.language] = code
    codes = list(dict.fromkeys(by_spelling.values()))
    first = default if default in codes else (plain if plain in codes else None)
    if first:
        codes.remove(first)
        codes.insert(0, first)
    return Languages(codes, by_spelling, unknown, assumed and "" in by_spelling)
