"""Names and languages: XLSForm names made praxis ids, language spellings made codes.

praxis ids match ``^[a-z][a-z0-9_]*$``; XLSForm names may have capitals, dots, hyphens and a
leading digit or underscore (``Id10007``, ``project_role_project-alpha``, ``_1_age``). The
original is kept (``xlsform: {name: ...}``) so that an export can give it back.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

LANGUAGE_NAMES = {
    "deutsch": "de",
    "german": "de",
    "english": "en",
    "englisch": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "swahili": "sw",
    "kiswahili": "sw",
    "chinese": "zh",
    "tetun": "tet",
    "tetum": "tet",
    "nepali": "ne",
    "hindi": "hi",
    "arabic": "ar",
    "العربية": "ar",
    "عربى": "ar",
    "portuguese": "pt",
    "português": "pt",
    "italian": "it",
    "italiano": "it",
    "russian": "ru",
    "turkish": "tr",
    "türkçe": "tr",
    "kinyarwanda": "rw",
    "vietnamese": "vi",
    "khmer": "km",
    "amharic": "am",
    "oromo": "om",
    "oromiffa": "om",
    "tigrinya": "ti",
    "tigrigna": "ti",
    "indonesian": "id",
    "bahasa indonesia": "id",
    "polish": "pl",
    "polski": "pl",
    "ukrainian": "uk",
    "dutch": "nl",
    "nederlands": "nl",
    "somali": "so",
    "persian": "fa",
    "farsi": "fa",
    "pashto": "ps",
    "kurdish": "ku",
    "bengali": "bn",
    "urdu": "ur",
}
"""Language names seen in real forms (and their neighbours), lower-cased, to ISO 639 codes."""

_CODE = re.compile(r"\(\s*([A-Za-z]{2,3})\s*\)")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def language_code(spelling: str) -> str | None:
    """``Deutsch (de)``/``English(EN)``/``de``/``German``/``Tetun`` -> a code; None if unknown."""
    found = _CODE.search(spelling)
    if found:
        return found.group(1).lower()
    plain = " ".join(spelling.strip().lower().split())
    if re.fullmatch("[a-z]{2,3}", plain) and not plain.startswith("language"):
        return plain
    return LANGUAGE_NAMES.get(plain)


def normalise_id(name: str) -> str:
    """A praxis id for an XLSForm name: ASCII lower case, camelCase split, other characters
    ``_``, a ``q_`` before a leading digit or underscore (``Id10007`` -> ``id10007``,
    ``firstNameFM`` -> ``first_name_fm``, ``a-b.c`` -> ``a_b_c``, ``_1`` -> ``q_1``)."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.replace("ß", "ss"))  # camelCase
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9_]", "_", ascii_name.lower()).strip()
    text = re.sub(r"__+", "_", text)
    if not text:
        return "q"
    return text if text[0].isalpha() else f"q_{text.lstrip('_') or '1'}"


def is_id(name: str) -> bool:
    return bool(_ID.match(name))


@dataclass
class Names:
    """Hands out unique praxis ids in one namespace (questions, or choice lists)."""

    taken: dict[str, str] = field(default_factory=dict)
    """id -> the original name it was made from."""

    def claim(self, original: str) -> tuple[str, str | None]:
        """The id for ``original``, and the original name it collides with (else None)."""
        wanted = normalise_id(original)
        if wanted not in self.taken:
            self.taken[wanted] = original
            return wanted, None
        number = 2
        while f"{wanted}_{number}" in self.taken:
            number += 1
        self.taken[f"{wanted}_{number}"] = original
        return f"{wanted}_{number}", self.taken[wanted]

    def reserve(self, given: str) -> None:
        """Keep ``given`` (an id praxis derives itself, such as ``<id>_other``) from others."""
        self.taken.setdefault(given, given)
