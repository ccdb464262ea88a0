"""The generated Word form's structure (the LibreOffice rules) and the reader's safety."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import FormError
from pipeline.forms.content import Identification
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.filler import fill_docx
from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.forms.word.xml import W14_NS, bookmark_base, form_slots, node_text, safe_parser, w
from pipeline.locale.formatting import format_number
from pipeline.round.roster import Project

W14 = f"{{{W14_NS}}}"


def build(q: Questionnaire, project: Project, lang: str = "de") -> bytes:
    ident = Identification(q.id, q.version, project.id, "tok", lang)
    return build_docx(q, project, ident, lang, dt.date(2023, 10, 11), prefill_values(q, project))


def document(data: bytes) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"), safe_parser())


@pytest.fixture
def root(all_types, project) -> Any:
    return document(build(all_types, project))


def props_val(sdt: Any, name: str) -> str | None:
    node = sdt.find(f"{w('sdtPr')}/{w(name)}")
    return node.get(w("val")) if node is not None else None


def test_every_control_is_inline_and_not_nested(root):
    sdts = list(root.iter(w("sdt")))
    assert sdts
    for sdt in sdts:
        assert sdt.getparent().tag == w("p")
        assert sdt.find(f".//{w('sdt')}") is None


def test_text_controls_have_tag_alias_and_bookmark(root, all_types):
    for slot in form_slots(all_types):
        sdt = next(s for s in root.iter(w("sdt")) if props_val(s, "tag") == slot.key)
        marks = sdt.getparent().findall(w("bookmarkStart"))
        assert [m.get(w("name")) for m in marks] == [slot.bookmark]
        if slot.kind == "check":
            assert props_val(sdt, "alias") is None
        else:
            assert props_val(sdt, "alias") == slot.title("de")  # the tag stays the id


def test_checkbox_is_alone_in_its_cell(root):
    boxes = [s for s in root.iter(w("sdt")) if s.find(f"{w('sdtPr')}/{W14}checkbox") is not None]
    assert len(boxes) == 2 + 4 + 4  # yes/no, colour (+other), colours (+other)
    for box in boxes:
        cell = box.getparent().getparent()
        assert cell.tag == w("tc")
        assert node_text(cell).strip() == "☐"
        assert len(cell.findall(f".//{w('sdt')}")) == 1


def test_dropdown_lists_labels_and_values(root):
    sdt = next(s for s in root.iter(w("sdt")) if props_val(s, "tag") == "state")
    items = sdt.findall(f".//{w('listItem')}")
    assert items[0].get(w("displayText")) == "Bitte auswählen"
    assert (items[2].get(w("displayText")), items[2].get(w("value"))) == ("Bayern", "by")
    assert node_text(sdt.find(w("sdtContent"))) == "Thüringen"  # pre-filled


@pytest.mark.parametrize(
    ("lang", "fmt", "lid"), [("de", "dd.MM.yyyy", "de-DE"), ("en", "yyyy-MM-dd", "en-GB")]
)
def test_date_control_format(all_types, project, lang, fmt, lid):
    root = document(build(all_types, project, lang))
    sdt = next(s for s in root.iter(w("sdt")) if props_val(s, "tag") == "started")
    date = sdt.find(f"{w('sdtPr')}/{w('date')}")
    assert date.find(w("dateFormat")).get(w("val")) == fmt
    assert date.find(w("lid")).get(w("val")) == lid


def test_table_question_rows(root):
    tags = [props_val(s, "tag") for s in root.iter(w("sdt"))]
    assert "partners[4].joined" in tags and "partners[5].org" not in tags


def test_visible_text(root):
    text = node_text(root.find(w("body")))
    assert "Nur ausfüllen, wenn Sie bei 2.1 „Ja“ angegeben haben." in text
    assert "Rückgabefrist: 11.10.2023" in text
    assert "Sonstiges, bitte angeben:" in text
    assert "Pflichtfeld" in text
    visible = "".join(
        t.text or ""
        for t in root.iter(w("t"))
        if t.getparent().find(f"{w('rPr')}/{w('vanish')}") is None
    )
    assert "evaluated" not in visible and "partners" not in visible  # ids are not printed


def test_english_texts(all_types, project):
    text = node_text(document(build(all_types, project, "en")).find(w("body")))
    assert "Only if you answered “Yes” at 2.1." in text
    assert "Click here to enter text." in text


def test_identification_in_properties_and_hidden_paragraph(all_types, project):
    data = build(all_types, project)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        custom = zf.read("docProps/custom.xml").decode()
        settings = zf.read("word/settings.xml").decode()
    assert "praxis.token" in custom and "<vt:lpwstr>tok</vt:lpwstr>" in custom
    assert "documentProtection" not in settings
    root = document(data)
    hidden = [t for t in root.iter(w("t")) if (t.text or "").startswith("praxis:")]
    assert len(hidden) == 1
    assert hidden[0].getparent().find(f"{w('rPr')}/{w('vanish')}") is not None


def test_page_is_a4_portrait(root):
    size = root.find(f"{w('body')}/{w('sectPr')}/{w('pgSz')}")
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (11906, 16838)


def test_bookmark_names_are_safe_and_unique(all_types):
    names = [s.bookmark for s in form_slots(all_types)]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", n) for n in names)
    assert bookmark_base("colours=red") == "colours__red"
    assert bookmark_base("partners[1].org") == "partners_1_org"


def test_long_ids_get_short_bookmarks(all_types):
    from conftest import ALL_TYPES_YAML

    from pipeline.definition.loading import parse_definition

    long_id = "a_very_long_question_identifier_beyond_forty"
    q = parse_definition(ALL_TYPES_YAML.replace("id: name\n", f"id: {long_id}\n"))
    names = {s.key: s.bookmark for s in form_slots(q)}
    assert len(names[long_id]) <= 40 and names[long_id].startswith("a_very")


def test_format_number():
    typed = [format_number(x, "de", group_from=None) for x in (2.5, 1234, 3.0)]
    assert typed == ["2,5", "1234", "3"]
    assert format_number(1990, "de") == "1990"
    assert (format_number(1000000, "de"), format_number(1000000, "en")) == (
        "1.000.000",
        "1,000,000",
    )
    assert format_number(12345.5, "de") == "12.345,5"


# --- the reader on odd or hostile files ---------------------------------------------------------


def test_not_a_zip(tmp_path, all_types):
    bad = tmp_path / "antwort.docx"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(FormError, match=r"antwort\.docx"):
        read_docx(bad.read_bytes(), all_types, source=bad)


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_broken_xml(tmp_path, all_types):
    path = write_zip(tmp_path / "x.docx", {"word/document.xml": b"<w:document><unclosed>"})
    with pytest.raises(FormError, match=r"word/document\.xml"):
        read_docx(path.read_bytes(), all_types)


def test_entities_are_not_expanded(tmp_path, all_types):
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = write_zip(tmp_path / "x.docx", {"word/document.xml": xml})
    content = read_docx(path.read_bytes(), all_types)
    assert content.answers == {}
    assert [p.code for p in content.problems] == ["form-unidentified"]


def test_oversized_part_is_refused(tmp_path, all_types):
    path = write_zip(tmp_path / "big.docx", {"word/document.xml": b"\0" * (51 * 1024 * 1024)})
    with pytest.raises(FormError, match="50 MB"):
        read_docx(path.read_bytes(), all_types)


def strip_parts(path: Path, drop: set[str], change=None) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist() if i.filename not in drop}
    if change:
        parts["word/document.xml"] = change(parts["word/document.xml"])
    write_zip(path, parts)


def test_identification_from_hidden_paragraph(tmp_path, all_types, project):
    path = tmp_path / "f.docx"
    path.write_bytes(build(all_types, project))
    strip_parts(path, {"docProps/custom.xml"})
    ident = read_docx(path.read_bytes(), all_types).identification
    assert ident == Identification(all_types.id, all_types.version, project.id, "tok", "de")


def test_no_identification_is_a_problem(tmp_path, all_types, project):
    path = tmp_path / "f.docx"
    path.write_bytes(build(all_types, project))
    strip_parts(path, {"docProps/custom.xml"}, lambda d: d.replace(b"praxis:", b"other:"))
    content = read_docx(path.read_bytes(), all_types)
    assert content.identification is None
    assert [p.code for p in content.problems] == ["form-unidentified"]


def test_several_ticks_for_one_choice_are_reported(tmp_path, all_types, project):
    path = tmp_path / "f.docx"
    path.write_bytes(build(all_types, project))
    filled = tmp_path / "filled.docx"
    fill_docx(path, {"colours": ["red", "green"]}, filled, all_types)

    def tick_both(data: bytes) -> bytes:  # the single choice "colour" gets two ticks
        root = etree.fromstring(data, safe_parser())
        for sdt in root.iter(w("sdt")):
            if props_val(sdt, "tag") in ("colour=red", "colour=blue"):
                sdt.find(f".//{W14}checked").set(f"{W14}val", "1")
        return etree.tostring(root)

    strip_parts(filled, set(), tick_both)
    content = read_docx(filled.read_bytes(), all_types)
    assert content.answers["colour"].value == ["red", "blue"]
    assert content.answers["colours"].value == ["red", "green"]
    assert [p.code for p in content.problems] == ["form-several-ticked"]


def test_fill_refuses_a_form_without_the_control(tmp_path, all_types, project):
    """The filler looks in the row showing "3.2 Website" (not by tag): no field there, no fill."""
    path = tmp_path / "f.docx"
    path.write_bytes(build(all_types, project))

    def drop_control(data: bytes) -> bytes:
        root = etree.fromstring(data, safe_parser())
        for sdt in list(root.iter(w("sdt"))):
            if props_val(sdt, "tag") == "site":
                sdt.getparent().remove(sdt)
        return etree.tostring(root)

    strip_parts(path, set(), drop_control)
    with pytest.raises(FormError, match=r"3\.2 Website: the answer field not found"):
        fill_docx(path, {"site": "https://example.org"}, tmp_path / "out.docx", all_types)
    strip_parts(path, set(), lambda d: d.replace(b">Website<", b">Webseite<"))
    with pytest.raises(FormError, match=r"no row 3\.2 'Website'"):
        fill_docx(path, {"site": "https://example.org"}, tmp_path / "out.docx", all_types)
