"""The Word form: build -> fill -> read back, on real files (and through LibreOffice)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROSTER
from lxml import etree

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.question_types import coerce_answer
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.filler import fill_docx
from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.forms.word.xml import safe_parser, w
from pipeline.office import resave
from pipeline.round.roster import Project, read_roster

TYPES = (
    "text",
    "long_text",
    "integer",
    "decimal",
    "date",
    "yes_no",
    "select_one",
    "select_multiple",
    "email",
    "url",
    "table",
)
DEADLINE = dt.date(2023, 10, 11)

BUNDLED_ANSWERS: dict[str, Any] = {
    "programme": "Demokratie leben!",
    "start_date": "2021-03-01",
    "end_date": "12.10.2025",
    "website": "https://www.example.org",
    "contact_phone": "040 1234567",
    "field_of_action": "other",
    "field_of_action_other": "Gaming-Streetwork",
    "phenomena": ["right_wing", "conspiracy", "other"],
    "phenomena_other": "Incel-Szene",
    "prevention_level": "selective",
    "target_groups": ["youth", "young_adults"],
    "channels": ["discord", "games"],
    "gaming_details": "Wir sind auf Discord-Servern unterwegs.\nUnd in Minecraft.",
    "participants_per_year": 1200,
    "starting_point": "Jugendliche werden online angesprochen – „direkt“ & früh.",
    "goals": "Ziele: erstens, zweitens.",
    "approach": "Wir arbeiten aufsuchend in Online-Räumen und begleiten Jugendliche.",
    "partners": [
        {"organisation": "Jugendamt", "role": "cooperation", "since": 2020},
        {"organisation": "Uni Hamburg", "role": "research", "since": 2022},
    ],
    "evidence_level": "process_evaluation",
    "evaluated": True,
    "evaluation_details": "Interne Prozessevaluation 2023.",
    "transferability": "Zeit und Zugang.",
    "staff_fte": 2.5,
    "budget_range": "50k_100k",
    "lessons_learned": "Beziehungsarbeit wirkt.",
    "media_link": "https://video.example.org/x",
    "consent_publish": True,
    "consent_contact": False,
}


def ident_for(q: Questionnaire, project: Project, lang: str = "de") -> Identification:
    return Identification(q.id, q.version, project.id, "0123456789abcdef", lang)


def make_form(tmp_path: Path, q: Questionnaire, project: Project, lang: str = "de") -> Path:
    data = build_docx(
        q, project, ident_for(q, project, lang), lang, DEADLINE, prefill_values(q, project)
    )
    path = tmp_path / f"form-{lang}.docx"
    path.write_bytes(data)
    return path


def coerced(q: Questionnaire, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed answers from raw read values; "other" texts stay text."""
    out = {}
    for key, value in raw.items():
        question = next((x for x in q.answerable() if x.id == key), None)
        out[key] = coerce_answer(question, value).value if question else value
    return out


# What the reader finds in the German form filled with conftest's ALL_TYPES_ANSWERS (the text
# a person reads in each field) and what coercion makes of it: literals, so that breaking the
# reader or coercion fails here (comparing two outputs of the code under test would not).
READ: dict[str, Any] = {
    "name": "Netzwerk für Vielfalt – Köln/Bonn",
    "story": "Wir arbeiten seit 2019 mit Jugendlichen.\nZweite Zeile mit Umlauten: äöüß.",
    "count": "1234",
    "share": "2,5",
    "started": "2023-10-12",
    "evaluated": True,
    "details": "Externe Evaluation durch die Hochschule.",
    "colour": "other",
    "colour_other": "türkis",
    "state": "sn",
    "colours": ["red", "blue", "other"],
    "colours_other": "violett",
    "mail": "kontakt@example.org",
    "site": "https://www.example.org/projekt",
    "partners": [
        {"org": "Jugendamt Köln", "kind": "green", "since": "2020", "joined": "01.02.2020"},
        {"org": "Schule am See", "since": "2021"},
    ],
}
TYPED: dict[str, Any] = {
    **READ,
    "count": 1234,
    "share": 2.5,
    "partners": [
        {"org": "Jugendamt Köln", "kind": "green", "since": 2020, "joined": "2020-02-01"},
        {"org": "Schule am See", "since": 2021},
    ],
}
BUNDLED_TYPED = {**BUNDLED_ANSWERS, "end_date": "2025-10-12"}


