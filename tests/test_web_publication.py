"""praxis serve's publication page on the demo round (issue 14.2): the tables (``praxis
aggregate``) and the compendium (``praxis compile`` with its choices) as long jobs, the result as
the command line tells it, the files to download."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from tests.test_web_letters import finished, text_of
from tests.webtools import client, config_for, demo_copy


@pytest.fixture
def round_dir(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "demo")


def document_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_the_compendium_of_approved_chapters_only_holds_p01(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    started = c.post(
        "/publication/compendium",
        data={"csrf": c.csrf, "approved_only": "1"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    assert started.headers["location"] == "/publication#compendium"
    job = finished(c, "/publication")
    assert (job["kind"], job["state"], job["message"]) == ("compendium", "done", "")
    job_page = c.get(f"/jobs/{job['id']}?next=/publication")  # the page without JavaScript
    assert "Fertig." in text_of(job_page.text)
    assert 'href="/publication"' in job_page.text
    shown = text_of(c.get("/publication").text)
    assert "Geschrieben: compendium-de.docx. 1 Praktik im Kompendium." in shown
    assert "Nicht im Kompendium (7 Praktiken):" in shown
    assert "p02: nicht freigegeben (Stand: eingegangen)" in shown

    answer = c.get("/publication/compendium/files/compendium-de.docx")
    assert answer.status_code == 200
    text = document_text(answer.content)
    assert "Hinsehen statt Wegklicken" in text  # p01, approved
    for title in ("Streetwork im Netz", "Discord-Dialog", "Counter-Narratives Lab"):
        assert title not in text


def test_the_compendium_in_english_is_listed_beside_the_german_one(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    shown = c.get("/publication").text
    assert '<option value="de" selected>Deutsch</option>' in shown
    assert '<option value="en">Englisch</option>' in shown
    c.post("/publication/compendium", data={"csrf": c.csrf, "lang": "en"})
    assert finished(c, "/publication")["state"] == "done"
    shown = text_of(c.get("/publication").text)
    assert "Geschrieben: compendium-en.docx." in shown
    untranslated = "p09: 8 answers in German, not translated: 1.3, 1.11, 4.1, 4.2, 5.1, 6.1, 8.1"
    assert f"{untranslated}, 9.1" in shown
    files = sorted(p.name for p in (round_dir / "compendium").iterdir() if p.is_file())
    assert files == ["compendium-de.docx", "compendium-en.docx"]
    english = c.get("/publication/compendium/files/compendium-en.docx")
    assert "Compendium of promising practices" in document_text(english.content)
    assert c.get("/publication/compendium/files/compendium-de.docx").status_code == 200


def test_a_pdf_without_libreoffice_says_so_without_a_traceback(
    round_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRAXIS_SOFFICE", "none")
    c = client(config_for(round_dir))
    c.post("/publication/compendium", data={"csrf": c.csrf, "pdf": "1"})
    assert finished(c, "/publication")["state"] == "done"
    page = c.get("/publication").text
    assert "LibreOffice" in text_of(page)
    assert "Traceback" not in page
    assert not (round_dir / "compendium" / "compendium-de.pdf").exists()
    assert c.get("/publication/compendium/files/compendium-de.pdf").status_code == 404


def test_the_tables_are_built_with_the_separator_chosen(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    (round_dir / "tables" / "answers.csv").unlink()
    c.post("/publication/tables", data={"csrf": c.csrf, "csv_sep": ","})
    job = finished(c, "/publication")
    assert (job["kind"], job["state"]) == ("tables", "done")
    assert "10 Dateien geschrieben." in text_of(c.get("/publication").text)
    csv = c.get("/publication/tables/files/answers.csv")
    assert csv.status_code == 200
    assert csv.content.splitlines()[0].count(b",") > 10
    assert csv.content == (round_dir / "tables" / "answers.csv").read_bytes()
    assert c.get("/publication/tables/files/answers.xlsx").status_code == 200


def test_only_the_files_of_tables_and_compendium_are_sent(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    (round_dir / "tables" / "notes.txt").write_text("private", "utf-8")
    for path in (
        "/publication/tables/files/notes.txt",
        "/publication/tables/files/..%2Fround.json",
        "/publication/compendium/files/round.json",
        "/publication/reports/files/p01.md",
    ):
        assert c.get(path).status_code == 404, path
    assert "notes.txt" not in c.get("/publication").text


def test_the_compendium_is_built_and_downloaded_in_a_browser_accessibly(tmp_path: Path) -> None:
    from tests.webtools import axe_findings, chromium, new_page, running

    root = demo_copy(tmp_path / "demo")
    (root / "compendium" / "compendium-de.docx").unlink()
    with running(config_for(root)) as config, chromium() as browser:
        page = new_page(browser, config)
        page.get_by_role("link", name="Veröffentlichung", exact=True).click()
        assert page.locator("h1").inner_text() == "Veröffentlichung"
        assert "Noch kein Kompendium erstellt." in page.locator("main").inner_text()
        assert axe_findings(page) == []
        page.get_by_label("Nur freigegebene Kapitel aufnehmen").check()
        page.get_by_role("button", name="Kompendium erstellen").click()
        page.get_by_text("1 Praktik im Kompendium.").wait_for()  # app.js reloaded the page
        assert "Nicht im Kompendium (7 Praktiken):" in page.locator("main").inner_text()
        assert axe_findings(page) == []
        with page.expect_download() as download:
            page.get_by_role("link", name="compendium-de.docx", exact=True).click()
        assert download.value.suggested_filename == "compendium-de.docx"
        text = document_text(Path(download.value.path()).read_bytes())
        assert "Hinsehen statt Wegklicken" in text
        assert "Streetwork im Netz" not in text
