"""A return as received: the files to read from the given sources, each file's bytes copied
into the round's ``archive/`` under their SHA-256 before anything is recorded, and the types
of what the pure work (read, identify, check, render) made of it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import UsageError
from pipeline.forms.content import Identification
from pipeline.locale.texts import t
from pipeline.returns.current import file_time
from pipeline.returns.submission import Checked
from pipeline.round.folder import usual_mode


def collect_files(sources: Iterable[Path], lang: str = "en") -> list[Path]:
    """The files to ingest: files as given, folders searched (sorted), lock files left out."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files += sorted(p for p in source.rglob("*") if p.is_file() and not _ignored(p))
        elif source.is_file():
            files.append(source)
        else:
            raise UsageError(t("ingest.missing_source", lang, path=source))
    return list(dict.fromkeys(files))


def _ignored(path: Path) -> bool:
    """Lock files, hidden files, Windows' folder files and the index of an mbox, which the
    mail program rebuilds: Thunderbird's ``Inbox.msf`` beside the ``Inbox`` mbox, Apple
    Mail's ``table_of_contents`` beside the ``mbox`` of an exported ``Inbox.mbox`` folder."""
    if path.suffix.lower() == ".msf" and path.with_suffix("").is_file():
        return True
    if path.name == "table_of_contents" and (path.parent / "mbox").is_file():
        return True
    return path.name.startswith(("~$", ".")) or path.name in ("Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class MailInfo:
    """The saved e-mail a file came in: the mail file's SHA-256 (archived like any file),
    its file name, the sender's address, the mail's date (ISO 8601, UTC, "" when it has
    none) and subject."""

    sha256: str
    name: str
    sender: str = ""
    date: str = ""
    subject: str = ""


@dataclass(frozen=True)
class Received:
    """A file as received: where it came from, its hash, its archive copy, size and time;
    ``mtime``: the file's own time; ``blank``: the project whose blank form these bytes are
    (then there is no archive copy); ``mail``: the saved e-mail it was attached to."""

    path: Path
    sha256: str
    archived: Path
    size: int
    time: str
    mtime: str = ""
    blank: str | None = None
    mail: MailInfo | None = None


def receive(path: Path, archive: Path, blank_forms: Mapping[str, str]) -> Received:
    """Copy the raw bytes of ``path`` into ``archive/<sha256><suffix>`` before anything else.

    The file is read once: the bytes hashed are the bytes written to the copy, so a file
    replaced meanwhile (a sync client) cannot give a copy that does not match its name.
    The bytes of a blank form the round sent (``blank_forms``: SHA-256 -> project) are not
    archived (``forms/`` has them).
    """
    archive.mkdir(parents=True, exist_ok=True)
    target, tmp = archive, ""
    try:
        fd, tmp = tempfile.mkstemp(dir=archive, prefix=_INCOMING, suffix=".tmp")
        usual_mode(tmp)
        with os.fdopen(fd, "wb") as copy, path.open("rb") as handle:
            mtime = file_time(os.fstat(handle.fileno()).st_mtime)
            sha, size = _copy_hashed(handle, copy)
            suffix = path.suffix.lower()
            suffix = suffix if re.fullmatch(r"[.][a-z0-9]{1,8}", suffix) else ""
            target = archive / f"{sha}{suffix}"
            blank = blank_forms.get(sha)
            keep = blank is None and not target.exists()  # a duplicate's copy is there
            if keep:
                copy.flush()
                os.fsync(copy.fileno())  # on the disk before the store names it
        if keep:
            os.replace(tmp, target)
    except OSError as exc:  # a full disk ...: named by the copy meant, not its temporary file
        name = os.fsdecode(exc.filename) if exc.filename is not None else ""
        if not name or Path(name).name.startswith(_INCOMING):
            exc.filename, exc.filename2 = str(target), None
        raise
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
    return Received(path, sha, target, size, now(), mtime, blank)


def receive_bytes(
    data: bytes,
    path: Path,
    archive: Path,
    blank_forms: Mapping[str, str],
    *,
    suffix: str,
    mtime: str = "",
    mail: MailInfo | None = None,
) -> Received:
    """Write ``data`` (an attachment of a saved e-mail, or a mail of an mbox) into
    ``archive/<sha256><suffix>``, atomically as :func:`receive`; ``path`` is how it is named
    (it is no file), ``mtime`` the time of the file it came in."""
    archive.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    suffix = suffix.lower() if re.fullmatch(r"[.][A-Za-z0-9]{1,8}", suffix) else ""
    target, blank = archive / f"{sha}{suffix}", blank_forms.get(sha)
    if blank is None and not target.exists():  # a duplicate's copy is there
        tmp = ""
        try:
            fd, tmp = tempfile.mkstemp(dir=archive, prefix=_INCOMING, suffix=".tmp")
            usual_mode(tmp)
            with os.fdopen(fd, "wb") as copy:
                copy.write(data)
                copy.flush()
                os.fsync(copy.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            exc.filename, exc.filename2 = str(target), None
            raise
        finally:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
    return Received(path, sha, target, len(data), now(), mtime, blank, mail)


def _copy_hashed(source: BinaryIO, target: BinaryIO) -> tuple[str, int]:
    """Copy ``source`` to ``target`` in blocks; the SHA-256 and size of what was copied."""
    digest = hashlib.sha256()
    size = 0
    for block in iter(lambda: source.read(1 << 20), b""):
        digest.update(block)
        target.write(block)
        size += len(block)
    return digest.hexdigest(), size


_INCOMING = ".incoming."
"""The start of the name of a return's copy on its way into the archive."""


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Rejection:
    """The pure work's verdict on a refused file: the reason key and the message for people."""

    key: str
    reason: str
    project: str | None = None
    """The roster project it names when that is certain enough to list it there (a token
    that does not match: the file names a project of the round)."""


@dataclass
class Examined:
    """The pure work's result for a form: what it says, its check, its rendered report (and
    follow-up letter when incomplete). Picklable, so a worker process can send it back."""

    ident: Identification
    format: str
    checked: Checked
    report: str
    letter: bytes | None = None
    saved: str = ""
    saved_from: str = ""
    blank: bool = False
    """It says exactly what the blank form sent to the project says (e.g. that form opened
    and saved unchanged in an office program): refused like the blank form's own bytes."""


Done = Examined | Rejection
"""The pure work's result for one file, wherever it ran."""
