"""The web edition's one error."""

from __future__ import annotations

from pipeline.errors import UsageError


class WebEditionError(UsageError):
    """The web edition could not be written from what was given (a folder that is not a
    web edition, a picture that is missing or no picture)."""
