"""Issue 10, point 8, variants: another project's master data typed as people type it
(legal form left out, family name first, a word added) is warned about; the project's own,
typed the same ways, is not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT, ROSTER, own_master_data

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.forms.generate import generate_round
from pipeline.forms.word.filler import fill_docx
from pipeline.round.folder import RoundDir

COMPLETE = json.loads((ROOT / "tests" / "data" / "complete_answers.json").read_text())


@pytest.fixture(scope="module")
def rd(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("variants-identity") / "round"
    generate_round(BUNDLED, ROSTER, target, formats=("docx",))
    return target


def _ingest(rd: Path, pid: str, name: str, capsys, **typed: str) -> str:
    q = load_questionnaire(BUNDLED)
    form = rd / RoundDir(rd).load().projects[pid].files["docx"]
    target = rd.parent / "inbox" / name
    target.parent.mkdir(exist_ok=True)
    fill_docx(form, {**own_master_data(pid, COMPLETE), **typed}, target, q)
    capsys.readouterr()
    main(["ingest", "--round", str(rd), str(target)])
    return " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    "typed",
    [
        {"organisation": "Jugendhilfe Sachsen"},  # p02's, without "gGmbH"
        {"contact_name": "Krüger, Tobias"},  # p02's, family name first
        {"project_name": "Streetwork im Netzt"},  # p02's, with a typo (warned already)
        {"project_name": "Streetwork im Netz (Sachsen)"},  # p02's, a word added
    ],
)
def test_other_projects_data_as_people_type_it_is_warned(rd, capsys, typed):
    out = _ingest(rd, "p01", f"p01-{len(typed[next(iter(typed))])}.docx", capsys, **typed)
    assert "aber ein anderes Projekt der Projektliste: p02 Streetwork im Netz" in out


def test_own_data_as_people_type_it_is_not_warned(rd, capsys):
    out = _ingest(
        rd,
        "p05",
        "p05.docx",
        capsys,
        project_name="ANGEHOERIGENBERATUNG HESSEN",
        organisation="Beratungsstelle Hessen",
        contact_name="Yilmaz, Fatma",
    )
    assert "anderes Projekt" not in out
