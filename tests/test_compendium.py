"""praxis compile: the compendium, built from a real round of the bundled questionnaire.

A round of ten returns: consented practices with and without consent to name the contact,
one without consent to publish, one with a media link, one incomplete. The docx is read back
with python-docx and as raw XML parts; the PDF (LibreOffice) with pdftotext.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import RGBColor

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.generate import generate_round
from pipeline.office import OfficeError
from pipeline.publication import compendium as comp
from pipeline.publication.charts import (
    chart_questions,
    count_options,
    overview_charts,
    render_bar_chart,
)
from pipeline.publication.compendium import (
    CompileResult,
    build_compendium,
    compile_round,
    fact_rows,
    has_consent,
    select_practices,
    value_text,
)
from pipeline.publication.compendium import compile as comp_compile
from pipeline.publication.compendium import pdf as comp_pdf
from pipeline.publication.compendium.qr import QrCodes
from pipeline.returns.answers import current_submissions
from pipeline.returns.ingest import store_path
from pipeline.returns.store import FileRecord, Store, SubmissionRecord
from pipeline.round.folder import RoundDir

COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text("utf-8")
)
TODAY = dt.date(2025, 6, 30)
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _contact(pid: str) -> dict[str, str]:
    """Contact data unique to one project, easy to search for."""
    return {
        "contact_name": f"Kontaktperson {pid.upper()} Geheim",
        "contact_email": f"geheim.{pid}@contact.example",
        "contact_phone": f"0{pid[1:]}0 99{pid[1:]}99",
    }


def _answers(pid: str, name: str, org: str, **changes: Any) -> dict[str, Any]:
    given = {**COMPLETE, **_contact(pid), "project_name": name, "organisation": org}
    given.update(consent_publish=True, consent_contact=True, media_link=None)
    given.update(changes)
    return {k: v for k, v in given.items() if v is not None}


RETURNS: dict[str, tuple[dict[str, Any], str]] = {
    # p01: the complete answer set: publish yes, contact no, with a video link
    "p01": (
        {**COMPLETE, "media_link": "https://video.example/hinsehen?teil=1&lang=de"},
        "accepted",
    ),
    "p02": (
        _answers(
            "p02",
            "Streetwork im Netz",
            "Jugendhilfe Sachsen gGmbH",
            field_of_action="online_streetwork",
            federal_state="sn",
            target_groups=["youth", "young_adults", "at_risk"],
            channels=["discord", "telegram", "games"],
            prevention_level="selective",
            approach="Wir sind in Chats präsent.\nWir antworten auf Fragen.\n\nWir vermitteln "
            "bei Bedarf in die Beratung vor Ort.",
        ),
        "accepted_with_warnings",
    ),
    # p03: no consent to publish (but consent to name the contact): must not appear at all
    "p03": (
        _answers(
            "p03",
            "Discord-Dialog",
            "Verein für Demokratie und Vielfalt Köln e. V.",
            field_of_action="digital_social_work",
            consent_publish=False,
        ),
        "accepted",
    ),
    "p04": (
        _answers(
            "p04",
            "Wegweiser Ausstieg",
            "Beratungsnetzwerk Exit Brandenburg",
            field_of_action="counselling",
            federal_state="bb",
            prevention_level="indicated",
            target_groups=["at_risk", "relatives"],
            channels=["messenger", "offline"],
            partners=None,
        ),
        "accepted",
    ),
    "p05": (
        _answers(
            "p05",
            "Angehörigenberatung Hessen",
            "Beratungsstelle Hessen e. V.",
            field_of_action="counselling",
            federal_state="he",
            prevention_level="indicated",
            target_groups=["relatives", "professionals"],
            channels=["offline", "messenger"],
        ),
        "accepted",
    ),
    "p06": (
        _answers(
            "p06",
            "Demokratie spielen",
            "Landeszentrale Games & Bildung e. V.",
            field_of_action="political_education",
            federal_state="by",
            target_groups=["youth"],
            channels=["games", "discord", "youtube"],
            media_link="https://audio.example/demokratie-spielen.mp3",
        ),
        "accepted",
    ),
    # p07: incomplete (shown only with include_incomplete)
    "p07": (
        _answers(
            "p07",
            "Faktencheck Jugend",
            "Medienkompetenz Thüringen e. V.",
            field_of_action="media_literacy",
            federal_state="th",
            approach=None,
        ),
        "incomplete",
    ),
    "p08": (
        _answers(
            "p08",
            "Monitoring Verschwörungsdenken",
            "Institut für Radikalisierungsforschung Berlin",
            field_of_action="monitoring",
            federal_state="be",
            phenomena=["conspiracy", "antisemitism"],
            channels=["telegram", "youtube"],
            consent_contact=False,
        ),
        "accepted",
    ),
    "p09": (
        _answers(
            "p09",
            "Peer-Botschafter*innen",
            "Jugendbildungswerk Niedersachsen",
            field_of_action="political_education",
            federal_state="ni",
            target_groups=["youth", "multipliers"],
            channels=["instagram", "offline"],
        ),
        "accepted",
    ),
    "p10": (
        _answers(
            "p10",
            "Fachkräfte stärken",
            "Kompetenzzentrum Prävention Baden-Württemberg",
            field_of_action="qualification",
            federal_state="bw",
            target_groups=["professionals", "multipliers"],
            channels=["offline"],
            prevention_level="universal",
        ),
        "accepted",
    ),
}
PUBLISHED = ["p01", "p02", "p04", "p05", "p06", "p08", "p09", "p10"]
CONTACT_SHOWN = ["p02", "p04", "p05", "p06", "p09", "p10"]


def store_returns(rd: Path, returns: dict[str, tuple[dict[str, Any], str]]) -> None:
    """Record ``returns`` (project -> answers, outcome) in the round's store, as ingest does."""
    with Store(store_path(RoundDir(rd))) as store, store.transaction() as db:
        for n, (pid, (given, outcome)) in enumerate(sorted(returns.items())):
            sha = f"{n + 1:064d}"
            received = f"2025-05-{n + 1:02d}T09:00:00"
            store.upsert_project(
                db, id=pid, name=pid, organisation="", email="", contact="", language="de", token=""
            )
            file = FileRecord(sha, f"{pid}.xlsx", 1, received, f"archive/{sha}", pid, outcome, None)
            store.add_file(db, file)
            store.add_submission(
                db,
                SubmissionRecord(
                    project=pid,
                    file_sha256=sha,
                    received=received,
                    questionnaire="promising-practices",
                    version="2025.1",
                    format="xlsx",
                    answers=given,
                    issues=[],
                    coercions=[],
                    outcome=outcome,
                ),
            )


