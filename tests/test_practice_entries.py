"""Richer practice entries (issue 15, point 2): the short description, the self-assessment of
quality and evidence and the last-updated date, in a real compendium of the bundled
questionnaire 2026.1, read back from the .docx's XML; and the definition checks of the roles
``summary``, ``profile`` and the ``filter`` flag."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, COMPLETE, ROSTER, fill_return, own_master_data
from lxml import etree

from pipeline.definition.loading import load_questionnaire, parse_definition
from pipeline.errors import DefinitionError
from pipeline.forms.generate import generate_round
from pipeline.publication.compendium import compile_round
from pipeline.publication.compendium.selection import updated_on
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Submission
from pipeline.returns.submission import ACCEPTED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUMMARY = (
    "Wir beobachten öffentliche Inhalte auf TikTok und Instagram und zeigen Fachkräften in "
    "kurzen Fortbildungen, wie sie mit Jugendlichen darüber ins Gespräch kommen."
)
NEW_ANSWERS: dict[str, Any] = {
    "summary": SUMMARY,
    "geographic_scope": "international",
    "states_active": ["hh", "sh"],
    "languages": ["de", "tr", "other"],
    "languages_other": "Kurmandschi",
    "presented_at": "Fachtag Digitale Lebenswelten (2024).",
    "concept_quality": "fully",
    "implementation_quality": "largely",
    "evaluation_quality": "partly",
    "evidence_grade": "theoretical",
}
SAVED = "2026-03-14T16:45:00Z"
"""When the project's office program last saved the return (the document's modified time)."""


def office_save(path: Path, modified: str) -> None:
    """Set the document's own modified time as Word does on saving."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info)) for info in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                pattern = rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)"
                data, count = re.subn(pattern, rb"\g<1>" + modified.encode() + rb"\g<2>", data)
                assert count == 1
            z.writestr(info, data)
    path.write_bytes(out.getvalue())


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory) -> Path:
    """A round of the bundled questionnaire: p01 returns its Word form with every new
    question answered, saved on 14 March 2026; p02 its Excel form without the new ones."""
    rd = tmp_path_factory.mktemp("entries") / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx", "xlsx"))
    q = load_questionnaire(BUNDLED)
    p01 = {**COMPLETE, **NEW_ANSWERS, "consent_contact": True}
    target = fill_return(rd, q, "p01", p01, rd / "inbox" / "p01.docx")
    office_save(target, SAVED)
    old_only = {k: v for k, v in COMPLETE.items() if k not in NEW_ANSWERS}
    p02 = own_master_data("p02", {**old_only, "project_name": "Streetwork im Netz"})
    fill_return(rd, q, "p02", {**p02, "consent_contact": True}, rd / "inbox" / "p02.xlsx")
    report = ingest(rd, lang="de")
    assert sorted(r.outcome for r in report.results) == [ACCEPTED, ACCEPTED]
    return rd


def _compendium(round_dir: Path, lang: str) -> etree._Element:
    result = compile_round(round_dir, lang)
    with zipfile.ZipFile(result.docx) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


@pytest.fixture(scope="module")
def body_de(round_dir):
    return _compendium(round_dir, "de").find(f"{W}body")


@pytest.fixture(scope="module")
def body_en(round_dir):
    return _compendium(round_dir, "en").find(f"{W}body")


def _text(node: Any) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t"))


def _style(paragraph: Any) -> str:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else ""


def _chapter(body: Any, title: str) -> list[Any]:
    """The body's elements from the chapter heading ``title`` to the next chapter heading."""
    children = list(body)
    start = next(
        n
        for n, c in enumerate(children)
        if c.tag == f"{W}p" and _style(c) == "Heading2" and _text(c) == title
    )
    end = next(
        (
            n
            for n, c in enumerate(children[start + 1 :], start + 1)
            if c.tag == f"{W}p" and _style(c) in ("Heading1", "Heading2")
        ),
        len(children),
    )
    return children[start:end]


def _rows(table: Any) -> list[list[str]]:
    return [[_text(tc) for tc in tr.findall(f"{W}tc")] for tr in table.findall(f"{W}tr")]


def _pairs(rows: list[list[str]]) -> list[list[str]]:
    """The fact box's rows as (label, value) each: a row with two facts side by side gives
    two (a heading row stays as it is)."""
    return [row[i : i + 2] for row in rows for i in range(0, max(len(row), 1), 2)]


