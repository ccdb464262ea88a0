"""Issue 17, the texts: what a round's mails, cover letters, reminders, reports and follow-up
letters say, read from a real generated round of the bundled questionnaire (German first)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from email.message import Message
from pathlib import Path

import pytest
from conftest import BUNDLED, COMPLETE, ROSTER, fill_return, own_master_data
from docx import Document

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.generate import generate_round
from pipeline.forms.mail import reminder_texts
from pipeline.returns.ingest import ingest
from pipeline.round.folder import RoundDir

DEADLINE = dt.date(2030, 1, 31)


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory) -> Path:
    rd = tmp_path_factory.mktemp("wording") / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx",), deadline=DEADLINE)
    return rd


def _body(path: Path) -> str:
    mail: Message = email.message_from_bytes(path.read_bytes())
    part = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n")


def _mail(rd: Path, stem: str) -> str:
    return _body(rd / "mails" / f"{stem}.eml")


def _letter(rd: Path, name: str) -> list[str]:
    return [p.text for p in Document(str(rd / "mails" / name)).paragraphs if p.text]


def test_the_german_mail_names_the_title_once_without_a_second_fragebogen(round_dir):
    text = _mail(round_dir, "p01-hinsehen-statt-wegklicken")
    assert text.startswith(
        "Guten Tag Jana Petersen,\n\n"
        "wir sammeln gute Praxis aus unserem Netzwerk für ein Kompendium. Im Anhang finden Sie "
        "„Fragebogen Promising Practices“ für Ihr Projekt „Hinsehen statt Wegklicken“ – als "
        "Word-Datei und als Excel-Datei."
    )
    assert "Fragebogen „Fragebogen" not in text


def test_the_german_cover_letter_names_the_title_once(round_dir):
    paragraphs = _letter(round_dir, "p01-hinsehen-statt-wegklicken-anschreiben.docx")
    body = next(p for p in paragraphs if p.startswith("wir sammeln"))
    assert "Im Anhang finden Sie „Fragebogen Promising Practices“ für Ihr Projekt" in body
    assert not any("Fragebogen „Fragebogen" in p for p in paragraphs)


def test_the_english_mail_starts_its_first_sentence_with_a_capital(round_dir):
    text = _mail(round_dir, "p11-online-outreach-bremen")
    assert text.startswith(
        "Dear Samira Haddad,\n\n"
        "We are collecting promising practices from our network for a compendium. Attached you "
        "will find “Promising practices questionnaire” for your project “Online Outreach "
        "Bremen”, as a Word file and as an Excel file."
    )


def test_the_english_cover_letter_starts_its_first_sentence_with_a_capital(round_dir):
    paragraphs = _letter(round_dir, "p11-online-outreach-bremen-cover-letter.docx")
    after = paragraphs[paragraphs.index("Dear Samira Haddad,") + 1]
    assert after.startswith("We are collecting promising practices")


def test_reminders_name_the_title_once_and_english_ones_start_with_a_capital(round_dir):
    q = load_questionnaire(BUNDLED)
    projects = RoundDir(round_dir).load().projects
    german = reminder_texts(q, projects["p01"], DEADLINE, ())["text"]
    assert german.startswith(
        "Guten Tag Jana Petersen,\n\n"
        "für Ihr Projekt „Hinsehen statt Wegklicken“ haben wir von Ihnen noch keine Antworten "
        "zu „Fragebogen Promising Practices“ erhalten."
    )
    incomplete = reminder_texts(q, projects["p01"], DEADLINE, ("4.2 Ziele (fehlt)",))["text"]
    assert "vielen Dank für Ihre Antworten zu „Fragebogen Promising Practices“ für" in incomplete
    english = reminder_texts(q, projects["p11"], DEADLINE, ())["text"]
    assert english.startswith(
        "Dear Samira Haddad,\n\n"
        "We have not yet received your answers to “Promising practices questionnaire” for "
        "your project “Online Outreach Bremen”."
    )
    late = reminder_texts(q, projects["p12"], DEADLINE, ("4.2 Goals (missing)",))["text"]
    assert late.split("\n\n")[1].startswith("Thank you for your answers to “Promising practices")


@pytest.fixture(scope="module")
def incomplete(round_dir, tmp_path_factory) -> RoundDir:
    """p05 returns its form with gaps in sections 4, 5, 7 and 9 (ids not in that order)."""
    rd = tmp_path_factory.mktemp("incomplete") / "round"
    import shutil

    shutil.copytree(round_dir, rd)
    q = load_questionnaire(BUNDLED)
    answers = {
        **own_master_data("p05", COMPLETE),
        "lessons_learned": None,
        "evaluation_details": None,
        "approach": "Beratung",
        "goals": None,
    }
    fill_return(rd, q, "p05", answers, rd / "inbox" / "p05-zurueck.docx")
    ingest(rd, lang="de")
    return RoundDir(rd)


ORDERED_DE = [
    "Frage 4.2 „Was wollen Sie mit dem Projekt erreichen?“: bitte beantworten.",
    "Frage 5.1 „Wie gehen Sie vor, und mit welchen Methoden arbeiten Sie?“: 1 Wort; bitte "
    "schreiben Sie mindestens 20 Wörter.",
    "Frage 7.3 „Wie wurde evaluiert, und mit welchem Ergebnis?“: bitte beantworten.",
    "Frage 9.1 „Was hat besonders gut funktioniert?“: bitte beantworten.",
]


def test_the_report_lists_the_problems_in_question_order_with_the_label_quoted(incomplete):
    text = incomplete.report("p05").read_text("utf-8")
    listed = text.split("## Zu klären\n\n")[1].split("\n\n")[0].split("\n")
    assert [line.split(" (in ")[0] for line in listed] == [f"- {x}" for x in ORDERED_DE]
    assert "?:" not in text


def test_the_follow_up_letter_lists_the_problems_in_question_order(incomplete):
    paragraphs = [p.text for p in Document(str(incomplete.follow_up("p05"))).paragraphs]
    listed = [p for p in paragraphs if p.startswith("Frage ")]
    assert listed == ORDERED_DE


def test_the_bundled_questionnaire_names_its_funders_gender_inclusively():
    text = BUNDLED.read_text("utf-8")
    assert "Fördermittelgeber" not in text
    q = load_questionnaire(BUNDLED)
    assert "der Fachöffentlichkeit und unseren Fördergeber*innen zeigt" in q.intro.get("de")


def test_a_round_without_a_deadline_asks_for_the_form_as_soon_as_possible(tmp_path):
    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx",))
    raw = (rd / "mails" / "p01-hinsehen-statt-wegklicken.eml").read_bytes()
    mail = email.message_from_bytes(raw, policy=email.policy.default)
    assert mail["Subject"] == (
        "Fragebogen Promising Practices: Ihre Rückmeldung so bald wie möglich"
    )
    text = _mail(rd, "p01-hinsehen-statt-wegklicken")
    assert "und senden Sie sie so bald wie möglich zurück an: Koordinierungsstelle" in text
    english = _mail(rd, "p11-online-outreach-bremen")
    assert "and send it back as soon as you can to: Network coordination office" in english


def test_a_round_with_a_deadline_names_it_with_bis_zum(round_dir):
    text = _mail(round_dir, "p01-hinsehen-statt-wegklicken")
    assert "und senden Sie sie bis zum 31.01.2030 zurück an: Koordinierungsstelle" in text
    q = load_questionnaire(BUNDLED)
    project = RoundDir(round_dir).load().projects["p01"]
    reminder = reminder_texts(q, project, DEADLINE, ())
    assert (
        reminder["subject"]
        == "Erinnerung: Fragebogen Promising Practices – bitte bis zum 31.01.2030"
    )
    assert "und senden Sie ihn bis zum 31.01.2030 zurück an:" in reminder["text"]