def make_round(target: Path, returns: dict[str, tuple[dict[str, Any], str]] = RETURNS) -> Path:
    generate_round(BUNDLED, ROSTER, target, formats=("xlsx",))
    store_returns(target, returns)
    return target


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory) -> Path:
    return make_round(tmp_path_factory.mktemp("compendium") / "round")


@pytest.fixture(scope="module")
def inputs(round_dir):
    rd = RoundDir(round_dir)
    return load_questionnaire(rd.definition, "de"), rd.load(), current_submissions(rd)


@pytest.fixture(scope="module")
def docx_bytes(inputs) -> bytes:
    q, record, subs = inputs
    return build_compendium(q, record, subs, "de", today=TODAY)


@pytest.fixture(scope="module")
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def xml_text(data: bytes) -> str:
    """Every XML part, decoded, joined: what a search through the unzipped file finds."""
    return "\n".join(
        v.decode("utf-8") for k, v in parts(data).items() if k.endswith((".xml", ".rels"))
    )


def headings(document, level: int) -> list[str]:
    return [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name == f"Heading {level}"
    ]


def all_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def title_of(pid: str) -> str:
    return RETURNS[pid][0]["project_name"]


# --- selection and values ------------------------------------------------------------------------


def test_only_consented_complete_practices_are_selected(inputs):
    q, record, subs = inputs
    practices = select_practices(q, record, subs, "de")
    assert sorted(p.project for p in practices) == PUBLISHED
    assert {p.project for p in practices if p.show_contact} == set(CONTACT_SHOWN)
    with_incomplete = select_practices(q, record, subs, "de", include_incomplete=True)
    assert sorted(p.project for p in with_incomplete) == sorted([*PUBLISHED, "p07"])
    assert [p.incomplete for p in with_incomplete if p.project == "p07"] == [True]


