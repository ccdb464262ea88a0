"""The compendium's layout: chapters that flow without near-empty pages, at most two pages per
practice, headings kept with what follows, fact boxes and media blocks not split, answer
tables with a repeated header row.

The demo round is compiled with ``pdf=True`` (LibreOffice); the PDF is read page by page with
poppler's ``pdftotext -layout``, the docx as its XML.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pipeline.office import find_soffice
from pipeline.publication.compendium import compile_round
from tests.webtools import DEMO_PRACTICES, demo_copy

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PRACTICES = tuple(DEMO_PRACTICES)
GROUPS = (
    "Monitoring & Analyse",
    "Digitale Soziale Arbeit",
    "Online-Streetwork",
    "Beratung (Ausstieg, Distanzierung, Angehörige)",
    "Politische Bildung",
    "Medienkompetenz",
)
HEADER = "Netzwerk Extremismusprävention im digitalen Raum"
QUARTER = 10
"""Lines of text on a quarter of a page (a full page has about 40)."""


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    root = demo_copy(tmp_path_factory.mktemp("layout") / "demo")
    if find_soffice() is None or shutil.which("pdftotext") is None:
        compile_round(root)
        return root
    result = compile_round(root, pdf=True)
    assert result.pdf is not None, result.messages
    return root


def _pdf(root: Path) -> Path:
    pdf = root / "compendium" / "compendium-de.pdf"
    if not pdf.exists():
        pytest.skip("LibreOffice or poppler (pdftotext) is not installed")
    return pdf


def _pages(pdf: Path) -> list[list[str]]:
    """Each page's lines of text (without empty lines, the running header and the footer)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in text.split("\f")[:-1]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        pages.append([x for x in lines if x != HEADER and "· Seite" not in x])
    return pages


def _starts(pages: list[list[str]]) -> dict[str, int]:
    """The page (1-based) each practice's title stands on as a heading: a line of its own,
    after the table of contents."""
    starts = {}
    for title in PRACTICES:
        found = [n for n, page in enumerate(pages, 1) if n > 2 and title in page]
        assert found, title
        starts[title] = found[0]
    return starts


def _appendix(pages: list[list[str]]) -> int:
    return next(n for n, page in enumerate(pages, 1) if n > 2 and page[:1] == ["Anhang"])


def _at_top(page: list[str], title: str) -> bool:
    """Whether the chapter ``title`` starts the page (under its group's heading, if any)."""
    top = page[:3] if page[:1] and page[0] in GROUPS else page[:1]
    return title in top


def test_every_practice_takes_at_most_two_pages(compiled):
    pages = _pages(_pdf(compiled))
    starts = _starts(pages)
    order = list(starts.values())
    assert order == sorted(order)  # in the compendium's order
    ends = []
    for n in range(len(PRACTICES)):
        if n + 1 < len(PRACTICES):
            following = PRACTICES[n + 1]
            nxt = starts[following]
            ends.append(nxt - 1 if _at_top(pages[nxt - 1], following) else nxt)
        else:
            ends.append(_appendix(pages) - 1)
    spans = {title: end - starts[title] + 1 for title, end in zip(PRACTICES, ends, strict=True)}
    assert all(1 <= span <= 2 for span in spans.values()), spans
    assert sum(spans.values()) <= 2 * len(PRACTICES)


def test_no_nearly_empty_page_among_the_chapters(compiled):
    """Every page from the first chapter to the appendix is at least a quarter full, but the
    last one (where the last chapter ends). Before chapters flowed, each started a new page:
    the demo's 8 took 15 pages (25 in all), 5 of them with a few lines only; now 11."""
    pages = _pages(_pdf(compiled))
    first, appendix = _starts(pages)[PRACTICES[0]], _appendix(pages)
    lines = {n: len(pages[n - 1]) for n in range(first, appendix - 1)}
    assert all(count >= QUARTER for count in lines.values()), lines
    assert appendix - first <= 2 * len(PRACTICES)


