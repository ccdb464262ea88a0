"""``praxis generate``: one personalised Word and Excel form per project, plus mail drafts.

Generating into an existing round never overwrites what may have been sent: it refuses, or
with ``add=True`` adds only the projects that are new to the roster. Large rosters are
written by one worker process per core (see :mod:`pipeline.workers`). Everything is built in
a staging folder and moved into place at the end, made durable first (see
:mod:`pipeline.round.staging`): a round, and each added project, is there whole or not at all. The
round's lock (:mod:`pipeline.round.lock`) keeps a second writing praxis out meanwhile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import pickle
import shutil
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.definition.diff import layout_differences
from pipeline.definition.loading import definition_text, is_workbook, load_questionnaire
from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import RosterError, RoundError, UsageError
from pipeline.forms.content import FORMATS, Identification, new_token
from pipeline.forms.mail import build_eml
from pipeline.forms.prefill import prefill_values
from pipeline.locale.texts import LANGUAGES, catalogue, t
from pipeline.review.next_round import (
    Carried,
    LastRound,
    carried_note,
    last_round,
    recorded_round,
)
from pipeline.round.csvfile import rows_bytes
from pipeline.round.folder import RoundDir, RoundProject, RoundRecord, manifest_csv, write_atomic
from pipeline.round.lock import round_lock
from pipeline.round.roster import Project, read_roster, slug
from pipeline.round.staging import Staging
from pipeline.speed.forms import FormBuilder
from pipeline.workers import chunks, worker_count

Progress = Callable[[str], None]


@dataclass
class GenerateResult:
    round: RoundDir
    record: RoundRecord
    added: list[RoundProject] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_form(
    fmt: str,
    q: Questionnaire,
    project: Project,
    ident: Identification,
    deadline: dt.date | None,
    builder: FormBuilder | None = None,
    carried: Carried | None = None,
) -> bytes:
    """The bytes of one form (``docx`` or ``xlsx``) for ``project``, pre-filled from the roster.

    ``builder`` is the round's (it keeps the templates of the fast path); without one the form
    is built plainly (a template pays off from the second form on). ``carried``: the answers
    taken from the last round (marked in the form); the roster's values win.
    """
    builder = builder or FormBuilder(fast=False)
    roster = prefill_values(q, project)
    old = carried.values if carried else {}
    marked = frozenset(k for k in (carried.questions if carried else ()) if k not in roster)
    prefill = {**old, **roster}
    return builder.form(fmt, q, project, ident, ident.language, deadline, prefill, marked)


def project_language(q: Questionnaire, project: Project, default: str) -> str:
    """The roster's language of the project if the questionnaire has it, else ``default``."""
    for lang in (project.language, default):
        if lang in q.languages:
            return lang
    return q.default_language


def generate_round(
    definition: Path,
    roster: Path,
    round_dir: Path,
    *,
    lang: str = "de",
    deadline: dt.date | None = None,
    formats: Iterable[str] = FORMATS,
    add: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
    mail: bool = True,
    from_round: Path | None = None,
) -> GenerateResult:
    """Write the forms, mail drafts, manifest and record of a round (see module doc).

    ``jobs``: worker processes (None: one per core for large rosters, 1: none). ``mail``:
    False writes the forms only, no mail drafts and cover letters. ``from_round``: the answers
    of that round pre-fill the forms (see :mod:`pipeline.review.next_round`).
    """
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format(s) {', '.join(unknown)}; use docx and/or xlsx")
    with _early_workers(Path(roster), jobs, add) as early:
        q = load_questionnaire(definition, lang)
        projects = read_roster(roster, lang)
        rd = RoundDir(round_dir)
        with round_lock(rd.root, lang, create=True):  # also clears what a killed run left
            record, new = _plan(rd, q, projects, lang, deadline, add)
            existed = rd.exists()
            notes: list[str] = []
            if existed:  # --add: the round's own definition, fixed when it was generated
                q, notes = _round_definition(rd, q, Path(definition), lang)
            from_round = from_round or (recorded_round(rd.root) if existed else None)
            last = last_round(from_round, q, lang) if from_round else None
            with Staging(rd.root, new_round=not existed) as stage:
                staged = RoundDir(stage.root)
                if not existed:
                    _start_round(staged, definition, q)
                job = _Job(stage.root, record.language, record.deadline_date, formats, mail, last)
                added = _write_projects(job, q, new, jobs, progress, early)
                if last is not None:
                    notes.append(carried_note(rd.root, staged.root, last, new, added, lang))
                for entry in added:
                    record.projects[entry.id] = entry
                if added or not existed:
                    _write_roster(staged, _with_earlier(rd, projects))
                    manifest = manifest_csv(record).encode("utf-8")
                    write_atomic(staged.manifest, manifest, durable=False)  # durable on commit
                    staged.save(record, durable=False)
                    stage.commit()  # durable, then moved into place: the record names whole files
    return GenerateResult(rd, record, added, notes)