def test_practices_sorted_by_group_order_then_title(inputs):
    q, record, subs = inputs
    practices = select_practices(q, record, subs, "de")
    assert [p.title for p in practices] == [
        "Hinsehen statt Wegklicken",  # monitoring
        "Monitoring Verschwörungsdenken",
        "Streetwork im Netz",  # online streetwork
        "Angehörigenberatung Hessen",  # counselling
        "Wegweiser Ausstieg",
        "Demokratie spielen",  # political education
        "Peer-Botschafter*innen",
        "Fachkräfte stärken",  # qualification
    ]


def test_consent_needs_a_consent_question_and_a_true_answer(inputs):
    q = inputs[0]
    assert has_consent(q, {"consent_publish": True})
    assert not has_consent(q, {"consent_publish": "ja"})
    assert not has_consent(q, {})
    assert has_consent(q, {"consent_contact": True}, "consent_contact")


def test_values_in_words(inputs):
    q = inputs[0]
    assert value_text(q.question("start_date"), "2022-01-01", "de") == "01.01.2022"
    assert value_text(q.question("start_date"), "2022-01-01", "en") == "1 January 2022"
    assert value_text(q.question("participants_per_year"), 12000, "de") == "12.000 Personen"
    assert value_text(q.question("staff_fte"), 2.5, "de") == "2,5 Vollzeitstellen"
    phenomena = q.question("phenomena")
    shown = value_text(phenomena, ["right_wing", "other"], "de", "Queerfeindlichkeit")
    assert shown == "Rechtsextremismus, Queerfeindlichkeit"
    assert value_text(q.question("federal_state"), "hh", "en") == "Hamburg"
    assert value_text(q.question("website"), "", "de") == ""


def test_fact_rows_follow_roles_and_consent(inputs):
    q, record, subs = inputs
    practices = {p.project: p for p in select_practices(q, record, subs, "de")}
    shown = {x.id for x, _ in fact_rows(q, practices["p02"], "de")}
    assert {x.id for x in q.with_role("contact")} <= shown
    assert not shown & {x.id for x in q.with_role("hidden")}
    hidden_contact = {x.id for x, _ in fact_rows(q, practices["p01"], "de")}
    assert not hidden_contact & {x.id for x in q.with_role("contact")}
    assert {x.id for x in q.with_role("fact")} & hidden_contact


# --- the document --------------------------------------------------------------------------------


def test_front_matter_headings_and_title_page(document, inputs):
    q = inputs[0]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Kompendium Promising Practices"
    assert document.paragraphs[0].style.name == "Title"
    assert q.network.get("de") in texts[:4]
    assert not any("Version 2025.1" in text for text in texts[:5])  # no internal version
    assert "Stand: 30.06.2025" in texts[:5]
    assert "Inhalt" in texts
    h1 = headings(document, 1)
    assert h1[:2] == ["Einleitung", "Überblick"]
    assert h1[-1] == "Anhang"
    assert h1[2:-1] == [
        "Monitoring & Analyse",
        "Online-Streetwork",
        "Beratung (Ausstieg, Distanzierung, Angehörige)",
        "Politische Bildung",
        "Qualifizierung von Fachkräften",
    ]


def test_one_heading_2_per_published_practice(document):
    h2 = headings(document, 2)
    for pid in PUBLISHED:
        assert h2.count(title_of(pid)) == 1, pid
    assert title_of("p03") not in h2
    assert title_of("p07") not in h2
    assert "Der Fragebogen" in h2 and "Beteiligte Träger" in h2


