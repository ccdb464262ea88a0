"""What ingest writes for people: a report per return, follow-up letters, rejected files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.mail import return_address
from pipeline.forms.package import fixed_zip
from pipeline.locale.display import markdown
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.problems import Problem
from pipeline.returns.identity import OTHER_PROJECT
from pipeline.returns.store import FileRecord, Store
from pipeline.returns.submission import REJECTED, Checked, Coercion, Outcome
from pipeline.round.folder import RoundDir, RoundProject, write_atomic


def reports_dir(rd: RoundDir) -> Path:
    return rd.reports


def _line(p: Problem, lang: str) -> str:
    where = f" ({t('report.at', lang, location=markdown(p.location))})" if p.location else ""
    return f"- {markdown(p.message)}{where}"


def _read_as(q: Questionnaire, coercion: Coercion, lang: str) -> str:
    key = coercion.question
    question = next((x for x in q.answerable() if key in (x.id, x.other_id)), None)
    label = f"{question.number} {question.label.get(lang)}" if question else key
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


def follow_up_letter(
    q: Questionnaire, project: RoundProject, checked: Checked, deadline: dt.date | None
) -> bytes:
    """A Word letter to the project listing what is missing or wrong, in its language."""
    from docx import Document
    from docx.shared import Pt

    lang = project.language if project.language in q.languages else q.default_language
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.created = dt.datetime(2000, 1, 1)
    doc.core_properties.modified = dt.datetime(2000, 1, 1)
    title = q.title.get(lang)
    doc.core_properties.title = t("followup.subject", lang, title=title)
    if q.network:
        doc.add_paragraph(q.network.get(lang)).runs[0].bold = True
    doc.add_paragraph("\n".join(x for x in (project.organisation, project.contact) if x))
    doc.add_heading(t("followup.subject", lang, title=title), level=1)
    greeting = "mail.greeting" if project.contact else "mail.greeting_plain"
    doc.add_paragraph(t(greeting, lang, contact=project.contact))
    doc.add_paragraph(t("followup.intro", lang, project=project.name))
    for problem in (p for p in checked.problems if p.is_error):
        doc.add_paragraph(problem.message, style="List Bullet")
    when = long_date(deadline, lang) if deadline else t("mail.no_deadline", lang)
    address = return_address(q, lang) or t("mail.no_return", lang)
    doc.add_paragraph(t("followup.request", lang, deadline=when, return_to=address))
    doc.add_paragraph(t("mail.closing", lang) + "\n" + (q.network.get(lang) if q.network else ""))
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue())  # python-docx stamps the time into the zip entries


def write_rejected_list(rd: RoundDir, lang: str) -> Path | None:
    """``reports/rejected.md``: every rejected file with its archive copy and the reason,
    and every saved e-mail that brought no form (with what to do)."""
    with Store(rd.store) as store:
        files = store.files()
    rejected = [f for f in files if f.outcome == REJECTED]
    mails = [f for f in files if f.outcome == Outcome.MAIL and f.reason]
    path = rd.rejected_list
    if not rejected and not mails:
        path.unlink(missing_ok=True)
        return None
    lines = [f"# {t('report.rejected_title', lang)}", ""]
    lines += [_rejected_line(f) for f in rejected]
    if mails:
        lines += ["", f"## {t('mail.rejected_title', lang)}", ""]
        lines += [_rejected_line(f) for f in mails]
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _rejected_line(f: FileRecord) -> str:
    name, reason = markdown(f.name), markdown(f.reason)  # the archive path is praxis's own
    return f"- **{name}** ({f.received[:10]}, `{f.archive}`): {reason}"
