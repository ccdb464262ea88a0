"""The review loop's records in the store: states, comments and corrections are appended,
never changed, and the answers with corrections applied leave the original untouched."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from conftest import COMPLETE, fill_return, own_master_data

from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.review.corrections import Correction, CorrectionKind, add_correction, corrected
from pipeline.review.corrections import corrections as all_corrections
from pipeline.review.states import (
    ReviewState,
    add_review,
    current_states,
    review_entries,
    state_label,
)
from pipeline.round.folder import RoundDir


@pytest.fixture
def ingested(rd, q, tmp_path):
    fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), tmp_path / "p01.xlsx")
    shutil.copy(tmp_path / "p01.xlsx", rd / "inbox" / "p01.xlsx")
    ingest(rd, lang="de", jobs=1)
    return rd


def test_states_and_comments_are_appended_and_never_changed(ingested, monkeypatch):
    monkeypatch.setenv("PRAXIS_USER", "Koordination Müller")
    path = RoundDir(ingested).store
    with Store(path) as store:
        assert current_states(store) == {"p01": ReviewState.RECEIVED}
        with store.transaction() as db:
            add_review(db, "p01", state=ReviewState.CHECKED, comment="Zahlen geprüft")
            add_review(db, "p01", comment="Bitte Ziel 2 kürzen", question="goals")
        assert current_states(store) == {"p01": ReviewState.CHECKED}
        entries = review_entries(store, "p01")
    assert [(e.state, e.question, e.comment, e.who) for e in entries] == [
        (ReviewState.CHECKED, None, "Zahlen geprüft", "Koordination Müller"),
        (None, "goals", "Bitte Ziel 2 kürzen", "Koordination Müller"),
    ]
    db = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE reviews SET comment = 'anders'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM reviews")
    db.close()


def test_a_correction_is_applied_over_the_original_which_stays(ingested):
    with Store(RoundDir(ingested).store) as store:
        (sub,) = store.submissions()
        with store.transaction() as db:
            add_correction(
                db,
                Correction(
                    project="p01",
                    question="staff_fte",
                    value=3.0,
                    original=sub.answers["staff_fte"],
                    reason="Telefonat am 3.2.",
                    submission=sub.id,
                    who="KS",
                ),
            )
            add_correction(
                db,
                Correction(
                    project="p01",
                    question="project_name",
                    value="Look closer",
                    original=sub.answers["project_name"],
                    reason="translation",
                    submission=sub.id,
                    kind=CorrectionKind.TRANSLATION,
                    language="en",
                    who="KS",
                ),
            )
        found = all_corrections(store, "p01")
        (stored,) = store.submissions()
    assert sub.answers["staff_fte"] == 2.5
    assert stored.answers["staff_fte"] == 2.5  # the return as given is never changed
    assert corrected(stored, found).answers["staff_fte"] == 3.0
    assert corrected(stored, found).answers["project_name"] == stored.answers["project_name"]
    assert corrected(stored, found, "en").answers["project_name"] == "Look closer"
    assert [(c.question, c.original, c.reason, c.who) for c in found] == [
        ("staff_fte", 2.5, "Telefonat am 3.2.", "KS"),
        ("project_name", stored.answers["project_name"], "translation", "KS"),
    ]


def test_every_state_has_a_german_and_an_english_label():
    labels = {s: (state_label(s, "de"), state_label(s, "en")) for s in ReviewState}
    assert labels == {
        ReviewState.RECEIVED: ("eingegangen", "received"),
        ReviewState.FOLLOW_UP: ("Rückfrage", "follow-up"),
        ReviewState.CHECKED: ("geprüft", "checked"),
        ReviewState.APPROVED: ("freigegeben", "approved"),
        ReviewState.WITHDRAWN: ("zurückgezogen", "withdrawn"),
        ReviewState.NEEDS_REVIEW: ("Prüfung nötig", "needs review"),
    }
