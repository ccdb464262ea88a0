"""Problems are collected, not raised one at a time (like pyxform's warnings)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ProblemCode(StrEnum):
    """The codes of the problems with a return's answers, each with the key of its message
    (``missing`` and ``invalid`` have more specific messages for some checks, e.g.
    ``issue.missing_choice`` or ``issue.too_many_words``; the key here is the general one).

    Problems of a definition and of reading a form carry the codes of their own modules.
    """

    MISSING = "missing"
    INVALID = "invalid"
    OTHER_ADDED = "other-added"
    NOT_APPLICABLE = "not-applicable"
    OLD_VERSION = "old-version"
    OTHER_PROJECT = "other-project-data"
    MAIL_SENDER = "mail-sender"

    @property
    def message_key(self) -> str:
        return _MESSAGE_KEYS[self]


_MESSAGE_KEYS = {
    ProblemCode.MISSING: "issue.missing",
    ProblemCode.INVALID: "issue.invalid",
    ProblemCode.OTHER_ADDED: "issue.other_added",
    ProblemCode.NOT_APPLICABLE: "issue.not_applicable",
    ProblemCode.OLD_VERSION: "issue.old_version",
    ProblemCode.OTHER_PROJECT: "identity.other_project",
    ProblemCode.MAIL_SENDER: "mail.other_sender",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or odd) in a definition, a form or an answer.

    ``where`` is a path such as ``sections[2].questions[4].choices``; ``line`` is 1-based
    where a line is known; ``location`` is a place in a form (``Fragebogen!D14``).
    """

    code: ProblemCode | str
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

    def as_dict(self) -> dict[str, Any]:
        """The problem as the store keeps it with a submission (JSON)."""
        return {
            "code": str(self.code),
            "severity": str(self.severity),
            "question": self.question,
            "location": self.location,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        """A problem as :meth:`as_dict` gave it (a code praxis knows as a :class:`ProblemCode`)."""
        code = str(data["code"])
        known = {c.value: c for c in ProblemCode}
        return cls(
            known.get(code, code),
            str(data["message"]),
            Severity(data["severity"]),
            question=str(data.get("question") or ""),
            location=str(data.get("location") or ""),
        )
