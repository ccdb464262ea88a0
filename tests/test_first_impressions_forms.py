"""Issue 17, the forms: one instruction per widget in the Excel hint column, content control
titles with the question's number and short label (old forms whose title is the id still read),
and an Excel form that prints its hints at 9 pt or more."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import BUNDLED
from lxml import etree
from openpyxl import load_workbook

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.office import convert
from pipeline.round.roster import Project

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DEADLINE = dt.date(2027, 1, 29)
PROJECT = Project(
    "p07",
    "Hinsehen statt Wegklicken",
    "Verein Netzwerk e. V.",
    "a@b.de",
    columns={"project": "Hinsehen statt Wegklicken", "organisation": "Verein Netzwerk e. V."},
)


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire(BUNDLED)


def _ident(q: Questionnaire, lang: str) -> Identification:
    return Identification(q.id, q.version, "p07", "0123456789abcdef", lang)


def _hints(q: Questionnaire, lang: str) -> dict[str, str]:
    """{question number: hint cell text} of the Excel form's main sheet."""
    data = build_xlsx(q, PROJECT, _ident(q, lang), lang, DEADLINE)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return {
        str(row[0].value): str(row[2].value)
        for row in ws.iter_rows()
        if row[0].value and row[2].value and re.fullmatch(r"\d+\.\d+", str(row[0].value))
    }


# --- one instruction per widget --------------------------------------------------------------


def test_a_single_choice_from_a_list_says_only_to_choose_from_the_list(q):
    hints = _hints(q, "de")
    assert hints["2.1"] == "Bitte einen Eintrag aus der Liste wählen.\nPflichtfeld."
    assert hints["3.5"] == "Bitte die größte Reichweite aus der Liste wählen."
    assert hints["7.1"] == "Bitte die weitestgehende Form aus der Liste wählen.\nPflichtfeld."
    assert not [n for n, text in hints.items() if "ankreuzen." in text]


def test_the_english_excel_form_has_one_instruction_too(q):
    hints = _hints(q, "en")
    assert hints["2.1"] == "Pick one entry from the list.\nRequired."
    assert hints["3.5"] == "Pick the widest reach from the list."
    assert hints["2.2"] == "Put an x beside every option that applies.\nRequired."
    assert hints["3.6"] == (
        '"Nationwide" if it works in every state.\nPut an x beside every option that applies.'
    )
    lines = [line for text in hints.values() for line in text.split("\n")]
    assert not [line for line in lines if line.startswith(("Tick", "Please tick"))]


def test_a_multiple_choice_keeps_its_hint_and_its_one_instruction(q):
    assert _hints(q, "de")["2.2"] == (
        "Mehrfachnennungen möglich.\n"
        "Bitte ein x neben jede zutreffende Option setzen.\nPflichtfeld."
    )


# --- content control titles ------------------------------------------------------------------


def _docx(q: Questionnaire, lang: str = "de") -> bytes:
    return build_docx(q, PROJECT, _ident(q, lang), lang, DEADLINE, prefill_values(q, PROJECT))


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def _titles(data: bytes) -> dict[str, str]:
    """{tag: alias} of every content control."""
    out = {}
    for props in _document(data).iter(f"{{{W}}}sdtPr"):
        tag, alias = props.find("w:tag", NS), props.find("w:alias", NS)
        if tag is not None and alias is not None:
            out[tag.get(f"{{{W}}}val")] = alias.get(f"{{{W}}}val")
    return out


def test_a_controls_title_is_its_number_and_short_label_and_its_tag_stays_the_id(q):
    titles = _titles(_docx(q))
    assert titles["project_name"] == "1.1 Name des Projekts"
    assert titles["start_date"] == "1.5 Projektbeginn"
    assert titles["summary"] == "1.11 Kurzbeschreibung: Ihre Praxis in…"
    assert (
        titles["field_of_action_other"] == "2.1 In welchem Handlungsfeld arbeitet Ihr…: Sonstiges"
    )
    assert titles["partners[2].role"] == "6.2 Art der Zusammenarbeit, Zeile 2"
    assert all(len(title) <= 64 for title in titles.values())
    assert not [tag for tag, title in titles.items() if title == tag]


