"""Issue 10, point 12, variants: a template's header and footer fields and bound content
controls carry the template's author, company and path in their cached text; a Word template
saved as .dotx is a template all the same."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from test_compendium import TODAY, parts

from pipeline.publication.compendium import build_compendium

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SECRETS = ("FELDAUTOR-GEHEIM", "FELDFIRMA-GEHEIM", "PFAD-GEHEIM", "NUTZER-GEHEIM", "SDT-GEHEIM")


def _complex_field(instruction: str, result: str) -> list[str]:
    return [
        f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {W}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {W}><w:t>{result}</w:t></w:r>",
        f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>',
    ]


def make_template(path: Path) -> Path:
    """Header: text, an AUTHOR field, a DOCPROPERTY Company field and an author content
    control as Word's Quick Parts insert them; footer: FILENAME, USERNAME and a page number."""
    doc = Document()
    doc.core_properties.author = "FELDAUTOR-GEHEIM"
    header = doc.sections[0].header.paragraphs[0]
    header.text = "Kopf der Vorlage "
    header._p.append(
        parse_xml(
            f'<w:fldSimple {W} w:instr=" AUTHOR \\* MERGEFORMAT ">'
            "<w:r><w:t>FELDAUTOR-GEHEIM</w:t></w:r></w:fldSimple>"
        )
    )
    for run in _complex_field("DOCPROPERTY Company", "FELDFIRMA-GEHEIM"):
        header._p.append(parse_xml(run))
    header._p.append(
        parse_xml(
            f'<w:sdt {W}><w:sdtPr><w:alias w:val="Autor"/><w:dataBinding w:prefixMappings='
            '"xmlns:ns0=\'http://purl.org/dc/elements/1.1/\'" w:xpath="/ns0:creator[1]" '
            'w:storeItemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"/><w:text/></w:sdtPr>'
            "<w:sdtContent><w:r><w:t>SDT-GEHEIM</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = "Seite "
    for instruction, result in (("FILENAME \\p", "C:\\Users\\PFAD-GEHEIM\\v.docx"),):
        footer._p.append(
            parse_xml(
                f'<w:fldSimple {W} w:instr="{instruction}"><w:r><w:t>{result}</w:t></w:r>'
                "</w:fldSimple>"
            )
        )
    for run in _complex_field("USERNAME", "NUTZER-GEHEIM") + _complex_field("PAGE", "7"):
        footer._p.append(parse_xml(run))
    doc.save(path)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    from test_compendium import make_round

    from pipeline.definition.loading import load_questionnaire
    from pipeline.returns.answers import current_submissions
    from pipeline.round.folder import RoundDir

    rd = RoundDir(make_round(tmp_path_factory.mktemp("runde") / "round"))
    return load_questionnaire(rd.definition, "de"), rd.load(), current_submissions(rd)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("vorlage") / "felder.docx")


def test_header_and_footer_fields_keep_no_template_data(template, inputs):
    planted = b"\n".join(parts(template.read_bytes()).values())
    assert all(secret.encode() in planted for secret in SECRETS)
    compiled = build_compendium(*inputs, "de", template=template, today=TODAY)
    for name, data in parts(compiled).items():
        for secret in SECRETS:
            assert secret.encode() not in data, (secret, name)
    section = Document(io.BytesIO(compiled)).sections[0]
    assert section.header.paragraphs[0].text == "Kopf der Vorlage "
    footer = parts(compiled)["word/footer1.xml"].decode()
    assert "Seite " in footer and " PAGE " in footer and "FILENAME" not in footer


def test_a_dotx_template_is_taken_like_a_docx(template, inputs, tmp_path):
    dotx = tmp_path / "vorlage.dotx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(dotx, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(name, data)
    compiled = build_compendium(*inputs, "de", template=dotx, today=TODAY)
    types = parts(compiled)["[Content_Types].xml"]
    assert b"wordprocessingml.document.main+xml" in types and b"template.main" not in types
    document = Document(io.BytesIO(compiled))
    assert document.sections[0].header.paragraphs[0].text == "Kopf der Vorlage "
