"""Issue 12, point 2: OpenDocument and legacy returns (.odt, .doc, .rtf, .ods, .xls) are
converted with LibreOffice at ingest and read like any return.

The files are made as a project makes them: the praxis forms, filled with every answer of
the bundled questionnaire (``COMPLETE``), opened in LibreOffice and saved in the other format
(``pipeline.office.convert`` with LibreOffice's own filter names). LibreOffice runs are slow:
the saved files and one ingest of all of them are made once for the module.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import COMPLETE, fill_return, soffice_or_skip

from pipeline.locale.texts import t
from pipeline.office import find_soffice
from pipeline.returns import conversion
from pipeline.returns.ingest import ingest
from pipeline.returns.received import collect_files
from pipeline.returns.safety import OLE, convertible_kind, inspect_bytes
from pipeline.returns.store import Store, Submission
from pipeline.round.folder import RoundDir

SAVE_AS = {
    "odt": ("docx", "odt"),
    "doc": ("docx", "doc:MS Word 97"),
    "rtf": ("docx", "rtf:Rich Text Format"),
    "ods": ("xlsx", "ods"),
    "xls": ("xlsx", "xls:MS Excel 97"),
}
"""Each kind of return: the form it is saved from, and LibreOffice's filter."""
KINDS = tuple(SAVE_AS)


@pytest.fixture(scope="module")
def saved(generated, q, tmp_path_factory) -> dict[str, Path]:
    """p01's forms filled with COMPLETE and saved by LibreOffice in each kind."""
    from pipeline.office import convert

    soffice_or_skip()
    work = tmp_path_factory.mktemp("saved")
    filled = {
        fmt: fill_return(generated, q, "p01", COMPLETE, work / f"p01.{fmt}")
        for fmt in ("docx", "xlsx")
    }
    return {kind: convert(filled[fmt], how, work / kind) for kind, (fmt, how) in SAVE_AS.items()}


@pytest.fixture(scope="module")
def ingested(generated, saved, tmp_path_factory) -> Path:
    """A round into which every saved file was ingested, in two worker processes (so two
    conversions run at once, each with its own LibreOffice profile)."""
    rd = tmp_path_factory.mktemp("ingested") / "round"
    shutil.copytree(generated, rd)
    report = ingest(rd, list(saved.values()), lang="en", jobs=2)
    assert [(r.path.name, r.project) for r in report.results] == [
        (f"p01.{kind}", "p01") for kind in KINDS
    ]
    return rd


def _submissions(rd: Path) -> dict[str, Submission]:
    with Store(RoundDir(rd).store) as store:
        return {s.file_name: s for s in store.project_submissions("p01")}


@pytest.mark.parametrize("kind", KINDS)
def test_every_answer_comes_back_from_a_return_libreoffice_saved_as(kind, ingested):
    sub = _submissions(ingested)[f"p01.{kind}"]
    assert sub.answers == COMPLETE
    assert sub.format == SAVE_AS[kind][0]
    codes = [i["code"] for i in sub.issues]
    assert codes[0] == "converted"
    assert all(i["severity"] == "warning" for i in sub.issues)
    assert "converted-macros" not in codes


def test_the_report_says_the_return_was_converted_and_what_to_do(ingested):
    sub = _submissions(ingested)["p01.odt"]
    assert sub.issues[0]["message"] == (
        "The file p01.odt came as OpenDocument text (.odt) and was converted to .docx with"
        " LibreOffice (the converted file is kept beside the original in archive/); please"
        " check the answers."
    )
    german = t(
        "convert.converted", "de", file="p01.odt", kind="OpenDocument-Text (.odt)", target="docx"
    )
    assert german.startswith("Die Datei p01.odt kam als OpenDocument-Text (.odt) und wurde")
    report = (ingested / "reports" / "p01.md").read_text("utf-8")
    assert "converted to ." in report and "with LibreOffice" in report


