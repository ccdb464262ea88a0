"""praxis serve's letters page on the demo round (issue 14.2): reminders as ``praxis status
--missing`` writes them, the follow-up letters, the proofs as ``praxis proofs`` writes them (a
long job), each folder's files to download one by one or as one zip, never a file outside."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.webtools import client, config_for, demo_copy

REMINDERS = [
    "p05-angehoerigenberatung-hessen-erinnerung.eml",
    "p06-demokratie-spielen-erinnerung.eml",
    "p10-fachkraefte-staerken-erinnerung.eml",
]


@pytest.fixture
def round_dir(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "demo")


def text_of(html: str) -> str:
    """A page's text as a reader gets it (tags dropped, white space as one blank)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def finished(c: Any, kind_page: str) -> dict:
    """The JSON of the job whose progress ``kind_page`` shows, once it ended."""
    job = re.search(r'data-job="([0-9a-f]+)"', c.get(kind_page).text)
    assert job is not None
    for _ in range(600):
        found = c.get(f"/jobs/{job.group(1)}", headers={"Accept": "application/json"}).json()
        if found["state"] in ("done", "failed"):
            return found
        time.sleep(0.05)
    raise AssertionError("the job did not end")


def test_reminders_go_to_the_projects_without_an_accepted_return_and_zip_as_one(
    round_dir: Path,
) -> None:
    c = client(config_for(round_dir))
    answer = c.post("/letters/reminders", data={"csrf": c.csrf, "deadline": "2027-01-15"})
    assert answer.status_code == 200
    shown = text_of(answer.text)
    assert "Frist in den Erinnerungen: 15.01.2027." in shown
    assert "3 Erinnerungen geschrieben:" in shown
    # p06 and p10 sent nothing back, p05's return is incomplete (what write_reminders does)
    assert "p06 Demokratie spielen (noch nicht zurück, l.schneider@games-bildung.example)" in shown
    assert "p10 Fachkräfte stärken (noch nicht zurück" in shown
    assert "p05 Angehörigenberatung Hessen (unvollständig" in shown
    assert sorted(p.name for p in (round_dir / "reminders").iterdir()) == REMINDERS
    mail = (round_dir / "reminders" / REMINDERS[1]).read_bytes()
    assert b"15.01.2027" in mail

    packed = c.get("/letters/reminders/zip")
    assert packed.status_code == 200
    assert packed.headers["content-type"] == "application/zip"
    assert 'filename="demo-reminders.zip"' in packed.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(packed.content))
    assert archive.namelist() == REMINDERS
    assert archive.read(REMINDERS[1]) == mail
    assert c.get("/letters/reminders/zip").content == packed.content  # the same bytes again

    again = c.get("/letters/reminders", follow_redirects=False)  # a reload, the language switch
    assert (again.status_code, again.headers["location"]) == (303, "/letters#reminders")

    one = c.get(f"/letters/reminders/files/{REMINDERS[2]}")
    assert one.status_code == 200
    assert one.content == (round_dir / "reminders" / REMINDERS[2]).read_bytes()


def test_a_date_that_is_none_is_refused_with_a_message_and_nothing_written(
    round_dir: Path,
) -> None:
    c = client(config_for(round_dir))
    answer = c.post("/letters/reminders", data={"csrf": c.csrf, "deadline": "31.02.2027"})
    assert answer.status_code == 200
    assert "„31.02.2027“ ist kein gültiges Datum." in text_of(answer.text)
    assert not (round_dir / "reminders").exists()


