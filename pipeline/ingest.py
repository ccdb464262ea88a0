"""``praxis ingest``: read returned forms into the round's store, without losing anything.

Per file: copy the raw bytes into ``archive/`` under their SHA-256 first; then inspect (refuse
what is dangerous or not a form) -> read -> identify -> coerce and validate -> record, all of
it for one file in one store transaction. The inbox is never modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.definition import load_questionnaire
from pipeline.errors import FormError, UsageError
from pipeline.form import FormContent, Identification
from pipeline.problems import Problem, Severity
from pipeline.questionnaire import Questionnaire
from pipeline.round import RoundDir, RoundRecord, copy_atomic
from pipeline.safety import MAX_FILE_BYTES, RejectedFile, inspect_bytes
from pipeline.store import FileRecord, Store
from pipeline.submission import DUPLICATE, INCOMPLETE, REJECTED, Checked, Checker
from pipeline.texts import t

STORE_NAME = "praxis.sqlite"
Progress = Callable[[str], None]


@dataclass
class FileResult:
    """What happened to one file."""

    path: Path
    sha256: str
    outcome: str
    project: str | None = None
    problems: list[Problem] = field(default_factory=list)
    reason: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)


@dataclass
class IngestReport:
    round: RoundDir
    results: list[FileResult] = field(default_factory=list)

    def count(self, *outcomes: str) -> int:
        return sum(1 for r in self.results if r.outcome in outcomes)

    @property
    def all_accepted(self) -> bool:
        return all(r.outcome.startswith("accepted") or r.outcome == DUPLICATE for r in self.results)


def store_path(rd: RoundDir) -> Path:
    return rd.root / STORE_NAME


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
    """A file as received: where it came from, its hash, its archive copy, size and time."""

    path: Path
    sha256: str
    archived: Path
    size: int
    time: str


class Ingest:
    """One ingest run on one round."""

    def __init__(self, round_dir: Path, lang: str | None = None):
        self.rd = RoundDir(round_dir)
        self.record: RoundRecord = self.rd.load()
        self.lang = lang or self.record.language
        self.q: Questionnaire = load_questionnaire(self.rd.definition, self.lang)
        self.checker = Checker(self.q, self.lang)
        self.checkers = {self.lang: self.checker}
        self.archive = self.rd.root / "archive"

    def run(self, files: list[Path], progress: Progress | None = None) -> IngestReport:
        report = IngestReport(self.rd)
        with Store(store_path(self.rd)) as store:
            self._register_projects(store)
            for path in files:
                if progress:
                    progress(path.name)
                report.results.append(self.one(store, path))
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

    # --- one file ------------------------------------------------------------------------------

    def one(self, store: Store, path: Path) -> FileResult:
        """Ingest one file; never raises for a bad file."""
        got = self._archive(path)
        known = store.file(got.sha256)
        if known is not None:
            return FileResult(path, got.sha256, DUPLICATE, known.project)
        try:
            content = self._read(got)
            ident = self._identify(content)
        except RejectedFile as exc:
            reason = t(f"reject.{exc.reason}", self.lang, detail=exc.detail)
            self._record_rejected(store, got, reason, exc)
            return FileResult(path, got.sha256, REJECTED, reason=reason)
        checked = self._check(content, ident, path)
        if not self._record(store, got, ident, content, checked):
            return FileResult(path, got.sha256, DUPLICATE, ident.project)
        self._report(path, ident, content, checked)
        return FileResult(path, got.sha256, checked.outcome, ident.project, checked.problems)

    def _report(
        self, path: Path, ident: Identification, content: FormContent, checked: Checked
    ) -> None:
        from pipeline.reports import write_follow_up, write_project_report

        project = self.record.projects[ident.project]
        write_project_report(self.rd, self.q, project, path.name, checked, self.lang)
        if checked.outcome != INCOMPLETE:
            return
        lang = project.language if project.language in self.q.languages else self.lang
        letter = checked if lang == self.lang else self._checker(lang).check(content, path.name)
        write_follow_up(self.rd, self.q, project, letter, self.record.deadline_date)

    def _checker(self, lang: str) -> Checker:
        if lang not in self.checkers:
            self.checkers[lang] = Checker(self.q, lang)
        return self.checkers[lang]

    def _archive(self, path: Path) -> Received:
        """Copy the raw bytes into ``archive/<sha256><suffix>`` before anything else."""
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
        sha = digest.hexdigest()
        suffix = path.suffix.lower()
        target = (
            self.archive / f"{sha}{suffix if re.fullmatch(r'[.][a-z0-9]{1,8}', suffix) else ''}"
        )
        if not target.exists():
            copy_atomic(path, target)
        return Received(path, sha, target, size, _now())

    def _read(self, got: Received) -> FormContent:
        if got.size > MAX_FILE_BYTES:
            raise RejectedFile("too_large", f"{got.size // (1024 * 1024)} MB")
        inspected = inspect_bytes(got.path.name, got.archived.read_bytes())
        try:
            if inspected.format == "docx":
                from pipeline.word_reader import read_docx

                return read_docx(got.archived, self.q)
            from pipeline.excel_reader import read_xlsx

            return read_xlsx(got.archived, self.q)
        except FormError as exc:
            detail = str(exc).replace(str(got.archived), got.path.name)
            raise RejectedFile("unreadable", detail) from exc

    def _identify(self, content: FormContent) -> Identification:
        ident = content.identification
        if ident is None:
            raise RejectedFile("no_identification")
        if ident.questionnaire != self.record.questionnaire:
            raise RejectedFile("other_questionnaire", ident.questionnaire)
        project = self.record.projects.get(ident.project)
        if project is None:
            raise RejectedFile("unknown_project", ident.project)
        if ident.token != project.token:
            raise RejectedFile("token", ident.project)
        return ident

    def _check(self, content: FormContent, ident: Identification, path: Path) -> Checked:
        checked = self.checker.check(content, path.name)
        if ident.version != self.record.version:
            message = t(
                "issue.old_version", self.lang, found=ident.version, expected=self.record.version
            )
            warning = Problem("old-version", message, Severity.WARNING, file=path.name)
            checked.problems.insert(0, warning)
        return checked

    # --- recording -----------------------------------------------------------------------------

    def _file_record(
        self, got: Received, project: str | None, outcome: str, reason: str | None
    ) -> FileRecord:
        archive = got.archived.relative_to(self.rd.root).as_posix()
        return FileRecord(
            got.sha256, got.path.name, got.size, got.time, archive, project, outcome, reason
        )

    def _record_rejected(self, store: Store, got: Received, reason: str, exc: RejectedFile) -> None:
        with store.transaction() as db:
            if store.has_file(db, got.sha256):  # another ingest took it meanwhile
                return
            store.add_file(db, self._file_record(got, None, REJECTED, reason))
            store.log(db, got.time, "rejected", None, got.sha256, f"{got.path.name}: {exc.reason}")

    def _record(
        self,
        store: Store,
        got: Received,
        ident: Identification,
        content: FormContent,
        checked: Checked,
    ) -> bool:
        with store.transaction() as db:
            if store.has_file(db, got.sha256):  # another ingest took it meanwhile
                return False
            store.add_file(db, self._file_record(got, ident.project, checked.outcome, None))
            store.add_submission(
                db,
                project=ident.project,
                file_sha256=got.sha256,
                received=got.time,
                questionnaire=ident.questionnaire,
                version=ident.version,
                format=content.format,
                answers=checked.answers,
                issues=[_issue(p) for p in checked.problems],
                coercions=checked.coercions,
                outcome=checked.outcome,
            )
            store.log(db, got.time, checked.outcome, ident.project, got.sha256, got.path.name)
        return True


def _issue(p: Problem) -> dict[str, object]:
    return {
        "code": p.code,
        "severity": str(p.severity),
        "question": p.question,
        "location": p.location,
        "message": p.message,
    }


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def ingest(
    round_dir: Path,
    sources: list[Path] | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest ``sources`` (files or folders; default the round's inbox) into the round."""
    run = Ingest(round_dir, lang)
    files = collect_files(sources or [run.rd.inbox], run.lang)
    report = run.run(files, progress)
    from pipeline.reports import write_rejected_list

    write_rejected_list(run.rd, run.lang)
    return report