def fill_and_read(tmp_path: Path, q: Questionnaire, project: Project, answers: dict[str, Any]):
    form = make_form(tmp_path, q, project)
    filled = tmp_path / "filled.docx"
    fill_docx(form, answers, filled, q)
    return read_docx(filled.read_bytes(), q)


def of_type(q: Questionnaire, qtype: str) -> list[str]:
    ids = [x.id for x in q.answerable() if x.type == qtype]
    return ids + [x.other_id for x in q.answerable() if x.type == qtype and x.other]


# --- 1. round trip over every question type ------------------------------------------------


@pytest.mark.parametrize("qtype", TYPES)
def test_round_trip_every_type(tmp_path, all_types, all_types_answers, project, qtype):
    content = fill_and_read(tmp_path, all_types, project, all_types_answers)
    got = coerced(all_types, content.values())
    ids = of_type(all_types, qtype)
    assert ids
    assert {k: content.values().get(k) for k in ids} == {k: READ.get(k) for k in ids}
    assert {k: got.get(k) for k in ids} == {k: TYPED.get(k) for k in ids}
    assert all(content.answers[k].via == "tag" for k in ids if k in content.answers)
    assert content.identification == ident_for(all_types, project)
    assert not content.problems


def test_round_trip_whole_form(tmp_path, all_types, all_types_answers, project):
    content = fill_and_read(tmp_path, all_types, project, all_types_answers)
    assert content.values() == READ
    assert coerced(all_types, content.values()) == TYPED


@pytest.mark.parametrize(
    ("key", "raw", "typed"), [("share", "1.234,5", 1234.5), ("started", "12.10.2023", "2023-10-12")]
)
def test_raw_strings_are_written_as_typed(
    tmp_path, all_types, all_types_answers, project, key, raw, typed
):
    answers = {**all_types_answers, key: raw}
    content = fill_and_read(tmp_path, all_types, project, answers)
    assert content.answers[key].value == raw
    assert coerce_answer(all_types.question(key), content.answers[key].value).value == typed


def test_empty_answers_read_back_only_prefill(tmp_path, all_types, project):
    content = fill_and_read(tmp_path, all_types, project, {})
    prefill = prefill_values(all_types, project)
    assert prefill == {"name": "Faktencheck Jugend", "state": "th", "mail": "s.wagner@example.org"}
    assert coerced(all_types, content.values()) == prefill
    assert content.identification == ident_for(all_types, project)


def test_prefill_kept_when_not_overwritten(tmp_path, all_types, all_types_answers, project):
    answers = {k: v for k, v in all_types_answers.items() if k not in ("name", "state", "mail")}
    content = fill_and_read(tmp_path, all_types, project, answers)
    got = coerced(all_types, content.values())
    kept = {k: v for k, v in TYPED.items() if k in answers}
    assert got == {
        **kept,
        "name": "Faktencheck Jugend",
        "state": "th",
        "mail": "s.wagner@example.org",
    }


def test_english_form_round_trip(tmp_path, all_types, all_types_answers, project):
    form = make_form(tmp_path, all_types, project, "en")
    filled = tmp_path / "filled-en.docx"
    fill_docx(form, all_types_answers, filled, all_types)
    content = read_docx(filled.read_bytes(), all_types)
    assert coerced(all_types, content.values()) == TYPED
    assert content.answers["started"].value == "2023-10-12"
    assert content.answers["share"].value == "2.5"
    assert content.identification.language == "en"


# --- 2. through LibreOffice ------------------------------------------------------------------


def bundled() -> tuple[Questionnaire, Project]:
    return load_questionnaire(BUNDLED), read_roster(ROSTER)[0]


def resave_twice(path: Path, tmp_path: Path) -> Path:
    once = resave(path, tmp_path / "once")
    return resave(once, tmp_path / "twice")


