"""Problems are collected, not raised one at a time (like pyxform's warnings)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or odd) in a definition, a form or an answer.

    ``where`` is a path such as ``sections[2].questions[4].choices``; ``line`` is 1-based
    where a line is known; ``location`` is a place in a form (``Fragebogen!D14``).
    """

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str = ""
    where: str = ""
    line: int | None = None
    question: str = ""
    location: str = ""

    def render(self) -> str:
        """One line for people: ``file:line: where: message``."""
        head = self.file
        if self.line is not None:
            head = f"{head}:{self.line}" if head else f"line {self.line}"
        parts = [p for p in (head, self.where or self.location) if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