@pytest.mark.parametrize("kind", KINDS)
def test_the_original_is_archived_as_received_and_the_converted_file_beside_it(
    kind, ingested, saved
):
    sub = _submissions(ingested)[f"p01.{kind}"]
    archive = RoundDir(ingested).archive
    assert (archive / f"{sub.file_sha256}.{kind}").read_bytes() == saved[kind].read_bytes()
    fmt = SAVE_AS[kind][0]
    converted = (archive / f"{sub.file_sha256}.converted.{fmt}").read_bytes()
    assert inspect_bytes(f"p01.{fmt}", converted).format == fmt


@pytest.mark.parametrize("kind", KINDS)
def test_no_kind_loses_the_identification_custom_properties_or_hidden_metadata(kind, ingested, q):
    from pipeline.forms.excel.reader import ExcelFormReader
    from pipeline.forms.word.reader import WordFormReader

    sub = _submissions(ingested)[f"p01.{kind}"]
    fmt = SAVE_AS[kind][0]
    path = RoundDir(ingested).archive / f"{sub.file_sha256}.converted.{fmt}"
    reader = WordFormReader(q) if fmt == "docx" else ExcelFormReader(q)
    content = reader.read(path.read_bytes(), "en", path)
    hidden = "paragraph" if fmt == "docx" else "sheet"
    assert sorted(content.id_sources) == sorted(["properties", hidden, "code"])
    assert content.identification is not None and content.identification.project == "p01"
    assert [code.split("-")[0] for code in content.form_codes] == ["p01"]  # the visible code too


def test_a_spreadsheet_is_ordered_by_the_time_libreoffice_saved_it(ingested, saved):
    """Calc writes the time of the save as .ods into the document (meta.xml ``dc:date``);
    the converted workbook carries it as ``dcterms:modified``: that orders the return."""
    with zipfile.ZipFile(saved["ods"]) as package:
        meta = package.read("meta.xml").decode("utf-8")
    dc_date = meta.split("<dc:date>", 1)[1].split("<", 1)[0]
    sub = _submissions(ingested)["p01.ods"]
    assert sub.saved_from == "document"
    assert sub.saved.startswith(dc_date[:19])


def test_without_libreoffice_the_refusal_says_where_to_get_it(rd, saved, monkeypatch):
    monkeypatch.setenv("PRAXIS_SOFFICE", "none")
    assert find_soffice() is None
    report = ingest(rd, [saved["odt"], saved["xls"]], lang="en", jobs=1)
    assert [r.outcome for r in report.results] == ["rejected", "rejected"]
    odt, xls = (r.reason for r in report.results)
    assert odt.startswith("This is an OpenDocument file (.odt/.ods). praxis converts it itself")
    assert "https://www.libreoffice.org/download/" in odt and "libreoffice-writer" in odt
    assert xls.startswith("This is an old Word/Excel format (.doc/.xls). praxis converts it")
    assert not list(RoundDir(rd).archive.glob("*.converted.*"))
    german = t("reject.rtf_no_office", "de", detail="")
    assert "LibreOffice installiert ist" in german and "libreoffice-writer" in german


