"""Issue 17, getting started and messages: the README's step-by-step and the demo's closing
hint work outside the virtual environment, a questionnaire not saved as UTF-8, a missing
roster, a deadline that is probably mistyped, and an Excel roster with a title row."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import BUNDLED, ROOT
from openpyxl import Workbook

from pipeline.cli import main
from pipeline.command_options import deadline_warning
from pipeline.definition.loading import load_questionnaire
from pipeline.errors import DefinitionError, RosterError
from pipeline.locale.texts import t
from pipeline.round.roster import read_roster


def _step_by_step() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## A round, step by step", 1)[1].split("\n## ", 1)[0]


def test_readme_step_by_step_activates_the_environment_first():
    section = _step_by_step()
    block = section.split("```bash\n", 1)[1]
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert commands[0] == "source .venv/bin/activate          # Windows: .venv\\Scripts\\activate"
    assert commands[1].startswith("praxis generate ")
    assert "`.venv/bin/praxis` (Windows\n`.venv\\Scripts\\praxis`)" in section


def test_readme_step_by_step_goes_on_to_tables_and_compendium():
    block = _step_by_step().split("```bash\n", 1)[1].split("```", 1)[0]
    assert "praxis aggregate --round outputs/runde-2025\n" in block
    assert (
        "praxis compile --round outputs/runde-2025 --approved-only --pdf --html "
        "outputs/runde-2025/web\n"
    ) in block
    assert "--pdf adds compendium-de.pdf" in block
    assert "outputs/runde-2025/web/index.html" in block


def test_demo_closing_hint_works_outside_the_environment():
    assert t("demo.next", "de", round="outputs/demo") == (
        "Weiter: .venv/bin/praxis status --round outputs/demo --missing (Windows: "
        ".venv\\Scripts\\praxis; nach „source .venv/bin/activate“ bzw. „.venv\\Scripts\\activate“ "
        "genügt praxis)"
    )
    assert t("demo.next", "en", round="outputs/demo").startswith(
        "Next: .venv/bin/praxis status --round outputs/demo --missing (Windows: "
    )


def _cp1252_questionnaire(tmp_path):
    text = BUNDLED.read_text(encoding="utf-8")
    path = tmp_path / "fragebogen.yaml"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    first = next(
        n for n, line in enumerate(text.splitlines(), 1) if re.search("[^\x00-\x7f]", line)
    )
    return path, first, text.splitlines()[first - 1].strip()


def test_questionnaire_in_windows_1252_names_file_line_and_how_to_save_as_utf8(tmp_path):
    path, line, shown = _cp1252_questionnaire(tmp_path)
    with pytest.raises(DefinitionError) as info:
        load_questionnaire(path, "de")
    (problem,) = info.value.problems
    assert problem.code == "not-utf8"
    assert problem.line == line
    rendered = problem.render()
    assert rendered.startswith(
        f"{path}:{line}: Die Datei ist nicht als UTF-8 gespeichert (das Byte 0x"
    )
    assert f"in dieser Zeile: „{shown[:80]}“; wohl Windows-1252/ANSI)" in rendered
    assert "Codierung „UTF-8“ neu speichern" in rendered
    assert "YAML" not in rendered and "Einrückung" not in rendered


def test_check_of_a_windows_1252_questionnaire_exits_1_with_the_line(tmp_path, capsys):
    path, line, _ = _cp1252_questionnaire(tmp_path)
    assert main(["--lang", "de", "check", str(path)]) == 1
    out = capsys.readouterr()
    assert f"{path}:{line}: Die Datei ist nicht als UTF-8 gespeichert" in out.out + out.err


def test_missing_roster_exits_2_like_a_missing_questionnaire(tmp_path, capsys):
    missing = tmp_path / "fehlt.csv"
    args = ["--roster", str(missing), "--round", str(tmp_path / "runde")]
    assert main(["--lang", "de", "generate", str(BUNDLED), *args]) == 2
    assert f"Projektliste nicht gefunden: {missing}" in capsys.readouterr().err
    roster = ROOT / "questionnaires" / "examples" / "roster.csv"
    args = ["--roster", str(roster), "--round", str(tmp_path / "runde")]
    assert main(["--lang", "de", "generate", str(tmp_path / "fehlt.yaml"), *args]) == 2
    assert not (tmp_path / "runde").exists()


def test_deadline_warning_past_and_far_ahead():
    today = dt.date(2026, 12, 2)
    assert deadline_warning(dt.date(2025, 1, 31), "de", today) == (
        "Hinweis: Die Frist 31.01.2025 ist schon vorbei (heute ist der 02.12.2026). "
        "Bitte prüfen Sie das Datum, vor allem das Jahr."
    )
    assert deadline_warning(dt.date(2028, 1, 31), "de", today) == (
        "Hinweis: Die Frist 31.01.2028 liegt mehr als ein Jahr in der Zukunft "
        "(heute ist der 02.12.2026). Bitte prüfen Sie das Datum, vor allem das Jahr."
    )
    assert deadline_warning(dt.date(2027, 1, 31), "de", today) is None
    assert deadline_warning(today, "de", today) is None
    assert deadline_warning(dt.date(2027, 12, 2), "de", today) is None
    assert deadline_warning(dt.date(2027, 12, 3), "de", today) is not None
    assert deadline_warning(dt.date(2026, 12, 1), "en", today) == (
        "Note: the deadline 1 December 2026 has already passed (today is 2 December 2026). "
        "Please check the date, above all the year."
    )
    leap = dt.date(2028, 2, 29)
    assert deadline_warning(dt.date(2029, 2, 28), "de", leap) is None
    assert deadline_warning(dt.date(2029, 3, 1), "de", leap) is not None


def _one_project_roster(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(
        "project_id;project;organisation;email\np01;Hinsehen;Verein Süd;p01@example.org\n",
        encoding="utf-8",
    )
    return path


def test_generate_status_and_proofs_warn_about_a_past_deadline(tmp_path, capsys):
    rd = tmp_path / "runde"
    roster = _one_project_roster(tmp_path)
    args = ["generate", str(BUNDLED), "--roster", str(roster), "--round", str(rd)]
    assert main(["--lang", "de", *args, "--deadline", "31.01.2025"]) == 0
    past = "Hinweis: Die Frist 31.01.2025 ist schon vorbei (heute ist der "
    assert past in capsys.readouterr().err
    assert main(["--lang", "de", "status", "--round", str(rd), "--deadline", "2099-01-31"]) == 0
    far = "Hinweis: Die Frist 31.01.2099 liegt mehr als ein Jahr in der Zukunft"
    assert far in capsys.readouterr().err
    main(["--lang", "de", "status", "--round", str(rd), "--missing", "--deadline", "31.01.2025"])
    out = capsys.readouterr()
    assert past not in out.err  # the reminders say it themselves, once
    assert "Die Frist 31.01.2025 ist schon vorbei; die Erinnerungen nennen sie trotzdem" in out.out
    main(["--lang", "de", "proofs", "--round", str(rd), "--deadline", "31.01.2025"])
    assert past in capsys.readouterr().err
    soon = (dt.date.today() + dt.timedelta(days=28)).isoformat()
    main(["--lang", "de", "status", "--round", str(rd), "--deadline", soon])
    assert "Hinweis: Die Frist" not in capsys.readouterr().err


def _xlsx(tmp_path, rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    path = tmp_path / "projektliste.xlsx"
    wb.save(path)
    return path


def test_xlsx_roster_with_a_title_row_above_the_headings(tmp_path):
    path = _xlsx(
        tmp_path,
        [
            ["projektliste_netzwerk_2025", None, None, None],
            [None, None, None, None],
            ["Projekt-ID", "Projekt", "Träger", "E-Mail"],
            ["p01", "Hinsehen", "Verein Süd", "p01@example.org"],
            [None, None, None, None],
            ["p02", "Zuhören", "Verein Nord", "not-an-address"],
        ],
    )
    with pytest.raises(RosterError) as info:
        read_roster(path, "de")
    assert "Zeile 6" in str(info.value)  # rows numbered as Excel shows them
    path = _xlsx(
        tmp_path,
        [
            ["projektliste_netzwerk_2025", None, None, None],
            ["Projekt-ID", "Projekt", "Träger", "E-Mail"],
            ["p01", "Hinsehen", "Verein Süd", "p01@example.org"],
        ],
    )
    (project,) = read_roster(path, "de")
    assert (project.id, project.organisation) == ("p01", "Verein Süd")


def test_xlsx_roster_without_headings_says_where_they_must_be(tmp_path):
    path = _xlsx(
        tmp_path,
        [
            ["projektliste_netzwerk_2025", None, None, None],
            ["p01", "Hinsehen", "Verein Süd", "p01@example.org"],
        ],
    )
    with pytest.raises(RosterError) as info:
        read_roster(path, "de")
    assert str(info.value) == (
        f"{path}: Spalten project_id, project, organisation, email fehlen; vorhanden sind "
        "projektliste_netzwerk_2025. Die Spaltenüberschriften (project_id, project, "
        "organisation, email oder deutsch Projekt-ID, Projekt, Träger, E-Mail) müssen in einer "
        "Zeile innerhalb der ersten 10 Zeilen stehen, am besten in Zeile 1."
    )


def test_csv_roster_with_a_title_row_holding_a_comma(tmp_path):
    # a title typed above the headings (no separators after it): its comma must not decide
    # the separator of the whole file
    path = tmp_path / "projektliste.csv"
    path.write_text(
        "Projektliste Netzwerk, Stand Dezember\n"
        "\n"
        "Projekt-ID;Projekt;Träger;E-Mail\n"
        "p01;Hinsehen;Verein Süd, Ortsgruppe Nord;p01@example.org\n",
        encoding="cp1252",
    )
    (project,) = read_roster(path, "de")
    assert (project.id, project.organisation) == ("p01", "Verein Süd, Ortsgruppe Nord")
