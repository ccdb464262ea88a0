"""What the commands print: problems of a definition, an ingest's files and totals, the
returns that wait for review, reminders written, the compendium's privacy check. Every
value from outside passes through :mod:`pipeline.locale.display` before it is shown."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from pipeline.errors import DefinitionError
from pipeline.locale.display import cell, shown
from pipeline.locale.texts import t

if TYPE_CHECKING:
    from pipeline.returns.status import Reminders, RoundStatus


def echo_problems(error: DefinitionError, lang: str) -> None:
    for problem in error.problems:
        click.echo(shown(problem.render()), err=True)
    errors = sum(1 for p in error.problems if p.is_error)
    click.echo(t("def.summary", lang, count=errors, path=error.source), err=True)


def print_waiting(waiting: Sequence[Any], round_dir: Path, lang: str) -> None:
    """The returns that wait for review, and how to decide."""
    if not waiting:
        return
    click.echo(t("returns.waiting_title", lang))
    for w in waiting:
        line = t(
            "returns.waiting_line",
            lang,
            project=w.project,
            file=w.file,
            current=w.current,
            questions=w.missing(lang),
        )
        click.echo(shown(line))
    click.echo(t("returns.waiting_hint", lang, round=round_dir))


def print_ingest(report: object, lang: str) -> None:
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for key in ("file", "project", "outcome", "problems"):
        table.add_column(t(f"ingest.col.{key}", lang))
    for r in report.results:  # type: ignore[attr-defined]
        outcome = t(r.outcome_key, lang)
        table.add_row(cell(r.path.name), cell(r.project or "-"), outcome, str(r.errors))
    Console(width=120).print(table)
    for r in report.results:  # type: ignore[attr-defined]
        if r.reason:
            click.echo(f"{shown(r.path.name)}: {shown(r.reason)}")
    print_hints(report.results, lang)  # type: ignore[attr-defined]
    for note in [*report.notes, *(n for r in report.results for n in r.notes)]:  # type: ignore[attr-defined]
        click.echo(shown(note))
    for r in report.results:  # type: ignore[attr-defined]
        for alert in r.alerts:
            click.echo(shown(t("identity.alert", lang, where=r.path.name, message=alert)))


def print_hints(results: Sequence[Any], lang: str) -> None:
    """Which hints a return accepted with warnings has (its first ones)."""
    from pipeline.returns.ingest_report import hint_summary

    for r in results:
        if r.hints:
            line = t("ingest.hints", lang, file=r.path.name, hints=hint_summary(r.hints, lang))
            click.echo(shown(line))


def print_reminders(run: Reminders, lang: str) -> None:
    from pipeline.locale.formatting import long_date

    when = long_date(run.deadline, lang) if run.deadline else t("mail.no_deadline", lang)
    source = "reminder.deadline_round" if run.from_round else "reminder.deadline_given"
    click.echo(t(source, lang, deadline=when))
    if run.past:
        click.echo(t("reminder.deadline_past", lang, deadline=when))
    if not run.reminders:
        click.echo(t("reminder.none", lang))
        return
    click.echo(t("reminder.title", lang, count=len(run.reminders), folder=run.folder))
    for r in run.reminders:
        why = t("reminder.why_incomplete" if r.missing else "reminder.why_missing", lang)
        email = r.email or t("reminder.no_email", lang)
        click.echo(shown(f"  {r.project}  {r.name}  <{email}>  {why}: {r.path.name}"))


def echo_privacy_check(result: object, lang: str) -> None:
    findings = result.findings  # type: ignore[attr-defined]
    if not findings:
        return
    redacted = result.redacted  # type: ignore[attr-defined]
    done = t("privacy.redacted" if redacted else "privacy.as_typed", lang)
    path = result.privacy_check  # type: ignore[attr-defined]
    click.echo(t("privacy.summary", lang, count=len(findings), done=done, path=path), err=True)
    for finding in findings:
        click.echo(shown(f"  {finding.line(lang, redacted)}"), err=True)


def echo_left_out(lines: Sequence[str], lang: str) -> None:
    """The practices the review loop left out of the compendium, one line each with why."""
    if not lines:
        return
    click.echo(t("compendium.left_out_title", lang, count=len(lines)))
    for line in lines:
        click.echo(shown(f"  {line}"))


def print_status_files(found: RoundStatus, lang: str) -> None:
    """Below the status table: the hints of returns accepted with warnings, the refused
    files by project, those no project could be told for, and the totals per review state."""
    from pipeline.locale.formatting import table_date
    from pipeline.returns.ingest_report import hint_summary
    from pipeline.review.states import ReviewState, state_label

    hinted = [r for r in found.rows if r.hints]
    if hinted:
        click.echo(t("status.hints_title", lang))
    for r in hinted:
        line = t(
            "status.hints_line", lang, project=r.project, hints=hint_summary(list(r.hints), lang)
        )
        click.echo(shown(line))
    refused = [(r.project, f) for r in found.rows for f in r.rejected]
    if refused:
        click.echo(t("status.rejected_title", lang))
    for project, f in refused:
        date = table_date(f.received[:10], lang)
        line = t(
            "status.rejected_line", lang, project=project, file=f.file, date=date, reason=f.reason
        )
        click.echo(shown(line))
    if found.unattributable:
        click.echo(t("status.unattributable_title", lang))
    for f in found.unattributable:
        date = table_date(f.received[:10], lang)
        line = t("status.unattributable_line", lang, file=f.file, date=date, reason=f.reason)
        click.echo(shown(line))
    totals = found.state_totals
    if totals:
        listed = ", ".join(f"{n} {state_label(ReviewState(x), lang)}" for x, n in totals.items())
        click.echo(t("status.state_totals", lang, totals=listed))


def print_open(found: RoundStatus, lang: str) -> None:
    """How many items are still open (what ``praxis status --check`` exits 1 for)."""
    items = found.open_items
    click.echo(t("status.open", lang, count=len(items)) if items else t("status.all_done", lang))
