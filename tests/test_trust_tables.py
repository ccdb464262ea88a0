"""Issue 10, point 6: one bad row never loses a table; each bad cell is named where it is.

The fillers find the table as a person does: the Excel sheet whose title shows the question
number, the columns by their visible headings, the rows below them; in Word the form's row
showing the question number and the little table in its answer cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROSTER
from lxml import etree
from openpyxl import load_workbook

from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.word.filler import set_text
from pipeline.forms.word.xml import node_text, safe_parser, w
from pipeline.publication.tables import aggregate_round
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

ROWS = [
    ("Landesinstitut für Lehrerbildung", "Kooperation", 2022),
    ("Universität Hamburg", "Beratung", "seit 2022"),  # not in the list; a year in words
]
STORED = [
    {"organisation": "Landesinstitut für Lehrerbildung", "role": "cooperation", "since": 2022},
    {"organisation": "Universität Hamburg", "role": "Beratung", "since": "seit 2022"},
]


@pytest.fixture
def round_dir(tmp_path: Path) -> Path:
    target = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, target, mail=False)
    return target


def _form(rd: Path, fmt: str) -> Path:
    return rd / RoundDir(rd).load().projects["p01"].files[fmt]


def fill_excel_table(form: Path, target: Path, rows: list[tuple[Any, ...]]) -> str:
    """Type ``rows`` below the headings of the sheet of question 6.2; the sheet's name."""
    wb = load_workbook(form)
    ws = next(ws for ws in wb.worksheets if str(ws["A1"].value).startswith("6.2 "))
    heads = ("Organisation", "Art der Zusammenarbeit", "Seit (Jahr)")
    head_row, cols = next(
        (row[0].row, {h: c.column for c in row for h in heads if str(c.value).startswith(h)})
        for row in ws.iter_rows()
        if any(str(c.value).startswith("Organisation") for c in row)
    )
    for offset, values in enumerate(rows, start=1):
        for head, value in zip(heads, values, strict=True):
            ws.cell(head_row + offset, cols[head]).value = value
    wb.save(target)
    return ws.title


def _stored(rd: Path) -> tuple[Any, list[dict[str, Any]]]:
    with Store(rd / "praxis.sqlite") as store:
        sub = next(s for s in store.submissions() if s.project == "p01")
    return sub.answers.get("partners"), sub.issues


def test_excel_bad_cells_are_kept_flagged_at_their_address_and_valid_rows_exported(
    round_dir: Path,
) -> None:
    sheet = fill_excel_table(_form(round_dir, "xlsx"), round_dir / "inbox" / "p01.xlsx", ROWS)
    assert sheet == "6.2 Mit welchen Organisationen"
    report = ingest(round_dir, lang="de")
    assert [r.project for r in report.results] == ["p01"]
    partners, issues = _stored(round_dir)
    assert partners == STORED
    flagged = [(i["location"], i["message"]) for i in issues if i["question"] == "partners"]
    assert flagged == [
        (
            "'6.2 Mit welchen Organisationen'!C7",
            "Frage 6.2 „Mit welchen Organisationen arbeiten Sie zusammen?“: Zeile 2, "
            "„Art der Zusammenarbeit“: „Beratung“ ist keine der Auswahlmöglichkeiten.",
        ),
        (
            "'6.2 Mit welchen Organisationen'!D7",
            "Frage 6.2 „Mit welchen Organisationen arbeiten Sie zusammen?“: Zeile 2, "
            "„Seit (Jahr)“: „seit 2022“ ist keine Zahl.",
        ),
    ]
    aggregate_round(round_dir)
    exported = (round_dir / "tables" / "table_partners.csv").read_text("utf-8-sig")
    assert "Landesinstitut für Lehrerbildung" in exported
    assert "Universität Hamburg" not in exported


