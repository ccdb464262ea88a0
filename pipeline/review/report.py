"""The review loop's sections of a project's report (``reports/<project>.md``): its review
state and comments, its corrections and translations. Each section is "" when it has nothing
to say, so a report without review steps stays as it was."""

from __future__ import annotations

from pipeline.definition.questionnaire import Questionnaire
from pipeline.returns.store import Store
from pipeline.review.corrections import correction_section
from pipeline.review.next_round import carried_section
from pipeline.review.proof_report import proof_section
from pipeline.review.states import state_section


def review_sections(store: Store, q: Questionnaire, project: str, lang: str) -> str:
    """The Markdown of every review section of ``project``'s report, in order."""
    return (
        state_section(store, q, project, lang)
        + correction_section(store, q, project, lang)
        + proof_section(store, q, project, lang)
        + carried_section(store, q, project, lang)
    )
