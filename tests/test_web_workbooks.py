"""The workbooks page of praxis serve: the corrections workbook and the translator's workbook
written, edited as a person would, uploaded and recorded (as praxis corrections / translate)."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from pipeline.returns.answers import current_submissions
from pipeline.round.folder import RoundDir
from tests.webtools import client, config_for, demo_copy


def _answers(root: Path, project: str) -> dict:
    return next(s.answers for s in current_submissions(RoundDir(root)) if s.project == project)


def test_the_corrections_workbook_goes_out_and_comes_back_with_a_reason(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "demo")
    c = client(config_for(root))
    page = c.get("/workbooks")
    assert page.status_code == 200
    assert "Korrekturmappe herunterladen" in page.text
    written = c.post("/workbooks/corrections/export", data={"csrf": c.csrf})
    assert written.status_code == 200
    assert 'filename="korrekturen.xlsx"' in written.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(written.content))
    ws = wb.worksheets[0]
    header = [cell.value for cell in ws[1]]
    col = {h.split(" ")[0]: i + 1 for i, h in enumerate(header) if h and h[0].isdigit()}
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["p02"], col["8.3"]).value == 2
    ws.cell(rows["p02"], col["8.3"]).value = 2.25
    edited = io.BytesIO()
    wb.save(edited)
    without = c.post(
        f"/workbooks/corrections/import?csrf={c.csrf}",
        files={"file": ("korrekturen.xlsx", edited.getvalue())},
        data={"reason": " "},
    )
    assert without.status_code == 400
    assert "Bitte einen Grund für die Korrekturen angeben" in without.text
    assert _answers(root, "p02")["staff_fte"] == 2
    done = c.post(
        f"/workbooks/corrections/import?csrf={c.csrf}",
        files={"file": ("korrekturen.xlsx", edited.getvalue())},
        data={"reason": "Abgleich mit dem Zwischenbericht"},
    )
    assert done.status_code == 200
    assert "korrekturen.xlsx: 1 Korrektur festgehalten." in done.text
    assert _answers(root, "p02")["staff_fte"] == 2.25


def test_a_file_that_is_no_workbook_is_refused_by_name(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "demo")
    c = client(config_for(root))
    other = c.post(
        f"/workbooks/translation/import?csrf={c.csrf}",
        files={"file": ("notizen.txt", b"hello")},
    )
    assert other.status_code == 400
    assert "notizen.txt ist keine Excel-Mappe (.xlsx)" in other.text
    broken = c.post(
        f"/workbooks/translation/import?csrf={c.csrf}",
        files={"file": ("uebersetzung-de.xlsx", b"PK\x03\x04 not really")},
    )
    assert broken.status_code == 400
    assert "uebersetzung-de.xlsx" in broken.text
    assert "Traceback" not in broken.text
