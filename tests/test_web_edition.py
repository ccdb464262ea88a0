"""The compendium's web edition (issue 15.6): ``praxis compile --html DIR`` on the demo round,
its files, the pages in Debian's Chromium opened from ``file://`` (axe-core, the filters, no
request leaving the folder), the charts' text alternatives, the front matter from settings,
and the folder: a withdrawn practice disappears, a foreign folder is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from matplotlib.figure import Figure
from ruamel.yaml import YAML

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.definition.publication import (
    Funding,
    Image,
    Imprint,
    Licence,
    Party,
    PublicationSettings,
)
from pipeline.definition.text import Text
from pipeline.publication.compendium.compile import compile_round
from pipeline.publication.compendium.content import (
    Compendium,
    Fact,
    MediaSection,
    TextSection,
    compendium_content,
)
from pipeline.publication.compendium.selection import compendium_figures, select_practices
from pipeline.publication.web_edition import MARKER, WebEditionError, write_web_edition
from pipeline.publication.web_edition.site import page_names
from pipeline.returns.answers import current_submissions
from pipeline.round.folder import RoundDir
from tests.webtools import DEMO_PRACTICES, axe_findings, chromium, demo_copy

TODAY = dt.date(2026, 11, 30)
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
PAGES = (
    "index.html",
    "practice/p01.html",
    "practice/p02.html",
    "practice/p03.html",
    "practice/p04.html",
    "practice/p07.html",
    "practice/p09.html",
    "practice/p11.html",
    "practice/p12.html",
)
ALL_TITLES = DEMO_PRACTICES


def filter_by(root: Path, *questions: str) -> None:
    """Mark ``questions`` of the round's definition ``compendium: {filter: true}`` (what
    the bundled questionnaire does for target groups and phenomena once it sets it)."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    path = root / "definition.yaml"
    data = yaml.load(path.read_text("utf-8"))
    for section in data["sections"]:
        for question in section["questions"]:
            if question["id"] in questions:
                role = question["compendium"]
                if isinstance(role, str):
                    question["compendium"] = {"role": role, "filter": True}
                else:
                    role["filter"] = True
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def demo_round(target: Path) -> Path:
    root = demo_copy(target)
    filter_by(root, "target_groups", "phenomena")
    return root


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web edition of the demo round (filters by field of action, target group and
    phenomenon), written by ``compile --html`` into ``compendium/web``."""
    root = demo_round(tmp_path_factory.mktemp("edition") / "demo")
    result = compile_round(root, html=root / "compendium" / "web")
    assert result.html == root / "compendium" / "web" / "index.html"
    return result.html.parent


def page_html(edition: Path, name: str) -> Any:
    return lxml.html.fromstring((edition / name).read_bytes())


def texts(nodes: list[Any]) -> list[str]:
    """Each node's text, its parts separated by one space."""
    return [" ".join(" ".join(n.itertext()).split()) for n in nodes]


def content_of(root: Path, lang: str = "de") -> tuple[Compendium, Any]:
    """The compendium's content of a round (what ``compile`` hands the web edition)."""
    rd = RoundDir(root)
    record = rd.load()
    q = load_questionnaire(rd.definition, lang)
    subs = current_submissions(rd)
    practices = select_practices(q, record, subs, lang)
    figures = compendium_figures(record, subs, practices)
    return compendium_content(q, practices, figures, lang), q


def opened(browser: Any, path: Path, javascript: bool = True) -> Any:
    """A page of ``browser`` that opened ``path`` from the file system; ``page.requests``
    lists every URL it asked for."""
    context = browser.new_context(locale="de-DE", java_script_enabled=javascript)
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(path.as_uri())
    return page


def visible_titles(page: Any) -> list[str]:
    return page.locator("li[data-practice]:visible h4").all_inner_texts()


# --- the files -----------------------------------------------------------------------------


