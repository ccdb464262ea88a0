"""Creative answers (issue 12, point 5): media files named after their project, ingested
from the inbox, checked, attached to the project and shown in its report, ``praxis status``,
the tables and (with consent) the compendium. The media files are real, made here: a PNG and
a JPEG by Pillow, a PDF by matplotlib, a WAV by the ``wave`` module, MP4/MOV/M4A as a valid
ISO box sequence, an MP3 as an ID3 tag and MPEG frames (``file`` recognises each)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import subprocess
import wave
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import COMPLETE, fill_return, own_master_data
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.publication.compendium import compile_round
from pipeline.publication.tables import aggregate_round
from pipeline.returns.ingest import ingest
from pipeline.returns.media import (
    MediaMismatch,
    content_of,
    file_size,
    is_media,
    media_files,
    media_kind,
    project_from_name,
)
from pipeline.returns.safety import MAX_FILE_BYTES
from pipeline.returns.status import status
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

# --- real media files, made here ---------------------------------------------------------


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def iso_media(brand: bytes, size: int) -> bytes:
    """An ISO base media file (MP4, MOV, M4A): ``ftyp`` with ``brand``, a ``moov`` with its
    movie header, an ``mdat`` filling it up to ``size`` bytes."""
    ftyp = _box(b"ftyp", brand + struct.pack(">I", 512) + brand + b"isom")
    matrix = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
    mvhd = struct.pack(">B3xIIII", 0, 0, 0, 1000, 0) + struct.pack(">IH10x", 0x10000, 0x100)
    mvhd += matrix + bytes(24) + struct.pack(">I", 1)
    head = ftyp + _box(b"moov", _box(b"mvhd", mvhd))
    return head + _box(b"mdat", bytes(size - len(head) - 8))


def mp3(frames: int = 12, id3: bool = True) -> bytes:
    """MPEG-1 layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each), after an ID3v2 tag."""
    tag = b"ID3\x04\x00\x00\x00\x00\x00\x00" if id3 else b""
    return tag + (b"\xff\xfb\x90\x64" + bytes(413)) * frames


def wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(struct.pack("<800h", *([1000, -1000] * 400)))
    return buffer.getvalue()


def picture(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 20)).save(buffer, fmt)
    return buffer.getvalue()


def pdf() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(2, 1))
    figure.text(0.1, 0.5, "Plakat")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
    plt.close(figure)
    return buffer.getvalue()


VIDEO = iso_media(b"isom", 2560)
"""2,5 KB: an MP4 video."""


def test_the_media_files_made_here_are_what_file_says_they_are(tmp_path):
    if shutil.which("file") is None:
        pytest.skip("the file program is not installed")
    made = {
        "a.mp4": (VIDEO, "ISO Media"),
        "a.mov": (iso_media(b"qt  ", 900), "Apple QuickTime"),
        "a.m4a": (iso_media(b"M4A ", 900), "M4A"),
        "a.mp3": (mp3(), "layer III"),
        "b.mp3": (mp3(id3=False), "layer III"),
        "a.wav": (wav(), "WAVE audio"),
        "a.png": (picture("PNG"), "PNG image data"),
        "a.jpg": (picture("JPEG"), "JPEG image data"),
        "a.pdf": (pdf(), "PDF document"),
    }
    for name, (data, says) in made.items():
        (tmp_path / name).write_bytes(data)
        found = subprocess.run(
            ["file", "-b", str(tmp_path / name)], capture_output=True, text=True, check=True
        ).stdout
        assert says in found, (name, found)


# --- the module's parts ------------------------------------------------------------------


def test_media_kind_reads_the_bytes_of_every_extension():
    assert is_media("P05 Foto.JPEG") and is_media("x.M4A") and not is_media("p05.docx")
    assert media_kind("p05-video.mp4", VIDEO) == "video"
    assert media_kind("p05-film.MOV", iso_media(b"qt  ", 900)) == "video"
    assert media_kind("p05.m4a", iso_media(b"M4A ", 900)) == "audio"
    assert media_kind("p05.m4a", iso_media(b"mp42", 900)) == "audio"  # a general brand
    assert media_kind("p05.mp4", iso_media(b"M4A ", 900)) == "audio"  # an MP4 of sound only
    assert media_kind("p05.mp3", mp3()) == "audio"
    assert media_kind("p05.mp3", mp3(id3=False)) == "audio"
    assert media_kind("p05.wav", wav()) == "audio"
    assert media_kind("p05.png", picture("PNG")) == "picture"
    assert media_kind("p05.jpg", picture("JPEG")) == "picture"
    assert media_kind("p05.jpeg", picture("PNG")) == "picture"  # a picture all the same
    assert media_kind("p05.pdf", pdf()) == "document"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "p05-video.mp4",
            b"PK\x03\x04",
            "Die Datei p05-video.mp4 ist kein Video (ihr Inhalt ist nicht als Video, Audio, "
            "Bild oder PDF erkennbar). Bitten Sie das Projekt, das Video als .mp4 oder .mov "
            "erneut zu senden.",
        ),
        (
            "p05-ton.mp3",
            picture("PNG"),
            "Die Datei p05-ton.mp3 ist keine Audiodatei (ihr Inhalt ist ein Bild (PNG)). Bitten "
            "Sie das Projekt, die Aufnahme als .mp3, .m4a oder .wav erneut zu senden.",
        ),
        (
            "p05-foto.jpg",
            wav(),
            "Die Datei p05-foto.jpg ist kein Bild (ihr Inhalt ist eine Audiodatei (WAV)). Bitten "
            "Sie das Projekt, das Bild als .jpg oder .png erneut zu senden.",
        ),
        (
            "p05-plakat.pdf",
            b"",
            "Die Datei p05-plakat.pdf ist kein PDF-Dokument (ihr Inhalt ist leer). Bitten Sie "
            "das Projekt, das Dokument als PDF erneut zu senden.",
        ),
    ],
)
def test_bytes_that_are_not_what_the_extension_says_are_refused_with_a_message(name, data, message):
    with pytest.raises(MediaMismatch) as caught:
        media_kind(name, data)
    assert caught.value.reason == "media_mismatch"
    assert caught.value.message("de") == message


def test_content_of_names_office_documents():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert content_of(buffer.getvalue()) == "excel"
    assert content_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)) == "office_legacy"
    assert content_of(b"{\\rtf1 x}") == "rtf"


def test_project_from_name_takes_the_id_at_the_start_then_a_separator():
    ids = ["p01", "p05", "p05-a", "p50"]
    assert project_from_name("p05-video.mp4", ids) == "p05"
    assert project_from_name("p05_Interview.mp3", ids) == "p05"
    assert project_from_name("P05 Foto.jpg", ids) == "p05"
    assert project_from_name("P05.pdf", ids) == "p05"
    assert project_from_name("p05-a-video.mp4", ids) == "p05-a"  # the longest id wins
    assert project_from_name("p050-video.mp4", ids) is None
    assert project_from_name("video-p05.mp4", ids) is None
    assert project_from_name("p5-video.mp4", ids) is None


def test_file_sizes_in_the_users_language():
    assert file_size(850, "de") == "850 Byte"
    assert file_size(2560, "de") == "2,5 KB"
    assert file_size(2560, "en") == "2.5 KB"
    assert file_size(2_202_010, "de") == "2,1 MB"
    assert file_size(12_000_000_000, "de") == "11.444,1 MB"
    assert file_size(12_000_000_000, "en") == "11,444.1 MB"


# --- ingest: a round with forms and media files ------------------------------------------


TODAY = dt.datetime.now(dt.UTC)
"""The media's day of receipt (the tests run in well under a day)."""


