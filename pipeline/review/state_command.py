"""``praxis review``: a project's review state and comments (``PROJECT --set STATE
--comment TEXT --question Q``), and the decision on a return that waits for review
(``--accept FILE`` / ``--keep-current FILE``, as before)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from pipeline.command_options import ROUND_OPTION, argument, current_settings, option
from pipeline.errors import UsageError
from pipeline.locale.command_line import TextCommand
from pipeline.locale.display import shown
from pipeline.locale.texts import t
from pipeline.round.lock import writes_round


@dataclass(frozen=True)
class Recorded:
    """What ``praxis review PROJECT`` recorded, and the report rewritten (None: the project
    has no current return, so no report)."""

    project: str
    state: str
    """The state set, in the user's language ("" for a comment alone)."""
    question: str
    """The question commented on, by number and label ("" for the project)."""
    report: Path | None


@click.command(cls=TextCommand, help="cli.help.review")
@ROUND_OPTION
@argument("project", "cli.metavar.project", required=False)
@option("--set", "state", metavar="cli.metavar.state", help="cli.help.review.set")
@option("--comment", metavar="cli.metavar.text", help="cli.help.review.comment")
@option("--question", metavar="cli.metavar.question", help="cli.help.review.question")
@option("--accept", "accept", metavar="cli.metavar.file", help="cli.help.review.accept")
@option("--keep-current", "keep", metavar="cli.metavar.file", help="cli.help.review.keep")
def review(
    round_dir: Path,
    project: str | None,
    state: str | None,
    comment: str | None,
    question: str | None,
    accept: str | None,
    keep: str | None,
) -> None:
    """Record a project's review state and comments, or decide on a return that waits."""
    s = current_settings()
    steps = any(x is not None for x in (project, state, comment, question))
    if steps and (accept is not None or keep is not None):
        raise click.UsageError(t("review.usage_mix", s.lang))
    if steps:
        if project is None:
            raise click.UsageError(t("review.need_project", s.lang))
        done = record(round_dir, project, state, comment, question, s.lang)
        _echo_recorded(done, s.lang)
        return
    _decide(round_dir, accept, keep, s.lang)


def _echo_recorded(done: Recorded, lang: str) -> None:
    if done.state:
        click.echo(shown(t("review.recorded_state", lang, project=done.project, state=done.state)))
    if done.question:
        click.echo(shown(t("review.recorded_question", lang, question=done.question)))
    elif not done.state:
        click.echo(shown(t("review.recorded_comment", lang, project=done.project)))
    if done.report is not None:
        click.echo(shown(t("review.report", lang, report=done.report)))


def _decide(round_dir: Path, accept: str | None, keep: str | None, lang: str) -> None:
    from pipeline.returns.review import review as decide

    if (accept is None) == (keep is None):
        raise click.UsageError(t("returns.review_choose", lang))
    decision = decide(round_dir, accept or keep or "", accept is not None, lang)
    key = "returns.review_accepted" if decision.accepted else "returns.review_kept"
    line = t(
        key,
        lang,
        file=decision.file,
        project=decision.project,
        current=decision.current,
        report=decision.report,
    )
    click.echo(shown(line))


@writes_round("round_dir")
def record(
    round_dir: Path,
    project: str,
    state: str | None,
    comment: str | None,
    question: str | None,
    lang: str,
) -> Recorded:
    """Record ``state`` (a settable state, by value or label) and/or ``comment`` (on
    ``question``, by id or number) for ``project``, then rewrite its report. UsageError for
    an unknown project, state or question, or nothing to record."""
    from pipeline.returns.ingest import Ingest
    from pipeline.returns.store import Store
    from pipeline.review.states import add_review, find_question, parse_state, state_label

    run = Ingest(round_dir, lang)
    if project not in run.record.projects:
        known = ", ".join(run.record.projects) or "-"
        raise UsageError(t("review.unknown_project", lang, project=project, known=known))
    if state is None and not (comment or "").strip():
        key = "review.question_needs_comment" if question else "review.need_what"
        raise UsageError(t(key, lang, project=project))
    chosen = parse_state(state, lang) if state is not None else None
    asked = find_question(run.q, question, lang) if question else None
    with Store(run.rd.store) as store:
        run._register_projects(store)  # a project may be reviewed before it returned
        with store.transaction() as db:
            add_review(
                db,
                project,
                state=chosen,
                comment=(comment or "").strip(),
                question=asked.id if asked else None,
            )
        report, _ = run.refresh(store, project, changed=False)
    written = report if report.is_file() else None
    return Recorded(
        project,
        state_label(chosen, lang) if chosen else "",
        f"{asked.number} {asked.label.get(lang)}" if asked else "",
        written,
    )