def test_the_follow_up_letters_of_incomplete_returns_are_listed(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    shown = text_of(c.get("/letters").text)
    assert "p05 Angehörigenberatung Hessen p05-rueckfrage.docx" in shown
    packed = zipfile.ZipFile(io.BytesIO(c.get("/letters/followups/zip").content))
    assert packed.namelist() == ["p05-rueckfrage.docx"]  # not the reports beside it
    assert c.get("/letters/followups/files/p05.md").status_code == 404


def test_proofs_for_the_projects_chosen_are_written_as_a_job(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    before = c.get("/letters").text
    assert 'id="proof-p02" name="project" value="p02">' in before  # not checked: not "geprüft"
    assert 'id="proof-p06"' not in before  # no return: no checkbox, but the reason
    assert "p06 Demokratie spielen: noch kein gültiger Rücklauf" in text_of(before)

    started = c.post(
        "/letters/proofs",
        data={"csrf": c.csrf, "project": ["p02"], "deadline": "2027-02-01"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    assert started.headers["location"] == "/letters#proofs"
    job = finished(c, "/letters")
    assert (job["state"], job["done"], job["total"], job["step"]) == ("done", 1, 1, "p02")
    shown = text_of(c.get("/letters").text)
    assert "1 Korrekturabzug geschrieben, Freigabe erbeten bis 01.02.2027." in shown
    proofs = round_dir / "proofs"
    assert sorted(p.name for p in proofs.iterdir()) == [
        "p01-freigabe.eml",
        "p01-korrekturabzug.docx",
        "p02-freigabe.eml",
        "p02-korrekturabzug.docx",
    ]
    assert "p02 Streetwork im Netz p02-freigabe.eml" in shown
    mail = c.get("/letters/proofs/files/p02-freigabe.eml")
    assert mail.content == (proofs / "p02-freigabe.eml").read_bytes()


def test_proofs_without_a_project_chosen_are_refused(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    answer = c.post("/letters/proofs", data={"csrf": c.csrf}, follow_redirects=False)
    assert answer.status_code == 200
    assert "Bitte mindestens ein Projekt wählen." in text_of(answer.text)
    assert 'data-job="' not in answer.text


def test_only_the_files_a_folder_holds_are_sent(round_dir: Path) -> None:
    c = client(config_for(round_dir))
    assert c.get("/letters/proofs/files/p01-freigabe.eml").status_code == 200
    for path in (
        "/letters/proofs/files/round.json",
        "/letters/proofs/files/..%2Fround.json",
        "/letters/proofs/files/../round.json",
        "/letters/proofs/files/%2E%2E%2Fpraxis.sqlite",
        "/letters/reports/files/p05.md",
        "/letters/nowhere/zip",
        "/letters/reminders/zip",  # nothing written yet: nothing to pack
    ):
        assert c.get(path).status_code == 404, path


def test_open_folder_needs_the_csrf_token_and_says_what_it_did(
    round_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    c = client(config_for(round_dir))
    assert c.post("/letters/proofs/open").status_code == 403
    answer = c.post("/letters/proofs/open", data={"csrf": c.csrf})
    assert answer.status_code == 200
    assert "Der Ordner kann hier nicht geöffnet werden" in text_of(answer.text)
    assert c.post("/letters/nowhere/open", data={"csrf": c.csrf}).status_code == 404
    missing = c.post("/letters/reminders/open", data={"csrf": c.csrf})
    assert "reminders gibt es noch nicht" in text_of(missing.text)
    assert not (round_dir / "reminders").exists()


def test_the_letters_page_in_a_browser_writes_proofs_and_reminders_accessibly(
    tmp_path: Path,
) -> None:
    from tests.webtools import axe_findings, chromium, new_page, running

    root = demo_copy(tmp_path / "demo")
    with running(config_for(root)) as config, chromium() as browser:
        page = new_page(browser, config)
        page.get_by_role("link", name="Schreiben", exact=True).click()
        assert page.locator("h1").inner_text() == "Schreiben"
        assert axe_findings(page) == []
        page.get_by_label("p02 Streetwork im Netz").check()
        page.get_by_role("button", name="Korrekturabzüge schreiben").click()
        page.get_by_text("1 Korrekturabzug geschrieben").wait_for()
        assert page.get_by_role("link", name="p02-korrekturabzug.docx").is_visible()
        assert axe_findings(page) == []  # the finished job and its result too
        page.get_by_label("Neue Frist (freiwillig)").fill("2027-01-15")
        page.get_by_role("button", name="Erinnerungen schreiben").click()
        assert "3 Erinnerungen geschrieben:" in page.locator("main").inner_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="Alle als ZIP herunterladen (Erinnerungen)").click()
        assert download.value.suggested_filename == "demo-reminders.zip"
        page.get_by_role("link", name="English").click()
        assert page.locator("h1").inner_text() == "Letters"
        assert axe_findings(page) == []