def test_introduction_gives_the_round_figures(document):
    text = all_text(document)
    assert "Befragt wurden 12 Projekte; 10 haben den Fragebogen zurückgesendet." in text
    assert "Dieses Kompendium stellt 8 Praktiken vor" in text
    figures = document.tables[0]
    assert [[c.text for c in row.cells] for row in figures.rows] == [
        ["Befragte Projekte", "12"],
        ["Rückmeldungen", "10"],
        ["Praktiken in diesem Kompendium", "8"],
    ]


def test_incomplete_practices_only_on_request(inputs):
    q, record, subs = inputs
    data = build_compendium(q, record, subs, "de", include_incomplete=True, today=TODAY)
    document = Document(io.BytesIO(data))
    assert title_of("p07") in headings(document, 2)
    text = all_text(document)
    assert "Dieses Kompendium stellt 9 Praktiken vor" in text
    assert "1 davon sind aufgenommen, obwohl ihre Angaben noch unvollständig sind." in text
    assert "Hinweis: Die Angaben zu dieser Praxis sind noch unvollständig." in text


def _pictures(data: bytes) -> list[dict[str, str]]:
    found = re.findall(r"<wp:docPr ([^>]*)/>", xml_text(data))
    return [dict(re.findall(r'(\w+)="([^"]*)"', attrs)) for attrs in found]


def test_charts_are_pictures_with_alt_text_and_captions(docx_bytes, document, inputs):
    q, _, subs = inputs
    charts = overview_charts(q, [s.answers for s in subs if s.project in PUBLISHED], "de")
    assert 4 <= len(charts) <= 7
    assert charts[0].question.compendium.role == "group"
    pictures = _pictures(docx_bytes)
    chart_pics = [p for p in pictures if p.get("descr", "").startswith("Balkendiagramm")]
    assert len(chart_pics) == len(charts)
    assert all(p["title"] for p in chart_pics)
    assert "Monitoring &amp; Analyse: 2" in chart_pics[0]["descr"]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0] == "Tabelle 1: Alle Praktiken im Überblick"  # before the charts
    expected = [f"Abbildung {n}: {c.title}" for n, c in enumerate(charts, 1)]
    assert captions[1 : len(charts) + 1] == expected
    media = [k for k in parts(docx_bytes) if k.startswith("word/media/") and k.endswith(".png")]
    assert len(media) >= len(charts) + 1


def test_chart_questions_are_picked_by_role_and_type(inputs):
    q = inputs[0]
    chosen = chart_questions(q)
    assert chosen[0].compendium.role == "group"
    assert all(x.type in ("select_one", "select_multiple", "scale") for x in chosen)
    assert all(x.compendium.role == "fact" for x in chosen[1:])
    assert 4 <= len(chosen) <= 7
    assert "target_groups" in {x.id for x in chosen}


def test_chart_counts_and_long_lists_show_only_chosen_options(inputs):
    q = inputs[0]
    answers = [{"federal_state": "hh"}, {"federal_state": "hh"}, {"federal_state": "be"}]
    assert count_options(q.question("federal_state"), answers, "de") == (
        ("Berlin", 1),
        ("Hamburg", 2),
    )
    levels = count_options(q.question("prevention_level"), answers, "de")
    assert levels == (("universell", 0), ("selektiv", 0), ("indiziert", 0))


def test_chart_png_is_stable_and_has_no_metadata_dates(inputs):
    q = inputs[0]
    chart = overview_charts(q, [COMPLETE], "de")[0]
    first, second = render_bar_chart(chart, "Anzahl"), render_bar_chart(chart, "Anzahl")
    assert first == second
    assert first.startswith(b"\x89PNG")
    assert b"Software" not in first and b"tIME" not in first


