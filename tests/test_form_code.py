"""Issue 12, point 3: the visible form code keeps a form's identity when a program drops the
hidden identification (custom document properties, hidden text, the hidden metadata sheet).

Real generated rounds, forms filled as a person would (``fill_return``, ``COMPLETE``), then
stripped the way Google Docs and Pages exports strip them, or re-saved by a real program.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import COMPLETE, fill_return, form_of, own_master_data
from lxml import etree

from pipeline.forms.code import find_form_codes, form_code
from pipeline.forms.content import Identification
from pipeline.forms.excel.reader import read_xlsx
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.word.reader import read_docx
from pipeline.forms.word.writer import build_docx
from pipeline.office import convert, resave
from pipeline.returns.ingest import ingest
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TOKEN = "fedcba9876543210"


# --- the code itself -------------------------------------------------------------------------


def test_form_code_is_the_project_and_four_characters_of_the_token_hash():
    assert form_code("promising-practices", "p01", "0123456789abcdef") == "p01-GAED"
    assert form_code("promising-practices", "p02", "0123456789abcdef") == "p02-FK6Z"
    assert form_code("promising-practices", "p01", "0123456789abcdee") == "p01-NQ7N"
    assert form_code("other", "p01", "0123456789abcdef") == "p01-JZPJ"
    for _ in range(3):  # deterministic
        assert form_code("promising-practices", "p01", "0123456789abcdef") == "p01-GAED"


def test_find_form_codes_after_the_label_in_either_language():
    text = (
        "Fragebogen – Projekt · Formular-Code p01-GAED · 1\n"
        "FORM CODE:\u00a0p-02.x_y-fk6z\n"
        "formular-code:   p01-GAED\n"  # the same again: once
        "Form code p03-7F3K. Next sentence\n"
        "Formular-Code p04-G0OD is read as p04-G00D; p05-UUUU has a U\n"
        "Formular-Code p05-UUUU\n"
        "no label p06-ABCD\n"
    )
    assert find_form_codes(text) == ["p01-GAED", "p-02.x_y-FK6Z", "p03-7F3K", "p04-G00D"]
    assert find_form_codes("Formular-Code: p-1-2-ABCD") == ["p-1-2-ABCD"]
    assert find_form_codes("Fragebogen ohne Code") == []


def test_find_form_codes_after_any_text_before_and_any_blanks_between():
    # The label is found from where "code" stands (_starts), counted in characters of a
    # text with umlauts, a no-break space, line breaks and a lone surrogate before it.
    text = (
        "Träger: Jugendhilfe Köln-Süd – Plattform für Beteiligung, \ud800 Information\n"
        "FormularCode p07-ABCD und Form \u00a0\n\n  CODE p08-7F3K; Formular\ncode p09-7F3K\n"
        "Form-Code p10-7F3K zählt nicht; Formularcode\u2011p11-7F3K (the hyphen is the code's), "
        "formular\u2010code p12-7F3K"
    )
    assert find_form_codes(text) == ["p07-ABCD", "p08-7F3K", "p09-7F3K", "-p11-7F3K", "p12-7F3K"]


# --- the code in the generated forms ---------------------------------------------------------


def _ident(project, lang: str) -> Identification:
    return Identification("promising-practices", "2025.1", project.id, TOKEN, lang)


@pytest.mark.parametrize(("lang", "label"), [("de", "Formular-Code"), ("en", "Form code")])
def test_generated_word_footer_shows_the_code(q, project, lang, label):
    data = build_docx(q, project, _ident(project, lang), lang)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        footer = etree.fromstring(z.read("word/footer1.xml"))
    text = "".join(node.text or "" for node in footer.iter(f"{W}t"))
    title = q.title.get(lang)
    assert text == f"{title} – Faktencheck Jugend · {label} p07-GAHY · 1"
    assert read_docx(data, q, lang).form_codes == ["p07-GAHY"]


@pytest.mark.parametrize(
    ("lang", "sheet", "label"),
    [("de", "Fragebogen", "Formular-Code"), ("en", "Questionnaire", "Form code")],
)
def test_generated_excel_sheet_shows_the_code_in_a_locked_cell(q, project, lang, sheet, label):
    from openpyxl import load_workbook

    data = build_xlsx(q, project, _ident(project, lang), lang)
    ws = load_workbook(io.BytesIO(data))[sheet]
    (found,) = [
        c for row in ws.iter_rows(max_row=12) for c in row if c.value and "ode" in str(c.value)
    ]
    assert found.value == f"{label} p07-GAHY"
    assert found.column == 1
    assert ws.cell(found.row + 1, 1).value == ("Nr." if lang == "de" else "No.")  # the heads
    assert found.protection.locked is True and ws.protection.sheet is True
    assert read_xlsx(data, q, lang).form_codes == ["p07-GAHY"]


# --- stripping what Google Docs and Pages exports drop ---------------------------------------


def _rewrite(path: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Rewrite the zip ``path`` part by part (``change`` returns None: the part is dropped)."""
    with zipfile.ZipFile(path) as z:
        items = [(info.filename, z.read(info)) for info in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            new = change(name, data)
            if new is not None:
                z.writestr(name, new)
    path.write_bytes(out.getvalue())


def _without_parts(path: Path, parts: set[str], rels: dict[str, str]) -> None:
    """Drop ``parts``, their content types and the relationships (part -> target) to them."""

    def change(name: str, data: bytes) -> bytes | None:
        if name in parts:
            return None
        if name == "[Content_Types].xml":
            for part in parts:
                pattern = rb'<Override [^>]*PartName="/' + re.escape(part.encode()) + rb'"[^>]*/>'
                data, count = re.subn(pattern, b"", data)
                assert count == 1, part
        if name in rels:
            target = re.escape(rels[name].encode())
            pattern = rb'<Relationship [^>]*Target="/?' + target + rb'"[^>]*/>'
            data, count = re.subn(pattern, b"", data)
            assert count == 1, (name, rels[name])
        return data

    _rewrite(path, change)


def strip_docx(path: Path) -> None:
    """No custom document properties and no hidden ``praxis:`` paragraph."""
    _without_parts(path, {"docProps/custom.xml"}, {"_rels/.rels": "docProps/custom.xml"})

    def no_hidden(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        root = etree.fromstring(data)
        hidden = [p for p in root.iter(f"{W}p") if "praxis:" in "".join(p.itertext())]
        assert len(hidden) == 1
        hidden[0].getparent().remove(hidden[0])
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    _rewrite(path, no_hidden)


def strip_xlsx(path: Path) -> None:
    """No custom document properties and no very hidden metadata sheet (the Excel reader
    identifies by these two; nothing else in the workbook names project or token)."""
    with zipfile.ZipFile(path) as z:
        book, rels = z.read("xl/workbook.xml"), z.read("xl/_rels/workbook.xml.rels")
    (rid,) = re.findall(rb'<sheet [^>]*name="praxis_meta"[^>]*r:id="([^"]+)"', book)
    (rel,) = [r for r in re.findall(rb"<Relationship [^>]*/>", rels) if b'Id="' + rid + b'"' in r]
    (target,) = re.findall(rb'Target="([^"]+)"', rel)
    sheet = target.decode().lstrip("/").removeprefix("xl/")
    _without_parts(
        path,
        {"docProps/custom.xml", f"xl/{sheet}"},
        {"_rels/.rels": "docProps/custom.xml", "xl/_rels/workbook.xml.rels": target.decode()},
    )

    def no_sheet(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            data, count = re.subn(rb'<sheet [^>]*name="praxis_meta"[^>]*/>', b"", data)
            assert count == 1
        return data

    _rewrite(path, no_sheet)
    with zipfile.ZipFile(path) as z:  # (the removed sheet's shared strings stay, used by nothing)
        everything = b"".join(z.read(n) for n in z.namelist() if n != "xl/sharedStrings.xml")
    token = json.loads((path.parent.parent / "round.json").read_text("utf-8"))
    assert token["projects"]["p01"]["token"].encode() not in everything


STRIP = {"docx": strip_docx, "xlsx": strip_xlsx}


def _stored(rd: Path) -> dict[str, dict]:
    with Store(RoundDir(rd).store) as store:
        return {s.project: s.answers for s in store.submissions()}


def _token(rd: Path, pid: str) -> str:
    return RoundDir(rd).load().projects[pid].token


def _code(rd: Path, pid: str) -> str:
    return form_code("promising-practices", pid, _token(rd, pid))


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_form_without_hidden_identification_is_identified_by_its_code(rd, q, fmt):
    answers = own_master_data("p01", COMPLETE)
    target = fill_return(rd, q, "p01", answers, rd / "inbox" / f"p01-google.{fmt}")
    STRIP[fmt](target)
    report = ingest(rd, lang="de")
    (result,) = report.results
    assert (result.project, result.outcome) == ("p01", "accepted_with_warnings")
    assert _stored(rd)["p01"] == answers  # every answer of COMPLETE, exactly
    code = _code(rd, "p01")
    (warning,) = [p for p in result.problems if p.code == "form-code"]
    assert warning.message.startswith(
        f"Die Kennung des Formulars fehlte; erkannt am Formular-Code {code} "
        "(p01, Hinsehen statt Wegklicken)."
    )
    assert not [p for p in result.problems if p.is_error]
    page = (rd / "reports" / "p01.md").read_text("utf-8")
    assert f"Die Kennung des Formulars fehlte; erkannt am Formular-Code {code}" in page


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_code_edited_to_another_projects_is_an_identity_conflict(rd, q, fmt):
    target = fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), rd / "inbox" / f"x.{fmt}")
    own, other = _code(rd, "p01"), _code(rd, "p02")
    _replace_text(target, own, other)
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == (None, "rejected")
    source = "Dokumenteigenschaften" if fmt == "docx" else "verborgenes Blatt"
    assert f"{source}: Projekt „p01“; sichtbarer Formular-Code: Projekt „p02“" in result.reason


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_code_that_does_not_fit_the_token_is_an_identity_conflict(rd, q, fmt):
    target = fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), rd / "inbox" / f"x.{fmt}")
    own = _code(rd, "p01")
    forged = "p01-" + ("ZZZZ" if own != "p01-ZZZZ" else "YYYY")
    _replace_text(target, own, forged)
    (result,) = ingest(rd, lang="en").results
    assert (result.project, result.outcome) == (None, "rejected")
    source = "document properties" if fmt == "docx" else "hidden sheet"
    assert f"{source}: form code “{own}”; visible form code: form code “{forged}”" in result.reason


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_stripped_form_with_a_code_of_no_roster_project_is_refused(rd, q, fmt):
    target = fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), rd / "inbox" / f"x.{fmt}")
    STRIP[fmt](target)
    _replace_text(target, _code(rd, "p01"), "p99-ABCD")
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == (None, "rejected")
    reason = result.reason
    assert "Formular-Code „p99-ABCD“ passt zu keinem Projekt dieser Runde" in reason
    assert "Bitten Sie das Projekt, den zugesandten Fragebogen auszufüllen" in reason
    assert _stored(rd) == {}


