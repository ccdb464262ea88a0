"""What ingest writes for people: a report per return, follow-up letters, rejected files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.letter import Letter, build_letter
from pipeline.forms.mail import return_address
from pipeline.locale.display import markdown
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.problems import Problem
from pipeline.returns.identity import OTHER_PROJECT
from pipeline.returns.store import FileRecord, Store
from pipeline.returns.submission import REJECTED, Checked, Coercion, Outcome
from pipeline.round.folder import RoundDir, RoundProject
from pipeline.round.report_file import remove_report, write_report


def reports_dir(rd: RoundDir) -> Path:
    return rd.reports


def _line(p: Problem, lang: str) -> str:
    where = f" ({t('report.at', lang, location=markdown(p.location))})" if p.location else ""
    return f"- {markdown(p.message)}{where}"


def _read_as(q: Questionnaire, coercion: Coercion, lang: str) -> str:
    key = coercion.question
    question = next((x for x in q.answerable() if key in (x.id, x.other_id)), None)
    label = (
        t("issue.where", lang, number=question.number, label=question.label.get(lang))
        if question
        else key
    )  # the label quoted: a question's own "?" is never followed by the ":" of this line
    return t(
        "report.read_as",
        lang,
        question=markdown(label),
        raw=markdown(coercion.raw),
        value=markdown(coercion.value),
    )


def project_report(
    q: Questionnaire, project: RoundProject, file_name: str, checked: Checked, lang: str
) -> str:
    """The Markdown report of one return: outcome, what to clarify, notes, what was read as."""
    lines = [
        f"# {t('report.title', lang, project=markdown(project.name))}",
        "",
        f"- {t('report.file', lang)}: {markdown(file_name)}",
        f"- {t('report.outcome', lang)}: {t('outcome.' + checked.outcome, lang)}",
        "",
    ]
    alerts = [p for p in checked.problems if p.code == OTHER_PROJECT]
    errors = [p for p in checked.problems if p.is_error]
    warnings = [p for p in checked.problems if not p.is_error and p not in alerts]
    groups = (("report.alerts", alerts), ("report.errors", errors), ("report.warnings", warnings))
    for title, group in groups:
        if group:
            lines += [f"## {t(title, lang)}", "", *(_line(p, lang) for p in group), ""]
    if checked.coercions:
        lines += [f"## {t('report.coercions', lang)}", ""]
        lines += [f"- {_read_as(q, c, lang)}" for c in checked.coercions] + [""]
    if not checked.problems:
        lines += [t("report.none", lang), ""]
    return "\n".join(lines)


def settled_note(letter: Path, lang: str) -> str:
    """The line a report gets when its return settles the project's follow-up letter."""
    return f"{t('report.letter_settled', lang, letter=markdown(letter.as_posix()))}\n"


def report_path(rd: RoundDir, project: RoundProject) -> Path:
    """``reports/<project>.md``: the report on the project's latest return."""
    return rd.report(project.id)


def follow_up_path(rd: RoundDir, project: RoundProject) -> Path:
    return rd.follow_up(project.id)


FOLLOW_UP_DAYS = 14
"""A follow-up letter gives a project two weeks to answer ..."""
LEAST_DAYS = 7
"""... unless the round's deadline is still at least a week away: then that one stands."""


def follow_up_deadline(deadline: dt.date | None, today: dt.date) -> dt.date:
    """The deadline a follow-up letter written on ``today`` names: the round's ``deadline``
    while it is at least :data:`LEAST_DAYS` away, else (passed, too close, or none) two
    weeks from ``today``, never a day in the past."""
    if deadline is not None and deadline >= today + dt.timedelta(days=LEAST_DAYS):
        return deadline
    return today + dt.timedelta(days=FOLLOW_UP_DAYS)


def follow_up_letter(
    q: Questionnaire,
    project: RoundProject,
    checked: Checked,
    deadline: dt.date | None,
    today: dt.date | None = None,
) -> bytes:
    """A Word letter (DIN 5008, see :mod:`pipeline.forms.letter`) dated ``today`` (default:
    the day it is written) to the project listing what is missing or wrong, in its language,
    with the new deadline (:func:`follow_up_deadline` of the round's ``deadline``)."""
    lang = project.language if project.language in q.languages else q.default_language
    today = today or dt.date.today()
    new_deadline = follow_up_deadline(deadline, today)
    network = q.network.get(lang) if q.network else ""
    address = return_address(q, lang)
    when = long_date(new_deadline, lang)
    greeting = "mail.greeting" if project.contact else "mail.greeting_plain"
    errors = tuple(problem.message for problem in checked.problems if problem.is_error)
    intro = t("followup.intro", lang, project=project.name)
    reply = address or t("mail.no_return", lang)
    request = t("followup.request", lang, deadline=when, return_to=reply)
    letter = Letter(
        lang=lang,
        sender=network,
        return_address=q.return_to.get(lang) if q.return_to else "",
        recipient=tuple(x for x in (project.organisation, project.contact) if x),
        date=today,
        subject=t("followup.subject", lang, title=q.title.get(lang)),
        greeting=t(greeting, lang, contact=project.contact),
        body=(intro, errors, request) if errors else (intro, request),
        closing=t("mail.closing", lang),
        deadline=new_deadline,
        reply_to=address,
    )
    return build_letter(letter)


def write_rejected_list(rd: RoundDir, lang: str) -> Path | None:
    """``reports/rejected.md``: every rejected file with its archive copy and the reason,
    and every saved e-mail that brought no form (with what to do)."""
    with Store(rd.store) as store:
        files = store.files()
    rejected = [f for f in files if f.outcome == REJECTED]
    mails = [f for f in files if f.outcome == Outcome.MAIL and f.reason]
    path = rd.rejected_list
    if not rejected and not mails:
        remove_report(path)
        return None
    lines = [f"# {t('report.rejected_title', lang)}", ""]
    lines += [_rejected_line(f) for f in rejected]
    if mails:
        lines += ["", f"## {t('mail.rejected_title', lang)}", ""]
        lines += [_rejected_line(f) for f in mails]
    write_report(path, "\n".join(lines) + "\n", lang)
    return path


def _rejected_line(f: FileRecord) -> str:
    name, reason = markdown(f.name), markdown(f.reason)  # the archive path is praxis's own
    return f"- **{name}** ({f.received[:10]}, `{f.archive}`): {reason}"
