"""``praxis proofs``: the command around :func:`pipeline.review.proofs.write_proofs`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from pipeline.command_options import (
    ROUND_OPTION,
    DateOption,
    argument,
    current_settings,
    option,
    warn_about_deadline,
)
from pipeline.locale.command_line import TextCommand, TextPath
from pipeline.locale.display import shown
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t


@click.command(name="proofs", cls=TextCommand, help="cli.help.proofs")
@ROUND_OPTION
@argument("projects", "cli.metavar.projects", nargs=-1)
@option("--deadline", type=DateOption(), help="cli.help.proofs.deadline")
@option("--pdf", is_flag=True, help="cli.help.proofs.pdf")
@option(
    "--template",
    type=TextPath(dir_okay=False, exists=True, path_type=Path),
    metavar="cli.metavar.file",
    help="cli.help.proofs.template",
)
@option(
    "--include",
    "include",
    multiple=True,
    type=click.Choice(["incomplete"]),
    help="cli.help.compile.include",
)
def proofs_command(
    round_dir: Path,
    projects: tuple[str, ...],
    deadline: dt.datetime | None,
    pdf: bool,
    template: Path | None,
    include: tuple[str, ...],
) -> int:
    """Chapter proofs and approval mail drafts: DIR/proofs/."""
    from pipeline.review.proofs import write_proofs

    s = current_settings()
    warn_about_deadline(deadline)
    result = write_proofs(
        round_dir,
        projects,
        deadline.date() if deadline else None,
        pdf,
        s.lang,
        template=template,
        include_incomplete="incomplete" in include,
    )
    for proof in result.proofs:
        files = ", ".join(str(p) for p in (proof.docx, proof.pdf, proof.mail) if p)
        click.echo(shown(f"{proof.project}: {files}"))
    for project, reason in result.skipped:
        click.echo(shown(t("proofs.skipped", s.lang, project=project, reason=reason)), err=True)
    for message in result.messages:
        click.echo(shown(message), err=True)
    if not result.proofs:
        click.echo(t("proofs.none", s.lang), err=True)
        return 1
    when = long_date(result.deadline, s.lang)
    click.echo(t("proofs.done", s.lang, count=len(result.proofs), deadline=when))
    click.echo(t("proofs.hint", s.lang, round=round_dir))
    named_skipped = bool(projects) and bool(result.skipped)
    return 1 if result.messages or named_skipped else 0