def test_stripped_form_with_two_codes_is_refused(rd, q):
    target = fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), rd / "inbox" / "x.docx")
    STRIP["docx"](target)
    own, other = _code(rd, "p01"), _code(rd, "p02")
    _replace_text(target, f"Formular-Code {own}", f"Formular-Code {own} / Formular-Code {other}")
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == (None, "rejected")
    assert f"mehrere verschiedene Formular-Codes ({own}, {other})" in result.reason


def test_stripped_form_without_code_keeps_todays_message(rd, q):
    target = fill_return(rd, q, "p01", own_master_data("p01", COMPLETE), rd / "inbox" / "x.docx")
    STRIP["docx"](target)
    _replace_text(target, f"Formular-Code {_code(rd, 'p01')}", "")
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == (None, "rejected")
    assert result.reason.startswith("Der Fragebogen trägt keine praxis-Kennung (Projekt und Token)")


def _replace_text(path: Path, old: str, new: str) -> None:
    """Edit the form's text as a person would in the program (every place it stands)."""
    found = []

    def change(name: str, data: bytes) -> bytes:
        if name.endswith(".xml") and old.encode() in data:
            found.append(name)
            return data.replace(old.encode(), new.encode())
        return data

    _rewrite(path, change)
    assert found


# --- real programs ---------------------------------------------------------------------------


