"""The test mails of tests/mailfiles.py are real: the libraries praxis reads them with agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import extract_msg
import olefile
import pytest

from tests.mailfiles import outlook_msg

BERLIN_WINTER = timezone(timedelta(hours=1))
DATE = datetime(2026, 3, 4, 9, 15, 30, tzinfo=BERLIN_WINTER)
BODY = "Hallo Koordination,\r\nanbei unser Fragebogen und ein Video.\r\nViele Grüße\r\nAnna"
DOCX = b"PK\x03\x04" + bytes(range(256)) * 12  # 3,076 bytes: goes into the mini stream


def _msg(tmp_path: Path, **changes: object) -> Path:
    arguments: dict = {
        "subject": "Rückmeldung Projekt Süd: Fragebogen",
        "sender": "anna.mueller@example.org",
        "sender_name": "Anna Müller",
        "date": DATE,
        "body": BODY,
        "attachments": [("Antwort p01.docx", DOCX)],
    }
    arguments.update(changes)
    path = tmp_path / "mail.msg"
    path.write_bytes(outlook_msg(**arguments))
    return path


def _open(path: Path) -> extract_msg.Message:
    msg = extract_msg.openMsg(str(path))
    assert isinstance(msg, extract_msg.Message)
    return msg


def test_extract_msg_reads_subject_sender_date_body_and_attachment(tmp_path):
    with _open(_msg(tmp_path)) as msg:
        assert msg.subject == "Rückmeldung Projekt Süd: Fragebogen"
        assert msg.sender == "Anna Müller <anna.mueller@example.org>"
        assert msg.date == datetime(2026, 3, 4, 8, 15, 30, tzinfo=UTC)
        assert msg.body == BODY
        assert msg.to == "koordination@example.org"
        assert [(a.longFilename, a.data) for a in msg.attachments] == [("Antwort p01.docx", DOCX)]


def test_olefile_finds_no_defect(tmp_path):
    path = _msg(tmp_path)
    assert olefile.isOleFile(str(path))
    with olefile.OleFileIO(str(path), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert ole.exists("__attach_version1.0_#00000000/__substg1.0_37010102")
        assert ole.openstream("__substg1.0_0037001F").read() == (
            "Rückmeldung Projekt Süd: Fragebogen".encode("utf-16-le")
        )


def test_the_same_arguments_give_the_same_bytes(tmp_path):
    first = _msg(tmp_path).read_bytes()
    assert _msg(tmp_path).read_bytes() == first


def test_a_date_without_time_zone_is_refused(tmp_path):
    with pytest.raises(ValueError, match="time zone"):
        _msg(tmp_path, date=datetime(2026, 3, 4, 9, 15))
