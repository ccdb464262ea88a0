"""The projects page and the project page of praxis serve (issue 14.2): on the demo round
(12 projects, 10 returns, p05 incomplete, p01 corrected (8.3: 2,5 -> 3,5) and approved)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir
from tests.mailfiles import mp4_bytes
from tests.webtools import (
    axe_findings,
    chromium,
    client,
    config_for,
    demo_copy,
    new_page,
    running,
)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "demo")


def linked_projects(html: str) -> list[str]:
    return re.findall(r'<a href="/projects/(p\d\d)">', html)


def text_of(html: str) -> str:
    """The page's main part as text, tags gone, spaces collapsed."""
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_projects_page_lists_every_project_with_its_state_and_outcome(demo: Path) -> None:
    html = client(config_for(demo)).get("/projects").text
    assert linked_projects(html) == [f"p{n:02d}" for n in range(1, 13)]
    text = text_of(html)
    assert "12 von 12 Projekten angezeigt." in text
    assert "p01 Hinsehen statt Wegklicken freigegeben angenommen" in text
    assert "p05 Angehörigenberatung Hessen Rückfrage unvollständig" in text
    assert "4 zu klären, 0 Hinweise" in text
    assert "p06 Demokratie spielen – ohne Rücklauf –" in text


def test_the_filter_by_state_and_the_search_by_name_or_id(demo: Path) -> None:
    c = client(config_for(demo))
    approved = c.get("/projects?state=approved").text
    assert linked_projects(approved) == ["p01"]
    assert "1 von 12 Projekten angezeigt." in text_of(approved)
    assert '<option value="approved" selected>freigegeben</option>' in approved
    assert linked_projects(c.get("/projects?state=missing").text) == ["p06", "p10"]
    assert linked_projects(c.get("/projects?state=received").text) == [
        "p02", "p03", "p04", "p07", "p08", "p09", "p11", "p12"
    ]  # fmt: skip
    assert linked_projects(c.get("/projects?q=DISCORD").text) == ["p03"]
    assert linked_projects(c.get("/projects?q=p1").text) == ["p10", "p11", "p12"]
    assert linked_projects(c.get("/projects?state=received&q=bremen").text) == ["p11"]
    nothing = c.get("/projects?q=gibt-es-nicht").text
    assert "0 von 12 Projekten angezeigt." in text_of(nothing)
    assert "Kein Projekt passt zu diesem Filter." in nothing
    # an unknown state is no filter (all projects), never an error
    assert len(linked_projects(c.get("/projects?state=<script>").text)) == 12


def test_an_unknown_project_is_a_404_page_that_names_it(demo: Path) -> None:
    c = client(config_for(demo))
    response = c.get("/projects/p99")
    assert response.status_code == 404
    assert "Das Projekt „p99“ gibt es in dieser Runde nicht." in response.text
    english = client(config_for(demo, lang="en")).get("/projects/p99")
    assert english.status_code == 404
    assert "There is no project “p99” in this round." in english.text


def test_the_project_page_shows_the_answers_with_the_correction_marked(demo: Path) -> None:
    html = client(config_for(demo)).get("/projects/p01").text
    text = text_of(html)
    assert "Hinsehen statt Wegklicken Kennung p01 Träger Medienwerkstatt Nord e. V." in text
    assert "Ansprechperson Jana Petersen j.petersen@medienwerkstatt-nord.example" in text
    assert "Prüfstand freigegeben seit" in text
    assert "Aktueller Rücklauf angenommen eingegangen am" in text
    assert "8 Nachhaltigkeit, Übertragbarkeit und Ressourcen" in text
    assert (
        "8.3 Wie viele Personalstellen hat das Projekt? 3,5 Vollzeitstellen"
        " korrigiert ursprünglich: 2,5 Vollzeitstellen"
    ) in text
    assert text.count("korrigiert ursprünglich") == 1
    assert "1.5 Projektbeginn 01.01.2022" in text  # a date in the page language
    assert "2.2 Mit welchen Phänomenbereichen befassen Sie sich? Rechtsextremismus, " in text
    assert (
        "3.3 Welche Spiele oder Gaming-Plattformen nutzen Sie, und wie? nicht beantwortet" in text
    )
    # a table answer as a table
    assert '<th scope="col">Art der Zusammenarbeit</th>' in html
    assert "<td>Universität Hamburg</td><td>Wissenschaftliche Begleitung</td><td>2023</td>" in html
    # the correction's history and the state set
    assert (
        "8.3 Wie viele Personalstellen hat das Projekt? 2,5 Vollzeitstellen 3,5 Vollzeitstellen"
        " Telefonat mit dem Projekt: 3,5 Stellen seit Januar root"
    ) in text
    assert "freigegeben Freigabe per E-Mail erteilt" in text
    assert "p01-hinsehen-statt-wegklicken.docx" in text and "Word, " in text


def test_the_project_page_in_english(demo: Path) -> None:
    text = text_of(client(config_for(demo, lang="en")).get("/projects/p01").text)
    assert "Review state approved since" in text
    assert "8.3 How many staff positions does the project have? 3.5 full-time equivalents" in text
    assert "corrected originally: 2.5 full-time equivalents" in text


