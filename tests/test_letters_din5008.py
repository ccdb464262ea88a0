"""The letters praxis writes after DIN 5008 (form B) on A4, and A4 for its workbooks.

A round is generated (its cover letters) and an incomplete return ingested (its follow-up
letter); the letters are read as their document XML: page size and margins, the return line
and the recipient in the address field, the date and the deadline in the information block,
the subject in bold, the deadline a follow-up letter names.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ALL_TYPES_ANSWERS, BUNDLED
from lxml import etree
from returns_rounds import all_types_round, fill_return

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.mail import build_cover_letter
from pipeline.locale.formatting import long_date
from pipeline.problems import Problem, ProblemCode, Severity
from pipeline.publication.tables import aggregate_round
from pipeline.returns.ingest import ingest
from pipeline.returns.reports import follow_up_deadline, follow_up_letter
from pipeline.returns.submission import Checked
from pipeline.review.correction_workbook import export_workbook
from pipeline.review.translation_workbook import export_translations
from pipeline.round.folder import RoundDir, RoundProject
from pipeline.speed.forms import FormBuilder

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TODAY = dt.date(2026, 12, 2)
PROJECT = RoundProject(
    "p01",
    "Hinsehen statt Wegklicken",
    "Medienwerkstatt Nord e. V.",
    "j.petersen@medienwerkstatt-nord.example",
    "Jana Petersen",
    "de",
    "token",
    "hinsehen-statt-wegklicken",
)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    """The all-types round (deadline 31 January 2030): p02's return lacks an answer."""
    rd = all_types_round(tmp_path_factory.mktemp("letters") / "round")
    fill_return(rd, "p01", ALL_TYPES_ANSWERS)
    fill_return(rd, "p02", {**ALL_TYPES_ANSWERS, "colour_other": None, "count": -3})
    ingest(rd, lang="de")
    return rd


def _xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


