"""The Excel reader's shortcuts read exactly what the thorough way reads, on real files: the
metadata sheet read from its XML (``meta_xml``), and what one reader keeps from form to form
(``memo``: where the answer cells are, whether the mapping fits). No timings here."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.excel.layout import META_SHEET
from pipeline.forms.excel.meta_xml import parse_meta_xml
from pipeline.forms.excel.metadata import Meta
from pipeline.forms.excel.package import Grids, read_package
from pipeline.forms.excel.reader import ExcelFormReader
from pipeline.forms.excel.writer import build_xlsx
from pipeline.round.roster import Project


def _filled(tmp_path: Path, q: Questionnaire, project: Project, answers: dict[str, Any]) -> Path:
    ident = Identification(q.id, q.version, project.id, "0123456789abcdef", "de")
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(build_xlsx(q, project, ident, "de", dt.date(2023, 10, 11)))
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, answers, filled, q)
    return filled


def _meta_both_ways(path: Path) -> tuple[Meta | None, Meta]:
    data = path.read_bytes()
    xml = read_package(data, lazy=True).sheet_xml(META_SHEET)
    assert xml is not None
    return parse_meta_xml(xml), Meta.parse(Grids(data)[META_SHEET])


def _read(reader: ExcelFormReader, path: Path) -> str:
    return repr(reader.read(path.read_bytes(), source=path))


def test_the_metadata_sheet_from_its_xml_is_the_one_calamine_reads(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    fast, thorough = _meta_both_ways(_filled(tmp_path, all_types, project, all_types_answers))
    assert fast is not None  # the form as praxis writes it: plain inline texts
    assert fast.values == thorough.values and fast.values["project"] == project.id
    assert fast.rows == thorough.rows and len(fast.rows) > 10


def _rewrite_part(path: Path, part: str, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == part:
                assert old in data
                data = data.replace(old, new, 1)
            out.writestr(info, data)


def test_a_metadata_sheet_in_rich_text_is_read_the_thorough_way(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    path = _filled(tmp_path, all_types, project, all_types_answers)
    before = ExcelFormReader(all_types).read(path.read_bytes())
    part = read_package(path.read_bytes()).parts[META_SHEET]
    # as Excel writes a cell with two runs of text: no plain inline text any more
    rich = b"<is><r><t>praxis_</t></r><r><t>meta</t></r></is>"
    _rewrite_part(path, part, b"<is><t>praxis_meta</t></is>", rich)
    fast, thorough = _meta_both_ways(path)
    assert fast is None
    assert thorough.values["praxis_meta"] == "1" and thorough.rows
    after = ExcelFormReader(all_types).read(path.read_bytes())
    assert after.values() == before.values()
    assert after.identification == before.identification


def test_one_reader_reads_each_form_as_a_new_reader_would(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    plain = _filled(tmp_path, all_types, project, all_types_answers)
    moved = tmp_path / "moved.xlsx"  # rows inserted, a label typed over: another layout
    wb = load_workbook(plain)
    ws = wb["Fragebogen"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2")
    ws.insert_rows(row, amount=2)
    ws.cell(row, 2).value = "Eine eigene Zwischenzeile"
    ws.cell(row + 3, 2).value = "Hier getippt statt in die Antwortspalte"
    wb.save(moved)
    shared = ExcelFormReader(all_types)
    for path in (plain, moved, plain, moved):
        assert _read(shared, path) == _read(ExcelFormReader(all_types), path)
    moved_content = shared.read(moved.read_bytes())
    plain_content = shared.read(plain.read_bytes())
    assert moved_content.answers != plain_content.answers  # the locations moved
    assert {a.location for a in moved_content.answers.values()} != {
        a.location for a in plain_content.answers.values()
    }


def test_a_sheet_name_given_twice_is_not_read_from_its_xml(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    path = _filled(tmp_path, all_types, project, all_types_answers)
    assert read_package(path.read_bytes(), lazy=True).sheet_xml(META_SHEET) is not None
    _rewrite_part(path, "xl/workbook.xml", b'name="Listen"', b'name="praxis_meta"')
    package = read_package(path.read_bytes(), lazy=True)
    assert package.sheet_xml(META_SHEET) is None  # which one calamine takes is its business
    assert package.properties["praxis.project"] == project.id
