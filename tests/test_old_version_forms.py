"""Forms of the questionnaire's previous version 2025.1 still ingest into a round of 2026.1.

A project that answers the form it was sent before the questionnaire changed must not lose
anything: the Word and the Excel form are made from the kept copy of the 2025.1 definition
(``tests/data/promising-practices-2025.1.yaml``) with the round's identification, filled as a
person would, and ingested into a round made from the bundled 2026.1 definition. They are
accepted with the "old version" warning, every answer stored under its question id, and the
questions new in 2026.1 stay unanswered: they are optional, so the return is not
"incomplete" (it would then be left out of the compendium), and its chapter simply has no
short description and no self-assessment.
"""

from __future__ import annotations

import zipfile
from typing import Any

import pytest
from conftest import BUNDLED, COMPLETE, ROOT, ROSTER, own_master_data
from lxml import etree

from pipeline.definition.loading import load_questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.filler import fill_docx
from pipeline.forms.word.writer import build_docx
from pipeline.publication.compendium import compile_round
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir
from pipeline.round.roster import read_roster

OLD = ROOT / "tests" / "data" / "promising-practices-2025.1.yaml"
NEW_QUESTIONS = [
    ("1.11", "summary"),
    ("3.5", "geographic_scope"),
    ("3.6", "states_active"),
    ("3.7", "languages"),
    ("5.3", "presented_at"),
    ("7.5", "concept_quality"),
    ("7.6", "implementation_quality"),
    ("7.7", "evaluation_quality"),
    ("7.8", "evidence_grade"),
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def old():
    return load_questionnaire(OLD)


@pytest.fixture(scope="module")
def new():
    return load_questionnaire(BUNDLED)


def test_the_old_definition_is_the_previous_version_and_every_number_is_kept(old, new):
    assert (old.version, new.version) == ("2025.1", "2026.1")
    old_numbers = {x.id: x.number for x in old.answerable()}
    new_numbers = {x.id: x.number for x in new.answerable()}
    assert {i: new_numbers[i] for i in old_numbers} == old_numbers
    added = [(n, i) for i, n in new_numbers.items() if i not in old_numbers]
    assert added == NEW_QUESTIONS
    assert all(not new.question(i).required for _, i in NEW_QUESTIONS)


def test_the_old_versions_answers_schema_is_still_committed(old):
    from pipeline.definition.answers_schema import build_answers_schema, schema_json

    committed = ROOT / "schemas" / "promising-practices-2025.1.answers.schema.json"
    assert committed.read_text("utf-8") == schema_json(build_answers_schema(old))


def _answers(old) -> dict[str, Any]:
    """p03's complete answers to the 2025.1 questionnaire (its own master data)."""
    ids = {x.id for x in old.answerable()} | {x.other_id for x in old.answerable() if x.other}
    given = {k: v for k, v in COMPLETE.items() if k in ids}
    return own_master_data("p03", {**given, "project_name": "Discord-Dialog"})


@pytest.fixture(scope="module", params=["docx", "xlsx"])
def returned(request, tmp_path_factory, old):
    """A round of 2026.1 into which p03 returns the 2025.1 form (of format ``param``), filled
    as a person would; (format, round folder, answers given, ingest result)."""
    fmt = request.param
    tmp_path = tmp_path_factory.mktemp(f"old-{fmt}")
    rd = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=(fmt,))
    record = RoundDir(rd).load()
    project = next(p for p in read_roster(ROSTER) if p.id == "p03")
    ident = Identification(old.id, old.version, "p03", record.projects["p03"].token, "de")
    build, fill = (build_docx, fill_docx) if fmt == "docx" else (build_xlsx, fill_xlsx)
    blank = tmp_path / f"blank-2025.1.{fmt}"
    blank.write_bytes(build(old, project, ident, "de", None, prefill_values(old, project)))
    answers = _answers(old)
    fill(blank, answers, rd / "inbox" / f"p03-fragebogen-2025.{fmt}", old)
    (result,) = ingest(rd, lang="de").results
    return fmt, rd, answers, result


def test_an_old_form_is_accepted_with_the_old_version_warning(returned):
    fmt, _, _, result = returned
    assert result.outcome == "accepted_with_warnings"
    assert result.problems[0].code == "old-version"
    assert "2025.1" in result.problems[0].message and "2026.1" in result.problems[0].message
    rest = [(p.code, p.question) for p in result.problems[1:]]
    if fmt == "xlsx":  # the Excel reader names each question the old form does not have
        assert rest == [("xlsx.not_in_form", i) for _, i in NEW_QUESTIONS]
    else:
        assert rest == []


def test_an_old_forms_answers_are_stored_under_the_same_ids(returned):
    _, rd, answers, _ = returned
    with Store(store_path(RoundDir(rd))) as store:
        (sub,) = store.submissions()
    assert (sub.project, sub.version, sub.outcome) == ("p03", "2025.1", "accepted_with_warnings")
    assert sub.answers == answers
    assert not {i for _, i in NEW_QUESTIONS} & set(sub.answers)


def test_an_old_forms_practice_is_published_without_the_new_parts(returned):
    _, rd, _, _ = returned
    result = compile_round(rd, "de")
    with zipfile.ZipFile(result.docx) as zf:
        body = etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")
    text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in body)
    assert "Discord-Dialog" in text
    assert COMPLETE["approach"] in text
    styles = [s.get(f"{W}val") for s in body.iter(f"{W}pStyle")]
    assert "Lead" not in styles
    assert "Qualität und Evidenz (Selbstauskunft)" not in text
    assert "Stand" in text
