"""The compendium's front matter, from publication settings: title page, imprint (with the
licence as a link and the funders' logos as pictures with alternative text), foreword,
"Methode und Auswahl", and an introduction in plain words. Read back from the generated
document's XML parts (and, with LibreOffice, from its PDF)."""

from __future__ import annotations

import datetime as dt
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import soffice_or_skip
from lxml import etree

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.publication import (
    Funding,
    Image,
    Imprint,
    Licence,
    PublicationSettings,
)
from pipeline.definition.text import Text
from pipeline.publication.compendium import (
    build_compendium,
    compile_round,
    write_chapter,
    write_compendium,
)
from pipeline.publication.compendium.selection import select_practices
from pipeline.publication.example_settings import write_example_settings
from pipeline.returns.answers import current_submissions
from pipeline.round.folder import RoundDir
from tests.webtools import demo_copy

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "r": R, "wp": WP}
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TITLE_DE = "Gute Praxis in der digitalen Extremismusprävention"
DISCLAIMER_DE = (
    "Beispieltext eines Haftungsausschlusses – bitte durch den Wortlaut Ihrer Fördergeber*innen "
    "ersetzen. Die Veröffentlichung stellt keine Meinungsäußerung der Fördergeber*innen dar. Für "
    "inhaltliche Aussagen tragen die Autor*innen die Verantwortung."
)


