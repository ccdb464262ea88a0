"""The round's store: one SQLite file holding files, submissions and an append-only event log.

Each returned file is recorded in one transaction (``BEGIN IMMEDIATE``): a crash in the middle
leaves the store as before that file, and a second ingest waits for the first (WAL mode,
busy timeout). The raw files themselves live in ``archive/`` under their SHA-256.

The store carries its layout's version in ``PRAGMA user_version`` (:data:`SCHEMA_VERSION`).
A store of an earlier round is migrated forward when it is opened, step by step
(:data:`MIGRATIONS`), in one transaction, with an event ``store_migrated``; a store written by
a newer praxis is refused unchanged (:class:`~pipeline.errors.StoreTooNew`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import errors
from pipeline.problems import Problem
from pipeline.returns.submission import Coercion, Outcome

SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (
    id TEXT PRIMARY KEY, name TEXT, organisation TEXT, email TEXT, contact TEXT,
    language TEXT, token TEXT
);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, size INTEGER NOT NULL, received TEXT NOT NULL,
    archive TEXT NOT NULL, project TEXT, outcome TEXT NOT NULL, reason TEXT
);
CREATE TABLE IF NOT EXISTS submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL REFERENCES projects(id),
    file_sha256 TEXT NOT NULL REFERENCES files(sha256),
    received TEXT NOT NULL, questionnaire TEXT NOT NULL, version TEXT NOT NULL,
    format TEXT NOT NULL, answers TEXT NOT NULL, issues TEXT NOT NULL, coercions TEXT NOT NULL,
    outcome TEXT NOT NULL, current INTEGER NOT NULL DEFAULT 0,
    saved TEXT, saved_from TEXT, review TEXT
);
CREATE INDEX IF NOT EXISTS submissions_project ON submissions(project, current);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, kind TEXT NOT NULL,
    project TEXT, file_sha256 TEXT, detail TEXT
);
CREATE TABLE IF NOT EXISTS pending_reports (
    project TEXT PRIMARY KEY REFERENCES projects(id),
    file_sha256 TEXT NOT NULL REFERENCES files(sha256), since TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mails (
    sha256 TEXT PRIMARY KEY REFERENCES files(sha256), sender TEXT, sent TEXT, subject TEXT,
    attachments INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS media (
    sha256 TEXT PRIMARY KEY REFERENCES files(sha256),
    project TEXT NOT NULL REFERENCES projects(id), kind TEXT NOT NULL, via TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS media_project ON media(project);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,
    project TEXT NOT NULL REFERENCES projects(id), state TEXT, question TEXT,
    comment TEXT NOT NULL DEFAULT '', who TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL,
    project TEXT NOT NULL REFERENCES projects(id), question TEXT NOT NULL, value TEXT NOT NULL,
    original TEXT NOT NULL, submission INTEGER REFERENCES submissions(id), kind TEXT NOT NULL,
    language TEXT, reason TEXT NOT NULL, who TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS reviews_append_only_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS reviews_append_only_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS corrections_append_only_update BEFORE UPDATE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER IF NOT EXISTS corrections_append_only_delete BEFORE DELETE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""

ADDED_COLUMNS = {
    "submissions": ("saved TEXT", "saved_from TEXT", "review TEXT"),
    "files": ("mail_sha256 TEXT",),
}
"""Columns later versions added; a store made before them gets them on opening.

