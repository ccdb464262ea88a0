"""The compendium's PDF is accessible (barrier-free, as German public funders expect): read
with pikepdf and poppler on the demo round's real PDF from LibreOffice, in German and English.
Tagged, with a structure tree in reading order, the document's language and title, bookmarks
from the headings, alternative text on every figure, the fact box's head cell a ``TH``, and
PDF/UA identification in the XMP metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from lxml import etree

from pipeline.forms.word.xml import w
from pipeline.publication.compendium import compile_round
from tests.conftest import soffice_or_skip
from tests.webtools import DEMO_PRACTICES, demo_copy

CHAPTERS = DEMO_PRACTICES
"""The demo's practices in the German compendium, in its order (by field of action)."""


XMP_TITLE = "{http://purl.org/dc/elements/1.1/}title"
PDFUA_PART = "{http://www.aiim.org/pdfua/ns/id/}part"
HEADINGS = ("/H1", "/H2", "/H3")


def practices(titles: list[str]) -> list[str]:
    """The demo's practices among ``titles`` (front matter and appendix may add more)."""
    return [title for title in titles if title in CHAPTERS]


@dataclass(frozen=True)
class Compiled:
    docx: Path
    pdf: Path


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Compiled]:
    """The demo round's compendium with ``--pdf``, once in German and once in English."""
    soffice_or_skip()
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdfinfo/pdftotext (poppler-utils) not installed")
    demo = demo_copy(tmp_path_factory.mktemp("accessible") / "demo")
    made = {}
    for lang in ("de", "en"):
        result = compile_round(demo, lang=lang, pdf=True)
        assert result.pdf is not None, result.messages
        made[lang] = Compiled(result.docx, result.pdf)
    return made


@pytest.fixture(scope="module")
def german(compiled: dict[str, Compiled]) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(compiled["de"].pdf) as pdf:
        yield pdf


def elements(node: object) -> Iterator[pikepdf.Dictionary]:
    """The structure elements under ``node``, in the tree's (reading) order."""
    if not isinstance(node, pikepdf.Dictionary):
        return
    if "/S" in node:
        yield node
    kids = node.get("/K")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            yield from elements(kid)
    elif kids is not None:
        yield from elements(kids)


def struct_headings(pdf: Path) -> list[tuple[str, str]]:
    """(H1/H2/H3, text) of each heading in the structure tree, in its order (the text from
    poppler's ``pdfinfo -struct-text``)."""
    out = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    found: list[tuple[str, str]] = []
    depth = -1
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip())
        start = re.match(r"\s*(H[1-6]) \(block\):$", line)
        if start:
            found.append((start.group(1), ""))
            depth = indent
        elif depth >= 0 and indent <= depth:
            depth = -1
        elif depth >= 0 and line.strip().startswith('"'):
            level, text = found[-1]
            found[-1] = (level, text + line.strip()[1:-1])
    return found


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(level, title, page) of each bookmark, in order."""
    pages = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
    entries: list[tuple[int, str, int]] = []

    def walk(items: list[pikepdf.OutlineItem], level: int) -> None:
        for item in items:
            entries.append((level, item.title, pages[item.destination[0].objgen]))
            walk(item.children, level + 1)

    with pdf.open_outline() as tree:
        walk(tree.root, 1)
    return entries


def page_text(pdf: Path, page: int) -> list[str]:
    """The lines of ``page`` (poppler's ``pdftotext -layout``), stripped."""
    args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines()]


def flowing(lines: list[str]) -> str:
    """A page's text as one line, runs of white space one space (a wrapped heading whole)."""
    return re.sub(r"\s+", " ", " ".join(lines))


@pytest.mark.office
def test_the_pdf_is_tagged_with_a_structure_tree(german: pikepdf.Pdf) -> None:
    assert german.Root.MarkInfo.Marked is True
    tree = german.Root.StructTreeRoot
    assert tree.Type == "/StructTreeRoot"
    kinds = [str(e.S) for e in elements(tree)]
    assert kinds[0] == "/Document"
    assert {"/H1", "/H2", "/H3", "/Table", "/TR", "/TH", "/TD", "/Figure", "/Link"} <= set(kinds)


@pytest.mark.office
@pytest.mark.parametrize(("lang", "tag"), [("de", "de-DE"), ("en", "en-GB")])
def test_the_document_language_is_the_compendium_s(
    compiled: dict[str, Compiled], lang: str, tag: str
) -> None:
    with pikepdf.open(compiled[lang].pdf) as pdf:
        assert str(pdf.Root.Lang) == tag


@pytest.mark.office
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_title_is_the_docx_title_and_shown_in_the_window(
    compiled: dict[str, Compiled], lang: str
) -> None:
    title = Document(str(compiled[lang].docx)).core_properties.title
    assert title  # whichever title the publication settings give (the docx is the source)
    with pikepdf.open(compiled[lang].pdf) as pdf:
        assert str(pdf.docinfo["/Title"]) == title
        assert pdf.open_metadata()[XMP_TITLE] == title
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