class Docx:
    """The parts of a .docx read as XML: the body's paragraphs, relationships, properties."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as package:
            self.body = etree.fromstring(package.read("word/document.xml"))
            self.rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
            self.core = etree.fromstring(package.read("docProps/core.xml"))
            self.footer = b"".join(
                package.read(n) for n in package.namelist() if n.startswith("word/footer")
            ).decode("utf-8")

    def paragraphs(self) -> list[tuple[str, str]]:
        """(style id, text) of every body paragraph, table cells included, in order."""
        found = []
        for p in self.body.iter(f"{{{W}}}p"):
            style = p.find("w:pPr/w:pStyle", NS)
            text = "".join(p.itertext())
            found.append((style.get(f"{{{W}}}val") if style is not None else "", text))
        return found

    def texts(self) -> list[str]:
        return [text for _, text in self.paragraphs()]

    def styled(self, style: str) -> list[str]:
        return [text.strip() for s, text in self.paragraphs() if s == style]

    def pictures(self) -> list[str]:
        """The alternative texts of the pictures (``wp:docPr descr``), in order."""
        return [d.get("descr") for d in self.body.iterfind(".//wp:docPr", NS)]

    def links(self) -> list[tuple[str, str]]:
        """(text, target) of every external hyperlink."""
        targets = {r.get("Id"): r.get("Target") for r in self.rels}
        return [
            ("".join(link.itertext()), targets[link.get(f"{{{R}}}id")])
            for link in self.body.iterfind(".//w:hyperlink", NS)
            if link.get(f"{{{R}}}id")
        ]

    def title(self) -> str:
        node = self.core.find("{http://purl.org/dc/elements/1.1/}title")
        return node.text if node is not None else ""


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return demo_copy(tmp_path_factory.mktemp("front") / "demo")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return write_example_settings(tmp_path_factory.mktemp("settings") / "beispiel")


@pytest.fixture(scope="module")
def german(demo, example) -> Path:
    return compile_round(demo, "de", config=example).docx


def q_network() -> str:
    return "Netzwerk Extremismusprävention im digitalen Raum"


def today() -> str:
    return dt.date.today().strftime("%d.%m.%Y")


def _between(texts: list[str], start: str, end: str) -> list[str]:
    first = texts.index(start)
    return texts[first + 1 : texts.index(end, first)]


def test_the_title_page_is_made_of_the_settings(german):
    doc = Docx(german)
    texts = doc.texts()
    assert texts[0] == TITLE_DE
    assert doc.styled("Title") == [TITLE_DE]
    assert doc.styled("Subtitle") == [
        "Ein Kompendium aus dem Netzwerk Extremismusprävention im digitalen Raum"
    ]
    title_page = texts[: texts.index("Impressum")]
    assert "Koordinierungsstelle des Netzwerks Extremismusprävention im digitalen Raum" in (
        title_page
    )
    assert "2026" in title_page
    assert doc.pictures()[0] == (
        "Platzhalter-Titelbild aus farbigen Flächen und Kreisen, die für ein Netzwerk stehen"
    )
    assert doc.title() == TITLE_DE
    assert f"{TITLE_DE} · Seite" in doc.footer


def test_the_imprint_says_who_publishes_and_funds_with_the_disclaimer_as_supplied(german):
    texts = Docx(german).texts()
    imprint = _between(texts, "Impressum", "Vorwort")
    assert imprint == [
        "Herausgegeben von",
        "Beispielverein für Demokratiebildung e. V.Postfach 10 20 3010115 Berlin",
        "Redaktion",
        "Koordinierungsstelle des Netzwerks Extremismusprävention im digitalen Raum"
        "Musterstraße 1210115 Berlin",
        "Verantwortlich für den Inhalt",
        "Dr. Erika Mustermann (Koordinierungsstelle)",
        "Kontakt",
        "praxis@netzwerk-praevention.example, Telefon 030 1234567",
        "Erscheinungsjahr",
        "2026",
        "Lizenz",
        "CC BY 4.0",
        "Dieses Werk steht unter der Lizenz Creative Commons Namensnennung 4.0 International. "
        "Sie dürfen es teilen und bearbeiten, wenn Sie die Herausgeber*innen nennen.",
        "Förderung",
        "Gefördert vom Bundesministerium für Beispielangelegenheiten im Rahmen des "
        "Bundesprogramms „Demokratie leben!“ (Beispieltext).",
        "\u2003\u2003",  # the paragraph of the two logos, side by side
        DISCLAIMER_DE,
    ]


def test_the_address_keeps_its_lines(german):
    doc = Docx(german)
    address = next(
        p for p in doc.body.iter(f"{{{W}}}p") if "".join(p.itertext()).startswith("Beispielverein")
    )
    assert len(address.findall(".//w:br", NS)) == 2


def test_the_licence_name_is_a_link_to_its_url(german):
    assert ("CC BY 4.0", LICENCE_URL) in Docx(german).links()


def test_the_logos_are_pictures_with_their_alternative_text(german):
    assert Docx(german).pictures()[:3] == [
        "Platzhalter-Titelbild aus farbigen Flächen und Kreisen, die für ein Netzwerk stehen",
        "Logo des Netzwerks (Platzhalter)",
        "Logo der Fördergeber*innen (Platzhalter)",
    ]


def test_foreword_and_method_follow_the_imprint_before_the_contents(german):
    doc = Docx(german)
    texts = doc.texts()
    assert doc.styled("Heading1")[:4] == [
        "Impressum",
        "Vorwort",
        "Methode und Auswahl",
        "Einleitung",
    ]
    foreword = _between(texts, "Vorwort", "Methode und Auswahl")
    assert len(foreword) == 2
    assert foreword[0].startswith("Wie erreicht Prävention junge Menschen dort,")
    assert foreword[1].endswith("die sich die Zeit genommen haben, ihre Arbeit zu beschreiben.")
    method = _between(texts, "Methode und Auswahl", "Inhalt")
    assert method[1].startswith("Aufgenommen sind die Praktiken der Projekte, die den Fragebogen")
    assert doc.styled("toc1")[0].startswith('TOC \\o "1-2" \\h \\z \\u Vorwort')  # listed


def test_the_introduction_says_in_plain_words_who_was_asked(german):
    texts = Docx(german).texts()
    introduction = _between(texts, "Einleitung", "Überblick")
    assert introduction[0] == (
        "Dieses Kompendium stellt gute Praxis vor, die im Rahmen von „Netzwerk "
        "Extremismusprävention im digitalen Raum“ gesammelt wurde. Die Projekte haben in einem "
        "Fragebogen beschrieben, was sie tun, "
        "für wen, wie und mit welchen Erfahrungen."
    )
    assert (
        "Befragt wurden 12 Projekte; 10 haben den Fragebogen zurückgesendet. Dieses Kompendium "
        "stellt 8 Praktiken vor, deren Projekte einer Veröffentlichung zugestimmt haben."
    ) in introduction
    before_appendix = "\n".join(texts[: texts.index("Anhang")])  # the appendix names it
    assert "Version 2025.1" not in before_appendix
    assert "Erhebungsrunde" not in before_appendix


def test_without_settings_nothing_is_printed_that_is_not_set(tmp_path):
    root = demo_copy(tmp_path / "demo")
    doc = Docx(compile_round(root, "de").docx)
    texts = doc.texts()
    assert texts[0] == "Kompendium Promising Practices"
    assert doc.title() == "Kompendium Promising Practices"
    assert doc.styled("Heading1")[0] == "Einleitung"
    front = texts[: texts.index("Inhalt")]
    assert front == ["Kompendium Promising Practices", q_network(), "Stand: " + today()]
    for absent in ("Impressum", "Vorwort", "Methode und Auswahl", "Lizenz"):
        assert absent not in texts
    assert doc.pictures()[0].startswith("Balkendiagramm")  # no cover, no logos


def test_a_partial_imprint_prints_only_what_is_set(tmp_path):
    root = demo_copy(tmp_path / "demo")
    config = tmp_path / "publication.yaml"
    config.write_text(
        "title: Gute Praxis 2026\nimprint: {contact: info@example.org}\nlicence: {name: CC0}\n",
        "utf-8",
    )
    doc = Docx(compile_round(root, "de", config=config).docx)
    texts = doc.texts()
    assert texts[0] == "Gute Praxis 2026"
    assert _between(texts, "Impressum", "Inhalt") == [
        "Kontakt",
        "info@example.org",
        "Lizenz",
        "CC0",
    ]
    assert "Vorwort" not in texts and "Methode und Auswahl" not in texts
    assert [text for text, _ in doc.links() if text == "CC0"] == []  # no URL: no link


def test_the_english_compendium_has_the_english_front_matter(demo, example):
    doc = Docx(compile_round(demo, "en", config=example).docx)
    texts = doc.texts()
    assert texts[0] == "Promising practices in preventing extremism online"
    assert doc.styled("Heading1")[:4] == [
        "Imprint",
        "Foreword",
        "Method and selection",
        "Introduction",
    ]
    imprint = _between(texts, "Imprint", "Foreword")
    assert imprint[:2] == [
        "Published by",
        "Beispielverein für Demokratiebildung e. V. (example association)"
        "P.O. Box 10 20 3010115 Berlin, Germany",
    ]
    assert "Logo of the funder (placeholder)" in doc.pictures()
    assert ("CC BY 4.0", LICENCE_URL) in doc.links()


def _inputs(root: Path):
    rd = RoundDir(root)
    record = rd.load()
    q = load_questionnaire(rd.definition, "de")
    return q, record, current_submissions(rd)


def test_equal_settings_give_equal_bytes_and_a_lost_logo_is_named_as_left_out(
    demo, example, tmp_path
):
    q, record, subs = _inputs(demo)
    base = example.parent
    settings = PublicationSettings(
        title=Text.of("Gute Praxis", q.languages),
        imprint=Imprint(responsible=Text.of("Erika Mustermann", q.languages)),
        licence=Licence("CC BY 4.0", LICENCE_URL),
        funding=Funding(
            logos=(
                Image(base / "logo-netzwerk.png", Text.of("Logo Netzwerk", q.languages)),
                Image(base / "verloren.png", Text.of("Logo Förderer", q.languages)),
            )
        ),
    )
    day = dt.date(2026, 12, 1)
    first = build_compendium(q, record, subs, "de", today=day, settings=settings)
    assert build_compendium(q, record, subs, "de", today=day, settings=settings) == first
    with (tmp_path / "out.docx").open("wb") as handle:
        skipped = write_compendium(handle, q, record, subs, "de", today=day, settings=settings)
    assert [(s.project, s.part) for s in skipped] == [("", "das Logo „Logo Förderer“")]
    assert "FileNotFoundError" in skipped[0].detail


def test_a_chapter_proof_has_no_front_matter(demo, tmp_path):
    q, record, subs = _inputs(demo)
    practice = select_practices(q, record, subs, "de")[0]
    path = tmp_path / "proof.docx"
    with path.open("wb") as handle:
        write_chapter(handle, q, practice, "de")
    doc = Docx(path)
    assert doc.title() == practice.title
    assert "Impressum" not in doc.texts() and doc.styled("Title") == []


def test_the_pdf_shows_title_page_then_imprint(demo, example, tmp_path):
    soffice_or_skip()
    result = compile_round(demo, "de", config=example, pdf=True)
    assert result.pdf is not None

    def page(number: int) -> str:
        args = ["pdftotext", "-f", str(number), "-l", str(number), str(result.pdf), "-"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    first, second = page(1), page(2)
    assert "Gute Praxis in der digitalen" in first and "Impressum" not in first
    lines = [line for line in second.splitlines() if line.strip()]
    assert lines[:2] == ["Netzwerk Extremismusprävention im digitalen Raum", "Impressum"]
    assert "Gefördert vom Bundesministerium für Beispielangelegenheiten" in second
    assert "Vorwort" in page(3) and "Methode und Auswahl" in page(3)
