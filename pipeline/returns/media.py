"""Creative answers: a video, audio piece, picture or PDF a project sends besides its form.

A media file (by its extension, :func:`is_media`) is archived like every file, then checked
(its bytes must be what its extension says, :func:`media_kind`; not larger than a form may
be) and attached to a project: the project of the form in the same mail (helper ``mail``), or
the project its file name starts with (``p05-video.mp4``, :func:`project_from_name`). It is
recorded in ``files`` (outcome ``media``) and ``media`` and never read as a form. A file that
cannot be attributed or checked is refused with a message and listed with the rejected files.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pipeline.definition.questionnaire import Questionnaire
from pipeline.locale.formatting import format_number, long_date
from pipeline.locale.texts import t
from pipeline.returns.ingest_report import FileResult
from pipeline.returns.received import Received, Rejection
from pipeline.returns.safety import MAX_FILE_BYTES, RejectedFile
from pipeline.returns.store import FileRecord, Store
from pipeline.returns.submission import DUPLICATE, REJECTED, Outcome
from pipeline.round.folder import RoundDir, RoundRecord

EXTENSION_KIND = {
    ".mp4": "video",
    ".mov": "video",
    ".m4a": "audio",
    ".mp3": "audio",
    ".wav": "audio",
    ".jpg": "picture",
    ".jpeg": "picture",
    ".png": "picture",
    ".pdf": "document",
}
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"M4P ")
_SEPARATORS = " -_.–"
VIA_MAIL = "mail"
VIA_NAME = "name"


_KIND_TEXT = {
    "video": "media.kind.video",
    "audio": "media.kind.audio",
    "picture": "media.kind.picture",
    "document": "media.kind.document",
}
_MISMATCH_TEXT = {
    "video": "media.mismatch.video",
    "audio": "media.mismatch.audio",
    "picture": "media.mismatch.picture",
    "document": "media.mismatch.document",
}
_CONTENT_TEXT = {
    "video": "media.content.video",
    "audio_m4a": "media.content.audio_m4a",
    "mp3": "media.content.mp3",
    "wav": "media.content.wav",
    "jpeg": "media.content.jpeg",
    "png": "media.content.png",
    "pdf": "media.content.pdf",
    "word": "media.content.word",
    "excel": "media.content.excel",
    "opendocument": "media.content.opendocument",
    "zip": "media.content.zip",
    "office_legacy": "media.content.office_legacy",
    "rtf": "media.content.rtf",
    "gif": "media.content.gif",
    "empty": "media.content.empty",
    "unknown": "media.content.unknown",
}
_VIA_TEXT = {VIA_MAIL: "media.via.mail", VIA_NAME: "media.via.name"}
"""The texts of the kinds (video, audio, picture, document), of what bytes were found, and
of how a file was attached (named by literal keys, so the catalogue check finds them)."""


def kind_text(kind: str, lang: str) -> str:
    """The kind of a creative answer in words: ``Video``, ``Audio``, ``Bild``, ..."""
    return t(_KIND_TEXT[kind], lang)


def via_text(via: str, lang: str) -> str:
    """How a creative answer was attached, in words (by the mail, by its file name)."""
    return t(_VIA_TEXT[via], lang)


class MediaMismatch(RejectedFile):
    """A media file whose bytes are not what its extension says: ``expected`` the kind its
    extension names, ``found`` what its bytes are (a ``media.content.<found>`` text)."""

    def __init__(self, name: str, expected: str, found: str):
        self.name, self.expected, self.found = name, expected, found
        super().__init__("media_mismatch", found)

    def message(self, lang: str) -> str:
        found = t(_CONTENT_TEXT[self.found], lang)
        return t(_MISMATCH_TEXT[self.expected], lang, file=self.name, found=found)


def is_media(name: str) -> bool:
    """Whether a file of this name is taken as a creative answer (by its extension)."""
    return Path(name).suffix.lower() in EXTENSION_KIND


def content_of(data: bytes) -> str:
    """What the bytes are: ``video``, ``audio_m4a``, ``mp3``, ``wav``, ``jpeg``, ``png``,
    ``pdf``, ``word``, ``excel``, ``opendocument``, ``zip``, ``office_legacy``, ``rtf``,
    ``gif``, ``empty`` or ``unknown`` (each a ``media.content.<x>`` text)."""
    if not data:
        return "empty"
    if data[4:8] == b"ftyp":
        return "audio_m4a" if data[8:12] in _AUDIO_BRANDS else "video"
    for magic, found in _MAGIC:
        if data.startswith(magic):
            return found
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if _mpeg_frame(data):
        return "mp3"
    if data.startswith(b"PK"):
        return _zip_content(data)
    return "unknown"


_MAGIC = (
    (b"ID3", "mp3"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "office_legacy"),
    (b"{\\rtf", "rtf"),
    (b"GIF8", "gif"),
)
_CONTENT_KIND = {
    "video": "video",
    "audio_m4a": "audio",
    "mp3": "audio",
    "wav": "audio",
    "jpeg": "picture",
    "png": "picture",
    "pdf": "document",
}


def _mpeg_frame(data: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a defined version and layer, a bitrate."""
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return False
    version, layer, bitrate = (data[1] >> 3) & 3, (data[1] >> 1) & 3, data[2] >> 4
    return version != 1 and layer != 0 and bitrate not in (0, 15)


