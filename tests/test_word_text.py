"""How the Word reader reads the run-level elements Word writes for visible text (issue 12).

Each test fills a real form (p01's, with COMPLETE) and writes one answer's runs as Word
writes that element, then reads it back: by the content control's tag and, with every tag
dropped as LibreOffice 7.4 drops them, by the bookmark around the answer.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import COMPLETE, fill_return
from lxml import etree

from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.xml import RUN_TEXT, W_NS, safe_parser, w
from pipeline.office import resave

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"
DECLARED = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:mc="{MC_NS}" xmlns:wps="{WPS_NS}" xmlns:v="{V_NS}"'
)
VIAS = ["tag", "bookmark"]


@pytest.fixture(scope="module")
def filled(generated, q, tmp_path_factory) -> Path:
    """p01's Word form filled with COMPLETE, as a person fills it."""
    target = tmp_path_factory.mktemp("word-text") / "p01.docx"
    return fill_return(generated, q, "p01", COMPLETE, target)


def _rewrite(path: Path, change) -> None:
    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data, safe_parser())
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            out.writestr(info, data)


def _control(root, key: str):
    (tag,) = [t for t in root.iter(w("tag")) if t.get(w("val")) == key]
    return tag.getparent().getparent()


def _set_runs(root, key: str, runs: str) -> None:
    """The content of ``key``'s control replaced by ``runs`` (WordprocessingML, as Word
    writes it)."""
    content = _control(root, key).find(w("sdtContent"))
    for child in list(content):
        content.remove(child)
    fragment = etree.fromstring(f"<w:x {DECLARED}>{runs}</w:x>", safe_parser())
    content.extend(list(fragment))


def _drop_tags(root) -> None:
    """Every content control's tag removed, as LibreOffice 7.4 saves a form."""
    for tag in list(root.iter(w("tag"))):
        tag.getparent().remove(tag)


def _read(filled: Path, q, tmp_path: Path, via: str, edits: dict[str, str]):
    path = tmp_path / "edited.docx"
    shutil.copy(filled, path)

    def change(root) -> None:
        for key, runs in edits.items():
            _set_runs(root, key, runs)
        if via == "bookmark":
            _drop_tags(root)

    _rewrite(path, change)
    return read_docx(path.read_bytes(), q, "en", source=path)


def _answer(filled: Path, q, tmp_path: Path, via: str, key: str, runs: str):
    content = _read(filled, q, tmp_path, via, {key: runs})
    answer = content.answers[key]
    assert answer.via == via
    return answer.value


def test_the_table_names_every_run_level_text_element():
    names = {tag.split("}")[1]: reading for tag, reading in RUN_TEXT.items()}
    assert set(names) == {"t", "noBreakHyphen", "softHyphen", "tab", "ptab", "br", "cr", "sym"}
    assert (names["noBreakHyphen"], names["softHyphen"]) == ("-", "")
    assert (names["tab"], names["ptab"], names["br"], names["cr"]) == ("\t", "\t", "\n", "\n")


@pytest.mark.parametrize("via", VIAS)
def test_plain_text(filled, q, tmp_path, via):
    runs = "<w:r><w:t>Demokratie leben!</w:t></w:r>"
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Demokratie leben!"


@pytest.mark.parametrize("via", VIAS)
def test_no_break_hyphen_reads_as_a_hyphen(filled, q, tmp_path, via):
    runs = "<w:r><w:t>Gaming</w:t><w:noBreakHyphen/><w:t>Pädagogik</w:t></w:r>"
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Gaming-Pädagogik"


@pytest.mark.parametrize("via", VIAS)
def test_soft_hyphen_reads_as_nothing(filled, q, tmp_path, via):
    runs = "<w:r><w:t>Medien</w:t><w:softHyphen/><w:t>pädagogik</w:t></w:r>"
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Medienpädagogik"


@pytest.mark.parametrize("via", VIAS)
def test_tab_and_positional_tab_read_as_tabs(filled, q, tmp_path, via):
    runs = (
        "<w:r><w:t>Jahr</w:t><w:tab/><w:t>2024</w:t>"
        '<w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>2025</w:t></w:r>'
    )
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Jahr\t2024\t2025"


