"""Issue 10, point 20, variant: a file that a sync client (or a mail program) moves away
after ingest listed it and before it is read must not stop the ingest."""

from __future__ import annotations

import pytest
from conftest import BUNDLED, ROSTER
from test_trust_returns import _answers, _current, fill

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.generate import generate_round
from pipeline.returns.ingest import Ingest


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_gone_before_it_is_read_is_named_and_the_rest_read(tmp_path, jobs):
    q = load_questionnaire(BUNDLED)
    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",), mail=False)
    first = fill(rd, q, "p03", "p03.xlsx", _answers("p03"))
    gone = rd / "inbox" / "p05.xlsx"  # listed, then moved away by the sync client
    last = fill(rd, q, "p04", "p04.xlsx", _answers("p04"))

    report = Ingest(rd, "de").run([first, gone, last], jobs=jobs)  # the files as listed

    assert [(r.path.name, r.outcome) for r in report.results] == [
        ("p03.xlsx", "accepted"),
        ("p05.xlsx", "rejected"),
        ("p04.xlsx", "accepted"),
    ]
    assert "nicht mehr da" in report.results[1].reason
    assert sorted(_current(rd)) == ["p03", "p04"]
