"""Translations of text answers (issue 13.4): p11 (English in the example roster) answers its
English form; the coordinator exports its texts for a translator, the translator fills the
target column, the import records them, and the German compendium shows the German texts
with a note; untranslated English texts are marked with their language and listed."""

from __future__ import annotations

import shutil

import pytest
from conftest import COMPLETE, fill_return, own_master_data
from docx import Document
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.forms.word.xml import w
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.review.corrections import CorrectionKind, corrections
from pipeline.round.folder import RoundDir

ENGLISH = {
    "programme": "Live Democracy! – innovation projects",
    "phenomena_other": "Hostility towards queer people",
    "gaming_details": "We watch chats on Roblox and Minecraft servers and talk to moderators.",
    "starting_point": "Extremist actors use short videos to reach young people.",
    "goals": "Professionals recognise recruitment strategies early.",
    "theory_of_change": "If professionals know the content, they can strengthen young people.",
    "approach": "Every week we analyse public content, summarise the trends in a monthly report"
    " and train many professionals in short online courses.",
    "deliverables": "Twelve monthly reports and a guide for schools.",
    "participation": "A youth council of eight members meets every month.",
    "evaluation_details": "Process evaluation by the University of Bremen, 2023.",
    "transferability": "It takes knowledge of the platforms and time for analysis.",
    "sustainability": "The guide stays freely available.",
    "lessons_learned": "Short, regular reports are read more than long studies.",
    "pitfalls": "We underestimated the strain of distressing content.",
    "advice": "Work with separate accounts and plan for supervision.",
    "media_description": "Three minutes about our daily monitoring work.",
}
GERMAN = {
    "programme": "Demokratie leben! – Innovationsprojekte",
    "phenomena_other": "Queerfeindlichkeit",
    "gaming_details": "Wir beobachten Chats auf Roblox- und Minecraft-Servern.",
    "starting_point": "Extremistische Akteure erreichen Jugendliche mit Kurzvideos.",
    "goals": "Fachkräfte erkennen Anwerbestrategien früh.",
    "theory_of_change": "Wenn Fachkräfte die Inhalte kennen, stärken sie Jugendliche.",
    "approach": "Wir werten jede Woche öffentliche Inhalte aus, fassen die Trends in einem"
    " Monatsbericht zusammen und schulen Fachkräfte online.",
    "deliverables": "Zwölf Monatsberichte und ein Leitfaden für Schulen.",
    "participation": "Ein Jugendbeirat mit acht Mitgliedern trifft sich monatlich.",
    "evaluation_details": "Prozessevaluation durch die Universität Bremen, 2023.",
    "transferability": "Nötig sind Kenntnisse der Plattformen und Zeit für Auswertung.",
    "sustainability": "Der Leitfaden bleibt frei verfügbar.",
    "lessons_learned": "Kurze, regelmäßige Berichte werden eher gelesen.",
    "pitfalls": "Wir haben die Belastung durch verstörende Inhalte unterschätzt.",
    "advice": "Arbeiten Sie mit getrennten Accounts und planen Sie Supervision ein.",
    "media_description": "Drei Minuten über unseren Monitoring-Alltag.",
}
NUMBERS = "1.3, 2.2, 3.3, 4.1, 4.2, 4.3, 5.1, 5.2, 6.1, 7.3, 8.1, 8.2, 9.1, 9.2, 9.3, 10.2"


@pytest.fixture
def english_return(rd, q, tmp_path):
    """The round with p11's return of its English form, in English, ingested."""
    answers = {**own_master_data("p11", COMPLETE), **ENGLISH, "remarks": "Thanks!"}
    fill_return(rd, q, "p11", answers, tmp_path / "p11.xlsx")
    shutil.copy(tmp_path / "p11.xlsx", rd / "inbox" / "p11.xlsx")
    ingest(rd, lang="de", jobs=1)
    return rd


def _export(rd, capsys, *to: str, count: int = 16) -> list[tuple]:
    """Export (``to``: ``--to de``, else the round's language, German)."""
    assert main(["--lang", "de", "translate", "export", "--round", str(rd), *to]) == 0
    path = RoundDir(rd).translations("de")
    assert capsys.readouterr().out.strip() == f"{count} Texte zum Übersetzen: {path}"
    return list(load_workbook(path)["Übersetzung"].iter_rows(values_only=True))


def _translate(rd, texts: dict[str, str], column: int = 8) -> None:
    """Fill the target column as a translator would (openpyxl, like Excel)."""
    path = RoundDir(rd).translations("de")
    book = load_workbook(path)
    sheet = book["Übersetzung"]
    for row in sheet.iter_rows(min_row=2):
        if row[3].value in texts:
            row[column - 1].value = texts[row[3].value]
    book.save(path)


