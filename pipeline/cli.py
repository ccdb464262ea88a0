"""The ``praxis`` command line: parse arguments, call library functions, print results.

``main(argv)`` is callable from tests and returns the exit status: 0 success, 1 the command
ran but found problems, 2 usage errors. Errors are one ``Error: ...`` line, never a traceback
(unless ``--debug``).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console

from pipeline.command_options import (
    ROUND_OPTION,
    DateOption,
    OptionValueError,
    Settings,
    argument,
    current_settings,
    default_lang,
    option,
    progress_bar,
    warn_about_deadline,
)
from pipeline.command_output import (
    echo_left_out,
    echo_privacy_check,
    echo_problems,
    print_ingest,
    print_open,
    print_reminders,
    print_status_files,
    print_waiting,
)
from pipeline.definition.answers_schema import derive_schema
from pipeline.definition.loading import is_workbook, load_questionnaire
from pipeline.definition.outline import outline
from pipeline.errors import DefinitionError, PraxisError, environment_failure
from pipeline.forms.content import FORMATS
from pipeline.forms.generate import generate_round
from pipeline.locale.click_messages import click_language
from pipeline.locale.command_line import (
    LazyText,
    TextGroup,
    TextOption,
    TextPath,
)
from pipeline.locale.display import cell, shown, shown_lines
from pipeline.locale.texts import LANGUAGES, t
from pipeline.review.correct_command import correct, corrections
from pipeline.review.proof_command import proofs_command
from pipeline.review.state_command import review
from pipeline.review.translate_command import translate
from pipeline.round.roster import read_roster
from pipeline.web.serve_command import serve
from pipeline.xlsform.command import import_command as import_xlsform_command
from pipeline.xlsform.export_command import export_command, new_questionnaire
from pipeline.xlsform.report import summary

if TYPE_CHECKING:
    pass


@click.group(
    cls=TextGroup,
    help="cli.help.praxis",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=default_lang,
    show_default="cli.help.lang_default",
    help="cli.help.lang",
)
@option("--debug", is_flag=True, help="cli.help.debug")
@option("--quiet", "-q", is_flag=True, help="cli.help.quiet")
@click.version_option(
    package_name="praxis-promising-practices",
    prog_name="praxis",
    message=LazyText("%(prog)s, version %(version)s"),
    cls=TextOption,
    help="click.version_option",
)
@click.pass_context
def cli(ctx: click.Context, lang: str, debug: bool, quiet: bool) -> None:
    """praxis: run a questionnaire round for promising practices.

    check and schema work on a questionnaire definition (YAML).
    """
    ctx.obj = Settings(lang=lang, debug=debug, quiet=quiet)


@cli.command(help="cli.help.check")
@argument(
    "questionnaire", "cli.metavar.questionnaire", type=TextPath(dir_okay=False, path_type=Path)
)
def check(questionnaire: Path) -> None:
    """Validate a questionnaire definition and print its outline."""
    s = current_settings()
    q = load_questionnaire(questionnaire, s.lang)
    for line in outline(q, s.lang):
        click.echo(line)
    if is_workbook(questionnaire):  # what the conversion approximated or left out
        from pipeline.xlsform import import_xlsform

        imported = import_xlsform(questionnaire, s.lang)
        for problem in imported.problems:
            click.echo(shown(problem.render()), err=True)
        click.echo("")
        click.echo(summary(imported.rows, s.lang))
    click.echo("")
    click.echo(
        t(
            "def.ok",
            s.lang,
            path=questionnaire,
            id=q.id,
            version=q.version,
            sections=len(q.sections),
            questions=sum(1 for _ in q.answerable()),
            languages=", ".join(q.languages),
        )
    )


@cli.command(help="cli.help.schema")
@argument(
    "questionnaire", "cli.metavar.questionnaire", type=TextPath(dir_okay=False, path_type=Path)
)
@option(
    "--out",
    "out",
    type=TextPath(dir_okay=False, path_type=Path),
    metavar="cli.metavar.file",
    help="cli.help.schema.out",
)
def schema(questionnaire: Path, out: Path | None) -> None:
    """Write (or print) the answers JSON Schema derived from a definition."""
    s = current_settings()
    text, written = derive_schema(questionnaire, s.lang, out)
    if written is None:
        click.echo(text, nl=False)
        return
    click.echo(t("schema.written", s.lang, path=written))


@cli.command(help="cli.help.generate")
@argument(
    "questionnaire", "cli.metavar.questionnaire", type=TextPath(dir_okay=False, path_type=Path)
)
@option(
    "--roster",
    required=True,
    type=TextPath(dir_okay=False, path_type=Path),
    metavar="cli.metavar.file",
    help="cli.help.generate.roster",
)
@option(
    "--round",
    "round_dir",
    required=True,
    type=TextPath(file_okay=False, path_type=Path),
    metavar="cli.metavar.directory",
    help="cli.help.generate.round",
)
@option("--deadline", type=DateOption(), help="cli.help.generate.deadline")
@option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="cli.help.generate.format",
)
@option("--add", is_flag=True, help="cli.help.generate.add")
@option(
    "--from-round",
    type=TextPath(file_okay=False, path_type=Path),
    metavar="cli.metavar.directory",
    help="cli.help.generate.from_round",
)
@option(
    "--jobs", type=click.IntRange(min=1), metavar="cli.metavar.jobs", help="cli.help.generate.jobs"
)
def generate(
    questionnaire: Path,
    roster: Path,
    round_dir: Path,
    deadline: dt.datetime | None,
    formats: tuple[str, ...],
    add: bool,
    jobs: int | None,
    from_round: Path | None,
) -> None:
    """Write one Word and one Excel form per project, mail drafts and a manifest.

    The form language is --lang unless the roster's language column says otherwise.
    """
    s = current_settings()
    warn_about_deadline(deadline)
    total = len(read_roster(roster, s.lang))
    with progress_bar(total, t("generate.progress", s.lang)) as advance:
        result = generate_round(
            questionnaire,
            roster,
            round_dir,
            lang=s.lang,
            deadline=deadline.date() if deadline else None,
            formats=formats or FORMATS,
            add=add,
            progress=advance,
            jobs=jobs,
            from_round=from_round,
        )
    for note in result.notes:
        click.echo(note)
    if not result.added:
        click.echo(t("generate.nothing_new", s.lang))
        return
    rd = result.round
    click.echo(
        t(
            "generate.done",
            s.lang,
            round=rd.root,
            count=len(result.added),
            forms=rd.forms,
            mails=rd.mails,
            manifest=rd.manifest,
        )
    )


@cli.command(help="cli.help.ingest")
@ROUND_OPTION
@argument("sources", "cli.metavar.sources", nargs=-1, type=TextPath(path_type=Path))
@option(
    "--jobs", type=click.IntRange(min=1), metavar="cli.metavar.jobs", help="cli.help.ingest.jobs"
)
def ingest(round_dir: Path, sources: tuple[Path, ...], jobs: int | None) -> int:
    """Read returned forms (files or folders; default: the round's inbox) into the round.

    Exit status 0 when every file was accepted, 1 when any was incomplete or rejected.
    """
    from pipeline.returns.ingest import ingest as ingest_round

    s = current_settings()
    with progress_bar(None, t("ingest.progress", s.lang)) as bar:
        report = ingest_round(round_dir, list(sources), s.lang, bar, jobs, start=bar.start)
    if not report.found:
        for note in report.notes:  # letters an earlier ingest could not write
            click.echo(shown(note))
        click.echo(t("ingest.no_files", s.lang, where=", ".join(map(str, report.sources))))
        return report.exit_code
    print_ingest(report, s.lang)
    totals = report.totals
    click.echo(
        t(
            "ingest.summary",
            s.lang,
            files=totals.files,
            accepted=totals.accepted,
            incomplete=totals.incomplete,
            rejected=totals.rejected,
            duplicate=totals.duplicate,
            reports=report.round.reports,
        )
    )
    more = {"needs_review": totals.needs_review, "older": totals.older, "blank": totals.blank}
    if any(more.values()):
        click.echo(t("returns.ingest_more", s.lang, **more))
    mails, without = report.mails
    if mails:
        rejected = report.round.rejected_list
        key = "mail.summary_without" if without else "mail.summary"
        click.echo(t(key, s.lang, mails=mails, without=without, rejected=rejected))
    if totals.media:
        click.echo(t("returns.ingest_media", s.lang, count=totals.media))
    print_waiting(report.waiting, report.round.root, s.lang)
    return report.exit_code


@cli.command(help="cli.help.status")
@ROUND_OPTION
@option("--missing", is_flag=True, help="cli.help.status.missing")
@option("--deadline", type=DateOption(), help="cli.help.status.deadline")
@option("--check", is_flag=True, help="cli.help.status.check")
def status(round_dir: Path, missing: bool, deadline: dt.datetime | None, check: bool) -> int:
    """Who returned, with what outcome; totals; --missing: reminders as mail drafts."""
    from rich.table import Table

    from pipeline.locale.formatting import format_number, table_date
    from pipeline.returns.status import status as round_status
    from pipeline.review.states import ReviewState, state_label

    s = current_settings()
    warn_about_deadline(deadline, past=not missing)  # --missing says so with the reminders
    found = round_status(round_dir, missing, deadline.date() if deadline else None)
    rows = found.rows
    table = Table(box=None, pad_edge=False)
    heads = (
        "ingest.col.project",
        "status.col.returned",
        "ingest.col.outcome",
        "status.col.received",
        "status.col.errors",
        "status.col.warnings",
        "status.col.state",
    )
    media = found.totals.media > 0  # the column only in a round with creative answers
    for key in heads + (("status.col.media",) if media else ()):
        table.add_column(t(key, s.lang))
    for r in rows:
        returned = t("status.yes" if r.returned else "status.no", s.lang)
        outcome = t(f"outcome.{r.outcome}", s.lang) if r.outcome else "-"
        table.add_row(
            cell(f"{r.project} {r.name}"),
            returned,
            outcome,
            table_date(r.received, s.lang) or "-",
            str(r.errors),
            str(r.warnings),
            state_label(ReviewState(r.state), s.lang) if r.state else "-",
            *((format_number(r.media, s.lang),) if media else ()),
        )
    Console(width=120).print(table)
    for r in rows:
        for alert in r.alerts:
            click.echo(shown(t("identity.alert", s.lang, where=r.project, message=alert)))
    print_status_files(found, s.lang)
    click.echo(t("status.totals", s.lang, **asdict(found.totals)))
    if media:
        click.echo(t("status.media_total", s.lang, count=found.totals.media))
    if found.reminders is not None:
        print_reminders(found.reminders, s.lang)
    if found.waiting:
        click.echo(t("returns.status_waiting", s.lang, count=len(found.waiting)))
        print_waiting(found.waiting, round_dir, s.lang)
    if check:
        print_open(found, s.lang)
    return found.check_code if check else found.exit_code


@cli.command(help="cli.help.aggregate")
@ROUND_OPTION
@option(
    "--csv-sep",
    "csv_sep",
    type=click.Choice([";", ","]),
    default=";",
    show_default=True,
    help="cli.help.aggregate.csv_sep",
)
def aggregate(round_dir: Path, csv_sep: str) -> None:
    """Tables of all current answers: DIR/tables/answers.xlsx and CSV files beside it."""
    from pipeline.publication.tables import aggregate_round

    s = current_settings()
    for path in aggregate_round(round_dir, s.lang, csv_sep):
        click.echo(str(path))


@cli.command(name="compile", help="cli.help.compile")
@ROUND_OPTION
@option(
    "--template",
    type=TextPath(dir_okay=False, exists=True, path_type=Path),
    metavar="cli.metavar.file",
    help="cli.help.compile.template",
)
@option("--pdf", is_flag=True, help="cli.help.compile.pdf")
@option(
    "--include",
    "include",
    multiple=True,
    type=click.Choice(["incomplete"]),
    help="cli.help.compile.include",
)
@option("--redact", is_flag=True, help="cli.help.compile.redact")
@option("--approved-only", is_flag=True, help="cli.help.compile.approved_only")
@option(
    "--config",
    type=TextPath(dir_okay=False, exists=True, path_type=Path),
    metavar="cli.metavar.file",
    help="cli.help.compile.config",
)
@option(
    "--html",
    type=TextPath(file_okay=False, path_type=Path),
    metavar="cli.metavar.directory",
    help="cli.help.compile.html",
)
def compile_command(
    round_dir: Path,
    template: Path | None,
    pdf: bool,
    include: tuple[str, ...],
    redact: bool,
    approved_only: bool,
    config: Path | None,
    html: Path | None,
) -> int:
    """The compendium: DIR/compendium/compendium-<lang>.docx (and .pdf with --pdf, a web
    edition with --html)."""
    from pipeline.publication.compendium import compile_round

    s = current_settings()
    result = compile_round(
        round_dir,
        s.lang,
        template=template,
        pdf=pdf,
        include_incomplete="incomplete" in include,
        redact=redact,
        approved_only=approved_only,
        config=config,
        html=html,
    )
    for path in result.paths:
        click.echo(str(path))
    echo_left_out(result.left_out, s.lang)
    echo_privacy_check(result, s.lang)
    for note in result.notes:
        click.echo(shown(note), err=True)
    if result.message:
        click.echo(shown(result.message), err=True)
        return 1
    return 1 if result.findings and not redact else 0


@cli.command(help="cli.help.demo")
@option(
    "--out",
    type=TextPath(file_okay=False, path_type=Path),
    metavar="cli.metavar.directory",
    default=Path("outputs/demo"),
    show_default=True,
    help="cli.help.demo.out",
)
def demo(out: Path) -> None:
    """A whole round on the bundled example: forms, returns, ingest, tables, compendium."""
    from pipeline.demo import run_demo

    s = current_settings()
    echo = (lambda message: None) if s.quiet else click.echo
    result = run_demo(out, s.lang, echo)
    rd = result.round
    click.echo(t("demo.where", s.lang))
    places = (
        ("demo.forms", rd.forms),
        ("demo.mails", rd.mails),
        ("demo.inbox", rd.inbox),
        ("demo.store", rd.store),
        ("demo.reports", rd.reports),
        ("demo.reports_html", rd.reports / "*.html"),
        ("demo.proofs", rd.proofs),
        ("demo.tables", rd.tables / "answers.xlsx"),
        ("demo.compendium", result.compendium),
        ("demo.compendium_pdf", result.pdf),
        ("demo.web_edition", result.web),
        ("demo.settings", result.settings),
    )
    for key, path in ((k, p) for k, p in places if p is not None):
        click.echo(f"  {t(key, s.lang) + ':':<32} {path}")
    click.echo(t("demo.next", s.lang, round=rd.root))


cli.add_command(proofs_command)
cli.add_command(review)
cli.add_command(correct)
cli.add_command(corrections)
cli.add_command(translate)
cli.add_command(serve)
cli.add_command(import_xlsform_command)
cli.add_command(export_command)
cli.add_command(new_questionnaire)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: sys.argv[1:]) and return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from(args)
    try:
        with click_language(lang):  # click's own words (Usage:, Missing option) in it, too
            result = cli.main(
                args=args, prog_name="praxis", standalone_mode=False, obj=Settings(lang=lang)
            )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo(t("cli.aborted", lang), err=True)
        return 1
    except OptionValueError as exc:
        click.echo(t("cli.error", lang, message=exc.message), err=True)
        return 2
    except click.ClickException as exc:
        with click_language(lang):
            exc.show()
        return 2 if isinstance(exc, click.UsageError) else exc.exit_code
    except DefinitionError as exc:
        echo_problems(exc, lang)
        return exc.exit_code  # 1; 2 for a wrong compile --config file
    except Exception as exc:
        failure = environment_failure(exc)  # a full disk, a locked store, ...: said as such
        if failure is not None:
            click.echo(t("cli.error", lang, message=shown_lines(failure.message(lang))), err=True)
            return failure.exit_code
        if isinstance(exc, PraxisError):
            click.echo(t("cli.error", lang, message=shown_lines(exc)), err=True)
            return exc.exit_code
        if "--debug" in args:
            raise
        message = shown(exc)
        click.echo(t("cli.unexpected", lang, kind=type(exc).__name__, message=message), err=True)
        return 1
    return int(result) if isinstance(result, int) else 0


def _lang_from(args: list[str]) -> str:
    """The message language from the arguments, before click has parsed them."""
    for i, arg in enumerate(args):
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else default_lang()
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGUAGES:
            return args[i + 1]
    return default_lang()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