def _fill(rd: Path, q, pid: str, name: str, **answers) -> None:
    fill_return(rd, q, pid, {**own_master_data(pid, COMPLETE), **answers}, rd / "inbox" / name)


def _by_name(report) -> dict[str, tuple[str, str | None, str]]:
    return {r.path.name: (str(r.outcome), r.project, r.reason) for r in report.results}


def _inbox(rd: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(rd / "inbox")
    (rd / "inbox").mkdir()
    for name, data in files.items():
        (rd / "inbox" / name).write_bytes(data)


@pytest.fixture(scope="module")
def media_round(generated, tmp_path_factory, q) -> tuple[Path, dict]:
    """p05's form first; then its media (and others); then p06's form, refusing consent,
    whose audio came before it; then the same video again."""
    rd = tmp_path_factory.mktemp("media") / "round"
    shutil.copytree(generated, rd)
    shutil.rmtree(rd / "inbox")
    (rd / "inbox").mkdir()
    _fill(rd, q, "p05", "p05-antwort.docx")
    first = ingest(rd, lang="de")
    letter = io.BytesIO()
    docx.Document().save(letter)  # a Word document, renamed .mp4
    big = VIDEO + bytes(31 * 1024 * 1024 - len(VIDEO))
    _inbox(
        rd,
        {
            "p05-video.mp4": VIDEO,
            "p05_Interview.mp3": mp3(),
            "P05 Foto.jpg": picture("JPEG"),
            "p06-audio.wav": wav(),
            "p99-video.mp4": iso_media(b"isom", 700),
            "video.mp4": iso_media(b"isom", 800),
            "foto.png": picture("PNG"),
            "p05-fake.mp4": letter.getvalue(),
            "p05-gross.mp4": big,
        },
    )
    second = ingest(rd, lang="de")
    _inbox(rd, {"p05-video-nochmal.mp4": VIDEO})
    _fill(rd, q, "p06", "p06-antwort.xlsx", consent_publish=False)
    third = ingest(rd, lang="de")
    return rd, {"first": first, "second": second, "third": third}


def test_a_video_named_after_a_project_whose_form_came_earlier_is_attached(media_round):
    rd, runs = media_round
    assert _by_name(runs["first"]) == {"p05-antwort.docx": ("accepted", "p05", "")}
    found = _by_name(runs["second"])
    assert found["p05-video.mp4"] == ("media", "p05", "")
    assert found["p05_Interview.mp3"] == ("media", "p05", "")
    assert found["P05 Foto.jpg"] == ("media", "p05", "")
    assert found["p06-audio.wav"] == ("media", "p06", "")  # before its form
    with Store(RoundDir(rd).store) as store:
        media = media_files(store)
        archived = store.file(media["p05"][0].sha256)
    video = media["p05"][[m.name for m in media["p05"]].index("p05-video.mp4")]
    assert (video.project, video.kind, video.size, video.via, video.mail) == (
        "p05",
        "video",
        2560,
        "name",
        "",
    )
    assert (rd / video.archive).read_bytes() == VIDEO
    assert archived is not None and archived.outcome == "media"
    assert sorted(m.name for m in media["p05"]) == [
        "P05 Foto.jpg",
        "p05-video.mp4",
        "p05_Interview.mp3",
    ]
    assert {m.name: m.kind for m in media["p05"]}["P05 Foto.jpg"] == "picture"
    assert [(m.name, m.kind) for m in media["p06"]] == [("p06-audio.wav", "audio")]


def test_media_that_cannot_be_attached_are_refused_archived_and_listed(media_round):
    rd, runs = media_round
    found = _by_name(runs["second"])
    assert found["p99-video.mp4"] == (
        "rejected",
        None,
        "Die Datei p99-video.mp4 beginnt mit „p99“, aber ein Projekt mit dieser Kennung steht "
        "nicht in der Projektliste dieser Runde. Bitte die Datei so umbenennen, dass ihr Name "
        "mit der Kennung des Projekts beginnt (z. B. p01-video.mp4), und erneut einlesen.",
    )
    assert found["video.mp4"] == (
        "rejected",
        None,
        "Falls video.mp4 ein kreativer Beitrag ist: bitte die Datei so umbenennen, dass ihr "
        "Name mit der Kennung des Projekts beginnt (z. B. p01-video.mp4), und erneut "
        "einlesen. Kommt sie mit einer E-Mail des Projekts, die auch den Fragebogen enthält, "
        "wird sie von selbst zugeordnet.",
    )
    # a picture or PDF named after no project: today's message (most often a scanned form)
    assert found["foto.png"] == (
        "rejected",
        None,
        "Das ist ein Bild (Scan oder Foto). Bitten Sie das Projekt um den ausgefüllten Word- "
        "oder Excel-Fragebogen.",
    )
    assert found["p05-fake.mp4"] == (
        "rejected",
        None,
        "Die Datei p05-fake.mp4 ist kein Video (ihr Inhalt ist ein Word-Dokument). Bitten Sie "
        "das Projekt, das Video als .mp4 oder .mov erneut zu senden.",
    )
    assert found["p05-gross.mp4"] == (
        "rejected",
        None,
        "Die Datei p05-gross.mp4 ist zu groß (31 MB; höchstens 30 MB). Bitten Sie das Projekt, "
        "die Aufnahme hochzuladen (z. B. auf die eigene Website oder in einen "
        "Cloud-Speicher) und den Link im Fragebogen bei Frage 10.1 „Link zu Ihrem Video oder "
        "Ihrer Audioaufnahme“ einzutragen.",
    )
    assert MAX_FILE_BYTES < 31 * 1024 * 1024
    listed = RoundDir(rd).rejected_list.read_text("utf-8")
    for name in ("p99-video.mp4", "video.mp4", "foto.png", "p05-fake.mp4", "p05-gross.mp4"):
        line = next(x for x in listed.splitlines() if x.startswith(f"- **{name}**"))
        archive = line.split("`")[1]
        assert (rd / archive).is_file()  # kept as received
    assert runs["second"].exit_code == 1  # some were refused


def test_the_same_media_again_is_a_duplicate(media_round):
    rd, runs = media_round
    found = _by_name(runs["third"])
    assert found["p05-video-nochmal.mp4"] == ("duplicate", "p05", "")
    assert found["p06-antwort.xlsx"][:2] == ("accepted", "p06")
    with Store(RoundDir(rd).store) as store:
        assert len(media_files(store)["p05"]) == 3


def test_an_ingest_of_media_only_ends_well(generated, tmp_path, capsys):
    rd = tmp_path / "round"
    shutil.copytree(generated, rd)
    _inbox(rd, {"p02-video.mp4": VIDEO, "p02 plakat.pdf": pdf()})
    report = ingest(rd, lang="en", jobs=2)  # worker processes leave media files alone
    assert _by_name(report) == {
        "p02 plakat.pdf": ("media", "p02", ""),
        "p02-video.mp4": ("media", "p02", ""),
    }
    assert report.exit_code == 0
    assert report.totals.media == 2 and report.totals.accepted == 0
    assert not RoundDir(rd).report("p02").exists()  # no form yet: no report
    other = tmp_path / "other"
    shutil.copytree(generated, other)
    _inbox(other, {"p02-video.mp4": VIDEO, "p02 plakat.pdf": pdf()})
    capsys.readouterr()
    assert main(["--lang", "en", "ingest", "--round", str(other)]) == 0
    assert "Also 2 creative answers, attached to their projects." in capsys.readouterr().out


# --- shown: report, status, tables, compendium --------------------------------------------


def test_the_projects_report_lists_its_creative_answers(media_round):
    rd, _ = media_round
    day = TODAY.strftime("%d.%m.%Y")
    report = RoundDir(rd).report("p05").read_text("utf-8")
    section = report.split("## Kreative Beiträge\n\n")[1]
    lines = section.strip().splitlines()
    assert sorted(lines) == sorted(
        [
            f"- p05-video.mp4 (Video, 2,5 KB, eingegangen am {day})",
            f"- p05\\_Interview.mp3 (Audio, 4,9 KB, eingegangen am {day})",
            f"- P05 Foto.jpg (Bild, {file_size(len(picture('JPEG')), 'de')}, eingegangen am {day})",
        ]
    )
    # p06's audio came before its form: its report, written with the form, names it
    p06 = RoundDir(rd).report("p06").read_text("utf-8")
    assert f"## Kreative Beiträge\n\n- p06-audio.wav (Audio, 1,6 KB, eingegangen am {day})\n" in p06


def test_status_counts_the_creative_answers(media_round, capsys):
    rd, _ = media_round
    found = status(rd)
    counts = {r.project: r.media for r in found.rows}
    assert counts["p05"] == 3 and counts["p06"] == 1 and counts["p01"] == 0
    assert found.totals.media == 4
    capsys.readouterr()
    main(["--lang", "de", "status", "--round", str(rd)])
    out = capsys.readouterr().out
    assert "Kreativ" in out.splitlines()[0]
    assert (
        "4 kreative Beiträge (Videos, Audios, Bilder oder PDFs) sind Projekten zugeordnet." in out
    )


def test_the_tables_list_the_files_per_project_and_every_creative_answer(media_round):
    rd, _ = media_round
    aggregate_round(rd, "de")
    tables = rd / "tables"
    day = TODAY.strftime("%d.%m.%Y")
    jpeg = len(picture("JPEG"))
    rows = (tables / "media.csv").read_text("utf-8-sig").splitlines()
    assert rows[0] == (
        '"Projekt-ID";"Projekt";"Datei";"Art";"Größe (Byte)";"Eingang";"Zugeordnet über";'
        '"E-Mail-Datei"'
    )
    assert sorted(rows[1:]) == sorted(
        [
            f'"p05";"Angehörigenberatung Hessen";"p05-video.mp4";"Video";"2560";"{day}";'
            '"Dateiname";""',
            f'"p05";"Angehörigenberatung Hessen";"p05_Interview.mp3";"Audio";"5014";"{day}";'
            '"Dateiname";""',
            f'"p05";"Angehörigenberatung Hessen";"P05 Foto.jpg";"Bild";"{jpeg}";"{day}";'
            '"Dateiname";""',
            f'"p06";"Demokratie spielen";"p06-audio.wav";"Audio";"1644";"{day}";"Dateiname";""',
        ]
    )
    book = load_workbook(tables / "answers.xlsx", read_only=True)
    assert book.sheetnames[-1] == "Kreative Beiträge"
    wide = list(book["Antworten"].iter_rows(values_only=True))
    column = wide[0].index("Kreative Beiträge")
    assert column == len(wide[0]) - 1
    listed = {row[0]: row[column] for row in wide[1:]}
    assert listed["p06"] == "p06-audio.wav"
    assert sorted(listed["p05"].split("; ")) == [
        "P05 Foto.jpg",
        "p05-video.mp4",
        "p05_Interview.mp3",
    ]
    before = (tables / "answers.xlsx").read_bytes()
    aggregate_round(rd, "de")
    assert (tables / "answers.xlsx").read_bytes() == before  # deterministic


def _document_text(docx: Path) -> str:
    import re

    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_the_compendium_lists_the_creative_answers_of_a_consenting_project(media_round):
    rd, _ = media_round
    result = compile_round(rd, "de")
    text = _document_text(result.docx)
    chapter = text.split("Zum Anschauen und Anhören")[1]
    assert chapter.startswith("Scannen Sie den QR-Code oder öffnen Sie den Link:")
    creative = chapter.split("Kreative Beiträge", 1)[1]
    assert creative.startswith(
        "Das Projekt hat diese kreativen Beiträge als Dateien eingesandt; die "
        "Koordinierungsstelle stellt sie auf Anfrage zur Verfügung."
    )
    assert "p05-video.mp4 (Video, 2,5 KB)" in creative
    assert "p05_Interview.mp3 (Audio, 4,9 KB)" in creative
    # p06 refused consent: neither its chapter nor its audio is in the compendium
    assert "p06-audio.wav" not in text and "Demokratie spielen" not in text


def test_the_compendium_is_the_same_on_the_plain_path(media_round, monkeypatch, tmp_path):
    rd, _ = media_round
    fast = compile_round(rd, "de", pdf=False).docx.read_bytes()
    monkeypatch.setenv("PRAXIS_FAST", "0")
    plain = compile_round(rd, "de", pdf=False).docx.read_bytes()
    assert plain == fast


def test_an_english_round_shows_sizes_and_dates_in_english(generated, tmp_path, q):
    rd = tmp_path / "round"
    shutil.copytree(generated, rd)
    _inbox(rd, {})
    _fill(rd, q, "p03", "p03-answer.xlsx")
    ingest(rd, lang="en")
    _inbox(rd, {"p03-video.mp4": VIDEO})
    report = ingest(rd, lang="en")
    assert _by_name(report) == {"p03-video.mp4": ("media", "p03", "")}
    day = f"{TODAY.day} {TODAY.strftime('%B %Y')}"
    text = RoundDir(rd).report("p03").read_text("utf-8")
    assert text.endswith(
        f"## Creative answers\n\n- p03-video.mp4 (video, 2.5 KB, received on {day})\n"
    )


def test_a_media_file_from_a_mail_is_attached_to_the_project_given(generated, tmp_path):
    """The contract with helper ``mail``: ``Ingest._media`` with the project it found."""
    import dataclasses

    from pipeline.returns.ingest import Ingest
    from pipeline.returns.received import MailInfo
    from pipeline.returns.store import FileRecord

    rd = tmp_path / "round"
    shutil.copytree(generated, rd)
    _inbox(rd, {"antwort.eml": b"From: a@b.example\n\nHallo\n", "Mitschnitt.m4a": wav()})
    run = Ingest(rd, "de")
    mail = run._archive(rd / "inbox" / "antwort.eml")
    got = run._archive(rd / "inbox" / "Mitschnitt.m4a")
    got = dataclasses.replace(got, mail=MailInfo(mail.sha256, "antwort.eml", "a@b.example"))
    with Store(RoundDir(rd).store) as store:
        run._register_projects(store)
        with store.transaction() as db:  # the mail itself, as helper mail records it
            archive = mail.archived.relative_to(rd).as_posix()
            record = FileRecord(
                mail.sha256, "antwort.eml", mail.size, mail.time, archive, None, "mail", None
            )
            store.add_file(db, record)
        first = run._media(store, got, "p04")  # WAV bytes named .m4a: still audio
        again = run._media(store, got, "p04")
        files = media_files(store)
        stored = store.file(got.sha256)
    assert (str(first.outcome), first.project) == ("media", "p04")
    assert (str(again.outcome), again.project) == ("duplicate", "p04")
    [media] = files["p04"]
    assert (media.name, media.kind, media.via, media.mail) == (
        "Mitschnitt.m4a",
        "audio",
        "mail",
        "antwort.eml",
    )
    assert stored is not None and stored.mail_sha256 == mail.sha256