def _round_definition(
    rd: RoundDir, q: Questionnaire, definition: Path, lang: str
) -> tuple[Questionnaire, list[str]]:
    """The round's copy of its definition; refused when ``q`` differs in more than wording."""
    fixed = load_questionnaire(rd.definition, lang)
    differences = layout_differences(fixed, q, lang)
    if differences:
        raise RoundError(
            t(
                "generate.definition_changed",
                lang,
                definition=definition.name,
                round=rd.root,
                differences="\n".join(f"  - {line}" for line in differences),
                copy=rd.definition,
            )
        )
    if _in_place(fixed, rd.root) != _in_place(q, definition.resolve().parent):
        return fixed, [t("generate.wording_kept", lang, definition=definition.name)]
    return fixed, []


def _in_place(q: Questionnaire, folder: Path) -> Questionnaire:
    """``q`` with its pictures named relative to ``folder``, the folder of its definition."""
    return replace(q, publication=q.publication.relative_to(folder.resolve()))


def _plan(
    rd: RoundDir,
    q: Questionnaire,
    projects: list[Project],
    lang: str,
    deadline: dt.date | None,
    add: bool,
) -> tuple[RoundRecord, list[Project]]:
    """The record to extend and the projects to write; refuses to overwrite a round."""
    if not rd.exists():
        if rd.forms.exists() and any(rd.forms.iterdir()):
            raise RoundError(t("generate.exists", lang, round=rd.root))
        created = dt.date.today().isoformat()
        iso = deadline.isoformat() if deadline else None
        return RoundRecord(q.id, q.version, lang, iso, created), projects
    if not add:
        raise RoundError(t("generate.exists", lang, round=rd.root))
    record = rd.load()
    if (record.questionnaire, record.version) != (q.id, q.version):
        existing = f"{record.questionnaire} {record.version}"
        raise RoundError(
            t(
                "generate.other_questionnaire",
                lang,
                round=rd.root,
                existing=existing,
                new=f"{q.id} {q.version}",
            )
        )
    new = [p for p in projects if p.id not in record.projects]
    _refuse_case_twins(record, new, lang)
    return record, new


def _refuse_case_twins(record: RoundRecord, new: list[Project], lang: str) -> None:
    """A new id that differs from one of the round's only in case would share its files on
    Windows and macOS."""
    known = {pid.casefold(): pid for pid in record.projects}
    twins = [(p.id, known[p.id.casefold()]) for p in new if p.id.casefold() in known]
    if twins:
        lines = [t("roster.round_case", lang, id=pid, other=other) for pid, other in twins]
        raise RosterError("\n  ".join(lines))


def _start_round(rd: RoundDir, definition: Path, q: Questionnaire) -> None:
    for folder in (rd.forms, rd.mails, rd.inbox):
        folder.mkdir(parents=True, exist_ok=True)
    if is_workbook(definition):  # an XLSForm: the round keeps the converted definition
        rd.definition.write_text(definition_text(definition), encoding="utf-8")
    else:
        shutil.copyfile(definition, rd.definition)
        _copy_pictures(q, Path(definition).resolve().parent, rd.root)


def _copy_pictures(q: Questionnaire, source: Path, target: Path) -> None:
    """The pictures the ``publication:`` block names (relative to the definition), at the
    same places beside the round's copy, so that the copy finds them too."""
    for picture in q.publication.pictures:
        if picture.is_relative_to(source) and picture.is_file():
            copy = target / picture.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(picture, copy)


@dataclass(frozen=True)
class _Job:
    """What every project of one generate run shares (sent to the worker processes)."""

    root: Path
    language: str
    deadline: dt.date | None
    formats: tuple[str, ...]
    mail: bool
    last: LastRound | None = None


def _early_workers(roster: Path, jobs: int | None, add: bool) -> Any:
    """Worker processes started before the definition and the roster are read, so that their
    own start (the form modules and text catalogues, ~0.3 s) overlaps that reading; None
    where the round may not use them: ``--add``, one process asked for or one core, a roster
    that is no CSV file of at least :data:`pipeline.workers.MIN_ITEMS` lines."""
    try:
        lines = roster.read_bytes().count(b"\n") if roster.suffix.lower() == ".csv" else 0
    except OSError:
        lines = 0  # read_roster names the problem
    count = 1 if add else worker_count(jobs, lines)
    if count <= 1:
        return nullcontext(None)
    try:
        pool = ProcessPoolExecutor(count, initializer=_warm_up)
        pool.submit(int)  # starts the processes now (all at once where they are forked)
    except (OSError, RuntimeError):
        return nullcontext(None)  # no processes here: the forms are written in this one
    return pool


def _warm_up() -> None:
    """What a worker needs before its first form, loaded while it waits for one."""
    for module in ("pipeline.speed.word", "pipeline.speed.excel"):
        importlib.import_module(module)
    for language in LANGUAGES:
        catalogue(language)


