"""Saved e-mails at ingest: the mail archived and recorded, then each attachment as a file.

A mail file (``.eml``, ``.msg``; an ``.mbox`` holds many mails) is copied into ``archive/``
as any file is (:func:`~pipeline.returns.received.receive`). Then, still before anything is
recorded, it is read (:mod:`pipeline.returns.mail`) and every attachment is archived under
its own SHA-256 (a mail of an mbox too, as ``<sha256>.eml``). What follows are the *parts*
of its ingest, settled in input order by :class:`~pipeline.returns.ingest.Ingest` like the
files given on their own (worker processes do the pure work of the form attachments):

1. the mail recorded in ``files`` (outcome ``mail``) and ``mails`` (sender, date, subject,
   number of attachments); a mail file already read is a duplicate;
2. its forms (every attachment not a creative answer), each ingested as a file would be,
   named after the mail too and recorded with ``files.mail_sha256``;
3. Outlook's winmail.dat, refused with what to ask for;
4. its creative answers, attached to the project of the mail's forms (one project), else
   the one their file name names, else the one whose roster address sent it;
5. its end: a mail that brought nothing to any project is listed with its sender, date and
   subject (``files.reason``; the ingest summary and ``reports/rejected.md`` show it).

A form from an address that is not the project's roster address is taken with a warning
(:func:`sender_warnings`): colleagues answer too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from pipeline.locale.formatting import long_date
from pipeline.locale.library import library_detail
from pipeline.locale.texts import t
from pipeline.problems import Problem, ProblemCode, Severity
from pipeline.returns.ingest_report import FileResult
from pipeline.returns.mail import (
    MAX_MAIL_BYTES,
    Mail,
    MailBroken,
    is_mail_file,
    is_mbox,
    mbox_messages,
    read_mail,
)
from pipeline.returns.media import is_media, project_from_name
from pipeline.returns.received import Done, MailInfo, Received, Rejection, receive_bytes
from pipeline.returns.safety import RejectedFile
from pipeline.returns.store import FileRecord, Store
from pipeline.returns.submission import BLANK, DUPLICATE, REJECTED, Outcome
from pipeline.round.folder import RoundRecord


class Ingest(Protocol):
    """What the parts of a mail need of the ingest run
    (:class:`pipeline.returns.ingest.Ingest`)."""

    record: RoundRecord
    lang: str
    archive: Path
    blank: dict[str, str]

    def _finish(self, store: Store, got: Received, done: Done | None = None) -> FileResult: ...

    def _media(self, store: Store, got: Received, project: str | None) -> FileResult: ...

    def _record_rejected(self, store: Store, got: Received, rejection: Rejection) -> None: ...

    def _file_record(
        self, got: Received, project: str | None, outcome: Outcome, reason: str | None
    ) -> FileRecord: ...


__all__ = ["MailPart", "is_mail", "mail_parts", "mails_without_form", "sender_warnings"]


def is_mail(got: Received) -> bool:
    """Whether an archived file is a saved e-mail (see :func:`.mail.is_mail_file`)."""
    if got.blank is not None or got.mail is not None:
        return False
    with got.archived.open("rb") as handle:
        head = handle.read(5)
    return is_mail_file(got.path.name, head)


def same_address(one: str, other: str) -> bool:
    """Whether two e-mail addresses are the same mailbox (case does not count)."""
    return one.strip().casefold() == other.strip().casefold()


def sender_warnings(run: Ingest, project_id: str, got: Received) -> list[Problem]:
    """The warning for a form mailed from another address than the project's in the roster."""
    mail = got.mail
    roster = run.record.projects[project_id].email
    if mail is None or not mail.sender or not roster or same_address(mail.sender, roster):
        return []
    message = t(
        "mail.other_sender",
        run.lang,
        sender=mail.sender,
        mail=mail.name,
        project=project_id,
        roster=roster,
    )
    return [Problem(ProblemCode.MAIL_SENDER, message, Severity.WARNING, file=got.path.name)]


def stored_mail(store: Store, sha256: str | None) -> MailInfo | None:
    """The saved e-mail ``sha256`` as the store keeps it (None: no such mail)."""
    if not sha256:
        return None
    row = store.db.execute(
        "SELECT f.name, m.sender, m.sent, m.subject FROM mails m JOIN files f"
        " ON f.sha256 = m.sha256 WHERE m.sha256 = ?",
        (sha256,),
    ).fetchone()
    return MailInfo(sha256, *(str(v or "") for v in row)) if row else None


# --- the parts of a mail's ingest ----------------------------------------------------------


