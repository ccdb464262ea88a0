"""The command line's parts around the commands: the run's settings, option types (a date
in the user's language), options whose help is a catalogue key, the --round option and the
progress bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipeline.errors import PraxisError
from pipeline.locale.command_line import (
    TextArgument,
    TextOption,
    TextPath,
    default_language,
    language_of,
)
from pipeline.locale.display import shown
from pipeline.locale.texts import t


@dataclass
class Settings:
    lang: str = "de"
    debug: bool = False
    quiet: bool = False


class OptionValueError(click.UsageError, PraxisError):
    """A bad option value, said in the user's language (click's own messages are English);
    a click usage error (exit status 2) and, like every error of praxis, a PraxisError."""


class DateOption(click.ParamType):
    """A date typed as YYYY-MM-DD or DD.MM.YYYY, given as a datetime like click.DateTime; a
    value that is not such a date (``31/12/2030``, ``2030-02-30``) is a usage error in the
    user's language that names the option, the value and the two ways to write it."""

    name = "date"
    formats = ("%Y-%m-%d", "%d.%m.%Y")

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> str:
        ctx = kwargs.get("ctx", args[0] if args else None)
        return t("cli.metavar.date", language_of(ctx))

    def convert(self, value: Any, param: click.Parameter | None, ctx: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        for fmt in self.formats:
            try:
                return dt.datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
        settings = (ctx.find_object(Settings) if ctx else None) or Settings()
        option = param.opts[0] if param is not None and param.opts else "--deadline"
        message = t("cli.bad_date", settings.lang, option=option, value=shown(str(value)))
        raise OptionValueError(message, ctx)


def deadline_warning(deadline: dt.date, lang: str, today: dt.date | None = None) -> str | None:
    """A hint when ``deadline`` is probably mistyped: already past (``31.01.2025`` typed in
    December 2026) or more than a year ahead of ``today``; None when it looks right."""
    today = today or dt.date.today()
    try:
        a_year_on = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        a_year_on = today.replace(year=today.year + 1, day=28)
    if today <= deadline <= a_year_on:
        return None
    from pipeline.locale.formatting import long_date

    key = "cli.deadline_past" if deadline < today else "cli.deadline_far"
    return t(key, lang, deadline=long_date(deadline, lang), today=long_date(today, lang))


def warn_about_deadline(deadline: dt.datetime | dt.date | None, past: bool = True) -> None:
    """Print :func:`deadline_warning` for a ``--deadline`` given on the command line (``past``
    False: the command says itself that a past deadline is past)."""
    if deadline is None:
        return
    day = deadline.date() if isinstance(deadline, dt.datetime) else deadline
    if not past and day < dt.date.today():
        return
    warning = deadline_warning(day, current_settings().lang)
    if warning is not None:
        click.echo(warning, err=True)


default_lang = default_language


def option(*decls: str, **attrs: Any) -> Callable[[Any], Any]:
    """``click.option`` whose ``help`` is a catalogue key (shown in the run's language)."""
    return click.option(*decls, cls=TextOption, **attrs)


def argument(name: str, key: str, **attrs: Any) -> Callable[[Any], Any]:
    """``click.argument`` whose metavar is the catalogue text ``key``."""
    return click.argument(name, cls=TextArgument, metavar=key, **attrs)


ROUND_OPTION = option(
    "--round",
    "round_dir",
    required=True,
    type=TextPath(file_okay=False, exists=True, path_type=Path),
    metavar="cli.metavar.directory",
    help="cli.help.round",
)
"""The --round option of every command that works on an existing round."""


def out_file_option(help_key: str) -> Callable[[Any], Any]:
    """``-o/--out FILE``: where a command writes its one file (``help_key``: its help)."""
    return option(
        "-o",
        "--out",
        "out",
        type=TextPath(dir_okay=False, path_type=Path),
        metavar="cli.metavar.file",
        help=help_key,
    )


def current_settings() -> Settings:
    return click.get_current_context().find_object(Settings) or Settings()


class _Bar:
    """One progress bar: ``bar(item)`` advances it, ``bar.start(total)`` sets its total."""

    def __init__(self, progress: Progress | None = None, task: Any = None):
        self.progress, self.task = progress, task

    def __call__(self, item: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, advance=1, item=shown(item))

    def start(self, total: int) -> None:
        if self.progress is not None:
            self.progress.update(self.task, total=total)


@contextmanager
def progress_bar(total: int | None, label: str) -> Iterator[_Bar]:
    """A progress bar on stderr (silent with --quiet or when stderr is not a terminal);
    ``total`` None: set later by ``start``."""
    s = current_settings()
    console = Console(stderr=True)
    if s.quiet or not console.is_terminal:
        yield _Bar()
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[item]}", markup=False),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        yield _Bar(bar, bar.add_task(label, total=total, item=""))
