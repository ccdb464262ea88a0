"""The Excel form survives LibreOffice: opened and saved twice, every answer reads back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROSTER
from test_excel_form import bundled_answers

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.question_types import coerce_answer
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import FormContent, Identification
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.excel.reader import read_package, read_xlsx
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.prefill import prefill_values
from pipeline.office import resave
from pipeline.round.roster import Project, read_roster

pytestmark = pytest.mark.office


def _typed(q: Questionnaire, content: FormContent) -> dict[str, Any]:
    typed = {}
    for key, raw in content.values().items():
        if key.endswith("_other"):
            typed[key] = raw
            continue
        result = coerce_answer(q.question(key), raw)
        assert result.error is None, (key, raw, result)
        typed[key] = result.value
    return typed


def _twice(path: Path, tmp_path: Path) -> Path:
    first = resave(path, tmp_path / "lo1")
    return resave(first, tmp_path / "lo2")


def _setup(tmp_path: Path, lang: str) -> tuple[Questionnaire, Project, Identification, Path]:
    q = load_questionnaire(BUNDLED)
    project = next(p for p in read_roster(ROSTER) if p.id == "p07")
    ident = Identification(q.id, q.version, project.id, "5eed5eed5eed5eed", lang)
    prefill = prefill_values(q, project)
    data = build_xlsx(q, project, ident, lang, dt.date(2025, 10, 11), prefill)
    path = tmp_path / f"{project.id}.xlsx"
    path.write_bytes(data)
    return q, project, ident, path


@pytest.mark.parametrize("lang", ["de", "en"])
def test_blank_prefilled_form_survives_libreoffice(tmp_path: Path, soffice: str, lang: str) -> None:
    q, project, ident, path = _setup(tmp_path, lang)
    prefill = prefill_values(q, project)
    assert set(prefill) >= {"project_name", "organisation", "federal_state", "contact_email"}
    saved = _twice(path, tmp_path)
    content = read_xlsx(saved.read_bytes(), q)
    assert content.identification == ident
    assert _typed(q, content) == prefill
    assert content.problems == []
    assert read_package(saved.read_bytes()).properties == ident.as_properties()


def test_filled_form_survives_libreoffice(tmp_path: Path, soffice: str) -> None:
    q, _, ident, path = _setup(tmp_path, "de")
    answers = bundled_answers()
    filled = tmp_path / "filled" / path.name
    filled.parent.mkdir()
    fill_xlsx(path, answers, filled, q)
    content = read_xlsx(_twice(filled, tmp_path).read_bytes(), q)
    assert content.identification == ident
    assert _typed(q, content) == answers
    assert content.problems == []
    assert {a.via for a in content.answers.values()} == {"row"}


def test_raw_strings_survive_libreoffice(tmp_path: Path, soffice: str) -> None:
    q, _, _, path = _setup(tmp_path, "de")
    answers = {**bundled_answers(), "staff_fte": "1.234,5", "start_date": "12.10.2023"}
    filled = tmp_path / "filled" / path.name
    filled.parent.mkdir()
    fill_xlsx(path, answers, filled, q)
    content = read_xlsx(_twice(filled, tmp_path).read_bytes(), q)
    assert content.values()["staff_fte"] == "1.234,5"
    typed = _typed(q, content)
    assert typed["staff_fte"] == 1234.5 and typed["start_date"] == "2023-10-12"


def test_form_prints_on_a_few_a4_pages(tmp_path: Path, soffice: str) -> None:
    from pipeline.office import convert

    _, _, _, path = _setup(tmp_path, "de")
    pdf = convert(path, "pdf", tmp_path / "pdf").read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", pdf)
    # fit to width: no page of a single clipped column; landscape and unscaled (text at
    # 9 pt or more, see test_first_impressions_forms.py), so a few more pages than portrait
    assert 3 <= len(pages) <= 10
    assert b"/MediaBox[0 0 841" in pdf.replace(b" [", b"[")  # A4 landscape
