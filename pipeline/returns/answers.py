"""The answers in the round's store as the later stages read them: the current submission of
each project, with the coordinator's corrections applied (those a later return of the project
did not supersede; see :mod:`pipeline.review.corrections`). The original returns in the store
stay as they were."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.returns.store import Store, Submission
from pipeline.returns.summaries import current_answers
from pipeline.review.corrections import CorrectionKind, corrected, corrections
from pipeline.round.folder import RoundDir


def current_submissions(rd: RoundDir, questions: Sequence[str] | None = None) -> list[Submission]:
    """The current submission of each project, corrected (none when nothing was ingested
    yet); with ``questions`` only the answers to those (quick: see
    :func:`pipeline.returns.summaries.current_answers`)."""
    if not rd.store.exists():
        return []
    with Store(rd.store) as store:
        found = corrections(store, kind=CorrectionKind.CORRECTION)
        if questions is None:
            return [corrected(s, found) for s in store.submissions()]
        wanted = set(questions)
        found = [c for c in found if c.question in wanted]
        return [corrected(s, found) for s in current_answers(store, questions)]