def test_the_edition_is_a_start_page_a_page_per_practice_and_its_own_files(edition):
    files = sorted(str(p.relative_to(edition)) for p in edition.rglob("*") if p.is_file())
    assert files == sorted([MARKER, "edition.css", "edition.js", *PAGES])
    index = page_html(edition, "index.html")
    assert index.get("lang") == "de"
    links = index.xpath("//li[@data-practice]//h4/a")
    assert texts(links) == ALL_TITLES
    assert [a.get("href") for a in links] == [
        "practice/p01.html",
        "practice/p12.html",
        "practice/p03.html",
        "practice/p11.html",
        "practice/p02.html",
        "practice/p04.html",
        "practice/p09.html",
        "practice/p07.html",
    ]
    figures = texts(index.xpath("//dl[@class='figures']/div"))
    assert figures == [
        "Befragte Projekte 12",
        "Rückmeldungen 10",
        "Praktiken in diesem Kompendium 8",
    ]


@pytest.mark.parametrize("name", PAGES)
def test_no_page_names_anything_outside_the_folder_to_load(edition, name):
    html = (edition / name).read_text("utf-8")
    assert re.findall(r"""\bsrc\s*=\s*["']?(?:https?:)?//""", html) == []
    assert re.findall(r"""<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//""", html) == []
    assert "@import" not in html and "url(http" not in html
    css = (edition / "edition.css").read_text("utf-8")
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_equal_content_gives_equal_bytes(tmp_path):
    root = demo_copy(tmp_path / "demo")
    content, q = content_of(root)
    one = write_web_edition(tmp_path / "one", content, q, today=TODAY).parent
    two = write_web_edition(tmp_path / "two", content, q, today=TODAY).parent
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert [(one / f).read_bytes() for f in files] == [(two / f).read_bytes() for f in files]
    assert "Stand: 30.11.2026" in (one / "index.html").read_text("utf-8")


# --- in the browser ------------------------------------------------------------------------


def test_every_page_opens_from_the_file_system_without_accessibility_findings(edition):
    with chromium() as browser:
        for name in PAGES:
            page = opened(browser, edition / name)
            assert axe_findings(page, ALL_IMPACTS) == [], name
            outside = [u for u in page.requests if not u.startswith(edition.as_uri())]
            assert outside == [], name
            levels = page.evaluate(
                "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
                ".map(h => Number(h.tagName[1]))"
            )
            assert levels[0] == 1 and levels.count(1) == 1, name
            jumps = [b - a for a, b in itertools.pairwise(levels)]
            assert max(jumps) <= 1, name
            for landmark in ("banner", "main", "contentinfo", "navigation"):
                assert page.get_by_role(landmark).count() == 1, (name, landmark)
            page.context.close()


def test_the_filters_show_the_practices_that_match_and_say_how_many(edition):
    with chromium() as browser:
        page = opened(browser, edition / "index.html")
        status = page.get_by_role("status")
        assert visible_titles(page) == ALL_TITLES
        assert status.inner_text() == "8 von 8 Praktiken werden angezeigt."
        assert status.get_attribute("aria-live") == "polite"

        phenomena = page.get_by_role("group", name="Phänomenbereiche")
        phenomena.get_by_label("Islamismus").check()
        assert visible_titles(page) == [
            "Discord-Dialog",
            "Online Outreach Bremen",
            "Peer-Botschafter*innen",
        ]
        assert status.inner_text() == "3 von 8 Praktiken werden angezeigt."
        assert page.get_by_role("heading", name="Monitoring & Analyse").is_hidden()

        page.get_by_role("group", name="Zielgruppen").get_by_label("Junge Erwachsene").check()
        assert visible_titles(page) == ["Online Outreach Bremen"]
        assert status.inner_text() == "1 von 8 Praktiken wird angezeigt."

        page.get_by_role("group", name="Handlungsfeld").get_by_label("Politische Bildung").check()
        assert visible_titles(page) == []
        assert status.inner_text() == "0 von 8 Praktiken werden angezeigt."
        assert page.get_by_text("Keine Praxis passt zu dieser Auswahl.").is_visible()
        assert axe_findings(page, ALL_IMPACTS) == []

        page.get_by_role("button", name="Alle Filter zurücksetzen").click()
        assert visible_titles(page) == ALL_TITLES
        assert status.inner_text() == "8 von 8 Praktiken werden angezeigt."

        fields = page.get_by_role("group", name="Handlungsfeld")
        fields.get_by_label("Online-Streetwork").check()
        fields.get_by_label("Medienkompetenz").check()
        assert visible_titles(page) == [
            "Online Outreach Bremen",
            "Streetwork im Netz",
            "Faktencheck Jugend",
        ]
        page.get_by_role("checkbox", name="Online-Streetwork").focus()
        page.keyboard.press("Tab")  # the focus moved by keyboard is visible
        focused = "() => [document.activeElement.id, getComputedStyle(document.activeElement)"
        focused += ".outline]"
        assert page.evaluate(focused) == ["f0-3", "rgb(194, 65, 12) solid 3px"]