def test_a_path_without_soffice_means_no_libreoffice(tmp_path, monkeypatch):
    monkeypatch.delenv("PRAXIS_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_soffice() is None
    monkeypatch.setenv("PRAXIS_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    assert find_soffice() is None


def test_an_ole_file_named_docx_is_an_encrypted_form_never_converted(rd, saved):
    data = saved["doc"].read_bytes()
    assert data.startswith(OLE)
    assert convertible_kind("p01.docx", data) is None
    target = rd / "p01-geschützt.docx"
    target.write_bytes(data)
    [result] = ingest(rd, [target], lang="en", jobs=1).results
    assert result.outcome == "rejected"
    assert result.reason.startswith("The file is protected with a password.")
    assert not list(RoundDir(rd).archive.glob("*.converted.*"))


def test_a_protected_or_broken_legacy_file_is_refused_with_what_to_ask_for(rd, saved, tmp_path):
    """A .doc saved with a password (by LibreOffice itself, through a macro of the test that
    saves the opened form with a password) and a damaged one: LibreOffice cannot open them."""
    protected = tmp_path / "p01-passwort.doc"
    saver = _with_macro(saved["odt"], tmp_path / "saver.odt", _SAVE_WITH_PASSWORD, protected)
    _open_with_macros_allowed(saver, tmp_path / "allowing")
    assert protected.read_bytes().startswith(OLE)
    broken = tmp_path / "antwort.doc"
    broken.write_bytes(OLE + bytes(1024))
    results = ingest(rd, [protected, broken], lang="en", jobs=1).results
    assert [r.outcome for r in results] == ["rejected", "rejected"]
    for result in results:
        assert result.reason.startswith(
            "This is an old Word/Excel format (.doc/.xls) that LibreOffice could not convert"
            " (Error: source file could not be loaded); perhaps the file is protected with a"
            " password or damaged."
        )


def test_a_conversion_that_takes_too_long_is_ended_and_refused(rd, saved, monkeypatch):
    soffice_or_skip()
    monkeypatch.setattr(conversion, "TIMEOUT", 0.3)
    [result] = ingest(rd, [saved["rtf"]], lang="en", jobs=1).results
    assert result.outcome == "rejected"
    assert result.reason.startswith("LibreOffice did not convert the file within 0.3 seconds")


def test_the_lock_file_libreoffice_leaves_is_not_ingested(rd, saved):
    inbox = rd / "inbox"
    shutil.copy(saved["odt"], inbox / "p01.odt")
    (inbox / ".~lock.p01.odt#").write_text(",Jana Petersen,laptop,02.12.2026 10:15,file:///x;")
    assert [p.name for p in collect_files([inbox])] == ["p01.odt"]


def test_kinds_are_told_by_their_bytes(saved):
    for kind, path in saved.items():
        assert convertible_kind(path.name, path.read_bytes()) == kind
    odt = saved["odt"].read_bytes()
    assert convertible_kind("antwort.docx", odt) == "odt"  # renamed by hand: still converted
    assert convertible_kind("antwort.ppt", OLE + bytes(504)) is None
    assert convertible_kind("antwort.docx", b"PK\x03\x04") is None


# --- macros never run -----------------------------------------------------------------------

_LISTENER = (
    '<office:scripts><office:event-listeners><script:event-listener script:language="ooo:script"'
    ' script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.OnLoad?'
    'language=Basic&amp;location=document" xlink:type="simple"/></office:event-listeners>'
    "</office:scripts>"
)
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} PUBLIC'
    ' "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{dtd}">\n'
)
_LIBRARIES = (
    '<library:libraries xmlns:library="http://openoffice.org/2000/library"'
    ' xmlns:xlink="http://www.w3.org/1999/xlink">\n'
    ' <library:library library:name="Standard" library:link="false"/>\n</library:libraries>\n'
)
_LIBRARY = (
    '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"'
    ' library:readonly="false" library:passwordprotected="false">\n'
    ' <library:element library:name="Module1"/>\n</library:library>\n'
)
_MODULE = (
    '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"'
    ' script:language="StarBasic" script:moduleType="normal">Sub OnLoad\n{code}'
    "  StarDesktop.terminate()\nEnd Sub\n</script:module>\n"
)
_WRITE_MARKER = (
    "  Dim n As Integer\n  n = FreeFile()\n  Open &quot;{path}&quot; For Output As #n\n"
    "  Print #n, &quot;ran&quot;\n  Close #n\n"
)
_SAVE_WITH_PASSWORD = (
    "  Dim args(1) As New com.sun.star.beans.PropertyValue\n"
    "  args(0).Name = &quot;FilterName&quot;\n  args(0).Value = &quot;MS Word 97&quot;\n"
    "  args(1).Name = &quot;Password&quot;\n  args(1).Value = &quot;geheim&quot;\n"
    "  ThisComponent.storeToURL(ConvertToURL(&quot;{path}&quot;), args())\n"
)


