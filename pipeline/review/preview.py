"""A project's chapter as the compendium would show it (for the project page of ``praxis
serve``), or why the compendium leaves it out.

The same selection and chapter as ``praxis proofs`` (:func:`select_practices`,
:func:`chapter`) and the same reasons (:func:`why_not_published`, :func:`left_out_line`):
nothing here decides anew what is published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.definition.questionnaire import Questionnaire
from pipeline.publication.compendium.compile import left_out_line
from pipeline.publication.compendium.content import Chapter, chapter
from pipeline.publication.compendium.selection import roster_contacts, select_practices
from pipeline.returns.media import MediaFile
from pipeline.returns.store import Submission
from pipeline.review.proofs import why_not_published
from pipeline.review.states import ReviewState
from pipeline.round.folder import RoundDir, RoundRecord


@dataclass(frozen=True)
class ChapterPreview:
    """The chapter (None when the compendium would not show it) and why not."""

    chapter: Chapter | None
    reason: str = ""
    """Why the compendium would not show the chapter ("" when it would)."""
    unapproved: str = ""
    """Why ``praxis compile --approved-only`` would leave it out ("" when approved)."""


def chapter_preview(
    rd: RoundDir,
    q: Questionnaire,
    record: RoundRecord,
    project: str,
    sub: Submission | None,
    state: ReviewState | None,
    lang: str,
    media: Sequence[MediaFile] = (),
) -> ChapterPreview:
    """The chapter of ``project`` as ``praxis compile`` would write it in ``lang``, from its
    current return ``sub`` (with the corrections applied) in review state ``state``; or
    the reason it would not be in the compendium (as ``praxis proofs`` gives it)."""
    practices = []
    if sub is not None:
        practices = select_practices(q, record, [sub], lang, roster=roster_contacts(rd, q))
    reason = why_not_published(q, sub, bool(practices), state, lang)
    if reason:
        return ChapterPreview(None, reason)
    unapproved = ""
    if state != ReviewState.APPROVED:
        unapproved = left_out_line(project, str(state or ReviewState.RECEIVED), lang)
    return ChapterPreview(chapter(q, practices[0], lang, media), "", unapproved)