@pytest.mark.office
def test_pdf_ua_is_declared_in_the_xmp_metadata(german: pikepdf.Pdf) -> None:
    assert german.open_metadata()[PDFUA_PART] == "1"


@pytest.mark.office
def test_the_bookmarks_are_the_headings(german: pikepdf.Pdf, compiled: dict[str, Compiled]) -> None:
    marks = outline(german)
    headings = struct_headings(compiled["de"].pdf)
    assert [(level, title) for level, title, _ in marks] == [
        (int(kind[1]), text) for kind, text in headings
    ]
    assert practices([title for level, title, _ in marks if level == 2]) == CHAPTERS


@pytest.mark.office
def test_the_bookmarks_and_the_contents_name_the_same_pages(
    german: pikepdf.Pdf, compiled: dict[str, Compiled]
) -> None:
    """The two-pass measuring still fills the table of contents, with the pages the
    bookmarks lead to."""
    marks = {title: page for level, title, page in outline(german) if level == 2}
    pdf = compiled["de"].pdf
    contents = next(
        text
        for text in ("\n".join(page_text(pdf, page)) for page in range(1, 7))
        if re.search(rf"^{re.escape(CHAPTERS[0])}\.{{3,}}", text, re.M)
    )
    for chapter in CHAPTERS:
        found = re.search(rf"^{re.escape(chapter)}\.{{3,}}\s*(\d+)$", contents, re.M)
        assert found, chapter
        assert int(found.group(1)) == marks[chapter]
        assert chapter in page_text(pdf, marks[chapter])


@pytest.mark.office
def test_every_figure_has_alternative_text(german: pikepdf.Pdf) -> None:
    alts = [
        str(e.get("/Alt", "")) for e in elements(german.Root.StructTreeRoot) if e.S == "/Figure"
    ]
    assert len(alts) >= 9  # the overview's charts and two QR codes
    assert all(alt.strip() for alt in alts)
    assert "QR-Code zum Link https://video.example/discord-dialog" in alts  # not said twice
    assert any(
        alt.endswith("Balkendiagramm: Präventionsebene. universell: 5, selektiv: 2, indiziert: 1.")
        for alt in alts
    )


@pytest.mark.office
def test_the_fact_box_has_a_header_cell(german: pikepdf.Pdf, compiled: dict[str, Compiled]) -> None:
    out = subprocess.run(
        ["pdfinfo", "-struct-text", str(compiled["de"].pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    boxes = re.findall(
        r'^\s*(T[HD]):\n(?:\s*/.*\n)*\s*P \(block\):\n(?:\s*/.*\n)*\s*"Steckbrief"$', out, re.M
    )
    assert boxes == ["TH"] * len(CHAPTERS)


@pytest.mark.office
def test_the_headings_are_read_in_the_order_of_the_pages(
    german: pikepdf.Pdf, compiled: dict[str, Compiled]
) -> None:
    """The structure tree's headings come in the order they stand on the pages: page by page,
    and on each page from top to bottom."""
    pages = {page.objgen: n for n, page in enumerate(german.pages, 1)}
    tree = [e for e in elements(german.Root.StructTreeRoot) if e.S in HEADINGS]
    on_page = [pages[e.Pg.objgen] for e in tree]
    texts = [text for _, text in struct_headings(compiled["de"].pdf)]
    assert len(texts) == len(on_page) > 50
    assert on_page == sorted(on_page)
    for page in sorted(set(on_page)):
        text_of_page = flowing(page_text(compiled["de"].pdf, page))
        where = 0
        for text, at in zip(texts, on_page, strict=True):
            if at == page:
                where = text_of_page.index(text, where) + len(text)  # below the one before
    assert practices(
        [text for kind, text in struct_headings(compiled["de"].pdf) if kind == "H2"]
    ) == (CHAPTERS)


@pytest.mark.parametrize("template", [False, True])
@pytest.mark.parametrize(("lang", "tag"), [("de", "de-DE"), ("en", "en-GB")])
def test_the_docx_says_its_language_where_libreoffice_takes_the_pdf_s_from(
    tmp_path: Path, template: bool, lang: str, tag: str
) -> None:
    """The document defaults (and Normal) carry the compendium's language, also with a
    template made in another (python-docx's own: en-US)."""
    demo = demo_copy(tmp_path / "demo")
    own = tmp_path / "vorlage.docx"
    Document().save(str(own))
    result = compile_round(demo, lang=lang, template=own if template else None)
    with zipfile.ZipFile(result.docx) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
    default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    assert default.get(w("val")) == tag
    normal = styles.find(f"{w('style')}[@{w('styleId')}='Normal']/{w('rPr')}/{w('lang')}")
    assert normal.get(w("val")) == tag
