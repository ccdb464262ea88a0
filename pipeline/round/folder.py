"""A round folder (Erhebungsrunde): its record, its files, and where everything goes.

```
DIR/round.json          the record: questionnaire, language, deadline, projects with tokens
DIR/definition.yaml     a copy of the definition the forms were made from
DIR/roster.csv          the roster as read
DIR/forms/              <project>-<slug>.docx and .xlsx
DIR/mails/              <project>-<slug>.eml (draft with both forms) and the cover letters
DIR/manifest.csv        project, e-mail, files, token, SHA-256
DIR/inbox/              where the coordinator drops returned files
DIR/archive/            every returned file as received, named by its SHA-256
DIR/praxis.sqlite       the store: files, submissions, events (pipeline.returns.store)
DIR/reports/            a report per return, follow-up letters, rejected.md
DIR/reminders/          reminder mail drafts (praxis status --missing)
DIR/tables/             answers.xlsx and the CSV files (praxis aggregate)
DIR/compendium/         the compendium (praxis compile)
DIR/proofs/             chapter proofs and approval mail drafts (praxis proofs)
DIR/corrections/        korrekturen.xlsx: the answers to correct in bulk (praxis corrections)
DIR/translations/       uebersetzung-<lang>.xlsx: texts for a translator (praxis translate)
```
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import STORE_FILE, RoundError

RECORD = "round.json"
DEFINITION = "definition.yaml"
ROSTER = "roster.csv"
MANIFEST = "manifest.csv"
ARCHIVE_DIR = "archive"
REPORTS_DIR = "reports"
REMINDERS_DIR = "reminders"
TABLES_DIR = "tables"
COMPENDIUM_DIR = "compendium"
PROOFS_DIR = "proofs"
TRANSLATIONS_DIR = "translations"
STORE_NAME = STORE_FILE


@dataclass
class RoundProject:
    """A project of the round as sent: its token, language and form files."""

    id: str
    name: str
    organisation: str
    email: str
    contact: str
    language: str
    token: str
    slug: str
    files: dict[str, str] = field(default_factory=dict)  # format -> path relative to the round
    sha256: dict[str, str] = field(default_factory=dict)


@dataclass
class RoundRecord:
    questionnaire: str
    version: str
    language: str
    deadline: str | None
    created: str
    projects: dict[str, RoundProject] = field(default_factory=dict)

    def to_json(self) -> str:
        """The record as JSON, its fields and every project's in their order (what
        ``dataclasses.asdict`` gives, without its deep copy: a tenth of the time)."""
        data = _fields(self)
        data["projects"] = {pid: _fields(project) for pid, project in self.projects.items()}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> RoundRecord:
        data = json.loads(text)
        projects = {k: RoundProject(**v) for k, v in data.pop("projects", {}).items()}
        return cls(**data, projects=projects)

    @property
    def deadline_date(self) -> dt.date | None:
        return dt.date.fromisoformat(self.deadline) if self.deadline else None


def _fields(item: object) -> dict[str, object]:
    return {f.name: getattr(item, f.name) for f in fields(item)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class RoundDir:
    """The paths of a round folder."""

    root: Path

    @property
    def record(self) -> Path:
        return self.root / RECORD

    @property
    def definition(self) -> Path:
        return self.root / DEFINITION

    @property
    def roster(self) -> Path:
        return self.root / ROSTER

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    @property
    def forms(self) -> Path:
        return self.root / "forms"

    @property
    def mails(self) -> Path:
        return self.root / "mails"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def archive(self) -> Path:
        """``archive/<sha256><suffix>``: every returned file as received."""
        return self.root / ARCHIVE_DIR

    @property
    def store(self) -> Path:
        """The SQLite store of the round (see :mod:`pipeline.returns.store`)."""
        return self.root / STORE_NAME

    @property
    def reports(self) -> Path:
        return self.root / REPORTS_DIR

    def report(self, project_id: str) -> Path:
        """``reports/<project>.md``: the report on the project's latest return."""
        return self.reports / f"{project_id}.md"

    def follow_up(self, project_id: str) -> Path:
        """``reports/<project>-rueckfrage.docx``: the letter to an incomplete return."""
        return self.reports / f"{project_id}-rueckfrage.docx"

    @property
    def rejected_list(self) -> Path:
        """``reports/rejected.md``: every rejected file with the reason."""
        return self.reports / "rejected.md"

    @property
    def reminders(self) -> Path:
        return self.root / REMINDERS_DIR

    @property
    def tables(self) -> Path:
        return self.root / TABLES_DIR

    @property
    def compendium(self) -> Path:
        return self.root / COMPENDIUM_DIR

    @property
    def proofs(self) -> Path:
        """``proofs/``: the chapter proofs and approval mail drafts (``praxis proofs``)."""
        return self.root / PROOFS_DIR

    def proof(self, project_id: str) -> Path:
        """``proofs/<project>-korrekturabzug.docx``: the project's chapter as the compendium
        shows it (a ``.pdf`` beside it when made)."""
        return self.proofs / f"{project_id}-korrekturabzug.docx"

    def approval_mail(self, project_id: str) -> Path:
        """``proofs/<project>-freigabe.eml``: the mail draft asking for approval."""
        return self.proofs / f"{project_id}-freigabe.eml"

    @property
    def corrections_workbook(self) -> Path:
        """``corrections/korrekturen.xlsx``: the answers to correct in bulk (praxis
        corrections export)."""
        return self.root / "corrections" / "korrekturen.xlsx"

    def translations(self, to: str) -> Path:
        """The workbook for a translator into ``to`` (``praxis translate export``)."""
        return self.root / TRANSLATIONS_DIR / f"uebersetzung-{to}.xlsx"

    def exists(self) -> bool:
        return self.record.exists()

    def load(self) -> RoundRecord:
        """The round's record; RoundError when the folder is not a round."""
        if not self.record.exists():
            raise RoundError(
                f"{self.root} is not a round folder (no {RECORD}); run praxis generate first"
            )
        try:
            return RoundRecord.from_json(self.record.read_text("utf-8"))
        except (ValueError, TypeError, KeyError) as exc:
            raise RoundError(f"{self.record} is damaged: {exc}") from exc

    def save(self, record: RoundRecord, *, durable: bool = True) -> None:
        """Write the record (``durable``: flushed to the disk before it replaces the old
        one; a staging folder's record is made durable with its other files on commit)."""
        write_atomic(self.record, record.to_json().encode("utf-8"), durable=durable)


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half.

    ``durable`` also flushes it to the disk before it replaces the old file; files that can
    be made again from the store (reports) skip that.
    """
    _replace_atomic(path, lambda handle: handle.write(data), durable)


def copy_atomic(source: Path, path: Path) -> None:
    """Copy ``source`` to ``path`` in blocks, atomically like :func:`write_atomic`."""

    def copy(handle: BinaryIO) -> None:
        with source.open("rb") as original:
            shutil.copyfileobj(original, handle, 1 << 20)

    _replace_atomic(path, copy, durable=True)


def write_stream_atomic(
    path: Path, write: Callable[[BinaryIO], object], *, durable: bool = True
) -> None:
    """Like :func:`write_atomic`, for content that ``write`` streams into the open file.

    The file is open for reading too, so ``write`` may seek back and check what it wrote.
    """
    _replace_atomic(path, write, durable)


def _replace_atomic(path: Path, write: Callable[[BinaryIO], object], durable: bool) -> None:
    try:
        _write_and_replace(path, write, durable)
    except OSError as exc:  # a full disk, a read-only folder, the file open elsewhere ...
        name = exc.filename
        temp = not isinstance(name, str | bytes) or os.fsdecode(name).startswith(
            os.path.join(os.fsdecode(path.parent), f".{path.name}.")
        )
        if temp:  # ... named by the file meant, not by its temporary file
            exc.filename, exc.filename2 = str(path), None
        raise


def usual_mode(path: Path | str, folder: bool = False) -> None:
    """Give a file or folder made by ``tempfile`` (readable by its owner only) the mode the
    user's umask gives a file or folder made as usual, so that colleagues sharing the round
    folder can open it (on Windows only the read-only flag exists: nothing changes)."""
    mask = os.umask(0o077)
    os.umask(mask)
    os.chmod(path, (0o777 if folder else 0o666) & ~mask)


def _write_and_replace(path: Path, write: Callable[[BinaryIO], object], durable: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    usual_mode(tmp)
    try:
        with os.fdopen(fd, "w+b") as handle:  # readable too, so a writer can check its file
            write(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


MANIFEST_COLUMNS = (
    "project_id",
    "project",
    "organisation",
    "email",
    "language",
    "token",
    "docx",
    "docx_sha256",
    "xlsx",
    "xlsx_sha256",
    "mail",
)


def manifest_csv(record: RoundRecord) -> str:
    """The manifest: one row per project, in roster order, written like the tables' CSV files
    (``;``, UTF-8 with BOM, every field quoted, formula starts in roster texts neutralised)."""
    from pipeline.round.csvfile import rows_bytes

    rows = [
        [
            p.id,
            p.name,
            p.organisation,
            p.email,
            p.language,
            p.token,
            p.files.get("docx", ""),
            p.sha256.get("docx", ""),
            p.files.get("xlsx", ""),
            p.sha256.get("xlsx", ""),
            p.files.get("eml", ""),
        ]
        for p in record.projects.values()
    ]
    return rows_bytes([list(MANIFEST_COLUMNS), *rows]).decode("utf-8")
