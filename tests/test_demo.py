"""praxis demo: the whole line on the bundled example, and the compendium it ends with."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from pipeline.cli import main
from pipeline.demo import MARKER, demo_answers
from pipeline.errors import RoundError
from pipeline.returns.ingest import store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir
from tests.webtools import DEMO_PRACTICES

CONSENTED = {  # consent_publish true and a complete return
    "p01": "Hinsehen statt Wegklicken",
    "p02": "Streetwork im Netz",
    "p03": "Discord-Dialog",
    "p04": "Wegweiser Ausstieg",
    "p07": "Faktencheck Jugend",
    "p09": "Peer-Botschafter*innen",
    "p11": "Online Outreach Bremen",
    "p12": "Counter-Narratives Lab",
}
NOT_TO_BE_SEEN = (  # p04 did not consent to naming the contact; p08 not to publication
    "Markus Lehmann",
    "m.lehmann@exit-brandenburg.example",
    "Elena Fischer",
    "e.fischer@irf-berlin.example",
    "Monitoring Verschwörungsdenken",
)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "demo"
    assert main(["--lang", "de", "demo", "--out", str(out)]) == 0
    return out


def _xml_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(
            z.read(n).decode("utf-8", "replace")
            for n in z.namelist()
            if n.endswith((".xml", ".rels"))
        )


def test_demo_produces_every_result(demo_dir):
    assert len(list((demo_dir / "forms").glob("*.docx"))) == 12
    assert len(list((demo_dir / "forms").glob("*.xlsx"))) == 12
    assert (demo_dir / "tables" / "answers.xlsx").exists()
    assert (demo_dir / "compendium" / "compendium-de.docx").exists()
    assert (demo_dir / "reports" / "p05-rueckfrage.docx").exists()
    formats = {e["format"] for e in demo_answers().values()}
    assert formats == {"docx", "xlsx"}


def test_demo_outcomes(demo_dir):
    with Store(store_path(RoundDir(demo_dir))) as store:
        outcomes = {s.project: s.outcome for s in store.submissions()}
    assert set(outcomes) == set(demo_answers())
    assert outcomes.pop("p05") == "incomplete"
    assert set(outcomes.values()) == {"accepted"}
    assert "p06" not in outcomes and "p10" not in outcomes


def test_compendium_has_one_chapter_per_consented_practice(demo_dir):
    doc = Document(demo_dir / "compendium" / "compendium-de.docx")
    practices = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for name in CONSENTED.values():
        assert practices.count(name) == 1, (name, practices)
    assert "Angehörigenberatung Hessen" not in practices  # incomplete
    assert "Monitoring Verschwörungsdenken" not in practices  # no consent


def test_compendium_charts_have_alt_text(demo_dir):
    path = demo_dir / "compendium" / "compendium-de.docx"
    with zipfile.ZipFile(path) as z:
        images = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(images) >= 4  # charts and QR codes
    xml = _xml_text(path)
    assert xml.count("<wp:docPr") >= len(images) - 1
    assert 'descr=""' not in xml


def test_no_personal_data_without_consent_anywhere(demo_dir):
    xml = _xml_text(demo_dir / "compendium" / "compendium-de.docx")
    for text in NOT_TO_BE_SEEN:
        assert text not in xml, text
    assert "Jana Petersen" in xml  # p01 consented to naming the contact


def test_demo_marks_its_folder_and_never_writes_over_others(demo_dir, tmp_path):
    assert (demo_dir / MARKER).exists()
    (tmp_path / "mine.txt").write_text("not a demo", encoding="utf-8")
    from pipeline.demo import run_demo

    with pytest.raises(RoundError, match="nicht leer"):
        run_demo(tmp_path, "de")
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "not a demo"


def test_compile_command_can_include_incomplete_returns(demo_dir, tmp_path):
    """Runs last: it compiles the demo round again, now with the incomplete return."""
    import shutil

    round_copy = tmp_path / "round"
    shutil.copytree(demo_dir, round_copy)
    assert main(["--quiet", "compile", "--round", str(round_copy), "--include", "incomplete"]) == 0
    doc = Document(round_copy / "compendium" / "compendium-de.docx")
    practices = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "Angehörigenberatung Hessen" in practices
    assert "Monitoring Verschwörungsdenken" not in practices
    assert main(["compile", "--round", str(round_copy), "--include", "everything"]) == 2


def test_demo_publishes_with_the_example_settings_as_word_and_web_edition(demo_dir):
    xml = _xml_text(demo_dir / "compendium" / "compendium-de.docx")
    assert "Gute Praxis in der digitalen Extremismusprävention" in xml  # the example's title
    assert "Impressum" in xml and "Vorwort" in xml and "Methode und Auswahl" in xml
    assert "https://creativecommons.org/licenses/by/4.0/" in xml  # the licence's link
    assert 'descr="Logo der Fördergeber*innen (Platzhalter)"' in xml
    assert (demo_dir / "publication" / "publication.yaml").is_file()
    index = (demo_dir / "compendium" / "web" / "index.html").read_text("utf-8")
    assert "<h1>Gute Praxis in der digitalen Extremismusprävention</h1>" in index
    assert len(list((demo_dir / "compendium" / "web" / "practice").glob("*.html"))) == 8


def _chapter_pages(pdf: Path, titles: list[str]) -> dict[str, int]:
    """The page on which each chapter title stands (pdftotext, page by page)."""
    import subprocess

    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return {t: next(n for n, p in enumerate(pages, 1) if t in p) for t in titles}


@pytest.mark.office
def test_demo_writes_the_pdf_with_at_most_two_pages_per_practice(demo_dir):
    pdf = demo_dir / "compendium" / "compendium-de.pdf"
    assert pdf.is_file()  # the demo writes the PDF where LibreOffice is installed
    titles = DEMO_PRACTICES
    starts = _chapter_pages(pdf, [*titles, "Der Fragebogen"])
    appendix = starts.pop("Der Fragebogen")
    first = min(starts.values())
    assert first <= 10  # front matter, contents, introduction and overview: nine pages
    assert appendix - first <= 2 * len(titles)  # the chapters: at most two pages each
