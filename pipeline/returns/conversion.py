"""OpenDocument and legacy returns (.odt, .ods, .doc, .xls, .rtf), converted with LibreOffice.

Where LibreOffice is installed (:func:`pipeline.office.find_soffice`), ingest turns such a
return into the form's own format (text documents into .docx, spreadsheets into .xlsx) and
reads that: each conversion in a temporary folder with a throw-away profile of its own in
which macros never run (:func:`pipeline.office.private_profile`), within
:data:`TIMEOUT` seconds. The original stays in the archive as received
(``archive/<sha256>.<ext>``); the converted file is kept beside it
(``archive/<sha256>.converted.docx``), so the coordinator can open what was read, and it is
checked like any returned file (:func:`pipeline.returns.safety.inspect_bytes`) before it is
read. The return's report says that it was converted. Without LibreOffice such a return is
refused as before, with the hint where to get LibreOffice.

This is the pure part of ingest (worker processes run it too): two conversions may run at
once, each with its own profile.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.locale.texts import t
from pipeline.problems import Problem, Severity
from pipeline.returns.received import Received
from pipeline.returns.safety import (
    CONVERTIBLE,
    CONVERTIBLE_REASON,
    MAX_FILE_BYTES,
    OLE,
    RejectedFile,
    check_package,
    convertible_kind,
)
from pipeline.round.folder import usual_mode

TIMEOUT = 60.0
"""Seconds LibreOffice may take for one return (it is ended after that)."""
FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
"""LibreOffice's export filter for each form format."""
CONVERTED = ".converted"
"""The archive copy of a converted return: ``<sha256>.converted.<format>``."""
_OLE_MACROS = ("Macros", "_VBA_PROJECT_CUR", "_VBA_PROJECT")
"""The storages of an OLE file (.doc, .xls) that hold its VBA macros."""
_ODF_MACROS = ("Basic/", "Scripts/")
"""The folders of an OpenDocument package that hold its macros and scripts."""
_KIND_TEXT = {
    "odt": "convert.kind.odt",
    "ods": "convert.kind.ods",
    "doc": "convert.kind.doc",
    "xls": "convert.kind.xls",
    "rtf": "convert.kind.rtf",
}
"""What each convertible kind is called in the report's note."""


@dataclass(frozen=True)
class Readable:
    """The bytes to read a return from: its own, or those LibreOffice converted it into.

    ``name``: the name to check the bytes under (the received name, or its stem with the
    converted format's suffix); ``path``: the file the bytes are (the archive copy, or the
    converted file beside it); ``kind``: what it came as (a key of :data:`CONVERTIBLE`; ""
    when not converted); ``macros``: it came with macros (neither run nor kept).
    """

    name: str
    data: bytes
    path: Path
    kind: str = ""
    macros: bool = False

    def notes(self, lang: str, file: str) -> list[Problem]:
        """The report's notes on the conversion (none when the return was not converted)."""
        if not self.kind:
            return []
        what = t(_KIND_TEXT[self.kind], lang)
        target = CONVERTIBLE[self.kind]
        message = t("convert.converted", lang, file=file, kind=what, target=target)
        notes = [Problem("converted", message, Severity.WARNING, file=file)]
        if self.macros:
            macros = t("convert.macros", lang, file=file)
            notes.append(Problem("converted-macros", macros, Severity.WARNING, file=file))
        return notes


def readable(got: Received, data: bytes) -> Readable:
    """What to read ``got`` (its archived bytes ``data``) from: converted with LibreOffice
    when it is an OpenDocument, legacy Word/Excel or RTF file, else its own bytes. Raises
    RejectedFile when it should be converted and cannot be (no LibreOffice, a timeout, a
    file LibreOffice cannot open). A return converted before is read from its converted
    file in the archive."""
    name = got.path.name
    kind = convertible_kind(name, data)
    if kind is None:
        return Readable(name, data, got.archived)
    fmt = CONVERTIBLE[kind]
    target = got.archived.with_name(f"{got.sha256}{CONVERTED}.{fmt}")
    if got.sha256 and target.is_file():  # converted before (a report written again)
        converted = target.read_bytes()
    else:
        converted = _converted(kind, data, fmt, name)
        if got.sha256:
            _keep(target, converted)
    return Readable(f"{Path(name).stem}.{fmt}", converted, target, kind, _has_macros(data))


def _converted(kind: str, data: bytes, fmt: str, name: str) -> bytes:
    """``data`` converted by LibreOffice, after the checks that come first."""
    from pipeline.office import find_soffice

    if find_soffice() is None:
        raise RejectedFile(f"{CONVERTIBLE_REASON[kind]}_no_office", f".{kind}")
    if data.startswith(b"PK"):
        check_package(data)
    converted = _convert(kind, data, fmt, name)
    if len(converted) > MAX_FILE_BYTES:
        raise RejectedFile("too_large", f"{len(converted) // (1024 * 1024)} MB")
    return converted


def _convert(kind: str, data: bytes, fmt: str, name: str) -> bytes:
    """``data`` (a ``kind`` file) converted to ``fmt`` by LibreOffice, in a temporary folder."""
    from pipeline.office import OfficeError, OfficeTimeout, convert

    with tempfile.TemporaryDirectory(prefix="praxis-convert-") as work:
        source = Path(work) / f"return.{kind}"
        source.write_bytes(data)
        try:
            result = convert(source, FILTERS[fmt], Path(work) / "out", timeout=TIMEOUT)
        except OfficeTimeout as exc:
            raise RejectedFile("conversion_timeout", f"{TIMEOUT:g}") from exc
        except OfficeError as exc:
            detail = (exc.detail or str(exc)).replace(str(source), name)
            raise RejectedFile(f"{CONVERTIBLE_REASON[kind]}_unconvertible", detail) from exc
        return result.read_bytes()


def _keep(target: Path, data: bytes) -> None:
    """Write the converted file beside the archived original (atomically; once)."""
    if target.exists():
        return
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".converting.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        usual_mode(tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _has_macros(data: bytes) -> bool:
    """Whether a convertible return carries macros (VBA storages, OpenDocument Basic)."""
    import io
    import zipfile

    if data.startswith(OLE):
        import olefile

        try:
            with olefile.OleFileIO(data) as ole:
                return any(ole.exists(storage) for storage in _OLE_MACROS)
        except (OSError, ValueError, TypeError):
            return False
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return any(n.startswith(_ODF_MACROS) and not n.endswith("/") for n in names)
    return False