def _zip_content(data: bytes) -> str:
    import io
    import zipfile

    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "unknown"
    if "word/document.xml" in names:
        return "word"
    if "xl/workbook.xml" in names:
        return "excel"
    return "opendocument" if "mimetype" in names else "zip"


def media_kind(name: str, data: bytes) -> str:
    """The kind of a media file (``video``, ``audio``, ``picture``, ``document``), from its
    bytes; raises :class:`MediaMismatch` (a ``RejectedFile("media_mismatch")``) when they are
    not what the extension says. Within a kind the bytes decide (a PNG named ``.jpg`` is a
    picture; an MP4 container with an audio brand is audio)."""
    suffix = Path(name).suffix.lower()
    expected = EXTENSION_KIND.get(suffix, "document")
    found = content_of(data)
    kind = _CONTENT_KIND.get(found)
    if kind == expected:
        return kind
    if found == "video" and suffix == ".m4a":
        return "audio"  # an .m4a whose container names a general brand (isom, mp42)
    if found == "audio_m4a" and expected == "video":
        return "audio"  # an MP4 container that says it holds audio only
    raise MediaMismatch(name, expected, found)


def project_from_name(name: str, project_ids: Iterable[str]) -> str | None:
    """The project whose id a file name starts with, followed by a separator (``-``, ``_``,
    a space, a dot) or nothing; case-insensitive; the longest matching id wins."""
    lower = Path(name).name.lower()
    for pid in sorted(project_ids, key=lambda p: (-len(p), p)):
        rest = lower[len(pid) :] if lower.startswith(pid.lower()) else None
        if rest is not None and pid and (not rest or rest[0] in _SEPARATORS):
            return pid
    return None


def _named_id(name: str, project_ids: Iterable[str]) -> str | None:
    """The start of a file name that looks like a project id of the roster but names no
    project (``p99`` of ``p99-video.mp4`` where ids are ``p01`` ...), for the message."""
    prefixes = {re.sub(r"[^a-z].*", "", pid.lower(), flags=re.DOTALL) for pid in project_ids}
    match = re.match(r"([a-z]*)[-_]?\d+(?=[-_ .–]|$)", Path(name).stem.lower())
    if match is None or match.group(1) not in prefixes:
        return None
    return Path(name).stem[: match.end()]


# --- the store ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaFile:
    """A creative answer as recorded: the project it belongs to, the file's name, kind,
    size (bytes), when it was received (ISO, UTC), ``via`` (``mail`` or ``name``), its
    archive copy (relative to the round folder), SHA-256 and the saved e-mail it came in
    (that mail's file name, "" when handed in as a file)."""

    project: str
    name: str
    kind: str
    size: int
    received: str
    via: str
    archive: str
    sha256: str
    mail: str = ""


def add_media(db: sqlite3.Connection, sha256: str, project: str, kind: str, via: str) -> None:
    """Record a creative answer (its file is in ``files`` already)."""
    db.execute(
        "INSERT INTO media(sha256, project, kind, via) VALUES(?, ?, ?, ?)",
        (sha256, project, kind, via),
    )


def media_files(store: Store) -> dict[str, list[MediaFile]]:
    """``{project: its creative answers}``, projects sorted, files by time received and name."""
    rows = store.db.execute(
        "SELECT m.project, f.name, m.kind, f.size, f.received, m.via, f.archive, f.sha256,"
        " COALESCE(mail.name, '') AS mail FROM media m JOIN files f ON f.sha256 = m.sha256"
        " LEFT JOIN files mail ON mail.sha256 = f.mail_sha256"
        " ORDER BY m.project, f.received, f.name, f.sha256"
    )
    found: dict[str, list[MediaFile]] = {}
    for row in rows:
        media = MediaFile(*tuple(row))
        found.setdefault(media.project, []).append(media)
    return found


def round_media(rd: RoundDir) -> dict[str, list[MediaFile]]:
    """The round's creative answers by project (none when nothing was ingested yet)."""
    if not rd.store.exists():
        return {}
    with Store(rd.store) as store:
        return media_files(store)


# --- how it is shown ---------------------------------------------------------------------


def file_size(size: int, lang: str) -> str:
    """A file size for people: ``850 Byte``, ``12,5 KB``, ``2,1 MB`` (in German; 1 KB = 1024
    bytes, one decimal)."""
    if size < 1024:
        return t("media.size_b", lang, size=format_number(size, lang))
    if size < 1024 * 1024:
        return t("media.size_kb", lang, size=format_number(round(size / 1024, 1), lang))
    return t("media.size_mb", lang, size=format_number(round(size / (1024 * 1024), 1), lang))