def test_the_summary_is_the_lead_paragraph_before_the_fact_box(body_de):
    chapter = _chapter(body_de, "Hinsehen statt Wegklicken")
    lead = chapter[1]
    assert (lead.tag, _style(lead), _text(lead)) == (f"{W}p", "Lead", SUMMARY)
    first_table = next(n for n, c in enumerate(chapter) if c.tag == f"{W}tbl")
    assert first_table > 1
    assert _rows(chapter[first_table])[0] == ["Steckbrief"]
    texts = [_text(c) for c in chapter]
    assert texts.count(SUMMARY) == 1  # not repeated as a section
    assert "Kurzbeschreibung" not in "\n".join(texts)


def test_the_lead_style_is_a_paragraph_style_of_its_own(round_dir, body_de):
    result = compile_round(round_dir, "de")
    with zipfile.ZipFile(result.docx) as zf:
        styles = etree.fromstring(zf.read("word/styles.xml"))
    (lead,) = [s for s in styles.findall(f"{W}style") if s.get(f"{W}styleId") == "Lead"]
    assert lead.get(f"{W}type") == "paragraph"
    assert lead.find(f"{W}name").get(f"{W}val") == "Lead"


def test_fact_box_has_the_new_facts_the_self_reported_profile_and_last_updated(body_de):
    chapter = _chapter(body_de, "Hinsehen statt Wegklicken")
    rows = _pairs(_rows(next(c for c in chapter if c.tag == f"{W}tbl")))
    assert ["Räumliche Reichweite", "international"] in rows
    assert ["Tätig in den Bundesländern", "Hamburg, Schleswig-Holstein"] in rows
    assert ["Sprachen", "Deutsch, Türkisch, Kurmandschi"] in rows
    head = rows.index(["Qualität und Evidenz (Selbstauskunft)"])
    assert rows[head + 1 :] == [
        ["Konzept", "vollständig erfüllt"],
        ["Umsetzung", "weitgehend erfüllt"],
        ["Evaluation", "in Ansätzen erfüllt"],
        ["Stufe (Grüne Liste)", "Effektivität theoretisch gut begründet"],
        ["Stand", "14.03.2026"],
    ]
    assert rows[head - 1] == ["Zur Aufnahme", COMPLETE["media_description"]]  # after the facts


def test_where_presented_is_a_section_of_the_chapter(body_de):
    texts = [_text(c) for c in _chapter(body_de, "Hinsehen statt Wegklicken")]
    at = texts.index("Vorgestellt bei")
    assert texts[at + 1] == "Fachtag Digitale Lebenswelten (2024)."


def test_english_compendium_labels_the_profile_and_the_date_in_english(body_en):
    chapter = _chapter(body_en, "Hinsehen statt Wegklicken")
    assert _style(chapter[1]) == "Lead"
    rows = _pairs(_rows(next(c for c in chapter if c.tag == f"{W}tbl")))
    head = rows.index(["Quality and evidence (self-reported)"])
    assert rows[head + 1] == ["Concept", "fully met"]
    assert rows[head + 4] == ["Level (Green List)", "effectiveness theoretically well-founded"]
    assert rows[-1] == ["Last updated", "14 March 2026"]


def test_a_return_without_the_new_answers_has_no_lead_and_no_profile(body_de):
    chapter = _chapter(body_de, "Streetwork im Netz")
    assert [c for c in chapter if c.tag == f"{W}p" and _style(c) == "Lead"] == []
    rows = _pairs(_rows(next(c for c in chapter if c.tag == f"{W}tbl")))
    assert ["Qualität und Evidenz (Selbstauskunft)"] not in rows
    label, date = rows[-1]
    assert label == "Stand"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", date)  # the file's time: the day of the test run


def _submission(saved: str, received: str) -> Submission:
    return Submission(
        1, "p01", "0" * 64, "p01.docx", received, "2026.1", "docx", {}, [], [], ACCEPTED, True,
        saved=saved,
    )  # fmt: skip


def test_last_updated_is_the_saved_day_else_the_received_day():
    assert updated_on(_submission("2026-03-14T16:45:00", "2026-04-01T09:00:00")) == dt.date(
        2026, 3, 14
    )
    assert updated_on(_submission("", "2025-05-02T09:00:00")) == dt.date(2025, 5, 2)
    assert updated_on(_submission("", "")) is None


# --- definition checks ---------------------------------------------------------------------------

DEFINITION = """\
id: roles
version: "1"
languages: [de, en]
title: {de: Rollen, en: Roles}
choice_lists:
  steps:
    - {value: a, label: {de: A, en: A}}
    - {value: b, label: {de: B, en: B}}
sections:
  - id: s
    title: {de: Abschnitt, en: Section}
    questions:
      - id: name
        type: text
        label: {de: Name, en: Name}
        compendium: title
QUESTIONS"""


