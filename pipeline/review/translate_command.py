"""``praxis translate export`` and ``praxis translate import``: the translator's workbook of
the text answers, and its translations recorded (see :mod:`.translation_workbook`)."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.command_options import (
    ROUND_OPTION,
    argument,
    current_settings,
    option,
    out_file_option,
)
from pipeline.locale.command_line import TextGroup, TextPath
from pipeline.locale.display import shown
from pipeline.locale.texts import LANGUAGES, t


@click.group(cls=TextGroup, help="cli.help.translate")
def translate() -> None:
    """Translations of the text answers."""


@translate.command(name="export", help="cli.help.translate.export")
@ROUND_OPTION
@option("--to", "to", type=click.Choice(LANGUAGES), help="cli.help.translate.to")
@out_file_option("cli.help.translate.out")
def export_command(round_dir: Path, to: str | None, out: Path | None) -> int:
    """Write the workbook for a translator into ``--to`` (default: the round's language)."""
    from pipeline.review.translation_workbook import export_translations

    s = current_settings()
    done = export_translations(round_dir, to, out)
    click.echo(t("translation.exported", s.lang, count=done.rows, path=done.path))
    return 0


@translate.command(name="import", help="cli.help.translate.import")
@ROUND_OPTION
@argument(
    "workbook",
    "cli.metavar.translation_file",
    type=TextPath(dir_okay=False, exists=True, path_type=Path),
)
def import_command(round_dir: Path, workbook: Path) -> int:
    """Record the translations of a filled-in workbook."""
    from pipeline.review.translation_workbook import import_translations

    s = current_settings()
    done = import_translations(round_dir, workbook, s.lang)
    count, unchanged = len(done.recorded), done.unchanged
    click.echo(t("translation.imported", s.lang, count=count, unchanged=unchanged))
    for note in done.notes:
        click.echo(shown(note), err=True)
    return 1 if done.notes else 0
