"""answers.xlsx as a first impression: real date cells, number formats, a print setup (A4,
header row on every page, landscape and fitted to the width where a sheet is wide); the CSV
files stay as they were."""

from __future__ import annotations

import csv
import datetime as dt
import io
import pickle
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_tables import _project, _record, _tables

from pipeline.publication.tables import build_tables, write_tables
from pipeline.publication.workbook import DateText


def _book(all_types, tmp_path: Path, lang: str = "de"):
    write_tables(_tables(all_types, lang), tmp_path, lang)
    return load_workbook(tmp_path / "answers.xlsx")


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))


def test_received_is_a_date_cell_with_a_german_date_format(all_types, tmp_path):
    ws = _book(all_types, tmp_path)["Rücklauf"]
    cells = [(c.value, c.number_format) for c in ws["F"]]
    assert cells == [
        ("Eingang", "General"),
        ("", "General"),  # p3 has not returned
        (dt.datetime(2025, 3, 1), "dd.mm.yyyy"),
        (dt.datetime(2025, 3, 2), "dd.mm.yyyy"),
        (dt.datetime(2025, 3, 4), "dd.mm.yyyy"),
    ]
    assert ws["F3"].is_date


def test_date_answers_are_date_cells(all_types, tmp_path):
    book = _book(all_types, tmp_path)
    wide = book["Antworten"]
    column = [c.column_letter for c in wide[1] if c.value == "1.5 Beginn"]
    started = [(c.value, c.number_format) for c in wide[column[0]]][1:]
    assert started == [
        (dt.datetime(2023, 10, 12), "dd.mm.yyyy"),
        (None, "General"),
        (None, "General"),
    ]
    table = book["Tabelle 3.3"]
    assert (table["F2"].value, table["F2"].number_format) == (dt.datetime(2020, 2, 1), "dd.mm.yyyy")


def test_english_date_and_percent_formats(all_types, tmp_path):
    book = _book(all_types, tmp_path, "en")
    assert book["Returns"]["F3"].number_format == "d mmm yyyy"
    assert book["Choices"]["H2"].number_format == "0%"


def test_shares_are_percent_and_counts_have_thousands_separators(all_types, tmp_path):
    book = _book(all_types, tmp_path)
    choices = book["Auswahl"]
    assert [c.value for c in choices[1]][5:] == ["Anzahl", "Beantwortet", "Anteil"]
    assert [(c.value, c.number_format) for c in choices[2]][5:] == [
        (2, "#,##0"),
        (3, "#,##0"),
        (0.6667, "0 %"),
    ]
    assert book["Wortzahlen"]["F2"].number_format == "#,##0"
    # an answer is never given a format: a year stays 2019, not 2.019
    assert book["Antworten"]["E2"].number_format == "General"


def test_every_sheet_prints_on_a4_with_its_header_row_on_every_page(all_types, tmp_path):
    book = _book(all_types, tmp_path)
    setups = [
        (
            ws.title,
            ws.page_setup.paperSize,
            ws.print_title_rows,
            ws.page_setup.orientation,
            ws.print_title_cols,
        )
        for ws in book.worksheets
    ]
    assert setups == [
        ("Antworten", 9, "$1:$1", "landscape", "$A:$B"),
        ("Antworten (Liste)", 9, "$1:$1", "landscape", None),
        ("Auswahl", 9, "$1:$1", "portrait", None),
        ("Auswahl nach Gruppe", 9, "$1:$1", "landscape", None),
        ("Zahlen", 9, "$1:$1", "portrait", None),
        ("Wortzahlen", 9, "$1:$1", "portrait", None),
        ("Vollständigkeit", 9, "$1:$1", "landscape", None),
        ("Rücklauf", 9, "$1:$1", "portrait", None),
        ("Tabelle 3.3", 9, "$1:$1", "portrait", None),
    ]
    assert book["Rücklauf"].oddFooter.left.text == "&A"
    assert book["Rücklauf"].oddFooter.right.text == "&P / &N"


def _fitted(ws) -> tuple:
    props = ws.sheet_properties.pageSetUpPr
    # fitToWidth absent is 1 (one page wide, the default); fitToHeight 0: as many as needed
    return props.fitToPage if props else None, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight


def test_a_wide_sheet_is_fitted_to_the_page_width(all_types, tmp_path):
    book = _book(all_types, tmp_path)
    assert _fitted(book["Antworten (Liste)"]) == (True, None, 0)
    assert _fitted(book["Vollständigkeit"]) == (True, None, 0)
    assert _fitted(book["Auswahl"]) == (None, None, None)  # fits in portrait as it is
    # far too wide to fit readably: not fitted, the project id and name repeated instead
    assert _fitted(book["Antworten"]) == (None, None, None)


def test_status_with_long_names_prints_landscape_fitted(all_types, tmp_path):
    record = _record()
    for pid in list(record.projects):
        record.projects[pid] = _project(pid, "Ein Projekt mit einem ziemlich langen Namen " + pid)
    # the status of a round without returns lists every roster project
    tables = build_tables(all_types, record, [], "de")
    write_tables(tables, tmp_path, "de")
    ws = load_workbook(tmp_path / "answers.xlsx")["Rücklauf"]
    assert ws.page_setup.orientation == "landscape"
    assert _fitted(ws) == (True, None, 0)


def test_csv_files_keep_their_text_dates(all_types, tmp_path):
    write_tables(_tables(all_types), tmp_path, "de")
    status = _csv(tmp_path / "status.csv")
    assert [row[5] for row in status] == ["Eingang", "", "01.03.2025", "02.03.2025", "04.03.2025"]
    assert _csv(tmp_path / "answers.csv")[1][6:7] == ["12.10.2023"]
    assert [row[7] for row in _csv(tmp_path / "choices.csv")][:2] == ["Anteil", "0,6667"]


def test_a_date_text_is_text_that_pickles():
    value = DateText("01.03.2025", dt.date(2025, 3, 1))
    assert value == "01.03.2025"
    copy = pickle.loads(pickle.dumps(value))
    assert (copy, copy.date, type(copy)) == ("01.03.2025", dt.date(2025, 3, 1), DateText)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice missing")
def test_status_sheet_prints_on_one_page(all_types, tmp_path):
    record = _record()
    for pid in list(record.projects):
        record.projects[pid] = _project(pid, "Ein Projekt mit einem ziemlich langen Namen " + pid)
    write_tables(build_tables(all_types, record, [], "de"), tmp_path, "de")
    book = load_workbook(tmp_path / "answers.xlsx")
    for name in book.sheetnames:
        if name != "Rücklauf":
            del book[name]
    book.save(tmp_path / "status.xlsx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo'}"
    subprocess.run(
        [
            "soffice",
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "status.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "status.pdf")], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"^Pages: +1$", info, re.MULTILINE), info