def test_without_javascript_every_practice_is_listed(edition):
    with chromium() as browser:
        page = opened(browser, edition / "index.html", javascript=False)
        assert visible_titles(page) == ALL_TITLES
        assert page.locator("form#filters").is_hidden()  # filters that could do nothing
        assert page.get_by_role("status").inner_text() == "8 von 8 Praktiken werden angezeigt."


def test_the_skip_link_leads_to_the_main_content(edition):
    with chromium() as browser:
        page = opened(browser, edition / "practice/p01.html")
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Zum Inhalt springen")
        assert skip.evaluate("link => link === document.activeElement")
        assert skip.is_visible()
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"


# --- the charts ----------------------------------------------------------------------------


def test_every_chart_is_an_svg_image_with_a_title_and_its_numbers_as_text(edition):
    index = page_html(edition, "index.html")
    figures = index.xpath("//figure[contains(@class, 'chart')]")
    captions = texts([f.find("figcaption") for f in figures])
    assert captions == [
        "Handlungsfeld",  # the definition's short headings, not the questions
        "Bundesland",
        "Phänomenbereiche",
        "Präventionsebene",
        "Zielgruppen",
        "Kanäle und Orte",
        "Räumliche Reichweite",
    ]
    ids = index.xpath("//@id")
    assert len(ids) == len(set(ids))  # the charts' drawings share no id
    for figure in figures:
        (svg,) = figure.xpath("./svg")
        assert svg.get("role") == "img"
        (title,) = svg.xpath("./title")
        assert svg.get("aria-labelledby") == title.get("id")
        rows = figure.xpath(".//table//tbody/tr")
        assert rows and all(len(r.xpath("./th")) == 1 for r in rows)
        for row in rows:  # every number of the table is in the title too
            label, count = row.xpath("./th")[0].text_content(), row.xpath("./td")[0].text
            assert f"{label}: {count}" in title.text
    level = figures[3]
    assert level.xpath("./svg/title")[0].text == (
        "Balkendiagramm: Präventionsebene. universell: 5, selektiv: 2, indiziert: 1."
    )
    table = level.xpath(".//table")[0]
    assert "visually-hidden" in table.get("class")
    assert texts(table.xpath(".//tr")) == [
        "Antwort Anzahl der Praktiken",
        "universell 5",
        "selektiv 2",
        "indiziert 1",
    ]


# --- a practice's page ---------------------------------------------------------------------


