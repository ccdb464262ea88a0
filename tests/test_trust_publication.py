"""Issue 10, point 13: contact data typed into free texts of a practice whose contact may not
be published is listed by compile, and replaced with ``--redact``.

A real round of the bundled questionnaire (see tests/test_compendium.py): p01 and p08 did not
agree to their contact being named, p02 did. Their free texts name the contact, e-mail
addresses and phone numbers, next to years, counts and dates that are not phone numbers.
"""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from test_compendium import RETURNS, make_round

from pipeline.cli import main
from pipeline.publication.compendium import compile_round
from pipeline.publication.privacy import find_contact_data

P01_APPROACH = (
    "Fragen beantwortet Jana Petersen (j.petersen@medienwerkstatt-nord.example, "
    "Tel. 040 1234567). Seit 2022 haben wir 1.200 Jugendliche in 30 Workshops erreicht."
)
P08_LESSONS = (
    "Am 12.10.2023 starteten wir in 01067 Dresden; 2019–2023 liefen 0,5 Stellen. Erreichbar "
    "sind wir unter (0351) 12 34 56 oder +49 30 123456-7, Anfragen an Frau Fischer "
    "(Durchwahl 030.88.77.665)."
)
P08_PARTNER = "Büro info@partner-buero.example"
P02_APPROACH = "Schreiben Sie uns: kontakt@jugendhilfe-sachsen.example oder 0351 765432."


@pytest.fixture
def round_dir(tmp_path):
    returns = dict(RETURNS)
    given, outcome = returns["p01"]
    returns["p01"] = ({**given, "approach": P01_APPROACH}, outcome)
    given, outcome = returns["p08"]
    partners = [{"organisation": P08_PARTNER, "role": "cooperation", "since": 2021}]
    returns["p08"] = ({**given, "lessons_learned": P08_LESSONS, "partners": partners}, outcome)
    given, outcome = returns["p02"]
    returns["p02"] = ({**given, "approach": P02_APPROACH}, outcome)
    return make_round(tmp_path / "r", returns)


def _xml(path) -> str:
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())


EXPECTED = [
    ("p01", "5.1", "name", "Jana Petersen"),
    ("p01", "5.1", "email", "j.petersen@medienwerkstatt-nord.example"),
    ("p01", "5.1", "phone", "040 1234567"),
    ("p08", "6.2", "email", "info@partner-buero.example"),
    ("p08", "9.1", "phone", "(0351) 12 34 56"),
    ("p08", "9.1", "phone", "+49 30 123456-7"),
    ("p08", "9.1", "name", "Frau Fischer"),  # the roster's contact, with a salutation
    ("p08", "9.1", "phone", "030.88.77.665"),  # the roster's phone, however it is written
]


def test_compile_lists_contact_data_and_prints_it_as_typed(round_dir, capsys):
    result = compile_round(round_dir, lang="de")
    found = sorted((f.project, f.number, f.kind, f.text) for f in result.findings)
    assert found == sorted(EXPECTED)
    check = (round_dir / "compendium" / "privacy-check-de.md").read_text("utf-8")
    assert result.privacy_check == round_dir / "compendium" / "privacy-check-de.md"
    assert (
        "p08 (Monitoring Verschwörungsdenken), Frage 9.1 „Was hat besonders gut "
        "funktioniert?“: Telefonnummer „(0351) 12 34 56“ – wie eingegeben gedruckt"
    ) in check
    assert "p02" not in check  # p02 agreed to its contact being named
    xml = _xml(result.docx)
    assert "Jana Petersen (j.petersen@medienwerkstatt-nord.example" in xml  # default: as typed
    assert "kontakt@jugendhilfe-sachsen.example" in xml
    assert "[entfernt]" not in xml

    capsys.readouterr()
    assert main(["--lang", "de", "compile", "--round", str(round_dir)]) == 1
    err = capsys.readouterr().err
    assert "Datenschutz-Prüfung: 8 Stellen" in err
    assert "p01 (Hinsehen statt Wegklicken), Frage 5.1" in err and "040 1234567" in err


