"""Strict Open XML returns (Word's and Excel's "Strict Open XML" save option) are read as
Transitional ones: every answer, the identity cross-check and the formula scan (issue 12)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import COMPLETE, fill_return, own_master_data
from strict_files import make_strict

from pipeline.forms.code import form_code
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.strict import relationship_type
from pipeline.forms.word.reader import read_docx
from pipeline.office import convert
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir


def _answers(pid: str) -> dict[str, Any]:
    return own_master_data(pid, COMPLETE)


def _strict_return(rd: Path, q, pid: str, fmt: str, tmp_path: Path) -> Path:
    filled = fill_return(rd, q, pid, _answers(pid), tmp_path / f"{pid}-filled.{fmt}")
    return make_strict(filled, tmp_path / f"{pid}-strict.{fmt}")


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode("utf-8")


def _replace_part(path: Path, name: str, text: str) -> None:
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            out.writestr(info, text.encode("utf-8") if info.filename == name else data)


def _stored(rd: Path) -> dict[str, dict[str, Any]]:
    with Store(store_path(RoundDir(rd))) as store:
        return {s.project: s.answers for s in store.submissions()}


# --- the test files are Strict, and LibreOffice reads them --------------------------------


def test_the_strict_files_use_only_strict_markup(rd, q, tmp_path):
    docx = _strict_return(rd, q, "p01", "docx", tmp_path)
    document = _part(docx, "word/document.xml")
    assert 'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"' in document
    assert 'w:conformance="strict"' in document
    assert "schemas.openxmlformats.org/wordprocessingml" not in document
    rels = _part(docx, "_rels/.rels")
    assert "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in rels
    assert "http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties" in rels
    custom = _part(docx, "docProps/custom.xml")
    assert 'xmlns="http://purl.oclc.org/ooxml/officeDocument/customProperties"' in custom
    xlsx = _strict_return(rd, q, "p01", "xlsx", tmp_path)
    workbook = _part(xlsx, "xl/workbook.xml")
    assert 'xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"' in workbook
    assert 'conformance="strict"' in workbook
    sheet = _part(xlsx, "xl/worksheets/sheet1.xml")
    assert "schemas.openxmlformats.org/spreadsheetml" not in sheet
    assert 't="d"><v>2022-01-01T00:00:00</v></c>' in sheet  # start_date, as Excel Strict writes it


@pytest.mark.office
def test_libreoffice_reads_the_strict_word_file(rd, q, tmp_path, soffice):
    text = convert(
        _strict_return(rd, q, "p01", "docx", tmp_path), "txt:Text (encoded):UTF8", tmp_path / "o"
    ).read_text("utf-8")
    for key in ("project_name", "programme", "website", "contact_phone", "media_description"):
        assert COMPLETE[key] in text, key
    assert "Hinsehen statt Wegklicken" in text


@pytest.mark.office
def test_libreoffice_reads_the_strict_excel_file(rd, q, tmp_path, soffice):
    utf8 = "csv:Text - txt - csv (StarCalc):44,34,76,1"  # comma, quote, UTF-8, from line 1
    csv = convert(_strict_return(rd, q, "p01", "xlsx", tmp_path), utf8, tmp_path / "o")
    text = csv.read_text("utf-8")
    for key in ("project_name", "programme", "website", "contact_phone", "media_description"):
        assert COMPLETE[key] in text, key
    assert ",01.01.2022\n" in text and ",31.12.2025\n" in text  # the ISO 8601 date cells


# --- every answer comes back ---------------------------------------------------------------


def test_every_answer_comes_back_from_word_and_excel_strict(rd, q, tmp_path):
    shutil.copy(_strict_return(rd, q, "p01", "docx", tmp_path), rd / "inbox" / "p01.docx")
    shutil.copy(_strict_return(rd, q, "p02", "xlsx", tmp_path), rd / "inbox" / "p02.xlsx")
    report = ingest(rd, lang="en")
    assert {r.project: r.outcome for r in report.results} == {"p01": "accepted", "p02": "accepted"}
    assert [p.code for r in report.results for p in r.problems] == []
    stored = _stored(rd)
    assert stored["p01"] == _answers("p01")
    assert stored["p02"] == _answers("p02")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_reader_finds_both_identifications_in_strict(rd, q, tmp_path, fmt):
    path = _strict_return(rd, q, "p01", fmt, tmp_path)
    read = read_docx if fmt == "docx" else read_xlsx
    content = read(path.read_bytes(), q, "en", source=path)
    token = RoundDir(rd).load().projects["p01"].token
    assert content.identification.project == "p01"
    hidden = "paragraph" if fmt == "docx" else "sheet"
    assert sorted(content.id_sources) == sorted(["code", hidden, "properties"])
    for source, found in content.id_sources.items():
        assert found["praxis.project"] == "p01", source
        if source != "code":  # the visible form code names the project only
            assert found["praxis.token"] == token, source
    assert content.form_codes == [form_code("promising-practices", "p01", token)]


# --- the cross-checks stay active ------------------------------------------------------------


def _name_other_project(path: Path, rd: Path) -> None:
    """The custom properties say p02 (with p02's token), the rest of the form says p01."""
    record = RoundDir(rd).load()
    custom = _part(path, "docProps/custom.xml")
    one, two = record.projects["p01"].token, record.projects["p02"].token
    changed = custom.replace(">p01<", ">p02<").replace(one, two)
    assert changed != custom
    _replace_part(path, "docProps/custom.xml", changed)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("strict", [False, True])
def test_properties_naming_another_project_are_refused_in_strict_too(rd, q, tmp_path, fmt, strict):
    filled = fill_return(rd, q, "p01", _answers("p01"), tmp_path / f"p01.{fmt}")
    _name_other_project(filled, rd)
    path = make_strict(filled, tmp_path / f"strict.{fmt}") if strict else filled
    shutil.copy(path, rd / "inbox" / f"p01.{fmt}")
    (result,) = ingest(rd, lang="en").results
    assert result.outcome == "rejected"
    assert result.reason.startswith("The form's identification contradicts itself: ")
    assert "document properties: project “p02”" in result.reason
    assert _stored(rd) == {}


def _formula_in(path: Path, qid: str, formula: str, cached: str) -> str:
    """Put a formula with its cached value (as Excel writes it) into ``qid``'s answer cell."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    ref = next(
        str(row[3])
        for row in wb["praxis_meta"].iter_rows(values_only=True)
        if row[0] == qid and row[5] == "answer"
    )
    wb.close()
    sheet = "xl/worksheets/sheet1.xml"
    text = _part(path, sheet)
    found = re.search(rf'<c r="{ref}"( s="\d+")?[^>]*?(/>|>.*?</c>)', text)
    assert found is not None
    cell = f'<c r="{ref}"{found.group(1) or ""}><f>{formula}</f><v>{cached}</v></c>'
    _replace_part(path, sheet, text[: found.start()] + cell + text[found.end() :])
    return ref


def test_the_formula_scan_is_active_on_excel_strict(rd, q, tmp_path):
    filled = fill_return(rd, q, "p01", _answers("p01"), tmp_path / "p01.xlsx")
    ref = _formula_in(filled, "participants_per_year", "100+20", "120")
    path = make_strict(filled, tmp_path / "strict.xlsx")
    content = read_xlsx(path.read_bytes(), q, "en", source=path)
    assert content.values()["participants_per_year"] == 120
    (problem,) = content.problems
    assert problem.code == "xlsx.formula"
    assert problem.location == f"Fragebogen!{ref}"


def test_strict_relationship_types():
    strict = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
    transitional = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    assert relationship_type(strict + "worksheet") == transitional + "worksheet"
    assert relationship_type(strict + "customProperties") == transitional + "custom-properties"
    assert relationship_type(transitional + "styles") == transitional + "styles"
    core = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
    assert relationship_type(core) == core


# --- Excel relationship targets: written relative, read either way ---------------------------


def _targets(path: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(path) as zf:
        return {
            name: re.findall(r'\sTarget="([^"]*)"', zf.read(name).decode("utf-8"))
            for name in zf.namelist()
            if name.endswith(".rels")
        }


@pytest.mark.parametrize("fast", ["1", "0"])
def test_the_excel_form_has_relative_targets_as_excel_writes_them(tmp_path, monkeypatch, fast):
    from conftest import BUNDLED, ROSTER

    from pipeline.forms.generate import generate_round

    monkeypatch.setenv("PRAXIS_FAST", fast)
    generate_round(BUNDLED, ROSTER, tmp_path / "round", formats=("xlsx",))
    form = tmp_path / "round" / RoundDir(tmp_path / "round").load().projects["p01"].files["xlsx"]
    targets = _targets(form)
    assert targets["xl/_rels/workbook.xml.rels"] == [
        "worksheets/sheet1.xml",
        "worksheets/sheet2.xml",
        "worksheets/sheet3.xml",
        "worksheets/sheet4.xml",
        "styles.xml",
        "theme/theme1.xml",
    ]
    assert targets["_rels/.rels"] == [
        "xl/workbook.xml",
        "docProps/core.xml",
        "docProps/app.xml",
        "docProps/custom.xml",
    ]
    assert not [t for found in targets.values() for t in found if t.startswith("/")]


def _absolute(path: Path) -> None:
    """The workbook's relationships with absolute targets, as openpyxl wrote them."""
    rels = "xl/_rels/workbook.xml.rels"
    text = _part(path, rels)
    changed = re.sub(r'Target="(?!/)', 'Target="/xl/', text)
    assert changed != text
    _replace_part(path, rels, changed)


@pytest.mark.parametrize("absolute", [False, True])
def test_the_reader_resolves_relative_and_absolute_targets(rd, q, tmp_path, absolute):
    path = fill_return(rd, q, "p01", _answers("p01"), tmp_path / "p01.xlsx")
    ref = _formula_in(path, "participants_per_year", "100+20", "120")
    if absolute:
        _absolute(path)
    content = read_xlsx(path.read_bytes(), q, "en", source=path)
    assert content.values()["participants_per_year"] == 120
    assert [(p.code, p.location) for p in content.problems] == [
        ("xlsx.formula", f"Fragebogen!{ref}")
    ]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_saved_time_of_a_strict_return_is_the_documents(rd, q, tmp_path, fmt):
    """The core properties keep their namespaces in Strict (packaging, ECMA-376 Part 2)."""
    from pipeline.returns.current import SAVED_DOCUMENT, saved_time

    filled = fill_return(rd, q, "p01", _answers("p01"), tmp_path / f"p01.{fmt}")
    core = _part(filled, "docProps/core.xml")
    saved = re.sub(r"(<dcterms:modified[^>]*>)[^<]*<", r"\g<1>2025-03-01T10:00:00Z<", core)
    assert saved != core
    _replace_part(filled, "docProps/core.xml", saved)
    path = make_strict(filled, tmp_path / f"strict.{fmt}")
    when = saved_time(path, fmt, "2025-03-05T08:00:00.000000Z", "2025-03-06T08:00:00.000000Z")
    assert when == ("2025-03-01T10:00:00.000000Z", SAVED_DOCUMENT)