def _problems(questions: str, lang: str = "de") -> list[tuple[str, int | None, str]]:
    text = DEFINITION.replace("QUESTIONS", questions)
    try:
        parse_definition(text, "roles.yaml", lang)
    except DefinitionError as exc:
        return [(p.code, p.line, p.message) for p in exc.problems]
    return []


def test_a_profile_on_a_text_question_is_rejected_with_its_line():
    problems = _problems(
        """\
      - id: story
        type: long_text
        label: {de: Geschichte, en: Story}
        compendium: profile
"""
    )
    assert problems == [
        (
            "role-type",
            20,
            "Die Kompendium-Rolle „profile“ braucht eine Frage vom Typ select_one / scale, "
            "nicht long_text.",
        )
    ]


def test_profile_on_choices_and_scales_and_one_summary_are_accepted():
    assert (
        _problems(
            """\
      - id: summary
        type: long_text
        max_words: 80
        label: {de: Kurz, en: Short}
        compendium: summary
      - id: concept
        type: select_one
        choices: steps
        label: {de: Konzept, en: Concept}
        compendium: {role: profile, heading: {de: Konzept, en: Concept}}
      - id: rating
        type: scale
        min: 1
        max: 3
        label: {de: Note, en: Rating}
        compendium: profile
      - id: kinds
        type: select_multiple
        choices: steps
        label: {de: Arten, en: Kinds}
        compendium: {role: fact, filter: true}
"""
        )
        == []
    )


def test_a_second_summary_and_a_summary_on_a_choice_are_rejected():
    problems = _problems(
        """\
      - id: short
        type: long_text
        label: {de: Kurz, en: Short}
        compendium: summary
      - id: shorter
        type: select_one
        choices: steps
        label: {de: Kürzer, en: Shorter}
        compendium: summary
""",
        "en",
    )
    assert problems == [
        (
            "role-once",
            25,
            "The compendium role “summary” may be given to one question only (also at line 20).",
        ),
        (
            "role-type",
            25,
            "The compendium role “summary” needs a question of type text / long_text, "
            "not select_one.",
        ),
    ]


def test_a_filter_on_a_text_question_is_rejected():
    problems = _problems(
        """\
      - id: place
        type: text
        label: {de: Ort, en: Place}
        compendium: {role: fact, filter: true}
"""
    )
    assert problems == [
        (
            "filter-type",
            20,
            "Nur Auswahlfragen (select_one, select_multiple) können als Filter der Web-Ausgabe "
            "dienen, nicht Typ text.",
        )
    ]


def test_the_bundled_questionnaire_uses_the_new_roles():
    q = load_questionnaire(BUNDLED)
    assert q.version == "2026.1"
    assert [(x.number, x.id) for x in q.with_role("summary")] == [("1.11", "summary")]
    assert [(x.number, x.id) for x in q.with_role("profile")] == [
        ("7.5", "concept_quality"),
        ("7.6", "implementation_quality"),
        ("7.7", "evaluation_quality"),
        ("7.8", "evidence_grade"),
    ]
    filters = [x.id for x in q.questions() if x.compendium and x.compendium.filter]
    assert filters == ["phenomena", "target_groups"]
    for x in q.questions():  # every charted choice has a short heading of its own
        role = x.compendium.role if x.compendium else None
        if role in ("group", "fact") and x.type in ("select_one", "select_multiple", "scale"):
            assert x.compendium.heading is not None, x.id
    assert [q.question(i).number for i in ("staff_fte", "consent_publish", "remarks")] == [
        "8.3",
        "11.1",
        "11.3",
    ]


def test_contact_data_in_the_summary_is_redacted_like_other_free_texts(tmp_path):
    """The summary is printed, so the privacy check reads it: a practice that did not consent
    to naming its contact does not show a phone number typed into its short description."""
    from test_compendium import RETURNS, make_round

    from pipeline.publication.compendium import build_compendium
    from pipeline.returns.answers import current_submissions
    from pipeline.round.folder import RoundDir

    given, outcome = RETURNS["p08"]  # consent to publish, not to name the contact
    summary = "Wir beobachten Telegram-Kanäle. Rückfragen gern unter 030 8877665."
    rd = make_round(tmp_path / "round", {"p08": ({**given, "summary": summary}, outcome)})
    q = load_questionnaire(RoundDir(rd).definition, "de")
    subs = current_submissions(RoundDir(rd))
    record = RoundDir(rd).load()
    body = etree.fromstring(
        zipfile.ZipFile(io.BytesIO(build_compendium(q, record, subs, "de", redact=True))).read(
            "word/document.xml"
        )
    ).find(f"{W}body")
    (lead,) = [p for p in body.iter(f"{W}p") if _style(p) == "Lead"]
    assert _text(lead) == "Wir beobachten Telegram-Kanäle. Rückfragen gern unter [entfernt]."
