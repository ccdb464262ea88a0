"""The fast (template) form builders write the same packages as a full build, per project.

The fast path is ``pipeline.speed.forms.FormBuilder``; the plain builders of the forms
package (``build_docx``, ``build_xlsx``) are the reference.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from conftest import BUNDLED, ROSTER

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.prefill import prefill_values
from pipeline.forms.word.writer import build_docx
from pipeline.round.roster import Project, read_roster
from pipeline.speed.forms import FormBuilder
from pipeline.speed.template import split_part, text_hole, xml_text

Builder = Callable[..., bytes]
FAST = FormBuilder(fast=True)
"""One builder for the module: its templates serve every test, as a round's serve a round."""
PAIRS = [(FAST.docx, build_docx), (FAST.xlsx, build_xlsx)]
FIXED = (2025, 1, 1, 0, 0, 0)
SPECIAL = {"name": 'A & B <C> "D"', "organisation": "Müller & Söhne – Ärger, Öl, Übung, ß"}


def parts(data: bytes) -> dict[str, bytes]:
    """The entries of a zip in order (checked against their CRC-32)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        assert {info.date_time for info in zf.infolist()} <= {(1980, 1, 1, 0, 0, 0), FIXED}
        return {name: zf.read(name) for name in zf.namelist()}


def same(quick: bytes, full: bytes) -> bool:
    """Same entries, same order, same content (the deflated bytes may differ)."""
    left, right = parts(quick), parts(full)
    return list(left) == list(right) and left == right


def ident(q: Questionnaire, project: Project, lang: str) -> Identification:
    return Identification(q.id, q.version, project.id, f"tok-{project.id}", lang)


def both(fast: Builder, direct: Builder, q: Questionnaire, project: Project, **kw: Any):
    lang = kw.pop("lang", "de")
    args = (q, project, ident(q, project, lang), lang, kw.get("deadline"), kw.get("prefill"))
    return fast(*args), direct(*args)


@pytest.fixture(scope="module")
def bundled() -> tuple[Questionnaire, list[Project]]:
    q = load_questionnaire(BUNDLED)
    projects = read_roster(ROSTER)
    special = dataclasses.replace(projects[0], id="p&<1>", **SPECIAL)
    return q, [special, *projects[:4]]


@pytest.mark.parametrize(("fast", "direct"), PAIRS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_roster_forms_equal_a_full_build(bundled, fast, direct, lang):
    q, projects = bundled
    for deadline in (None, dt.date(2025, 10, 11)):
        for project in projects:
            prefill = prefill_values(q, project)
            kw = {"lang": lang, "deadline": deadline, "prefill": prefill}
            quick, full = both(fast, direct, q, project, **kw)
            assert same(quick, full), project.id


@pytest.mark.parametrize(("fast", "direct"), PAIRS)
def test_every_type_prefilled_equals_a_full_build(
    all_types, all_types_answers, project, fast, direct
):
    special = dataclasses.replace(project, **SPECIAL)
    for who, prefill in ((special, all_types_answers), (project, {}), (special, {})):
        quick, full = both(fast, direct, all_types, who, prefill=prefill)
        assert same(quick, full)


@pytest.mark.parametrize(("fast", "direct"), PAIRS)
def test_projects_in_a_row_get_their_own_data(bundled, fast, direct):
    q, projects = bundled
    outputs = []
    for project in projects[:3]:
        quick, full = both(fast, direct, q, project, prefill=prefill_values(q, project))
        assert same(quick, full)
        outputs.append(parts(quick))
    for project, got in zip(projects[:3], outputs, strict=True):
        others = [p for p in projects[:3] if p is not project]
        text = b"".join(got.values())
        assert xml_text(f"tok-{project.id}") in text
        for other in others:
            assert xml_text(f"tok-{other.id}") not in text
    again, _ = both(fast, direct, q, projects[0], prefill=prefill_values(q, projects[0]))
    assert parts(again) == outputs[0]


def test_no_marker_is_left_in_a_form(bundled):
    q, projects = bundled
    for fast, _ in PAIRS:
        data = fast(q, projects[0], ident(q, projects[0], "de"), "de", None, {})
        for name, content in parts(data).items():
            assert b"<?praxis" not in content, name
            assert "\ue000".encode() not in content and b"&#57344;" not in content, name


def test_split_part_cuts_at_markers():
    data = b"<a><?praxis one?><b>" + text_hole("two").encode() + b"</b></a>"
    assert split_part(data) == (b"<a>", "one", b"<b>", "two", b"</b></a>")


def test_forms_are_deterministic(bundled):
    q, projects = bundled
    for fast, _ in PAIRS:
        first = fast(q, projects[0], ident(q, projects[0], "de"), "de", None, {})
        fast(q, projects[1], ident(q, projects[1], "de"), "de", None, {})
        assert fast(q, projects[0], ident(q, projects[0], "de"), "de", None, {}) == first


@pytest.mark.parametrize(("fast", "direct"), PAIRS)
def test_unusual_prefill_values_equal_a_full_build(all_types, project, fast, direct):
    # A date in a text cell gets a date format from openpyxl: a style the template lacks.
    texts = (" =1+1 ", "zwei\nZeilen", "\tTab\r", "😀 שלום & <b>", "")
    prefills = [{"name": dt.date(2025, 1, 2)}, {"name": 42}]
    prefills += [{"name": x, "story": x, "mail": x} for x in texts]
    for prefill in prefills:
        quick, full = both(fast, direct, all_types, project, prefill=prefill)
        assert same(quick, full), prefill


@pytest.mark.parametrize(("fast", "direct"), PAIRS)
def test_unusual_project_texts_equal_a_full_build(bundled, fast, direct):
    """Names with a line break, control characters or none at all: the same form as a full
    build (a name shown on two lines cannot be filled into the template's one line)."""
    q, projects = bundled
    for name, organisation in (("Zeile\neins", "Org\r\nzwei"), ("\tX ", ""), ("&amp;", " ")):
        who = dataclasses.replace(projects[1], name=name, organisation=organisation)
        quick, full = both(fast, direct, q, who, prefill=prefill_values(q, who))
        assert same(quick, full), name


def test_a_date_in_a_text_cell_does_not_spoil_the_template(all_types, project):
    """openpyxl gives a text cell a date format when it gets a date: that form is built in
    full, and the next one comes from the template again, with the text cell's style."""
    from pipeline.speed.excel import ExcelTemplate

    template = ExcelTemplate.build(all_types, "de", None, frozenset({"name"}))
    who = ident(all_types, project, "de")
    assert template.values(project, who, {"name": dt.date(2025, 1, 2)}) is None
    assert template.values(project, who, {"name": "Text"}) is not None
    for prefill in ({"name": dt.date(2025, 1, 2)}, {"name": "Text"}):
        quick = template.render(project, who, prefill)
        assert same(quick, build_xlsx(all_types, project, who, "de", None, prefill))


def test_crc_carried_across_a_chunk_equals_zlib():
    import random
    import zlib

    from pipeline.speed.template import crc_after, crc_shift

    rng = random.Random(7)
    for length in (0, 1, 2, 255, 256, 4097, 70_000):
        data = rng.randbytes(length)
        for start in (0, 1, 0xFFFFFFFF, rng.getrandbits(32), zlib.crc32(b"head")):
            expected = zlib.crc32(data, start)
            assert crc_after(start, crc_shift(length), zlib.crc32(data)) == expected


def test_stored_and_deflated_values_make_one_valid_stream():
    import zlib

    from pipeline.speed.template import STORED_MAX, Memo, Part

    big = ("<w:p>" + "Text, der sich wiederholt. " * 40 + "</w:p>").encode()
    assert len(big) > STORED_MAX
    part = Part.of("x.xml", (b"<a>", "small", b"<b/>" * 50, "big", b"</a>", "empty"))
    values = {"small": "Müller & Söhne".encode(), "big": big, "empty": b""}
    memo = Memo(4)
    for _ in range(2):  # the second time the large value comes from the memo
        packed, crc, size = part.pack(values, memo)
        raw = zlib.decompress(packed, -15)
        assert raw == part.content(values)
        assert (crc, size) == (zlib.crc32(raw), len(raw))


@pytest.mark.parametrize(
    "text",
    [
        "Streetwork Plus Köln",
        "A & B <c> > d",
        "„gut“ – 5 € 🙂",
        "",
        " lead and trail ",
        "tab\there",
        "line\nbreak",
        "cr\rhere",
        "no\u00a0break",
        "\ue000name\ue000",
        "'quote\" &amp;",
    ],
)
def test_xml_text_is_what_lxml_writes(text):
    from lxml import etree

    node = etree.Element("x")
    node.text = text
    assert xml_text(text) == etree.tostring(node, encoding="UTF-8")[3:-4]


def test_xml_text_refuses_what_xml_cannot_hold():
    with pytest.raises(ValueError):
        xml_text("bell\x07")
