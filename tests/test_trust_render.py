"""Issue 10, point 17: one practice that cannot be rendered in part does not stop compile.

A link answer longer than a QR code can hold (2,331+ characters) is published without its QR
code, named in the compile summary (exit status 1: the command ran but found problems); the
rest of the compendium is written. QR codes are drawn ahead by a worker process for many
links, so the same must hold there.
"""

from __future__ import annotations

import io
from dataclasses import replace

from docx import Document
from test_compendium import RETURNS, TODAY, make_round, parts

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.publication import compendium as comp
from pipeline.publication.compendium import build_compendium, compile_round, write_compendium
from pipeline.publication.compendium.content import qr_urls
from pipeline.publication.compendium.qr import QrCodes
from pipeline.returns.answers import current_submissions
from pipeline.round.folder import RoundDir
from pipeline.workers import cpu_count

LONG_LINK = "https://video.example/" + "x" * 2400


def _qr_pictures(data: bytes) -> list[str]:
    xml = parts(data)["word/document.xml"].decode()
    return [d for d in xml.split("<wp:docPr")[1:] if 'descr="QR-Code' in d]


def test_a_link_too_long_for_a_qr_code_leaves_out_only_that_code(tmp_path, capsys):
    returns = dict(RETURNS)
    given, outcome = returns["p01"]
    returns["p01"] = ({**given, "media_link": LONG_LINK}, outcome)
    rd = make_round(tmp_path / "r", returns)
    result = compile_round(rd, lang="de")
    assert result.docx.exists()
    assert len(result.skipped) == 1
    skipped = result.skipped[0]
    assert (skipped.project, skipped.title) == ("p01", "Hinsehen statt Wegklicken")
    assert "QR-Code" in skipped.part and "10.1" in skipped.part
    assert "p01" in (result.message or "") and "QR-Code" in (result.message or "")
    data = result.docx.read_bytes()
    document = Document(io.BytesIO(data))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Hinsehen statt Wegklicken" in chapters and "Demokratie spielen" in chapters
    xml = parts(data)["word/document.xml"].decode()
    assert LONG_LINK in xml  # the link itself is still there, as text with a hyperlink
    assert "demokratie-spielen.mp3" in xml
    assert len(_qr_pictures(data)) == 1  # p06's code is drawn, p01's is left out

    assert main(["--lang", "de", "compile", "--round", str(rd)]) == 1
    err = capsys.readouterr().err
    assert "p01" in err and "QR-Code" in err and "Traceback" not in err
    assert "unerwartetes Problem" not in err


def test_qr_codes_drawn_by_the_worker_fail_the_same_way(tmp_path):
    rd = make_round(tmp_path / "r", {"p01": RETURNS["p01"]})
    q = load_questionnaire(RoundDir(rd).definition, "de")
    record = RoundDir(rd).load()
    first = current_submissions(RoundDir(rd))[0]
    subs = []
    for n in range(30):  # enough links for the worker process (see pipeline.workers)
        link = LONG_LINK if n == 7 else f"https://video.example/folge-{n}"
        answers = {**first.answers, "media_link": link, "project_name": f"Praxis {n:02d}"}
        subs.append(replace(first, project=f"x{n:02d}", answers=answers))
    codes = QrCodes(qr_urls(q, comp.select_practices(q, record, subs, "de")))
    try:
        assert len(codes.futures) == (30 if cpu_count() > 1 else 0)
    finally:
        codes.close()
    buffer = io.BytesIO()
    skipped = write_compendium(buffer, q, record, subs, "de", today=TODAY)
    assert [(s.project, s.title) for s in skipped] == [("x07", "Praxis 07")]
    assert len(_qr_pictures(buffer.getvalue())) == 29
    assert buffer.getvalue() == build_compendium(q, record, subs, "de", today=TODAY)


def test_a_practice_whose_chapter_cannot_be_written_is_left_out_and_named(tmp_path):
    rd = make_round(tmp_path / "r", {"p01": RETURNS["p01"], "p02": RETURNS["p02"]})
    q = load_questionnaire(RoundDir(rd).definition, "de")
    record = RoundDir(rd).load()
    subs = current_submissions(RoundDir(rd))
    broken = {**subs[1].answers, "approach": "Text mit einem Steuerzeichen \x01 darin"}
    subs[1] = replace(subs[1], answers=broken)
    buffer = io.BytesIO()
    skipped = write_compendium(buffer, q, record, subs, "de", today=TODAY)
    assert [(s.project, s.part) for s in skipped] == [("p02", "5.1 Vorgehen und Methoden")]
    document = Document(io.BytesIO(buffer.getvalue()))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Streetwork im Netz" in chapters and "Hinsehen statt Wegklicken" in chapters
    texts = [p.text for p in document.paragraphs]
    assert "Wir sind in Chats präsent." not in texts  # the broken section only is left out
    assert "Vorgehen und Methoden" in texts  # p01's section is there
