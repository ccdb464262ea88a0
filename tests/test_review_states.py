"""Issue 13.1: review states and comments per project, as a coordinator records them with
``praxis review --round R PROJECT --set STATE --comment TEXT --question Q``, shown by
``praxis status`` and in the project's report; the states that follow from what happens (a
follow-up letter, a reminder, a new return)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import COMPLETE, fill_return, own_master_data

from pipeline.cli import main
from pipeline.returns.status import status
from pipeline.returns.store import Store
from pipeline.review.states import ReviewState, current_states, project_states
from pipeline.round.folder import RoundDir

STAMP = r"\d\d\.\d\d\.\d{4} \d\d:\d\d UTC"


@pytest.fixture
def handed_in(rd, q, capsys, monkeypatch) -> Path:
    """p01 complete, p02 without its goals (incomplete: a follow-up letter is written)."""
    monkeypatch.setenv("PRAXIS_USER", "Koordination Müller")
    inbox = rd / "inbox"
    fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), inbox / "p01.xlsx")
    part = {k: v for k, v in own_master_data("p02", COMPLETE).items() if k != "goals"}
    fill_return(rd, q, "p02", part, inbox / "p02.docx")
    assert main(["--lang", "de", "--quiet", "ingest", "--round", str(rd)]) == 1
    capsys.readouterr()
    return rd


def review(rd: Path, *args: str, lang: str = "de") -> int:
    return main(["--lang", lang, "review", "--round", str(rd), *args])


def states(rd: Path) -> dict[str, ReviewState]:
    with Store(RoundDir(rd).store) as store:
        return current_states(store)


def test_states_follow_from_the_returns_and_letters(handed_in):
    assert (handed_in / "reports" / "p02-rueckfrage.docx").is_file()
    assert states(handed_in) == {"p01": ReviewState.RECEIVED, "p02": ReviewState.FOLLOW_UP}


def test_a_state_and_comments_are_recorded_and_shown_in_the_report(handed_in, capsys):
    assert review(handed_in, "p01", "--set", "geprüft", "--comment", "Zahlen bestätigt") == 0
    out = capsys.readouterr().out
    assert "p01: Stand jetzt „geprüft“." in out
    assert f"Bericht: {handed_in / 'reports' / 'p01.md'}" in out
    assert review(handed_in, "p01", "--comment", "Ziel 2 kürzen", "--question", "4.2") == 0
    assert "Kommentar zu Frage 4.2 Was wollen Sie mit dem Projekt erreichen? festgehalten." in (
        capsys.readouterr().out
    )
    assert review(handed_in, "p01", "--comment", "Foto fehlt", "--question", "goals") == 0
    assert states(handed_in)["p01"] == ReviewState.CHECKED
    report = (handed_in / "reports" / "p01.md").read_text("utf-8")
    section = report[report.index("## Prüfstand") :]
    lines = section.splitlines()
    assert lines[0] == "## Prüfstand"
    assert re.fullmatch(
        rf"Stand: \*\*geprüft\*\*, gesetzt von Koordination Müller am {STAMP}\.", lines[2]
    )
    assert lines[4] == "### Kommentare"
    assert re.fullmatch(rf"- Zahlen bestätigt \(Koordination Müller, {STAMP}\)", lines[6])
    label = "4.2 Was wollen Sie mit dem Projekt erreichen?"
    assert re.fullmatch(
        rf"- {re.escape(label)}: Ziel 2 kürzen \(Koordination Müller, {STAMP}\)", lines[7]
    )
    assert lines[8].startswith(f"- {label}: Foto fehlt (")


def test_status_shows_the_state_column_and_totals(handed_in, capsys):
    assert review(handed_in, "p01", "--set", "approved") == 0
    capsys.readouterr()
    assert main(["--lang", "de", "status", "--round", str(handed_in)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[-1] == "Stand"
    rows = {line.split()[0]: line.split()[-1] for line in out.splitlines()[1:13]}
    assert (rows["p01"], rows["p02"], rows["p03"]) == ("freigegeben", "Rückfrage", "-")
    assert "Prüfstand: 1 Rückfrage, 1 freigegeben." in out
    assert main(["--lang", "en", "status", "--round", str(handed_in)]) == 0
    out = capsys.readouterr().out
    assert "Review: 1 follow-up, 1 approved." in out


def test_a_new_return_after_checked_puts_the_project_back_to_received(handed_in, q, capsys):
    assert review(handed_in, "p01", "--set", "checked") == 0
    changed = {**own_master_data("p01", COMPLETE), "staff_fte": 4.5}
    fill_return(handed_in, q, "p01", changed, handed_in / "inbox" / "p01-neu.xlsx")
    main(["--lang", "de", "--quiet", "ingest", "--round", str(handed_in)])
    with Store(RoundDir(handed_in).store) as store:
        found = project_states(store)["p01"]
    assert found.state == ReviewState.RECEIVED
    assert found.earlier is not None and found.earlier.state == ReviewState.CHECKED
    report = (handed_in / "reports" / "p01.md").read_text("utf-8")
    assert re.search(
        rf"Stand: \*\*eingegangen\*\*, weil eine neue Rückgabe eingegangen ist \({STAMP}\)\.",
        report,
    )
    assert re.search(
        rf"Vor der neuen Rückgabe \({STAMP}\) war der Stand „geprüft“"
        rf" \(gesetzt von Koordination Müller am {STAMP}\)\.",
        report,
    )


def test_withdrawn_stays_until_set_otherwise(handed_in, q):
    assert review(handed_in, "p02", "--set", "zurückgezogen", "--comment", "Projekt beendet") == 0
    fill_return(
        handed_in, q, "p02", own_master_data("p02", COMPLETE), handed_in / "inbox" / "p02.xlsx"
    )
    main(["--lang", "de", "--quiet", "ingest", "--round", str(handed_in)])
    assert states(handed_in)["p02"] == ReviewState.WITHDRAWN
    assert review(handed_in, "p02", "--set", "received") == 0
    assert states(handed_in)["p02"] == ReviewState.RECEIVED


def test_a_reminder_puts_a_project_to_follow_up(handed_in, capsys):
    assert "p03" not in states(handed_in)
    assert main(["--lang", "de", "status", "--round", str(handed_in), "--missing"]) == 0
    assert states(handed_in)["p03"] == ReviewState.FOLLOW_UP
    with Store(RoundDir(handed_in).store) as store:
        kinds = [(e["kind"], e["project"]) for e in store.events() if e["kind"] == "reminder"]
    assert ("reminder", "p03") in kinds and ("reminder", "p01") not in kinds
    assert "p03" in {r.project for r in status(handed_in).rows if r.state == "follow_up"}


def test_wrong_calls_are_usage_errors_that_say_what_to_do(handed_in, capsys):
    assert review(handed_in, "p77", "--set", "checked") == 2
    assert (
        "Unbekanntes Projekt „p77“. Projekte dieser Runde: p01, p02, p03,"
        in capsys.readouterr().err
    )
    assert review(handed_in, "p01", "--set", "fertig") == 2
    err = capsys.readouterr().err
    assert (
        "Unbekannter Stand „fertig“. Möglich sind: geprüft (checked), freigegeben (approved),"
        " zurückgezogen (withdrawn), eingegangen (received)." in err
    )
    assert review(handed_in, "p01", "--set", "done", lang="en") == 2
    assert "Possible: checked (checked), approved (approved)," in capsys.readouterr().err
    assert review(handed_in, "p01", "--comment", "x", "--question", "9.9", lang="en") == 2
    assert "Unknown question “9.9”. Give the id (e.g. goals)" in capsys.readouterr().err
    assert review(handed_in, "p01", "--question", "goals", lang="en") == 2
    assert "--question belongs to a comment: give --comment TEXT for p01, too." in (
        capsys.readouterr().err
    )
    assert review(handed_in, "p01", lang="en") == 2
    assert "What should be recorded for p01?" in capsys.readouterr().err
    assert review(handed_in, "--comment", "x", lang="en") == 2
    assert "Name the project: praxis review" in capsys.readouterr().err
    assert review(handed_in, "p01", "--accept", "p01.xlsx", lang="en") == 2
    assert "do not go together with PROJECT" in capsys.readouterr().err
    assert review(handed_in, lang="en") == 2
    assert "Give either --accept FILE or --keep-current FILE." in capsys.readouterr().err
    with Store(RoundDir(handed_in).store) as store:
        assert store.db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