def test_a_practice_page_has_its_fact_box_sections_and_a_way_back(edition):
    page = page_html(edition, "practice/p01.html")
    assert texts(page.xpath("//h1")) == ["Hinsehen statt Wegklicken"]
    assert (
        page.xpath("//title")[0].text
        == "Hinsehen statt Wegklicken – Kompendium Promising Practices"
    )
    rows = page.xpath("//table[@aria-labelledby='facts']//tr")
    assert texts(rows[:3]) == [
        "Träger Medienwerkstatt Nord e. V.",
        "Förderung Demokratie leben! – Innovationsprojekte",
        "Bundesland Hamburg",
    ]
    assert all(r.xpath("./th[@scope='row']") for r in rows)
    links = {a.text: a.get("href") for a in page.xpath("//table//a")}
    assert links == {
        "https://www.medienwerkstatt-nord.example/hinsehen": (
            "https://www.medienwerkstatt-nord.example/hinsehen"
        ),
        "j.petersen@medienwerkstatt-nord.example": (
            "mailto:j.petersen@medienwerkstatt-nord.example"
        ),
        "https://www.medienwerkstatt-nord.example/evaluation": (
            "https://www.medienwerkstatt-nord.example/evaluation"
        ),
    }
    assert texts(page.xpath("//h2"))[:4] == [
        "Steckbrief",
        "Qualitätsprofil (Selbstauskunft)",
        "Ausgangslage",
        "Ziele",
    ]
    partners = page.xpath("//table[contains(@class, 'answers')]")[0]
    assert texts(partners.xpath(".//th[@scope='col']")) == [
        "Organisation",
        "Art der Zusammenarbeit",
        "Seit (Jahr)",
    ]
    media = page_html(edition, "practice/p03.html").xpath(
        "//section[h2='Zum Anschauen und Anhören']"
    )
    assert texts(media) == [
        "Zum Anschauen und Anhören Link zum Beitrag: https://video.example/discord-dialog"
    ]
    assert media[0].xpath(".//a/@href") == ["https://video.example/discord-dialog"]
    back = page.xpath("//a[text()='Zurück zur Übersicht aller Praktiken']")
    assert {a.get("href") for a in back} == {"../index.html#practices"}


def test_untranslated_texts_carry_their_language_and_a_note(edition):
    page = page_html(edition, "practice/p12.html")
    assert page.get("lang") == "de"
    english = page.xpath("//main//p[@lang='en-GB']")
    assert texts(english)[:2] == [  # the summary, then the first section
        "In a six-week lab, young content creators from several European countries develop"
        " counter-narratives with researchers and prevention practitioners, test them with"
        " their peers and measure how far they reach beyond their own followers.",
        "Counter-speech often reaches only those who already agree with it.",
    ]
    notes = texts(page.xpath("//p[@class='note']"))
    assert notes == ["Einige Texte dieser Praxis liegen nur in der Originalsprache vor (Englisch)."]
    assert page.xpath("//td[@lang='en-GB']")[0].text == "European Prevention Exchange"


def _with_chapter(content: Compendium, project: str, **changes: Any) -> Compendium:
    groups = tuple(
        dataclasses.replace(
            g,
            chapters=tuple(
                dataclasses.replace(c, **changes) if c.practice.project == project else c
                for c in g.chapters
            ),
        )
        for g in content.groups
    )
    return dataclasses.replace(content, groups=groups)


def test_summary_profile_and_last_update_are_shown_with_the_profile_as_self_reported(tmp_path):
    content, q = content_of(demo_copy(tmp_path / "demo"))
    summary = TextSection("summary", "Kurzbeschreibung", "Fachkräfte lernen, Codes zu lesen.")
    profile = (
        Fact("Konzept", "ausgearbeitet und schriftlich festgehalten"),
        Fact("Evaluation", "Prozessevaluation durch eine Hochschule"),
    )
    note = "Aus dem Englischen übersetzt"
    content = _with_chapter(
        content,
        "p01",
        summary=summary,
        profile=profile,
        updated="14.10.2026",
        translation_note=note,
    )
    folder = write_web_edition(tmp_path / "web", content, q, today=TODAY).parent
    page = page_html(folder, "practice/p01.html")
    assert texts(page.xpath("//div[@class='summary']/p")) == ["Fachkräfte lernen, Codes zu lesen."]
    assert "Zuletzt aktualisiert: 14.10.2026" in texts(page.xpath("//main//p"))
    assert texts(page.xpath("//p[@class='note']")) == ["Aus dem Englischen übersetzt"]
    assert texts(page.xpath("//h2[@id='profile']")) == ["Qualitätsprofil (Selbstauskunft)"]
    assert texts(page.xpath("//table[@aria-labelledby='profile']//tr")) == [
        "Konzept ausgearbeitet und schriftlich festgehalten",
        "Evaluation Prozessevaluation durch eine Hochschule",
    ]
    index = page_html(folder, "index.html")
    first = index.xpath("//li[@data-practice]")[0]
    assert "Fachkräfte lernen, Codes zu lesen." in texts(first.xpath("./p"))


