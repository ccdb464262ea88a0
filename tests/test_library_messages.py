"""Messages of libraries (zipfile, lxml, sqlite3, openpyxl, csv) reach users in their language."""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pipeline.cli import main
from pipeline.errors import FormError, RosterError, environment_failure
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.word.reader import read_docx
from pipeline.locale.library import library_detail
from pipeline.round.roster import read_roster


def _raised(action) -> BaseException:
    with pytest.raises(Exception) as caught:
        action()
    return caught.value


def test_zip_messages():
    exc = _raised(lambda: zipfile.ZipFile(io.BytesIO(b"no zip at all")))
    german = "kein gültiges ZIP-Paket (Word- und Excel-Dateien sind ZIP-Pakete)"
    assert library_detail(exc, "de") == german
    english = "not a valid zip package (Word and Excel files are zip packages)"
    assert library_detail(exc, "en") == english
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("x.xml", "<x/>")
    exc = _raised(lambda: zipfile.ZipFile(out).read("word/document.xml"))
    assert isinstance(exc, KeyError)  # as openpyxl and python-docx pass it on
    assert library_detail(exc, "de") == "dem Paket fehlt der Teil word/document.xml"


def test_xml_sqlite_csv_and_decoding_messages(tmp_path):
    exc = _raised(lambda: etree.fromstring(b"<a><b></a>"))
    assert library_detail(exc, "de") == "fehlerhaftes XML in Zeile 1, Spalte 11"
    assert library_detail(exc, "en") == "malformed XML at line 1, column 11"
    garbage = tmp_path / "answers.sqlite"
    garbage.write_bytes(b"no database" * 500)
    exc = _raised(lambda: sqlite3.connect(garbage).execute("select * from sqlite_master"))
    assert library_detail(exc, "de") == "die Datei ist keine SQLite-Datenbank"
    exc = _raised(lambda: list(csv.reader(io.StringIO('a;"b\n'), delimiter=";", strict=True)))
    assert library_detail(exc, "de") == "die Datei endet mitten in einem Feld in Anführungszeichen"
    exc = _raised(lambda: b"\xff\xfe\xfa".decode("utf-8"))
    assert library_detail(exc, "de") == "das Zeichen an Stelle 0 ist kein gültiges utf-8"


def test_a_part_named_before_the_message_stays_named():
    detail = "word/document.xml: Error -3 while decompressing data: invalid code lengths set"
    assert library_detail(detail, "de") == "word/document.xml: die gepackten Daten sind beschädigt"


def test_an_unknown_message_is_not_hidden():
    assert library_detail(ValueError("something new"), "de") == "something new"
    assert library_detail(ValueError(), "de") == "ValueError"


def test_broken_forms_are_said_in_german(tmp_path, all_types):
    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"this is no workbook")
    with pytest.raises(FormError) as caught:
        read_xlsx(broken.read_bytes(), all_types, "de")
    assert "(kein gültiges ZIP-Paket" in str(caught.value)
    assert "File is not a zip file" not in str(caught.value)
    broken = tmp_path / "kaputt.docx"
    broken.write_bytes(b"this is no document")
    with pytest.raises(FormError) as caught:
        read_docx(broken.read_bytes(), all_types, "de")
    assert "kein gültiges ZIP-Paket" in str(caught.value)
    empty = tmp_path / "leer.docx"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("x.xml", "<x/>")
    with pytest.raises(FormError) as caught:
        read_docx(empty.read_bytes(), all_types, "de")
    assert "dem Paket fehlt der Teil word/document.xml" in str(caught.value)


def test_a_broken_roster_workbook_is_said_in_german(tmp_path):
    roster = tmp_path / "projekte.xlsx"
    roster.write_bytes(b"PK\x03\x04 but then nothing")
    with pytest.raises(RosterError) as caught:
        read_roster(roster, "de")
    assert "diese Excel-Datei lässt sich nicht lesen (kein gültiges ZIP-Paket" in str(caught.value)


def test_a_damaged_store_is_said_in_german(tmp_path):
    store = tmp_path / "answers.sqlite"
    store.write_bytes(b"no database" * 500)
    exc = _raised(lambda: sqlite3.connect(store).execute("select * from sqlite_master"))
    failure = environment_failure(exc, store)
    assert failure is not None
    message = failure.message("de")
    assert "(die Datei ist keine SQLite-Datenbank)" in message
    assert "file is not a database" not in message


def test_a_truncated_return_is_rejected_in_german(rd: Path, capsys):
    form = next((rd / "forms").glob("*.docx"))
    cut = rd.parent / form.name
    cut.write_bytes(form.read_bytes()[:2000])
    assert main(["ingest", "--round", str(rd), str(cut)]) == 1
    out = capsys.readouterr().out
    assert "Die Datei ist beschädigt oder unvollständig (kein gültiges ZIP-Paket" in out
    assert "File is not a zip file" not in out