``saved``: when the return was last saved (UTC), ``saved_from``: ``document`` (its own
modified time) or ``file`` (the file's time); ``review``: NULL, ``needs_review``,
``accepted`` or ``kept`` (see :mod:`pipeline.returns.current`); ``files.mail_sha256``: the
saved e-mail (itself a row of ``files`` and ``mails``) the file was attached to."""

SCHEMA_VERSION = 4
"""The layout this code writes. 1: every store made before the version was recorded
(``user_version`` 0, with tables; some without the :data:`ADDED_COLUMNS`); 2: the version
recorded, every added column there; 3: saved e-mails (``mails``, ``files.mail_sha256``) and
creative answers (``media``: a file attached to a project, ``kind`` video, audio, picture or
document, ``via`` ``mail`` or ``name``); 4: the coordinator's review loop (``reviews``: a
project's review state set and comments, per project or question; ``corrections``: a value
the coordinator or a translator gave a question, with the original, the reason and who; both
append-only, see :mod:`pipeline.review`)."""


@dataclass(frozen=True)
class Submission:
    id: int
    project: str
    file_sha256: str
    file_name: str
    received: str
    version: str
    format: str
    answers: dict[str, Any]
    issues: list[dict[str, Any]]
    """The problems as stored (JSON); :attr:`problems` gives them as :class:`Problem`."""
    coercions: list[dict[str, Any]]
    """What coercion changed, as stored; :attr:`changes` gives them as :class:`Coercion`."""
    outcome: Outcome
    current: bool
    saved: str = ""
    saved_from: str = ""
    review: str | None = None

    @property
    def problems(self) -> list[Problem]:
        return [Problem.from_dict(i) for i in self.issues]

    @property
    def changes(self) -> list[Coercion]:
        return [Coercion.from_dict(c) for c in self.coercions]


@dataclass(frozen=True)
class SubmissionRecord:
    """A submission to store: what one return says, as checked (see :meth:`Store.add_submission`).

    ``issues`` and ``coercions`` are stored as JSON (each as its ``as_dict()``);
    ``saved``: when the return was last saved (UTC), ``saved_from`` where that time is from.
    """

    project: str
    file_sha256: str
    received: str
    questionnaire: str
    version: str
    format: str
    answers: dict[str, Any]
    issues: list[Problem]
    coercions: list[Coercion]
    outcome: Outcome
    saved: str | None = None
    saved_from: str | None = None


@dataclass(frozen=True)
class FileRecord:
    sha256: str
    name: str
    size: int
    received: str
    archive: str
    project: str | None
    outcome: Outcome
    reason: str | None
    mail_sha256: str | None = None
    """The saved e-mail the file came in (None: handed in as a file)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", Outcome(self.outcome))  # as read from the store