def test_libreoffice_resaved_word_form_without_properties_is_identified(rd, q, soffice, tmp_path):
    """LibreOffice 7.4 keeps custom properties and the hidden paragraph (on "save as" .docx
    and through .odt): the form is saved there, then loses both as a Google export would."""
    answers = own_master_data("p01", COMPLETE)
    filled = fill_return(rd, q, "p01", answers, tmp_path / "p01.docx")
    odt = convert(filled, "odt", tmp_path / "odt")
    saved = convert(odt, "docx:MS Word 2007 XML", tmp_path / "docx")
    with zipfile.ZipFile(saved) as z:
        assert b"praxis.token" in z.read("docProps/custom.xml")  # what LibreOffice keeps
        footers = [n for n in z.namelist() if n.startswith("word/footer")]
        assert any(_code(rd, "p01").encode() in z.read(n) for n in footers)
    target = rd / "inbox" / "p01.docx"
    shutil.copy(saved, target)
    strip_docx(target)
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == ("p01", "accepted_with_warnings")
    assert _stored(rd)["p01"] == answers
    assert [p.code for p in result.problems].count("form-code") == 1


def test_libreoffice_resaved_excel_form_without_metadata_is_identified(rd, q, soffice, tmp_path):
    """LibreOffice 7.4 keeps the custom properties and the metadata sheet (made "hidden"):
    saved there, then both removed; the code cell is read from the shared strings."""
    answers = own_master_data("p01", COMPLETE)
    filled = fill_return(rd, q, "p01", answers, tmp_path / "p01.xlsx")
    saved = resave(filled, tmp_path / "saved")
    with zipfile.ZipFile(saved) as z:
        assert b"praxis.token" in z.read("docProps/custom.xml")  # what LibreOffice keeps
        assert b'name="praxis_meta" sheetId="4" state="hidden"' in z.read("xl/workbook.xml")
        assert _code(rd, "p01").encode() in z.read("xl/sharedStrings.xml")
    target = rd / "inbox" / "p01.xlsx"
    shutil.copy(saved, target)
    strip_xlsx(target)
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == ("p01", "accepted_with_warnings")
    assert _stored(rd)["p01"] == answers


