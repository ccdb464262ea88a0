"""Issue 10, point 14: an e-mail address is one valid address, in answers and in the roster.

Real Word forms of the bundled questionnaire, filled in as a person would, read back by
ingest; real roster files given to ``praxis generate``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER, own_master_data

from pipeline.cli import main
from pipeline.definition.answers_schema import answers_validator, build_answers_schema
from pipeline.definition.loading import load_questionnaire
from pipeline.errors import RosterError
from pipeline.forms.generate import generate_round
from pipeline.forms.word.filler import fill_docx
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir
from pipeline.round.roster import read_roster

COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text("utf-8")
)
TYPED = {
    "p01": "name@",
    "p02": "@example.org",
    "p03": "a@b.example; c@d.example",
    "p04": "foo bar@x.example",
    "p11": "foo bar@x.example",
    "p05": "fatma.yilmaz@beratung-hessen.example",
    "p06": "Jürgen.Müller@bücherei-köln.example",
}


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    rd = tmp_path_factory.mktemp("email") / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx",))
    q = load_questionnaire(BUNDLED)
    record = RoundDir(rd).load()
    for pid, address in TYPED.items():
        form = rd / record.projects[pid].files["docx"]
        answers = own_master_data(pid, {**COMPLETE, "contact_email": address})
        fill_docx(form, answers, rd / "inbox" / f"{pid}.docx", q)
    report = ingest(rd, lang="de")
    return rd, {r.project: r for r in report.results}


@pytest.mark.parametrize(
    ("pid", "reason"),
    [
        ("p01", "nach dem @ fehlt die Domain (wie in name@beispiel.de)"),
        ("p02", "vor dem @ fehlt der Name"),
        ("p03", "bitte geben Sie nur eine Adresse an"),
        ("p04", "eine Adresse enthält keine Leerzeichen"),
    ],
)
def test_a_broken_address_is_no_answer(returned, pid, reason):
    rd, results = returned
    result = results[pid]
    assert result.outcome == "incomplete"
    (problem,) = [p for p in result.problems if p.question == "contact_email"]  # not "missing"
    assert problem.file == f"{pid}.docx"
    assert problem.message == (
        "Frage 1.9 „E-Mail der Ansprechperson“: "
        f"„{TYPED[pid]}“ ist keine gültige E-Mail-Adresse: {reason}."
    )
    with Store(store_path(RoundDir(rd))) as store:
        stored = {s.project: s.answers for s in store.submissions()}
    assert "contact_email" not in stored[pid]
    report = (rd / "reports" / f"{pid}.md").read_text("utf-8")
    assert f"„{TYPED[pid]}“ ist keine gültige E-Mail-Adresse" in report


def test_the_follow_up_letter_asks_in_the_projects_language(returned):
    from docx import Document

    rd, _ = returned
    letter = Document(rd / "reports" / "p11-rueckfrage.docx")
    text = "\n".join(p.text for p in letter.paragraphs)
    assert (
        "Question 1.9 “E-mail of the contact person”: “foo bar@x.example” is not a valid e-mail "
        "address: an address contains no spaces." in text
    )


def test_valid_addresses_stay_as_typed(returned):
    rd, results = returned
    assert results["p05"].outcome == results["p06"].outcome == "accepted"
    with Store(store_path(RoundDir(rd))) as store:
        stored = {s.project: s.answers for s in store.submissions()}
    assert stored["p05"]["contact_email"] == "fatma.yilmaz@beratung-hessen.example"
    assert stored["p06"]["contact_email"] == "Jürgen.Müller@bücherei-köln.example"


def test_the_answers_schema_decides_the_same_way():
    validator = answers_validator(build_answers_schema(load_questionnaire(BUNDLED)))
    for address in ("name@", "@example.org", "a@b.example; c@d.example", "foo bar@x.example"):
        errors = list(validator.iter_errors({"contact_email": address}))
        assert any(e.validator == "format" for e in errors), address
    errors = list(validator.iter_errors({"contact_email": "info@netzwerk.example"}))
    assert not [e for e in errors if e.validator == "format"]


def _roster(tmp_path: Path, addresses: list[str]) -> Path:
    path = tmp_path / "projekte.csv"
    lines = ["project_id;project;organisation;email"]
    lines += [f"p{n:02d};Projekt {n};Träger {n};{a}" for n, a in enumerate(addresses, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_roster_addresses_are_checked_with_row_and_reason(tmp_path):
    path = _roster(tmp_path, ["name@", "@example.org", "ok@example.org", "foo bar@x.example"])
    with pytest.raises(RosterError) as caught:
        read_roster(path, "de")
    assert str(caught.value).splitlines() == [
        f"{path}:",
        "  Zeile 2, Spalte „email“: „name@“ ist keine gültige E-Mail-Adresse: nach dem @ fehlt die "
        "Domain (wie in name@beispiel.de)",
        "  Zeile 3, Spalte „email“: „@example.org“ ist keine gültige E-Mail-Adresse: vor dem @ "
        "fehlt der Name",
        "  Zeile 5, Spalte „email“: „foo bar@x.example“ ist keine gültige E-Mail-Adresse: eine "
        "Adresse enthält keine Leerzeichen",
    ]


def test_generate_refuses_a_roster_with_two_addresses_in_a_cell(tmp_path, capsys):
    path = _roster(tmp_path, ['"a@b.example, c@d.example"'])
    target = tmp_path / "round"
    args = ["--lang", "en", "generate", str(BUNDLED), "--roster", str(path), "--round", str(target)]
    assert main(args) != 0
    err = capsys.readouterr().err
    assert (
        "row 2, column “email”: “a@b.example, c@d.example” is not a valid e-mail address: please "
        in err
    )
    assert "give only one address" in err
    assert not target.exists()


def test_the_example_roster_keeps_working():
    projects = read_roster(ROSTER, "de")
    assert len(projects) == 12
    assert projects[0].email == "j.petersen@medienwerkstatt-nord.example"
