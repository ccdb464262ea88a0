"""Issue 10, point 10, variants: rosters as German Excel and other programs save them."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import RosterError
from pipeline.round.roster import read_roster

GERMAN_EXCEL = (
    "Projekt-ID;Projekt;Träger;E-Mail\r\n"
    "p01;Jung, laut, bunt, digital, mutig;Netzwerk Nord, Hamburg, Kiel, Lübeck, Rostock, e. V.;"
    "a@example.org\r\n"
    "p02;Streetwork im Netz;Jugendhilfe Sachsen gGmbH;b@example.org\r\n"
)
"""A German Excel CSV (``;``, Windows-1252): its cells hold more commas than the file has
semicolons."""


def _ids(path: Path) -> list[tuple[str, str, str]]:
    return [(p.id, p.name, p.organisation) for p in read_roster(path, "de")]


def test_semicolon_roster_whose_cells_hold_commas(tmp_path):
    path = tmp_path / "projekte.csv"
    path.write_bytes(GERMAN_EXCEL.encode("cp1252"))
    assert _ids(path) == [
        (
            "p01",
            "Jung, laut, bunt, digital, mutig",
            "Netzwerk Nord, Hamburg, Kiel, Lübeck, Rostock, e. V.",
        ),
        ("p02", "Streetwork im Netz", "Jugendhilfe Sachsen gGmbH"),
    ]


def test_roster_with_excels_sep_line(tmp_path):
    path = tmp_path / "projekte.csv"
    path.write_bytes(("sep=;\r\n" + GERMAN_EXCEL).encode("utf-8-sig"))
    assert [p.id for p in read_roster(path, "de")] == ["p01", "p02"]


def test_roster_saved_as_unicode_text(tmp_path):
    """Excel's "Unicode Text": UTF-16 with a byte order mark, tab-separated."""
    path = tmp_path / "projekte.csv"
    text = "project_id\tproject\torganisation\temail\r\np01\tA, B\tTräger\ta@example.org\r\n"
    path.write_bytes(text.encode("utf-16"))
    assert _ids(path) == [("p01", "A, B", "Träger")]


def test_row_with_more_cells_than_the_header_is_named(tmp_path):
    path = tmp_path / "projekte.csv"
    path.write_text(
        "project_id,project,organisation,email\n"
        "p01,A,B,a@example.org\n"
        "p02,Hinsehen, statt Wegklicken,Träger,b@example.org\n",
        "utf-8",
    )
    with pytest.raises(RosterError) as caught:
        read_roster(path, "de")
    message = str(caught.value)
    assert "Zeile 3" in message and "5 Zellen" in message and "4 Spalten" in message


def test_two_columns_meaning_the_same_are_refused(tmp_path):
    """``Name`` (meant: the contact's) beside ``Projekt``: both mean the project's name; the
    later one must not silently replace the project names."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Projekt-ID", "Projekt", "Träger", "Name", "E-Mail"])
    wb.active.append(["p01", "Hinsehen statt Wegklicken", "Träger", "Jana Petersen", "a@ex.org"])
    wb.save(tmp_path / "projekte.xlsx")
    with pytest.raises(RosterError) as caught:
        read_roster(tmp_path / "projekte.xlsx", "de")
    message = str(caught.value)
    assert "„Projekt“ und „Name“ bedeuten beide „project“" in message


def test_a_column_twice_in_a_csv_is_refused(tmp_path):
    path = tmp_path / "projekte.csv"
    path.write_text("project_id;project;organisation;email;email\np01;A;B;a@ex.org;\n", "utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(path, "de")
    assert "„email“ und „email“ bedeuten beide „email“" in str(caught.value)


def test_blank_lines_above_the_header_are_skipped_and_rows_keep_their_numbers(tmp_path):
    path = tmp_path / "projekte.csv"
    path.write_text(
        ";;;\r\n\r\nproject_id;project;organisation;email\r\np01;A;B;a@ex.org\r\np02;C;D;\r\n",
        "utf-8",
    )
    with pytest.raises(RosterError) as caught:
        read_roster(path, "de")
    assert "Zeile 5: „email“ ist leer" in str(caught.value)