def test_charts_drawn_by_threads_at_once_leave_no_settings_behind(inputs):
    # matplotlib's settings and the warning filters are global: charts drawn by threads at
    # once (the web page's threads; two compendiums built at once) must leave them as they
    # were (one thread restoring what another had set left the chart's font size for the
    # whole process and every warning silenced), and draw the same charts as one alone.
    import warnings
    from concurrent.futures import ThreadPoolExecutor

    import matplotlib

    q = inputs[0]
    chart = overview_charts(q, [COMPLETE], "de")[0]
    alone = render_bar_chart(chart, "Anzahl")
    before = (dict(matplotlib.rcParams), list(warnings.filters))
    for _ in range(5):
        with ThreadPoolExecutor(4) as pool:
            drawn = list(pool.map(lambda _: render_bar_chart(chart, "Anzahl"), range(12)))
        assert [png == alone for png in drawn] == [True] * 12
        assert matplotlib.rcParams["font.size"] == before[0]["font.size"]
        assert (dict(matplotlib.rcParams), list(warnings.filters)) == before


def test_qr_code_and_link_for_media(docx_bytes, document):
    pictures = _pictures(docx_bytes)
    qr = [p for p in pictures if p.get("descr", "").startswith("QR-Code")]
    assert len(qr) == 2  # p01 (video) and p06 (audio)
    assert "https://audio.example/demokratie-spielen.mp3" in qr[1]["descr"] + qr[0]["descr"]
    rels = parts(docx_bytes)["word/_rels/document.xml.rels"].decode()
    assert 'Target="https://video.example/hinsehen?teil=1&amp;lang=de"' in rels
    assert 'TargetMode="External"' in rels
    assert "Zum Anschauen und Anhören" in [
        p.text for p in document.paragraphs if p.style.name == "Heading 3"
    ]


def fact_pairs(table) -> list[tuple[str, str]]:
    """(label, value) of each fact in a fact box: a row holds one fact across it (its value
    spanning three columns) or two short ones side by side."""
    pairs = []
    for row in table.rows[1:]:
        cells = list({id(c._tc): c for c in row.cells}.values())  # a spanned cell once
        pairs += [(cells[i].text, cells[i + 1].text) for i in range(0, len(cells) - 1, 2)]
    return pairs


def test_fact_box_is_a_shaded_table_of_label_and_value_twice(document):
    boxes = [t for t in document.tables if t.rows[0].cells[0].text == "Steckbrief"]
    assert len(boxes) == len(PUBLISHED)
    first = boxes[0]
    assert len(first.columns) == 4  # two short facts side by side
    rows = dict(fact_pairs(first))
    assert rows["Träger"] == "Medienwerkstatt Nord e. V."
    assert rows["Bundesland"] == "Hamburg"
    assert rows["Beginn"] == "01.01.2022"  # the short headings of the definition
    assert "Queerfeindlichkeit" in rows["Phänomenbereiche"]
    assert "Kontakt" not in rows and "E-Mail" not in rows  # p01 did not consent to naming
    assert 'w:fill="EAF1F8"' in first._tbl.xml


def test_sections_keep_line_breaks_and_tables(document):
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index("Streetwork im Netz")
    chapter = paragraphs[start : start + 60]
    assert "Wir sind in Chats präsent." in chapter
    assert "Wir antworten auf Fragen." in chapter
    assert "Partner" in chapter
    partners = [t for t in document.tables if t.rows[0].cells[0].text == "Organisation"]
    assert partners, "partners table"
    assert [c.text for c in partners[0].rows[1].cells] == [
        "Landesinstitut für Lehrerbildung Hamburg",
        "Kooperation",
        "2022",
    ]


def test_hidden_answers_never_appear(docx_bytes, inputs):
    text = xml_text(docx_bytes)
    assert COMPLETE["remarks"] not in text
    assert "100.000–250.000" not in text  # budget_range is hidden


def test_no_personal_data_without_consent_in_any_part(docx_bytes, inputs):
    q = inputs[0]
    text = xml_text(docx_bytes)
    assert "Discord-Dialog" not in text
    contact_ids = [x.id for x in q.with_role("contact")]
    private = [COMPLETE, RETURNS["p03"][0], RETURNS["p08"][0]]
    for given in private:
        for qid in contact_ids:
            assert given[qid] not in text, given[qid]
    for pid in CONTACT_SHOWN:
        assert _contact(pid)["contact_email"] in text
    for name, data in parts(docx_bytes).items():  # also binary parts, just in case
        for qid in contact_ids:
            assert RETURNS["p03"][0][qid].encode() not in data, name