def test_gnumeric_drops_the_properties_and_the_code_identifies(rd, q, tmp_path):
    """Gnumeric writes an empty docProps/custom.xml; its metadata sheet removed as well,
    only the code cell is left."""
    ssconvert = shutil.which("ssconvert")
    if ssconvert is None:
        pytest.skip("Gnumeric (ssconvert) is not installed")
    answers = own_master_data("p01", COMPLETE)
    filled = fill_return(rd, q, "p01", answers, tmp_path / "p01.xlsx")
    target = rd / "inbox" / "p01.xlsx"
    subprocess.run(
        [ssconvert, str(filled), str(target)], check=True, timeout=120, capture_output=True
    )
    with zipfile.ZipFile(target) as z:
        assert b"praxis" not in z.read("docProps/custom.xml")
    strip_xlsx(target)
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == ("p01", "accepted_with_warnings")
    assert _stored(rd)["p01"] == answers


def test_abiword_drops_the_properties_and_the_code_identifies(rd, q, tmp_path):
    """AbiWord writes no docProps/custom.xml at all; its hidden paragraph removed as well,
    only the footer's code is left."""
    abiword = shutil.which("abiword")
    if abiword is None:
        pytest.skip("AbiWord is not installed")
    answers = own_master_data("p01", COMPLETE)
    filled = fill_return(rd, q, "p01", answers, tmp_path / "p01.docx")
    target = rd / "inbox" / "p01.docx"
    subprocess.run([abiword, "--to=docx", "-o", str(target), str(filled)], check=True, timeout=120)
    with zipfile.ZipFile(target) as z:
        assert "docProps/custom.xml" not in z.namelist()

    def no_hidden(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        root = etree.fromstring(data)
        for p in [p for p in root.iter(f"{W}p") if "praxis:" in "".join(p.itertext())]:
            p.getparent().remove(p)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    _rewrite(target, no_hidden)
    (result,) = ingest(rd, lang="de").results
    assert (result.project, result.outcome) == ("p01", "accepted_with_warnings")
    assert _stored(rd)["p01"] == answers


def test_blank_form_of_the_round_names_its_code(rd, q):
    content = read_docx(form_of(rd, "p11", "docx").read_bytes(), q, "en")
    assert content.form_codes == [_code(rd, "p11")]
    assert content.id_sources["code"] == {"praxis.project": "p11"}
