"""Issue 13, point 5: the next round built on the last (``generate --from-round``).

Read as a coordinator's two rounds: round 2025 generated for two projects, both return
complete forms; a 2026 questionnaire (one question dropped, one choice gone, a stricter limit,
one question added); round 2026 generated ``--from-round`` for the two and a new project.
"""

from __future__ import annotations

import email
import shutil
import zipfile
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, COMPLETE, ROSTER, fill_return, form_of, own_master_data
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.word.reader import read_docx
from pipeline.round.folder import RoundDir
from pipeline.round.roster import read_roster
from pipeline.speed.forms import FormBuilder

CHANGES_2026 = [
    ('version: "2026.1"', 'version: "2027.1"'),
    # a choice gone: "universell" is now "allgemein"
    (
        "    - {value: universal, label: {de: universell, en: universal}}\n",
        "    - {value: general, label: {de: allgemein, en: general}}\n",
    ),
    # a stricter limit: p01 reached 1,200 people a year
    ("        max: 1000000\n", "        max: 1000\n"),
    # a question dropped
    (
        """      - id: pitfalls
        type: long_text
        max_words: 150
        label: {de: 'Welche Stolpersteine gab es, und was würden Sie heute anders machen?', \
en: 'What pitfalls did you meet, and what would you do differently today?'}
        hint: {de: max. 150 Wörter, en: max. 150 words}
        compendium: {role: section, heading: {de: Stolpersteine, en: Pitfalls}}
""",
        "",
    ),
    # a question added
    (
        """ (not published)}
        compendium: hidden
""",
        """ (not published)}
        compendium: hidden
      - id: new_offers
        type: long_text
        label: {de: Was ist seit dem letzten Jahr neu?, en: What is new since last year?}
        compendium: hidden
""",
    ),
]

P02_2025 = {"prevention_level": "selective", "goals": "Junge Menschen online erreichen."}


def _roster(path: Path, ids: tuple[str, ...]) -> Path:
    lines = ROSTER.read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[0], *(x for x in lines[1:] if x.split(",")[0] in ids)]) + "\n")
    return path


def _definition_2026(path: Path) -> Path:
    text = BUNDLED.read_text("utf-8")
    for old, new in CHANGES_2026:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return path


def _answers(pid: str) -> dict[str, Any]:
    answers = own_master_data(pid, COMPLETE)
    return {**answers, **P02_2025} if pid == "p02" else answers


@pytest.fixture(scope="module")
def rounds(tmp_path_factory) -> tuple[Path, Path, Path]:
    """Round 2025 (p01, p02 returned complete forms) and round 2026 made from it."""
    base = tmp_path_factory.mktemp("next_round")
    old, new = base / "2025", base / "2026"
    roster = _roster(base / "roster-2025.csv", ("p01", "p02"))
    assert (
        main(["--quiet", "generate", str(BUNDLED), "--roster", str(roster), "--round", str(old)])
        == 0
    )
    q = load_questionnaire(BUNDLED)
    p01 = fill_return(old, q, "p01", _answers("p01"), base / "p01-2025.docx")
    p02 = fill_return(old, q, "p02", _answers("p02"), base / "p02-2025.xlsx")
    assert main(["--quiet", "ingest", "--round", str(old), str(p01), str(p02)]) == 0
    definition = _definition_2026(base / "praxis-2026.yaml")
    roster = _roster(base / "roster-2026.csv", ("p01", "p02", "p03"))
    args = ["generate", str(definition), "--roster", str(roster), "--round", str(new)]
    assert main([*args, "--from-round", str(old)]) == 0
    return old, new, definition


@pytest.fixture(scope="module")
def q2026(rounds) -> Questionnaire:
    return load_questionnaire(rounds[2])


def _blank(rd: Path, pid: str, fmt: str, q: Questionnaire) -> dict[str, Any]:
    data = form_of(rd, pid, fmt).read_bytes()
    content = read_docx(data, q, "de") if fmt == "docx" else read_xlsx(data, q, "de")
    return content.values()