def test_every_text_is_escaped_and_only_safe_addresses_are_links(tmp_path):
    content, q = content_of(demo_copy(tmp_path / "demo"))
    chapter = content.groups[0].chapters[0]
    title = '<script>alert("x")</script> & Co'
    practice = dataclasses.replace(chapter.practice, title=title)
    facts = (
        Fact("Website", "javascript:alert(1)", link="javascript:alert(1)"),
        Fact("Träger", '<img src=x onerror="alert(1)">'),
    )
    blocks = (
        MediaSection("media", "Video", "javascript:alert(2)", "10.1", linked=True),
        TextSection("text", "Ziele <b>fett</b>", "Zeile <i>eins</i>\nZeile zwei"),
    )
    content = _with_chapter(content, "p01", practice=practice, facts=facts, blocks=blocks)
    folder = write_web_edition(tmp_path / "web", content, q, today=TODAY).parent
    html = (folder / "practice" / "p01.html").read_text("utf-8")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    page = lxml.html.fromstring(html)
    assert texts(page.xpath("//h1")) == ['<script>alert("x")</script> & Co']
    assert texts(page.xpath("//section[h2='Ziele <b>fett</b>']/p")) == [
        "Zeile <i>eins</i>",
        "Zeile zwei",
    ]
    index = (folder / "index.html").read_text("utf-8")
    assert "<script>alert" not in index


# --- the front matter ----------------------------------------------------------------------


def _png(path: Path, colour: str) -> Path:
    fig = Figure(figsize=(2, 1), dpi=50)
    fig.patch.set_facecolor(colour)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    path.write_bytes(buffer.getvalue())
    return path


def _settings(folder: Path) -> PublicationSettings:
    de = ("de", "en")
    return PublicationSettings(
        title=Text.of({"de": "Gute Praxis im Netz", "en": "Good practice online"}),
        subtitle=Text.of({"de": "Kompendium 2026", "en": "Compendium 2026"}),
        editor=Party(
            Text.of("Netzwerk Prävention e. V.", de), Text.of("Hauptstr. 1\n10115 Berlin", de)
        ),
        publisher=Party(Text.of("Verlag Beispiel", de)),
        year=2026,
        foreword=Text.of({"de": "Liebe Leser*innen,\nviel Freude.", "en": "Dear readers"}),
        method=Text.of({"de": "Alle Projekte des Netzwerks wurden befragt.", "en": "All asked."}),
        imprint=Imprint(Text.of("Dr. A. Muster", de), Text.of("info@netzwerk.example", de)),
        funding=Funding(
            notice=Text.of({"de": "Gefördert vom Beispielministerium.", "en": "Funded."}),
            disclaimer=Text.of(
                {"de": "Die Veröffentlichung stellt keine Meinungsäußerung dar.", "en": "-"}
            ),
            logos=(
                Image(
                    _png(folder / "Logo Ministerium.PNG", "#1f4e79"),
                    Text.of("Logo des Beispielministeriums", de),
                ),
            ),
        ),
        licence=Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.de", None),
        cover=Image(
            _png(folder / "titel.png", "#dddddd"), Text.of("Jugendliche am Smartphone", de)
        ),
    )


