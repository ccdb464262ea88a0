"""The compendium's fast path (pipeline.speed.compendium) and its plain python-docx twin
(``PRAXIS_FAST=0``) write the same document; two threads may build at once."""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import replace

import pytest
from docx import Document
from test_compendium import TODAY, make_round

from pipeline.definition.loading import load_questionnaire
from pipeline.publication.compendium import build_compendium, write_compendium
from pipeline.returns.answers import current_submissions
from pipeline.round.folder import RoundDir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG_LINK = "https://video.example/" + "x" * 2400  # too long for a QR code


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    rd = RoundDir(make_round(tmp_path_factory.mktemp("speed") / "round"))
    q, record, subs = load_questionnaire(rd.definition, "de"), rd.load(), current_submissions(rd)
    bad = replace(subs[0], answers={**subs[0].answers, "media_link": LONG_LINK})
    return q, record, [bad, *subs[1:]]


def _content(data: bytes) -> dict[str, object]:
    """What a reader sees: every paragraph with its style (tables included, in order), the
    pictures, the links and the package's parts."""
    document = Document(io.BytesIO(data))
    paragraphs = []
    for p in document.element.body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        paragraphs.append((style.get(f"{W}val") if style is not None else "", text))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        media = {n: zf.read(n) for n in names if n.startswith("word/media/")}
    links = [r.target_ref for r in document.part.rels.values() if r.is_external]
    keep = ("keepNext", "keepLines", "pageBreakBefore", "cantSplit", "tblHeader")
    layout = [  # what keeps things together, in document order (paragraphs and rows)
        (node.tag.rpartition("}")[2], tuple(c.tag for c in node if c.tag[len(W) :] in keep))
        for node in document.element.body.iter(f"{W}pPr", f"{W}trPr")
    ]
    return {
        "layout": layout,
        "paragraphs": paragraphs,
        "headings": [t for s, t in paragraphs if s.startswith("Heading")],
        "pictures": len(list(document.element.body.iter(f"{W}drawing"))),
        "media": media,
        "links": links,
        "parts": names,
    }


def _build(inputs, monkeypatch, fast: str) -> tuple[bytes, list]:
    q, record, subs = inputs
    monkeypatch.setenv("PRAXIS_FAST", fast)
    buffer = io.BytesIO()
    skipped = write_compendium(buffer, q, record, subs, "de", today=TODAY)
    return buffer.getvalue(), [(s.project, s.part) for s in skipped]


def test_fast_and_plain_paths_give_the_same_document(inputs, monkeypatch):
    fast, fast_skipped = _build(inputs, monkeypatch, "1")
    plain, plain_skipped = _build(inputs, monkeypatch, "0")
    assert fast_skipped == plain_skipped == [("p01", "der QR-Code zu 10.1")]
    got, want = _content(plain), _content(fast)
    assert got == want
    assert "Streetwork im Netz" in got["headings"]
    assert got["pictures"] == len(got["media"]) == 7  # the charts and QR codes, not the long link's
    assert LONG_LINK in got["links"]


def test_two_threads_build_the_same_bytes_as_one(inputs, monkeypatch):
    monkeypatch.setenv("PRAXIS_FAST", "1")
    q, record, subs = inputs
    alone = build_compendium(q, record, subs, "de", today=TODAY)
    results: list[bytes] = []

    def build() -> None:
        results.append(build_compendium(q, record, subs, "de", today=TODAY))

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [alone, alone]
