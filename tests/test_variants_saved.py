"""Issue 10, point 3, variants: saved times an office program on a wrong clock writes."""

from __future__ import annotations

import datetime as dt

from test_trust_returns import _answers, _history, fill

from pipeline.cli import main


def _now(minutes: int = 0) -> str:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_saved_time_in_the_future_does_not_win_over_later_returns(rd, q, capsys):
    """A laptop whose clock says 2099 saved the first return; the corrected return, saved
    and received later, must become current (a save cannot lie after its arrival)."""
    first = fill(rd, q, "p04", "p04.docx", _answers("p04"), saved="2099-01-01T10:00:00Z")
    assert main(["ingest", "--round", str(rd), str(first)]) == 0
    second = fill(
        rd, q, "p04", "p04-korrigiert.docx", _answers("p04", project_name="Wegweiser Ausstieg 2")
    )
    assert main(["ingest", "--round", str(rd), str(second)]) == 0
    assert _history(rd, "p04") == [("p04.docx", False, None), ("p04-korrigiert.docx", True, None)]
    report = (rd / "reports" / "p04.md").read_text("utf-8")
    assert "2099" not in report
