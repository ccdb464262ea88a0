"""A user-facing text in several languages (its own module so that the questionnaire model
and the publication settings can both use it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """A user-facing text in several languages; the first language is the default."""

    items: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, value: Mapping[str, str] | str, languages: tuple[str, ...] = ("de", "en")) -> Text:
        """From a language map, or from a plain string used for every language."""
        if isinstance(value, str):
            return cls(tuple((lang, value) for lang in languages))
        return cls(tuple((str(k), str(v)) for k, v in value.items()))

    def get(self, lang: str) -> str:
        """The text in ``lang``, else in the first language it has."""
        for code, text in self.items:
            if code == lang:
                return text
        return self.items[0][1] if self.items else ""

    def as_dict(self) -> dict[str, str]:
        return dict(self.items)


EMPTY_TEXT = Text(())
