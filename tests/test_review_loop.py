"""Issue 13 end to end: two rounds as a coordinator runs them, through the command line.

Round 2025: forms generated, four projects return them (p11 in English), one correction by
command and one by workbook, a proof written, two projects approved, one withdrawn, one only
checked, the English texts translated, ``compile --approved-only``. Round 2026 is generated
``--from-round`` 2025: the forms hold the corrected answers; a return that confirms some and
changes another pre-filled answer, and the report that says which.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import BUNDLED, COMPLETE, ROSTER, fill_return, own_master_data
from docx import Document
from openpyxl import load_workbook
from test_translation import ENGLISH, GERMAN

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.forms.word.reader import read_docx
from pipeline.round.folder import RoundDir

NEW_GOALS = "Fachkräfte erkennen Anwerbestrategien früh und handeln sicher."


def _roster(path: Path, ids: tuple[str, ...]) -> Path:
    lines = ROSTER.read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[0], *(x for x in lines[1:] if x.split(",")[0] in ids)]) + "\n")
    return path


def _run(*args: str) -> int:
    return main(["--lang", "de", *args])


def _text(docx: Path) -> str:
    document = Document(str(docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _hand_in(rd: Path, q, base: Path, pid: str, answers: dict, name: str) -> Path:
    target = fill_return(rd, q, pid, answers, base / name)
    shutil.copy(target, rd / "inbox" / name)
    return target


def _round_2025(base: Path, capsys) -> Path:
    old = base / "2025"
    roster = _roster(base / "roster.csv", ("p01", "p02", "p03", "p11"))
    assert (
        _run("--quiet", "generate", str(BUNDLED), "--roster", str(roster), "--round", str(old)) == 0
    )
    q = load_questionnaire(BUNDLED)
    _hand_in(old, q, base, "p01", own_master_data("p01", COMPLETE), "p01.docx")
    _hand_in(old, q, base, "p02", own_master_data("p02", COMPLETE), "p02.xlsx")
    _hand_in(old, q, base, "p03", own_master_data("p03", COMPLETE), "p03.docx")
    english = {**own_master_data("p11", COMPLETE), **ENGLISH}
    _hand_in(old, q, base, "p11", english, "p11.xlsx")
    assert _run("--quiet", "ingest", "--round", str(old)) == 0
    capsys.readouterr()
    return old


def _correct_in_the_workbook(old: Path, capsys) -> None:
    assert _run("corrections", "export", "--round", str(old)) == 0
    path = RoundDir(old).corrections_workbook
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = {h.split(" ")[0]: i + 1 for i, h in enumerate(header) if h and h[0].isdigit()}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "p01")
    sheet.cell(row, column["8.3"]).value = 3.5  # staff_fte: 2.5 in the return
    book.save(path)
    reason = ["--reason", "Abgleich mit dem Zwischenbericht"]
    assert _run("corrections", "import", "--round", str(old), str(path), *reason) == 0
    assert "1 Korrektur" in capsys.readouterr().out


def _translate(old: Path, capsys) -> None:
    assert _run("translate", "export", "--round", str(old), "--to", "de") == 0
    path = RoundDir(old).translations("de")
    assert capsys.readouterr().out.strip() == f"16 Texte zum Übersetzen: {path}"
    book = load_workbook(path)
    sheet = book["Übersetzung"]
    for row in sheet.iter_rows(min_row=2):
        if row[3].value in GERMAN:
            row[7].value = GERMAN[row[3].value]
    book.save(path)
    assert _run("translate", "import", "--round", str(old), str(path)) == 0
    assert capsys.readouterr().out.strip() == "16 Übersetzungen übernommen (0 unverändert)."


def test_two_rounds_with_the_coordinators_review_loop(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PRAXIS_USER", "Koordinationsstelle")
    old = _round_2025(tmp_path, capsys)
    rd = RoundDir(old)

    # corrections: one by command, one in the workbook
    reason = ["--reason", "Telefonat am 3. Februar"]
    assert _run("correct", "--round", str(old), "p01", "4.2", NEW_GOALS, *reason) == 0
    _correct_in_the_workbook(old, capsys)

    # a proof for p01, then the projects' answers: two approve, one withdraws
    assert _run("proofs", "--round", str(old), "p01", "--deadline", "2027-01-15") == 0
    assert NEW_GOALS in _text(rd.proof("p01"))
    assert "15.01.2027" in rd.approval_mail("p01").read_text("utf-8")
    assert _run("review", "--round", str(old), "p01", "--set", "approved") == 0
    assert _run("review", "--round", str(old), "p11", "--set", "freigegeben") == 0
    withdraw = ["--set", "withdrawn", "--comment", "Das Projekt endet im März."]
    assert _run("review", "--round", str(old), "p02", *withdraw) == 0
    assert _run("review", "--round", str(old), "p03", "--set", "checked") == 0
    capsys.readouterr()

    assert _run("status", "--round", str(old)) == 0
    out = capsys.readouterr().out
    assert "freigegeben" in out and "zurückgezogen" in out and "geprüft" in out
    p01_report = (rd.root / "reports" / "p01.md").read_text("utf-8")
    assert "Telefonat am 3. Februar" in p01_report
    assert "Abgleich mit dem Zwischenbericht" in p01_report
    assert "Das Projekt endet im März." in (rd.root / "reports" / "p02.md").read_text("utf-8")

    _translate(old, capsys)

    # the publication: approved practices only, corrected and translated
    assert _run("compile", "--round", str(old), "--approved-only") == 0
    out = capsys.readouterr().out
    assert (
        "Nicht im Kompendium (2 Praktiken):\n"
        "  p03: nicht freigegeben (Stand: geprüft)\n"
        "  p02: zurückgezogen\n"
    ) in out
    text = _text(rd.compendium / "compendium-de.docx")
    assert "Hinsehen statt Wegklicken" in text and "Online Outreach Bremen" in text
    assert "Streetwork im Netz" not in text and "Discord-Dialog" not in text
    assert NEW_GOALS in text and COMPLETE["goals"] not in text
    assert "Aus dem Englischen übersetzt" in text
    assert GERMAN["starting_point"] in text and ENGLISH["starting_point"] not in text
    assert _run("--quiet", "aggregate", "--round", str(old)) == 0
    with (rd.root / "tables" / "answers.csv").open(encoding="utf-8-sig") as handle:
        rows = {r["Projekt-ID"]: r for r in csv.DictReader(handle, delimiter=";")}
    staff = next(k for k in rows["p01"] if k.startswith("8.3 "))
    assert rows["p01"][staff] == "3,5"

    # round 2026, built on 2025: the corrected answers pre-filled
    definition = tmp_path / "praxis-2026.yaml"
    text = BUNDLED.read_text("utf-8")
    assert text.count('version: "2026.1"') == 1
    definition.write_text(text.replace('version: "2026.1"', 'version: "2027.1"'), "utf-8")
    new = tmp_path / "2026"
    roster = _roster(tmp_path / "roster-2026.csv", ("p01", "p02", "p03", "p11", "p05"))
    args = ["generate", str(definition), "--roster", str(roster), "--round", str(new)]
    assert _run("--quiet", *args, "--from-round", str(old)) == 0
    q2026 = load_questionnaire(definition)
    form = new / RoundDir(new).load().projects["p01"].files["docx"]
    values = read_docx(form.read_bytes(), q2026, "de").values()
    assert values["goals"] == NEW_GOALS
    assert values["staff_fte"] == "3,5"
    assert values["approach"] == COMPLETE["approach"]
    blank = new / RoundDir(new).load().projects["p05"].files["docx"]
    assert "goals" not in read_docx(blank.read_bytes(), q2026, "de").values()

    changed = {"goals": "Fachkräfte und Eltern erkennen Anwerbestrategien früh."}
    back = fill_return(new, q2026, "p01", changed, tmp_path / "p01-2026.docx")
    assert _run("--quiet", "ingest", "--round", str(new), str(back)) == 0
    report = (new / "reports" / "p01.md").read_text("utf-8")
    assert f"Geändert: 4.2 (vorher: {NEW_GOALS})" in report
    confirmed = next(x for x in report.splitlines() if x.startswith("Aus der letzten Runde"))
    assert "8.3" in confirmed and "4.3" in confirmed and "4.2" not in confirmed