def _with_macro(odt: Path, target: Path, code: str, path: Path) -> Path:
    """``odt`` (saved by LibreOffice) with a Basic macro run when the document is opened
    (``dom:load``) that does ``code`` (with ``path``) and ends LibreOffice, stored as
    LibreOffice stores a document's macros (``Basic/``, listed in the manifest)."""
    parts = {
        "Basic/script-lc.xml": _HEAD.format(root="library:libraries", dtd="libraries.dtd")
        + _LIBRARIES,
        "Basic/Standard/script-lb.xml": _HEAD.format(root="library:library", dtd="library.dtd")
        + _LIBRARY,
        "Basic/Standard/Module1.xml": _HEAD.format(root="script:module", dtd="module.dtd")
        + _MODULE.format(code=code.format(path=path)),
    }
    entries = "".join(
        f' <manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>\n'
        for name in parts
    )
    with zipfile.ZipFile(odt) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "content.xml":
                assert b"<office:scripts/>" in data
                data = data.replace(b"<office:scripts/>", _LISTENER.encode(), 1)
            elif info.filename == "META-INF/manifest.xml":
                data = data.replace(
                    b"</manifest:manifest>", f"{entries}</manifest:manifest>".encode()
                )
            new.writestr(info, data)
        for name, text in parts.items():
            new.writestr(name, text)
    return target


def _open_with_macros_allowed(document: Path, profile: Path) -> None:
    """Open ``document`` in LibreOffice with the lowest macro security (what praxis never
    does): its load macro runs and ends LibreOffice; ended here after 60 s at the latest."""
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
        '<item oor:path="/org.openoffice.Office.Common/Security/Scripting">'
        '<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>0</value></prop></item>\n'
        "</oor:items>\n",
        "utf-8",
    )
    cmd = [soffice_or_skip(), f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    proc = subprocess.Popen(
        [*cmd, "--norestore", str(document)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()


def test_an_odt_with_a_macro_is_converted_without_the_macro_running(rd, saved, tmp_path):
    marker = tmp_path / "the-macro-ran.txt"
    document = _with_macro(saved["odt"], tmp_path / "p01-makro.odt", _WRITE_MARKER, marker)
    _open_with_macros_allowed(document, tmp_path / "allowing")
    assert marker.read_text().strip() == "ran"  # the macro is real: it runs where allowed
    marker.unlink()

    [result] = ingest(rd, [document], lang="en", jobs=1).results
    assert not marker.exists()
    assert result.project == "p01"
    sub = _submissions(rd)["p01-makro.odt"]
    assert sub.answers == COMPLETE
    messages = {i["code"]: i["message"] for i in sub.issues}
    assert messages["converted-macros"] == (
        "The file p01-makro.odt contained macros; they were not run and are not in the"
        " converted file."
    )
    converted = next(RoundDir(rd).archive.glob("*.converted.docx")).read_bytes()
    with zipfile.ZipFile(io.BytesIO(converted)) as package:
        assert not [n for n in package.namelist() if "vba" in n.lower() or "basic" in n.lower()]


def test_a_stored_return_is_read_again_from_its_converted_file(ingested, monkeypatch):
    """A report written again (``Reporting._examine_stored``) reads the converted file kept
    in the archive: no second conversion, and LibreOffice need not be there any more."""
    from pipeline.returns.ingest import Ingest
    from pipeline.returns.received import Examined, Received

    monkeypatch.setenv("PRAXIS_SOFFICE", "none")
    sub = _submissions(ingested)["p01.xls"]
    archived = RoundDir(ingested).archive / f"{sub.file_sha256}.xls"
    got = Received(Path("p01.xls"), sub.file_sha256, archived, archived.stat().st_size, "")
    done = Ingest(ingested, "en").examine(got)
    assert isinstance(done, Examined)
    assert done.checked.answers == COMPLETE
    assert done.checked.problems[0].code == "converted"


def test_a_blank_form_saved_as_doc_is_refused_as_the_blank_form(rd):
    """A .doc keeps no content controls: the answers are found by their table rows, each
    with a note on how it was found; that is how the file was read, not what it says, so
    the blank form saved as .doc is still the blank form (before: recorded, "incomplete")."""
    from conftest import form_of

    from pipeline.office import convert

    soffice_or_skip()
    blank = convert(form_of(rd, "p02", "docx"), "doc:MS Word 97", rd.parent / "blank")
    [result] = ingest(rd, [blank], lang="en", jobs=1).results
    assert (result.outcome, result.project) == ("blank", "p02")
