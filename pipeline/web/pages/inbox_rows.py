"""What the inbox page lists: each file's outcome of an ingest run (from its
:class:`~pipeline.returns.ingest_report.IngestReport`, as ``praxis ingest`` prints it) and the
files the store has received so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.locale.texts import t
from pipeline.returns.ingest_report import FileResult, IngestReport, hint_summary
from pipeline.returns.store import FileRecord
from pipeline.returns.submission import Outcome


@dataclass
class ResultRow:
    """One file of an ingest run: its name, project, outcome (value and text), why (a
    refusal's reason, a mail without form), its hints, problems and notes; a saved e-mail
    with the rows of its attachments. ``uploaded``: the name it was uploaded under, when the
    server had to give it another."""

    name: str
    project: str
    outcome: str
    label: str
    reason: str = ""
    hints: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    uploaded: str = ""
    attachments: list[ResultRow] = field(default_factory=list)


@dataclass(frozen=True)
class UploadRun:
    """The result of an upload's ingest job: the report, and the names the files were
    uploaded under (path in the inbox -> name as uploaded) when the server changed them."""

    report: IngestReport
    uploaded: dict[Path, str] = field(default_factory=dict)
    refused: tuple[str, ...] = ()
    """Messages about files not taken (too large), named."""


def result_rows(report: IngestReport, lang: str, uploaded: dict[Path, str]) -> list[ResultRow]:
    """The rows of ``report``, in its order; a mail's attachments inside the mail's row."""
    rows: list[ResultRow] = []
    mails: dict[str, ResultRow] = {}
    for r in report.results:
        row = _row(r, lang, uploaded.get(r.path, ""))
        holder = mails.get(r.mail_sha256) if r.mail_sha256 else None
        if holder is not None:
            holder.attachments.append(row)
            continue
        if r.outcome == Outcome.MAIL:
            mails[r.sha256] = row
        rows.append(row)
    return rows


def _row(r: FileResult, lang: str, uploaded: str) -> ResultRow:
    return ResultRow(
        name=r.path.name,
        project=r.project or "",
        outcome=str(r.outcome),
        label=t(r.outcome_key, lang),
        reason=r.reason,
        hints=hint_summary(r.hints, lang) if r.hints else "",
        problems=[p.message for p in r.problems if p.is_error],
        notes=list(r.notes),
        alerts=r.alerts,
        uploaded=uploaded if uploaded and uploaded != r.path.name else "",
    )


def summary(report: IngestReport, lang: str) -> str:
    """The run's totals, as the command line says them."""
    totals = report.totals
    return t(
        "ingest.summary",
        lang,
        files=totals.files,
        accepted=totals.accepted,
        incomplete=totals.incomplete,
        rejected=totals.rejected,
        duplicate=totals.duplicate,
        reports=report.round.reports,
    )


@dataclass(frozen=True)
class ReceivedRow:
    """A file the store has received: its name, when (day and time), project, outcome."""

    name: str
    day: str
    time: str
    project: str
    outcome: str
    label: str
    reason: str


def received_rows(files: list[FileRecord], lang: str) -> list[ReceivedRow]:
    """The store's files, newest first."""
    from pipeline.locale.formatting import table_date

    rows = []
    for f in reversed(files):
        when = _local(f.received)
        rows.append(
            ReceivedRow(
                name=f.name,
                day=table_date(when.date(), lang) if when else f.received,
                time=when.strftime("%H:%M") if when else "",
                project=f.project or "",
                outcome=str(f.outcome),
                label=t(f"outcome.{f.outcome}", lang),
                reason=f.reason or "",
            )
        )
    return rows


def _local(stamp: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None
