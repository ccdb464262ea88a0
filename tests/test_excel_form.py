"""The Excel form: build -> fill -> read back, on real files (no mocks)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED
from openpyxl import load_workbook

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.question_types import coerce_answer
from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import FormError
from pipeline.forms.content import Identification
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.excel.writer import META_SHEET, build_xlsx, sheet_title
from pipeline.forms.prefill import prefill_values
from pipeline.round.roster import Project

IDENT = Identification("all-types", "1", "p07", "0123456789abcdef", "de")
DEADLINE = dt.date(2023, 10, 11)


def _ident(q: Questionnaire, lang: str = "de") -> Identification:
    return Identification(q.id, q.version, "p07", "0123456789abcdef", lang)


def _build(tmp_path: Path, q: Questionnaire, project: Project, lang: str = "de", **kw: Any) -> Path:
    path = tmp_path / f"form-{lang}.xlsx"
    path.write_bytes(build_xlsx(q, project, _ident(q, lang), lang, DEADLINE, **kw))
    return path


def _round_trip(
    tmp_path: Path, q: Questionnaire, project: Project, answers: dict[str, Any], lang: str = "de"
) -> dict[str, Any]:
    """Build, fill, read and coerce: the typed answers as read back."""
    blank = _build(tmp_path, q, project, lang)
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, answers, filled, q)
    content = read_xlsx(filled.read_bytes(), q)
    assert content.identification == _ident(q, lang)
    return _typed(q, content.values())


def _typed(q: Questionnaire, raw: dict[str, Any]) -> dict[str, Any]:
    typed = {}
    for key, value in raw.items():
        if key.endswith("_other"):
            typed[key] = value
            continue
        result = coerce_answer(q.question(key), value)
        assert result.error is None, (key, value, result)
        typed[key] = result.value
    return typed


def _keys_of(q: Questionnaire, qid: str) -> list[str]:
    return [qid, q.question(qid).other_id]


def _types(q: Questionnaire) -> list[str]:
    return sorted({x.type for x in q.answerable()})


ALL_TYPES = [
    "date",
    "decimal",
    "email",
    "integer",
    "long_text",
    "select_multiple",
    "select_one",
    "table",
    "text",
    "url",
    "yes_no",
]


def test_all_types_fixture_covers_every_answer_type(all_types: Questionnaire) -> None:
    assert _types(all_types) == ALL_TYPES


# --- acceptance 1: round trip per type ------------------------------------------------------


@pytest.mark.parametrize("qtype", ALL_TYPES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_round_trip_per_type(
    tmp_path: Path,
    all_types: Questionnaire,
    all_types_answers: dict[str, Any],
    project: Project,
    qtype: str,
    lang: str,
) -> None:
    ids = [x.id for x in all_types.answerable() if x.type == qtype]
    answers = {k: v for k, v in all_types_answers.items() if k.split("_other")[0] in ids}
    got = _round_trip(tmp_path, all_types, project, answers, lang)
    assert got == answers


def test_round_trip_everything_at_once(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    got = _round_trip(tmp_path, all_types, project, all_types_answers)
    assert got == all_types_answers


def test_raw_strings_stay_typed_text(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    answers = {**all_types_answers, "share": "1.234,5", "started": "12.10.2023", "count": "1.234"}
    blank = _build(tmp_path, all_types, project)
    filled = tmp_path / "raw.xlsx"
    fill_xlsx(blank, answers, filled, all_types)
    content = read_xlsx(filled.read_bytes(), all_types)
    assert content.answers["share"].value == "1.234,5"
    assert content.answers["started"].value == "12.10.2023"
    typed = _typed(all_types, content.values())
    assert typed == {**all_types_answers, "share": 1234.5, "started": "2023-10-12"}


def test_real_cells_keep_their_kind(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    blank = _build(tmp_path, all_types, project)
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, all_types_answers, filled, all_types)
    content = read_xlsx(filled.read_bytes(), all_types)
    values = content.values()
    assert values["count"] == 1234 and isinstance(values["count"], int)
    assert values["share"] == 2.5
    assert values["started"] == dt.date(2023, 10, 12)
    assert values["evaluated"] is True
    assert values["colour"] == "other" and values["colour_other"] == "türkis"
    assert values["colours"] == ["red", "blue", "other"]
    assert values["partners"][0]["kind"] == "green"
    assert values["partners"][0]["joined"] == dt.date(2020, 2, 1)
    assert content.answers["name"].location.startswith("Fragebogen!D")
    assert content.answers["partners"].location.startswith("'3.3 Partner'!")
    assert {a.via for a in content.answers.values()} == {"row"}
    assert content.problems == []
    ws = load_workbook(filled)["Fragebogen"]
    cell = ws[content.answers["started"].location.split("!")[1]]
    assert cell.is_date and cell.number_format == "DD.MM.YYYY"


def test_empty_answers_are_absent(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    got = _round_trip(tmp_path, all_types, project, {})
    assert got == {}


def test_partial_answers_leave_the_rest_absent(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    answers = {"evaluated": False, "colours": ["green"], "partners": [{"org": "Eine", "since": 1}]}
    assert _round_trip(tmp_path, all_types, project, answers) == answers


def test_prefilled_values_read_back(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    prefill = prefill_values(all_types, project)
    assert prefill == {"name": "Faktencheck Jugend", "state": "th", "mail": "s.wagner@example.org"}
    path = _build(tmp_path, all_types, project, prefill=prefill)
    content = read_xlsx(path.read_bytes(), all_types)
    assert _typed(all_types, content.values()) == prefill
    assert content.answers["state"].value == "th"
    ws = load_workbook(path)["Fragebogen"]
    assert ws[content.answers["state"].location.split("!")[1]].value == "Thüringen"


def test_filling_over_prefill_overwrites_it(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    blank = _build(tmp_path, all_types, project, prefill=prefill_values(all_types, project))
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, all_types_answers, filled, all_types)
    assert (
        _typed(all_types, read_xlsx(filled.read_bytes(), all_types).values()) == all_types_answers
    )


def test_labels_in_the_other_language_are_understood(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    path = _build(tmp_path, all_types, project)
    wb = load_workbook(path)
    ws = wb["Fragebogen"]
    content = read_xlsx(path.read_bytes(), all_types)
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["2.1"], 4).value = "Yes"
    ws.cell(rows["2.4"], 4).value = "Bavaria"
    ws.cell(rows["2.3"], 4).value = "lila"  # no choice: reported as typed
    wb.save(path)
    content = read_xlsx(path.read_bytes(), all_types)
    assert content.values() == {"evaluated": True, "state": "by", "colour": "lila"}


# --- acceptance 2: a row inserted by a user --------------------------------------------------


@pytest.mark.parametrize("where", ["1.2", "2.3", "2.5", "3.1"])
def test_inserted_rows_do_not_shift_answers(
    tmp_path: Path,
    all_types: Questionnaire,
    all_types_answers: dict[str, Any],
    project: Project,
    where: str,
) -> None:
    blank = _build(tmp_path, all_types, project)
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, all_types_answers, filled, all_types)
    wb = load_workbook(filled)
    ws = wb["Fragebogen"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == where)
    ws.insert_rows(row, amount=2)
    ws.cell(row, 2).value = "Eine eigene Zwischenzeile"
    wb.save(filled)
    content = read_xlsx(filled.read_bytes(), all_types)
    assert _typed(all_types, content.values()) == all_types_answers


def test_row_inserted_between_options_is_skipped(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    blank = _build(tmp_path, all_types, project)
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, all_types_answers, filled, all_types)
    wb = load_workbook(filled)
    ws = wb["Fragebogen"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "grün")
    ws.insert_rows(row, amount=1)
    ws.cell(row, 4).value = "x"  # a mark in a row that is no option
    wb.save(filled)
    assert (
        _typed(all_types, read_xlsx(filled.read_bytes(), all_types).values()) == all_types_answers
    )


def test_lost_number_falls_back_to_the_built_cell(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict[str, Any], project: Project
) -> None:
    blank = _build(tmp_path, all_types, project)
    filled = tmp_path / "filled.xlsx"
    fill_xlsx(blank, all_types_answers, filled, all_types)
    wb = load_workbook(filled)
    ws = wb["Fragebogen"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.3")
    ws.cell(row, 1).value = None
    wb.save(filled)
    content = read_xlsx(filled.read_bytes(), all_types)
    assert content.answers["count"].via == "cell"
    assert content.values()["count"] == 1234
    assert [p.code for p in content.problems] == ["xlsx.by_cell"]


# --- acceptance 4: determinism, protection, structure ------------------------------------


def test_building_twice_gives_identical_bytes(all_types: Questionnaire, project: Project) -> None:
    prefill = prefill_values(all_types, project)
    first = build_xlsx(all_types, project, IDENT, "de", DEADLINE, prefill)
    second = build_xlsx(all_types, project, IDENT, "de", DEADLINE, prefill)
    assert first == second
    assert first != build_xlsx(all_types, project, IDENT, "en", DEADLINE, prefill)


def test_only_answer_cells_are_unlocked(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    path = _build(tmp_path, all_types, project)
    wb = load_workbook(path)
    content_cells = _answer_cells(wb)
    for ws in wb.worksheets:
        assert ws.protection.sheet, ws.title
        for row in ws.iter_rows():
            for cell in row:
                unlocked = cell.protection.locked is False
                assert unlocked == ((ws.title, cell.coordinate) in content_cells), (
                    ws.title,
                    cell.coordinate,
                )
    main = wb["Fragebogen"]
    assert main.protection.formatRows is False  # people may resize rows
    assert main.freeze_panes is not None


def _answer_cells(wb: Any) -> set[tuple[str, str]]:
    meta = wb[META_SHEET]
    cells: set[tuple[str, str]] = set()
    header_seen = False
    for row in meta.iter_rows(values_only=True):
        if row[0] == "question":
            header_seen = True
        elif header_seen and row[5] in ("answer", "other", "option"):
            cells.add((row[2], row[3]))
    for ws in wb.worksheets:
        if ws.title.startswith("3.3"):
            for row in ws.iter_rows(min_row=6, max_row=9, min_col=2, max_col=5):
                cells.update((ws.title, c.coordinate) for c in row)
    return cells


def test_workbook_structure(tmp_path: Path, all_types: Questionnaire, project: Project) -> None:
    path = _build(tmp_path, all_types, project)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Fragebogen"
    assert wb[META_SHEET].sheet_state == "veryHidden"
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props == _ident(all_types).as_properties()
    table = wb["3.3 Partner"]
    header = [table.cell(5, c).value.split("\n")[0] for c in range(2, 6)]
    assert header == ["Organisation", "Art", "Seit", "Beitritt"]
    assert table.cell(9, 2).protection.locked is False
    assert table.cell(10, 2).protection.locked is not False  # max_rows = 4
    main = wb["Fragebogen"]
    texts = [str(c.value) for row in main.iter_rows() for c in row if c.value]
    assert any("siehe Blatt „3.3 Partner“" in x for x in texts)
    assert any("Nur ausfüllen, wenn Sie bei 2.1 „Ja“ angegeben haben." in x for x in texts)
    assert any("11.10.2023" in x for x in texts)
    assert "all-types" not in " ".join(texts)  # no ids shown
    assert not any(x in {"name", "story", "count"} for x in texts)


def test_dropdowns_show_labels(tmp_path: Path, all_types: Questionnaire, project: Project) -> None:
    path = _build(tmp_path, all_types, project, lang="en")
    wb = load_workbook(path)
    ws = wb["Questionnaire"]
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"Yes,No"' in formulas
    assert '"red,green,blue,Other"' in formulas
    assert '"x"' in formulas
    assert "Lists!$A$1:$A$9" in formulas  # 9 states: a long list -> a range
    assert all(dv.errorStyle == "warning" for dv in ws.data_validations.dataValidation)
    assert wb["Lists"].sheet_state == "hidden"
    assert [wb["Lists"].cell(r, 1).value for r in (1, 2)] == ["Berlin", "Bavaria"]


def test_long_lists_and_commas_use_the_lists_sheet(tmp_path: Path, project: Project) -> None:
    q = load_questionnaire(BUNDLED)
    wb = load_workbook(_build(tmp_path, q, project))
    formulas = [dv.formula1 for dv in wb["Fragebogen"].data_validations.dataValidation]
    ranges = [f for f in formulas if f.startswith("Listen!")]
    assert ranges and all(len(f) <= 255 for f in formulas)
    assert wb["Listen"].sheet_state == "hidden"
    labels = [c.value for c in wb["Listen"]["A"]]
    assert labels[:2] == ["Baden-Württemberg", "Bayern"] and labels[-1] == "bundesweit"
    roles = [[c.value for c in col] for col in wb["Listen"].iter_cols()]
    assert any("Beratung (Ausstieg, Distanzierung, Angehörige)" in col for col in roles)


def test_hints_name_limits_without_repeating_the_hint(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    ws = load_workbook(_build(tmp_path, all_types, project))["Fragebogen"]
    hints = {ws.cell(r, 1).value: ws.cell(r, 3).value or "" for r in range(1, ws.max_row + 1)}
    assert "höchstens 80 Zeichen" in hints["1.1"] and "Pflichtfeld." in hints["1.1"]
    assert hints["1.2"].count("50 Wörter") == 1
    assert "Eine ganze Zahl von mindestens 0 in Personen." in hints["1.3"]
    assert "TT.MM.JJJJ" in hints["1.5"]


def test_sheet_titles_are_valid() -> None:
    title = sheet_title("6.2", "Mit welchen Organisationen arbeiten Sie zusammen?", [])
    assert title == "6.2 Mit welchen Organisationen"
    assert len(sheet_title("1.1", "x" * 60, [])) <= 31
    assert sheet_title("1.1", "a/b: [c]*?", []) == "1.1 a b c"
    assert sheet_title("1.1", "Partner", ["1.1 Partner"]) == "1.1 Partner 2"


# --- reader robustness ------------------------------------------------------------------


def test_formulas_and_error_values_are_reported(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    path = _build(tmp_path, all_types, project)
    wb = load_workbook(path)
    ws = wb["Fragebogen"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    ws.cell(rows["1.3"], 4).value = "=1/0"
    ws.cell(rows["1.4"], 4).value = "=2+3"
    wb.save(path)
    content = read_xlsx(path.read_bytes(), all_types)
    codes = sorted(p.code for p in content.problems)
    assert codes == ["xlsx.formula", "xlsx.formula"]  # openpyxl stores no cached values
    assert "count" not in content.answers and "share" not in content.answers
    assert all("steht eine Formel" in p.message for p in content.problems)  # the form's language
    english = read_xlsx(
        path.read_bytes(), all_types, "en"
    )  # the coordinator's language, when given
    assert all("A formula was found" in p.message for p in english.problems)


def test_cached_formula_values_are_used(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    """What Excel writes: a formula with its cached value, or with an error value."""
    path = _build(tmp_path, all_types, project)
    sheet = "xl/worksheets/sheet1.xml"
    text = _part(path, sheet)
    ref = _meta_cell(path, "count")
    found = re.search(rf'<c r="{ref}" s="(\d+)"[^>]*?(/>|>.*?</c>)', text)
    assert found is not None
    style = found.group(1)

    def with_cell(inner: str, kind: str = "n") -> str:
        cell = f'<c r="{ref}" s="{style}" t="{kind}">{inner}</c>'
        return text[: found.start()] + cell + text[found.end() :]

    _replace_part(path, sheet, with_cell("<f>2+3</f><v>5</v>"))
    content = read_xlsx(path.read_bytes(), all_types)
    assert content.values()["count"] == 5
    assert [p.code for p in content.problems] == ["xlsx.formula"]
    assert content.problems[0].location == f"Fragebogen!{ref}"
    _replace_part(path, sheet, with_cell("<f>1/0</f><v>#DIV/0!</v>", "e"))
    content = read_xlsx(path.read_bytes(), all_types)
    assert "count" not in content.answers
    assert [p.code for p in content.problems] == ["xlsx.error_value"]
    assert "#DIV/0!" in content.problems[0].message


def _meta_cell(path: Path, qid: str) -> str:
    wb = load_workbook(path)
    for row in wb[META_SHEET].iter_rows(values_only=True):
        if row[0] == qid and row[5] == "answer":
            return str(row[3])
    raise AssertionError(qid)


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def _replace_part(path: Path, name: str, text: str) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = [(i, archive.read(i)) for i in archive.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, text.encode("utf-8") if info.filename == name else data)
    path.write_bytes(out.getvalue())


def test_form_without_its_metadata_sheet_is_refused(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    # issue 10, point 4: without its own row -> question mapping a form is refused, not read
    # by position (this test read the identification from the properties before)
    path = _build(tmp_path, all_types, project)
    wb = load_workbook(path)
    del wb[META_SHEET]
    wb.save(path)
    with pytest.raises(FormError, match="die Zuordnung fehlt"):
        read_xlsx(path.read_bytes(), all_types)


def test_broken_files_raise_form_error(tmp_path: Path, all_types: Questionnaire) -> None:
    not_zip = tmp_path / "kaputt.xlsx"
    not_zip.write_bytes(b"this is no workbook")
    with pytest.raises(FormError, match=r"kaputt\.xlsx"):
        read_xlsx(not_zip.read_bytes(), all_types, source=not_zip)
    bad_xml = tmp_path / "badxml.xlsx"
    with zipfile.ZipFile(bad_xml, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets>")
        archive.writestr("xl/_rels/workbook.xml.rels", "<Relationships/>")
    with pytest.raises(FormError, match=r"badxml\.xlsx"):
        read_xlsx(bad_xml.read_bytes(), all_types, source=bad_xml)


def test_entities_are_not_resolved(tmp_path: Path, all_types: Questionnaire) -> None:
    evil = tmp_path / "evil.xlsx"
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties"><property name="praxis.project">&b;</property></Properties>'
    )
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("docProps/custom.xml", bomb)
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/_rels/workbook.xml.rels", "<Relationships/>")
    with pytest.raises(FormError):
        read_xlsx(evil.read_bytes(), all_types)


def test_oversized_parts_are_rejected(
    tmp_path: Path, all_types: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.forms.excel.package as package

    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", " " * 2_000)
    monkeypatch.setattr(package, "MAX_PART_BYTES", 1_000)
    with pytest.raises(FormError, match=r"sheet1\.xml"):
        read_xlsx(path.read_bytes(), all_types)


# --- the bundled questionnaire --------------------------------------------------------------


def bundled_answers() -> dict[str, Any]:
    """A complete, realistic return of the bundled questionnaire."""
    words = " ".join(["Wir", "arbeiten", "mit", "Jugendlichen", "online", "und", "offline."] * 4)
    return {
        "project_name": "Faktencheck Jugend",
        "organisation": "Medienkompetenz Thüringen e. V.",
        "programme": "Demokratie leben!",
        "federal_state": "th",
        "start_date": "2021-03-01",
        "website": "https://www.faktencheck-jugend.example",
        "contact_name": "Sophie Wagner",
        "contact_email": "s.wagner@mk-thueringen.example",
        "contact_phone": "0361 221133",
        "field_of_action": "other",
        "field_of_action_other": "Medienpädagogik mit Peers",
        "phenomena": ["conspiracy", "antisemitism", "other"],
        "phenomena_other": "Desinformation",
        "prevention_level": "universal",
        "target_groups": ["youth", "professionals"],
        "channels": ["instagram", "tiktok", "games"],
        "gaming_details": "Minecraft-Server mit Workshops.",
        "participants_per_year": 1200,
        "starting_point": "Viele Jugendliche glauben Falschmeldungen.\nDas wollten wir ändern.",
        "goals": "Quellenkritik stärken.",
        "approach": words,
        "partners": [
            {"organisation": "Landesmedienanstalt", "role": "funding", "since": 2021},
            {"organisation": "Gymnasium Erfurt", "role": "cooperation", "since": 2023},
        ],
        "evidence_level": "process_evaluation",
        "evaluated": True,
        "evaluation_details": "Befragung von 300 Teilnehmenden.",
        "transferability": "Medienpädagogische Kenntnisse.",
        "staff_fte": 2.5,
        "budget_range": "50k_100k",
        "lessons_learned": "Peers erreichen mehr als Erwachsene.",
        "media_link": "https://video.example/faktencheck",
        "consent_publish": True,
        "consent_contact": False,
    }


def test_bundled_round_trip(tmp_path: Path, project: Project) -> None:
    q = load_questionnaire(BUNDLED)
    answers = bundled_answers()
    got = _round_trip(tmp_path, q, project, answers)
    assert got == answers