def _text(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t"))


def _paragraphs(node: etree._Element) -> list[str]:
    return [_text(p) for p in node.iter(f"{W}p")]


def _letters(rd: Path) -> dict[str, bytes]:
    record = RoundDir(rd).load()
    return {
        "cover": (rd / record.projects["p02"].files["letter"]).read_bytes(),
        "follow-up": RoundDir(rd).follow_up("p02").read_bytes(),
    }


def _head(root: etree._Element) -> list[list[list[str]]]:
    """The address field's table: per row, per cell its paragraphs."""
    table = root.find(f"{W}body/{W}tbl")
    return [[_paragraphs(c) for c in r.findall(f"{W}tc")] for r in table.findall(f"{W}tr")]


def test_both_letters_are_a4_with_the_din_margins(ingested):
    for name, data in _letters(ingested).items():
        sect = _xml(data).find(f"{W}body/{W}sectPr")
        size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838"), name
        assert (margins.get(f"{W}left"), margins.get(f"{W}right")) == ("1417", "1134"), name
        assert margins.get(f"{W}top") == "1134", name  # 20 mm: the letterhead above the field


def test_the_address_field_has_the_return_line_and_the_recipient_at_form_b(ingested):
    for name, data in _letters(ingested).items():
        root = _xml(data)
        table = root.find(f"{W}body/{W}tbl")
        heights = [
            (h.get(f"{W}val"), h.get(f"{W}hRule"))
            for h in table.iter(f"{W}trHeight")  # 25 mm to 45 mm from the top, 17.7 + 27.3 mm
        ]
        assert heights == [("1417", "exact"), ("1003", "exact"), ("1548", "exact")], name
        widths = [g.get(f"{W}w") for g in table.iter(f"{W}gridCol")]
        assert widths == ["4535", "1134", "3685"], name  # 80 mm, the gap, 65 mm from 125 mm
        rows = _head(root)
        assert rows[0][0] == ["Test network"]  # the letterhead (the network)
        assert rows[1][0] == ["Test network · test@example.org"]  # the return line
        assert rows[2][0] == ["Zwei gGmbH", "Bert Zwei"]  # the recipient


def test_the_information_block_has_the_date_and_the_deadline(ingested):
    """p02 writes English. The cover letter names the round's deadline; the follow-up letter
    too, as it is more than a week away. Both are dated the day they were written."""
    today = long_date(dt.date.today(), "en")
    for name, data in _letters(ingested).items():
        info = _head(_xml(data))[1][-1]
        reply = ["Reply to", "test@example.org"]
        assert info == ["Date", today, "Please reply by", "31 January 2030", *reply], name


def test_the_subject_is_bold_without_a_regarding_word(ingested):
    subjects = {
        "cover": "All types: your answers by 31 January 2030",
        "follow-up": "Questions about your answers: All types",
    }
    for name, data in _letters(ingested).items():
        body = _xml(data).find(f"{W}body")
        subject = body.find(f"{W}tbl").getnext()
        assert _text(subject) == subjects[name]
        runs = subject.findall(f"{W}r")
        assert runs and all(r.find(f"{W}rPr/{W}b") is not None for r in runs)
        assert not any(p.startswith(("Regarding", "Betreff")) for p in _paragraphs(body))


def test_the_follow_up_letter_lists_what_is_missing_and_names_the_deadline(ingested):
    paragraphs = _paragraphs(_xml(_letters(ingested)["follow-up"]).find(f"{W}body"))
    assert "Question 1.3 “Count”: “-3” is below the lowest possible value 0." in paragraphs
    assert any(
        p.startswith("Please complete these answers in the same form and send it back by 31 Ja")
        for p in paragraphs
    )
    assert paragraphs[-2:] == ["Kind regards", "Test network"]


def test_a_passed_or_near_deadline_becomes_two_weeks_from_the_letters_date():
    assert follow_up_deadline(dt.date(2027, 1, 31), TODAY) == dt.date(2027, 1, 31)
    assert follow_up_deadline(dt.date(2026, 12, 9), TODAY) == dt.date(2026, 12, 9)
    assert follow_up_deadline(dt.date(2026, 12, 8), TODAY) == dt.date(2026, 12, 16)
    assert follow_up_deadline(dt.date(2026, 11, 30), TODAY) == dt.date(2026, 12, 16)
    assert follow_up_deadline(None, TODAY) == dt.date(2026, 12, 16)
    q = load_questionnaire(BUNDLED)
    problem = Problem(ProblemCode.MISSING, "Frage 4.2 Ziele: bitte beantworten.", Severity.ERROR)
    checked = Checked({}, [problem], [])
    data = follow_up_letter(q, PROJECT, checked, dt.date(2026, 11, 30), TODAY)
    root = _xml(data)
    info = _head(root)[1][-1]
    assert info[:4] == ["Datum", "02.12.2026", "Rückmeldung bis", "16.12.2026"]
    assert any("bis 16.12.2026 zurück" in p for p in _paragraphs(root))
    assert "30.11.2026" not in _text(root)


def test_the_letter_of_the_bundled_definition_in_german():
    q = load_questionnaire(BUNDLED)
    root = _xml(build_cover_letter(q, PROJECT, dt.date(2027, 1, 15), today=TODAY))
    rows = _head(root)
    assert rows[0][0] == ["Netzwerk Extremismusprävention im digitalen Raum"]
    assert rows[1][0] == [
        "Netzwerk Extremismusprävention im digitalen Raum · Koordinierungsstelle des "
        "Netzwerks, E-Mail praxis@netzwerk-praevention.example"
    ]
    assert rows[2][0] == ["Medienwerkstatt Nord e. V.", "Jana Petersen"]
    assert rows[1][-1] == [
        "Datum",
        "02.12.2026",
        "Rückmeldung bis",
        "15.01.2027",
        "Antwort an",
        "praxis@netzwerk-praevention.example",
    ]
    body = _paragraphs(root.find(f"{W}body"))
    assert "Fragebogen Promising Practices: Ihre Rückmeldung bis zum 15.01.2027" in body
    assert body[-2:] == [
        "Mit freundlichen Grüßen",
        "Netzwerk Extremismusprävention im digitalen Raum",
    ]


def test_the_fast_and_the_plain_cover_letter_are_the_same_document():
    q = load_questionnaire(BUNDLED)
    fast = FormBuilder(fast=True)
    for project in (PROJECT, replace(PROJECT, id="p02", contact="", name="Zweites Projekt")):
        plain = build_cover_letter(q, project, dt.date(2027, 1, 15), today=TODAY)
        quick = fast.letter(q, project, dt.date(2027, 1, 15), today=TODAY)
        assert etree.tostring(_xml(quick)) == etree.tostring(_xml(plain))
    assert len(fast.templates) == 2  # one per shape (with and without a contact)


def _paper_sizes(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        setups = [etree.fromstring(zf.read(n)).find("{*}pageSetup") for n in sheets]
    return {s.get("paperSize") if s is not None else "none" for s in setups}


def test_the_workbooks_print_on_a4(ingested):
    (tables,) = [p for p in aggregate_round(ingested) if p.suffix == ".xlsx"]
    assert _paper_sizes(tables) == {"9"}
    corrections = export_workbook(ingested)
    assert "9" in _paper_sizes(corrections)
    translations = export_translations(ingested).path
    assert "9" in _paper_sizes(translations)
