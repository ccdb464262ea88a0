"""praxis aggregate: exact counts, shares, medians, completeness, safe and deterministic export."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import ALL_TYPES_ANSWERS, BUNDLED, ROOT, ROSTER
from openpyxl import load_workbook

from pipeline.forms.generate import generate_round
from pipeline.publication.tables import (
    Tables,
    aggregate_round,
    build_tables,
    csv_cell,
    write_tables,
)
from pipeline.publication.workbook import assert_no_formulas
from pipeline.returns.ingest import store_path
from pipeline.returns.store import FileRecord, Store, Submission, SubmissionRecord
from pipeline.round.folder import RoundDir, RoundProject, RoundRecord

FORMULA = '=HYPERLINK("http://x")'
COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text("utf-8")
)
ERROR = {"severity": "error", "code": "required", "message": "missing"}
WARNING = {"severity": "warning", "code": "words", "message": "long"}


def _project(pid: str, name: str) -> RoundProject:
    return RoundProject(pid, name, f"Träger {pid}", f"{pid}@example.org", "", "de", "tok", pid)


def _record() -> RoundRecord:
    record = RoundRecord("all-types", "1", "de", None, "2025-01-01")
    for pid, name in (("p3", "Drei"), ("p1", "Eins"), ("p2", "Zwei"), ("p4", "Vier")):
        record.projects[pid] = _project(pid, name)
    return record


def _sub(pid: str, answers: dict[str, Any], outcome: str = "accepted", issues=()) -> Submission:
    return Submission(
        id=1,
        project=pid,
        file_sha256=pid * 8,
        file_name=f"{pid}.xlsx",
        received=f"2025-03-0{pid[-1]}T10:00:00",
        version="1",
        format="xlsx",
        answers=answers,
        issues=list(issues),
        coercions=[],
        outcome=outcome,
        current=True,
    )


P2 = {
    "name": FORMULA,
    "story": "+1 drei Wörter",
    "count": 10,
    "share": 0.5,
    "evaluated": False,
    "colour": "red",
    "colours": ["red"],
    "state": "be",
}
P4 = {"name": "Vier", "count": 20, "evaluated": True, "colour": "red", "colours": ["green", "red"]}


def _tables(all_types, lang: str = "de") -> Tables:
    subs = [
        _sub("p4", P4, "incomplete", [ERROR, WARNING]),
        _sub("p1", dict(ALL_TYPES_ANSWERS)),
        _sub("p2", P2, "accepted_with_warnings", [WARNING]),
    ]
    return build_tables(all_types, _record(), subs, lang)


def _rows(frame, *columns: str) -> list[tuple]:
    return [tuple(row) for row in frame[list(columns)].itertuples(index=False, name=None)]


def test_wide_has_labels_options_and_other_texts(all_types):
    wide = _tables(all_types).wide
    assert list(wide["Projekt-ID"]) == ["p1", "p2", "p4"]
    assert list(wide["Projekt"]) == ["Eins", "Zwei", "Vier"]
    assert list(wide.columns[:4]) == ["Projekt-ID", "Projekt", "1.1 Name", "1.2 Geschichte"]
    assert list(wide["1.3 Anzahl"]) == [1234, 10, 20]
    assert list(wide["1.4 Anteil"]) == [2.5, 0.5, None]
    assert list(wide["1.5 Beginn"]) == ["12.10.2023", None, None]
    assert list(wide["2.1 Evaluiert?"]) == ["ja", "nein", "ja"]
    assert list(wide["2.3 Farbe"]) == ["Sonstiges", "rot", "rot"]
    assert list(wide["2.3 Farbe: Sonstiges (Angabe)"]) == ["türkis", None, None]
    assert list(wide["2.4 Bundesland"]) == ["Sachsen", "Berlin", None]
    assert list(wide["2.5 Farben"]) == ["rot; blau; Sonstiges", "rot", "grün; rot"]
    assert list(wide["2.5 Farben: rot"]) == [1, 1, 1]
    assert list(wide["2.5 Farben: grün"]) == [0, 0, 1]
    assert list(wide["2.5 Farben: Sonstiges"]) == [1, 0, 0]
    assert list(wide["2.5 Farben: Sonstiges (Angabe)"]) == ["violett", None, None]
    assert "3.3 Partner" not in wide.columns  # tables have their own frames
    keys = _tables(all_types).wide_keys
    assert keys["2.5 Farben: grün"] == "colours=green"
    assert keys["2.3 Farbe: Sonstiges (Angabe)"] == "colour_other"
    assert keys["1.1 Name"] == "name"


def test_english_labels(all_types):
    tables = _tables(all_types, "en")
    assert list(tables.wide["2.1 Evaluated?"]) == ["yes", "no", "yes"]
    assert list(tables.wide["2.5 Colours: green"]) == [0, 0, 1]
    assert list(tables.completeness["2.2 Evaluation details"]) == [
        "answered",
        "not applicable",
        "missing",
    ]


def test_table_questions_one_row_per_table_row(all_types):
    partners = _tables(all_types).tables["partners"]
    assert list(partners.columns) == [
        "Projekt-ID",
        "Zeile",
        "Organisation",
        "Art",
        "Seit",
        "Beitritt",
    ]
    assert _rows(partners, "Projekt-ID", "Zeile", "Organisation", "Art", "Seit", "Beitritt") == [
        ("p1", 1, "Jugendamt Köln", "grün", 2020, "01.02.2020"),
        ("p1", 2, "Schule am See", None, 2021, None),
    ]


def test_long_has_one_row_per_answer(all_types):
    long = _tables(all_types).long
    p1 = long[long["Projekt-ID"] == "p1"]
    # 13 answered questions plus two "other" texts, one row each
    assert len(p1) == len(ALL_TYPES_ANSWERS) == 15
    values = dict(zip(p1["Frage-ID"], p1["Antwort"], strict=True))
    assert values["colours"] == "rot; blau; Sonstiges"
    assert values["colours_other"] == "violett"
    assert values["evaluated"] == "ja"
    assert values["count"] == 1234  # a number stays a number (CSV: in its convention)
    assert values["partners"] == (
        "Organisation: Jugendamt Köln, Art: grün, Seit: 2020, Beitritt: 01.02.2020; "
        "Organisation: Schule am See, Seit: 2021"
    )
    assert len(long[long["Projekt-ID"] == "p4"]) == len(P4)


def test_choice_counts_and_shares(all_types):
    choices = _tables(all_types).choices
    colours = choices[choices["Frage-ID"] == "colours"]
    assert _rows(colours, "Wert", "Auswahl", "Anzahl", "Beantwortet", "Anteil") == [
        ("red", "rot", 3, 3, 1.0),
        ("green", "grün", 1, 3, 0.3333),
        ("blue", "blau", 1, 3, 0.3333),
        ("other", "Sonstiges", 1, 3, 0.3333),
    ]
    colour = choices[choices["Frage-ID"] == "colour"]
    assert _rows(colour, "Wert", "Anzahl", "Anteil") == [
        ("red", 2, 0.6667),
        ("green", 0, 0.0),
        ("blue", 0, 0.0),
        ("other", 1, 0.3333),
    ]
    evaluated = choices[choices["Frage-ID"] == "evaluated"]
    assert _rows(evaluated, "Auswahl", "Anzahl", "Anteil") == [
        ("ja", 2, 0.6667),
        ("nein", 1, 0.3333),
    ]
    state = choices[choices["Frage-ID"] == "state"]
    assert state["Beantwortet"].iloc[0] == 2
    assert dict(zip(state["Wert"], state["Anzahl"], strict=True))["sn"] == 1
    assert _tables(all_types).by_group.empty  # no question has the role "group"


def test_numbers_words_completeness(all_types):
    tables = _tables(all_types)
    numbers = tables.numbers.set_index("Frage-ID")
    assert list(numbers.index) == ["count", "share"]
    assert numbers.loc["count", "Anzahl"] == 3
    assert numbers.loc["count", "Minimum"] == 10
    assert numbers.loc["count", "Median"] == 20
    assert numbers.loc["count", "Maximum"] == 1234
    assert numbers.loc["count", "Mittelwert"] == 421.3333
    assert numbers.loc["share", "Anzahl"] == 2
    assert numbers.loc["share", "Median"] == 1.5
    assert _rows(tables.words, "Projekt-ID", "Frage-ID", "Wörter") == [
        ("p1", "story", 11),
        ("p1", "details", 5),
        ("p2", "story", 3),
    ]
    done = tables.completeness.set_index("Projekt-ID")
    assert list(done["2.2 Details zur Evaluation"]) == ["beantwortet", "entfällt", "fehlt"]
    assert list(done["3.2 Website"]) == ["beantwortet", "fehlt", "fehlt"]
    assert list(done["3.3 Partner"]) == ["beantwortet", "fehlt", "fehlt"]
    assert "Ein Hinweis ohne Antwort." not in " ".join(done.columns)


def test_status_lists_every_roster_project_in_roster_order(all_types):
    status = _tables(all_types).status
    assert _rows(status, "Projekt-ID", "Zurück", "Ergebnis", "Eingang", "Fehler") == [
        ("p3", "nein", "", "", 0),
        ("p1", "ja", "angenommen", "01.03.2025", 0),
        ("p2", "ja", "angenommen mit Hinweisen", "02.03.2025", 0),
        ("p4", "ja", "unvollständig", "04.03.2025", 1),
    ]


def test_csv_cell_neutralises_formulas():
    assert csv_cell(FORMULA) == "'" + FORMULA
    for text in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    assert csv_cell(-5) == "-5"  # a number stays a number
    assert csv_cell("Köln") == "Köln"
    assert csv_cell(None) == ""


def test_export_writes_formula_text_as_text(all_types, tmp_path):
    paths = write_tables(_tables(all_types), tmp_path, "de")
    names = [p.name for p in paths]
    assert names[0] == "answers.xlsx"
    for expected in ("answers.csv", "answers_long.csv", "choices.csv", "numbers.csv"):
        assert expected in names
    assert {"completeness.csv", "status.csv", "table_partners.csv"} <= set(names)
    wb = load_workbook(tmp_path / "answers.xlsx")
    assert wb.sheetnames[:2] == ["Antworten", "Antworten (Liste)"]
    assert "Tabelle 3.3" in wb.sheetnames
    assert all(len(name) <= 31 for name in wb.sheetnames)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = [c for c in cells if c.value in (FORMULA, "+1 drei Wörter")]
    assert len(risky) >= 3  # wide name, long name, long story (and more)
    assert all(c.data_type == "s" for c in risky)
    sheet = wb["Antworten"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}4"
    assert sheet["A1"].font.bold
    assert all(d.width <= 60 for d in sheet.column_dimensions.values())
    with zipfile.ZipFile(tmp_path / "answers.xlsx") as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if "worksheets" in n)
    assert b"<f>" not in xml and b"<f " not in xml
    raw = (tmp_path / "answers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b'"\'=HYPERLINK(""http://x"")"' in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    wide = dict(zip(rows[0], rows[2], strict=True))
    assert wide["1.1 Name"] == "'" + FORMULA
    assert wide["1.2 Geschichte"] == "'+1 drei Wörter"
    assert wide["1.3 Anzahl"] == "10"


def test_formula_check_finds_a_formula_in_any_block(tmp_path):
    """The safety net behind write_string: a workbook with a formula cell is refused, also
    when the formula element straddles two of the blocks the check reads."""
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "x" * 5000
    book.active["B1"] = "=1+1"
    book.save(tmp_path / "formula.xlsx")
    book.active["B1"] = "'=1+1 as text"
    book.save(tmp_path / "text.xlsx")
    for block in (1 << 20, 7, 1, 2):
        refused = pytest.raises(ValueError, match=r"formula in xl/worksheets/sheet1\.xml")
        with (tmp_path / "formula.xlsx").open("rb") as handle, refused:
            assert_no_formulas(handle, block)
        with (tmp_path / "text.xlsx").open("rb") as handle:
            assert_no_formulas(handle, block)


def test_export_is_deterministic(all_types, tmp_path):
    first = write_tables(_tables(all_types), tmp_path / "a", "de")
    second = write_tables(_tables(all_types), tmp_path / "b", "de")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


# --- a real round with the bundled questionnaire --------------------------------------------


def _store(rd: Path, answers: dict[str, dict[str, Any]]) -> None:
    with Store(store_path(RoundDir(rd))) as store, store.transaction() as db:
        for n, (pid, given) in enumerate(sorted(answers.items())):
            sha = f"{n:064d}"
            received = f"2025-04-0{n + 1}T09:00:00"
            record = FileRecord(
                sha, f"{pid}.xlsx", 1, received, f"archive/{sha}", pid, "accepted", None
            )
            store.upsert_project(
                db, id=pid, name=pid, organisation="", email="", contact="", language="de", token=""
            )
            store.add_file(db, record)
            store.add_submission(
                db,
                SubmissionRecord(
                    project=pid,
                    file_sha256=sha,
                    received=received,
                    questionnaire="promising-practices",
                    version="1",
                    format="xlsx",
                    answers=given,
                    issues=[],
                    coercions=[],
                    outcome="accepted",
                ),
            )


@pytest.fixture(scope="module")
def bundled_round(tmp_path_factory) -> Path:
    rd = tmp_path_factory.mktemp("tables") / "r"
    generate_round(BUNDLED, ROSTER, rd, formats=("xlsx",))
    _store(
        rd,
        {
            "p01": {**COMPLETE, "project_name": FORMULA, "remarks": "+1"},
            "p02": {**COMPLETE, "phenomena": ["right_wing"], "participants_per_year": 100},
            "p05": {
                **COMPLETE,
                "field_of_action": "counselling",
                "phenomena": ["islamism", "right_wing"],
                "participants_per_year": 40,
            },
        },
    )
    return rd


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))


def test_aggregate_round_bundled(bundled_round):
    paths = aggregate_round(bundled_round)
    assert all(p.parent == bundled_round / "tables" for p in paths)
    wide = _csv(bundled_round / "tables" / "answers.csv")
    assert [r["Projekt-ID"] for r in wide] == ["p01", "p02", "p05"]
    column = "2.2 Mit welchen Phänomenbereichen befassen Sie sich?: Rechtsextremismus"
    assert [r[column] for r in wide] == ["1", "1", "1"]
    assert wide[0]["1.1 Name des Projekts"] == "'" + FORMULA
    numbers = {r["Frage-ID"]: r for r in _csv(bundled_round / "tables" / "numbers.csv")}
    assert numbers["participants_per_year"]["Median"] == "100"
    assert numbers["participants_per_year"]["Anzahl"] == "3"
    assert numbers["staff_fte"]["Mittelwert"] == "2,5"  # ';' files: German decimal comma
    status = _csv(bundled_round / "tables" / "status.csv")
    assert len(status) == 12
    assert [r["Projekt-ID"] for r in status if r["Zurück"] == "ja"] == ["p01", "p02", "p05"]
    assert {r["Ergebnis"] for r in status if r["Zurück"] == "nein"} == {""}
    assert len(_csv(bundled_round / "tables" / "table_partners.csv")) == 6
    wb = load_workbook(bundled_round / "tables" / "answers.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert all(c.data_type == "s" for c in cells if c.value in (FORMULA, "+1"))


def test_by_group_counts_per_field_of_action(bundled_round):
    from pipeline.definition.loading import load_questionnaire

    rd = RoundDir(bundled_round)
    with Store(store_path(rd)) as store:
        subs = store.submissions()
    tables = build_tables(load_questionnaire(rd.definition), rd.load(), subs, "de")
    by_group = tables.by_group
    phenomena = by_group[(by_group["Frage-ID"] == "phenomena") & (by_group["Anzahl"] > 0)]
    rows = _rows(phenomena, "Gruppenwert", "Projekte in der Gruppe", "Wert", "Anzahl", "Anteil")
    assert rows == [
        ("monitoring", 2, "right_wing", 2, 1.0),
        ("monitoring", 2, "conspiracy", 1, 0.5),
        ("monitoring", 2, "other", 1, 0.5),
        ("counselling", 1, "right_wing", 1, 1.0),
        ("counselling", 1, "islamism", 1, 1.0),
    ]
    assert set(by_group["Gruppenwert"]) == {"monitoring", "counselling"}
    choices = tables.choices
    fields = choices[choices["Frage-ID"] == "field_of_action"]
    assert dict(zip(fields["Wert"], fields["Anzahl"], strict=True))["monitoring"] == 2


def test_aggregate_round_is_deterministic(bundled_round):
    first = {p: p.read_bytes() for p in aggregate_round(bundled_round)}
    second = {p: p.read_bytes() for p in aggregate_round(bundled_round)}
    assert first == second


def test_overlong_text_is_cut_to_excels_cell_limit(all_types, tmp_path):
    long_story = "Wort " * 7000  # 35,000 characters
    tables = build_tables(all_types, _record(), [_sub("p1", {"story": long_story})], "de")
    write_tables(tables, tmp_path, "de")
    cell = load_workbook(tmp_path / "answers.xlsx")["Antworten"]["D2"]
    assert len(cell.value) == 32767 and cell.value.endswith("…")
    assert long_story.strip() in (tmp_path / "answers.csv").read_text("utf-8-sig")


def test_aggregate_command_on_an_empty_round(tmp_path):
    from conftest import BUNDLED, ROSTER

    from pipeline.cli import main
    from pipeline.forms.generate import generate_round

    generate_round(BUNDLED, ROSTER, tmp_path / "r", formats=("xlsx",))
    assert main(["--quiet", "aggregate", "--round", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "tables" / "answers.xlsx").exists()
    assert (tmp_path / "r" / "tables" / "status.csv").exists()


def test_formula_text_typed_into_a_returned_form_stays_text(tmp_path):
    """From the form to the tables: what a project typed as '=HYPERLINK(...)' or '+1' in Word is
    ingested as text and exported as text, never as a formula."""
    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms.word.filler import fill_docx
    from pipeline.returns.ingest import ingest

    q = load_questionnaire(BUNDLED)
    rd = tmp_path / "r"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx",))
    complete = json.loads((ROOT / "tests" / "data" / "complete_answers.json").read_text("utf-8"))
    hostile = '=HYPERLINK("http://evil.example","Klick")'
    answers = {**complete, "goals": hostile, "programme": "+1 Landesprogramm"}
    form = rd / RoundDir(rd).load().projects["p01"].files["docx"]
    fill_docx(form, answers, rd / "inbox" / "p01.docx", q)
    assert ingest(rd).results[0].outcome == "accepted"
    aggregate_round(rd, "en")
    wb = load_workbook(rd / "tables" / "answers.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    values = {c.value: c for c in cells}
    assert values[hostile].data_type == "s"
    assert values["+1 Landesprogramm"].data_type == "s"
    assert not [c for c in cells if c.data_type == "f"]
    with zipfile.ZipFile(rd / "tables" / "answers.xlsx") as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    text = (rd / "tables" / "answers.csv").read_text("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+1 Landesprogramm" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_csv_files_written_by_a_second_process_are_the_same(bundled_round, monkeypatch):
    """A large round's CSV files are written by a forked child while the workbook is
    rendered (pipeline.publication.csv_process): the same bytes as written here."""
    from pipeline.publication import csv_process

    alone = {p.name: p.read_bytes() for p in aggregate_round(bundled_round)}
    monkeypatch.setattr(csv_process, "PARALLEL_CELLS", 0)  # as for 1,000 submissions
    started = []
    monkeypatch.setattr(csv_process.CsvProcess, "__init__", _counted(started))
    forked = {p.name: p.read_bytes() for p in aggregate_round(bundled_round)}
    assert started == [True]  # the child did write them
    assert forked == alone
    assert len(forked) == 10 and forked["answers.csv"].startswith(b"\xef\xbb\xbf")
    assert not [p.name for p in (bundled_round / "tables").iterdir() if p.suffix == ".tmp"]


def test_a_second_process_that_fails_leaves_the_csv_files_to_this_one(bundled_round, monkeypatch):
    """A child that cannot write (a full disk in its moment) ends quietly; this process then
    writes the CSV files itself: they are complete, and no temporary file is left."""
    import os

    from pipeline.publication import csv_process, tables

    alone = {p.name: p.read_bytes() for p in aggregate_round(bundled_round)}
    parent, write_csv = os.getpid(), tables.write_csv

    def full_disk_in_the_child(frame, handle, sep=";"):
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        write_csv(frame, handle, sep)

    monkeypatch.setattr(csv_process, "PARALLEL_CELLS", 0)
    monkeypatch.setattr(tables, "write_csv", full_disk_in_the_child)
    again = {p.name: p.read_bytes() for p in aggregate_round(bundled_round)}
    assert again == alone
    assert not [p.name for p in (bundled_round / "tables").iterdir() if p.suffix == ".tmp"]


def _counted(started: list[bool]) -> Any:
    from pipeline.publication import csv_process

    init = csv_process.CsvProcess.__init__

    def counted(self: Any, files: Any) -> None:
        init(self, files)
        started.append(True)

    return counted
