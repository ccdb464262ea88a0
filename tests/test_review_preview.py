"""A project's chapter preview (pipeline/review/preview.py): the compendium's chapter, or the
reason ``praxis proofs`` gives for leaving it out; on the demo round."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.definition.loading import load_questionnaire
from pipeline.publication.compendium.content import TextSection
from pipeline.returns.answers import current_submissions
from pipeline.review.preview import chapter_preview
from pipeline.review.states import ReviewState
from pipeline.round.folder import RoundDir
from tests.webtools import demo_copy


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> RoundDir:
    return RoundDir(demo_copy(tmp_path_factory.mktemp("preview") / "demo"))


def preview(rd: RoundDir, project: str, state: ReviewState | None, lang: str = "de", **answers):
    record = rd.load()
    q = load_questionnaire(rd.definition, lang)
    sub = next((s for s in current_submissions(rd) if s.project == project), None)
    if sub is not None and answers:
        sub = replace(sub, answers={**sub.answers, **answers})
    return chapter_preview(rd, q, record, project, sub, state, lang)


def test_an_approved_chapter_with_its_corrected_facts(demo: RoundDir) -> None:
    found = preview(demo, "p01", ReviewState.APPROVED)
    assert found.reason == "" and found.unapproved == ""
    assert found.chapter is not None
    assert found.chapter.title == "Hinsehen statt Wegklicken"
    facts = {f.label: f.text for f in found.chapter.facts}
    assert facts["Personal"] == "3,5 Vollzeitstellen"
    assert [b.heading for b in found.chapter.blocks if isinstance(b, TextSection)][:2] == [
        "Ausgangslage",
        "Ziele",
    ]


def test_a_chapter_not_approved_yet_says_what_approved_only_would_do(demo: RoundDir) -> None:
    found = preview(demo, "p02", ReviewState.RECEIVED)
    assert found.chapter is not None
    assert found.unapproved == "p02: nicht freigegeben (Stand: eingegangen)"
    english = preview(demo, "p02", ReviewState.CHECKED, "en")
    assert english.unapproved == "p02: not approved (state: checked)"


def test_the_reasons_a_chapter_is_left_out(demo: RoundDir) -> None:
    assert preview(demo, "p06", None).reason == "noch kein gültiger Rücklauf"
    assert preview(demo, "p06", None).chapter is None
    assert preview(demo, "p02", ReviewState.WITHDRAWN, "en").reason == (
        "withdrawn (the chapter is not in the compendium)"
    )
    assert preview(demo, "p05", ReviewState.FOLLOW_UP).reason.startswith("Rücklauf unvollständig")
    no_consent = preview(demo, "p03", ReviewState.RECEIVED, consent_publish=False)
    assert no_consent.chapter is None
    assert no_consent.reason == (
        "keine Einwilligung zur Veröffentlichung (Frage 11.1), das Kapitel erscheint nicht im"
        " Kompendium"
    )