@dataclass
class MailState:
    """One mail during its ingest: as archived, what it says, what became of its parts."""

    got: Received
    info: MailInfo
    attachments: list[str]
    result: FileResult | None = None
    duplicate: bool = False
    results: list[FileResult] = field(default_factory=list)

    def attached(self, result: FileResult) -> list[FileResult]:
        """``result`` of a part of this mail, counted with it and marked as its attachment
        (not the mail file itself, refused as a whole)."""
        if self.info.sha256 and result.sha256 != self.info.sha256:
            result.mail_sha256 = self.info.sha256
        self.results.append(result)
        return [result]

    def projects(self) -> set[str]:
        """The projects its attachments were taken for so far."""
        return {r.project for r in self.results if r.project and r.outcome not in _NOT_TAKEN}


_NOT_TAKEN = (REJECTED, BLANK)


@dataclass
class MailPart:
    """One step of a mail's ingest (see the module); ``received``: an attachment whose pure
    work a worker process may do (a form), else None."""

    sha256: str
    state: MailState
    received: Received | None = None

    def finish(self, run: Ingest, store: Store, done: Done | None) -> list[FileResult]:
        raise NotImplementedError


class _Start(MailPart):
    def finish(self, run: Ingest, store: Store, done: Done | None) -> list[FileResult]:
        state, got = self.state, self.state.got
        if store.file(got.sha256) is not None:
            state.duplicate = True
            return [FileResult(got.path, got.sha256, DUPLICATE)]
        with store.transaction() as db:
            if not store.has_file(db, got.sha256):  # else another ingest took it meanwhile
                store.add_file(db, run._file_record(got, None, Outcome.MAIL, None))
                if state.info.sha256 == got.sha256:  # a mail (an mbox has none)
                    db.execute(
                        "INSERT INTO mails(sha256, sender, sent, subject, attachments)"
                        " VALUES(?, ?, ?, ?, ?)",
                        (got.sha256, state.info.sender, state.info.date, state.info.subject,
                         len(state.attachments)),
                    )  # fmt: skip
                store.log(db, got.time, "mail", None, got.sha256, got.path.name)
        mbox = state.info.sha256 != got.sha256
        state.result = FileResult(got.path, got.sha256, Outcome.MAIL, mbox=mbox)
        return [state.result]


class _Form(MailPart):
    def finish(self, run: Ingest, store: Store, done: Done | None) -> list[FileResult]:
        assert self.received is not None
        result = run._finish(store, self.received, done)
        return self.state.attached(result)


@dataclass
class _Refused(MailPart):
    """A file refused as it is (a damaged mail file, winmail.dat): recorded with the reason."""

    got: Received | None = None
    rejection: Rejection | None = None

    def finish(self, run: Ingest, store: Store, done: Done | None) -> list[FileResult]:
        got, rejection = self.got, self.rejection
        assert got is not None and rejection is not None
        known = store.file(got.sha256)
        if known is not None:
            result = FileResult(got.path, got.sha256, DUPLICATE, known.project)
        else:
            run._record_rejected(store, got, rejection)
            result = FileResult(got.path, got.sha256, REJECTED, reason=rejection.reason)
        return self.state.attached(result)


@dataclass
class _Media(MailPart):
    """A creative answer: attached to the project the mail is about (see the module). It
    keeps its own file name (as listed in the report, the tables and the compendium; the
    store names its mail)."""

    got: Received | None = None
    name: str = ""

    def finish(self, run: Ingest, store: Store, done: Done | None) -> list[FileResult]:
        assert self.got is not None
        got = replace(self.got, path=self.got.path.with_name(self.name))
        result = run._media(store, got, self._project(run))
        return self.state.attached(result)

    def _project(self, run: Ingest) -> str | None:
        """The project of the mail's forms (one project); else None when the file's name
        names one (``_media`` finds it so); else the one whose roster address sent it."""
        projects = self.state.projects()
        if len(projects) == 1:
            return next(iter(projects))
        if project_from_name(self.name, run.record.projects) is not None:
            return None
        sender = self.state.info.sender
        senders = [
            p.id for p in run.record.projects.values() if p.email and same_address(p.email, sender)
        ]
        return senders[0] if sender and len(senders) == 1 else None