def test_a_group_heading_stands_on_the_page_of_its_first_practice(compiled):
    pages = _pages(_pdf(compiled))
    firsts = {
        "Monitoring & Analyse": "Hinsehen statt Wegklicken",
        "Digitale Soziale Arbeit": "Counter-Narratives Lab",
        "Online-Streetwork": "Online Outreach Bremen",
        "Politische Bildung": "Peer-Botschafter*innen",
    }
    for group, title in firsts.items():
        page = next(p for n, p in enumerate(pages, 1) if n > 2 and group in p)
        assert page.index(group) < page.index(title), group


def test_the_qr_code_stands_beside_its_link_on_one_page(compiled):
    """The media block (heading, QR code and link) is not split: the heading and the link on
    the same page."""
    pages = _pages(_pdf(compiled))
    for link in ("https://video.example/discord-dialog", "https://audio.example/online-outreach"):
        (page,) = [p for p in pages if any(link in line for line in p)]
        line = next(n for n, x in enumerate(page) if link in x)
        assert page[line - 1].startswith("Scannen Sie den QR-Code")
        assert "Zum Anschauen und Anhören" in page[:line]


# --- the docx: the properties that keep things together ----------------------------------------


def _body(root: Path) -> etree._Element:
    with zipfile.ZipFile(root / "compendium" / "compendium-de.docx") as zf:
        return etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")


def _text(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t"))


def _style(paragraph: etree._Element) -> str:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else ""


def _has(paragraph: etree._Element, prop: str) -> bool:
    return paragraph.find(f"{W}pPr/{W}{prop}") is not None


def test_headings_keep_with_the_next_paragraph(compiled):
    body = _body(compiled)
    headings = [p for p in body.iter(f"{W}p") if _style(p).startswith("Heading")]
    assert len(headings) > 90
    assert {_text(h) for h in headings} >= set(PRACTICES) | set(GROUPS)
    assert all(_has(h, "keepNext") and _has(h, "keepLines") for h in headings)
    with zipfile.ZipFile(compiled / "compendium" / "compendium-de.docx") as zf:
        styles = etree.fromstring(zf.read("word/styles.xml"))
    for style in ("Heading1", "Heading2", "Heading3"):
        (node,) = styles.xpath(f"//w:style[@w:styleId='{style}']", namespaces={"w": W[1:-1]})
        assert node.find(f"{W}pPr/{W}keepNext") is not None, style


def test_fact_box_rows_do_not_split_and_the_box_stays_together(compiled):
    body = _body(compiled)
    boxes = [t for t in body.iter(f"{W}tbl") if _text(t.find(f"{W}tr")) == "Steckbrief"]
    assert len(boxes) == len(PRACTICES)
    for box in boxes:
        rows = box.findall(f"{W}tr")
        assert len(rows) > 10
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
        for row in rows[:-1]:
            assert all(_has(p, "keepNext") for p in row.iter(f"{W}p"))
        assert not any(_has(p, "keepNext") for p in rows[-1].iter(f"{W}p"))


def test_answer_tables_repeat_their_header_and_media_blocks_keep_the_qr_beside_the_link(
    compiled,
):
    body = _body(compiled)
    partners = [t for t in body.iter(f"{W}tbl") if _text(t.find(f"{W}tr")).startswith("Organ")]
    assert partners
    for table in partners:
        head, *rows = table.findall(f"{W}tr")
        assert head.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in [head, *rows])
    media = [t for t in body.iter(f"{W}tbl") if t.find(f".//{W}drawing") is not None]
    media = [t for t in media if t.find(f".//{W}hyperlink") is not None]
    assert len(media) == 2
    for table in media:
        (row,) = table.findall(f"{W}tr")
        qr, text = row.findall(f"{W}tc")
        assert qr.find(f".//{W}drawing") is not None and text.find(f".//{W}hyperlink") is not None
        heading = table.getprevious()
        assert _text(heading) == "Zum Anschauen und Anhören" and _has(heading, "keepNext")
