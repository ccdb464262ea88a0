"""``praxis ingest``: read returned forms into the round's store, without losing anything.

Per file: copy the raw bytes into ``archive/`` under their SHA-256 first (read once: the
hash is of exactly the bytes archived); a file whose bytes are a blank form praxis generated
is refused and changes nothing. Then inspect (refuse what is dangerous or not a form) -> read
-> identify -> coerce and validate -> record, all of it for one file in one store
transaction; which of a project's returns is current is settled there (see
:mod:`pipeline.returns.current`). The inbox is never modified.

The pure work of a file (read, identify, check, render its report) does not touch the store;
with many files it runs in worker processes (``jobs``), while this process archives,
checks for duplicates, records and writes the reports, file by file in input order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import EnvironmentFailure, FormError, UsageError, environment_failure
from pipeline.forms.content import FormContent, IdConflict, Identification, identification_conflict
from pipeline.locale.library import library_detail
from pipeline.locale.texts import t
from pipeline.problems import Problem, ProblemCode, Severity
from pipeline.returns.current import (
    Waiting,
    file_time,
    returns_section,
    saved_time,
    settle_project,
    waiting,
)
from pipeline.returns.identity import OTHER_PROJECT, other_project_problem
from pipeline.returns.safety import MAX_FILE_BYTES, RejectedFile, inspect_bytes
from pipeline.returns.store import FileRecord, Store, Submission, SubmissionRecord
from pipeline.returns.submission import (
    ACCEPTED,
    ACCEPTED_WITH_WARNINGS,
    BLANK,
    DUPLICATE,
    INCOMPLETE,
    NEEDS_REVIEW,
    OLDER,
    REJECTED,
    Checked,
    Checker,
    Outcome,
)
from pipeline.round.folder import RoundDir, RoundProject, RoundRecord, usual_mode, write_atomic
from pipeline.round.lock import writes_round
from pipeline.workers import worker_count

Progress = Callable[[str], None]
PARALLEL_MIN_FILES = 64
"""With fewer files (and no ``jobs``), all is done in this process. Starting a worker costs
about 0.4 s (imports, questionnaire, checker); on 2 cores the pool breaks even near 64 files."""


@dataclass
class FileResult:
    """What happened to one file."""

    path: Path
    sha256: str
    outcome: Outcome
    project: str | None = None
    problems: list[Problem] = field(default_factory=list)
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    """For people, about the files written for the project (a letter that could not be
    written and is pending, a follow-up letter settled by this return)."""

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def alerts(self) -> list[str]:
        """Warnings to show prominently: master data of another project (issue 10.8)."""
        return [p.message for p in self.problems if p.code == OTHER_PROJECT]


@dataclass(frozen=True)
class IngestTotals:
    """How many files of a run had each outcome (accepted counts both kinds of accepted)."""

    files: int
    accepted: int
    incomplete: int
    rejected: int
    duplicate: int
    needs_review: int
    older: int
    blank: int


@dataclass
class IngestReport:
    round: RoundDir
    results: list[FileResult] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    """After the run: every return of the round that waits for review."""
    notes: list[str] = field(default_factory=list)
    """About reports and letters left pending by an earlier ingest and written now (or not)."""
    sources: list[Path] = field(default_factory=list)
    """Where the files were looked for (the files and folders given, else the inbox)."""
    found: int = 0
    """How many files were found there (0: nothing was read, the report only has notes)."""

    def count(self, *outcomes: str) -> int:
        return sum(1 for r in self.results if r.outcome in outcomes)

    @property
    def all_accepted(self) -> bool:
        fine = (DUPLICATE, OLDER)
        return all(r.outcome.accepted or r.outcome in fine for r in self.results)

    @property
    def totals(self) -> IngestTotals:
        return IngestTotals(
            files=len(self.results),
            accepted=self.count(ACCEPTED, ACCEPTED_WITH_WARNINGS),
            incomplete=self.count(INCOMPLETE),
            rejected=self.count(REJECTED),
            duplicate=self.count(DUPLICATE),
            needs_review=self.count(NEEDS_REVIEW),
            older=self.count(OLDER),
            blank=self.count(BLANK),
        )

    @property
    def exit_code(self) -> int:
        """0 when every file found was accepted (or nothing was found), 1 when any was
        incomplete, rejected or waits for review."""
        if not self.found:
            return 0
        return 0 if self.all_accepted and not self.waiting else 1


def store_path(rd: RoundDir) -> Path:
    """The round's store: :attr:`RoundDir.store` (kept for callers of the old name)."""
    return rd.store


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
    return path.name.startswith(("~$", ".")) or path.name in ("Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class Received:
    """A file as received: where it came from, its hash, its archive copy, size and time;
    ``mtime``: the file's own time; ``blank``: the project whose blank form these bytes are
    (then there is no archive copy)."""

    path: Path
    sha256: str
    archived: Path
    size: int
    time: str
    mtime: str = ""
    blank: str | None = None


@dataclass(frozen=True)
class Rejection:
    """The pure work's verdict on a refused file: the reason key and the message for people."""

    key: str
    reason: str


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
Pending = deque[tuple[Received, "Future[Done | None] | None"]]
"""Archived files in flight, in input order, each with its worker's future (None: not sent)."""


class Ingest:
    """One ingest run on one round."""

    def __init__(self, round_dir: Path, lang: str | None = None):
        self.rd = RoundDir(round_dir)
        self.record: RoundRecord = self.rd.load()
        self.lang = lang or self.record.language
        self.q: Questionnaire = load_questionnaire(self.rd.definition, self.lang)
        self.checker = Checker(self.q, self.lang)
        self.checkers = {self.lang: self.checker}
        self.archive = self.rd.archive
        self.blank = {sha: p.id for p in self.record.projects.values() for sha in p.sha256.values()}
        """The SHA-256 of every form the round sent, and to whom."""
        self._blank_cache: dict[tuple[str, str], object] = {}

    @writes_round("self")
    def run(
        self,
        files: list[Path],
        progress: Progress | None = None,
        jobs: int | None = None,
    ) -> IngestReport:
        """Ingest ``files`` in order; ``jobs``: see :func:`ingest`."""
        report = IngestReport(self.rd)
        workers = worker_count(jobs, len(files), PARALLEL_MIN_FILES)
        with Store(self.rd.store) as store:
            self._register_projects(store)
            report.notes += self._catch_up(store)
            results = (
                self._pooled(store, files, workers) if workers > 1 else self._each(store, files)
            )
            for result in results:
                if progress:
                    progress(result.path.name)
                report.results.append(result)
            _final_outcomes(store, report.results)
            report.waiting = waiting(store, self.q)
        return report

    def _register_projects(self, store: Store) -> None:
        with store.transaction() as db:
            for p in self.record.projects.values():
                store.upsert_project(
                    db,
                    id=p.id,
                    name=p.name,
                    organisation=p.organisation,
                    email=p.email,
                    contact=p.contact,
                    language=p.language,
                    token=p.token,
                )

    def _each(self, store: Store, files: list[Path]) -> Iterator[FileResult]:
        for path in files:
            yield self.one(store, path)

    def _pooled(self, store: Store, files: list[Path], workers: int) -> Iterator[FileResult]:
        """``one()`` for each file, its pure work done ahead in worker processes.

        This process archives each file first and settles the results in input order; at
        most 2 x ``workers`` files are in flight. A file a worker could not do (an exception,
        a broken pool) is done here, so the outcome is always the one ``one()`` gives.
        """
        pool: ProcessPoolExecutor | None = _start_pool(workers, self.rd.root, self.lang)
        pending: Pending = deque()
        try:
            for path in files:
                try:
                    got = self._archive(path)
                except Exception as exc:  # as one() by one(): what came before comes first
                    yield from self._drain(store, pending)
                    yield self._gone(path, exc)
                    continue
                future = None
                if pool is not None and got.blank is None and not _known(store, got, pending):
                    future, pool = _submit(pool, got)
                pending.append((got, future))
                if len(pending) >= 2 * workers:
                    yield self._finish(store, *_settled(*pending.popleft()))
            yield from self._drain(store, pending)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    def _drain(self, store: Store, pending: Pending) -> Iterator[FileResult]:
        while pending:
            yield self._finish(store, *_settled(*pending.popleft()))

    # --- one file ------------------------------------------------------------------------------

    def one(self, store: Store, path: Path) -> FileResult:
        """Ingest one file; never raises for a bad file."""
        try:
            got = self._archive(path)
        except Exception as exc:
            return self._gone(path, exc)
        return self._finish(store, got)

    def _gone(self, path: Path, exc: Exception) -> FileResult:
        """The result for a file that was gone when it was to be read (a sync client or a
        mail program moved it after it was listed): named, nothing read, nothing recorded.
        Any other failure is raised again."""
        if not isinstance(exc, FileNotFoundError) or path.exists():
            raise exc
        reason = t("ingest.gone", self.lang, file=path)
        return FileResult(path, "", REJECTED, reason=reason)

    def _finish(self, store: Store, got: Received, done: Done | None = None) -> FileResult:
        """After the archive copy: the duplicate check, the pure work (unless ``done``
        already), the store transaction and the report."""
        if got.blank is not None:
            reason = t("returns.blank_form", self.lang, project=got.blank)
            return FileResult(got.path, got.sha256, BLANK, got.blank, reason=reason)
        known = store.file(got.sha256)
        if known is not None:
            return FileResult(got.path, got.sha256, DUPLICATE, known.project)
        if done is None:
            done = self.examine(got)
        if isinstance(done, Rejection):
            self._record_rejected(store, got, done)
            return FileResult(got.path, got.sha256, REJECTED, reason=done.reason)
        if done.blank:  # kept in the archive, recorded nowhere, no report and no letter
            reason = t("returns.blank_form", self.lang, project=done.ident.project)
            return FileResult(got.path, got.sha256, BLANK, done.ident.project, reason=reason)
        project, checked = done.ident.project, done.checked
        recorded = self._record(store, got, done)
        if recorded is None:
            return FileResult(got.path, got.sha256, DUPLICATE, project)
        outcome, changed = recorded
        own = done if outcome == checked.outcome else None
        _, notes = self.refresh(store, project, changed, own)
        return FileResult(got.path, got.sha256, outcome, project, checked.problems, "", notes)

    def examine(self, got: Received) -> Done:
        """The pure work on an archived file: read, identify, check, render; no store."""
        try:
            content = self._read(got)
            ident = self._identify(content)
        except RejectedFile as exc:
            detail = library_detail(exc.detail, self.lang)
            return Rejection(exc.reason, t(f"reject.{exc.reason}", self.lang, detail=detail))
        checked = self._check(content, ident, got.path)
        if self._only_prefilled(checked) and _says(checked) == self._blank_says(
            ident.project, content.format
        ):
            return Examined(ident, content.format, checked, "", blank=True)
        alert = other_project_problem(
            self.q, self.record, ident.project, checked.answers, self.lang, got.path.name
        )
        if alert is not None:  # attributed by its token all the same, but said prominently
            checked.problems.insert(0, alert)
        report, letter = self._render(got.path, ident, content, checked)
        saved, source = saved_time(got.archived, content.format, got.mtime, got.time)
        return Examined(ident, content.format, checked, report, letter, saved, source)

    def _only_prefilled(self, checked: Checked) -> bool:
        """Whether a return answers no question beyond those praxis pre-filled (else it
        cannot be a blank form, and the blank form need not be read)."""
        from pipeline.publication.answers import answered

        ids = {q.id for q in self.q.answerable() if q.prefill}
        return all(k in ids for k, v in checked.answers.items() if answered(v))

    def _blank_says(self, project_id: str, fmt: str) -> object:
        """What the blank form of ``fmt`` sent to the project says, read as a return is
        (None when round.json names no such form or it cannot be read)."""
        key = (project_id, fmt)
        if key not in self._blank_cache:
            self._blank_cache[key] = None
            name = self.record.projects[project_id].files.get(fmt)
            path = self.rd.root / name if name else None
            if path is not None and path.is_file():
                form = Received(path, "", path, path.stat().st_size, "")
                try:
                    content = self._read(form)
                    ident = self._identify(content)
                    self._blank_cache[key] = _says(self._check(content, ident, path))
                except RejectedFile:
                    pass
        return self._blank_cache[key]

    def _render(
        self, path: Path, ident: Identification, content: FormContent, checked: Checked
    ) -> tuple[str, bytes | None]:
        """The project report and, for an incomplete return, the follow-up letter."""
        from pipeline.returns.reports import follow_up_letter, project_report

        project = self.record.projects[ident.project]
        report = project_report(self.q, project, path.name, checked, self.lang)
        if checked.outcome != INCOMPLETE:
            return report, None
        lang = project.language if project.language in self.q.languages else self.lang
        letter = checked if lang == self.lang else self._checker(lang).check(content, path.name)
        return report, follow_up_letter(self.q, project, letter, self.record.deadline_date)

    def refresh(
        self, store: Store, project_id: str, changed: bool, done: Examined | None = None
    ) -> tuple[Path, list[str]]:
        """Write the project's report on its current return (``done``: that return's pure
        work, when it is the file just read) with the account of all its returns; and, when
        the current return ``changed``, its follow-up letter (to an incomplete one) or the
        removal of the letter it settles (to a complete one).

        What cannot be written (a full disk, the letter open in Word, ...) does not stop the
        ingest: it is marked pending in the store and written by the next ingest. Returns the
        report's path and the notes for people about that.
        """
        from pipeline.returns.reports import follow_up_path, report_path, settled_note

        project = self.record.projects[project_id]
        subs = store.project_submissions(project_id)
        current = next((s for s in subs if s.current), None)
        path = report_path(self.rd, project)
        if current is None:
            return path, []
        if done is None and changed and current.outcome == INCOMPLETE:
            done = self._examine_stored(store, current)  # for the letter
        body = done.report if done is not None else self._stored_report(current)
        failures: list[tuple[Path, OSError]] = []
        letter, settled = follow_up_path(self.rd, project), ""
        try:
            if changed and done is not None and done.letter is not None:
                write_atomic(letter, done.letter, durable=False)
            elif changed and current.outcome != INCOMPLETE and letter.is_file():
                letter.unlink()
                settled = settled_note(self._shown(letter), self.lang)
        except OSError as exc:
            failures.append((letter, exc))
        section = returns_section(self.q, subs, self.lang)
        try:
            write_atomic(path, f"{body}\n{section}{settled}".encode(), durable=False)
        except OSError as exc:
            failures.append((path, exc))
        return path, self._mark_pending(store, project, current.file_sha256, failures)

    def _stored_report(self, s: Submission) -> str:
        """The report on a stored return, from what the store holds of its check."""
        from pipeline.returns.reports import project_report

        checked = Checked(s.answers, s.problems, s.changes)
        project = self.record.projects[s.project]
        return project_report(self.q, project, s.file_name, checked, self.lang)

    def _examine_stored(self, store: Store, s: Submission) -> Examined | None:
        """The pure work again on a stored return's archive copy (None if that fails)."""
        file = store.file(s.file_sha256)
        if file is None:
            return None
        got = Received(Path(file.name), file.sha256, self.rd.root / file.archive, file.size, "")
        try:
            done = self.examine(got)
        except Exception:  # a copy gone or damaged since: the report from the store instead
            return None
        return done if isinstance(done, Examined) else None

    def _mark_pending(
        self,
        store: Store,
        project: RoundProject,
        sha256: str,
        failures: list[tuple[Path, OSError]],
    ) -> list[str]:
        """Mark in the store what could not be written for ``project`` (or clear that mark
        when all was written); the note for people when something is pending."""
        if failures:
            with store.transaction() as db:
                store.set_pending(db, project.id, sha256, _now())
                detail = ", ".join(str(self._shown(path)) for path, _ in failures)
                store.log(db, _now(), "report_pending", project.id, sha256, detail)
            return [self._pending_note(project, failures)]
        if project.id in store.pending():
            with store.transaction() as db:
                store.clear_pending(db, project.id)
        return []

    def _shown(self, path: Path) -> Path:
        """``path`` as people see it in notes: relative to the round folder."""
        return path.relative_to(self.rd.root)

    def _pending_note(self, project: RoundProject, failures: list[tuple[Path, OSError]]) -> str:
        path, exc = failures[0]
        found = environment_failure(exc, path)
        failure = EnvironmentFailure(
            found.kind if found else "io", self._shown(path), exc.strerror or str(exc)
        )
        files = ", ".join(str(self._shown(p)) for p, _ in failures)
        return t(
            "env.pending",
            self.lang,
            problem=failure.message(self.lang),
            project=project.id,
            files=files,
        )

    def _catch_up(self, store: Store) -> list[str]:
        """Write the reports and letters an earlier ingest could not write, where the
        return they belong to is still the project's current one."""
        pending = store.pending()
        if not pending:
            return []
        current = {s.project: s.file_sha256 for s in store.submissions()}
        notes: list[str] = []
        for project_id, sha256 in pending.items():
            if current.get(project_id) != sha256 or project_id not in self.record.projects:
                with store.transaction() as db:  # superseded meanwhile: nothing to write
                    store.clear_pending(db, project_id)
                continue
            _, late = self.refresh(store, project_id, changed=True)
            notes += late or [t("env.written_late", self.lang, files=self._outputs(project_id))]
        return notes

    def _outputs(self, project_id: str) -> str:
        from pipeline.returns.reports import follow_up_path, report_path

        project = self.record.projects[project_id]
        paths = [report_path(self.rd, project), follow_up_path(self.rd, project)]
        return ", ".join(str(self._shown(p)) for p in paths if p.exists())

    def _checker(self, lang: str) -> Checker:
        if lang not in self.checkers:
            self.checkers[lang] = Checker(self.q, lang)
        return self.checkers[lang]

    def _archive(self, path: Path) -> Received:
        """Copy the raw bytes into ``archive/<sha256><suffix>`` before anything else.

        The file is read once: the bytes hashed are the bytes written to the copy, so a file
        replaced meanwhile (a sync client) cannot give a copy that does not match its name.
        The bytes of a blank form the round sent are not archived (``forms/`` has them).
        """
        self.archive.mkdir(parents=True, exist_ok=True)
        target, tmp = self.archive, ""
        try:
            fd, tmp = tempfile.mkstemp(dir=self.archive, prefix=_INCOMING, suffix=".tmp")
            usual_mode(tmp)
            with os.fdopen(fd, "wb") as copy, path.open("rb") as handle:
                mtime = file_time(os.fstat(handle.fileno()).st_mtime)
                sha, size = _copy_hashed(handle, copy)
                suffix = path.suffix.lower()
                suffix = suffix if re.fullmatch(r"[.][a-z0-9]{1,8}", suffix) else ""
                target = self.archive / f"{sha}{suffix}"
                blank = self.blank.get(sha)
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
        return Received(path, sha, target, size, _now(), mtime, blank)

    def _read(self, got: Received) -> FormContent:
        if got.size > MAX_FILE_BYTES:
            raise RejectedFile("too_large", f"{got.size // (1024 * 1024)} MB")
        inspected = inspect_bytes(got.path.name, got.archived.read_bytes())
        try:
            if inspected.format == "docx":
                from pipeline.forms.word.reader import read_docx

                return read_docx(got.archived, self.q, self.lang)
            from pipeline.forms.excel.reader import read_xlsx

            return read_xlsx(got.archived, self.q, self.lang)
        except FormError as exc:
            detail = str(exc).replace(str(got.archived), got.path.name)
            raise RejectedFile("unreadable", detail) from exc

    def _identify(self, content: FormContent) -> Identification:
        ident = content.identification
        if ident is None:
            raise RejectedFile("no_identification")
        conflict = identification_conflict(content.id_sources)
        if conflict is not None:
            raise RejectedFile("id_conflict", self._conflict_detail(conflict))
        if ident.questionnaire != self.record.questionnaire:
            raise RejectedFile("other_questionnaire", ident.questionnaire)
        project = self.record.projects.get(ident.project)
        if project is None:
            raise RejectedFile("unknown_project", ident.project)
        if ident.token != project.token:
            raise RejectedFile("token", ident.project)
        return ident

    def _conflict_detail(self, conflict: IdConflict) -> str:
        return t(
            "identity.conflict",
            self.lang,
            field=t(f"identity.field.{conflict.field}", self.lang),
            source=t(f"identity.source.{conflict.source.split('-')[0]}", self.lang),
            value=conflict.value,
            other_source=t(f"identity.source.{conflict.other_source.split('-')[0]}", self.lang),
            other_value=conflict.other_value,
        )

    def _check(self, content: FormContent, ident: Identification, path: Path) -> Checked:
        checked = self.checker.check(content, path.name)
        if ident.version != self.record.version:
            message = t(
                "issue.old_version", self.lang, found=ident.version, expected=self.record.version
            )
            code = ProblemCode.OLD_VERSION
            warning = Problem(code, message, Severity.WARNING, file=path.name)
            checked.problems.insert(0, warning)
        return checked

    # --- recording -----------------------------------------------------------------------------

    def _file_record(
        self, got: Received, project: str | None, outcome: Outcome, reason: str | None
    ) -> FileRecord:
        archive = got.archived.relative_to(self.rd.root).as_posix()
        return FileRecord(
            got.sha256, got.path.name, got.size, got.time, archive, project, outcome, reason
        )

    def _record_rejected(self, store: Store, got: Received, rejection: Rejection) -> None:
        with store.transaction() as db:
            if store.has_file(db, got.sha256):  # another ingest took it meanwhile
                return
            store.add_file(db, self._file_record(got, None, REJECTED, rejection.reason))
            store.log(
                db, got.time, "rejected", None, got.sha256, f"{got.path.name}: {rejection.key}"
            )

    def _record(self, store: Store, got: Received, done: Examined) -> tuple[Outcome, bool] | None:
        """Record the return and settle which of the project's returns is current: the
        outcome (the check's when it became current, else waiting for review or older) and
        whether the current return changed; None when another ingest took the file."""
        ident, checked = done.ident, done.checked
        with store.transaction() as db:
            if store.has_file(db, got.sha256):  # another ingest took it meanwhile
                return None
            before = store.current_id(db, ident.project)
            store.add_file(db, self._file_record(got, ident.project, checked.outcome, None))
            record = SubmissionRecord(
                project=ident.project,
                file_sha256=got.sha256,
                received=got.time,
                questionnaire=ident.questionnaire,
                version=ident.version,
                format=done.format,
                answers=checked.answers,
                issues=checked.problems,
                coercions=checked.coercions,
                outcome=checked.outcome,
                saved=done.saved or got.mtime,
                saved_from=done.saved_from or None,
            )
            sid = store.add_submission(db, record, current=False)
            settled, newly = settle_project(store, db, self.q, ident.project)
            outcome = checked.outcome if settled.current == sid else OLDER
            if settled.reviews.get(sid) == NEEDS_REVIEW:
                outcome = NEEDS_REVIEW
            store.log(db, got.time, outcome, ident.project, got.sha256, got.path.name)
            for s in newly:  # earlier returns that answer less than this one, saved earlier
                if s.id != sid:
                    detail = f"{s.file_name}: {got.path.name}"
                    store.log(db, got.time, NEEDS_REVIEW, s.project, s.file_sha256, detail)
        return outcome, settled.current != before


def _final_outcomes(store: Store, results: list[FileResult]) -> None:
    """Each return's outcome as things stand after the whole run: a return that was current
    when read may wait for review or be older than one read after it (saved earlier)."""
    recorded = [r for r in results if r.outcome not in (BLANK, DUPLICATE, REJECTED)]
    if not recorded:
        return
    states = store.submission_states()
    for r in recorded:
        current, review, checked = states[r.sha256]
        r.outcome = (
            Outcome(checked) if current else NEEDS_REVIEW if review == NEEDS_REVIEW else OLDER
        )


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


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- worker processes ----------------------------------------------------------------------


_worker: Ingest | None = None
"""In a worker process: the round, questionnaire and checker, built once."""


def _start_worker(round_dir: Path, lang: str) -> None:
    global _worker
    _worker = Ingest(round_dir, lang)


def _examine_in_worker(got: Received) -> Done | None:
    """``Ingest.examine`` in a worker; None when it failed (then the main process does it)."""
    try:
        assert _worker is not None
        return _worker.examine(got)
    except Exception:
        return None


def _says(checked: Checked) -> object:
    """What a checked form says: its given answers and the problems with its answers (a
    value that could not be read is one, so it counts as said; how the file was read, e.g.
    a form an office program rewrote, is not)."""
    from pipeline.publication.answers import answered

    answers = sorted((k, repr(v)) for k, v in checked.answers.items() if answered(v))
    problems = sorted({(p.code, p.question, p.location) for p in checked.problems if p.question})
    return (answers, problems)


def _start_pool(workers: int, round_dir: Path, lang: str) -> ProcessPoolExecutor | None:
    try:
        return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(round_dir, lang))
    except (OSError, ImportError, NotImplementedError, ValueError):  # no processes here
        return None