def test_problems_in_question_order_and_why_no_chapter(demo: Path) -> None:
    c = client(config_for(demo))
    text = text_of(c.get("/projects/p05").text)
    assert "4 Punkte zu klären" in text
    numbers = re.findall(r"<li>Frage (\d+\.\d+) ", c.get("/projects/p05").text)
    assert numbers == ["4.2", "5.1", "7.3", "9.1"]  # in question order, not as stored
    assert "<li>Frage 4.2 „Was wollen Sie mit dem Projekt erreichen?“: bitte beantworten.</li>" in (
        c.get("/projects/p05").text
    )
    assert "Dieses Kapitel stünde nicht im Kompendium: Rücklauf unvollständig" in text
    missing = text_of(c.get("/projects/p06").text)
    assert "Von diesem Projekt ist noch kein Rücklauf eingelesen." in missing
    assert "Dieses Kapitel stünde nicht im Kompendium: noch kein gültiger Rücklauf." in missing


def test_the_chapter_preview_from_the_compendiums_content(demo: Path) -> None:
    c = client(config_for(demo))
    approved = text_of(c.get("/projects/p01").text)
    assert "Vorschau des Kapitels im Kompendium" in approved
    assert "Steckbrief Träger Medienwerkstatt Nord e. V." in approved
    assert "Personal 3,5 Vollzeitstellen" in approved  # the corrected value
    assert "approved-only" not in approved
    received = text_of(c.get("/projects/p02").text)
    assert "Steckbrief" in received
    assert "(--approved-only) fehlte es im Kompendium: p02: nicht freigegeben" in received


def test_a_file_download_gives_the_archived_bytes_and_nothing_else(demo: Path) -> None:
    rd = RoundDir(demo)
    with Store(rd.store) as store:
        files = {f.project: f for f in store.files()}
    p01, p02 = files["p01"], files["p02"]
    c = client(config_for(demo))
    html = c.get("/projects/p01").text
    assert f'href="/projects/p01/files/{p01.sha256}"' in html
    got = c.get(f"/projects/p01/files/{p01.sha256}")
    assert got.status_code == 200
    assert got.content == (demo / p01.archive).read_bytes()
    assert hashlib.sha256(got.content).hexdigest() == p01.sha256
    assert "p01-hinsehen-statt-wegklicken.docx" in got.headers["content-disposition"]
    forged = "0" * 64
    for path in (
        f"/projects/p01/files/{forged}",  # well formed, unknown
        f"/projects/p01/files/{p02.sha256}",  # another project's file
        f"/projects/p01/files/{p01.sha256.upper()}",  # not lower-case hex
        f"/projects/p01/files/{p01.sha256[:-1]}",  # too short
        "/projects/p01/files/..%2Fround.json",
        f"/projects/p99/files/{p01.sha256}",
    ):
        assert c.get(path).status_code == 404, path


def test_a_creative_answer_is_listed_and_downloaded(demo: Path, tmp_path: Path) -> None:
    video = tmp_path / "p02-video.mp4"
    video.write_bytes(mp4_bytes(4000))
    ingest(demo, [video], jobs=1)
    c = client(config_for(demo))
    html = c.get("/projects/p02").text
    assert "Kreativer Beitrag (1)" in text_of(html)
    sha = hashlib.sha256(video.read_bytes()).hexdigest()
    assert html.count(f'href="/projects/p02/files/{sha}"') == 2  # files received, creative
    assert c.get(f"/projects/p02/files/{sha}").content == video.read_bytes()
    assert c.get(f"/projects/p01/files/{sha}").status_code == 404
    row = re.search(r"p02 Streetwork im Netz.*?</tr>", c.get("/projects").text, re.S)
    assert row is not None and "<td>1</td>" in row.group(0)


def test_notice_and_problem_are_shown_above_the_answers(demo: Path) -> None:
    from starlette.requests import Request

    from pipeline.web.app import create_app
    from pipeline.web.pages.project import project_page

    app = create_app(config_for(demo))
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/projects/p01",
        "path_params": {"project": "p01"},
        "headers": [],
        "query_string": b"",
        "app": app,
    }
    html = project_page(Request(scope), notice="Gespeichert.", problem="Nicht möglich.").body
    page = html.decode("utf-8")
    assert '<div class="message success" role="status"><p>Gespeichert.</p></div>' in page
    assert '<div class="message error" role="alert"><p>Nicht möglich.</p></div>' in page
    assert page.index("Gespeichert.") < page.index("Antworten")


def test_the_pages_in_a_browser_without_accessibility_findings(demo: Path) -> None:
    with running(config_for(demo)) as config, chromium() as browser:
        page = new_page(browser, config)
        page.goto(config.base_url + "projects")
        assert page.locator("h1").inner_text() == "Projekte"
        assert page.locator("tbody tr").count() == 12
        assert axe_findings(page) == []
        page.get_by_label("Prüfstand").select_option("approved")
        page.get_by_role("button", name="Anzeigen").click()
        page.wait_for_url("**/projects?state=approved*")
        assert page.locator("#projects-count").inner_text() == "1 von 12 Projekten angezeigt."
        page.get_by_role("link", name="p01 Hinsehen statt Wegklicken").click()
        page.wait_for_url("**/projects/p01")
        assert page.locator("h1").inner_text() == "Hinsehen statt Wegklicken"
        assert "korrigiert" in page.locator("main").inner_text()
        assert axe_findings(page) == []
        page.get_by_role("link", name="English").click()
        page.wait_for_url("**/projects/p01")
        assert page.locator("html").get_attribute("lang") == "en"
        assert "corrected" in page.locator("main").inner_text()
        assert axe_findings(page) == []
