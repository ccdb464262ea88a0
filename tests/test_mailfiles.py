"""The test mails of tests/mailfiles.py are real: the libraries praxis reads them with agree.

``.msg``: extract-msg (what ``praxis ingest`` uses) and olefile (its compound-file layer, with
every defect check on) read back what was written, and libmagic (``file``) names the type.
``.eml`` and ``.mbox``: the standard library's ``email`` and ``mailbox``. Also what extract-msg
raises for a damaged ``.msg`` and for compound files that are no message (issue 12, point 4).
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import shutil
import struct
import subprocess
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import extract_msg
import olefile
import pytest
from conftest import COMPLETE, fill_return
from extract_msg.exceptions import InvalidFileFormatError, StandardViolationError
from mailfiles import eml_message, mbox_file, mp4_bytes, noise, outlook_msg
from olefile.olefile import OleFileError

BERLIN_WINTER = timezone(timedelta(hours=1))
DATE = datetime(2026, 3, 4, 9, 15, 30, tzinfo=BERLIN_WINTER)
RED, BLACK = 0, 1  # MS-CFB 2.6.1: a directory entry's colour flag
DATE_UTC = datetime(2026, 3, 4, 8, 15, 30, tzinfo=UTC)
SUBJECT = "Rückmeldung Projekt Süd: Fragebogen"
BODY = "Hallo Koordination,\r\nanbei unser Fragebogen und ein Video.\r\nViele Grüße\r\nAnna"
SMALL = b"PK\x03\x04" + bytes(range(256)) * 12  # 3,076 bytes: lies in the mini stream
VIDEO = mp4_bytes(2_000_000)  # 3,907 regular sectors


@pytest.fixture(scope="module")
def form(generated, q, tmp_path_factory) -> bytes:
    """p01's Word form, filled with an answer for every question type, as a person would."""
    target = tmp_path_factory.mktemp("form") / "Antwort p01.docx"
    return fill_return(generated, q, "p01", COMPLETE, target).read_bytes()


def _mail(**changes: object) -> dict:
    arguments: dict = {
        "subject": SUBJECT,
        "sender": "anna.mueller@example.org",
        "sender_name": "Anna Müller",
        "date": DATE,
        "body": BODY,
        "attachments": [("Antwort p01.docx", SMALL)],
    }
    arguments.update(changes)
    return arguments


def _save(tmp_path: Path, data: bytes, name: str = "mail.msg") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _open(path: Path) -> extract_msg.Message:
    msg = extract_msg.openMsg(str(path))
    assert isinstance(msg, extract_msg.Message)
    return msg


# --- Outlook .msg ---------------------------------------------------------------------------


def test_extract_msg_reads_back_a_mail_with_a_filled_form_and_a_video(tmp_path, form):
    attachments = [("Antwort p01.docx", form), ("p01-video.mp4", VIDEO), ("kurz.txt", b"ok")]
    path = _save(tmp_path, outlook_msg(**_mail(attachments=attachments)))
    with _open(path) as msg:
        assert msg.subject == "Rückmeldung Projekt Süd: Fragebogen"
        assert msg.sender == "Anna Müller <anna.mueller@example.org>"
        assert msg.date == datetime(2026, 3, 4, 8, 15, 30, tzinfo=UTC)
        assert msg.body == BODY
        assert msg.to == "koordination@example.org"
        got = [(a.longFilename, a.mimetype, a.data) for a in msg.attachments]
    assert got == [
        ("Antwort p01.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml"
         ".document", form),
        ("p01-video.mp4", "video/mp4", VIDEO),
        ("kurz.txt", "text/plain", b"ok"),
    ]  # fmt: skip
    assert 4096 < len(form) < 200_000  # the form lies in regular sectors, like the video


