"""``praxis import-xlsform FORM.xlsx [-o Q.yaml]``: write the definition and its import report.

Every problem is printed in one run, one line each (``survey!D14 (relevant): ...``), then the
summary. With an error nothing is written and the exit status is 1; otherwise the definition
(with a comment at each approximation) and ``Q.import.md`` beside it are written, status 0.
"""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.command_options import argument, current_settings, option, out_file_option
from pipeline.errors import UsageError
from pipeline.locale.command_line import TextCommand, TextPath
from pipeline.locale.display import shown
from pipeline.locale.texts import t
from pipeline.round.folder import write_atomic
from pipeline.round.report_file import write_report
from pipeline.xlsform.importer import import_xlsform
from pipeline.xlsform.names import language_code
from pipeline.xlsform.report import summary


def report_path(out: Path) -> Path:
    """``Q.yaml`` -> ``Q.import.md``."""
    return out.with_name(out.stem + ".import.md")


@click.command(name="import-xlsform", cls=TextCommand, help="cli.help.import_xlsform")
@argument(
    "workbook",
    "cli.metavar.translation_file",
    type=TextPath(dir_okay=False, exists=True, path_type=Path),
)
@out_file_option("cli.help.import_xlsform.out")
@option(
    "--language", "language", metavar="cli.metavar.value", help="cli.help.import_xlsform.language"
)
def import_command(workbook: Path, out: Path | None, language: str | None) -> int:
    """Convert an XLSForm workbook into a praxis definition."""
    s = current_settings()
    code = language_code(language) if language else None
    if language and code is None:
        raise UsageError(t("xlsform.bad_language", s.lang, value=language))
    target = out or workbook.with_suffix(".yaml")
    result = import_xlsform(workbook, s.lang, code, report_name=report_path(target).name)
    for problem in result.problems:
        click.echo(shown(problem.render()), err=True)
    click.echo(summary(result.rows, s.lang))
    if result.errors:
        count = len(result.errors)
        click.echo(t("xlsform.not_written", s.lang, count=count, path=workbook), err=True)
        return 1
    write_atomic(target, result.yaml_text.encode("utf-8"))
    write_report(report_path(target), result.report, s.lang)
    click.echo(t("xlsform.written", s.lang, path=target, report=report_path(target)))
    return 0
