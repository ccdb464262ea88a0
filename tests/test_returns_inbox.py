"""The round's inbox: safe names for files put there, never over another file, and which
files ingest has not read yet."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from pipeline.returns.inbox import (
    MAX_NAME_CHARS,
    accepted_kinds,
    place,
    safe_name,
    size_limit,
    unread_files,
)
from pipeline.returns.ingest import ingest
from pipeline.round.folder import RoundDir
from tests.webtools import fresh_round


@pytest.mark.parametrize(
    ("given", "made"),
    [
        ("p02-streetwork.xlsx", "p02-streetwork.xlsx"),
        ("../../evil.docx", "evil.docx"),
        ("C:\\Users\\kim\\Antwort p04.eml", "Antwort p04.eml"),
        ("CON", "_CON"),
        ("nul.docx", "_nul.docx"),
        ("COM1.tar.gz", "_COM1.tar.gz"),
        ("a\x00b\x1b\u202e.docx", "ab.docx"),
        ('a<b>:c|d?"*.xlsx', "a_b__c_d___.xlsx"),
        (".versteckt.docx", "versteckt.docx"),
        ("~$sperrdatei.docx", "sperrdatei.docx"),
        ("..", "datei"),
        ("", "datei"),
        ("Rückmeldung Träger.docx", "Rückmeldung Träger.docx"),
    ],
)
def test_a_safe_name_is_one_plain_file_name(given: str, made: str) -> None:
    assert safe_name(given) == made


def test_a_long_name_is_cut_and_keeps_its_suffix() -> None:
    made = safe_name("x" * 300 + ".docx")
    assert len(made) == MAX_NAME_CHARS and made.endswith("xxx.docx")


def test_a_file_placed_never_replaces_one_that_is_there(tmp_path: Path) -> None:
    first = place(io.BytesIO(b"eins"), "antwort.docx", tmp_path / "inbox")
    second = place(io.BytesIO(b"zwei"), "antwort.docx", tmp_path / "inbox")
    third = place(io.BytesIO(b"drei"), "antwort.docx", tmp_path / "inbox")
    assert [p.name for p in (first, second, third)] == [
        "antwort.docx",
        "antwort (2).docx",
        "antwort (3).docx",
    ]
    assert [p.read_bytes() for p in (first, second, third)] == [b"eins", b"zwei", b"drei"]
    assert sorted(p.name for p in (tmp_path / "inbox").iterdir()) == [
        "antwort (2).docx",
        "antwort (3).docx",
        "antwort.docx",
    ]  # no temporary file left


def test_what_ingest_takes_and_up_to_which_size() -> None:
    kinds = accepted_kinds()
    assert kinds.forms == (".docx", ".xlsx")
    assert set(kinds.convertible) == {".odt", ".ods", ".doc", ".xls", ".rtf"}
    assert kinds.mails == (".eml", ".msg", ".mbox")
    assert {".mp4", ".mp3", ".jpg", ".pdf"} <= set(kinds.media)
    assert (size_limit("a.docx"), size_limit("Antwort.EML")) == (30 * 1024**2, 60 * 1024**2)


def test_unread_files_are_those_whose_bytes_the_store_does_not_know(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    rd = RoundDir(fresh.root)
    assert unread_files(rd) == []
    rd.inbox.mkdir(exist_ok=True)
    p02, p03, _ = fresh.returns
    shutil.copy(p02, rd.inbox / p02.name)
    blank = rd.root / rd.load().projects["p06"].files["docx"]
    shutil.copy(blank, rd.inbox / "leer.docx")  # a blank form: refused, counts as read
    (rd.inbox / ".versteckt.docx").write_bytes(b"x")  # ingest leaves it out
    assert [p.name for p in unread_files(rd)] == [p02.name]
    ingest(rd.root, None, "de", jobs=1)
    assert unread_files(rd) == []
    shutil.copy(p03, rd.inbox / "neu.docx")
    shutil.copy(p02, rd.inbox / "nochmal.xlsx")  # the same bytes as a file read
    assert [p.name for p in unread_files(rd)] == ["neu.docx"]
