"""Issue 17, the forms: a choice column of a table question ("Art der Zusammenarbeit" in 6.2)
shows its options in the Word form, as a dropdown per cell and in small type under the column's
heading (for paper and for programs without dropdowns), and reads back as the option's id; a
text that is no option stays as typed and is a problem. The Excel form's table sheet already
offers the options as a list. Picture: docs/screenshots/word-table-choices.png."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import COMPLETE, fill_return, form_of, own_master_data
from lxml import etree
from openpyxl import load_workbook
from roundtrip import stored

from pipeline.forms.content import Identification
from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.office import resave
from pipeline.round.roster import Project
from pipeline.speed.forms import FormBuilder

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PARTNERS = [
    {"organisation": "Landesinstitut für Lehrerbildung Hamburg", "role": "funding", "since": 2022},
    {"organisation": "Universität Hamburg", "role": "research"},
    {"organisation": "Jugendserver Niedersachsen", "since": 2019},
]
READ = [
    {
        "organisation": "Landesinstitut für Lehrerbildung Hamburg",
        "role": "funding",
        "since": "2022",
    },
    {"organisation": "Universität Hamburg", "role": "research"},
    {"organisation": "Jugendserver Niedersachsen", "since": "2019"},
]
"""What the reader gives back for PARTNERS: a choice cell as its id, numbers as typed."""
ITEMS_DE = [
    ("Bitte auswählen", "Bitte auswählen"),
    ("Kooperation", "cooperation"),
    ("Vermittlung / Verweisberatung", "referral"),
    ("Förderung", "funding"),
    ("Wissenschaftliche Begleitung", "research"),
    ("Plattformbetreiber", "platform"),
]
OPTIONS_DE = (
    "Zur Auswahl: Kooperation\u00a0· Vermittlung / Verweisberatung\u00a0· Förderung\u00a0· "
    "Wissenschaftliche Begleitung\u00a0· Plattformbetreiber"
)
"""The options under the heading (a no-break space before each dot: no line starts with it)."""
OPTIONS_EN = (
    "Choose from: Cooperation\u00a0· Referral\u00a0· Funding\u00a0· Research partner\u00a0· "
    "Platform operator"
)


def _root(path_or_data: Path | bytes) -> Any:
    data = path_or_data if isinstance(path_or_data, bytes) else path_or_data.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def _text(node: Any) -> str:
    return "".join(t.text or "" for t in node.iter(f"{{{W}}}t"))


def _partners_table(root: Any) -> Any:
    """The nested table of question 6.2, found by the heading of its choice column."""
    for tbl in root.iter(f"{{{W}}}tbl"):
        rows = tbl.findall("w:tr", NS)
        if rows and any(
            _text(p) in ("Art der Zusammenarbeit", "Kind of cooperation")
            for p in rows[0].iter(f"{{{W}}}p")
        ):
            return tbl
    raise AssertionError("no partners table in the form")


def _heading_lines(tbl: Any) -> list[list[str]]:
    """Per column heading of the table: the text of each of its paragraphs."""
    head = tbl.find("w:tr", NS)
    return [[_text(p) for p in tc.findall("w:p", NS)] for tc in head.findall("w:tc", NS)[1:]]


def _role_cells(tbl: Any) -> list[Any]:
    """The cells of the column "Art der Zusammenarbeit", row 1 to the last."""
    return [tr.findall("w:tc", NS)[2] for tr in tbl.findall("w:tr", NS)[1:]]


def _items(cell: Any) -> list[tuple[str, str]]:
    items = cell.findall(".//w:sdtPr/w:dropDownList/w:listItem", NS)
    return [(i.get(f"{{{W}}}displayText"), i.get(f"{{{W}}}value")) for i in items]


def _return(rd: Path, q, tmp_path: Path, partners: list[dict[str, Any]]) -> Path:
    answers = own_master_data("p01", {**COMPLETE, "partners": partners})
    return fill_return(rd, q, "p01", answers, tmp_path / "p01-filled.docx")


# --- the blank form -------------------------------------------------------------------------


def test_every_cell_of_the_choice_column_is_a_dropdown_of_its_options(rd):
    tbl = _partners_table(_root(form_of(rd, "p01", "docx")))
    cells = _role_cells(tbl)
    assert len(cells) == 10
    assert [_items(c) for c in cells] == [ITEMS_DE] * 10
    assert {_text(c) for c in cells} == {"Bitte auswählen"}
    other_cells = [tr.findall("w:tc", NS)[i] for tr in tbl.findall("w:tr", NS)[1:] for i in (1, 3)]
    assert [_items(c) for c in other_cells] == [[]] * 20  # text columns stay text controls


def test_the_options_stand_under_the_choice_columns_heading(rd):
    lines = _heading_lines(_partners_table(_root(form_of(rd, "p01", "docx"))))
    assert lines == [["Organisation"], ["Art der Zusammenarbeit", OPTIONS_DE], ["Seit (Jahr)"]]


def test_the_english_form_lists_and_offers_the_english_options(q):
    project = Project("p09", "Faktencheck", "Verein e. V.", "a@b.org", language="en")
    ident = Identification(q.id, q.version, "p09", "0123456789abcdef", "en")
    tbl = _partners_table(_root(build_docx(q, project, ident, "en")))
    assert _heading_lines(tbl)[1] == ["Kind of cooperation", OPTIONS_EN]
    assert _items(_role_cells(tbl)[0]) == [
        ("Please choose", "Please choose"),
        ("Cooperation", "cooperation"),
        ("Referral", "referral"),
        ("Funding", "funding"),
        ("Research partner", "research"),
        ("Platform operator", "platform"),
    ]


def test_a_prefilled_choice_cell_shows_its_option_and_the_fast_form_is_the_same(q):
    project = Project("p09", "Faktencheck", "Verein e. V.", "a@b.org")
    ident = Identification(q.id, q.version, "p09", "0123456789abcdef", "de")
    prefill = {"partners": [{"organisation": "Stadtjugendring", "role": "referral"}]}
    plain = build_docx(q, project, ident, "de", None, prefill)
    fast = FormBuilder(fast=True).docx(q, project, ident, "de", None, prefill)
    assert etree.tostring(_root(fast)) == etree.tostring(_root(plain))
    first = _role_cells(_partners_table(_root(plain)))[0]
    assert _text(first) == "Vermittlung / Verweisberatung"
    listed = first.find(".//w:dropDownList", NS)
    assert listed.get(f"{{{W}}}lastValue") == "referral"
    assert read_docx(plain, q).values()["partners"] == [
        {"organisation": "Stadtjugendring", "role": "referral"}
    ]


# --- filled and read back ---------------------------------------------------------------------


def test_a_picked_option_reads_back_as_its_id(rd, q, tmp_path):
    filled = _return(rd, q, tmp_path, PARTNERS)
    cells = _role_cells(_partners_table(_root(filled)))
    assert [_text(c) for c in cells[:3]] == [
        "Förderung",
        "Wissenschaftliche Begleitung",
        "Bitte auswählen",
    ]
    content = read_docx(filled.read_bytes(), q)
    assert content.values()["partners"] == READ
    assert content.answers["partners"].via == "tag"


def test_the_picked_options_are_stored_as_their_ids(rd, q, tmp_path):
    shutil.copy(_return(rd, q, tmp_path, PARTNERS), rd / "inbox" / "p01-returned.docx")
    returned = stored(rd, "de")
    assert returned.answers["partners"] == [
        {
            "organisation": "Landesinstitut für Lehrerbildung Hamburg",
            "role": "funding",
            "since": 2022,
        },
        {"organisation": "Universität Hamburg", "role": "research"},
        {"organisation": "Jugendserver Niedersachsen", "since": 2019},
    ]
    assert ("invalid", "partners") not in returned.problems


def test_a_text_typed_over_the_dropdown_stays_as_typed_and_is_a_problem(rd, q, tmp_path):
    partners = [{"organisation": "Jugendamt Hamburg", "role": "Fallberatung"}]
    filled = _return(rd, q, tmp_path, partners)
    assert read_docx(filled.read_bytes(), q).values()["partners"] == [
        {"organisation": "Jugendamt Hamburg", "role": "Fallberatung"}
    ]
    shutil.copy(filled, rd / "inbox" / "p01-returned.docx")
    returned = stored(rd, "de")
    assert returned.answers["partners"] == partners
    assert ("invalid", "partners") in returned.problems
    assert returned.messages == [
        "Frage 6.2 „Mit welchen Organisationen arbeiten Sie zusammen?“: Zeile 1, "
        "„Art der Zusammenarbeit“: „Fallberatung“ ist keine der Auswahlmöglichkeiten."
    ]


def _without_controls(path: Path, target: Path) -> Path:
    """The form with every content control and bookmark gone, their text left in place (as
    a program that drops controls saves it): the reader must read the table by its rows."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
        for sdt in reversed(list(root.iter(f"{{{W}}}sdt"))):
            content = sdt.find("w:sdtContent", NS)
            parent = sdt.getparent()
            at = parent.index(sdt)
            for offset, child in enumerate(list(content) if content is not None else []):
                parent.insert(at + offset, child)
            parent.remove(sdt)
        for name in ("bookmarkStart", "bookmarkEnd"):
            for mark in list(root.iter(f"{{{W}}}{name}")):
                mark.getparent().remove(mark)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in zf.infolist():
                data = zf.read(info)
                if info.filename == "word/document.xml":
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
                out.writestr(info, data)
    return target