@pytest.mark.office
def test_libreoffice_keeps_filled_answers(tmp_path, soffice):
    q, project = bundled()
    form = make_form(tmp_path, q, project)
    filled = tmp_path / "filled.docx"
    fill_docx(form, BUNDLED_ANSWERS, filled, q)
    content = read_docx(resave_twice(filled, tmp_path).read_bytes(), q)
    want = {**prefill_values(q, project), **BUNDLED_TYPED}
    assert coerced(q, content.values()) == want  # line breaks in long texts included
    assert content.identification == ident_for(q, project)
    assert {a.via for a in content.answers.values()} == {"bookmark"}
    assert [p.code for p in content.problems] == ["form-fallback"]


@pytest.mark.office
def test_libreoffice_keeps_prefill_of_blank_form(tmp_path, soffice):
    q, project = bundled()
    content = read_docx(resave_twice(make_form(tmp_path, q, project), tmp_path).read_bytes(), q)
    prefill = prefill_values(q, project)
    assert set(prefill) >= {"project_name", "organisation", "federal_state", "contact_email"}
    assert coerced(q, content.values()) == prefill
    assert content.identification == ident_for(q, project)


@pytest.mark.office
def test_libreoffice_keeps_line_breaks(tmp_path, soffice):
    """Long texts are rich-text controls: LibreOffice 7.4 moves a break out of plain-text ones."""
    q, project = bundled()
    filled = tmp_path / "filled.docx"
    fill_docx(make_form(tmp_path, q, project), BUNDLED_ANSWERS, filled, q)
    content = read_docx(resave(filled, tmp_path / "once").read_bytes(), q)
    assert content.answers["gaming_details"].value == BUNDLED_ANSWERS["gaming_details"]


# --- 3. controls removed: the table-row fallback ---------------------------------------------


def rewrite_document(path: Path, change) -> None:
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data, safe_parser())
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            out.writestr(info, data)


def unwrap_controls(root: Any) -> None:
    """Replace every content control by its content; drop every bookmark."""
    for sdt in reversed(list(root.iter(w("sdt")))):
        parent, index = sdt.getparent(), sdt.getparent().index(sdt)
        content = sdt.find(w("sdtContent"))
        parent.remove(sdt)
        for offset, child in enumerate(list(content) if content is not None else []):
            parent.insert(index + offset, child)
    for mark in list(root.iter(w("bookmarkStart"), w("bookmarkEnd"))):
        mark.getparent().remove(mark)


def test_removed_controls_read_by_table_row(tmp_path, all_types, all_types_answers, project):
    form = make_form(tmp_path, all_types, project)
    filled = tmp_path / "filled.docx"
    fill_docx(form, all_types_answers, filled, all_types)
    rewrite_document(filled, unwrap_controls)
    content = read_docx(filled.read_bytes(), all_types)
    assert coerced(all_types, content.values()) == TYPED
    assert {a.via for a in content.answers.values()} == {"row"}
    warned = [p.question for p in content.problems if p.code == "form-fallback"]
    answered = [x.id for x in all_types.answerable() if x.id in all_types_answers]
    assert warned == answered
    assert content.answers["name"].location == "table row 1.1"


def test_removed_controls_blank_form_has_no_answers(tmp_path, all_types, project):
    form = make_form(tmp_path, all_types, project)
    rewrite_document(form, unwrap_controls)
    content = read_docx(form.read_bytes(), all_types)
    assert coerced(all_types, content.values()) == prefill_values(all_types, project)


def test_placeholder_without_flag_reads_as_no_answer(tmp_path, all_types, project):
    form = make_form(tmp_path, all_types, project)

    def drop_flags(root: Any) -> None:
        for flag in list(root.iter(w("showingPlcHdr"))):
            flag.getparent().remove(flag)

    rewrite_document(form, drop_flags)
    assert set(read_docx(form.read_bytes(), all_types).answers) == {"name", "state", "mail"}


# --- 4. determinism --------------------------------------------------------------------------


def test_build_is_deterministic(all_types, project):
    ident = ident_for(all_types, project)
    prefill = prefill_values(all_types, project)
    first = build_docx(all_types, project, ident, "de", DEADLINE, prefill)
    assert build_docx(all_types, project, ident, "de", DEADLINE, prefill) == first
    other = Identification(ident.questionnaire, ident.version, ident.project, "ffff", "de")
    assert build_docx(all_types, project, other, "de", DEADLINE, prefill) != first
