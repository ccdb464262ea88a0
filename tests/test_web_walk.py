"""Issue 14's acceptance in a real browser: a round after generate walked through on the
page, as the coordinator would: see the 12 projects, upload three returns and a saved
e-mail, see their outcomes, correct an answer, approve a project, build the compendium and
download it; every page on the way checked with axe-core."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import expect

from pipeline.returns.answers import current_submissions
from pipeline.round.folder import RoundDir
from tests.webtools import axe_findings, chromium, config_for, fresh_round, new_page, running


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    import re

    return re.sub(r"<[^>]+>", "", xml)


def test_a_round_walked_through_on_the_page(tmp_path: Path) -> None:
    fresh = fresh_round(tmp_path)
    with running(config_for(fresh.root)) as config, chromium() as browser:
        page = new_page(browser, config)
        main = page.locator("main")
        assert "0 von 12 Projekten haben geantwortet." in main.inner_text()
        assert axe_findings(page) == []

        page.get_by_role("link", name="Projekte", exact=True).click()
        assert page.locator("tbody tr").count() == 12
        assert axe_findings(page) == []

        page.get_by_role("link", name="Posteingang").click()
        page.get_by_label("Dateien auswählen (oder hierher ziehen)").set_input_files(
            [str(p) for p in (*fresh.returns, fresh.mail)]
        )
        page.get_by_role("button", name="Hochladen und einlesen").click()
        page.wait_for_selector("table.ingest-results", timeout=90_000)
        results = page.locator("table.ingest-results").inner_text()
        assert "p02-streetwork-im-netz.xlsx\tp02\tangenommen" in results
        assert "p03-discord-dialog.docx\tp03\tangenommen" in results
        assert "p05-angehoerigenberatung-hessen.docx\tp05\tunvollständig" in results
        assert "Antwort p04.eml" in results
        assert "p04-wegweiser-ausstieg.docx\tp04\tangenommen" in results
        assert axe_findings(page) == []

        page.get_by_role("link", name="Runde", exact=True).click()
        assert "4 von 12 Projekten haben geantwortet." in main.inner_text()

        page.goto(config.base_url + "projects/p03")
        page.get_by_text("Korrigieren (Frage 8.3)").click()
        page.get_by_label("Neue Antwort auf Frage 8.3").fill("4,5")
        page.get_by_label("Grund der Korrektur (Frage 8.3)").fill("Telefonat am 3. Februar")
        page.get_by_role("button", name="Korrektur festhalten (Frage 8.3)").click()
        expect(page.get_by_role("status").first).to_be_visible()
        assert "korrigiert" in main.inner_text()
        assert axe_findings(page) == []
        page.get_by_label("Neuer Stand").select_option(label="freigegeben")
        page.get_by_label("Kommentar (freiwillig)").fill("Freigabe per E-Mail erteilt")
        page.get_by_role("button", name="Stand setzen").click()
        expect(page.get_by_role("status").filter(has_text="„freigegeben“")).to_be_visible()

        page.get_by_role("link", name="Veröffentlichung", exact=True).click()
        page.get_by_label("Nur freigegebene Kapitel aufnehmen").check()
        page.get_by_role("button", name="Kompendium erstellen").click()
        page.get_by_text("1 Praktik im Kompendium.").wait_for(timeout=90_000)
        assert axe_findings(page) == []
        with page.expect_download() as download:
            page.get_by_role("link", name="compendium-de.docx", exact=True).click()
        assert download.value.suggested_filename == "compendium-de.docx"
        text = _docx_text(Path(download.value.path()))
    assert "Discord-Dialog" in text
    assert "Streetwork im Netz" not in text  # accepted, but not approved
    p03 = next(s for s in current_submissions(RoundDir(fresh.root)) if s.project == "p03")
    assert p03.answers["staff_fte"] == 4.5
