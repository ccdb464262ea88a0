"""One base exception for praxis, one subclass per stage.

Every exception carries a message for people (where, what, how to fix); the CLI maps
them to an ``Error: ...`` line and an exit status, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.problems import Problem


class PraxisError(Exception):
    """Base class of every error praxis raises on purpose."""

    exit_code = 1


class UsageError(PraxisError):
    """The command was called wrongly (a missing file, a bad option value)."""

    exit_code = 2


class DefinitionError(PraxisError):
    """A questionnaire definition could not be loaded; ``problems`` lists every mistake."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = list(problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in the definition")


class RosterError(PraxisError):
    """The roster of projects could not be read or is inconsistent."""


class FormError(PraxisError):
    """A form could not be written or read."""


class RoundError(PraxisError):
    """A round folder is missing, incomplete or would be overwritten."""
