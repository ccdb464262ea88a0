"""The round's inbox (``DIR/inbox``): what may be put there, under which name, and which of
the files lying there ingest has not read yet.

Files come into the inbox from outside (a mail program, the coordinator's file manager, an
upload to ``praxis serve``). A file put there by praxis gets a name praxis made
(:func:`safe_name`: no path parts, no control characters, nothing a file system refuses),
never replaces a file that is there (:func:`place`) and is written whole or not at all.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.returns.mail import MAIL_SUFFIXES, MAX_MAIL_BYTES
from pipeline.returns.media import EXTENSION_KIND
from pipeline.returns.received import collect_files
from pipeline.returns.safety import CONVERTIBLE, FORM_SUFFIXES, MAX_FILE_BYTES
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir, usual_mode

MAX_NAME_CHARS = 120
"""The longest file name :func:`safe_name` gives (the suffix kept)."""
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
"""Names Windows keeps for devices (``CON``, ``CON.docx``): never a file there."""
_FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
_PLACING = ".placing."
"""The start of the hidden name a file has while it is written (ingest leaves it out)."""


@dataclass(frozen=True)
class AcceptedKinds:
    """What ingest reads, by suffix: forms, returns LibreOffice converts into forms, saved
    e-mails, creative answers (video, audio, picture, PDF)."""

    forms: tuple[str, ...]
    convertible: tuple[str, ...]
    mails: tuple[str, ...]
    media: tuple[str, ...]


def accepted_kinds() -> AcceptedKinds:
    """The suffixes of the files ingest takes (from the modules that read them)."""
    return AcceptedKinds(
        forms=FORM_SUFFIXES,
        convertible=tuple(f".{k}" for k in CONVERTIBLE),
        mails=MAIL_SUFFIXES,
        media=tuple(EXTENSION_KIND),
    )


def size_limit(name: str) -> int:
    """The largest file of this name that ingest reads: a saved e-mail may be twice a form
    (a form and a video, base64 encoded), every other file :data:`MAX_FILE_BYTES`."""
    return MAX_MAIL_BYTES if Path(name).suffix.lower() in MAIL_SUFFIXES else MAX_FILE_BYTES


def safe_name(given: str, fallback: str = "datei") -> str:
    """A file name made from ``given`` (an uploaded file's name): its last part only (no
    folder, no ``..``), without control characters and characters Windows refuses, not
    hidden (no leading dot; ingest leaves hidden files and Office's ``~$`` lock files out),
    not a Windows device name, at most :data:`MAX_NAME_CHARS` characters with its suffix."""
    name = unicodedata.normalize("NFC", given.replace("\\", "/")).split("/")[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _FORBIDDEN.sub("_", name).strip(" .")
    name = name.removeprefix("~$").strip(" .")
    if not name.strip("_"):
        name = fallback
    stem, suffix = os.path.splitext(name)
    if len(suffix) > 16:
        stem, suffix = name, ""
    if stem.split(".")[0].strip().lower() in _RESERVED:
        stem = f"_{stem}"
    stem = stem[: MAX_NAME_CHARS - len(suffix)].rstrip(" .") or fallback
    return f"{stem}{suffix}"


def place(source: BinaryIO, name: str, folder: Path) -> Path:
    """Write the bytes of ``source`` into ``folder`` as ``name`` (made by :func:`safe_name`),
    or ``name (2)``, ``name (3)`` ... when that name is taken: never over another file, and
    whole (written under a hidden name first, then linked to its own name at once)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=_PLACING, suffix=".tmp")
    try:
        usual_mode(tmp)
        with os.fdopen(fd, "wb") as copy:
            for block in iter(lambda: source.read(1 << 20), b""):
                copy.write(block)
            copy.flush()
            os.fsync(copy.fileno())
        stem, suffix = Path(name).stem, Path(name).suffix
        for number in range(1, 10_000):
            target = folder / (name if number == 1 else f"{stem} ({number}){suffix}")
            try:
                _link(tmp, target)
            except FileExistsError:
                continue
            return target
        raise FileExistsError(folder / name)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link(tmp: str, target: Path) -> None:
    """``target`` made the file ``tmp``; FileExistsError when the name is taken (nothing is
    replaced). Where a file system has no links (FAT, some shares), a copy made exclusively."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        with open(tmp, "rb") as data, open(target, "xb") as copy:
            shutil.copyfileobj(data, copy)


def unread_files(rd: RoundDir) -> list[Path]:
    """The files in the inbox that ingest has not read: their bytes are in no record of the
    store (a blank form the round sent counts as read: ingest refuses it and records
    nothing). The store is opened once; each file's hash is kept while it is unchanged."""
    if not rd.inbox.is_dir():
        return []
    files = collect_files([rd.inbox])
    if not files:
        return []
    known = _known_hashes(rd)
    blank = {sha for p in rd.load().projects.values() for sha in p.sha256.values()}
    return [p for p in files if _hash(p) not in known | blank]


def _known_hashes(rd: RoundDir) -> set[str]:
    if not rd.store.exists():
        return set()
    with Store(rd.store) as store:
        return {r[0] for r in store.db.execute("SELECT sha256 FROM files")}


def _hash(path: Path) -> str:
    try:
        found = path.stat()
    except OSError:  # gone meanwhile
        return ""
    return _hash_of(str(path), found.st_size, found.st_mtime_ns)


@functools.lru_cache(maxsize=4096)
def _hash_of(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
