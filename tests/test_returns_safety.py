"""pipeline.returns.safety: what a returned file is, and the refusal of what is dangerous or
no form, on the bytes of real generated forms (changed the way such files come about)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.returns.ingest import ingest
from pipeline.returns.safety import MAX_ENTRIES, Inspected, RejectedFile, inspect_bytes
from pipeline.round.folder import RoundDir

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an OLE compound file: a .doc/.xls, or a password-protected .docx/.xlsx
(Office keeps an encrypted package in such a container)."""


def _form(generated: Path, pid: str, fmt: str) -> bytes:
    record = RoundDir(generated).load()
    return (generated / record.projects[pid].files[fmt]).read_bytes()


def _rezip(data: bytes, add: dict[str, bytes] | None = None) -> bytes:
    """The package ``data`` with the parts ``add`` added or replaced."""
    add = add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            if info.filename not in add:
                new.writestr(info.filename, old.read(info))
        for name, part in add.items():
            new.writestr(name, part)
    return out.getvalue()


def _encrypted(data: bytes) -> bytes:
    """The package ``data`` with every entry's "encrypted" flag set (bit 0 of the general
    purpose flags, in the local and the central headers), as a zip tool's password gives."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        infos = package.infolist()
    central = int.from_bytes(data[-6:-2], "little")  # the end record's directory offset
    for info in infos:
        patched[info.header_offset + 6] |= 0x1
    position = central
    for _ in infos:
        assert patched[position : position + 4] == b"PK\x01\x02"
        patched[position + 8] |= 0x1
        sizes = patched[position + 28 : position + 34]
        name, extra, comment = (int.from_bytes(sizes[i : i + 2], "little") for i in (0, 2, 4))
        position += 46 + name + extra + comment
    return bytes(patched)


def _reason(name: str, data: bytes) -> tuple[str, str]:
    with pytest.raises(RejectedFile) as caught:
        inspect_bytes(name, data)
    return caught.value.reason, caught.value.detail


def test_generated_forms_pass_and_say_their_format(generated):
    assert inspect_bytes("p01.docx", _form(generated, "p01", "docx")) == Inspected("docx")
    assert inspect_bytes("p01.xlsx", _form(generated, "p01", "xlsx")) == Inspected("xlsx")
    assert inspect_bytes("renamed.zip", _form(generated, "p01", "xlsx")) == Inspected("xlsx")


def test_empty_encrypted_and_legacy_files_are_told_apart():
    assert _reason("p01.docx", b"") == ("empty", "")
    assert _reason("p01.docx", OLE + bytes(504)) == ("encrypted", "")
    assert _reason("p01.xlsx", OLE + bytes(504)) == ("encrypted", "")
    assert _reason("p01.doc", OLE + bytes(504)) == ("legacy", "")


def test_a_package_whose_entries_are_encrypted_is_refused(generated):
    data = _encrypted(_rezip(_form(generated, "p01", "docx")))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert all(info.flag_bits & 0x1 for info in package.infolist())
    assert _reason("p01.docx", data) == ("encrypted", "")


def test_macro_files_are_refused_by_name_by_their_vba_part_and_by_their_content_type(generated):
    docx, xlsx = _form(generated, "p01", "docx"), _form(generated, "p01", "xlsx")
    assert _reason("p01.docm", docx) == ("macro", "")
    assert _reason("p01.xlsm", xlsx) == ("macro", "")
    assert _reason("p01.xlsx", _rezip(xlsx, {"xl/vbaProject.bin": b"\0" * 64})) == ("macro", "")
    with zipfile.ZipFile(io.BytesIO(xlsx)) as package:
        types = package.read("[Content_Types].xml")
    enabled = types.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
    assert enabled != types
    assert _reason("p01.xlsx", _rezip(xlsx, {"[Content_Types].xml": enabled})) == ("macro", "")


def test_a_dtd_in_a_part_and_too_many_entries_are_refused_before_parsing(generated):
    docx = _form(generated, "p01", "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = package.read("word/document.xml")
    head, rest = body.split(b"?>", 1)
    dtd = head + b'?><!DOCTYPE w [<!ENTITY x "boom">]>' + rest
    assert _reason("p01.docx", _rezip(docx, {"word/document.xml": dtd})) == (
        "dtd",
        "word/document.xml",
    )
    many = {f"customXml/item{i}.bin": b"" for i in range(MAX_ENTRIES)}
    assert _reason("p01.docx", _rezip(docx, many))[0] == "zip_bomb"


def test_other_kinds_of_file_name_what_they_are():
    assert _reason("scan.pdf", b"%PDF-1.7\n") == ("pdf", "")
    assert _reason("foto.jpg", b"\xff\xd8\xff\xe0" + bytes(16)) == ("image", "")
    assert _reason("antwort.odt", b"PK\x03\x04") == ("opendocument", "")
    assert _reason("notiz.txt", b"hallo") == ("unknown_format", ".txt")
    assert _reason("p01.docx", b"hallo") == ("not_a_form", ".docx")
    assert _reason("p01.docx", b"PK\x03\x04 broken")[0] == "broken"


def test_ingest_rejects_empty_encrypted_and_macro_files_with_what_to_ask_for(rd):
    inbox = rd / "inbox"
    (inbox / "leer.docx").write_bytes(b"")
    (inbox / "passwort.docx").write_bytes(OLE + bytes(504))
    (inbox / "makro.docm").write_bytes(_rezip(_form(rd, "p02", "docx")))  # saved again
    vba = {"xl/vbaProject.bin": b"\0" * 64}
    (inbox / "makro.xlsm").write_bytes(_rezip(_form(rd, "p03", "xlsx"), vba))
    report = ingest(rd, lang="de")
    reasons = {r.path.name: (str(r.outcome), r.reason) for r in report.results}
    macro = (
        "Die Datei enthält Makros (.docm/.xlsm oder VBA), die praxis nie öffnet. Bitten Sie "
        "das Projekt, den Fragebogen als normale .docx- oder .xlsx-Datei zu speichern."
    )
    assert reasons == {
        "leer.docx": ("rejected", "Die Datei ist leer."),
        "makro.docm": ("rejected", macro),
        "makro.xlsm": ("rejected", macro),
        "passwort.docx": (
            "rejected",
            "Die Datei ist mit einem Passwort geschützt. Bitten Sie das Projekt, das "
            "Passwort zu entfernen und den Fragebogen erneut zu senden.",
        ),
    }
    assert report.exit_code == 1
    listed = RoundDir(rd).rejected_list.read_text("utf-8")
    assert "- **leer.docx** (" in listed and "): Die Datei ist leer." in listed
    assert listed.count(macro) == 2
    assert all(r.project is None for r in report.results)  # never attributed