def test_table_of_contents_field_with_cached_entries(docx_bytes, document):
    xml = parts(docx_bytes)["word/document.xml"].decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    begin = xml.index('TOC \\o "1-2"')
    separate = xml.index('w:fldCharType="separate"', begin)
    end = xml.index('w:name="_Toc00000001"', separate)  # the bookmark of the first heading
    cached = xml[separate:end]
    for pid in PUBLISHED:
        assert f"{title_of(pid).replace('&', '&amp;')}</w:t>" in cached
    assert "Monitoring &amp; Analyse</w:t>" in cached
    assert cached.count('w:anchor="_Toc') == len(headings(document, 1)) + len(headings(document, 2))
    assert "PAGEREF _Toc" in cached


def test_overview_table_lists_every_practice(document):
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Praxis")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == len(PUBLISHED)
    assert ["Streetwork im Netz", "Jugendhilfe Sachsen gGmbH", "Online-Streetwork"] in rows


def test_appendix_lists_questions_and_organisations(document, inputs):
    q = inputs[0]
    texts = [p.text for p in document.paragraphs]
    for x in q.answerable():
        assert f"{x.number}\t{x.label.get('de')}" in texts
    start = texts.index("Beteiligte Träger")
    listed = texts[start:]
    assert any(t.startswith("Jugendhilfe Sachsen gGmbH – Streetwork im Netz") for t in listed)
    assert not any("Verein für Demokratie und Vielfalt Köln" in t for t in listed)