def test_the_start_page_shows_the_front_matter_of_the_settings(tmp_path):
    content, q = content_of(demo_copy(tmp_path / "demo"))
    content = dataclasses.replace(content, settings=_settings(tmp_path))
    folder = write_web_edition(tmp_path / "web", content, q, today=TODAY).parent
    assert (folder / "images" / "logo-1.png").read_bytes() == (
        tmp_path / "Logo Ministerium.PNG"
    ).read_bytes()
    assert (folder / "images" / "cover.png").is_file()
    index = page_html(folder, "index.html")
    assert index.xpath("//title")[0].text == "Gute Praxis im Netz"
    assert texts(index.xpath("//h1")) == ["Gute Praxis im Netz"]
    assert texts(index.xpath("//p[@class='subtitle']")) == ["Kompendium 2026"]
    assert texts(index.xpath("//section[h2='Vorwort']/p")) == ["Liebe Leser*innen,", "viel Freude."]
    assert texts(index.xpath("//section[h2='Methode und Auswahl']/p")) == [
        "Alle Projekte des Netzwerks wurden befragt."
    ]
    imprint = texts(index.xpath("//dl[@class='imprint']/div"))
    assert imprint == [
        "Herausgegeben von Netzwerk Prävention e. V. Hauptstr. 1 10115 Berlin",
        "Veröffentlicht von Verlag Beispiel",
        "Verantwortlich für den Inhalt Dr. A. Muster",
        "Kontakt info@netzwerk.example",
        "Erscheinungsjahr 2026",
        "Stand der Angaben 30.11.2026",
    ]
    section = index.xpath("//section[h2='Impressum']")[0]
    assert "Gefördert vom Beispielministerium." in texts(section.xpath(".//p"))
    logo = section.xpath(".//ul[@class='logos']//img")[0]
    assert (logo.get("src"), logo.get("alt")) == (
        "images/logo-1.png",
        "Logo des Beispielministeriums",
    )
    cover = index.xpath("//img[@class='cover']")[0]
    assert (cover.get("src"), cover.get("alt")) == ("images/cover.png", "Jugendliche am Smartphone")
    licence = index.xpath("//a[@rel='license']")
    assert {(a.text, a.get("href")) for a in licence} == {
        ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.de")
    }
    with chromium() as browser:
        page = opened(browser, folder / "index.html")
        assert axe_findings(page, ALL_IMPACTS) == []
        assert page.locator("img.cover").evaluate("img => img.naturalWidth") == 100


def test_a_missing_logo_is_named(tmp_path):
    content, q = content_of(demo_copy(tmp_path / "demo"))
    settings = _settings(tmp_path)
    gone = Image(tmp_path / "fehlt.png", Text.of("Logo", ("de",)))
    settings = dataclasses.replace(settings, funding=Funding(logos=(gone,)))
    with pytest.raises(WebEditionError) as caught:
        write_web_edition(
            tmp_path / "web", dataclasses.replace(content, settings=settings), q, today=TODAY
        )
    assert str(caught.value) == (
        f"Das Bild {tmp_path / 'fehlt.png'} für die Web-Ausgabe fehlt oder ist kein Bild (PNG, "
        "JPEG, GIF, SVG oder WebP). Bitte prüfen Sie den Pfad in den Angaben zur Veröffentlichung."
    )
    assert not (tmp_path / "web").exists()


# --- the folder ----------------------------------------------------------------------------


def test_a_withdrawn_practice_disappears_from_the_rewritten_edition(tmp_path, capsys):
    root = demo_round(tmp_path / "demo")
    web = root / "compendium" / "web"
    compile_round(root, html=web)
    assert (web / "practice" / "p03.html").is_file()
    (web / "practice" / "notiz.html").write_text("alt", "utf-8")  # nothing old stays
    args = ["--lang", "de", "review", "--round", str(root), "p03", "--set", "withdrawn"]
    assert main(args) == 0
    assert main(["--lang", "de", "compile", "--round", str(root), "--html", str(web)]) == 0
    assert "p03: zurückgezogen" in capsys.readouterr().out
    assert sorted(p.name for p in (web / "practice").iterdir()) == [
        "p01.html",
        "p02.html",
        "p04.html",
        "p07.html",
        "p09.html",
        "p11.html",
        "p12.html",
    ]
    index = (web / "index.html").read_text("utf-8")
    assert "Discord-Dialog" not in index and 'href="practice/p03.html"' not in index
    assert "7 von 7 Praktiken werden angezeigt." in index
    assert sorted(p.name for p in web.parent.iterdir()) == ["compendium-de.docx", "web"]


