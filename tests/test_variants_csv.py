"""Variants of issue 10, point 15: the round's own copy of the roster (``roster.csv``) is a CSV
file praxis writes like every other: no separator makes a formula cell of it, and praxis reads
it back as the roster said.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import BUNDLED

from pipeline.cli import main
from pipeline.round.roster import read_roster

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROSTER = (
    "project_id,project,organisation,contact,email,phone\n"
    'p01,=HYPERLINK("http://evil.example"),"Landesprogramm;=cmd|\' /C calc\'!A0",'
    "Jana Petersen,a@b.example,+49 40 1234567\n"
    'p02,Netz [/] Werk,"Träger, e. V.; @SUM(A1)",Tobias Krüger,c@d.example,-\n'
)


def _unsafe(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.lstrip(" \n").startswith(FORMULA_START)]


def test_rounds_roster_copy_has_no_formula_cell_and_reads_back_as_typed(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    rd = tmp_path / "round"
    args = ["--quiet", "generate", str(BUNDLED), "--roster", str(roster), "--round", str(rd)]
    assert main([*args, "--format", "xlsx"]) == 0
    text = (rd / "roster.csv").read_text("utf-8-sig")
    for sep in (";", ","):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        assert _unsafe(rows) == [], sep
    # praxis reads its copy back as the roster said (generate --add keeps the earlier projects)
    original = [dict(p.columns) for p in read_roster(roster)]
    assert [dict(p.columns) for p in read_roster(rd / "roster.csv")] == original
    one_more = tmp_path / "more.csv"
    one_more.write_text(
        "project_id,project,organisation,contact,email,phone\n"
        "p03,Drittes Projekt,Verein,Ada Muster,e@f.example,030 1\n",
        encoding="utf-8",
    )
    add = ["--quiet", "generate", str(BUNDLED), "--roster", str(one_more), "--round", str(rd)]
    assert main([*add, "--format", "xlsx", "--add"]) == 0
    again = [dict(p.columns) for p in read_roster(rd / "roster.csv")]
    assert again[:2] == original
    assert again[2]["project"] == "Drittes Projekt"
