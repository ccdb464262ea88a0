"""Reading rosters from CSV and Excel."""

from __future__ import annotations

import pytest
from conftest import BUNDLED, ROSTER
from openpyxl import Workbook

from pipeline.definition.loading import load_questionnaire
from pipeline.errors import RosterError
from pipeline.forms.prefill import prefill_values
from pipeline.round.roster import read_roster, slug


def test_example_roster():
    projects = read_roster(ROSTER)
    assert len(projects) == 12
    assert len({p.id for p in projects}) == 12
    assert sum(p.language == "en" for p in projects) == 2
    assert projects[0].get("field_of_action") == "monitoring"


def test_prefill_maps_roster_labels_to_choices():
    q = load_questionnaire(BUNDLED)
    values = prefill_values(q, read_roster(ROSTER)[6])
    assert values["federal_state"] == "th"
    assert values["project_name"] == "Faktencheck Jugend"
    assert values["field_of_action"] == "media_literacy"


def test_german_headings_semicolons_and_cp1252(tmp_path):
    path = tmp_path / "liste.csv"
    text = "Projekt-ID;Projekt;Träger;E-Mail;Sprache\np1;Wir;Verein Süd;a@b.de;de\n"
    path.write_bytes(text.encode("cp1252"))
    (project,) = read_roster(path)
    assert project.organisation == "Verein Süd" and project.language == "de"


def test_xlsx_roster(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["project_id", "project", "organisation", "email"])
    ws.append(["x1", "Projekt", "Träger", "x@example.org"])
    ws.append([None, None, None, None])
    wb.save(tmp_path / "r.xlsx")
    assert [p.id for p in read_roster(tmp_path / "r.xlsx")] == ["x1"]


def test_every_problem_is_named(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "project_id,project,organisation,email,language\n"
        "a,A,O,a@x.de,de\na,B,O,,fr\nbad id,C,O,c@x.de,en\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterError) as info:
        read_roster(path)
    message = str(info.value)
    for part in ("appears twice", "“email” is empty", "“fr”", "“bad id”"):
        assert part in message


def test_problems_in_german_and_control_characters(tmp_path):
    """A control character pasted into a name would break every form: it is named, with
    its row and column, in the coordinator's language."""
    path = tmp_path / "r.csv"
    path.write_text(
        'project_id,project,organisation,email\na,A\x0bB,O,a@x.de\nb,"Zwei\r\nZeilen",O,\n',
        encoding="utf-8",
    )
    with pytest.raises(RosterError) as info:
        read_roster(path, "de")
    message = str(info.value)
    assert "Zeile 2: „project“ enthält ein unsichtbares Steuerzeichen (U+000B)" in message
    assert "Zeile 3: „email“ ist leer" in message
    # a line break is no control character, but it is named (issue 10.10)
    assert "Zeile 3: „project“ enthält ein unsichtbares" not in message
    assert "Zeile 3: „project“ enthält einen Zeilenumbruch" in message
    with pytest.raises(RosterError, match="nicht gefunden"):
        read_roster(tmp_path / "none.csv", "de")


def test_missing_columns_and_files(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("name,email\nA,a@x.de\n", encoding="utf-8")
    with pytest.raises(RosterError, match="missing column"):
        read_roster(path)
    with pytest.raises(RosterError, match="not found"):
        read_roster(tmp_path / "none.csv")
    (tmp_path / "r.pdf").write_bytes(b"%PDF")
    with pytest.raises(RosterError, match=r"csv or \.xlsx"):
        read_roster(tmp_path / "r.pdf")


def test_slug():
    assert slug("Hinsehen statt Wegklicken") == "hinsehen-statt-wegklicken"
    assert slug("Peer-Botschafter*innen Ü") == "peer-botschafter-innen-ue"
    assert slug("!!!") == "projekt"
