"""pipeline.returns.current: which of a project's returns is current (by saved time, never by
the order read), which wait for review, and when a return was saved (real forms)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from conftest import ALL_TYPES_ANSWERS
from returns_rounds import all_types_round, fill_return

from pipeline.returns.current import (
    ACCEPTED,
    KEPT,
    Settled,
    document_modified,
    file_time,
    removed_answers,
    saved_time,
    settle,
    utc_text,
)
from pipeline.returns.store import Submission
from pipeline.returns.submission import NEEDS_REVIEW, Outcome
from pipeline.round.folder import RoundDir


def _sub(sid: int, saved: str, answers: dict[str, Any], review: str | None = None) -> Submission:
    return Submission(
        id=sid,
        project="p01",
        file_sha256=f"{sid:064d}",
        file_name=f"r{sid}.xlsx",
        received=f"2030-01-0{sid}T12:00:00.000000Z",
        version="1",
        format="xlsx",
        answers=answers,
        issues=[],
        coercions=[],
        outcome=Outcome.ACCEPTED,
        current=False,
        saved=saved,
        review=review,
    )


FULL = dict(ALL_TYPES_ANSWERS)
LESS = {k: v for k, v in FULL.items() if k != "story"}


def test_the_return_saved_last_is_current_whatever_the_order_read(all_types):
    late = _sub(1, "2030-01-05T00:00:00Z", FULL)  # read first, saved last
    early = _sub(2, "2030-01-01T00:00:00Z", FULL)
    assert settle(all_types, [late, early]) == Settled(1, {1: None, 2: None})
    assert settle(all_types, [early, late]) == Settled(1, {1: None, 2: None})


def test_two_saved_in_the_same_second_count_as_saved_together_the_one_read_later_wins(all_types):
    """A document's own time has whole seconds, a file's time fractions: of a Word return
    (document time 10 s) and an Excel return saved in the same second (file time 10.5 s), read
    in that order, the Excel return is the newer (it was read later): the Word return that
    answers less does not wait for review against it."""
    word = _sub(1, "2030-01-05T09:00:10Z", LESS)
    excel = _sub(2, "2030-01-05T09:00:10.500000Z", FULL)
    assert settle(all_types, [word, excel]) == Settled(2, {1: None, 2: None})


def test_a_later_return_that_answers_less_waits_for_review(all_types):
    first = _sub(1, "2030-01-01T00:00:00Z", FULL)
    second = _sub(2, "2030-01-02T00:00:00Z", LESS)
    assert [q.id for q in removed_answers(all_types, first, second)] == ["story"]
    assert settle(all_types, [first, second]) == Settled(1, {1: None, 2: NEEDS_REVIEW})
    accepted = _sub(2, "2030-01-02T00:00:00Z", LESS, review=ACCEPTED)
    assert settle(all_types, [first, accepted]) == Settled(2, {1: None})
    kept = _sub(2, "2030-01-02T00:00:00Z", LESS, review=KEPT)
    assert settle(all_types, [first, kept]) == Settled(1, {1: None})


def test_a_waiting_return_superseded_by_a_later_full_one_waits_no_more(all_types):
    subs = [
        _sub(1, "2030-01-01T00:00:00Z", FULL),
        _sub(2, "2030-01-02T00:00:00Z", LESS),
        _sub(3, "2030-01-03T00:00:00Z", FULL),
    ]
    assert settle(all_types, subs) == Settled(3, {1: None, 2: None, 3: None})


def test_changes_that_are_no_removals(all_types):
    current = _sub(1, "", FULL)
    not_asked = {**{k: v for k, v in FULL.items() if k != "details"}, "evaluated": False}
    assert removed_answers(all_types, current, _sub(2, "", not_asked)) == []
    other_dropped = {**{k: v for k, v in FULL.items() if k != "colour_other"}, "colour": "red"}
    assert removed_answers(all_types, current, _sub(2, "", other_dropped)) == []
    fewer_rows = {**FULL, "partners": FULL["partners"][:1]}
    assert [q.id for q in removed_answers(all_types, current, _sub(2, "", fewer_rows))] == [
        "partners"
    ]


def test_times_as_stored_are_utc_and_fixed_width():
    berlin = dt.timezone(dt.timedelta(hours=1))
    assert utc_text(dt.datetime(2030, 1, 2, 10, 30, tzinfo=berlin)) == (
        "2030-01-02T09:30:00.000000Z"
    )
    assert utc_text(dt.datetime(2030, 1, 2, 10, 30)) == "2030-01-02T10:30:00.000000Z"
    assert file_time(0.5) == "1970-01-01T00:00:00.500000Z"


def test_when_a_real_form_was_saved(tmp_path):
    rd = all_types_round(tmp_path / "round")
    blank = rd / RoundDir(rd).load().projects["p01"].files["xlsx"]
    assert document_modified(blank, "xlsx") is None  # the time praxis wrote: nobody saved it
    os.utime(blank, (1_900_000_000, 1_900_000_000))
    mtime = file_time(blank.stat().st_mtime)
    assert mtime == "2030-03-17T17:46:40.000000Z"
    assert saved_time(blank, "xlsx", mtime) == (mtime, "file")
    filled = fill_return(rd, "p01", FULL)
    modified = document_modified(filled, "xlsx")
    assert modified is not None and modified.endswith("Z") and len(modified) == 27
    assert saved_time(filled, "xlsx", mtime) == (modified, "document")
    before = "2000-01-01T00:00:00.000000Z"  # read in before it says it was saved: a wrong clock
    assert saved_time(filled, "xlsx", mtime, received=before) == (before, "future")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert document_modified(Path(broken), "xlsx") is None