def test_english_compendium(inputs):
    _, record, subs = inputs
    q_en = load_questionnaire(BUNDLED, "en")
    document = Document(io.BytesIO(build_compendium(q_en, record, subs, "en", today=TODAY)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Compendium of promising practices"
    assert "As of 30 June 2025" in texts
    assert headings(document, 1)[:2] == ["Introduction", "Overview"]
    assert "Contents" in texts
    assert "Monitoring & analysis" in headings(document, 1)


def test_same_inputs_same_bytes(inputs, docx_bytes):
    q, record, subs = inputs
    assert build_compendium(q, record, subs, "de", today=TODAY) == docx_bytes
    core = parts(docx_bytes)["docProps/core.xml"].decode()
    assert "2025-06-30T00:00:00Z" in core
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# --- templates -----------------------------------------------------------------------------------


def _template(path: Path) -> Path:
    doc = Document()
    style = doc.styles.add_style("Netzwerk Hausstil", WD_STYLE_TYPE.PARAGRAPH)
    style.font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0xAB, 0xCD, 0xEF)
    doc.sections[0].header.paragraphs[0].text = "Logo des Netzwerks – Kopfzeile aus der Vorlage"
    doc.add_paragraph("Dieser Vorlagentext muss verschwinden.")
    doc.save(path)
    return path


def test_template_supplies_styles_and_header(inputs, tmp_path):
    q, record, subs = inputs
    template = _template(tmp_path / "vorlage.docx")
    data = build_compendium(q, record, subs, "de", template=template, today=TODAY)
    all_parts = parts(data)
    headers = [v.decode() for k, v in all_parts.items() if k.startswith("word/header")]
    assert any("Kopfzeile aus der Vorlage" in h for h in headers)
    styles = all_parts["word/styles.xml"].decode()
    assert "Netzwerk Hausstil" in styles and "ABCDEF" in styles
    document = Document(io.BytesIO(data))
    assert "Dieser Vorlagentext muss verschwinden." not in all_text(document)
    assert len(headings(document, 2)) >= len(PUBLISHED)
    assert build_compendium(q, record, subs, "de", template=template, today=TODAY) == data


def test_template_without_needed_styles_gets_them(inputs, tmp_path):
    q, record, subs = inputs
    bare = Document()
    for name in ("TOC Heading", "Caption", "Subtitle"):
        bare.styles[name].delete()
    bare.save(tmp_path / "bare.docx")
    data = build_compendium(q, record, subs, "de", template=tmp_path / "bare.docx", today=TODAY)
    document = Document(io.BytesIO(data))
    assert "Inhalt" in [p.text for p in document.paragraphs if p.style.name == "TOC Heading"]


def test_unreadable_template_is_a_clear_error(inputs, tmp_path):
    q, record, subs = inputs
    bad = tmp_path / "vorlage.docx"
    bad.write_text("kein Word-Dokument", "utf-8")
    with pytest.raises(comp.CompendiumError, match="kein lesbares Word-Dokument"):
        build_compendium(q, record, subs, "de", template=bad, today=TODAY)


# --- the round -----------------------------------------------------------------------------------


def test_compile_round_writes_the_docx(round_dir, monkeypatch):
    result = compile_round(round_dir)
    assert isinstance(result, CompileResult)
    assert result.docx == round_dir / "compendium" / "compendium-de.docx"
    assert result.paths == [result.docx] and result.pdf is None
    assert result.figures.included == len(PUBLISHED)
    assert result.message is None
    assert headings(Document(result.docx), 2).count("Streetwork im Netz") == 1


def test_without_libreoffice_the_result_says_so(round_dir, monkeypatch):
    monkeypatch.setattr(comp_pdf, "find_soffice", lambda: None)
    result = compile_round(round_dir, pdf=True)
    assert result.pdf is None and result.docx.exists()
    assert "weil LibreOffice (soffice) nicht installiert ist" in (result.message or "")


def test_round_without_publishable_practice(tmp_path):
    rd = make_round(tmp_path / "r", {"p03": RETURNS["p03"]})
    result = compile_round(rd, lang="en")
    assert result.figures.included == 0
    assert "No practice can be published yet" in (result.message or "")
    document = Document(result.docx)
    assert headings(document, 2) == ["The questionnaire", "Participating organisations"]


@pytest.mark.office
def test_pdf_has_a_filled_table_of_contents(soffice, round_dir):
    result = compile_round(round_dir, pdf=True)
    assert result.pdf is not None and result.pdf.exists(), result.message
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("pdftotext/pdfinfo (poppler-utils) not installed")
    assert result.message is None
    toc = _pdf_text(result.pdf, 2)
    assert "Inhalt" in toc
    for pid in PUBLISHED:
        line = next(x for x in toc.splitlines() if title_of(pid) in x)
        found = re.search(r"\.{3,}\s*(\d+)\s*$", line)
        assert found, line  # dot leader and a page number
        page = _pdf_text(result.pdf, int(found.group(1)))
        assert title_of(pid) in [x.strip() for x in page.splitlines()], (pid, found.group(1))


def _pdf_text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# --- details ----------------------------------------------------------------------------------


def test_unsafe_links_stay_text(inputs):
    q, record, subs = inputs
    evil = {**COMPLETE, "website": "javascript:alert(1)", "media_link": "javascript:alert(2)"}
    sub = replace(subs[0], answers=evil)
    data = build_compendium(q, record, [sub], "de", today=TODAY)
    rels = parts(data)["word/_rels/document.xml.rels"].decode()
    assert "javascript:" not in rels
    assert "javascript:alert(1)" in all_text(Document(io.BytesIO(data)))
    assert not [p for p in _pictures(data) if p.get("descr", "").startswith("QR-Code")]


def test_qr_code_png_is_deterministic():
    first = comp.qr_png("https://video.example/x")
    assert first == comp.qr_png("https://video.example/x")
    assert first.startswith(b"\x89PNG") and b"tIME" not in first
    assert first != comp.qr_png("https://video.example/y")


def test_qr_code_png_is_what_qrcode_draws():
    import qrcode

    url = "https://video.example/hinsehen?teil=1&lang=de"
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=8,
        border=2,
        mask_pattern=comp.QR_MASK,
    )
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    assert comp.qr_png(url) == buffer.getvalue()