def _write_projects(
    job: _Job,
    q: Questionnaire,
    projects: Sequence[Project],
    jobs: int | None,
    progress: Progress | None,
    early: ProcessPoolExecutor | None = None,
) -> list[RoundProject]:
    """The entries of ``projects`` after writing their files, in roster order (by the
    ``early`` workers where they were started, see :func:`_early_workers`)."""
    done: list[RoundProject] = []
    builder = FormBuilder()  # this round's templates, dropped with it
    workers = worker_count(jobs, len(projects))
    if workers > 1:
        pool = early
        try:
            pool = pool or ProcessPoolExecutor(workers, initializer=_warm_up)
            blob = pickle.dumps(q)  # unpickled once per worker (see _IN_WORKER)
            tasks = [(job, chunk, blob) for chunk in chunks(projects, workers)]
            for entries in pool.map(_worker_chunk, tasks):
                for entry in entries:
                    if progress:
                        progress(entry.id)
                    done.append(entry)
        except (BrokenProcessPool, OSError):
            pass  # a worker could not start or failed: the rest is written here
        finally:
            if pool is not None:  # no worker still writes when this process writes the rest
                pool.shutdown(wait=True, cancel_futures=True)
    for project in projects[len(done) :]:
        if progress:
            progress(project.id)
        done.append(_write_project(job, q, project, builder))
    return done


_IN_WORKER: list[tuple[bytes, Questionnaire, FormBuilder]] = []
"""A worker process's questionnaire (with its pickled bytes) and form builder, set by its first
chunk: the builder keeps its templates by the questionnaire object, so the questionnaire must
be the same object for every chunk (one unpickled per chunk would rebuild the templates each
time). A worker process writes one round; the builder is safe to use from several threads."""


def _worker_chunk(task: tuple[_Job, list[Project], bytes]) -> list[RoundProject]:
    """The entries of one chunk of projects, in a worker process."""
    job, projects, blob = task
    if not _IN_WORKER or _IN_WORKER[0][0] != blob:
        _IN_WORKER[:] = [(blob, pickle.loads(blob), FormBuilder())]  # from this praxis
    _, q, builder = _IN_WORKER[0]
    return [_write_project(job, q, project, builder) for project in projects]


def _write_project(
    job: _Job, q: Questionnaire, project: Project, builder: FormBuilder
) -> RoundProject:
    rd = RoundDir(job.root)
    language = project_language(q, project, job.language)
    entry = RoundProject(
        id=project.id,
        name=project.name,
        organisation=project.organisation,
        email=project.email,
        contact=project.contact,
        language=language,
        token=new_token(),
        slug=slug(project.name),
    )
    ident = Identification(q.id, q.version, project.id, entry.token, language)
    stem = f"{project.id}-{entry.slug}"
    attachments = []
    carried = job.last.carried(project.id, language) if job.last else None
    for fmt in job.formats:
        data = build_form(fmt, q, project, ident, job.deadline, builder, carried)
        path = rd.forms / f"{stem}.{fmt}"
        _write_staged(path, data)
        entry.files[fmt] = path.relative_to(rd.root).as_posix()
        entry.sha256[fmt] = hashlib.sha256(data).hexdigest()
        attachments.append(path)
    if job.mail:
        gone = carried.gone if carried else []
        _write_mail(rd, q, entry, job.deadline, attachments, stem, builder, gone)
    return entry


def _write_staged(path: Path, data: bytes) -> None:
    """Write a file of the staging folder: plainly, without a temporary file and rename per
    file (the folder is discarded whole if the run fails, see :mod:`pipeline.round.staging`), with
    the mode the umask gives (``open`` makes it so); made durable with the others on commit."""
    try:
        handle = path.open("wb")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("wb")
    try:
        with handle:
            handle.write(data)
    except OSError as exc:  # a full disk: named by the file (the staging folder maps it)
        if exc.filename is None:
            exc.filename = str(path)
        raise


def _write_mail(
    rd: RoundDir,
    q: Questionnaire,
    entry: RoundProject,
    deadline: dt.date | None,
    attachments: list[Path],
    stem: str,
    builder: FormBuilder,
    gone: Sequence[str] = (),
) -> None:
    eml = rd.mails / f"{stem}.eml"
    _write_staged(eml, build_eml(q, entry, deadline, attachments, gone))
    letter_name = t("letter.title", entry.language).lower().replace(" ", "-")
    letter = rd.mails / f"{stem}-{letter_name}.docx"
    _write_staged(letter, builder.letter(q, entry, deadline, gone))
    entry.files["eml"] = eml.relative_to(rd.root).as_posix()
    entry.files["letter"] = letter.relative_to(rd.root).as_posix()


def _with_earlier(rd: RoundDir, projects: list[Project]) -> list[Project]:
    """The roster as read, plus projects of the round's earlier roster that it no longer has."""
    if not rd.roster.exists():
        return projects
    current = {p.id for p in projects}
    earlier = [p for p in read_roster(rd.roster) if p.id not in current]
    return [*earlier, *projects]


def _write_roster(rd: RoundDir, projects: list[Project]) -> None:
    columns: dict[str, Any] = {}
    for p in projects:
        columns.update(dict.fromkeys(p.columns))
    rows = [[p.columns.get(c, "") for c in columns] for p in projects]
    rows_data = rows_bytes([list(columns), *rows])  # read back by csv_rows
    write_atomic(rd.roster, rows_data, durable=False)  # the staging commit makes it durable
