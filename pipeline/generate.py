"""``praxis generate``: one personalised Word and Excel form per project, plus mail drafts.

Generating into an existing round never overwrites what may have been sent: it refuses, or
with ``add=True`` adds only the projects that are new to the roster.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.definition import load_questionnaire
from pipeline.errors import RoundError, UsageError
from pipeline.form import FORMATS, Identification, new_token
from pipeline.mail import build_cover_letter, build_eml
from pipeline.prefill import prefill_values
from pipeline.questionnaire import Questionnaire
from pipeline.roster import Project, read_roster, slug
from pipeline.round import RoundDir, RoundProject, RoundRecord, manifest_csv, write_atomic
from pipeline.texts import t

Progress = Callable[[str], None]


@dataclass
class GenerateResult:
    round: RoundDir
    record: RoundRecord
    added: list[RoundProject] = field(default_factory=list)


def _builders() -> dict[str, Callable[..., bytes]]:
    from pipeline.excel_form import build_xlsx
    from pipeline.word_form import build_docx

    return {"docx": build_docx, "xlsx": build_xlsx}


def build_form(
    fmt: str,
    q: Questionnaire,
    project: Project,
    ident: Identification,
    deadline: dt.date | None,
) -> bytes:
    """The bytes of one form (``docx`` or ``xlsx``) for ``project``, pre-filled from the roster."""
    builder = _builders()[fmt]
    return builder(q, project, ident, ident.language, deadline, prefill_values(q, project))


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
) -> GenerateResult:
    """Write the forms, mail drafts, manifest and record of a round (see module doc)."""
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format(s) {', '.join(unknown)}; use docx and/or xlsx")
    q = load_questionnaire(definition, lang)
    projects = read_roster(roster)
    rd = RoundDir(round_dir)
    record, new = _plan(rd, q, projects, lang, deadline, add)
    if rd.exists() is False:
        _start_round(rd, definition)
    added = []
    for project in new:
        if progress:
            progress(project.id)
        added.append(_write_project(rd, q, project, record, formats))
        record.projects[project.id] = added[-1]
    if added or not rd.exists():
        _write_roster(rd, _with_earlier(rd, projects))
        write_atomic(rd.manifest, manifest_csv(record).encode("utf-8"))
        rd.save(record)
    return GenerateResult(rd, record, added)


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
    return record, [p for p in projects if p.id not in record.projects]


def _start_round(rd: RoundDir, definition: Path) -> None:
    for folder in (rd.forms, rd.mails, rd.inbox):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(definition, rd.definition)


def _write_project(
    rd: RoundDir, q: Questionnaire, project: Project, record: RoundRecord, formats: tuple[str, ...]
) -> RoundProject:
    language = project_language(q, project, record.language)
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
    for fmt in formats:
        data = build_form(fmt, q, project, ident, record.deadline_date)
        path = rd.forms / f"{stem}.{fmt}"
        write_atomic(path, data)
        entry.files[fmt] = path.relative_to(rd.root).as_posix()
        entry.sha256[fmt] = hashlib.sha256(data).hexdigest()
        attachments.append(path)
    _write_mail(rd, q, entry, record.deadline_date, attachments, stem)
    return entry


def _write_mail(
    rd: RoundDir,
    q: Questionnaire,
    entry: RoundProject,
    deadline: dt.date | None,
    attachments: list[Path],
    stem: str,
) -> None:
    eml = rd.mails / f"{stem}.eml"
    write_atomic(eml, build_eml(q, entry, deadline, attachments))
    letter_name = t("letter.title", entry.language).lower().replace(" ", "-")
    letter = rd.mails / f"{stem}-{letter_name}.docx"
    write_atomic(letter, build_cover_letter(q, entry, deadline))
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
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for p in projects:
        writer.writerow(dict(p.columns))
    write_atomic(rd.roster, ("\ufeff" + out.getvalue()).encode("utf-8"))
