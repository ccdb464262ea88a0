"""The commands of the coordinator's corrections: ``praxis correct`` (one value) and
``praxis corrections export`` / ``import`` (a workbook of every project's answers)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.command_options import ROUND_OPTION, argument, current_settings, option
from pipeline.locale.command_line import TextCommand, TextGroup, TextPath
from pipeline.locale.display import shown
from pipeline.locale.texts import t

REASON_OPTION = option(
    "--reason", "reason", required=True, metavar="cli.metavar.text", help="cli.help.reason"
)


@click.command(cls=TextCommand, help="cli.help.correct")
@ROUND_OPTION
@argument("project", "cli.metavar.project")
@argument("question", "cli.metavar.question")
@argument("value", "cli.metavar.value")
@REASON_OPTION
def correct(round_dir: Path, project: str, question: str, value: str, reason: str) -> None:
    """Correct one answer of a project's current return."""
    from pipeline.review.correct import correct as record

    s = current_settings()
    done = record(round_dir, project, question, value, reason, s.lang)
    if not done.recorded:
        click.echo(shown(t("correct.unchanged", s.lang, project=project, question=question)))
        return
    c = done.recorded[0]
    line = t("correct.done", s.lang, project=c.project, question=question, report=done.reports[0])
    click.echo(shown(line))


@click.group(cls=TextGroup, help="cli.help.corrections")
def corrections() -> None:
    """Every project's answers in a workbook, to correct in bulk."""


@corrections.command("export", help="cli.help.corrections.export")
@ROUND_OPTION
@option(
    "-o",
    "--output",
    "output",
    type=TextPath(dir_okay=False, path_type=Path),
    metavar="cli.metavar.file",
    help="cli.help.corrections.output",
)
def export(round_dir: Path, output: Path | None) -> None:
    from pipeline.review.correction_workbook import export_workbook

    s = current_settings()
    path = export_workbook(round_dir, output, s.lang)
    click.echo(shown(t("correct.exported", s.lang, file=path)))


@corrections.command("import", help="cli.help.corrections.import")
@ROUND_OPTION
@argument("file", "cli.metavar.file", type=TextPath(dir_okay=False, exists=True, path_type=Path))
@REASON_OPTION
def import_(round_dir: Path, file: Path, reason: str) -> None:
    from pipeline.review.correction_workbook import import_workbook

    s = current_settings()
    done = import_workbook(round_dir, file, reason, s.lang)
    click.echo(shown(t("correct.imported", s.lang, file=file, count=len(done.recorded))))
    for report in done.reports:
        click.echo(shown(t("correct.report_written", s.lang, report=report)))