def test_without_controls_the_row_reads_a_label_as_its_id_in_either_language(rd, q, tmp_path):
    partners = [
        {"organisation": "Landesinstitut für Lehrerbildung Hamburg", "role": "funding"},
        {"organisation": "Hamburg Media School", "role": "Platform operator"},
        {"organisation": "Jugendamt Hamburg", "role": "Fallberatung"},
    ]
    bare = _without_controls(_return(rd, q, tmp_path, partners), tmp_path / "bare.docx")
    assert not list(_root(bare).iter(f"{{{W}}}sdt"))
    content = read_docx(bare.read_bytes(), q)
    assert content.answers["partners"].via == "row"
    assert content.values()["partners"] == [
        {"organisation": "Landesinstitut für Lehrerbildung Hamburg", "role": "funding"},
        {"organisation": "Hamburg Media School", "role": "platform"},
        {"organisation": "Jugendamt Hamburg", "role": "Fallberatung"},
    ]


# --- through LibreOffice ----------------------------------------------------------------------


@pytest.mark.office
def test_libreoffice_keeps_the_options_and_the_picked_option_reads_as_its_id(
    rd, q, tmp_path, soffice
):
    saved = resave(_return(rd, q, tmp_path, PARTNERS), tmp_path / "libreoffice")
    tbl = _partners_table(_root(saved))
    assert _heading_lines(tbl)[1] == ["Art der Zusammenarbeit", OPTIONS_DE]
    assert [_text(c) for c in _role_cells(tbl)[:2]] == ["Förderung", "Wissenschaftliche Begleitung"]
    assert read_docx(saved.read_bytes(), q).values()["partners"] == READ


@pytest.mark.office
def test_a_form_saved_blank_in_libreoffice_still_offers_the_options(rd, q, tmp_path, soffice):
    saved = resave(form_of(rd, "p01", "docx"), tmp_path / "libreoffice")
    cells = _role_cells(_partners_table(_root(saved)))
    assert [_items(c) for c in cells] == [ITEMS_DE] * 10
    filled = tmp_path / "filled.docx"
    from pipeline.forms.word.filler import fill_docx

    fill_docx(saved, {"partners": PARTNERS[:2]}, filled, q)
    assert read_docx(filled.read_bytes(), q).values()["partners"] == READ[:2]


# --- the Excel form's table sheet -------------------------------------------------------------


def test_the_excel_table_sheet_offers_the_options_as_a_list(rd):
    wb = load_workbook(form_of(rd, "p01", "xlsx"))
    ws = next(ws for ws in wb.worksheets if ws.title.startswith("6.2"))
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["C6:C15"] == (
        '"Kooperation,Vermittlung / Verweisberatung,Förderung,'
        'Wissenschaftliche Begleitung,Plattformbetreiber"'
    )
    assert ws["C5"].value.split("\n")[0] == "Art der Zusammenarbeit"
