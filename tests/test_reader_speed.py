"""The fast paths of the form readers read exactly what the thorough ones did (issue #6).

No timings here: these tests pin the behaviour of the shortcuts (lazy bookmark and table-row
indexes, byte pre-checks before parsing a sheet, precomputed choice keys, indexed metadata).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from pipeline.definition.coerce import choice_value
from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import FormError
from pipeline.forms.content import Identification
from pipeline.forms.excel.layout import MetaRow
from pipeline.forms.excel.locate import choice_finder
from pipeline.forms.excel.metadata import Meta
from pipeline.forms.excel.package import _may_be_odd, _odd_cells, read_package
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.excel.writer import META_SHEET, build_xlsx
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.filler import fill_docx
from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.forms.word.xml import node_text, safe_parser, w
from pipeline.locale.texts import LANGUAGES
from pipeline.round.roster import Project

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questionnaires" / "promising-practices.yaml"
SHEET = "xl/worksheets/sheet1.xml"


def _ident(q: Questionnaire, project: Project, lang: str = "de") -> Identification:
    return Identification(q.id, q.version, project.id, "0123456789abcdef", lang)


def _filled_docx(tmp_path: Path, q: Questionnaire, project: Project, answers: dict) -> Path:
    data = build_docx(q, project, _ident(q, project), "de", None, prefill_values(q, project))
    form = tmp_path / "form.docx"
    form.write_bytes(data)
    filled = tmp_path / "filled.docx"
    fill_docx(form, answers, filled, q)
    return filled


def _rewrite_part(path: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            out.writestr(info, change(data) if info.filename == part else data)


def _edit_document(path: Path, change: Callable[[Any], None]) -> None:
    def rewrite(data: bytes) -> bytes:
        root = etree.fromstring(data, safe_parser())
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    _rewrite_part(path, "word/document.xml", rewrite)


def _drop(*names: str) -> Callable[[Any], None]:
    def change(root: Any) -> None:
        for node in list(root.iter(*(w(name) for name in names))):
            node.getparent().remove(node)

    return change


def _values(content: Any) -> dict[str, Any]:
    return {k: a.value for k, a in content.answers.items()}


# --- Word: lazily built bookmark index ----------------------------------------------------


def test_word_without_tags_reads_the_same_by_bookmark(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict, project: Project
) -> None:
    filled = _filled_docx(tmp_path, all_types, project, all_types_answers)
    by_tag = read_docx(filled.read_bytes(), all_types)
    _edit_document(filled, _drop("tag"))
    by_bookmark = read_docx(filled.read_bytes(), all_types)
    assert _values(by_bookmark) == _values(by_tag)
    assert {a.via for a in by_bookmark.answers.values()} == {"bookmark"}
    assert [p.code for p in by_bookmark.problems] == ["form-fallback"]  # one summary


def test_word_without_tags_and_bookmarks_reads_by_alias(
    tmp_path: Path, all_types: Questionnaire, all_types_answers: dict, project: Project
) -> None:
    filled = _filled_docx(tmp_path, all_types, project, all_types_answers)
    by_tag = read_docx(filled.read_bytes(), all_types)
    _edit_document(filled, _drop("tag", "bookmarkStart", "bookmarkEnd"))
    content = read_docx(filled.read_bytes(), all_types)
    via = {a.via for a in content.answers.values()}
    assert "alias" in via and "tag" not in via and "bookmark" not in via
    assert _values(content) == _values(by_tag)
    assert {p.code for p in content.problems} == {"form-fallback"}


def _node_text_before(node: Any) -> str:
    """The implementation node_text replaced, kept as the reference."""
    tags = {w("t"): None, w("br"): "\n", w("cr"): "\n", w("tab"): "\t"}
    lines: list[str] = []
    current: list[str] = []
    started = False
    for item in node.iter(w("p"), *tags):
        if item.tag == w("p"):
            if started:
                lines.append("".join(current))
                current = []
            started = True
        elif item.tag == w("t"):
            current.append(item.text or "")
        else:
            current.append(tags[item.tag] or "")
    lines.append("".join(current))
    return "\n".join(lines).strip("\n")


def test_node_text_is_unchanged(all_types: Questionnaire, project: Project) -> None:
    data = build_docx(all_types, project, _ident(all_types, project), "de", dt.date(2023, 10, 11))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"), safe_parser())
    nodes = list(root.iter(w("p"), w("tc"), w("tbl"), w("sdt"), w("t"), w("body")))
    assert len(nodes) > 100
    for node in nodes:
        assert node_text(node) == _node_text_before(node)
    extra = etree.fromstring(
        f'<w:p xmlns:w="{w("")[1:-1]}"><w:r><w:t>a</w:t><w:tab/><w:br/><w:cr/></w:r></w:p>'
    )
    assert node_text(extra) == _node_text_before(extra) == "a\t"


# --- Excel: sheets parsed only when they may hold formulas or error values -----------------


@pytest.mark.parametrize(
    "xml",
    [
        b"<c r='A1'><f>1+1</f><v>2</v></c>",
        b"<x:c r='A1'><x:f>1+1</x:f></x:c>",
        b"<c r='A1'><f t='shared' si='0'/></c>",
        b"<c r='A1'><f\n>1</f></c>",
        b"<x:c r='A1'><x:f/></x:c>",
        b"<c r='A1'><is><t>auf</t></is></c><c r='B1'><f>A1</f></c>",
        b'<c r="A1" t="e"><v>#N/A</v></c>',
        b"<c r='A1' t='e'><v>#N/A</v></c>",
        b"<!DOCTYPE x><c/>",
        b"<!DOCTYPE x>",
        b"<c r='A1'><is><t>Hallo!</t></is></c><!-- a comment -->",
        b"<c r='A1'><is><t>Let's go</t></is></c><c r='B1' t='e'><v>#N/A</v></c>",
    ],
)
def test_odd_sheets_are_parsed(xml: bytes) -> None:
    assert _may_be_odd(xml)


@pytest.mark.parametrize(
    "xml",
    [
        b'<c r="A1" t="s"><v>3</v></c>',
        b"<dataValidation><formula1>Listen!$A$1:$A$9</formula1></dataValidation>",
        b'<c r="A1" t="str"><is><t>f</t></is></c>',
        b'<c r="A1" t="inlineStr"><is><t>Treffen auf dem Hof, Bedarf / Beruf</t></is></c>',
        b'<c r="A1" t="inlineStr"><is><t>Let\'s go! Wow!! \'</t></is></c>',
        b"!<c/>'",
    ],
)
def test_plain_sheets_are_not_parsed(xml: bytes) -> None:
    assert not _may_be_odd(xml)


def test_odd_cells_with_prefixes_and_quotes() -> None:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = (
        f"<x:worksheet xmlns:x='{ns}'><x:sheetData><x:row r='2'>"
        "<x:c r='B2'><x:f>1+1</x:f><x:v>2</x:v></x:c>"
        "<x:c r='C2' t='e'><x:v>#DIV/0!</x:v></x:c>"
        "<x:c r='D2' t='e'><x:f>1/0</x:f></x:c>"
        "<x:c r='bad' t='e'><x:f>1/0</x:f></x:c>"
        "</x:row></x:sheetData></x:worksheet>"
    )
    formulas, errors = _odd_cells(etree.fromstring(xml))
    assert formulas == {(2, 2), (2, 4)}
    assert errors == {(2, 3): "#DIV/0!", (2, 4): "#ERROR"}


def test_error_value_without_formula_is_reported(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    path = tmp_path / "form.xlsx"
    ident = _ident(all_types, project)
    path.write_bytes(build_xlsx(all_types, project, ident, "de", None, {}))
    content = read_xlsx(path.read_bytes(), all_types)
    assert not content.problems
    meta = load_workbook(path)[META_SHEET]
    ref = next(
        str(r[3]) for r in meta.iter_rows(values_only=True) if r[0] == "name" and r[5] == "answer"
    )

    def with_error(data: bytes) -> bytes:
        old = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', data.decode())
        assert old is not None
        new = f"<c r='{ref}' t='e'><v>#N/A</v></c>"
        return (data.decode()[: old.start()] + new + data.decode()[old.end() :]).encode()

    _rewrite_part(path, SHEET, with_error)
    content = read_xlsx(path.read_bytes(), all_types)
    assert [p.code for p in content.problems] == ["xlsx.error_value"]
    assert "#N/A" in content.problems[0].message


# --- Excel: choice keys worked out once; metadata rows indexed --------------------------------


def test_choice_finder_matches_choice_value() -> None:
    q = load_questionnaire(BUNDLED)
    for question in q.answerable():
        if not question.choices:
            continue
        find = choice_finder(question)
        texts = [c.value for c in question.choices]
        texts += [c.label.get(lang) or "" for c in question.choices for lang in LANGUAGES]
        texts += ["", "  x ", "Sonstiges", "other", "nothing at all"]
        texts += [f"  {text.upper()}\x07 " for text in texts]
        for text in texts:
            assert find(text) == choice_value(question, text), (question.id, text)


def test_meta_find_takes_the_first_row_and_sees_new_rows() -> None:
    meta = Meta()
    first = MetaRow("q1", "1", "S", "D4", "", "question")
    meta.rows += [first, MetaRow("q1", "1", "S", "D9", "", "question")]
    assert meta.find("q1", "question") is first
    assert meta.find("q1", "option", "a") is None
    added = MetaRow("q1", "1", "S", "D5", "a", "option")
    meta.rows.append(added)
    assert meta.find("q1", "option", "a") is added


def _form_with_formula(tmp_path: Path, q: Questionnaire, project: Project) -> Path:
    path = tmp_path / "form.xlsx"
    path.write_bytes(build_xlsx(q, project, _ident(q, project), "de", None, {}))
    wb = load_workbook(path)
    meta = wb[META_SHEET].iter_rows(values_only=True)
    ref = next(str(r[3]) for r in meta if r[0] == "name" and r[5] == "answer")
    wb["Fragebogen"][ref].value = "=2+3"
    wb.save(path)
    return path


def test_lazy_package_matches_the_eager_one(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    path = _form_with_formula(tmp_path, all_types, project)
    eager = read_package(path.read_bytes())
    lazy = read_package(path.read_bytes(), lazy=True)
    assert lazy.properties == eager.properties
    assert any(eager.formulas.values())
    for sheet in eager.formulas:
        assert lazy.odd(sheet) == (eager.formulas[sheet], eager.errors[sheet])
    assert lazy.odd("no such sheet") == (set(), {})


def test_broken_xml_of_a_read_sheet_is_a_form_error(
    tmp_path: Path, all_types: Questionnaire, project: Project
) -> None:
    path = _form_with_formula(tmp_path, all_types, project)
    _rewrite_part(path, SHEET, lambda data: data[: data.index(b"<f>") + 5])
    with pytest.raises(FormError, match=r"form\.xlsx"):
        read_xlsx(path.read_bytes(), all_types, source=path)