def test_qr_codes_drawn_ahead_by_a_worker_equal_the_ones_drawn_here():
    from pipeline.workers import MIN_ITEMS, cpu_count

    urls = [f"https://video.example/praxis/{n}" for n in range(MIN_ITEMS + 6)]
    codes = QrCodes([*urls, urls[0]])  # a repeated link is drawn once
    try:
        assert (codes.pool is not None) == (cpu_count() > 1)
        for url in reversed(urls):
            assert codes.png(url) == comp.qr_png(url)
        assert codes.png("https://video.example/not-asked-for") == comp.qr_png(
            "https://video.example/not-asked-for"
        )
    finally:
        codes.close()
    assert codes.png(urls[0]) == comp.qr_png(urls[0])  # after closing: drawn here


def test_other_group_and_skipped_conditions(inputs):
    q, record, subs = inputs
    given = {**COMPLETE, "field_of_action": "other", "field_of_action_other": "Sport"}
    given["channels"] = ["instagram"]  # gaming_details no longer applies
    sub = replace(subs[0], answers=given)
    document = Document(io.BytesIO(build_compendium(q, record, [sub], "de", today=TODAY)))
    assert "Sonstiges" in headings(document, 1)
    (box,) = [t for t in document.tables if t.rows[0].cells[0].text == "Steckbrief"]
    assert ("Handlungsfeld", "Sport") in fact_pairs(box)  # what the project typed there
    h3 = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert q.question("gaming_details").label.get("de") not in h3
    assert "Ausgangslage" in h3


def test_table_values_in_words(inputs):
    q = inputs[0]
    text = value_text(q.question("partners"), COMPLETE["partners"], "de")
    assert "Landesinstitut für Lehrerbildung Hamburg" in text and "Kooperation" in text


NO_CONSENT_YAML = """
id: no-consent
version: "1"
languages: [de, en]
title: {de: Ohne Einverständnis, en: Without consent}
sections:
  - id: s
    title: {de: Teil, en: Part}
    questions:
      - {id: name, type: text, label: {de: Name, en: Name}, compendium: title}
"""


def test_without_consent_question_nothing_is_published(inputs):
    from pipeline.definition.loading import parse_definition

    q = parse_definition(NO_CONSENT_YAML, "no-consent.yaml")
    _, record, subs = inputs
    sub = replace(subs[0], answers={"name": "Etwas"})
    assert select_practices(q, record, [sub], "de") == []
    document = Document(io.BytesIO(build_compendium(q, record, [sub], "de", today=TODAY)))
    assert "Etwas" not in all_text(document)
    message = comp_compile.content_messages(q, comp.Figures(12, 1, 0), "en")
    assert "no question with the compendium role “consent”" in message[0]


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for pdfinfo")
def test_toc_pages_reads_pdfinfo_destinations(tmp_path, monkeypatch):
    fake = tmp_path / "pdfinfo"
    fake.write_text(
        "#!/bin/sh\n"
        "echo 'Page  Destination                 Name'\n"
        "echo '   3 [ XYZ   62  770 null      ] \"5FToc00000001\"'\n"
        "echo '  12 [ XYZ   62  700 null      ] \"5FToc00000002\"'\n",
        "utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}")
    assert comp.toc_pages(tmp_path / "x.pdf") == {"_Toc00000001": 3, "_Toc00000002": 12}
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert comp.toc_pages(tmp_path / "x.pdf") is None


def test_page_numbers_end_up_in_the_toc(inputs):
    q, record, subs = inputs
    pages = {"_Toc00000001": 3, "_Toc00000004": 8}
    data = build_compendium(q, record, subs, "de", today=TODAY, toc_pages=pages)
    xml = parts(data)["word/document.xml"].decode()
    assert re.search(r"PAGEREF _Toc00000001 \\h .*?<w:t[^>]*>3</w:t>", xml)
    assert re.search(r"PAGEREF _Toc00000004 \\h .*?<w:t[^>]*>8</w:t>", xml)


def test_a_failing_conversion_is_reported(round_dir, monkeypatch):
    def fail(*args, **kwargs):
        raise OfficeError("LibreOffice could not convert compendium.docx: boom")

    monkeypatch.setattr(comp_pdf, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(comp_pdf, "convert", fail)
    result = compile_round(round_dir, lang="en", pdf=True)
    assert result.pdf is None
    assert "The PDF could not be made: LibreOffice could not convert" in (result.message or "")
