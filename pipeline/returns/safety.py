"""Never trust a file: recognise what it is and refuse what is dangerous, before reading it.

Checks, in order: size on disk; what the bytes are (legacy Office, encrypted Office, PDF, RTF,
OpenDocument, images, macro files); the zip's entry count and declared sizes (so a zip bomb
is refused before anything is inflated); no DTD or entity declaration in any XML part that a
reader will parse. A refused file raises :class:`RejectedFile` with a reason key of
:mod:`pipeline.locale.texts` (``reject.<reason>``) that says what to ask the project for.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PraxisError

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 60 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
XML_HEAD_BYTES = 4096
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF = b"{\\rtf"
_MAGIC = (
    (OLE, "ole"),  # .doc/.xls, or an encrypted .docx/.xlsx
    (b"%PDF", "pdf"),
    (RTF, "rtf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
)
_EXT_REASON = {
    ".doc": "legacy",
    ".xls": "legacy",
    ".docm": "macro",
    ".xlsm": "macro",
    ".dotm": "macro",
    ".odt": "opendocument",
    ".ods": "opendocument",
    ".rtf": "rtf",
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".heic": "image",
}
FORM_SUFFIXES = (".docx", ".xlsx")
CONVERTIBLE = {"odt": "docx", "doc": "docx", "rtf": "docx", "ods": "xlsx", "xls": "xlsx"}
"""The kinds of return LibreOffice turns into a form, and the form's format."""
CONVERTIBLE_REASON = {
    "odt": "opendocument",
    "ods": "opendocument",
    "doc": "legacy",
    "xls": "legacy",
    "rtf": "rtf",
}
"""The reason :func:`inspect_bytes` refuses each convertible kind with (no LibreOffice)."""
_OPENDOCUMENT = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}


class RejectedFile(PraxisError):
    """A file praxis will not read; ``reason`` is a texts key suffix, ``detail`` says more."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass(frozen=True)
class Inspected:
    """A file that passed the checks: its format (``docx``/``xlsx``)."""

    format: str


def inspect_bytes(name: str, data: bytes) -> Inspected:
    """Check a returned file's bytes; raise RejectedFile with the reason when it is refused."""
    if len(data) > MAX_FILE_BYTES:
        raise RejectedFile("too_large", f"{len(data) // (1024 * 1024)} MB")
    if not data:
        raise RejectedFile("empty")
    kind = next((k for magic, k in _MAGIC if data.startswith(magic)), None)
    if kind == "ole":
        raise RejectedFile("encrypted" if name.lower().endswith(FORM_SUFFIXES) else "legacy")
    if kind is not None:
        raise RejectedFile(kind)
    suffix = Path(name).suffix.lower()
    if suffix in _EXT_REASON:
        raise RejectedFile(_EXT_REASON[suffix])
    if not data.startswith(b"PK"):
        raise RejectedFile("not_a_form" if suffix in FORM_SUFFIXES else "unknown_format", suffix)
    return Inspected(_inspect_zip(name, data))


def convertible_kind(name: str, data: bytes) -> str | None:
    """The kind of return (a key of :data:`CONVERTIBLE`) that LibreOffice can turn into a
    form, by its bytes (and, for an OLE file, its name); None for any other file. An OLE
    file named .docx or .xlsx is an encrypted form: never converted (refused as such)."""
    suffix = Path(name).suffix.lower()
    if data.startswith(OLE):
        return suffix[1:] if suffix in (".doc", ".xls") else None
    if data.startswith(RTF):
        return "rtf"
    if not data.startswith(b"PK"):
        return None
    kind = _OPENDOCUMENT.get(_mimetype(data))
    if kind is None and suffix in (".odt", ".ods"):
        return suffix[1:]  # a damaged one: LibreOffice says it cannot open it
    return kind


def _mimetype(data: bytes) -> bytes:
    """The ``mimetype`` entry of an OpenDocument package (b"" when there is none)."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            return archive.read(info).strip() if info.file_size < 200 else b""
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return b""


def check_package(data: bytes) -> None:
    """The checks of a zip package before another program opens it: its entry count and
    declared sizes (a zip bomb is refused before anything is inflated)."""
    import io

    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RejectedFile("broken", str(exc)) from exc
    _check_entries(infos, encrypted=False)


def _inspect_zip(name: str, data: bytes) -> str:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RejectedFile("broken", str(exc)) from exc
    _check_entries(infos)
    names = {i.filename for i in infos}
    fmt = _package_format(names, archive)
    _check_xml_parts(archive, infos)
    return fmt


def _check_entries(infos: list[zipfile.ZipInfo], encrypted: bool = True) -> None:
    if len(infos) > MAX_ENTRIES:
        raise RejectedFile("zip_bomb", f"{len(infos)} entries")
    total = 0
    for info in infos:
        if info.file_size > MAX_ENTRY_BYTES:
            raise RejectedFile("zip_bomb", f"{info.filename}: {info.file_size} bytes")
        total += info.file_size
        if encrypted and info.flag_bits & 0x1:
            raise RejectedFile("encrypted")
    if total > MAX_TOTAL_BYTES:
        raise RejectedFile("zip_bomb", f"{total} bytes in all")


def _package_format(names: set[str], archive: zipfile.ZipFile) -> str:
    if "mimetype" in names and not any(n.startswith(("word/", "xl/")) for n in names):
        raise RejectedFile("opendocument")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise RejectedFile("macro")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise RejectedFile("not_a_form", "no Word or Excel document inside")


def _check_xml_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as part:
                head = part.read(XML_HEAD_BYTES)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise RejectedFile("broken", f"{info.filename}: {exc}") from exc
        if _DTD.search(head):
            raise RejectedFile("dtd", info.filename)
        if info.filename == "[Content_Types].xml" and b"macroEnabled" in head:
            raise RejectedFile("macro")