class _End(MailPart):
    def finish(self, run: Ingest, store: Store, done: Done | None) -> list[FileResult]:
        state = self.state
        if state.result is None or state.duplicate:
            return []
        projects = state.projects()
        if len(projects) == 1:
            state.result.project = next(iter(projects))
        if projects:  # a duplicate of a return counts: it came before
            return []
        reason = no_form_reason(state.info, state.attachments, run.lang)
        with store.transaction() as db:
            db.execute(
                "UPDATE files SET reason = ? WHERE sha256 = ? AND reason IS NULL",
                (reason, state.got.sha256),
            )
        state.result.reason = reason
        return []


def no_form_reason(info: MailInfo, attachments: list[str], lang: str) -> str:
    """What to do about a mail that brought no form (nor anything else) to any project."""
    when = long_date(dt.datetime.fromisoformat(info.date[:10]), lang) if info.date else ""
    listed = ", ".join(attachments) if attachments else t("mail.no_attachments", lang)
    return t(
        "mail.no_form",
        lang,
        sender=info.sender or t("mail.unknown_sender", lang),
        date=when or t("mail.unknown_date", lang),
        subject=info.subject or t("mail.no_subject", lang),
        attachments=listed,
    )


# --- from a mail file to its parts ---------------------------------------------------------


def mail_parts(run: Ingest, got: Received) -> list[MailPart]:
    """After ``got``'s archive copy: read the mail file, archive what it holds, and give the
    parts of its ingest in order (an mbox: its own record, then each mail's parts)."""
    if not is_mbox(got.path.name):
        info = MailInfo(got.sha256, got.path.name)
        try:
            if got.size > MAX_MAIL_BYTES:  # not read into memory
                raise RejectedFile("too_large", f"{got.size // (1024 * 1024)} MB")
            mail = read_mail(got.path.name, got.archived.read_bytes())
        except RejectedFile as exc:
            return [_refused(run, got, exc, MailState(got, info, []))]
        return _one_mail(run, got, mail)
    box = MailState(got, MailInfo("", got.path.name), [])
    try:
        messages = mbox_messages(got.archived)
    except RejectedFile as exc:
        return [_refused(run, got, exc, box)]
    parts: list[MailPart] = [_Start(got.sha256, box)]
    container = MailInfo(got.sha256, got.path.name)
    for number, data in enumerate(messages, 1):
        name = t("mail.in_mbox", run.lang, mbox=got.path.name, number=number)
        message = receive_bytes(
            data, got.path.with_name(name), run.archive, {}, suffix=".eml", mtime=got.mtime,
            mail=container,
        )  # fmt: skip
        try:
            mail = read_mail(f"{name}.eml", data)
        except RejectedFile as exc:
            state = MailState(message, MailInfo(message.sha256, name), [])
            parts.append(_refused(run, message, exc, state))
            continue
        parts += _one_mail(run, message, mail)
    return parts


def _refused(run: Ingest, got: Received, exc: RejectedFile, state: MailState) -> MailPart:
    """``got`` refused for ``exc``; its result counted with ``state``'s mail."""
    if isinstance(exc, MailBroken):
        detail = exc.detail_text(run.lang)
    else:
        detail = library_detail(exc.detail, run.lang)
    rejection = Rejection(exc.reason, t(f"reject.{exc.reason}", run.lang, detail=detail))
    return _Refused(got.sha256, state, None, got, rejection)


def _one_mail(run: Ingest, got: Received, mail: Mail) -> list[MailPart]:
    """The parts of one mail: it, its forms, winmail.dat, its creative answers, its end."""
    name = got.path.name
    info = MailInfo(got.sha256, name, mail.sender, mail.date, mail.subject)
    state = MailState(got, info, [a.name for a in mail.attachments])
    forms: list[MailPart] = []
    refused: list[MailPart] = []
    media: list[MailPart] = []
    for attachment in mail.attachments:
        shown = t("mail.attachment", run.lang, mail=name, file=attachment.name)
        path = got.path.with_name(shown)
        suffix = Path(attachment.name).suffix
        received = receive_bytes(
            attachment.data, path, run.archive, run.blank, suffix=suffix, mtime=got.mtime,
            mail=info,
        )  # fmt: skip
        if attachment.tnef:
            exc = RejectedFile("winmail", attachment.name)
            refused.append(_refused(run, received, exc, state))
        elif is_media(attachment.name):
            media.append(_Media(received.sha256, state, None, received, attachment.name))
        else:
            forms.append(_Form(received.sha256, state, received))
    return [_Start(got.sha256, state), *forms, *refused, *media, _End(got.sha256, state)]


def mails_without_form(results: list[FileResult]) -> list[FileResult]:
    """The mails of an ingest run that brought nothing to any project."""
    return [r for r in results if r.outcome == Outcome.MAIL and r.reason]
