"""Chapter proofs and approval (issue 13.3), as a coordinator's round goes: returns filled as
people fill them, ingested; ``praxis proofs`` writes each project's chapter as the compendium
will show it and a mail draft asking for approval; ``praxis compile --approved-only`` then
publishes only what the projects approved, and never what a project withdrew."""

from __future__ import annotations

import datetime as dt
import email
import shutil
from email import policy
from pathlib import Path

import docx
import pytest
from conftest import COMPLETE, fill_return, own_master_data

from pipeline.cli import main
from pipeline.forms.word.xml import W_P, W_TBL
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.review.states import ReviewState, add_review
from pipeline.round.folder import RoundDir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def returned(generated, tmp_path_factory) -> Path:
    """The round with four returns ingested: p01 (Excel), p03 (Word), p11 (Word, an English
    project), all with consent; p02 (Word) without consent to publication."""
    from pipeline.definition.loading import load_questionnaire

    rd = tmp_path_factory.mktemp("proofs") / "round"
    shutil.copytree(generated, rd)
    q = load_questionnaire(rd / "definition.yaml")
    inbox = rd / "inbox"
    fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), inbox / "p01.xlsx")
    fill_return(rd, q, "p03", own_master_data("p03", COMPLETE), inbox / "p03.docx")
    fill_return(rd, q, "p11", own_master_data("p11", COMPLETE), inbox / "p11.docx")
    refused = own_master_data("p02", {**COMPLETE, "consent_publish": False})
    fill_return(rd, q, "p02", refused, inbox / "p02.docx")
    ingest(rd, lang="de", jobs=1)
    return rd


@pytest.fixture
def rd(returned, tmp_path) -> Path:
    target = tmp_path / "round"
    shutil.copytree(returned, target)
    return target


def _style(element) -> str:
    style = element.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def _blocks(body) -> list[tuple[str, str]]:
    """(style or "table", text) of each paragraph and table of a document body, in order."""
    found = []
    for element in body:
        if element.tag == W_P:
            found.append((_style(element), "".join(element.xpath(".//w:t/text()"))))
        elif element.tag == W_TBL:
            rows = element.xpath("./w:tr")
            cells = [
                "|".join("".join(c.xpath(".//w:t/text()")) for c in r.xpath("./w:tc")) for r in rows
            ]
            found.append(("table", "\n".join(cells)))
    return found


def _chapter_in_compendium(path: Path, title: str) -> list[tuple[str, str]]:
    """The blocks of the chapter headed ``title`` in the compendium, up to the next chapter."""
    blocks = _blocks(docx.Document(str(path)).element.body)
    start = blocks.index(("Heading2", title))
    end = next(
        (n for n in range(start + 1, len(blocks)) if blocks[n][0] in ("Heading1", "Heading2")),
        len(blocks),
    )
    return blocks[start:end]


