"""Mail drafts (.eml with both forms attached) and cover letters for the projects of a round."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from pipeline.definition.questionnaire import Questionnaire
from pipeline.forms.letter import Letter, build_letter
from pipeline.locale.display import shown
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.round.folder import RoundProject

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def return_address(q: Questionnaire, lang: str) -> str:
    """The e-mail address in the definition's ``return_to`` text, or ''."""
    text = q.return_to.get(lang) if q.return_to else ""
    found = _EMAIL.search(text)
    return found.group(0) if found else ""


def by_deadline(deadline: dt.date | None, lang: str) -> str:
    """``bis zum 31.01.2030`` (``by 31 January 2030``), or ``so bald wie möglich`` without a
    deadline: the whole phrase, so that a mail without a deadline reads right."""
    if deadline is None:
        return t("mail.no_deadline", lang)
    return t("mail.by_deadline", lang, date=long_date(deadline, lang))


def set_sender(msg: EmailMessage, q: Questionnaire, lang: str) -> None:
    """``From`` and ``Reply-To`` of ``msg``: the return address (none without one) with the
    network's name from the definition as display name (encoded where it is not ASCII)."""
    sender = return_address(q, lang)
    if not sender:
        return
    name = shown(q.network.get(lang)) if q.network else ""
    msg["From"] = Address(display_name=name, addr_spec=sender)
    msg["Reply-To"] = Address(display_name=name, addr_spec=sender)


def mail_texts(q: Questionnaire, project: RoundProject, deadline: dt.date | None) -> dict[str, str]:
    """Subject, greeting, body and closing of the mail to ``project``, in its language."""
    lang = project.language
    when = by_deadline(deadline, lang)
    title = q.title.get(lang)
    greeting = (
        t("mail.greeting", lang, contact=project.contact)
        if project.contact
        else t("mail.greeting_plain", lang)
    )
    return_to = q.return_to.get(lang) if q.return_to else t("mail.no_return", lang)
    body = t(
        "mail.body", lang, title=title, project=project.name, deadline=when, return_to=return_to
    )
    network = q.network.get(lang) if q.network else ""
    return {
        "subject": t("mail.subject", lang, title=title, deadline=when),
        "greeting": greeting,
        "body": body,
        "closing": t("mail.closing", lang),
        "network": network,
    }


_MIME = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pdf": ("application", "pdf"),
}


def build_eml(
    q: Questionnaire,
    project: RoundProject,
    deadline: dt.date | None,
    attachments: list[Path],
    gone: Sequence[str] = (),
) -> bytes:
    """An unsent mail draft (opens as a draft in Outlook and Thunderbird) with the forms;
    ``gone``: lines on last round's answers that are no longer a choice (after the body)."""
    texts = mail_texts(q, project, deadline)
    if gone:
        texts["body"] += "\n\n" + "\n".join(gone)
    msg = EmailMessage()
    set_sender(msg, q, project.language)
    msg["To"] = project.email
    msg["Subject"] = texts["subject"]
    msg["X-Unsent"] = "1"
    text = "\n\n".join(
        [texts["greeting"], texts["body"], texts["closing"] + "\n" + texts["network"]]
    )
    msg.set_content(text + "\n")
    for path in attachments:
        maintype, subtype = _MIME[path.suffix.lower()]
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    msg.set_boundary(f"praxis-{project.id}-{project.token}")
    return msg.as_bytes(policy=SMTP)


def reminder_texts(
    q: Questionnaire, project: RoundProject, deadline: dt.date | None, missing: Sequence[str]
) -> dict[str, str]:
    """Subject and text of a reminder to ``project``, in its language: a form not yet
    returned (no ``missing``) or a return that still lacks the answers in ``missing``
    (one line each, e.g. ``4.2 Was wollen Sie ... erreichen? (fehlt)``)."""
    lang = project.language if project.language in q.languages else q.default_language
    texts = mail_texts(q, replace(project, language=lang), deadline)
    when = by_deadline(deadline, lang)
    values = {
        "title": q.title.get(lang),
        "project": project.name,
        "deadline": when,
        "return_to": q.return_to.get(lang) if q.return_to else t("mail.no_return", lang),
        "items": "\n".join(f"- {item}" for item in missing),
    }
    body = t("reminder.body_incomplete" if missing else "reminder.body_missing", lang, **values)
    text = "\n\n".join([texts["greeting"], body, texts["closing"] + "\n" + texts["network"]])
    return {"subject": t("reminder.subject", lang, **values), "text": text.rstrip() + "\n"}


def build_reminder_eml(
    q: Questionnaire,
    project: RoundProject,
    deadline: dt.date | None,
    missing: Sequence[str] = (),
    attachments: Sequence[Path] = (),
) -> bytes:
    """An unsent reminder draft to the one address of ``project`` (deterministic), with
    ``attachments`` (its blank forms, for a project that has not returned)."""
    texts = reminder_texts(q, project, deadline, missing)
    msg = EmailMessage()
    set_sender(msg, q, project.language)
    if project.email:
        msg["To"] = project.email
    msg["Subject"] = texts["subject"]
    msg["X-Unsent"] = "1"
    msg.set_content(texts["text"])
    for path in attachments:
        maintype, subtype = _MIME[path.suffix.lower()]
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    if attachments:
        msg.set_boundary(f"praxis-reminder-{project.id}-{project.token}")
    return msg.as_bytes(policy=SMTP.clone(max_line_length=998))  # a subject on one line


def build_draft_eml(
    q: Questionnaire,
    project: RoundProject,
    subject: str,
    text: str,
    attachments: Sequence[Path] = (),
    boundary: str = "",
) -> bytes:
    """An unsent draft with ``subject`` and ``text`` to the one roster address of
    ``project``, from the round's return address, with ``attachments`` (deterministic with
    a ``boundary``): the other mails of the round (a proof asking for approval)."""
    msg = EmailMessage()
    set_sender(msg, q, project.language)
    if project.email:
        msg["To"] = project.email
    msg["Subject"] = subject
    msg["X-Unsent"] = "1"
    msg.set_content(text)
    for path in attachments:
        maintype, subtype = _MIME[path.suffix.lower()]
        msg.add_attachment(
            path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
        )
    if attachments and boundary:
        msg.set_boundary(boundary)
    return msg.as_bytes(policy=SMTP.clone(max_line_length=998))


def build_cover_letter(
    q: Questionnaire,
    project: RoundProject,
    deadline: dt.date | None,
    gone: Sequence[str] = (),
    today: dt.date | None = None,
) -> bytes:
    """The same text as the mail, as a Word letter (DIN 5008, see :mod:`.letter`) dated
    ``today`` (default: the day it is written) to print or attach; deterministic.

    Built in full with python-docx: the reference for the fast path
    (``pipeline.speed.forms.FormBuilder.letter``), which a round uses.
    """
    texts = mail_texts(q, project, deadline)
    if gone:
        texts["body"] += "\n\n" + "\n".join(gone)
    lang = project.language
    letter = Letter(
        lang=lang,
        sender=texts["network"],
        return_address=q.return_to.get(lang) if q.return_to else "",
        recipient=tuple(x for x in (project.organisation, project.contact) if x),
        date=today or dt.date.today(),
        subject=texts["subject"],
        greeting=texts["greeting"],
        body=tuple(texts["body"].split("\n\n")),
        closing=texts["closing"],
        deadline=deadline,
        reply_to=return_address(q, lang),
    )
    return build_letter(letter)