def test_olefile_finds_no_defect_and_every_stream_reads_to_its_size(tmp_path):
    data = outlook_msg(**_mail(attachments=[("Antwort p01.docx", SMALL), ("v.mp4", VIDEO)]))
    path = _save(tmp_path, data)
    assert olefile.isOleFile(str(path))
    with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert ole.num_fat_sectors == 31  # the video alone is 3,907 sectors, a FAT sector maps 128
        assert (ole.num_difat_sectors, ole.num_mini_fat_sectors) == (0, 1)
        assert ole.openstream("__attach_version1.0_#00000001/__substg1.0_37010102").read() == (
            VIDEO
        )
        assert ole.openstream("__substg1.0_0037001F").read() == SUBJECT.encode("utf-16-le")
        for stream in ole.listdir():
            assert len(ole.openstream(stream).read()) == ole.get_size("/".join(stream))
        # properties, 17 strings, 3 of the named-property map, 6 of the recipient, 7 each attachment
        assert len(ole.listdir()) == 1 + 17 + 3 + 6 + 2 * 7


def test_the_properties_stream_has_the_sizes_of_ms_oxmsg(tmp_path):
    """Top-level header 32 bytes (recipient and attachment counts), then 16 bytes a property;
    a string's size is its stream's plus 2 (the terminating null)."""
    data = outlook_msg(**_mail(attachments=[("a.pdf", b"%PDF"), ("b.pdf", b"%PDF")]))
    with olefile.OleFileIO(data) as ole:
        props = ole.openstream("__properties_version1.0").read()
        attach = ole.openstream("__attach_version1.0_#00000001/__properties_version1.0").read()
    assert struct.unpack("<8xIIII8x", props[:32]) == (1, 2, 1, 2)
    entries = {e[0]: e[1:] for e in struct.iter_unpack("<IIII", props[32:])}
    assert entries[0x0037001F] == (6, len(SUBJECT.encode("utf-16-le")) + 2, 0)
    assert entries[0x0E070003] == (6, 0x11, 0)  # read, has attachments
    assert len(attach) % 16 == 8
    attach_entries = {e[0]: e[1:] for e in struct.iter_unpack("<IIII", attach[8:])}
    assert attach_entries[0x37050003] == (6, 1, 0)  # attached by value
    assert attach_entries[0x37010102] == (6, 4, 0)  # the data's size


def _black_height(ole: olefile.OleFileIO, sid: int, names: list[str]) -> int:
    """Walk the red-black tree under ``sid`` in order (names into ``names``); checks that a red
    node has black children and both sides the same number of black nodes."""
    if sid == olefile.NOSTREAM:
        return 1
    entry = ole.direntries[sid]
    left = _black_height(ole, entry.sid_left, names)
    names.append(entry.name)
    right = _black_height(ole, entry.sid_right, names)
    assert left == right, f"unbalanced at {entry.name}"
    if entry.color == RED:
        for child in (entry.sid_left, entry.sid_right):
            assert child == olefile.NOSTREAM or ole.direntries[child].color == BLACK
    return left + (entry.color == BLACK)


def test_each_storage_lists_its_entries_as_a_sorted_red_black_tree():
    """MS-CFB 2.6.4: siblings in a red-black tree, shorter names first, then by upper case."""
    data = outlook_msg(**_mail(attachments=[(f"{n}.docx", SMALL) for n in "abcdefg"]))
    with olefile.OleFileIO(data) as ole:
        storages = [
            e for e in ole.direntries if e is not None and e.entry_type != olefile.STGTY_STREAM
        ]
        assert len(storages) == 1 + 1 + 1 + 7  # root, named properties, recipient, attachments
        for storage in storages:
            names: list[str] = []
            _black_height(ole, storage.sid_child, names)
            assert ole.direntries[storage.sid_child].color == BLACK
            assert names == sorted(names, key=lambda n: (len(n), n.upper()))
            assert len(names) == len(set(names)) > 0


