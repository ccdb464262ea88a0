"""Issue 13.6: ``praxis status`` tells the truth. A coordinator's round with real returns
(filled as a person would): a complete one, an incomplete one, one with another project's
master data (accepted with warnings), a file with a token that does not match its project's
(refused, but it names p04), and a PDF nobody can attribute."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import COMPLETE, ROSTER, fill_return, own_master_data

from pipeline.cli import main
from pipeline.forms.content import Identification
from pipeline.forms.excel.writer import build_xlsx
from pipeline.returns.status import status
from pipeline.round.roster import read_roster

TOKEN_REASON = (
    "Das Token des Fragebogens passt nicht zu dem an Projekt „p04“ gesandten: er stammt aus"
    " einer anderen Runde, oder seine Kennung wurde verändert. Er wurde nicht zugeordnet."
)
P03_HINT = "Dieser Fragebogen wurde an p03 (Discord-Dialog) gesandt"
PDF_REASON = "Das ist eine PDF-Datei; daraus lassen sich keine Antworten lesen."


def hand_in(rd: Path, q) -> None:
    """The returns of the round's first weeks, in its inbox."""
    inbox = rd / "inbox"
    fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), inbox / "p01.xlsx")
    part = {k: v for k, v in own_master_data("p02", COMPLETE).items() if k != "goals"}
    fill_return(rd, q, "p02", part, inbox / "p02.docx")
    fill_return(rd, q, "p03", COMPLETE, inbox / "p03.docx")  # p01's master data left in
    wrong = Identification(q.id, q.version, "p04", "0" * 16, "de")
    p04 = read_roster(ROSTER)[3]
    (inbox / "p04-falsch.xlsx").write_bytes(build_xlsx(q, p04, wrong, "de"))
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


@pytest.fixture
def handed_in(rd, q, capsys) -> Path:
    hand_in(rd, q)
    assert main(["--lang", "de", "--quiet", "ingest", "--round", str(rd)]) == 1
    capsys.readouterr()
    return rd


def test_refused_files_are_on_their_projects_row_or_not_attributable(handed_in):
    found = status(handed_in)
    rows = {r.project: r for r in found.rows}
    assert [(f.file, f.reason) for f in rows["p04"].rejected] == [("p04-falsch.xlsx", TOKEN_REASON)]
    assert all(not r.rejected for p, r in rows.items() if p != "p04")
    assert [f.file for f in found.unattributable] == ["scan.pdf"]
    assert found.unattributable[0].reason.startswith(PDF_REASON)
    assert rows["p03"].outcome == "accepted_with_warnings"
    assert (
        rows["p03"].hints[0].startswith("Dieser Fragebogen wurde an p03 (Discord-Dialog) gesandt")
    )
    assert rows["p01"].hints == () and rows["p02"].hints == ()


def test_status_in_german_and_english_names_them(handed_in, capsys):
    assert main(["--lang", "de", "status", "--round", str(handed_in)]) == 0  # it informs
    out = capsys.readouterr().out
    assert "Abgelehnte Dateien:\n  p04: p04-falsch.xlsx (" in out
    assert f") abgelehnt: {TOKEN_REASON}\n" in out
    assert "Nicht zuzuordnen (kein Projekt erkennbar):\n  scan.pdf (" in out
    assert (
        f"Hinweise zu angenommenen Rückgaben:\n  p03: angenommen mit Hinweisen: {P03_HINT}" in out
    )
    assert "Prüfstand: 2 eingegangen, 1 Rückfrage." in out
    row = next(line for line in out.splitlines() if line.startswith("p02 "))
    assert row.split()[-1] == "Rückfrage"
    assert main(["--lang", "en", "status", "--round", str(handed_in)]) == 0
    out = capsys.readouterr().out
    assert "Rejected files:\n  p04: p04-falsch.xlsx (" in out
    assert "Not attributable (no project recognisable):\n  scan.pdf (" in out
    assert "Review: 2 received, 1 follow-up." in out
    assert "Warnings on accepted returns:\n  p03: accepted with warnings: " in out


def test_status_check_exits_1_while_anything_is_open(handed_in, capsys):
    args = ["--lang", "en", "status", "--round", str(handed_in), "--check"]
    assert main(args) == 1
    # 9 projects without a return, p02 incomplete, p04's refused file, the PDF
    assert "Still open: 12 items (praxis status --check exits with 1)." in capsys.readouterr().out
    assert len(status(handed_in).open_items) == 12


def test_check_is_0_once_every_return_is_in_and_accepted(rd, q, capsys):
    for p in read_roster(ROSTER):
        answers = own_master_data(p.id, COMPLETE)
        fill_return(rd, q, p.id, answers, rd / "inbox" / f"{p.id}.xlsx")
    assert main(["--lang", "en", "--quiet", "ingest", "--round", str(rd)]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "status", "--round", str(rd), "--check"]) == 0
    assert "Nothing open any more." in capsys.readouterr().out


def test_a_refused_file_followed_by_an_accepted_return_is_no_longer_open(handed_in, q, capsys):
    fill_return(
        handed_in, q, "p04", own_master_data("p04", COMPLETE), handed_in / "inbox" / "p04.xlsx"
    )
    main(["--lang", "de", "--quiet", "ingest", "--round", str(handed_in)])
    found = status(handed_in)
    (p04,) = [r for r in found.rows if r.project == "p04"]
    assert [f.file for f in p04.rejected] == ["p04-falsch.xlsx"]  # still listed ...
    assert p04.open_rejected == ()  # ... but settled by the accepted return
    assert not any(i.startswith("p04") for i in found.open_items)


def test_reingesting_says_how_each_file_went_the_first_time(handed_in, capsys):
    assert main(["--lang", "de", "ingest", "--round", str(handed_in)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("p0")}
    assert "bereits eingelesen (unverändert)" in lines["p01.xlsx"]
    assert "bereits eingelesen: unvollständig, Rückfrage geschrieben" in lines["p02.docx"]
    assert "bereits eingelesen: angenommen mit Hinweisen" in lines["p03.docx"]
    assert "bereits eingelesen: abgelehnt" in lines["p04-falsch.xlsx"]
    assert f"p04-falsch.xlsx: {TOKEN_REASON}" in out
    assert f"p03.docx: angenommen mit Hinweisen: {P03_HINT}" in out
    assert main(["--lang", "en", "ingest", "--round", str(handed_in)]) == 0
    out = capsys.readouterr().out
    assert "already read: incomplete, follow-up letter written" in out
    assert "already read: rejected" in out


def test_the_first_ingest_names_the_hints(rd, q, capsys):
    fill_return(rd, q, "p03", COMPLETE, rd / "inbox" / "p03.docx")
    assert main(["--lang", "en", "ingest", "--round", str(rd)]) == 0
    out = capsys.readouterr().out
    assert "p03.docx: accepted with warnings: " in out
