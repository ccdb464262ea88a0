"""What ingest writes for people about a project's returns, and when: the report on its
current return with the account of all its returns, the follow-up letter to an incomplete one
(or its removal once a complete return settles it), and what could not be written (a full
disk, a letter open in Word) marked pending in the store and written by the next ingest.

:class:`Reporting` is a part of :class:`pipeline.returns.ingest.Ingest`; the texts themselves
are made by :mod:`pipeline.returns.reports`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import EnvironmentFailure, environment_failure
from pipeline.forms.content import FormContent, Identification
from pipeline.locale.texts import t
from pipeline.returns.current import returns_section
from pipeline.returns.mail_ingest import stored_mail
from pipeline.returns.media import media_section
from pipeline.returns.received import Done, Examined, Received, now
from pipeline.returns.reports import (
    follow_up_letter,
    follow_up_path,
    project_report,
    report_path,
    settled_note,
)
from pipeline.returns.store import Store, Submission
from pipeline.returns.submission import INCOMPLETE, Checked, Checker
from pipeline.review.report import review_sections
from pipeline.round.folder import RoundDir, RoundProject, RoundRecord, write_atomic
from pipeline.round.report_file import write_report


class Reporting:
    """The reports and letters of one ingest run (a part of ``Ingest``, which provides the
    round, the questionnaire, the message language and the pure work on a file)."""

    rd: RoundDir
    record: RoundRecord
    q: Questionnaire
    lang: str
    today: dt.date | None = None
    """The follow-up letters' date (None: the day they are written)."""

    def examine(self, got: Received) -> Done:
        raise NotImplementedError

    def _checker(self, lang: str) -> Checker:
        raise NotImplementedError

    def _render(
        self, path: Path, ident: Identification, content: FormContent, checked: Checked
    ) -> tuple[str, bytes | None]:
        """The project report and, for an incomplete return, the follow-up letter."""
        project = self.record.projects[ident.project]
        report = project_report(self.q, project, path.name, checked, self.lang)
        if checked.outcome != INCOMPLETE:
            return report, None
        lang = project.language if project.language in self.q.languages else self.lang
        letter = checked if lang == self.lang else self._checker(lang).check(content, path.name)
        deadline = self.record.deadline_date  # the letter names a new one when it is near
        return report, follow_up_letter(self.q, project, letter, deadline, self.today)

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
        section = (
            returns_section(self.q, subs, self.lang)
            + media_section(store, project_id, self.lang)
            + review_sections(store, self.q, project_id, self.lang)
        )
        try:
            write_report(path, f"{body}\n{section}{settled}", self.lang, durable=False)
        except OSError as exc:
            failures.append((path, exc))
        return path, self._mark_pending(store, project, current.file_sha256, failures)

    def _stored_report(self, s: Submission) -> str:
        """The report on a stored return, from what the store holds of its check."""
        checked = Checked(s.answers, s.problems, s.changes)
        project = self.record.projects[s.project]
        return project_report(self.q, project, s.file_name, checked, self.lang)

    def _examine_stored(self, store: Store, s: Submission) -> Examined | None:
        """The pure work again on a stored return's archive copy (None if that fails)."""
        file = store.file(s.file_sha256)
        if file is None:
            return None
        archived, mail = self.rd.root / file.archive, stored_mail(store, file.mail_sha256)
        got = Received(Path(file.name), file.sha256, archived, file.size, "", mail=mail)
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
                store.set_pending(db, project.id, sha256, now())
                detail = ", ".join(str(self._shown(path)) for path, _ in failures)
                store.log(db, now(), "report_pending", project.id, sha256, detail)
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
        project = self.record.projects[project_id]
        paths = [report_path(self.rd, project), follow_up_path(self.rd, project)]
        return ", ".join(str(self._shown(p)) for p in paths if p.exists())
