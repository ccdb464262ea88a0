"""Issue 10, point 4: a round's definition is fixed at generate; every form is read by its own
layout, and a form whose layout does not fit the round is refused, never guessed.

The "changed" definition is the bundled one edited as a coordinator would, keeping its version:
a new required question before the website, ``contact_phone`` renamed, a choice removed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROSTER
from openpyxl import load_workbook
from test_trust_layout import answer_cell, fill

from pipeline.definition.loading import load_questionnaire, parse_definition
from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import FormError, RoundError
from pipeline.forms.content import Identification
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.writer import build_docx
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir
from pipeline.round.roster import read_roster

WEBSITE = """      - id: website
        type: url
        label: {de: Website des Projekts, en: Website of the project}
        hint: {de: 'z. B. https://www.beispiel.de', en: 'e.g. https://www.example.org'}
        compendium: {role: fact, heading: {de: Website, en: Website}}
"""
NEW_QUESTION = """      - id: funding_code
        type: text
        required: true
        label: {de: Förderkennzeichen, en: Grant number}
"""
PLATFORM = "    - {value: platform, label: {de: Plattformbetreiber, en: Platform operator}}\n"


def edited(text: str) -> str:
    assert WEBSITE in text and PLATFORM in text and "id: contact_phone" in text
    text = text.replace(WEBSITE, NEW_QUESTION + WEBSITE)
    return text.replace("id: contact_phone", "id: phone").replace(PLATFORM, "")


@pytest.fixture
def round_dir(tmp_path: Path) -> Path:
    """A round of the first eleven projects; p12 comes later with --add."""
    roster = tmp_path / "roster-11.csv"
    lines = ROSTER.read_text("utf-8").splitlines(keepends=True)
    roster.write_text("".join(lines[:12]), "utf-8")
    target = tmp_path / "round"
    generate_round(BUNDLED, roster, target, formats=("xlsx",), mail=False)
    return target


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "promising-practices.yaml"
    path.write_text(text, "utf-8")
    return path


def test_add_with_a_changed_definition_is_refused_naming_every_difference(
    tmp_path: Path, round_dir: Path
) -> None:
    changed = _write(tmp_path, edited(BUNDLED.read_text("utf-8")))
    record = (round_dir / "round.json").read_bytes()
    with pytest.raises(RoundError) as refused:
        generate_round(changed, ROSTER, round_dir, formats=("xlsx",), add=True, mail=False)
    message = str(refused.value)
    for line in [
        "  - Frage 1.10 „contact_phone“ fehlt",
        "  - Frage 1.7 „funding_code“ ist neu",
        "  - Frage 1.8 „website“: hatte die Nummer 1.7",
        "  - Frage 1.9 „contact_name“: hatte die Nummer 1.8",
        "  - Frage 1.11 „phone“ ist neu",
        "  - Frage 6.2 „partners“, Spalte „role“: Auswahl „platform“ entfernt",
    ]:
        assert line in message.splitlines(), line
    assert "Erhöhen Sie die Version" in message
    assert (round_dir / "round.json").read_bytes() == record
    assert not list((round_dir / "forms").glob("p12-*"))


def test_add_with_changed_wording_only_uses_the_rounds_own_definition(
    tmp_path: Path, round_dir: Path
) -> None:
    text = BUNDLED.read_text("utf-8").replace(
        "label: {de: Ansprechperson, en: Contact person}",
        "label: {de: Kontaktperson, en: Person to contact}",
    )
    reworded = _write(tmp_path, text)
    result = generate_round(reworded, ROSTER, round_dir, formats=("xlsx",), add=True, mail=False)
    assert [p.id for p in result.added] == ["p12"]
    assert result.notes == [
        "promising-practices.yaml weicht von der Definition der Erhebungsrunde nur in "
        "Formulierungen ab; die neuen Formulare verwenden die Formulierungen der Runde "
        "(definition.yaml), damit alle Projekte denselben Fragebogen beantworten."
    ]
    form = round_dir / result.added[0].files["xlsx"]
    ws = load_workbook(form).worksheets[0]
    cell = answer_cell(ws, "1.8")
    assert ws.cell(cell.row, 2).value == "Contact person"  # p12 answers in English


def _form_of(q: Questionnaire, round_dir: Path, pid: str, fmt: str) -> Path:
    """The form praxis made for ``pid`` from ``q`` before this fix (``generate --add``)."""
    record = RoundDir(round_dir).load()
    project = next(p for p in read_roster(ROSTER) if p.id == pid)
    ident = Identification(q.id, q.version, pid, record.projects[pid].token, "de")
    build = build_xlsx if fmt == "xlsx" else build_docx
    path = round_dir / f"{pid}-blank.{fmt}"
    path.write_bytes(build(q, project, ident, "de", None, prefill_values(q, project)))
    return path


def _stored(round_dir: Path) -> dict[str, Any]:
    with Store(round_dir / "praxis.sqlite") as store:
        return {s.project: s.answers for s in store.submissions()}


def test_excel_form_of_a_changed_definition_is_refused(round_dir: Path) -> None:
    changed = parse_definition(edited(BUNDLED.read_text("utf-8")))
    blank = _form_of(changed, round_dir, "p01", "xlsx")
    typed = {"1.7": "FK-2024-17", "1.8": "https://www.beispiel.example", "1.9": "Jana Peters"}
    fill(blank, round_dir / "inbox" / "p01.xlsx", typed)
    (result,) = ingest(round_dir, lang="de").results
    assert result.outcome == "rejected"
    assert "nicht zum Fragebogen dieser Erhebungsrunde" in (result.reason or "")
    assert "„funding_code“, die der Fragebogen der Runde nicht hat" in (result.reason or "")
    assert _stored(round_dir) == {}


def test_word_form_of_a_changed_definition_is_refused(round_dir: Path) -> None:
    changed = parse_definition(edited(BUNDLED.read_text("utf-8")))
    blank = _form_of(changed, round_dir, "p01", "docx")
    shutil.copy(blank, round_dir / "inbox" / "p01.docx")
    (result,) = ingest(round_dir, lang="de").results
    assert result.outcome == "rejected"
    assert "„funding_code“" in (result.reason or "") and "„phone“" in (result.reason or "")
    assert _stored(round_dir) == {}


def test_every_excel_form_is_read_by_its_own_numbers(round_dir: Path) -> None:
    # the same questions in another order: the form's own mapping says which row is which
    text = BUNDLED.read_text("utf-8").replace(WEBSITE, "")
    phone = "        compendium: {role: contact, heading: {de: Telefon, en: Phone}}\n"
    moved = text.replace(phone, phone + WEBSITE, 1)
    blank = _form_of(parse_definition(moved), round_dir, "p01", "xlsx")
    typed = {"1.7": "Jana Peters", "1.10": "https://www.beispiel.example"}
    filled = fill(blank, round_dir / "p01.xlsx", typed)
    q = load_questionnaire(round_dir / "definition.yaml")
    answers = {k: a.value for k, a in read_xlsx(filled.read_bytes(), q).answers.items()}
    assert answers["contact_name"] == "Jana Peters"
    assert answers["website"] == "https://www.beispiel.example"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("contact_name", "1.7"), "sie gibt die Nummer 1.7 mehr als einer Frage"),
        (("contact_name", "funding_code"), "eine Frage „funding_code“, die der Fragebogen"),
    ],
    ids=["shared-number", "unknown-question"],
)
def test_an_untrustworthy_mapping_is_refused(
    tmp_path: Path, round_dir: Path, change: tuple[str, str | None], reason: str
) -> None:
    form = round_dir / RoundDir(round_dir).load().projects["p01"].files["xlsx"]
    path = tmp_path / "p01.xlsx"
    wb = load_workbook(form)
    meta = wb["praxis_meta"]
    key, value = change
    for row in list(meta.iter_rows()):
        if row[0].value != key:
            continue
        if value is None:
            row[0].value = row[1].value = row[5].value = None
        elif value[0].isdigit():
            row[1].value = value
        else:
            row[0].value = value
    wb.save(path)
    q = load_questionnaire(round_dir / "definition.yaml")
    with pytest.raises(FormError) as refused:
        read_xlsx(path.read_bytes(), q, "de")
    assert reason in str(refused.value)


def test_a_question_the_forms_mapping_lacks_is_not_read_by_the_rounds_number(
    round_dir: Path,
) -> None:
    # a form of another version without the website question (like an older one): its row
    # 1.7 is the contact person's; the website is not in it and never read from that row
    without = parse_definition(BUNDLED.read_text("utf-8").replace(WEBSITE, ""))
    blank = _form_of(without, round_dir, "p01", "xlsx")
    content = read_xlsx(blank.read_bytes(), load_questionnaire(round_dir / "definition.yaml"), "de")
    assert content.answers["contact_name"].value == "Jana Petersen"
    assert "website" not in content.answers
    assert [(p.code, p.question) for p in content.problems] == [("xlsx.not_in_form", "website")]


def test_word_row_of_another_question_is_not_read_by_its_number(round_dir: Path) -> None:
    # a form without the website question: its row 1.7 is the contact person's, pre-filled
    without = parse_definition(BUNDLED.read_text("utf-8").replace(WEBSITE, ""))
    blank = _form_of(without, round_dir, "p01", "docx")
    from pipeline.forms.word.reader import read_docx

    content = read_docx(blank.read_bytes(), load_questionnaire(round_dir / "definition.yaml"), "de")
    assert content.answers["contact_name"].value == "Jana Petersen"
    assert "website" not in content.answers


def test_cli_add_with_a_changed_definition_says_what_differs(
    tmp_path: Path, round_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    changed = _write(tmp_path, edited(BUNDLED.read_text("utf-8")))
    argv = ["--lang", "en", "generate", str(changed), "--roster", str(ROSTER)]
    assert main([*argv, "--round", str(round_dir), "--add", "--format", "xlsx"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("Error: promising-practices.yaml is not the definition the round")
    assert "  - question 1.7 “funding_code” is new" in err.splitlines()
    assert "Bump the version" in err and "Traceback" not in err