def _chapter(docx, title: str) -> list[tuple[str, str, str]]:
    """(style, text, w:lang of its runs) of each paragraph of the chapter ``title``."""
    body = Document(str(docx)).element.body
    found, inside = [], False
    for p in body.iter(w("p")):
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        name = style.get(w("val")) if style is not None else ""
        text = "".join(t.text or "" for t in p.iter(w("t")))
        if name in ("Heading1", "Heading2"):
            if inside:
                break
            inside = text == title
            continue
        langs = {x.get(w("val")) for x in p.iter(w("lang"))}
        if inside and text:
            found.append((name, text, ",".join(sorted(langs))))
    return found


def test_the_export_lists_the_english_texts_with_an_empty_target(english_return, capsys):
    rows = _export(english_return, capsys, "--to", "de")
    assert rows[0] == (
        "Projekt-ID",
        "Projekt",
        "Nr.",
        "Feld",
        "Frage",
        "Ausgangssprache",
        "Ausgangstext",
        "Übersetzung (de)",
        "Anmerkung der übersetzenden Person",
    )
    assert rows[1] == (
        "p11",
        "Online Outreach Bremen",
        "1.3",
        "programme",
        "Förderprogramm",
        "en",
        "Live Democracy! – innovation projects",
        None,
        None,
    )
    assert rows[2][2:7] == (
        "2.2",
        "phenomena_other",
        "Mit welchen Phänomenbereichen befassen Sie sich? – Sonstiges (eigene Angabe)",
        "en",
        "Hostility towards queer people",
    )
    assert [r[3] for r in rows[1:]] == list(ENGLISH)
    assert {r[6] for r in rows[1:]} == set(ENGLISH.values())
    sheet = load_workbook(RoundDir(english_return).translations("de"))["Übersetzung"]
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet is True
    assert sheet["G2"].protection.locked is True
    assert sheet["H2"].protection.locked is False


def test_imported_translations_make_the_german_chapter(english_return, capsys, monkeypatch):
    monkeypatch.setenv("PRAXIS_USER", "Übersetzungsbüro Weber")
    rd = english_return
    _export(rd, capsys)
    _translate(rd, GERMAN)
    book = RoundDir(rd).translations("de")
    assert main(["--lang", "de", "translate", "import", "--round", str(rd), str(book)]) == 0
    assert capsys.readouterr().out.strip() == "16 Übersetzungen übernommen (0 unverändert)."
    with Store(RoundDir(rd).store) as store:
        found = corrections(store, "p11", CorrectionKind.TRANSLATION)
    assert [(c.question, c.value, c.original, c.language, c.reason, c.who) for c in found][3] == (
        "starting_point",
        "Extremistische Akteure erreichen Jugendliche mit Kurzvideos.",
        "Extremist actors use short videos to reach young people.",
        "de",
        "Übersetzung",
        "Übersetzungsbüro Weber",
    )
    assert len(found) == 16

    assert main(["--lang", "de", "compile", "--round", str(rd)]) == 0
    err = capsys.readouterr().err
    assert "nicht übersetzt" not in err
    chapter = _chapter(RoundDir(rd).compendium / "compendium-de.docx", "Online Outreach Bremen")
    texts = [text for _, text, _ in chapter]
    assert texts[0] == "Aus dem Englischen übersetzt"
    assert texts.count("Aus dem Englischen übersetzt") == 1
    assert "Extremistische Akteure erreichen Jugendliche mit Kurzvideos." in texts
    assert "Drei Minuten über unseren Monitoring-Alltag." in texts
    whole = "\n".join(texts)
    assert [e for e in ENGLISH.values() if e in whole] == []
    assert {langs for _, _, langs in chapter} == {""}

    # a second export continues the work: the translations are filled in
    rows = _export(rd, capsys)
    assert rows[4][6:8] == (
        "Extremist actors use short videos to reach young people.",
        "Extremistische Akteure erreichen Jugendliche mit Kurzvideos.",
    )
    assert main(["--lang", "de", "translate", "import", "--round", str(rd), str(book)]) == 0
    assert capsys.readouterr().out.strip() == "0 Übersetzungen übernommen (16 unverändert)."


def test_untranslated_english_texts_are_marked_and_listed(english_return, capsys):
    rd = english_return
    assert main(["--lang", "de", "compile", "--round", str(rd)]) == 0
    err = capsys.readouterr().err
    assert f"p11: 16 Antworten auf Englisch, nicht übersetzt: {NUMBERS}" in err
    chapter = _chapter(RoundDir(rd).compendium / "compendium-de.docx", "Online Outreach Bremen")
    assert ("", "Extremist actors use short videos to reach young people.", "en-GB") in chapter
    assert ("", "Three minutes about our daily monitoring work.", "en-GB") in chapter
    assert "Aus dem Englischen übersetzt" not in [text for _, text, _ in chapter]
    marked = {text for _, text, langs in chapter if langs == "en-GB"}
    assert set(ENGLISH.values()) - marked == {"Hostility towards queer people"}
    # the "other" text stands among German choice labels: that cell is not marked as English
    assert [langs for _, text, langs in chapter if "Hostility towards" in text] == [""]


