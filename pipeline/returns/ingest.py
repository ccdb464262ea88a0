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

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import FormError
from pipeline.forms.content import FormContent, IdConflict, Identification, identification_conflict
from pipeline.locale.library import library_detail
from pipeline.locale.texts import t
from pipeline.problems import Problem, ProblemCode, Severity
from pipeline.returns.conversion import readable
from pipeline.returns.current import saved_time, settle_project, waiting
from pipeline.returns.followup import Reporting
from pipeline.returns.identity import code_conflict, identified_by_code, other_project_problem
from pipeline.returns.ingest_report import FileResult, IngestReport, already_read
from pipeline.returns.mail_ingest import MailPart, is_mail, mail_parts, sender_warnings
from pipeline.returns.media import ingest_media, is_media
from pipeline.returns.received import (
    Done,
    Examined,
    Received,
    Rejection,
    collect_files,
    receive,
)
from pipeline.returns.safety import MAX_FILE_BYTES, RejectedFile, inspect_bytes
from pipeline.returns.store import FileRecord, Store, SubmissionRecord
from pipeline.returns.submission import (
    BLANK,
    DUPLICATE,
    NEEDS_REVIEW,
    OLDER,
    REJECTED,
    Checked,
    Checker,
    Outcome,
)
from pipeline.round.folder import RoundDir, RoundRecord
from pipeline.round.lock import round_lock, writes_round
from pipeline.workers import worker_count

if TYPE_CHECKING:
    from pipeline.forms.excel.reader import ExcelFormReader
    from pipeline.forms.word.reader import WordFormReader

Progress = Callable[[str], None]
PARALLEL_MIN_FILES = 64
"""With fewer files (and no ``jobs``), all is done in this process. Starting a worker costs
about 0.4 s (imports, questionnaire, checker); on 2 cores the pool breaks even near 64 files."""


def store_path(rd: RoundDir) -> Path:
    """The round's store: :attr:`RoundDir.store` (kept for callers of the old name)."""
    return rd.store


Part = Received | MailPart
"""A file to settle: as received, or a part of a saved e-mail's ingest."""
Pending = deque[tuple[Part, "Future[Done | None] | None"]]
"""Archived files in flight, in input order, each with its worker's future (None: not sent)."""


