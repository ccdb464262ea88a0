"""Roster ids that collide on Windows or macOS, and line breaks in roster cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BUNDLED, ROSTER

from pipeline.cli import main
from pipeline.errors import RosterError
from pipeline.forms.generate import generate_round

HEADER = "project_id,project,organisation,contact,email,language\n"


def _row(pid: str, name: str = "Projekt", email: str = "a@example.org") -> str:
    return f"{pid},{name} {pid},Träger {pid},Kim Muster,{email},de\n"


def _roster(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + "".join(rows), "utf-8")
    return path


def _refused(tmp_path: Path, roster: Path, lang: str = "en") -> str:
    target = tmp_path / "round"
    with pytest.raises(RosterError) as caught:
        generate_round(BUNDLED, roster, target, lang=lang, formats=("xlsx",), mail=False)
    assert not target.exists()
    return str(caught.value)


def test_ids_differing_only_in_case_are_refused(tmp_path):
    roster = _roster(tmp_path, _row("p01"), _row("p02"), _row("P01"))
    message = _refused(tmp_path, roster)
    assert "row 4" in message and "“P01”" in message and "“p01”" in message and "row 2" in message
    assert "case" in message


@pytest.mark.parametrize("pid", ["CON", "NUL", "aux", "COM1", "LPT1", "prn", "Com9"])
def test_reserved_device_names_are_refused(tmp_path, pid):
    roster = _roster(tmp_path, _row("p01"), _row(pid))
    message = _refused(tmp_path, roster)
    assert f"row 3: project_id “{pid}”" in message
    assert "Windows" in message and f"“p-{pid}”" in message


def test_reserved_device_name_with_suffix_is_refused(tmp_path):
    roster = _roster(tmp_path, _row("con.1"))
    message = _refused(tmp_path, roster, "de")
    assert "Zeile 2: project_id „con.1“" in message and "Windows" in message


def test_forbidden_characters_and_trailing_dots_are_refused(tmp_path):
    roster = _roster(tmp_path, _row("p01."), _row("p:02"), _row("p03 "), _row('p"4'))
    message = _refused(tmp_path, roster)
    for line, pid in ((2, "p01."), (3, "p:02")):
        assert f"row {line}: project_id “{pid}”" in message
    assert "row 5" in message


def test_line_break_in_a_csv_cell_is_named_with_row_and_column(tmp_path):
    roster = _roster(
        tmp_path,
        _row("p01"),
        'p02,Projekt p02,Träger p02,Kim Muster,"a@example.org\nb@example.org",de\n',
    )
    message = _refused(tmp_path, roster)
    assert "row 3" in message and "“email”" in message and "line break" in message
    assert "p01" not in message


def test_line_break_in_an_xlsx_cell_is_named_on_the_console(tmp_path, capsys):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["project_id", "project", "organisation", "contact", "email"])
    ws.append(["p01", "Projekt eins", "Träger eins", "Kim Muster", "a@example.org"])
    ws.append([])  # a blank row: the rows below keep the numbers Excel shows
    ws.append(["p02", "Projekt\nzwei", "Träger zwei", "Jo Muster", "b@example.org"])
    roster = tmp_path / "roster.xlsx"
    wb.save(roster)
    target = tmp_path / "round"
    args = ["--lang", "de", "generate", str(BUNDLED), "--roster", str(roster)]
    code = main([*args, "--round", str(target), "--format", "xlsx"])
    err = capsys.readouterr().err
    assert code != 0
    assert "Zeile 4: „project“ enthält einen Zeilenumbruch" in err
    assert "unerwartet" not in err
    assert not target.exists()


def test_add_refuses_an_id_that_differs_from_the_rounds_only_in_case(tmp_path):
    target = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), mail=False)
    roster = _roster(tmp_path, _row("P01"))
    with pytest.raises(RosterError) as caught:
        generate_round(BUNDLED, roster, target, formats=("xlsx",), add=True, mail=False)
    assert "„P01“" in str(caught.value) and "„p01“" in str(caught.value)
    assert not list((target / "forms").glob("P01*"))
