"""The command line's help in the user's language: click classes whose help texts are keys.

A command's ``help``, an option's ``help`` and ``show_default`` and an argument's metavar are
catalogue keys (``cli.help.check``); they are looked up when click shows them, in the language
of the run (``--lang`` or ``PRAXIS_LANG``, known before click parses: the object of the root
context carries it as ``lang``). click's own words around them come from
:mod:`pipeline.locale.click_messages`.
"""

from __future__ import annotations

import copy
import gettext
import os
from typing import Any

import click

from pipeline.locale.click_messages import process_language
from pipeline.locale.texts import DEFAULT_LANGUAGE, LANGUAGES, has_text, t


def default_language() -> str:
    """``PRAXIS_LANG`` when it names a language of praxis, else German."""
    env = os.environ.get("PRAXIS_LANG", "")
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


def language_of(ctx: click.Context | None) -> str:
    """The language of this run: what the root context's object says, else the default."""
    if ctx is None:
        ctx = click.get_current_context(silent=True)
    lang = getattr(ctx.find_root().obj, "lang", None) if ctx is not None else None
    return lang if lang in LANGUAGES else default_language()


def _text(value: Any, lang: str) -> Any:
    """The catalogue text when ``value`` is a key, else ``value`` itself."""
    return t(value, lang) if isinstance(value, str) and has_text(value) else value


class TextCommand(click.Command):
    """A command whose help (and its short form in the list of commands) is a key."""

    def _in(self, lang: str) -> TextCommand:
        shown = copy.copy(self)
        shown.help = _text(self.help, lang)
        shown.short_help = _text(self.short_help, lang)
        return shown

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        click.Command.format_help_text(self._in(language_of(ctx)), ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return click.Command.get_short_help_str(self._in(language_of(None)), limit)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces[:1] == [self.options_metavar]:
            pieces[0] = t("cli.metavar.options", language_of(ctx))
        return pieces

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # made once per command: its text set each run
        if option is not None:
            option.help = t("click.help_option", language_of(ctx))
        return option

    def invoke(self, ctx: click.Context) -> Any:
        with process_language():  # the command itself runs in the user's own environment
            return super().invoke(ctx)


class TextGroup(TextCommand, click.Group):
    """The ``praxis`` group: its commands are :class:`TextCommand` s."""

    command_class = TextCommand

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if pieces and pieces[-1] == self.subcommand_metavar:
            pieces[-1] = t("cli.metavar.command", language_of(ctx))
        return pieces

    def invoke(self, ctx: click.Context) -> Any:
        return click.Group.invoke(self, ctx)  # parses the subcommand: click's language stays


class TextOption(click.Option):
    """An option whose help, ``show_default`` text and metavar may be keys."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        lang = language_of(ctx)
        shown = copy.copy(self)
        shown.help = _text(self.help, lang)
        shown.show_default = _text(self.show_default, lang)
        return click.Option.get_help_record(shown, ctx)

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is not None:
            return str(_text(self.metavar, language_of(ctx)))
        return super().make_metavar(ctx)


class TextArgument(click.Argument):
    """An argument whose metavar (``FRAGEBOGEN``, ``[QUELLEN]...``) is a key."""

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is None:
            return super().make_metavar(ctx)
        var = str(_text(self.metavar, language_of(ctx)))
        if not self.required:
            var = f"[{var}]"
        if self.nargs != 1:
            var += "..."
        return var


class TextPath(click.Path):
    """``click.Path`` whose kind (``Ordner``, ``Datei``) in its messages is in the run's
    language: click names it once, when the type is made, before the language is known."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        shown = copy.copy(self)
        shown.name = gettext.gettext(self.name)
        return click.Path.convert(shown, value, param, ctx)


class LazyText(str):
    """A click message given when the command line is declared but formatted (``%``) when it
    is shown: translated then, like click's own messages."""

    __slots__ = ()

    def __mod__(self, values: Any) -> str:
        return gettext.gettext(str(self)) % values
