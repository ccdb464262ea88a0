"""``praxis export-xlsform`` and ``praxis new-questionnaire``: the commands around
:func:`pipeline.xlsform.export.export_xlsform` and
:func:`pipeline.xlsform.template.write_template`."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.command_options import argument, current_settings, out_file_option
from pipeline.definition.loading import load_questionnaire
from pipeline.errors import UsageError
from pipeline.locale.command_line import TextCommand, TextPath
from pipeline.locale.texts import t
from pipeline.xlsform.export import export_xlsform
from pipeline.xlsform.export_rows import PROJECT_FIELD, ROOT_NAME, TOKEN_FIELD


def default_out(questionnaire: Path) -> Path:
    """``promising-practices-xlsform.xlsx`` in the current folder for
    ``.../promising-practices.yaml``."""
    return Path(f"{questionnaire.stem}-xlsform.xlsx")


@click.command(name="export-xlsform", cls=TextCommand, help="cli.help.export_xlsform")
@argument(
    "questionnaire", "cli.metavar.questionnaire", type=TextPath(dir_okay=False, path_type=Path)
)
@out_file_option("cli.help.export_xlsform.out")
def export_command(questionnaire: Path, out: Path | None) -> None:
    """Write the questionnaire as an XLSForm for answering online."""
    s = current_settings()
    q = load_questionnaire(questionnaire, s.lang)
    target = out or default_out(questionnaire)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(t("xlsform_export.not_xlsx", s.lang, path=target))
    if target.resolve() == questionnaire.resolve():
        raise UsageError(t("xlsform_export.same_file", s.lang, path=target))
    target.write_bytes(export_xlsform(q))
    click.echo(t("xlsform_export.written", s.lang, path=target))
    fields = {"root": ROOT_NAME, "project": PROJECT_FIELD, "token": TOKEN_FIELD}
    click.echo(t("xlsform_export.online", s.lang, **fields))


@click.command(name="new-questionnaire", cls=TextCommand, help="cli.help.new_questionnaire")
@argument("path", "cli.metavar.file", type=TextPath(dir_okay=False, path_type=Path))
def new_questionnaire(path: Path) -> None:
    """A template workbook for a new questionnaire, with the bundled one as example."""
    from pipeline.xlsform.template import write_template

    s = current_settings()
    written = write_template(path, s.lang)
    click.echo(t("xlsform_export.template_written", s.lang, path=written))