@pytest.mark.skipif(shutil.which("file") is None, reason="needs file(1) (libmagic)")
def test_libmagic_names_it_an_outlook_message(tmp_path):
    path = _save(tmp_path, outlook_msg(**_mail()))
    out = subprocess.run(["file", "-b", str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "CDFV2 Microsoft Outlook Message"


def test_more_than_109_fat_sectors_go_through_difat_sectors(tmp_path):
    large = noise(8_000_000)  # 15,625 sectors: a FAT of 124 sectors, 15 of them beyond the header
    path = _save(tmp_path, outlook_msg(**_mail(attachments=[("gross.mov", large)])))
    with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert (ole.num_fat_sectors, ole.num_difat_sectors) == (124, 1)
    with _open(path) as msg:
        assert [(a.longFilename, a.data) for a in msg.attachments] == [("gross.mov", large)]


def test_a_mail_without_internet_headers_gives_the_same_values(tmp_path):
    path = _save(tmp_path, outlook_msg(**_mail(), headers=False))
    with _open(path) as msg:
        assert msg.headerText is None
        assert (msg.subject, msg.date, msg.body) == (SUBJECT, DATE_UTC, BODY)
        assert msg.sender == "Anna Müller <anna.mueller@example.org>"


def test_without_a_sender_name_outlook_shows_the_address(tmp_path):
    with _open(_save(tmp_path, outlook_msg(**_mail(sender_name="")))) as msg:
        assert msg.sender == "anna.mueller@example.org"
    with _open(_save(tmp_path, outlook_msg(**_mail(sender_name=""), headers=False))) as msg:
        assert msg.sender == "anna.mueller@example.org <anna.mueller@example.org>"


def test_a_mail_without_attachments_and_body(tmp_path):
    path = _save(tmp_path, outlook_msg(**_mail(body="", attachments=[], to="a@example.org")))
    with _open(path) as msg:
        assert (msg.subject, msg.body, msg.to, msg.attachments) == (
            SUBJECT,
            "",
            "a@example.org",
            [],
        )


def test_umlauts_in_an_attachment_name(tmp_path):
    name = "Rückmeldung Süd – Projekt Ö.docx"
    with _open(_save(tmp_path, outlook_msg(**_mail(attachments=[(name, SMALL)])))) as msg:
        assert [(a.longFilename, a.data) for a in msg.attachments] == [(name, SMALL)]


def test_the_same_arguments_give_the_same_bytes():
    first = outlook_msg(**_mail(attachments=[("v.mp4", VIDEO)]))
    assert outlook_msg(**_mail(attachments=[("v.mp4", VIDEO)])) == first
    assert outlook_msg(**_mail(subject="Andere")) != outlook_msg(**_mail())


def test_a_date_without_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        outlook_msg(**_mail(date=datetime(2026, 3, 4, 9, 15)))


# --- what extract-msg does with files that are no good message ------------------------------


def test_a_msg_cut_in_half_raises_olefile_error(tmp_path):
    """The mail helper must catch ``olefile.olefile.OleFileError`` (an ``OSError``) from openMsg."""
    for attachments in ([("a.docx", SMALL)], [("v.mp4", VIDEO)]):
        data = outlook_msg(**_mail(attachments=attachments))
        path = _save(tmp_path, data[: len(data) // 2])
        with pytest.raises(OleFileError) as raised:
            extract_msg.openMsg(str(path))
        assert isinstance(raised.value, OSError)


def test_a_file_that_is_no_compound_file_raises_invalid_file_format(tmp_path, form):
    for data in (form, b"", b"From: a@example.org\r\n\r\nHallo\r\n"):
        path = _save(tmp_path, data)
        with pytest.raises(InvalidFileFormatError, match="not an OLE2 structured storage file"):
            extract_msg.openMsg(str(path))


def test_given_bytes_under_1536_extract_msg_takes_them_for_a_file_name(tmp_path):
    """Why praxis hands extract-msg a path, never the bytes (olefile's rule for short data)."""
    with pytest.raises(ValueError, match="embedded null byte"):
        extract_msg.openMsg(outlook_msg(**_mail())[:512])


@pytest.mark.office
def test_a_word_97_document_is_no_message(tmp_path, form, soffice):
    from pipeline.office import convert

    docx = _save(tmp_path, form, "Antwort p01.docx")
    doc = convert(docx, "doc:MS Word 97", tmp_path / "doc")
    assert olefile.isOleFile(str(doc))
    with pytest.raises(StandardViolationError, match="does not contain a property stream"):
        extract_msg.openMsg(str(doc))
    assert issubclass(StandardViolationError, InvalidFileFormatError)


# --- Thunderbird .eml and .mbox -------------------------------------------------------------


def _parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)


def test_eml_reads_back_with_umlauts_and_attachments(form):
    name = "Rückmeldung Süd.docx"
    data = eml_message(**_mail(attachments=[(name, form), ("p01-video.mp4", VIDEO)]))
    message = _parse(data)
    assert message["Subject"] == "Rückmeldung Projekt Süd: Fragebogen"
    assert message["From"].addresses[0].display_name == "Anna Müller"
    assert message["From"].addresses[0].addr_spec == "anna.mueller@example.org"
    assert message["Date"].datetime == DATE
    assert message.get_body(("plain",)).get_content() == BODY + "\r\n"  # CRLF kept
    got = [(p.get_filename(), p["Content-Transfer-Encoding"], p.get_content())
           for p in message.iter_attachments()]  # fmt: skip
    assert got == [(name, "base64", form), ("p01-video.mp4", "base64", VIDEO)]


def test_eml_is_as_a_mail_program_writes_it():
    data = eml_message(**_mail())
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")  # the header is pure ASCII
    assert "Subject: =?utf-8?" in head  # RFC 2047
    assert "From: Anna =?utf-8?q?M=C3=BCller?= <anna.mueller@example.org>" in head
    assert "Date: Wed, 04 Mar 2026 09:15:30 +0100" in head
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF line ends only
    assert eml_message(**_mail()) == data


def test_mbox_with_three_mails(form):
    mails = [
        eml_message(**_mail(attachments=[("p01.docx", form)])),
        eml_message(**_mail(subject="Video für Süd", attachments=[("p01.mp4", VIDEO)])),
        eml_message(**_mail(subject="Ohne Anhang", body="From here on\r\nnothing", attachments=[])),
    ]
    data = mbox_file(mails)
    assert data.startswith(b"From - Wed Mar  4 08:15:30 2026\n")
    assert data.count(b"\nFrom - Wed Mar  4 08:15:30 2026\n") == 2
    assert b"\n>From here on" in data  # a body line starting "From " is quoted
    assert mbox_file(mails) == data


def test_mailbox_reads_the_mbox_back(tmp_path, form):
    mails = [
        eml_message(**_mail(attachments=[("p01.docx", form)])),
        eml_message(**_mail(subject="Video für Süd", attachments=[("p01.mp4", VIDEO)])),
        eml_message(**_mail(subject="Ohne Anhang", body="From here on", attachments=[])),
    ]
    path = _save(tmp_path, mbox_file(mails), "Projekte.mbox")
    box = mailbox.mbox(path, factory=lambda f: _parse(f.read()), create=False)
    messages = list(box)
    box.close()
    assert [m["Subject"] for m in messages] == [SUBJECT, "Video für Süd", "Ohne Anhang"]
    assert [[(p.get_filename(), p.get_content()) for p in m.iter_attachments()]
            for m in messages] == [[("p01.docx", form)], [("p01.mp4", VIDEO)], []]  # fmt: skip
    # mbox quotes a body line that starts "From " and nobody unquotes it (Thunderbird neither)
    assert messages[2].get_body(("plain",)).get_content() == ">From here on\n"