def _mail(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def _text(message: email.message.EmailMessage) -> str:
    """The mail's text with the line ends as typed (a mail has CRLF)."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_a_proof_is_the_chapter_exactly_as_the_compendium_shows_it(rd, capsys):
    assert main(["--lang", "de", "proofs", "--round", str(rd), "--deadline", "16.12.2026"]) == 0
    out = capsys.readouterr()
    assert "3 Korrekturabzüge geschrieben, Freigabe erbeten bis 16.12.2026." in out.out
    assert "p02: übersprungen – keine Einwilligung zur Veröffentlichung (Frage 11.1)" in out.err
    assert "p04: übersprungen – noch kein gültiger Rücklauf" in out.err
    assert main(["--lang", "de", "compile", "--round", str(rd)]) == 0
    compendium = rd / "compendium" / "compendium-de.docx"
    for pid, title in (("p01", "Hinsehen statt Wegklicken"), ("p11", "Online Outreach Bremen")):
        proof = rd / "proofs" / f"{pid}-korrekturabzug.docx"
        blocks = _blocks(docx.Document(str(proof)).element.body)
        assert blocks == _chapter_in_compendium(compendium, title)
        assert blocks[0] == ("Heading2", title)
        assert len(blocks) > 20  # the fact box, the sections, the partners' table ...
    header = docx.Document(str(rd / "proofs" / "p01-korrekturabzug.docx")).sections[0].header
    today = dt.date.today().strftime("%d.%m.%Y")
    assert [p.text for p in header.paragraphs] == [
        "Netzwerk Extremismusprävention im digitalen Raum",
        f"Korrekturabzug vom {today} – bitte prüfen, noch nicht veröffentlicht",
    ]
    assert not (rd / "proofs" / "p02-korrekturabzug.docx").exists()


def test_the_mail_draft_asks_the_project_for_approval_by_the_date_in_its_language(rd):
    args = ["proofs", "--round", str(rd), "p01", "p11", "--deadline", "2026-12-16"]
    assert main(["--lang", "de", *args]) == 0
    german = _mail(rd / "proofs" / "p01-freigabe.eml")
    assert german["To"] == "j.petersen@medienwerkstatt-nord.example"
    assert german["From"] == (
        "Netzwerk Extremismusprävention im digitalen Raum <praxis@netzwerk-praevention.example>"
    )
    assert german["X-Unsent"] == "1"
    assert german["Subject"] == (
        "Bitte um Freigabe: Ihr Kapitel „Hinsehen statt Wegklicken“ im Kompendium – bis 16.12.2026"
    )
    text = _text(german)
    assert text.startswith("Guten Tag Jana Petersen,\n\nvielen Dank für Ihre Antworten")
    assert "bitte bis zum 16.12.2026 auf diese E-Mail mit dem Wort „Freigabe“" in text
    assert "Ohne Ihre Freigabe veröffentlichen wir Ihr Kapitel nicht." in text
    (attachment,) = german.iter_attachments()
    assert attachment.get_filename() == "p01-korrekturabzug.docx"
    assert attachment.get_content() == (rd / "proofs" / "p01-korrekturabzug.docx").read_bytes()
    english = _mail(rd / "proofs" / "p11-freigabe.eml")
    assert english["To"] == "s.haddad@iyw-bremen.example"
    assert english["Subject"] == (
        "Please approve: your chapter “Online Outreach Bremen” in the compendium"
        " – by 16 December 2026"
    )
    assert "Dear Samira Haddad," in _text(english)
    assert not (rd / "proofs" / "p03-freigabe.eml").exists()  # not asked for


def test_without_a_deadline_two_weeks_are_given_and_each_proof_is_an_event(rd):
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p03"]) == 0
    due = dt.date.today() + dt.timedelta(days=14)
    subject = _mail(rd / "proofs" / "p03-freigabe.eml")["Subject"]
    assert subject.endswith(f"– bis {due.strftime('%d.%m.%Y')}")
    with Store(RoundDir(rd).store) as store:
        sent = [e for e in store.events() if e["kind"] == "proof_sent"]
    assert [(e["project"], e["detail"]) for e in sent] == [
        ("p03", f"p03-korrekturabzug.docx, p03-freigabe.eml; deadline {due.isoformat()}")
    ]
    report = (rd / "reports" / "p03.md").read_text("utf-8")
    today = dt.date.today().strftime("%d.%m.%Y")
    assert (
        "## Korrekturabzug und Freigabe\n\n"
        f"- {today}: Korrekturabzug geschrieben (p03-korrekturabzug.docx, p03-freigabe.eml),"
        f" Freigabe erbeten bis {due.strftime('%d.%m.%Y')}\n"
    ) in report


def test_a_project_without_consent_or_unknown_gets_no_proof_and_is_told_why(rd, capsys):
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p02"]) == 1
    err = capsys.readouterr().err
    assert "p02: übersprungen – keine Einwilligung zur Veröffentlichung (Frage 11.1)" in err
    assert "Kein Korrekturabzug geschrieben" in err
    assert not (rd / "proofs").exists()
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p99"]) == 2
    err = capsys.readouterr().err
    assert "Diese Projekte gibt es in der Runde nicht: p99." in err


def test_proof_choices_tell_every_project_and_why_it_would_get_no_proof(rd):
    from pipeline.review.proofs import proof_choices

    choices = proof_choices(rd, "de")
    assert list(choices)[:3] == ["p01", "p02", "p03"]
    assert len(choices) == 12
    assert choices["p01"] == ""
    assert choices["p03"] == ""
    assert choices["p02"] == (
        "keine Einwilligung zur Veröffentlichung (Frage 11.1), "
        "das Kapitel erscheint nicht im Kompendium"
    )
    assert choices["p04"] == "noch kein gültiger Rücklauf"
    assert not (rd / "proofs").exists()


def test_proof_choices_read_the_consent_as_corrected_like_the_proofs_themselves(rd, capsys):
    """The form reads only the consent answers (a quick path): a correction of the consent
    counts there as it does when the proofs are written."""
    from pipeline.review.proofs import proof_choices

    args = ["--lang", "de", "correct", "--round", str(rd), "p01", "11.1", "nein"]
    assert main([*args, "--reason", "Rückzug am Telefon"]) == 0
    args = ["--lang", "de", "correct", "--round", str(rd), "p02", "11.1", "ja"]
    assert main([*args, "--reason", "Einwilligung nachgereicht"]) == 0
    choices = proof_choices(rd, "de")
    assert choices["p01"] == (
        "keine Einwilligung zur Veröffentlichung (Frage 11.1), "
        "das Kapitel erscheint nicht im Kompendium"
    )
    assert choices["p02"] == ""
    capsys.readouterr()
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p01", "p02"]) == 1  # one skipped
    err = capsys.readouterr().err
    assert "p01: übersprungen – keine Einwilligung zur Veröffentlichung (Frage 11.1)" in err
    assert (rd / "proofs" / "p02-korrekturabzug.docx").is_file()
    assert not (rd / "proofs" / "p01-korrekturabzug.docx").exists()


def test_compile_approved_only_publishes_the_approved_and_never_the_withdrawn(rd, capsys):
    with Store(RoundDir(rd).store) as store, store.transaction() as db:
        add_review(db, "p01", state=ReviewState.APPROVED, comment="Freigabe per Mail")
        add_review(db, "p03", state=ReviewState.CHECKED)
        add_review(db, "p11", state=ReviewState.WITHDRAWN, comment="möchte nicht erscheinen")
    assert main(["--lang", "de", "compile", "--round", str(rd)]) == 0
    out = capsys.readouterr().out
    assert "Nicht im Kompendium (1 Praktik):\n  p11: zurückgezogen\n" in out
    body = docx.Document(str(rd / "compendium" / "compendium-de.docx")).element.body
    headings = [b[1] for b in _blocks(body) if b[0] == "Heading2"]
    assert "Online Outreach Bremen" not in headings
    assert {"Hinsehen statt Wegklicken", "Discord-Dialog"} <= set(headings)
    assert main(["--lang", "de", "compile", "--round", str(rd), "--approved-only"]) == 0
    out = capsys.readouterr().out
    assert (
        "Nicht im Kompendium (2 Praktiken):\n"
        "  p03: nicht freigegeben (Stand: geprüft)\n"
        "  p11: zurückgezogen\n"
    ) in out
    body = docx.Document(str(rd / "compendium" / "compendium-de.docx")).element.body
    chapters = [b[1] for b in _blocks(body) if b[0] == "Heading2"]
    assert "Hinsehen statt Wegklicken" in chapters
    assert "Discord-Dialog" not in chapters and "Online Outreach Bremen" not in chapters
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p11"]) == 1
    assert "p11: übersprungen – zurückgezogen" in capsys.readouterr().err


def test_with_pdf_the_proof_is_attached_as_pdf_too(rd, soffice):
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p01", "--pdf"]) == 0
    pdf = rd / "proofs" / "p01-korrekturabzug.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    names = [a.get_filename() for a in _mail(rd / "proofs" / "p01-freigabe.eml").iter_attachments()]
    assert names == ["p01-korrekturabzug.docx", "p01-korrekturabzug.pdf"]


def test_the_plain_path_writes_the_same_proof(rd, monkeypatch):
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p01"]) == 0
    fast = _blocks(docx.Document(str(rd / "proofs" / "p01-korrekturabzug.docx")).element.body)
    monkeypatch.setenv("PRAXIS_FAST", "0")
    assert main(["--lang", "de", "proofs", "--round", str(rd), "p01"]) == 0
    plain = _blocks(docx.Document(str(rd / "proofs" / "p01-korrekturabzug.docx")).element.body)
    assert plain == fast
    assert plain[0] == ("Heading2", "Hinsehen statt Wegklicken")
