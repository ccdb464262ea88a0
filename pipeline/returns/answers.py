"""The answers in the round's store as the later stages read them: the current submission of
each project."""

from __future__ import annotations

from pipeline.returns.store import Store, Submission
from pipeline.round.folder import RoundDir


def current_submissions(rd: RoundDir) -> list[Submission]:
    """The current submission of each project (none when nothing was ingested yet)."""
    if not rd.store.exists():
        return []
    with Store(rd.store) as store:
        return store.submissions()