class Ingest(Reporting):
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
        self._readers: dict[str, WordFormReader | ExcelFormReader] = {}

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
            try:
                parts = self._arrived(path)
            except Exception as exc:
                yield self._gone(path, exc)
                continue
            for part in parts:
                yield from self._settle(store, part, None)

    def _pooled(self, store: Store, files: list[Path], workers: int) -> Iterator[FileResult]:
        """``_each()``'s results, the pure work of files done ahead in worker processes.

        This process archives each file first and settles the results in input order; at
        most 2 x ``workers`` files are in flight. A file a worker could not do (an exception,
        a broken pool) is done here, so the outcome is always the one ``_each()`` gives.
        """
        pool: ProcessPoolExecutor | None = _start_pool(workers, self.rd.root, self.lang)
        pending: Pending = deque()
        try:
            for path in files:
                try:
                    parts = self._arrived(path)
                except Exception as exc:  # as _each(): what came before comes first
                    yield from self._drain(store, pending)
                    yield self._gone(path, exc)
                    continue
                for part in parts:
                    got = part if isinstance(part, Received) else part.received
                    future = None
                    if pool is not None and got and _for_worker(store, got, pending):
                        future, pool = _submit(pool, got)
                    pending.append((part, future))
                    if len(pending) >= 2 * workers:
                        yield from self._settle(store, *_settled(*pending.popleft()))
            yield from self._drain(store, pending)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    def _drain(self, store: Store, pending: Pending) -> Iterator[FileResult]:
        while pending:
            yield from self._settle(store, *_settled(*pending.popleft()))

    # --- one file ------------------------------------------------------------------------------

    def _arrived(self, path: Path) -> list[Part]:
        """The archive copy of ``path``; of a saved e-mail also of what it holds, as the
        parts of its ingest (see :mod:`pipeline.returns.mail_ingest`)."""
        got = self._archive(path)
        return mail_parts(self, got) if is_mail(got) else [got]

    def _settle(self, store: Store, part: Part, done: Done | None) -> Iterator[FileResult]:
        """The results of a file or a mail's part (never raises for a bad file)."""
        if isinstance(part, MailPart):
            yield from part.finish(self, store, done)
        else:
            yield self._finish(store, part, done)

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
        if known is not None:  # says how it went the first time (rejected, incomplete)
            return already_read(store, got.path, known)
        if is_media(got.path.name):
            return self._media(store, got, None)
        if done is None:
            done = self.examine(got)
        if isinstance(done, Rejection):
            self._record_rejected(store, got, done)
            return FileResult(got.path, got.sha256, REJECTED, done.project, reason=done.reason)
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

    def _media(self, store: Store, got: Received, project: str | None) -> FileResult:
        """A creative answer (archived as ``got``) attached to ``project`` (None: the one its
        name starts with), or refused; see :mod:`pipeline.returns.media`."""
        return ingest_media(self, store, got, project)

    def examine(self, got: Received) -> Done:
        """The pure work on an archived file: read, identify, check, render; no store."""
        try:
            content = self._read(got)
            ident = self._identify(content)
        except RejectedFile as exc:
            detail = library_detail(exc.detail, self.lang)
            known = exc.detail if exc.reason == "token" else None  # the project it names
            return Rejection(exc.reason, t(f"reject.{exc.reason}", self.lang, detail=detail), known)
        checked = self._check(content, ident, got.path)
        if self._only_prefilled(checked, ident.project) and _says(checked) == self._blank_says(
            ident.project, content.format
        ):
            return Examined(ident, content.format, checked, "", blank=True)
        alert = other_project_problem(
            self.q, self.record, ident.project, checked.answers, self.lang, got.path.name
        )
        if alert is not None:  # attributed by its token all the same, but said prominently
            checked.problems.insert(0, alert)
        checked.problems += sender_warnings(self, ident.project, got)
        report, letter = self._render(got.path, ident, content, checked)
        mail_date = got.mail.date if got.mail else ""
        saved, source = saved_time(got.archived, content.format, got.mtime, got.time, mail_date)
        return Examined(ident, content.format, checked, report, letter, saved, source)

    def _only_prefilled(self, checked: Checked, project: str) -> bool:
        """Whether a return answers no question beyond those praxis pre-filled (else it
        cannot be a blank form, and the blank form need not be read)."""
        from pipeline.publication.answers import answered
        from pipeline.review.next_round import carried_questions

        ids = {q.id for q in self.q.answerable() if q.prefill} | carried_questions(
            self.rd.root, project
        )
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

    def _checker(self, lang: str) -> Checker:
        if lang not in self.checkers:
            self.checkers[lang] = Checker(self.q, lang)
        return self.checkers[lang]

    def _archive(self, path: Path) -> Received:
        """Copy the raw bytes into ``archive/`` before anything else (see :func:`receive`)."""
        return receive(path, self.archive, self.blank)

    def _read(self, got: Received) -> FormContent:
        if got.size > MAX_FILE_BYTES:
            raise RejectedFile("too_large", f"{got.size // (1024 * 1024)} MB")
        ready = readable(got, got.archived.read_bytes())  # .odt, .doc ...: converted
        inspected = inspect_bytes(ready.name, ready.data)
        try:
            content = self._reader(inspected.format).read(ready.data, self.lang, ready.path)
        except FormError as exc:
            detail = str(exc).replace(str(ready.path), got.path.name)
            raise RejectedFile("unreadable", detail) from exc
        content.problems[:0] = ready.notes(self.lang, got.path.name)
        return content

    def _reader(self, fmt: str) -> WordFormReader | ExcelFormReader:
        """The reader of ``fmt`` forms of the round's questionnaire, built once per run."""
        reader = self._readers.get(fmt)
        if reader is None:
            if fmt == "docx":
                from pipeline.forms.word.reader import WordFormReader

                reader = WordFormReader(self.q)
            else:
                from pipeline.forms.excel.reader import ExcelFormReader

                reader = ExcelFormReader(self.q)
            self._readers[fmt] = reader
        return reader

    def _identify(self, content: FormContent) -> Identification:
        ident = content.identification or identified_by_code(content, self.record, self.lang)
        if ident is None:
            raise RejectedFile("no_identification")
        conflict = identification_conflict(content.id_sources) or code_conflict(content, ident)
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
        mail = got.mail.sha256 if got.mail else None
        return FileRecord(
            got.sha256, got.path.name, got.size, got.time, archive, project, outcome, reason, mail
        )

    def _record_rejected(self, store: Store, got: Received, rejection: Rejection) -> None:
        with store.transaction() as db:
            if store.has_file(db, got.sha256):  # another ingest took it meanwhile
                return
            project = rejection.project
            store.add_file(db, self._file_record(got, project, REJECTED, rejection.reason))
            store.log(
                db, got.time, "rejected", project, got.sha256, f"{got.path.name}: {rejection.key}"
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
    recorded = [r for r in results if r.outcome not in (BLANK, DUPLICATE, REJECTED, Outcome.MEDIA)]
    if not recorded:
        return
    states = store.submission_states()
    for r in (r for r in recorded if r.sha256 in states):  # not a mail or a creative answer
        current, review, checked = states[r.sha256]
        r.outcome = (
            Outcome(checked) if current else NEEDS_REVIEW if review == NEEDS_REVIEW else OLDER
        )


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
    read = {p for p in checked.problems if p.question and p.code != "form-fallback"}
    problems = sorted({(p.code, p.question, p.location) for p in read})
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


def _known(store: Store, got: Received, pending: Iterable[tuple[Part, object]]) -> bool:
    """Whether ``got`` is a duplicate: in the store, or the same bytes as a file in flight."""
    return store.file(got.sha256) is not None or any(p.sha256 == got.sha256 for p, _ in pending)


def _for_worker(store: Store, got: Received, pending: Iterable[tuple[Part, object]]) -> bool:
    """Whether a worker is to read ``got``: a form, not blank, not known (a media file is
    not read as a form)."""
    return got.blank is None and not is_media(got.path.name) and not _known(store, got, pending)


def _settled(got: Part, future: Future[Done | None] | None) -> tuple[Part, Done | None]:
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
        if run.rd.store.exists():
            report = run.run([])
        else:
            with round_lock(run.rd.root, run.lang):  # another praxis at work is still named
                report = IngestReport(run.rd)
        report.sources = where
        return report
    if start is not None:
        start(len(files))
    report = run.run(files, progress, jobs)
    report.sources, report.found = where, len(files)
    write_rejected_list(run.rd, run.lang)
    return report
