"""pipeline.returns.status: who returned with what outcome, the totals, the exit rule and the
reminder drafts, on a real round (all-types definition, Excel returns filled as a person
would)."""

from __future__ import annotations

import datetime as dt
import email
import shutil
from email import policy
from pathlib import Path

import pytest
from conftest import ALL_TYPES_ANSWERS
from returns_rounds import all_types_round, fill_return

from pipeline.cli import main
from pipeline.locale.texts import t
from pipeline.returns.ingest import ingest
from pipeline.returns.status import StatusTotals, status
from pipeline.returns.submission import Outcome

INCOMPLETE = {**ALL_TYPES_ANSWERS, "colour_other": None, "count": -3}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    rd = all_types_round(tmp_path_factory.mktemp("status") / "round")
    fill_return(rd, "p01", ALL_TYPES_ANSWERS)
    fill_return(rd, "p02", INCOMPLETE)
    ingest(rd, lang="en")
    return rd


@pytest.fixture
def round_dir(ingested, tmp_path) -> Path:
    target = tmp_path / "round"
    shutil.copytree(ingested, target)
    return target


def test_a_row_per_project_in_roster_order_with_totals_and_the_exit_rule(ingested):
    found = status(ingested)
    assert [(r.project, r.returned, r.outcome, r.errors, r.warnings) for r in found.rows] == [
        ("p01", True, Outcome.ACCEPTED, 0, 0),
        ("p02", True, Outcome.INCOMPLETE, 2, 0),
        ("p03", False, "", 0, 0),
    ]
    assert found.totals == StatusTotals(total=3, returned=2, accepted=1, incomplete=1, missing=1)
    assert found.waiting == []
    assert found.exit_code == 0  # status informs (issue 13.6) ...
    assert found.check_code == 1  # ... and --check says an incomplete return is open
    assert found.reminders is None
    assert not (ingested / "reminders").exists()


def test_a_round_with_nothing_returned_yet(tmp_path):
    rd = all_types_round(tmp_path / "round")
    found = status(rd)
    assert found.totals == StatusTotals(total=3, returned=0, accepted=0, incomplete=0, missing=3)
    assert found.exit_code == 0
    assert not (rd / "praxis.sqlite").exists()  # status does not make a store


def _body(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] is not None
    return message.get_body(("plain",)).get_content()


def test_reminders_for_the_incomplete_and_the_missing_with_what_is_lacking(round_dir):
    found = status(round_dir, remind=True, deadline=dt.date(2030, 3, 1))
    run = found.reminders
    assert run is not None
    assert (run.deadline, run.from_round, run.past) == (dt.date(2030, 3, 1), False, False)
    assert [(r.project, r.path.name, r.missing) for r in run.reminders] == [
        (
            "p02",
            "p02-projekt-zwei-reminder.eml",
            ("1.3 Count (please check)", "2.3 Colour (missing)"),
        ),
        ("p03", "p03-initiative-drei-reminder.eml", ()),
    ]
    p02 = _body(round_dir / "reminders" / "p02-projekt-zwei-reminder.eml")
    assert "1.3 Count (please check)" in p02 and "2.3 Colour (missing)" in p02
    assert "1 March 2030" in p02
    assert sorted(p.name for p in (round_dir / "reminders").iterdir()) == [
        "p02-projekt-zwei-reminder.eml",
        "p03-initiative-drei-reminder.eml",
    ]


def test_a_complete_return_removes_its_reminder_and_the_exit_status_becomes_0(round_dir):
    status(round_dir, remind=True)
    fill_return(round_dir, "p02", ALL_TYPES_ANSWERS, "p02-again.xlsx")
    ingest(round_dir, [round_dir / "inbox" / "p02-again.xlsx"], lang="en")
    found = status(round_dir, remind=True)
    assert found.reminders is not None
    assert found.reminders.deadline == dt.date(2030, 1, 31)  # the round's
    assert found.reminders.from_round is True
    assert [r.project for r in found.reminders.reminders] == ["p03"]
    assert sorted(p.name for p in (round_dir / "reminders").iterdir()) == [
        "p03-initiative-drei-reminder.eml"
    ]
    assert found.totals == StatusTotals(total=3, returned=2, accepted=2, incomplete=0, missing=1)
    assert found.exit_code == 0  # a missing return is no problem of the command


def test_the_cli_prints_the_totals_and_returns_the_exit_rule(ingested, capsys):
    assert main(["--lang", "en", "status", "--round", str(ingested)]) == 0  # issue 13.6
    out = capsys.readouterr().out
    totals = dict(total=3, returned=2, accepted=1, incomplete=1, missing=1)
    assert out.splitlines()[-1] == t("status.totals", "en", **totals)  # the wording: locale's
    assert main(["--lang", "en", "status", "--round", str(ingested), "--check"]) == 1
    assert "p03 Initiative Drei  no        -" in out