@pytest.mark.parametrize("via", VIAS)
def test_breaks_read_as_line_breaks(filled, q, tmp_path, via):
    runs = (
        "<w:r><w:t>Zeile eins</w:t><w:br/><w:t>Zeile zwei</w:t><w:cr/><w:t>Zeile drei</w:t>"
        '<w:br w:type="page"/><w:t>Seite zwei</w:t></w:r>'
    )
    value = _answer(filled, q, tmp_path, via, "gaming_details", runs)
    assert value == "Zeile eins\nZeile zwei\nZeile drei\nSeite zwei"


@pytest.mark.parametrize("via", VIAS)
def test_symbol_characters(filled, q, tmp_path, via):
    runs = (
        '<w:r><w:t xml:space="preserve">Ja </w:t><w:sym w:font="Wingdings" w:char="F0FC"/>'
        '<w:t xml:space="preserve"> und </w:t><w:sym w:font="Calibri" w:char="20AC"/></w:r>'
        # the same tick as LibreOffice writes it: the glyph's character in a Wingdings run
        '<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
        "<w:t>\uf0fc</w:t></w:r>"
    )
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Ja \u2714 und €\u2714"


@pytest.mark.parametrize("via", VIAS)
def test_a_symbol_font_tick_ticks_a_checkbox(filled, q, tmp_path, via):
    """A person put Wingdings' ☑ into the box of "multipliers" (not ticked in COMPLETE)."""
    runs = '<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'
    content = _read(filled, q, tmp_path, via, {"target_groups=multipliers": runs})
    assert content.answers["target_groups"].value == ["youth", "professionals", "multipliers"]


@pytest.mark.parametrize("via", VIAS)
def test_an_unknown_symbol_is_kept_and_warned_about(filled, q, tmp_path, via):
    runs = (
        '<w:r><w:t xml:space="preserve">Stimmung: </w:t>'
        '<w:sym w:font="Wingdings" w:char="F04A"/></w:r>'  # a smiley
    )
    content = _read(filled, q, tmp_path, via, {"programme": runs})
    assert content.answers["programme"].value == "Stimmung: \uf04a"
    (problem,) = [p for p in content.problems if p.code == "form-symbol"]
    assert problem.question == "programme"
    assert problem.message == (
        "The answer to 1.3 holds a character of a symbol font (U+F04A) that cannot be read as "
        "text; it was taken as it is. Please check the answer in the file and ask the project "
        "what it means."
    )


@pytest.mark.parametrize("via", VIAS)
def test_simple_field_reads_its_result(filled, q, tmp_path, via):
    runs = (
        '<w:r><w:t xml:space="preserve">Projekt </w:t></w:r>'
        '<w:fldSimple w:instr=" DOCPROPERTY  Projektname  \\* MERGEFORMAT ">'
        "<w:r><w:t>Hinsehen</w:t></w:r></w:fldSimple>"
    )
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Projekt Hinsehen"