def test_excel_row_without_its_required_cell_is_named_at_that_cell(round_dir: Path) -> None:
    rows = [("Jugendamt", "Kooperation", 2020), (None, "Förderung", 2021)]
    target = round_dir / "inbox" / "p01.xlsx"
    fill_excel_table(_form(round_dir, "xlsx"), target, rows)
    ingest(round_dir, lang="en")
    partners, issues = _stored(round_dir)
    assert partners == [
        {"organisation": "Jugendamt", "role": "cooperation", "since": 2020},
        {"role": "funding", "since": 2021},
    ]
    flagged = [(i["location"], i["message"]) for i in issues if i["question"] == "partners"]
    assert flagged == [
        (
            "'6.2 Mit welchen Organisationen'!B7",
            "Question 6.2 “Which organisations do you work with?”: row 2, “Organisation”: "
            "please answer this question.",
        )
    ]


def fill_word_table(form: Path, target: Path, rows: list[tuple[Any, ...]]) -> None:
    """Type ``rows`` into the little table in the answer cell of the row numbered 6.2."""
    import zipfile

    with zipfile.ZipFile(form) as archive:
        parts = [(i, archive.read(i)) for i in archive.infolist()]
    out = []
    for info, data in parts:
        if info.filename == "word/document.xml":
            root = etree.fromstring(data, safe_parser())
            row = next(
                tr for tr in root.iter(w("tr")) if node_text(tr.find(w("tc"))).strip() == "6.2"
            )
            table = row.findall(w("tc"))[-1].find(f".//{w('tbl')}")
            body = table.findall(w("tr"))[1:]
            for values, tr in zip(rows, body, strict=False):
                for value, tc in zip(values, tr.findall(w("tc"))[1:], strict=True):
                    set_text(next(tc.iter(w("sdt"))), str(value))
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out.append((info, data))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in out:
            archive.writestr(info, data)


def test_word_bad_cells_are_kept_and_flagged_by_table_and_row(round_dir: Path) -> None:
    fill_word_table(_form(round_dir, "docx"), round_dir / "inbox" / "p01.docx", ROWS)
    ingest(round_dir, lang="de")
    partners, issues = _stored(round_dir)
    assert partners == STORED
    flagged = [(i["location"], i["message"]) for i in issues if i["question"] == "partners"]
    assert [message.split(": ", 1)[1] for _, message in flagged] == [
        "Zeile 2, „Art der Zusammenarbeit“: „Beratung“ ist keine der Auswahlmöglichkeiten.",
        "Zeile 2, „Seit (Jahr)“: „seit 2022“ ist keine Zahl.",
    ]
    assert [location for location, _ in flagged] == [
        "table 15, row 3, column 3",
        "table 15, row 3, column 4",
    ]


def test_reader_gives_every_cell_its_own_address(round_dir: Path) -> None:
    target = round_dir / "p01.xlsx"
    fill_excel_table(_form(round_dir, "xlsx"), target, [ROWS[0], (None, None, None), ROWS[1]])
    from pipeline.definition.loading import load_questionnaire

    answer = read_xlsx(target.read_bytes(), load_questionnaire(BUNDLED)).answers["partners"]
    assert answer.row_numbers == (1, 3)
    assert answer.cells[(2, "since")] == "'6.2 Mit welchen Organisationen'!D8"


def test_excel_table_sheet_with_inserted_rows_and_columns_keeps_every_cell(
    round_dir: Path,
) -> None:
    form = _form(round_dir, "xlsx")
    tampered = round_dir / "tampered-blank.xlsx"
    wb = load_workbook(form)
    ws = next(ws for ws in wb.worksheets if str(ws["A1"].value).startswith("6.2 "))
    ws.protection.sheet = False
    ws.insert_rows(4, 2)  # above the headings
    ws.insert_cols(2)  # before "Organisation"
    wb.save(tampered)
    target = round_dir / "p01.xlsx"
    fill_excel_table(tampered, target, ROWS)
    from pipeline.definition.loading import load_questionnaire

    answer = read_xlsx(target.read_bytes(), load_questionnaire(BUNDLED)).answers["partners"]
    assert answer.value == [
        {"organisation": "Landesinstitut für Lehrerbildung", "role": "cooperation", "since": 2022},
        {"organisation": "Universität Hamburg", "role": "Beratung", "since": "seit 2022"},
    ]
    assert answer.cells[(2, "role")] == "'6.2 Mit welchen Organisationen'!D9"