def test_redact_replaces_every_passage_and_keeps_the_rest(round_dir, capsys):
    assert main(["--lang", "de", "compile", "--round", str(round_dir), "--redact"]) == 0
    err = capsys.readouterr().err
    assert "ersetzt durch [entfernt]" in err
    docx = round_dir / "compendium" / "compendium-de.docx"
    xml = _xml(docx)
    for _, _, _, text in EXPECTED:
        assert text.replace("&", "&amp;") not in xml, text
    texts = [p.text for p in Document(docx).paragraphs]
    assert (
        "Fragen beantwortet [entfernt] ([entfernt], Tel. [entfernt]). Seit 2022 haben wir 1.200 "
        "Jugendliche in 30 Workshops erreicht."
    ) in texts
    assert (
        "Am 12.10.2023 starteten wir in 01067 Dresden; 2019–2023 liefen 0,5 Stellen. Erreichbar "
        "sind wir unter [entfernt] oder [entfernt], Anfragen an [entfernt] (Durchwahl [entfernt])."
    ) in texts
    cells = [c.text for t in Document(docx).tables for r in t.rows for c in r.cells]
    assert "Büro [entfernt]" in cells
    assert "kontakt@jugendhilfe-sachsen.example" in xml  # p02 agreed: stays
    check = (round_dir / "compendium" / "privacy-check-de.md").read_text("utf-8")
    assert "ersetzt durch [entfernt]" in check


def test_english_compendium_redacts_with_an_english_word(round_dir):
    result = compile_round(round_dir, lang="en", redact=True)
    texts = [p.text for p in Document(result.docx).paragraphs]
    assert any(
        t.startswith("Fragen beantwortet [removed] ([removed], Tel. [removed])") for t in texts
    )
    assert "question 9.1" in result.privacy_check.read_text("utf-8")


PHONES = [
    "030 1234567",
    "+49 30 123456-7",
    "(0351) 12 34 56",
    "0351/123456",
    "0171 1234567",
    "+49 (0)30 1234567",
    "030-1234567",
    "0049 30 1234567",
    "0160 / 123 45 67",
]
NOT_PHONES = [
    "seit 2022",
    "1.200 Jugendliche",
    "30 Online-Schulungen",
    "am 12.10.2023",
    "2019–2023",
    "2019-2023",
    "01067 Dresden",
    "0,5 Stellen",
    "100 000 Aufrufe",
    "01/2022 bis 12/2023",
    "2023-01-15",
    "ISBN 978-3-16-148410-0",
    "Version 2.0.1",
    "1234567 Klicks",
    "Az. 01-2023-456",
    "05.2023 – 07.2024",
]


@pytest.mark.parametrize("phone", PHONES)
def test_german_phone_numbers_are_found(phone):
    assert find_contact_data(f"Rufen Sie {phone} an.") == [("phone", phone)]


@pytest.mark.parametrize("text", NOT_PHONES)
def test_years_counts_and_dates_are_not_phone_numbers(text):
    assert find_contact_data(f"Wir haben {text} gezählt.") == []


def test_a_roster_phone_written_another_way_is_found_but_not_other_digits():
    terms = ["+49 30 8877665"]
    text = "Durchwahl 030.88.77.665, Stand 12.10.2023, 8877665 Klicks."
    assert find_contact_data(text, terms) == [("phone", "030.88.77.665")]
    assert find_contact_data(text) == []


def test_names_only_as_the_contact_or_with_a_salutation():
    terms = ["Dr. Elena Fischer", "e.fischer@irf-berlin.example"]
    text = "Der Fischer fing Fische; Dr. Elena Fischer und Herr Fischer halfen."
    assert find_contact_data(text, terms) == [
        ("name", "Dr. Elena Fischer"),
        ("name", "Herr Fischer"),
    ]


def test_every_salutation_and_the_surname_first_are_found_but_a_salutation_only_as_written():
    # the salutation pattern minds case (a "frau petersen" is left; the surname as written)
    text = (
        "Herrn Petersen, Mrs. Petersen und Ms Petersen, Prof. Petersen; petersen, jana; "
        "frau petersen; Frau petersen; Jana Maria Petersen."
    )
    assert find_contact_data(text, ["Jana Petersen"]) == [
        ("name", "Herrn Petersen"),
        ("name", "Mrs. Petersen"),
        ("name", "Ms Petersen"),
        ("name", "Prof. Petersen"),
        ("name", "petersen, jana"),
        ("name", "Jana Maria Petersen"),
    ]


@pytest.mark.parametrize("approved_only", [False, True])
def test_charts_and_codes_drawn_ahead_by_a_worker_give_the_compendium_drawn_here(
    round_dir, monkeypatch, approved_only
):
    # compile has the worker draw the charts from a first selection, before the privacy
    # check redacts the texts: the document is the one drawn in this process alone
    import pipeline.publication.compendium.qr as qr

    written = {}
    for workers in (2, 1):
        monkeypatch.setattr(qr, "worker_count", lambda jobs, items, n=workers: n)
        result = compile_round(round_dir, lang="de", redact=True, approved_only=approved_only)
        written[workers] = result.docx.read_bytes()
    assert written[2] == written[1]
    xml = _xml(result.docx)
    assert ("[entfernt]" in xml) is not approved_only  # nothing approved: no practice at all