def test_a_folder_that_is_no_web_edition_is_refused(tmp_path, capsys):
    root = demo_copy(tmp_path / "demo")
    foreign = tmp_path / "Website"
    foreign.mkdir()
    (foreign / "index.html").write_text("<p>Unsere Seite</p>", "utf-8")
    docx = root / "compendium" / "compendium-de.docx"
    before = docx.read_bytes()
    code = main(["--lang", "de", "compile", "--round", str(root), "--html", str(foreign)])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"Fehler: Der Ordner {foreign} ist nicht leer und enthält keine Web-Ausgabe von praxis; "
        "er wird nicht ersetzt. Bitte geben Sie mit --html einen neuen oder leeren Ordner an "
        "(oder den Ordner einer früheren Web-Ausgabe)."
    )
    assert sorted(p.name for p in foreign.iterdir()) == ["index.html"]
    assert (foreign / "index.html").read_text("utf-8") == "<p>Unsere Seite</p>"
    assert docx.read_bytes() == before  # refused before anything was written
    assert sorted(p.name for p in tmp_path.iterdir() if p.name[0] != ".") == ["Website", "demo"]


def test_an_empty_folder_becomes_an_edition(tmp_path):
    root = demo_copy(tmp_path / "demo")
    empty = tmp_path / "leer"
    empty.mkdir()
    result = compile_round(root, lang="en", html=empty)
    assert (empty / MARKER).is_file()
    index = page_html(empty, "index.html")
    assert index.get("lang") == "en"
    assert index.xpath("//p[@role='status']")[0].text == "Showing 8 of 8 practices."
    assert result.html == empty / "index.html"
    with chromium() as browser:
        for name in ("index.html", "practice/p12.html"):
            page = opened(browser, empty / name)
            assert page.locator("html").get_attribute("lang") == "en"
            assert axe_findings(page, ALL_IMPACTS) == [], name
        assert page.get_by_role("link", name="Back to the overview of all practices").count() == 2


def test_a_failed_rewrite_leaves_the_earlier_edition_whole(tmp_path):
    content, q = content_of(demo_copy(tmp_path / "demo"))
    web = write_web_edition(tmp_path / "web", content, q, today=TODAY).parent
    before = {p: p.read_bytes() for p in web.rglob("*") if p.is_file()}
    gone = Image(tmp_path / "fehlt.png", Text.of("Logo", ("de",)))
    broken = dataclasses.replace(content, settings=PublicationSettings(cover=gone))
    with pytest.raises(WebEditionError):
        write_web_edition(web, broken, q, today=TODAY)
    assert {p: p.read_bytes() for p in web.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name[0] != ".") == ["demo", "web"]
    assert [p.name for p in tmp_path.iterdir() if ".web." in p.name] == []


def test_practice_pages_get_safe_distinct_file_names():
    names = page_names(["p01", "P01", "../../etc/passwd", "Projekt ä", "?"])
    assert names == {
        "p01": "p01.html",
        "P01": "p01-2.html",
        "../../etc/passwd": "etc-passwd.html",
        "Projekt ä": "projekt.html",
        "?": "practice.html",
    }


def test_an_edition_without_practices_says_so(tmp_path):
    content, q = content_of(demo_copy(tmp_path / "demo"))
    empty = dataclasses.replace(content, practices=(), groups=(), charts=())
    folder = write_web_edition(tmp_path / "web", empty, q, today=TODAY).parent
    assert sorted(p.name for p in folder.iterdir()) == [
        MARKER,
        "edition.css",
        "edition.js",
        "index.html",
    ]
    index = page_html(folder, "index.html")
    assert index.xpath("//form") == [] and index.xpath("//figure") == []
    assert texts(index.xpath("//section[h2='Die Praktiken']/p")) == [
        "Noch kann keine Praxis veröffentlicht werden: Keiner der zurückgesendeten Fragebögen "
        "ist vollständig und hat das Einverständnis zur Veröffentlichung.",
    ]
