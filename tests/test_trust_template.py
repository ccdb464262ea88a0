"""Issue 10, point 12: a user's Word template gives the compendium its look, nothing else.

The template is a real document built with python-docx (styles, page setup, a header with a
logo, a footer, a comment, core properties, body text and a body picture) with the parts
python-docx cannot write added by hand as Word writes them (custom properties, document
variables, people.xml, app.xml's company, a custom XML item). Every part of the compiled
compendium is searched for what was planted.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.shared import Mm, RGBColor
from PIL import Image
from test_compendium import PUBLISHED, TODAY, headings, parts

from pipeline.publication.compendium import build_compendium

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PLANTED = {
    "comment": "KOMMENTAR-GEHEIM",
    "comment author": "KOMMENTIERERIN-GEHEIM",
    "core author": "AUTOR-GEHEIM",
    "core last modified by": "BEARBEITER-GEHEIM",
    "core description": "BESCHREIBUNG-GEHEIM",
    "core keywords": "STICHWORT-GEHEIM",
    "core category": "KATEGORIE-GEHEIM",
    "core status": "STATUS-GEHEIM",
    "core version": "VERSION-GEHEIM",
    "core title": "TITEL-GEHEIM",
    "custom property": "CUSTOMPROP-GEHEIM",
    "document variable": "DOKVAR-GEHEIM",
    "people": "PERSON-GEHEIM",
    "people e-mail": "person.geheim@firma.example",
    "app company": "FIRMA-GEHEIM",
    "app manager": "MANAGER-GEHEIM",
    "custom xml": "CUSTOMXML-GEHEIM",
    "body text": "VORLAGENTEXT-GEHEIM",
    "body link": "https://koerper-link.example/GEHEIM",
    "attached template": "VORLAGENPFAD-GEHEIM",
}
LOGO_COLOUR = (200, 30, 90)
BODY_PICTURE_COLOUR = (10, 220, 40)


def _png(path: Path, colour: tuple[int, int, int], size: tuple[int, int]) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def _docx_parts(doc_path: Path, tmp: Path) -> None:
    """What python-docx cannot write, added to the saved file as Word writes it."""
    with zipfile.ZipFile(doc_path) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="Projektnummer"><vt:lpwstr>{PLANTED["custom property"]}</vt:lpwstr></property>'
        "</Properties>"
    )
    people = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        f'<w15:person w15:author="{PLANTED["people"]}"><w15:presenceInfo w15:providerId="AD" '
        f'w15:userId="S::{PLANTED["people e-mail"]}::1234"/></w15:person></w15:people>'
    )
    files["docProps/custom.xml"] = custom.encode()
    files["word/people.xml"] = people.encode()
    app = files["docProps/app.xml"].decode()
    app = app.replace(
        "</Properties>",
        f"<Company>{PLANTED['app company']}</Company>"
        f"<Manager>{PLANTED['app manager']}</Manager></Properties>",
    )
    files["docProps/app.xml"] = app.encode()
    item = next(n for n in files if re.fullmatch(r"customXml/item\d+\.xml", n))
    files[item] = f"<geheim>{PLANTED['custom xml']}</geheim>".encode()
    types = (
        files["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/docProps/custom.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
            '<Override PartName="/word/people.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/></Types>',
        )
    )
    files["[Content_Types].xml"] = types.encode()
    rels = (
        files["_rels/.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
        )
    )
    files["_rels/.rels"] = rels.encode()
    doc_rels = (
        files["word/_rels/document.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId91" Type="http://schemas.microsoft.com/office/2011/relationships/'
            'people" Target="people.xml"/></Relationships>',
        )
    )
    files["word/_rels/document.xml.rels"] = doc_rels.encode()
    with zipfile.ZipFile(doc_path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)


def make_template(path: Path) -> Path:
    doc = Document()
    style = doc.styles.add_style("Netzwerk Hausstil", WD_STYLE_TYPE.PARAGRAPH)
    style.font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0xAB, 0xCD, 0xEF)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = Mm(31)
    header = section.header.paragraphs[0]
    header.text = "Kopfzeile aus der Vorlage "
    header.add_run().add_picture(str(_png(path.with_suffix(".logo.png"), LOGO_COLOUR, (90, 30))))
    section.footer.paragraphs[0].text = "Fußzeile aus der Vorlage"
    paragraph = doc.add_paragraph(PLANTED["body text"])
    doc.add_comment(
        paragraph.runs, PLANTED["comment"], author=PLANTED["comment author"], initials="KG"
    )
    picture = _png(path.with_suffix(".body.png"), BODY_PICTURE_COLOUR, (40, 40))
    doc.add_paragraph().add_run().add_picture(str(picture))
    r_id = doc.part.relate_to(
        PLANTED["body link"],
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = parse_xml(
        f'<w:hyperlink {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships" r:id="{r_id}"><w:r><w:t>Link</w:t></w:r></w:hyperlink>'
    )
    doc.add_paragraph()._p.append(link)
    core = doc.core_properties
    core.author, core.last_modified_by = PLANTED["core author"], PLANTED["core last modified by"]
    core.comments, core.keywords = PLANTED["core description"], PLANTED["core keywords"]
    core.category, core.content_status = PLANTED["core category"], PLANTED["core status"]
    core.version, core.title = PLANTED["core version"], PLANTED["core title"]
    doc.settings.element.append(
        parse_xml(
            f'<w:docVars {W}><w:docVar w:name="Mandant" w:val="{PLANTED["document variable"]}"/>'
            "</w:docVars>"
        )
    )
    path_rid = doc.part._settings_part.relate_to(
        f"file:///C:/Users/{PLANTED['attached template']}/Vorlagen/Netzwerk.dotm",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
        is_external=True,
    )
    doc.settings.element.insert(
        0,
        parse_xml(
            f'<w:attachedTemplate {W} xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships" r:id="{path_rid}"/>'
        ),
    )
    doc.save(path)
    _docx_parts(path, path.parent)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("vorlage") / "vorlage.docx")


def test_the_template_really_has_what_is_planted(template):
    found = b"\n".join(parts(template.read_bytes()).values())
    for what, text in PLANTED.items():
        assert text.encode() in found, what


@pytest.fixture(scope="module")
def compiled(template, inputs) -> bytes:
    q, record, subs = inputs
    return build_compendium(q, record, subs, "de", template=template, today=TODAY)


def test_nothing_planted_in_the_template_reaches_any_part(compiled):
    for name, data in parts(compiled).items():
        for what, text in PLANTED.items():
            assert text.encode() not in data, (what, name)
            assert text.lower().encode() not in data.lower(), (what, name)


def test_no_comments_people_custom_parts_or_body_pictures(compiled):
    names = set(parts(compiled))
    assert not {n for n in names if re.search(r"comments|people|custom|thumbnail", n, re.I)}
    assert "docProps/app.xml" not in names or b"Company" not in parts(compiled)["docProps/app.xml"]
    images = [parts(compiled)[n] for n in names if n.startswith("word/media/")]
    colours = {Image.open(io.BytesIO(data)).convert("RGB").getpixel((0, 0)) for data in images}
    assert LOGO_COLOUR in colours
    assert BODY_PICTURE_COLOUR not in colours
    settings = parts(compiled)["word/settings.xml"].decode()
    assert "docVar" not in settings


def test_styles_page_setup_header_with_logo_and_footer_stay(compiled):
    document = Document(io.BytesIO(compiled))
    section = document.sections[0]
    assert round(section.left_margin.mm) == 31
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert "Kopfzeile aus der Vorlage" in section.header.paragraphs[0].text
    assert "Fußzeile aus der Vorlage" in section.footer.paragraphs[0].text
    header_rels = section.header.part.rels.values()
    logos = [r.target_part for r in header_rels if r.reltype.endswith("/image")]
    assert len(logos) == 1
    assert Image.open(io.BytesIO(logos[0].blob)).getpixel((0, 0)) == LOGO_COLOUR
    styles = parts(compiled)["word/styles.xml"].decode()
    assert "Netzwerk Hausstil" in styles and "ABCDEF" in styles
    names = set(parts(compiled))
    assert {"word/numbering.xml", "word/theme/theme1.xml", "word/fontTable.xml"} <= names
    assert len(headings(document, 2)) >= len(PUBLISHED)
    core = document.core_properties
    assert core.author != PLANTED["core author"] and core.last_modified_by == "praxis"


def test_a_template_gives_equal_bytes_each_time(compiled, template, inputs):
    q, record, subs = inputs
    assert build_compendium(q, record, subs, "de", template=template, today=TODAY) == compiled


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    from test_compendium import make_round

    from pipeline.definition.loading import load_questionnaire
    from pipeline.returns.answers import current_submissions
    from pipeline.round.folder import RoundDir

    rd = RoundDir(make_round(tmp_path_factory.mktemp("runde") / "round"))
    return load_questionnaire(rd.definition, "de"), rd.load(), current_submissions(rd)