def test_half_translated_texts_note_the_translation_and_list_the_rest(english_return, capsys):
    rd = english_return
    _export(rd, capsys)
    _translate(rd, {"goals": GERMAN["goals"]})
    _translate(rd, {"goals": "Anwerbung statt Ansprache"}, column=9)  # the translator's note
    book = str(RoundDir(rd).translations("de"))
    assert main(["--lang", "de", "translate", "import", "--round", str(rd), book]) == 0
    capsys.readouterr()
    with Store(RoundDir(rd).store) as store:
        (found,) = corrections(store, "p11", CorrectionKind.TRANSLATION)
    assert (found.question, found.reason) == ("goals", "Anwerbung statt Ansprache")
    assert main(["--lang", "de", "compile", "--round", str(rd)]) == 0
    err = capsys.readouterr().err
    rest = NUMBERS.replace("4.2, ", "")
    assert f"p11: 15 Antworten auf Englisch, nicht übersetzt: {rest}" in err
    chapter = _chapter(RoundDir(rd).compendium / "compendium-de.docx", "Online Outreach Bremen")
    assert ("", "Fachkräfte erkennen Anwerbestrategien früh.", "") in chapter
    assert ("", "Aus dem Englischen übersetzt", "") in chapter


def test_an_edited_id_or_another_rounds_workbook_is_refused(english_return, capsys, tmp_path):
    rd = english_return
    _export(rd, capsys)
    path = RoundDir(rd).translations("de")
    _translate(rd, {"goals": GERMAN["goals"]})
    book = load_workbook(path)
    book["Übersetzung"]["A5"] = "p12"
    book.save(tmp_path / "edited.xlsx")
    args = ["--lang", "de", "translate", "import", "--round", str(rd)]
    assert main([*args, str(tmp_path / "edited.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "In edited.xlsx wurde die Zelle A5 (Projekt-ID oder Feld) geändert" in err
    book = load_workbook(path)
    book["praxis"]["B1"] = "promising-practices/1.0/2020-01-01T00:00:00"
    book.save(tmp_path / "other.xlsx")
    assert main([*args, str(tmp_path / "other.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "Die Datei other.xlsx ist die Übersetzungsmappe einer anderen Runde." in err
    book = load_workbook(path)
    book["Übersetzung"]["D3"] = "budget_fantasy"
    book.save(tmp_path / "unknown.xlsx")
    assert main([*args, str(tmp_path / "unknown.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "In unknown.xlsx nennt die Zelle D3 keine übersetzbare Frage" in err
    with Store(RoundDir(rd).store) as store:
        assert corrections(store, kind=CorrectionKind.TRANSLATION) == []


def test_a_changed_text_drops_its_translation_until_translated_again(
    english_return, q, capsys, tmp_path
):
    rd = english_return
    _export(rd, capsys)
    _translate(rd, GERMAN)
    book = RoundDir(rd).translations("de")
    shutil.copy(book, tmp_path / "first.xlsx")
    assert main(["--lang", "de", "translate", "import", "--round", str(rd), str(book)]) == 0
    capsys.readouterr()
    # the project sends its form again with another goal
    answers = {**own_master_data("p11", COMPLETE), **ENGLISH, "remarks": "Thanks!"}
    answers["goals"] = "Professionals and parents recognise recruitment strategies early."
    fill_return(rd, q, "p11", answers, tmp_path / "p11-new.xlsx")
    shutil.copy(tmp_path / "p11-new.xlsx", rd / "inbox" / "p11-new.xlsx")
    ingest(rd, lang="de", jobs=1)

    assert main(["--lang", "de", "compile", "--round", str(rd)]) == 0
    err = capsys.readouterr().err
    assert "p11: 1 Antwort auf Englisch, nicht übersetzt: 4.2" in err
    chapter = _chapter(RoundDir(rd).compendium / "compendium-de.docx", "Online Outreach Bremen")
    assert ("", answers["goals"], "en-GB") in chapter
    assert ("", GERMAN["starting_point"], "") in chapter
    assert ("", "Aus dem Englischen übersetzt", "") in chapter

    rows = _export(rd, capsys)
    assert rows[5][6:8] == (answers["goals"], None)
    assert rows[4][6:8] == (ENGLISH["starting_point"], GERMAN["starting_point"])
    # the first workbook translates the old text: left out, with a note naming the cell
    args = ["--lang", "de", "translate", "import", "--round", str(rd), str(tmp_path / "first.xlsx")]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out.strip() == "0 Übersetzungen übernommen (15 unverändert)."
    assert "In first.xlsx wurde die Übersetzung zu Zelle G6 nicht übernommen" in err