def _field(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{result}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


@pytest.mark.parametrize("via", VIAS)
def test_complex_field_reads_its_result_never_its_instruction(filled, q, tmp_path, via):
    """A nested field (Word: IF { DOCPROPERTY ... } = "1" "ja" "nein") shows its own result
    inside the outer field's instruction: only the outer result shows."""
    inner = _field(" DOCPROPERTY Zustimmung ", "<w:r><w:t>1</w:t></w:r>")
    outer = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        f"{inner}"
        '<w:r><w:instrText xml:space="preserve"> = "1" "ja" "nein" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>ja</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    runs = '<w:r><w:t xml:space="preserve">Zustimmung: </w:t></w:r>' + outer
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Zustimmung: ja"


@pytest.mark.parametrize("via", VIAS)
def test_hyperlink_text(filled, q, tmp_path, via):
    runs = (
        '<w:hyperlink r:id="rId42" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
        "</w:rPr><w:t>www.example.org</w:t></w:r></w:hyperlink>"
        + _field(' HYPERLINK "https://example.org/b" ', "<w:r><w:t>/b</w:t></w:r>")
    )
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "www.example.org/b"


@pytest.mark.parametrize("via", VIAS)
def test_smart_tag_and_custom_xml_text(filled, q, tmp_path, via):
    runs = (
        '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="City">'
        "<w:r><w:t>Köln</w:t></w:r></w:smartTag>"
        '<w:r><w:t xml:space="preserve"> und </w:t></w:r>'
        '<w:customXml w:element="ort"><w:r><w:t>Bonn</w:t></w:r></w:customXml>'
    )
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Köln und Bonn"


TRACKED = 'w:author="Anna Eins" w:date="2025-03-01T10:00:00Z"'


@pytest.mark.parametrize("via", VIAS)
def test_tracked_changes_read_as_accepted(filled, q, tmp_path, via):
    """Inserted text counts, deleted text (its tab and break too) and moved-away text do not."""
    runs = (
        '<w:r><w:t xml:space="preserve">Demokratie </w:t></w:r>'
        f'<w:del w:id="901" {TRACKED}><w:r><w:delText>gestalten</w:delText><w:tab/><w:br/>'
        "</w:r></w:del>"
        f'<w:ins w:id="902" {TRACKED}><w:r><w:t>leben!</w:t></w:r></w:ins>'
        f'<w:moveFrom w:id="903" {TRACKED}><w:r><w:t xml:space="preserve"> Bund</w:t></w:r>'
        "</w:moveFrom>"
        '<w:r><w:t xml:space="preserve"> – Innovation</w:t></w:r>'
        f'<w:moveTo w:id="904" {TRACKED}><w:r><w:t xml:space="preserve"> Bund</w:t></w:r>'
        "</w:moveTo>"
    )
    value = _answer(filled, q, tmp_path, via, "programme", runs)
    assert value == "Demokratie leben! – Innovation Bund"


@pytest.mark.parametrize("via", VIAS)
def test_alternate_content_reads_the_choice_only(filled, q, tmp_path, via):
    """A text box as Word writes it: the DrawingML choice and the VML fallback hold the same
    text; it is read once (its paragraph is a line of its own)."""
    box = "<w:txbxContent><w:p><w:r><w:t>im Textfeld</w:t></w:r></w:p></w:txbxContent>"
    runs = (
        "<w:r><w:t>Text</w:t></w:r>"
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx>'
        f"{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "Text\nim Textfeld"


@pytest.mark.parametrize("via", VIAS)
def test_hidden_text_reads_like_other_text(filled, q, tmp_path, via):
    runs = (
        '<w:r><w:t xml:space="preserve">sichtbar </w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>versteckt</w:t></w:r>"
    )
    assert _answer(filled, q, tmp_path, via, "programme", runs) == "sichtbar versteckt"


@pytest.mark.office
def test_libreoffice_keeps_the_readings(filled, q, tmp_path, soffice):
    """Word's elements saved again by LibreOffice (tags dropped): the same answers.

    (A field inside a plain-text control is not kept by LibreOffice 7.4: it writes the field's
    instruction and result as the control's text, so that is what it shows and what is read.)"""
    edits = {
        "programme": "<w:r><w:t>Gaming</w:t><w:noBreakHyphen/><w:t>Pädagogik</w:t></w:r>",
        "gaming_details": (
            "<w:r><w:t>Spalte</w:t><w:tab/><w:t>Wert</w:t><w:br/><w:t>zwei</w:t>"
            '<w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
            f'<w:del w:id="901" {TRACKED}><w:r><w:delText>weg</w:delText></w:r></w:del>'
            f'<w:ins w:id="902" {TRACKED}><w:r><w:t xml:space="preserve"> neu</w:t></w:r></w:ins>'
        ),
    }
    path = tmp_path / "edited.docx"
    shutil.copy(filled, path)
    _rewrite(path, lambda root: [_set_runs(root, k, v) for k, v in edits.items()])
    saved = resave(path, tmp_path / "lo")
    content = read_docx(saved.read_bytes(), q, "en", source=saved)
    got = {key: content.answers[key].value for key in edits}
    assert got == {
        "programme": "Gaming-Pädagogik",
        "gaming_details": "Spalte\tWert\nzwei\u2714 neu",
    }
    assert {content.answers[key].via for key in edits} == {"bookmark"}