class Store:
    """Access to ``DIR/praxis.sqlite``; use as a context manager or call ``close()``."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._environment():
            self.db = sqlite3.connect(path, timeout=errors.STORE_BUSY_SECONDS, isolation_level=None)
        try:
            with self._environment():
                found = _version(self.db)
            if found > SCHEMA_VERSION:  # refused before anything is written to it
                raise errors.StoreTooNew(path, found, SCHEMA_VERSION)
            with self._environment():
                self.db.row_factory = sqlite3.Row
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA foreign_keys=ON")
                self.db.execute("PRAGMA synchronous=NORMAL")
            with self.transaction():
                self._migrate(_version(self.db))
        except BaseException:
            self.db.close()
            raise

    def _migrate(self, found: int) -> None:
        """Bring the store from layout ``found`` (0: a new file) to :data:`SCHEMA_VERSION`
        (inside the opening transaction: another process sees the old or the new layout)."""
        for statement in _statements(SCHEMA):
            self.db.execute(statement)
        if found == SCHEMA_VERSION:
            return
        for version in range(max(found, 1), SCHEMA_VERSION):
            MIGRATIONS[version](self.db)
        if found:
            detail = f"{found} -> {SCHEMA_VERSION}"
            self.log(self.db, _now(), "store_migrated", detail=detail)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def version(self) -> int:
        """The layout version recorded in the file."""
        return _version(self.db)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work; waits while another process writes."""
        with self._environment():
            self.db.execute("BEGIN IMMEDIATE")
        try:
            with self._environment():
                yield self.db
                self.db.execute("COMMIT")
        except BaseException:
            with suppress(sqlite3.Error):  # none is left open when COMMIT itself failed
                self.db.execute("ROLLBACK")
            raise

    @contextmanager
    def _environment(self) -> Iterator[None]:
        """SQLite's complaints about the file (damaged, locked, disk full, read-only) as an
        :class:`~pipeline.errors.EnvironmentFailure` that names the store."""
        try:
            yield
        except sqlite3.Error as exc:
            failure = errors.environment_failure(exc, self.path)
            if failure is None:
                raise
            raise failure from exc

    # --- writing (call inside a transaction) ------------------------------------------------

    def upsert_project(self, db: sqlite3.Connection, **project: str) -> None:
        db.execute(
            "INSERT INTO projects(id, name, organisation, email, contact, language, token) "
            "VALUES(:id, :name, :organisation, :email, :contact, :language, :token) "
            "ON CONFLICT(id) DO UPDATE SET name=excluded.name, organisation=excluded.organisation,"
            " email=excluded.email, contact=excluded.contact, language=excluded.language,"
            " token=excluded.token",
            project,
        )

    def has_file(self, db: sqlite3.Connection, sha256: str) -> bool:
        return db.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def add_file(self, db: sqlite3.Connection, record: FileRecord) -> None:
        db.execute(
            "INSERT INTO files(sha256, name, size, received, archive, project, outcome, reason,"
            " mail_sha256) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.sha256,
                record.name,
                record.size,
                record.received,
                record.archive,
                record.project,
                record.outcome,
                record.reason,
                record.mail_sha256,
            ),
        )

    def add_submission(
        self, db: sqlite3.Connection, record: SubmissionRecord, *, current: bool = True
    ) -> int:
        """Store a submission; unless ``current`` is False it becomes the project's current
        one (older ones stay). Returns its id."""
        if current:
            db.execute("UPDATE submissions SET current = 0 WHERE project = ?", (record.project,))
        cursor = db.execute(
            "INSERT INTO submissions(project, file_sha256, received, questionnaire, version,"
            " format, answers, issues, coercions, outcome, current, saved, saved_from)"
            " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.project,
                record.file_sha256,
                record.received,
                record.questionnaire,
                record.version,
                record.format,
                _json(record.answers),
                _json([p.as_dict() for p in record.issues]),
                _json([c.as_dict() for c in record.coercions]),
                str(record.outcome),
                int(current),
                record.saved,
                record.saved_from,
            ),
        )
        return int(cursor.lastrowid or 0)

    def current_id(self, db: sqlite3.Connection, project: str) -> int | None:
        """The id of ``project``'s current submission, if any."""
        row = db.execute(
            "SELECT id FROM submissions WHERE project = ? AND current = 1", (project,)
        ).fetchone()
        return int(row[0]) if row else None

    def set_states(
        self,
        db: sqlite3.Connection,
        project: str,
        current: int | None,
        reviews: dict[int, str | None],
    ) -> None:
        """Make submission ``current`` the project's current one and set the ``review`` of
        each submission in ``reviews`` (by id)."""
        db.execute(
            "UPDATE submissions SET current = (id IS ?) WHERE project = ?", (current, project)
        )
        for sid, review in reviews.items():
            db.execute("UPDATE submissions SET review = ? WHERE id = ?", (review, sid))

    def log(
        self,
        db: sqlite3.Connection,
        time: str,
        kind: str,
        project: str | None = None,
        file_sha256: str | None = None,
        detail: str = "",
    ) -> None:
        db.execute(
            "INSERT INTO events(time, kind, project, file_sha256, detail) VALUES(?, ?, ?, ?, ?)",
            (time, kind, project, file_sha256, detail),
        )

    def set_pending(self, db: sqlite3.Connection, project: str, sha256: str, since: str) -> None:
        """The report or letter on ``project``'s return ``sha256`` could not be written."""
        db.execute(
            "INSERT INTO pending_reports(project, file_sha256, since) VALUES(?, ?, ?)"
            " ON CONFLICT(project) DO UPDATE SET file_sha256=excluded.file_sha256,"
            " since=excluded.since",
            (project, sha256, since),
        )

    def clear_pending(self, db: sqlite3.Connection, project: str) -> None:
        db.execute("DELETE FROM pending_reports WHERE project = ?", (project,))

    # --- reading -------------------------------------------------------------------------------

    def pending(self) -> dict[str, str]:
        """``{project: file sha256}`` whose report or letter is still to be written."""
        rows = self.db.execute("SELECT project, file_sha256 FROM pending_reports ORDER BY project")
        return {r["project"]: r["file_sha256"] for r in rows}

    def current_received(self) -> dict[str, str]:
        """``{project: when its current submission was received}``, the projects of
        :meth:`submissions` without reading their answers (quick with many projects)."""
        rows = self.db.execute(
            "SELECT s.project, s.received FROM submissions s JOIN files f"
            " ON f.sha256 = s.file_sha256 WHERE s.current = 1 ORDER BY s.project, s.id"
        )
        return {r[0]: r[1] for r in rows}

    def file(self, sha256: str) -> FileRecord | None:
        row = self.db.execute("SELECT * FROM files WHERE sha256 = ?", (sha256,)).fetchone()
        return FileRecord(**dict(row)) if row else None

    def files(self) -> list[FileRecord]:
        rows = self.db.execute("SELECT * FROM files ORDER BY received, name").fetchall()
        return [FileRecord(**dict(r)) for r in rows]

    def submissions(self, current_only: bool = True, review: str | None = None) -> list[Submission]:
        """Submissions with their file names, oldest first (current ones only by default;
        ``review``: only those in that review state)."""
        sql = (
            "SELECT s.*, f.name AS file_name FROM submissions s JOIN files f"
            " ON f.sha256 = s.file_sha256 WHERE 1 = 1"
        )
        if current_only:
            sql += " AND s.current = 1"
        if review is not None:
            sql += " AND s.review = :review"
        # row by row: the raw JSON of one submission at a time, never all of them at once
        rows = self.db.execute(sql + " ORDER BY s.project, s.id", {"review": review})
        return [_submission(r) for r in rows]

    def project_submissions(
        self, project: str, db: sqlite3.Connection | None = None
    ) -> list[Submission]:
        """Every submission of ``project`` with its file name, in the order they were stored."""
        sql = (
            "SELECT s.*, f.name AS file_name FROM submissions s JOIN files f"
            " ON f.sha256 = s.file_sha256 WHERE s.project = ? ORDER BY s.id"
        )
        return [_submission(r) for r in (db or self.db).execute(sql, (project,))]

    def current_submission(
        self, project: str, db: sqlite3.Connection | None = None
    ) -> Submission | None:
        """The current submission of ``project`` (None before its first accepted return)."""
        return next((s for s in self.project_submissions(project, db) if s.current), None)

    def submission_states(self) -> dict[str, tuple[bool, str | None, str]]:
        """``{file sha256: (current, review, outcome)}`` of every submission."""
        rows = self.db.execute("SELECT file_sha256, current, review, outcome FROM submissions")
        return {r[0]: (bool(r[1]), r[2], r[3]) for r in rows}

    def events(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM events ORDER BY id")]

    def counts(self) -> dict[str, int]:
        tables = ("projects", "files", "submissions", "events")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _submission(row: sqlite3.Row) -> Submission:
    data = dict(row)
    return Submission(
        id=data["id"],
        project=data["project"],
        file_sha256=data["file_sha256"],
        file_name=data["file_name"],
        received=data["received"],
        version=data["version"],
        format=data["format"],
        answers=json.loads(data["answers"]),
        issues=json.loads(data["issues"]),
        coercions=json.loads(data["coercions"]),
        outcome=Outcome(data["outcome"]),
        current=bool(data["current"]),
        saved=data.get("saved") or "",
        saved_from=data.get("saved_from") or "",
        review=data.get("review"),
    )


def _version(db: sqlite3.Connection) -> int:
    """The store's layout version: ``user_version``; 1 for a store with tables and no
    version (made before it was recorded), 0 for a new, empty file."""
    recorded = int(db.execute("PRAGMA user_version").fetchone()[0])
    if recorded:
        return recorded
    tables = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()
    return 1 if tables[0] else 0


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _add_columns(db: sqlite3.Connection) -> None:
    for table, columns in ADDED_COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for column in columns:
            if column.split()[0] not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _add_columns,
    2: _add_columns,
    3: _add_columns,
}
"""Version n -> the step that makes a store of layout n one of layout n + 1 (the tables and
indexes of :data:`SCHEMA` are made, where missing, before the steps run)."""


def _statements(script: str) -> list[str]:
    """The statements of ``script`` (executescript would commit our open transaction)."""
    parts, buffer = [], ""
    for line in script.strip().splitlines():
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            parts.append(buffer.strip())
            buffer = ""
    return parts