def _submit(
    pool: ProcessPoolExecutor, got: Received
) -> tuple[Future[Done | None] | None, ProcessPoolExecutor | None]:
    """The future of ``got``'s pure work, and the pool; neither when the pool failed."""
    try:
        return pool.submit(_examine_in_worker, got), pool
    except (OSError, RuntimeError):  # BrokenProcessPool is a RuntimeError
        pool.shutdown(wait=False, cancel_futures=True)
        return None, None


def _known(store: Store, got: Received, pending: Iterable[tuple[Received, object]]) -> bool:
    """Whether ``got`` is a duplicate: in the store, or the same bytes as a file in flight."""
    return store.file(got.sha256) is not None or any(p.sha256 == got.sha256 for p, _ in pending)


def _settled(got: Received, future: Future[Done | None] | None) -> tuple[Received, Done | None]:
    """A file and its worker's result; None when there is none (not sent, failed, broken)."""
    if future is None:
        return got, None
    try:
        return got, future.result()
    except Exception:  # BrokenProcessPool, or a result that could not be sent back
        return got, None


def ingest(
    round_dir: Path,
    sources: list[Path] | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
    start: Callable[[int], object] | None = None,
) -> IngestReport:
    """Ingest ``sources`` (files or folders; default the round's inbox) into the round.

    ``jobs``: worker processes that read and check the files (None: one per core from
    :data:`PARALLEL_MIN_FILES` files on; 1: none, all in this process). ``start`` is told
    the number of files before the first is read (for a progress bar), ``progress`` the
    name of each file done. With no file found, only the reports and letters an earlier
    ingest could not write are written (when there is a store); ``found`` is then 0.
    """
    from pipeline.returns.reports import write_rejected_list

    run = Ingest(round_dir, lang)
    where = list(sources or [run.rd.inbox])
    files = collect_files(where, run.lang)
    if not files:
        report = run.run([]) if run.rd.store.exists() else IngestReport(run.rd)
        report.sources = where
        return report
    if start is not None:
        start(len(files))
    report = run.run(files, progress, jobs)
    report.sources, report.found = where, len(files)
    write_rejected_list(run.rd, run.lang)
    return report
