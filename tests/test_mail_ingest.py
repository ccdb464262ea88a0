"""Saved e-mails as ingest input (issue 12, point 4): .eml, Outlook .msg, .mbox, real files.

The mails are made by ``tests/mailfiles.py`` (a real Outlook compound file, Thunderbird's
.eml and .mbox) with forms praxis generated and a person's way of filling them
(``fill_return``), then read by ``praxis ingest`` as the coordinator would.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import shutil
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import COMPLETE, fill_return, own_master_data
from mailfiles import Node, compound_file, eml_message, mbox_file, mp4_bytes, outlook_msg

from pipeline.cli import main
from pipeline.returns.ingest import ingest
from pipeline.returns.mail import read_mail
from pipeline.returns.safety import RejectedFile
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

P01 = "j.petersen@medienwerkstatt-nord.example"
P02 = "t.krueger@jugendhilfe-sachsen.example"
P03 = "a.demir@vdv-koeln.example"
FEB_3 = dt.datetime(2026, 2, 3, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
FEB_5 = dt.datetime(2026, 2, 5, 16, 40, tzinfo=dt.UTC)
VIDEO = mp4_bytes(300_000)


@pytest.fixture(scope="module")
def forms(generated, q, tmp_path_factory) -> dict[str, bytes]:
    """Filled returns (every answer of COMPLETE, the project's own master data): p01 and p02
    in Word and Excel, and a p01 Word form with another answer to 4.1 (goals)."""
    folder = tmp_path_factory.mktemp("filled")
    made: dict[str, bytes] = {}
    for pid in ("p01", "p02"):
        for fmt in ("docx", "xlsx"):
            target = folder / f"{pid}.{fmt}"
            made[target.name] = fill_return(generated, q, pid, _answers(pid), target).read_bytes()
    later = fill_return(generated, q, "p01", _later("p01"), folder / "p01-later.docx")
    made["p01-later.docx"] = later.read_bytes()
    return made


def _answers(pid: str) -> dict[str, Any]:
    return own_master_data(pid, COMPLETE)


def _later(pid: str) -> dict[str, Any]:
    return {**_answers(pid), "goals": "Die Ziele, überarbeitet nach dem Gespräch im Februar."}


def _stored(rd: Path) -> dict[str, dict[str, Any]]:
    with Store(RoundDir(rd).store) as store:
        return {s.project: s.answers for s in store.submissions()}


def _files(rd: Path) -> list[tuple[str, str, str | None, str | None]]:
    """Every file in the store: name, outcome, project, and the name of the mail it came in."""
    with Store(RoundDir(rd).store) as store:
        files = store.files()
    names = {f.sha256: f.name for f in files}
    rows = [(f.name, str(f.outcome), f.project, names.get(f.mail_sha256 or "")) for f in files]
    return sorted(rows)


def _mails(rd: Path) -> list[tuple[Any, ...]]:
    with Store(RoundDir(rd).store) as store:
        rows = store.db.execute(
            "SELECT f.name, m.sender, m.sent, m.subject, m.attachments FROM mails m"
            " JOIN files f ON f.sha256 = m.sha256 ORDER BY f.name"
        ).fetchall()
    return [tuple(r) for r in rows]


def _results(report) -> list[tuple[str, str, str | None]]:
    return [(r.path.name, str(r.outcome), r.project) for r in report.results]


def _drop(rd: Path, name: str, data: bytes) -> Path:
    path = rd / "inbox" / name
    path.write_bytes(data)
    return path


def _mail(kind: str, **fields: Any) -> bytes:
    return outlook_msg(**fields) if kind == "msg" else eml_message(**fields)


@pytest.mark.parametrize("kind", ["eml", "msg"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_form_and_a_video_in_a_mail_are_taken_with_every_answer(rd, forms, kind, fmt):
    mail = _mail(
        kind,
        subject="Rückmeldung Fragebogen – Hinsehen statt Wegklicken",
        sender=P01,
        sender_name="Jana Petersen",
        date=FEB_3,
        body="Anbei unser Fragebogen und ein kurzes Video.",
        attachments=[(f"p01.{fmt}", forms[f"p01.{fmt}"]), ("Interview.mp4", VIDEO)],
    )
    _drop(rd, f"Rückmeldung p01.{kind}", mail)
    report = ingest(rd, lang="de")
    form = f"E-Mail „Rückmeldung p01.{kind}“, Anhang p01.{fmt}"
    assert _results(report) == [
        (f"Rückmeldung p01.{kind}", "mail", "p01"),
        (form, "accepted", "p01"),
        ("Interview.mp4", "media", "p01"),
    ]
    assert report.exit_code == 0 and report.mails == (1, 0)
    assert _stored(rd) == {"p01": _answers("p01")}  # every answer of COMPLETE, exactly
    assert _mails(rd) == [
        (
            f"Rückmeldung p01.{kind}",
            P01,
            "2026-02-03T09:15:00.000000Z",
            "Rückmeldung Fragebogen – Hinsehen statt Wegklicken",
            2,
        )
    ]
    mail_name = f"Rückmeldung p01.{kind}"
    assert _files(rd) == sorted(
        [
            (form, "accepted", "p01", mail_name),
            ("Interview.mp4", "media", "p01", mail_name),
            (mail_name, "mail", None, None),
        ]
    )
    archive = RoundDir(rd).archive
    assert sorted(p.read_bytes() == mail for p in archive.iterdir()).count(True) == 1
    assert any(p.read_bytes() == forms[f"p01.{fmt}"] for p in archive.iterdir())
    assert any(p.read_bytes() == VIDEO for p in archive.iterdir())
    with Store(RoundDir(rd).store) as store:
        media = store.db.execute("SELECT project, kind, via FROM media").fetchall()
    assert [tuple(m) for m in media] == [("p01", "video", "mail")]
    report_md = (rd / "reports" / "p01.md").read_text("utf-8")
    assert f"- Datei: E-Mail „Rückmeldung p01.{kind}“, Anhang p01.{fmt}" in report_md
    assert "Interview.mp4" in report_md


def test_an_mbox_with_three_mails_two_projects_and_one_without_attachment(rd, forms, capsys):
    mails = [
        eml_message(
            subject="Fragebogen p01",
            sender=P01,
            date=FEB_3,
            attachments=[("p01.docx", forms["p01.docx"])],
        ),
        eml_message(subject="Frage zur Frist", sender=P03, date=FEB_3, body="Bis wann genau?"),
        eml_message(
            subject="Fragebogen p02",
            sender=P02,
            date=FEB_5,
            attachments=[("p02.xlsx", forms["p02.xlsx"])],
        ),
    ]
    _drop(rd, "Posteingang.mbox", mbox_file(mails))
    assert main(["--lang", "de", "ingest", "--round", str(rd)]) == 1  # one mail to answer
    out = capsys.readouterr().out
    without = (
        "Die E-Mail von a.demir@vdv-koeln.example (03.02.2026, Betreff: „Frage zur Frist“) hatte"
        " kein Formular im Anhang, das einem Projekt zugeordnet werden konnte (Anhänge: keine)."
        " Bitten Sie die Absenderin oder den Absender um den ausgefüllten Fragebogen als Anhang"
        " (.docx oder .xlsx);"
        " die E-Mail selbst ist archiviert."
    )
    assert f"Posteingang.mbox Nr. 2: {without}" in " ".join(out.split())
    assert "3 E-Mails gelesen, davon 1 ohne Formular im Anhang" in " ".join(out.split())
    assert _stored(rd) == {"p01": _answers("p01"), "p02": _answers("p02")}
    assert _files(rd) == [
        (
            "E-Mail „Posteingang.mbox Nr. 1“, Anhang p01.docx",
            "accepted",
            "p01",
            "Posteingang.mbox Nr. 1",
        ),
        (
            "E-Mail „Posteingang.mbox Nr. 3“, Anhang p02.xlsx",
            "accepted",
            "p02",
            "Posteingang.mbox Nr. 3",
        ),
        ("Posteingang.mbox", "mail", None, None),
        ("Posteingang.mbox Nr. 1", "mail", None, "Posteingang.mbox"),
        ("Posteingang.mbox Nr. 2", "mail", None, "Posteingang.mbox"),
        ("Posteingang.mbox Nr. 3", "mail", None, "Posteingang.mbox"),
    ]
    assert [m[:4] for m in _mails(rd)] == [
        ("Posteingang.mbox Nr. 1", P01, "2026-02-03T09:15:00.000000Z", "Fragebogen p01"),
        ("Posteingang.mbox Nr. 2", P03, "2026-02-03T09:15:00.000000Z", "Frage zur Frist"),
        ("Posteingang.mbox Nr. 3", P02, "2026-02-05T16:40:00.000000Z", "Fragebogen p02"),
    ]
    listed = (rd / "reports" / "rejected.md").read_text("utf-8")
    assert "## E-Mails ohne Formular im Anhang" in listed
    assert "**Posteingang.mbox Nr. 2** (" in listed and without in listed


def test_a_form_from_a_colleagues_address_is_taken_with_a_warning(rd, forms):
    colleague = eml_message(
        subject="AW: Fragebogen",
        sender="m.schulz@medienwerkstatt-nord.example",
        date=FEB_3,
        attachments=[("p01.docx", forms["p01.docx"])],
    )
    own = outlook_msg(
        subject="Fragebogen",
        sender=P02.upper(),
        date=FEB_3,
        attachments=[("p02.docx", forms["p02.docx"])],
    )
    _drop(rd, "Kollege.eml", colleague)
    _drop(rd, "Krüger.msg", own)
    report = ingest(rd, lang="de")
    assert _results(report) == [
        ("Kollege.eml", "mail", "p01"),
        ("E-Mail „Kollege.eml“, Anhang p01.docx", "accepted_with_warnings", "p01"),
        ("Krüger.msg", "mail", "p02"),
        ("E-Mail „Krüger.msg“, Anhang p02.docx", "accepted", "p02"),  # case does not count
    ]
    warning = (
        "Die E-Mail „Kollege.eml“ kam von m.schulz@medienwerkstatt-nord.example, nicht von der"
        " Adresse des Projekts p01 in der Projektliste (j.petersen@medienwerkstatt-nord.example)."
        " Das ist kein Fehler, wenn eine Kollegin oder ein Kollege geantwortet hat; sonst"
        " fragen Sie bitte beim Projekt nach, ob die Rückmeldung von ihm stammt."
    )
    assert [p.message for p in report.results[1].problems] == [warning]
    assert f"- {warning}" in (rd / "reports" / "p01.md").read_text("utf-8")
    assert _stored(rd) == {"p01": _answers("p01"), "p02": _answers("p02")}


def test_the_mails_date_orders_returns_whose_document_carries_no_time(rd, forms):
    later = eml_message(
        subject="Korrektur",
        sender=P01,
        date=FEB_5,
        attachments=[("p01.docx", forms["p01-later.docx"])],
    )
    earlier = outlook_msg(
        subject="Fragebogen", sender=P01, date=FEB_3, attachments=[("p01.docx", forms["p01.docx"])]
    )
    _drop(rd, "a-korrektur.eml", later)  # read first, sent later
    _drop(rd, "b-fragebogen.msg", earlier)
    report = ingest(rd, lang="en")
    outcomes = [(r.path.name, str(r.outcome)) for r in report.results if r.project]
    assert outcomes == [
        ("a-korrektur.eml", "mail"),
        ("e-mail “a-korrektur.eml”, attachment p01.docx", "accepted"),
        ("b-fragebogen.msg", "mail"),
        ("e-mail “b-fragebogen.msg”, attachment p01.docx", "older"),
    ]
    assert _stored(rd) == {"p01": _later("p01")}
    with Store(RoundDir(rd).store) as store:
        saved = [(s.saved, s.saved_from) for s in store.project_submissions("p01")]
    assert saved == [
        ("2026-02-05T16:40:00.000000Z", "mail"),
        ("2026-02-03T09:15:00.000000Z", "mail"),
    ]
    section = (rd / "reports" / "p01.md").read_text("utf-8")
    assert "the date of the e-mail it came in (the document carries no saved time)" in section


def test_a_damaged_msg_is_refused_with_a_message_naming_it(rd, forms, capsys):
    whole = outlook_msg(
        subject="Fragebogen", sender=P01, date=FEB_3, attachments=[("p01.docx", forms["p01.docx"])]
    )
    _drop(rd, "halb.msg", whole[: len(whole) // 2])
    no_message = compound_file(Node("Root Entry", children=[Node("WordDocument", b"x" * 5000)]))
    _drop(rd, "kein-outlook.msg", no_message)
    _drop(rd, "kaputt.eml", bytes(range(256)) * 4)
    assert main(["--lang", "de", "ingest", "--round", str(rd)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "Traceback" not in out
    for name in ("halb.msg", "kein-outlook.msg"):
        assert f"{name}: Die E-Mail-Datei ist beschädigt oder keine E-Mail (" in out
    assert (
        "kaputt.eml: Die E-Mail-Datei ist beschädigt oder keine E-Mail (ihr fehlen die"
        " Kopfzeilen einer E-Mail (Absender, Datum, Betreff)); nichts wurde daraus gelesen, sie"
        " ist archiviert. Bitte die E-Mail im E-Mail-Programm erneut speichern (als .eml oder"
        " .msg) oder das Projekt bitten, den Fragebogen erneut zu senden."
    ) in out
    assert _files(rd) == [
        ("halb.msg", "rejected", None, None),
        ("kaputt.eml", "rejected", None, None),
        ("kein-outlook.msg", "rejected", None, None),
    ]
    listed = (rd / "reports" / "rejected.md").read_text("utf-8")
    assert "**halb.msg**" in listed and "**kein-outlook.msg**" in listed
    assert _stored(rd) == {}


def test_the_same_mail_twice_and_the_same_form_in_two_mails_are_duplicates(rd, forms):
    mail = eml_message(
        subject="Fragebogen",
        sender=P01,
        date=FEB_3,
        attachments=[("p01.docx", forms["p01.docx"]), ("v.mp4", VIDEO)],
    )
    first = ingest(rd, [_drop(rd, "Fragebogen.eml", mail)], lang="en")
    before = _files(rd)
    again = ingest(rd, [_drop(rd, "Fragebogen (1).eml", mail)], lang="en")
    assert [(r.path.name, str(r.outcome)) for r in again.results] == [
        ("Fragebogen (1).eml", "duplicate"),
        ("e-mail “Fragebogen (1).eml”, attachment p01.docx", "duplicate"),
        ("v.mp4", "duplicate"),
    ]
    assert _files(rd) == before and len(first.results) == 3
    as_msg = outlook_msg(
        subject="Fragebogen", sender=P01, date=FEB_3, attachments=[("p01.docx", forms["p01.docx"])]
    )
    saved_again = ingest(rd, [_drop(rd, "Fragebogen.msg", as_msg)], lang="en")
    assert _results(saved_again) == [
        ("Fragebogen.msg", "mail", "p01"),  # another file: recorded, nothing else changes
        ("e-mail “Fragebogen.msg”, attachment p01.docx", "duplicate", "p01"),
    ]
    assert saved_again.exit_code == 0
    assert _stored(rd) == {"p01": _answers("p01")}


def test_serial_and_parallel_ingest_of_mails_give_the_same_outcomes(rd, forms, tmp_path):
    mails = {
        "p01.eml": eml_message(
            subject="p01",
            sender=P01,
            date=FEB_3,
            attachments=[("p01.xlsx", forms["p01.xlsx"]), ("v.mp4", VIDEO)],
        ),
        "p02.msg": outlook_msg(
            subject="p02", sender=P03, date=FEB_3, attachments=[("p02.docx", forms["p02.docx"])]
        ),
        "leer.eml": eml_message(subject="Hallo", sender=P03, date=FEB_5),
        "beide.mbox": mbox_file(
            [
                eml_message(
                    subject="p02 xlsx",
                    sender=P02,
                    date=FEB_5,
                    attachments=[("p02.xlsx", forms["p02.xlsx"])],
                )
            ]
        ),
    }
    for name, data in mails.items():
        _drop(rd, name, data)
    other = tmp_path / "other"
    shutil.copytree(rd, other)
    serial = ingest(rd, lang="en", jobs=1)
    pooled = ingest(other, lang="en", jobs=2)
    seen = [(r.path.name, r.sha256, str(r.outcome), r.project, r.reason) for r in serial.results]
    assert seen == [
        (r.path.name, r.sha256, str(r.outcome), r.project, r.reason) for r in pooled.results
    ]
    assert [(r.path.name, str(r.outcome), r.project) for r in serial.results] == [
        ("beide.mbox", "mail", None),
        ("beide.mbox no. 1", "mail", "p02"),
        ("e-mail “beide.mbox no. 1”, attachment p02.xlsx", "accepted", "p02"),
        ("leer.eml", "mail", None),
        ("p01.eml", "mail", "p01"),
        ("e-mail “p01.eml”, attachment p01.xlsx", "accepted", "p01"),
        ("v.mp4", "media", "p01"),
        ("p02.msg", "mail", "p02"),
        ("e-mail “p02.msg”, attachment p02.docx", "older", "p02"),
    ]
    assert _files(rd) == _files(other)
    assert _stored(rd) == _stored(other) == {"p01": _answers("p01"), "p02": _answers("p02")}


def test_a_video_alone_in_a_mail_goes_to_the_project_of_the_senders_address(rd):
    mail = outlook_msg(
        subject="Unser Video", sender=P03, date=FEB_3, attachments=[("Film.mp4", VIDEO)]
    )
    named = eml_message(
        subject="Audio",
        sender="info@example.org",
        date=FEB_3,
        attachments=[("p02_Interview.mp4", VIDEO[:-1])],
    )
    nobody = eml_message(
        subject="Video",
        sender="info@example.org",
        date=FEB_3,
        attachments=[("Film.mp4", VIDEO[1:])],
    )
    for name, data in (("a.msg", mail), ("b.eml", named), ("c.eml", nobody)):
        _drop(rd, name, data)
    report = ingest(rd, lang="en")
    assert _results(report) == [
        ("a.msg", "mail", "p03"),
        ("Film.mp4", "media", "p03"),
        ("b.eml", "mail", "p02"),
        ("p02_Interview.mp4", "media", "p02"),
        ("c.eml", "mail", None),
        ("Film.mp4", "rejected", None),
    ]
    with Store(RoundDir(rd).store) as store:
        media = store.db.execute("SELECT project, via FROM media ORDER BY project").fetchall()
    assert [tuple(m) for m in media] == [("p02", "name"), ("p03", "mail")]
    assert report.results[4].reason.startswith("The e-mail from info@example.org (")


def test_an_mbox_without_extension_is_read_and_its_index_left_alone(rd, forms):
    box = mbox_file(
        [
            eml_message(
                subject="p01", sender=P01, date=FEB_3, attachments=[("p01.docx", forms["p01.docx"])]
            )
        ]
    )
    _drop(rd, "Inbox", box)
    _drop(rd, "Inbox.msf", b'// <!-- <mdb:mork:z v="1.4"/> -->')
    apple = rd / "inbox" / "Posteingang.mbox"  # as Apple Mail exports a mailbox: a folder
    apple.mkdir()
    (apple / "mbox").write_bytes(box.replace(b"Subject: p01", b"Subject: p01 (Apple)"))
    (apple / "table_of_contents").write_bytes(b"\x00\x00\x00\x01 an index")
    report = ingest(rd, lang="en")
    assert _results(report) == [
        ("Inbox", "mail", None),
        ("Inbox no. 1", "mail", "p01"),
        ("e-mail “Inbox no. 1”, attachment p01.docx", "accepted", "p01"),
        ("mbox", "mail", None),
        ("mbox no. 1", "mail", "p01"),
        ("e-mail “mbox no. 1”, attachment p01.docx", "duplicate", "p01"),
    ]


def test_winmail_dat_is_named_and_refused_with_what_to_ask_for(rd, forms):
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"], message["Subject"], message["Date"] = (
        P01,
        "RTF",
        "Tue, 03 Feb 2026 10:15:00 +0100",
    )
    message.set_content("siehe Anhang")
    message.add_attachment(
        b"\x78\x9f\x3e\x22" + bytes(60),
        maintype="application",
        subtype="ms-tnef",
        filename="winmail.dat",
    )
    _drop(rd, "rtf.eml", message.as_bytes())
    report = ingest(rd, lang="en")
    assert _results(report) == [
        ("rtf.eml", "mail", None),
        ("e-mail “rtf.eml”, attachment winmail.dat", "rejected", None),
    ]
    assert report.results[1].reason.startswith(
        "The file winmail.dat is a package in which Outlook wraps the attachments of rich-text"
        " mails (TNEF)"
    )
    assert "(attachments: winmail.dat)" in report.results[0].reason


# --- reading mails ---------------------------------------------------------------------------


def _rich_mail() -> bytes:
    """A mail as mail programs write them: a signature logo inline, an attachment name in
    RFC 2231 and one in RFC 2047 encoding, a forwarded mail with its own attachment, an
    S/MIME signature."""
    message = EmailMessage()
    message["From"] = "Jana Pétersen <J.Petersen@Medienwerkstatt-Nord.example>"
    message["Subject"] = "WG: Rückmeldung – Fragebogen"
    message["Date"] = "Tue, 03 Feb 2026 10:15:00 +0100"
    message.set_content("Hallo")
    message.add_alternative("<p>Hallo <img src='cid:logo'></p>", subtype="html")
    message.get_payload()[1].add_related(
        b"\x89PNG\r\n\x1a\n" + bytes(200), "image", "png", cid="<logo>"
    )
    message.add_attachment(
        b"PK-form", maintype="application", subtype="octet-stream", filename="Rückmeldung Ü.docx"
    )
    part = EmailMessage()
    part.set_content(b"PK-excel", maintype="application", subtype="octet-stream")
    part["Content-Disposition"] = 'attachment; filename="=?utf-8?q?Fragebogen_=C3=A4.xlsx?="'
    message.attach(part)
    forwarded = EmailMessage()
    forwarded["From"], forwarded["Subject"] = "kollegin@example.org", "Video"
    forwarded.set_content("Das Video")
    forwarded.add_attachment(
        b"\x00\x00\x00\x18ftypisom", maintype="video", subtype="mp4", filename="Clip.mp4"
    )
    message.add_attachment(forwarded)
    signature = EmailMessage()
    signature.set_content(b"0\x82\x05", maintype="application", subtype="pkcs7-signature")
    signature["Content-Disposition"] = 'attachment; filename="smime.p7s"'
    message.attach(signature)
    return message.as_bytes(policy=email.policy.SMTP)


def test_a_mail_is_read_with_its_attachments_and_without_its_signature_logo():
    mail = read_mail("x.eml", _rich_mail())
    assert (mail.sender, mail.date, mail.subject) == (
        "J.Petersen@Medienwerkstatt-Nord.example",
        "2026-02-03T09:15:00.000000Z",
        "WG: Rückmeldung – Fragebogen",
    )
    assert [(a.name, a.data) for a in mail.attachments] == [
        ("Rückmeldung Ü.docx", b"PK-form"),
        ("Fragebogen ä.xlsx", b"PK-excel"),
        ("Clip.mp4", b"\x00\x00\x00\x18ftypisom"),
    ]


def test_an_outlook_message_is_read_with_its_date_and_attachments(forms):
    data = outlook_msg(
        subject="Rückmeldung – p01",
        sender=P01,
        sender_name="Jana Petersen",
        date=FEB_3,
        attachments=[("p01.docx", forms["p01.docx"]), ("Clip.mp4", VIDEO)],
        headers=False,
    )
    mail = read_mail("x.msg", data)
    assert (mail.sender, mail.date, mail.subject) == (
        P01,
        "2026-02-03T09:15:00.000000Z",
        "Rückmeldung – p01",
    )
    assert [(a.name, a.data) for a in mail.attachments] == [
        ("p01.docx", forms["p01.docx"]),
        ("Clip.mp4", VIDEO),
    ]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("leer.eml", b""),
        ("müll.eml", bytes(range(256)) * 4),
        ("müll.msg", b"PK\x03\x04 no OLE file"),
    ],
)
def test_what_is_no_mail_is_refused(name, data):
    with pytest.raises(RejectedFile) as refused:
        read_mail(name, data)
    assert refused.value.reason in ("empty", "mail_broken")


def test_a_return_made_current_by_review_keeps_its_senders_warning(rd, forms, q, tmp_path):
    from pipeline.returns.review import review

    fewer = {k: v for k, v in _answers("p01").items() if k != "goals"}
    short = fill_return(rd, q, "p01", fewer, tmp_path / "p01.docx").read_bytes()
    _drop(
        rd,
        "a.eml",
        eml_message(
            subject="Fragebogen",
            sender=P01,
            date=FEB_3,
            attachments=[("p01.docx", forms["p01.docx"])],
        ),
    )
    colleague = "m.schulz@medienwerkstatt-nord.example"
    _drop(
        rd,
        "b.eml",
        eml_message(subject="Neu", sender=colleague, date=FEB_5, attachments=[("p01.docx", short)]),
    )
    report = ingest(rd, lang="en")
    assert [str(r.outcome) for r in report.results] == ["mail", "accepted", "mail", "needs_review"]
    assert "m.schulz@" not in (rd / "reports" / "p01.md").read_text("utf-8")
    review(rd, "e-mail “b.eml”, attachment p01.docx", accept=True, lang="en")
    assert _stored(rd) == {"p01": fewer}
    shown = (rd / "reports" / "p01.md").read_text("utf-8")
    assert "- The e-mail “b.eml” came from m.schulz@medienwerkstatt-nord.example, not from" in shown
    assert (rd / "reports" / "p01-rueckfrage.docx").exists()  # written from the archive copy


def test_a_blank_form_mailed_back_is_refused_and_its_mail_listed(rd):
    from conftest import form_of

    blank = form_of(rd, "p03", "docx").read_bytes()
    _drop(
        rd,
        "leer.eml",
        eml_message(subject="Formular", sender=P03, date=FEB_3, attachments=[("p03.docx", blank)]),
    )
    report = ingest(rd, lang="en")
    assert _results(report) == [
        ("leer.eml", "mail", None),
        ("e-mail “leer.eml”, attachment p03.docx", "blank", "p03"),
    ]
    assert report.results[0].reason.startswith(
        "The e-mail from a.demir@vdv-koeln.example (3 February 2026, subject: “Formular”) had no"
        " form attached that could be assigned to a project (attachments: p03.docx)."
    )
    assert report.exit_code == 1 and _stored(rd) == {}


def test_a_short_msg_is_read_as_bytes_never_as_the_name_of_another_file(tmp_path, monkeypatch):
    """olefile takes bytes under 1,536 for a file name: a tiny .msg naming a file in the
    working folder must not be read as that file's message."""
    other = outlook_msg(subject="Eine andere Datei", sender=P01, date=FEB_3)
    tiny = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1-tiny.msg"
    monkeypatch.chdir(tmp_path)
    with open(tiny, "wb") as handle:  # a file named by exactly these bytes (POSIX)
        handle.write(other)
    with pytest.raises(RejectedFile) as refused:
        read_mail("x.msg", tiny)
    assert refused.value.reason == "mail_broken"
