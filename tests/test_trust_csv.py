"""Issue 10, point 15: CSV files that no spreadsheet program turns into formulas.

A real round: forms generated, one filled in as a person would with texts that a spreadsheet
program could run, read back by ingest, tables written by ``praxis aggregate``. The CSV files
are then split as German Excel does (``;``) and as an English one does (``,``).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER, own_master_data

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.generate import generate_round
from pipeline.returns.ingest import ingest
from pipeline.round.folder import RoundDir

COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text("utf-8")
)
ATTACK = "Landesprogramm;=cmd|' /C calc'!A0"
HOSTILE = {
    "programme": ATTACK,
    "goals": 'Wir stärken Jugendliche, =HYPERLINK("http://evil.example")',
    "approach": "Wir gehen in drei Schritten vor, die wir mit den Fachkräften und den "
    "Jugendlichen Schritt für Schritt gemeinsam planen:\n- erkennen\n+ benennen\n@handeln",
    "lessons_learned": "\t=1+1",
    "advice": "-2+3+cmd|' /C calc'!A0",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile_round(tmp_path_factory) -> Path:
    rd = tmp_path_factory.mktemp("csv") / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",))
    q = load_questionnaire(BUNDLED)
    form = rd / RoundDir(rd).load().projects["p01"].files["xlsx"]
    fill_xlsx(form, {**COMPLETE, **HOSTILE}, rd / "inbox" / "p01.xlsx", q)
    fill_xlsx(
        rd / RoundDir(rd).load().projects["p02"].files["xlsx"],
        own_master_data("p02", {**COMPLETE, "staff_fte": 1.5, "participants_per_year": 2500}),
        rd / "inbox" / "p02.xlsx",
        q,
    )
    assert {r.outcome for r in ingest(rd).results} == {"accepted"}
    return rd


def _aggregate(rd: Path, *options: str) -> Path:
    assert main(["--quiet", "aggregate", "--round", str(rd), *options]) == 0
    return rd / "tables"


def _unsafe(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.lstrip(" \n").startswith(FORMULA_START)]


def test_no_separator_makes_a_formula_cell(hostile_round):
    tables = _aggregate(hostile_round)
    for path in sorted(tables.glob("*.csv")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name  # UTF-8 with BOM, for Excel
        text = raw.decode("utf-8-sig")
        for sep in (";", ","):
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
            assert _unsafe(rows) == [], (path.name, sep)
        # a reader that ignores the quotes: every piece between separators or line breaks
        pieces = [p.strip('"') for p in text.replace("\r\n", "\n").replace(",", ";").split(";")]
        pieces = [line for p in pieces for line in p.split("\n")]
        assert _unsafe([pieces]) == [], path.name


def test_german_excel_convention_keeps_the_text_in_one_cell(hostile_round):
    tables = _aggregate(hostile_round)
    text = (tables / "answers.csv").read_text("utf-8-sig")
    assert text.startswith('"Projekt-ID";"Projekt";')
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len({len(r) for r in rows}) == 1
    (p01,) = [r for r in rows if r["Projekt-ID"] == "p01"]
    programme = [v for k, v in p01.items() if k.startswith("1.3 ")]
    assert programme == ["Landesprogramm;'=cmd|' /C calc'!A0"]
    assert any(v.endswith(":\n'- erkennen\n'+ benennen\n'@handeln") for v in p01.values())
    numbers = list(
        csv.DictReader(
            (tables / "numbers.csv").open(encoding="utf-8-sig", newline=""), delimiter=";"
        )
    )
    fte = next(r for r in numbers if r["Frage-ID"] == "staff_fte")
    assert (fte["Minimum"], fte["Maximum"], fte["Mittelwert"]) == ("1,5", "2,5", "2")
    people = next(r for r in numbers if r["Frage-ID"] == "participants_per_year")
    assert (people["Maximum"], people["Median"]) == ("2500", "1850")
    long = list(
        csv.DictReader(
            (tables / "answers_long.csv").open(encoding="utf-8-sig", newline=""), delimiter=";"
        )
    )
    fte = {r["Projekt-ID"]: r["Antwort"] for r in long if r["Frage-ID"] == "staff_fte"}
    assert fte == {"p01": "2,5", "p02": "1,5"}  # never 2.5, which German Excel reads as a date


def test_comma_convention_on_request(hostile_round):
    tables = _aggregate(hostile_round, "--csv-sep", ",")
    text = (tables / "numbers.csv").read_text("utf-8-sig")
    assert text.startswith('"Frage-ID","Nr.",')
    numbers = list(csv.DictReader(io.StringIO(text, newline="")))
    fte = next(r for r in numbers if r["Frage-ID"] == "staff_fte")
    assert (fte["Minimum"], fte["Maximum"], fte["Mittelwert"]) == ("1.5", "2.5", "2")
    wide = list(csv.DictReader((tables / "answers.csv").open(encoding="utf-8-sig", newline="")))
    assert len({len(r) for r in wide}) == 1
    (p01,) = [r for r in wide if r["Projekt-ID"] == "p01"]
    assert "Landesprogramm;'=cmd|' /C calc'!A0" in p01.values()


def test_csv_is_byte_comparable(hostile_round, tmp_path):
    first = (_aggregate(hostile_round) / "answers.csv").read_bytes()
    second = (_aggregate(hostile_round) / "answers.csv").read_bytes()
    assert first == second


def test_manifest_is_written_the_same_way(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "project_id,project,organisation,email\n"
        'p01,=HYPERLINK("http://evil.example"),"Träger; @SUM(A1)",a@b.example\n',
        encoding="utf-8",
    )
    rd = tmp_path / "round"
    generate_round(BUNDLED, roster, rd, formats=("xlsx",))
    text = (rd / "manifest.csv").read_text("utf-8-sig")
    assert text.startswith('"project_id";"project";"organisation";"email";')
    for sep in (";", ","):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        assert _unsafe(rows) == [], sep
    (row,) = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert row["project"] == '\'=HYPERLINK("http://evil.example")'
    assert row["organisation"] == "Träger; '@SUM(A1)"


def _open_as_office_would(soffice: str, files: list[Path], sep: str, out: Path) -> list[Path]:
    """The CSV files opened by LibreOffice Calc split by ``sep`` (UTF-8), saved as .xlsx."""
    import subprocess

    options = f"CSV:{ord(sep)},34,76,1"
    profile = out.parent / f"profile-{out.name}"
    cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    cmd += ["--infilter=" + options, "--convert-to", "xlsx", "--outdir", str(out)]
    subprocess.run([*cmd, *map(str, files)], check=True, capture_output=True, timeout=180)
    return [out / f"{f.stem}.xlsx" for f in files]


def _formula_cells(book: Path) -> list[str]:
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(book).active.iter_rows() for c in row]
    assert cells, book.name
    return [c.coordinate for c in cells if c.data_type == "f"]


@pytest.mark.office
def test_libreoffice_makes_no_formula_cell_with_either_separator(hostile_round, tmp_path, soffice):
    from openpyxl import load_workbook

    default = tmp_path / "default.csv"
    default.write_bytes((_aggregate(hostile_round) / "answers.csv").read_bytes())
    for sep, name in ((";", "semicolon"), (",", "comma")):
        (book,) = _open_as_office_would(soffice, [default], sep, tmp_path / name)
        assert _formula_cells(book) == [], sep
    # read as written, the attack is one text in one cell
    book = tmp_path / "semicolon" / "default.xlsx"
    values = [c.value for row in load_workbook(book).active.iter_rows() for c in row]
    assert "Landesprogramm;'=cmd|' /C calc'!A0" in values
    comma = tmp_path / "comma.csv"
    comma.write_bytes((_aggregate(hostile_round, "--csv-sep", ",") / "answers.csv").read_bytes())
    for sep, name in ((";", "comma-semicolon"), (",", "comma-comma")):
        (book,) = _open_as_office_would(soffice, [comma], sep, tmp_path / name)
        assert _formula_cells(book) == [], sep