def media_line(media: MediaFile, lang: str) -> str:
    """``p05-video.mp4 (Video, 2,1 MB, eingegangen am 01.12.2026)``."""
    return t(
        "media.line",
        lang,
        file=media.name,
        kind=kind_text(media.kind, lang),
        size=file_size(media.size, lang),
        date=long_date(media.received, lang),
    )


def media_section(store: Store, project: str, lang: str) -> str:
    """The report's part on the project's creative answers ("" when it sent none)."""
    from pipeline.locale.display import markdown

    files = media_files(store).get(project, [])
    if not files:
        return ""
    lines = ["", f"## {t('media.report_title', lang)}", ""]
    lines += [f"- {markdown(media_line(m, lang))}" for m in files]
    return "\n".join(lines) + "\n"


# --- ingest ------------------------------------------------------------------------------


class IngestRun(Protocol):
    """What :func:`ingest_media` needs of :class:`pipeline.returns.ingest.Ingest`."""

    rd: RoundDir
    record: RoundRecord
    q: Questionnaire
    lang: str

    def refresh(self, store: Store, project_id: str, changed: bool) -> tuple[Path, list[str]]: ...

    def _record_rejected(self, store: Store, got: Received, rejection: Rejection) -> None: ...


class MediaRefused(RejectedFile):
    """A media file refused with a message of its own (``text``, in the run's language)."""

    def __init__(self, reason: str, text: str):
        self.text = text
        super().__init__(reason)

    def message(self, lang: str) -> str:
        return self.text


def ingest_media(run: IngestRun, store: Store, got: Received, project: str | None) -> FileResult:
    """``Ingest._media``: attach an archived media file to ``project`` (None: the project
    its name starts with), or refuse it with a message; a file known already is a duplicate."""
    known = store.file(got.sha256)
    if known is not None:
        return FileResult(got.path, got.sha256, DUPLICATE, known.project)
    via = VIA_MAIL if project is not None else VIA_NAME
    try:
        kind = _checked(run, got)
        project = project or _attributed(run, got, kind)
    except (MediaRefused, MediaMismatch) as exc:
        reason = exc.message(run.lang)
        run._record_rejected(store, got, Rejection(exc.reason, reason))
        return FileResult(got.path, got.sha256, REJECTED, reason=reason)
    if not _record(run, store, got, project, kind, via):
        return FileResult(got.path, got.sha256, DUPLICATE, project)
    _, notes = run.refresh(store, project, False)
    return FileResult(got.path, got.sha256, Outcome.MEDIA, project, notes=notes)


def _checked(run: IngestRun, got: Received) -> str:
    """The file's kind, after the size limit and the check of its bytes."""
    name, lang = got.path.name, run.lang
    if got.size > MAX_FILE_BYTES:
        question = next(iter(run.q.with_role("media")), None)
        where = (
            t("media.in_question", lang, number=question.number, label=question.label.get(lang))
            if question
            else t("media.in_form", lang)
        )
        size, limit = file_size(got.size, lang), file_size(MAX_FILE_BYTES, lang)
        text = t("media.too_large", lang, file=name, size=size, limit=limit, where=where)
        raise MediaRefused("media_too_large", text)
    return media_kind(name, got.archived.read_bytes())


def _attributed(run: IngestRun, got: Received, kind: str) -> str:
    """The roster project the file's name starts with; refused with how to name it."""
    name = got.path.name
    ids = sorted(run.record.projects)
    project = project_from_name(name, ids)
    if project is not None:
        return project
    first = ids[0] if ids else "p01"
    named = _named_id(name, ids)
    example = f"{first}{name[len(named) :]}" if named else f"{first}-{name}"
    if named:
        text = t("media.unknown_project", run.lang, file=name, id=named, example=example)
        raise MediaRefused("media_unknown_project", text)
    today = {"document": "pdf", "picture": "image"}.get(kind)
    if today:  # most often a scanned or exported form: today's message, as for a form
        raise MediaRefused(today, t(f"reject.{today}", run.lang))
    raise MediaRefused("media_unnamed", t("media.unnamed", run.lang, file=name, example=example))


def _record(run: IngestRun, store: Store, got: Received, project: str, kind: str, via: str) -> bool:
    """Record the file and its ``media`` row; False when another ingest took it meanwhile."""
    archive = got.archived.relative_to(run.rd.root).as_posix()
    mail = got.mail.sha256 if got.mail is not None else None
    record = FileRecord(
        got.sha256, got.path.name, got.size, got.time, archive, project, Outcome.MEDIA, None, mail
    )
    with store.transaction() as db:
        if store.has_file(db, got.sha256):
            return False
        store.add_file(db, record)
        add_media(db, got.sha256, project, kind, via)
        store.log(db, got.time, "media", project, got.sha256, f"{got.path.name}: {kind}, {via}")
    return True