def _text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.endswith(".xml")]
        return "".join(z.read(n).decode("utf-8") for n in names)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_new_forms_hold_last_rounds_answers(rounds, q2026, fmt):
    _, new, _ = rounds
    values = _blank(new, "p01", fmt, q2026)
    assert values["goals"] == COMPLETE["goals"]
    assert values["approach"] == COMPLETE["approach"]
    assert values["website"] == "https://www.medienwerkstatt-nord.example/hinsehen"
    assert values["project_name"] == "Hinsehen statt Wegklicken"  # from the new roster
    assert "prevention_level" not in values  # the choice "universell" is gone
    assert "participants_per_year" not in values  # 1,200 fails the new limit of 1,000
    assert "new_offers" not in values
    p02 = _blank(new, "p02", fmt, q2026)
    assert p02["prevention_level"] in ("selective", "selektiv")
    assert p02["goals"] == "Junge Menschen online erreichen."


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_project_new_in_the_roster_gets_an_empty_form(rounds, q2026, fmt):
    _, new, _ = rounds
    values = _blank(new, "p03", fmt, q2026)
    assert "goals" not in values
    assert "approach" not in values
    assert values["project_name"] == "Discord-Dialog"
    assert "aus der letzten Runde übernommen" not in _text(form_of(new, "p03", fmt))


def _marks(path: Path, mark: str) -> int:
    """How often the form shows ``mark``: in Word a paragraph each, in Excel a hint cell each."""
    if path.suffix == ".docx":
        return _text(path).count(mark)
    sheet = load_workbook(path).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    return sum(v == mark or v.startswith(mark + "\n") for v in cells)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_each_answer_taken_over_is_marked_in_the_form(rounds, fmt):
    _, new, _ = rounds
    # COMPLETE answers 40 questions; not taken over: the 4 master-data answers (the roster's),
    # federal_state and field_of_action (pre-filled from the roster), pitfalls (dropped),
    # prevention_level (choice gone), participants_per_year (limit), partners (a table)
    assert _marks(form_of(new, "p01", fmt), "aus der letzten Runde übernommen – bitte prüfen") == 30
    assert _marks(form_of(new, "p03", fmt), "aus der letzten Runde übernommen – bitte prüfen") == 0


def test_english_forms_are_marked_in_english(rounds, tmp_path, q2026):
    old, _, definition = rounds
    roster = tmp_path / "roster.csv"
    lines = _roster(tmp_path / "r.csv", ("p01",)).read_text("utf-8").splitlines()
    roster.write_text(lines[0] + "\n" + lines[1].rsplit(",", 1)[0] + ",en\n", "utf-8")
    target = tmp_path / "2026-en"
    args = ["generate", str(definition), "--roster", str(roster), "--round", str(target)]
    assert main(["--quiet", *args, "--from-round", str(old)]) == 0
    for fmt in ("docx", "xlsx"):
        assert _marks(form_of(target, "p01", fmt), "taken from last round – please check") == 30
        assert "bitte prüfen" not in _text(form_of(target, "p01", fmt))


def test_the_summary_counts_projects_prefilled_and_new(rounds, tmp_path, capsys):
    old, _, definition = rounds
    roster = _roster(tmp_path / "roster.csv", ("p01", "p02", "p03"))
    args = ["generate", str(definition), "--roster", str(roster), "--round", str(tmp_path / "r")]
    assert main([*args, "--from-round", str(old)]) == 0
    out = capsys.readouterr().out
    assert f"Aus der Runde {old} vorausgefüllt: 2 Projekte; ohne Antworten aus der letzten " in out
    assert "(neue Projekte oder ohne Rücklauf): 1." in out


def test_the_cover_letter_names_the_answer_whose_choice_is_gone(rounds):
    _, new, _ = rounds
    entry = RoundDir(new).load().projects["p01"]
    line = (
        "Ihre Antwort auf 2.3 in der letzten Runde war „universell“ – diese Auswahl gibt es "
        "nicht mehr. Bitte wählen Sie im Fragebogen neu."
    )
    mail = email.message_from_bytes((new / entry.files["eml"]).read_bytes(), policy=default)
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    assert line in body.get_content()
    assert line in _text(new / entry.files["letter"])
    p02 = RoundDir(new).load().projects["p02"]
    assert "diese Auswahl gibt es nicht mehr" not in _text(new / p02.files["letter"])