def test_the_english_form_titles_its_controls_in_english(q):
    titles = _titles(_docx(q, "en"))
    assert titles["project_name"] == "1.1 Name of the project"
    assert titles["partners[1].organisation"] == "6.2 Organisation, row 1"


def _without_tags_and_bookmarks(data: bytes, old_alias: bool) -> bytes:
    """The form with every tag and bookmark gone (only the titles are left); ``old_alias``:
    each title set back to the tag, as forms written before the titles had it."""
    root = _document(data)
    for props in root.iter(f"{{{W}}}sdtPr"):
        tag, alias = props.find("w:tag", NS), props.find("w:alias", NS)
        if tag is None:
            continue
        if old_alias and alias is not None:
            alias.set(f"{{{W}}}val", tag.get(f"{{{W}}}val"))
        props.remove(tag)
    for name in ("bookmarkStart", "bookmarkEnd"):
        for mark in list(root.iter(f"{{{W}}}{name}")):
            mark.getparent().remove(mark)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/document.xml":
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            target.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize("old_alias", [False, True], ids=["new-title", "old-id-title"])
def test_the_reader_finds_a_control_by_its_title_new_and_old(q, old_alias):
    data = _without_tags_and_bookmarks(_docx(q), old_alias)
    content = read_docx(data, q, "de")
    answer = content.answers["project_name"]
    assert answer.value == "Hinsehen statt Wegklicken"
    assert answer.via == "alias"


# --- printing the Excel form ------------------------------------------------------------------

SS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xlsx(q: Questionnaire, tmp_path: Path) -> Path:
    path = tmp_path / "form-de.xlsx"
    path.write_bytes(build_xlsx(q, PROJECT, _ident(q, "de"), "de", DEADLINE))
    return path


def test_every_printed_sheet_has_a_print_area_and_fits_the_width_only(q, tmp_path):
    with zipfile.ZipFile(_xlsx(q, tmp_path)) as zf:
        book = etree.fromstring(zf.read("xl/workbook.xml"))
        areas = {
            d.get("localSheetId"): d.text
            for d in book.iter(f"{{{SS}}}definedName")
            if d.get("name") == "_xlnm.Print_Area"
        }
        setups = [
            etree.fromstring(zf.read(f"xl/worksheets/sheet{n}.xml")).find(f"{{{SS}}}pageSetup")
            for n in (1, 2)
        ]
    assert areas == {
        "0": "'Fragebogen'!$A$1:$D$131",
        "1": "'6.2 Mit welchen Organisationen'!$A$1:$D$15",
    }
    for setup in setups:
        assert (setup.get("orientation"), setup.get("paperSize")) == ("landscape", "9")
        assert (setup.get("fitToWidth"), setup.get("fitToHeight")) == ("1", "0")


def test_the_printed_excel_form_has_no_text_under_9_pt(q, tmp_path, soffice):
    """Printed through LibreOffice: the smallest word (the 9 pt hints, the form code) is at
    least 9 pt tall; on the portrait page it was scaled to about 6.5 pt."""
    pdf = convert(_xlsx(q, tmp_path), "pdf", tmp_path)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    heights = [
        float(b) - float(a)
        for a, b in re.findall(
            r'<word xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)"', out
        )
    ]
    assert len(heights) > 500
    assert min(heights) >= 9.0


# --- placeholders ---------------------------------------------------------------------------


def test_every_empty_controls_placeholder_is_grey_and_in_a_rich_text_control(q):
    """LibreOffice 7.4 shows a plain-text control's (w:text) placeholder in black, so that an
    empty single-line field looked answered; a rich-text control keeps the grey run (picture:
    docs/word-form-placeholders-libreoffice.png)."""
    root = _document(_docx(q))
    empty = [
        sdt
        for sdt in root.iter(f"{{{W}}}sdt")
        if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is not None
    ]
    colours = {
        c.get(f"{{{W}}}val") for sdt in empty for c in sdt.iterfind("w:sdtContent//w:color", NS)
    }
    assert len(empty) > 40
    assert colours == {"808080"}
    assert root.find(".//w:sdtPr/w:text", NS) is None
    titled = {sdt.find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val") for sdt in empty}
    assert {"programme", "website", "contact_email", "contact_phone"} <= titled