def test_from_round_must_be_a_round_with_a_store(rounds, tmp_path, capsys):
    _, _, definition = rounds
    roster = _roster(tmp_path / "roster.csv", ("p01",))
    args = ["generate", str(definition), "--roster", str(roster), "--round", str(tmp_path / "r")]
    assert main([*args, "--from-round", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path} ist kein Ordner einer Erhebungsrunde mit eingelesenen Rückläufen" in err
    assert "Traceback" not in err
    assert not (tmp_path / "r").exists()


def test_projects_added_later_get_their_old_answers_too(rounds, tmp_path, q2026):
    old, _, definition = rounds
    target = tmp_path / "2026"
    args = ["--quiet", "generate", str(definition), "--round", str(target), "--roster"]
    first = _roster(tmp_path / "first.csv", ("p01", "p03"))
    assert main([*args, str(first), "--from-round", str(old)]) == 0
    assert "p02" not in RoundDir(target).load().projects
    # p02 added later, without --from-round: the round remembers where it was made from
    more = _roster(tmp_path / "more.csv", ("p01", "p02", "p03"))
    assert main([*args, str(more), "--add"]) == 0
    assert _blank(target, "p02", "xlsx", q2026)["goals"] == "Junge Menschen online erreichen."
    assert _blank(target, "p01", "xlsx", q2026)["goals"] == COMPLETE["goals"]
    assert "goals" not in _blank(target, "p03", "xlsx", q2026)


def test_a_pre_filled_form_sent_back_untouched_is_the_blank_form(rounds, tmp_path, capsys):
    _, new, _ = rounds
    target = tmp_path / "2026"
    shutil.copytree(new, target)
    for fmt in ("docx", "xlsx"):
        untouched = tmp_path / f"p02-2026.{fmt}"
        shutil.copy(form_of(target, "p02", fmt), untouched)
        assert main(["ingest", "--round", str(target), str(untouched)]) == 1
        out = capsys.readouterr().out
        assert f"p02-2026.{fmt}: das ist das leere Formular, das an p02 verschickt wurde" in out
    assert not (target / "reports" / "p02.md").exists()


def test_the_report_tells_confirmed_from_changed_answers(rounds, tmp_path, q2026):
    _, new, _ = rounds
    target = tmp_path / "2026"
    shutil.copytree(new, target)
    # p02 changes one answer, adds the new one and confirms everything else
    answers = {k: v for k, v in _answers("p02").items() if k != "pitfalls"}
    answers.update(
        {
            "goals": "Junge Menschen auch in Spielen erreichen.",
            "new_offers": "Ein Discord-Server.",
            "participants_per_year": 800,  # not pre-filled: 1,200 was over the new limit
        }
    )
    back = fill_return(target, q2026, "p02", answers, tmp_path / "p02-2026.docx")
    assert main(["--quiet", "ingest", "--round", str(target), str(back)]) == 0
    report = (target / "reports" / "p02.md").read_text("utf-8")
    assert "## Aus der letzten Runde" in report
    assert "Geändert: 4.2 (vorher: Junge Menschen online erreichen.)" in report
    confirmed = next(x for x in report.splitlines() if x.startswith("Aus der letzten Runde"))
    assert confirmed == (
        "Aus der letzten Runde übernommen und bestätigt: 1.3, 1.5, 1.6, 1.7, 1.10, 2.2, 2.3, "
        "3.1, 3.2, 3.3, 4.1, 4.3, 5.1, 5.2, 6.1, 7.1, 7.2, 7.3, 7.4, 8.1, 8.2, 8.3, 8.4, 9.1, "
        "9.2, 10.1, 10.2, 11.1, 11.2, 11.3"
    )


def test_a_pre_filled_form_with_one_answer_changed_is_a_return(rounds, tmp_path, q2026, capsys):
    _, new, _ = rounds
    target = tmp_path / "2026"
    shutil.copytree(new, target)
    changed = {"goals": "Fachkräfte und Eltern erkennen Ansprachestrategien früh."}
    back = fill_return(target, q2026, "p01", changed, tmp_path / "p01-2026.xlsx")
    main(["ingest", "--round", str(target), str(back)])
    out = capsys.readouterr().out
    assert "leere Formular" not in out
    report = (target / "reports" / "p01.md").read_text("utf-8")
    assert (
        "Geändert: 4.2 (vorher: Fachkräfte erkennen Ansprachestrategien früh und können " in report
    )


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_marked_forms_are_the_same_on_the_fast_and_the_plain_path(rounds, q2026, fmt):
    project = next(p for p in read_roster(ROSTER) if p.id == "p01")
    ident = Identification(q2026.id, q2026.version, "p01", "tok3n", "de")
    prefill = {**COMPLETE, "prevention_level": "selective"}
    del prefill["pitfalls"], prefill["partners"]
    marked = frozenset({"goals", "approach", "prevention_level", "website"})
    fast = FormBuilder(fast=True).form(fmt, q2026, project, ident, "de", None, prefill, marked)
    plain = FormBuilder(fast=False).form(fmt, q2026, project, ident, "de", None, prefill, marked)
    assert fast == plain
    unmarked = FormBuilder(fast=False).form(fmt, q2026, project, ident, "de", None, prefill)
    assert unmarked != plain
