"""``praxis proofs``: each project's chapter as the compendium will show it (a proof,
Korrekturabzug) and a mail draft in the project's language asking for approval (Freigabe)
by a date.

The chapter is made by the compendium's own code (:func:`select_practices`, the same
selection as ``praxis compile``, and :func:`write_chapter`, the same chapter, styles and page
setup), so the proof shows what will be published. Written into ``proofs/`` of the round:
``<project>-korrekturabzug.docx`` (and ``.pdf`` with ``pdf``) and ``<project>-freigabe.eml``;
each proof written is an event ``proof_sent`` in the store.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.definition.questionnaire import Questionnaire
from pipeline.errors import UsageError
from pipeline.forms.mail import build_draft_eml, mail_texts
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.office import OfficeError, convert, find_soffice
from pipeline.publication.compendium.compile import review_states
from pipeline.publication.compendium.document import write_chapter
from pipeline.publication.compendium.pdf import ACCESSIBLE_PDF
from pipeline.publication.compendium.selection import (
    Practice,
    has_consent,
    publishes,
    roster_contacts,
    select_practices,
)
from pipeline.returns.answers import current_submissions
from pipeline.returns.media import MediaFile, round_media
from pipeline.returns.received import now
from pipeline.returns.store import Store, Submission
from pipeline.returns.submission import INCOMPLETE
from pipeline.review.proof_report import PROOF_SENT, proof_detail
from pipeline.review.states import ReviewState
from pipeline.round.folder import (
    RoundDir,
    RoundProject,
    RoundRecord,
    write_atomic,
    write_stream_atomic,
)
from pipeline.round.lock import writes_round

DEFAULT_WEEKS = 2
"""Without ``--deadline`` a project has two weeks to approve."""


@dataclass(frozen=True)
class Proof:
    """One project's proof and the mail draft asking for approval."""

    project: str
    docx: Path
    mail: Path
    pdf: Path | None = None
    recipient: str = ""


@dataclass
class ProofsResult:
    """What :func:`write_proofs` wrote, the projects it skipped (with why) and the problems."""

    deadline: dt.date
    proofs: list[Proof] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(project, why no proof was written) for each project without one."""
    messages: list[str] = field(default_factory=list)
    """Problems: a PDF not made, a part of a chapter left out, a project without address."""


@dataclass(frozen=True)
class _Round:
    """What every proof of a round needs."""

    rd: RoundDir
    q: Questionnaire
    lang: str
    today: dt.date
    deadline: dt.date
    media: Mapping[str, Sequence[MediaFile]]
    template: Path | None = None


@writes_round("round_dir")
def write_proofs(
    round_dir: Path,
    projects: Sequence[str] = (),
    deadline: dt.date | None = None,
    pdf: bool = False,
    lang: str | None = None,
    today: dt.date | None = None,
    template: Path | None = None,
    include_incomplete: bool = False,
    progress: Callable[[str], object] | None = None,
) -> ProofsResult:
    """Write a proof and an approval mail draft for each of ``projects`` (default: every
    project of the round; those whose chapter the compendium would not show are skipped,
    with the reason). ``deadline``: the date asked for (default: two weeks from ``today``).
    ``lang``: the compendium's language (the mails are in each project's own);
    ``template`` and ``include_incomplete`` as for ``praxis compile``; ``progress`` is called
    with each project's id once it is done (written or skipped)."""
    from pipeline.definition.loading import load_questionnaire

    rd = RoundDir(round_dir)
    record = rd.load()
    lang = lang or record.language
    unknown = [p for p in projects if p not in record.projects]
    if unknown:
        known = ", ".join(record.projects)
        raise UsageError(t("proofs.unknown", lang, projects=", ".join(unknown), known=known))
    q = load_questionnaire(rd.definition, lang)
    practices, reasons = _choices(rd, q, lang, include_incomplete)
    today = today or dt.date.today()
    deadline = deadline or today + dt.timedelta(weeks=DEFAULT_WEEKS)
    run = _Round(rd, q, lang, today, deadline, round_media(rd), template)
    result = ProofsResult(deadline)
    for pid in dict.fromkeys(projects or record.projects):
        reason = reasons[pid]
        if reason:
            result.skipped.append((pid, reason))
        else:
            result.proofs.append(_proof(run, record.projects[pid], practices[pid], pdf, result))
        if progress is not None:
            progress(pid)
    if result.proofs:
        _log(rd, lang, result)
    return result


def proof_choices(
    round_dir: Path,
    lang: str | None = None,
    include_incomplete: bool = False,
    states: Mapping[str, ReviewState] | None = None,
) -> dict[str, str]:
    """Each project of the round (in roster order) and why :func:`write_proofs` would write
    no proof for it ("" when it would): the same reasons it gives in ``skipped``. Whether
    the compendium shows a chapter needs only the outcomes and the consent answers, so only
    those are read (``states``: the review states, when the caller has them already)."""
    from pipeline.definition.loading import load_questionnaire

    rd = RoundDir(round_dir)
    record = rd.load()
    lang = lang or record.language
    q = load_questionnaire(rd.definition, lang)
    subs = current_submissions(rd, [x.id for x in q.with_role("consent")])
    published = {s.project for s in subs if publishes(q, s, include_incomplete)}
    if states is None:
        states = review_states(rd)
    return _reasons(q, record, subs, published, states, lang)


def _choices(
    rd: RoundDir, q: Questionnaire, lang: str, include_incomplete: bool
) -> tuple[dict[str, Practice], dict[str, str]]:
    """The practices the compendium would show, by project, and for every project of the
    round why it gets no proof ("" when it gets one)."""
    record = rd.load()
    subs = current_submissions(rd)
    roster = roster_contacts(rd, q)
    selected = select_practices(q, record, subs, lang, include_incomplete, roster=roster)
    practices = {p.project: p for p in selected}
    reasons = _reasons(q, record, subs, set(practices), review_states(rd), lang)
    return practices, reasons


def _reasons(
    q: Questionnaire,
    record: RoundRecord,
    subs: Sequence[Submission],
    published: set[str],
    states: Mapping[str, ReviewState],
    lang: str,
) -> dict[str, str]:
    """For every project of the round why it gets no proof ("" when it gets one)."""
    current = {s.project: s for s in subs}
    return {
        pid: why_not_published(q, current.get(pid), pid in published, states.get(pid), lang)
        for pid in record.projects
    }


def why_not_published(
    q: Questionnaire,
    sub: Submission | None,
    published: bool,
    state: ReviewState | None,
    lang: str,
) -> str:
    """Why the compendium would not show the project's chapter ("" when it would)."""
    if sub is None:
        return t("proofs.skip.no_return", lang)
    if state == ReviewState.WITHDRAWN:
        return t("proofs.skip.withdrawn", lang)
    if published:
        return ""
    if not has_consent(q, sub.answers):
        numbers = ", ".join(x.number for x in q.with_role("consent"))
        return t("proofs.skip.no_consent", lang, questions=numbers or "-")
    if sub.outcome == INCOMPLETE:
        return t("proofs.skip.incomplete", lang)
    return t("proofs.skip.not_published", lang, outcome=t(f"outcome.{sub.outcome}", lang))


def _proof(
    run: _Round, project: RoundProject, practice: Practice, pdf: bool, result: ProofsResult
) -> Proof:
    """The project's proof (.docx, and .pdf with ``pdf``) and its mail draft."""
    docx = run.rd.proof(project.id)
    note = t("proofs.header", run.lang, date=long_date(run.today, run.lang))
    write = functools.partial(
        write_chapter,
        q=run.q,
        practice=practice,
        lang=run.lang,
        template=run.template,
        today=run.today,
        media=run.media.get(project.id, ()),
        note=note,
    )
    skipped: list = []
    write_stream_atomic(docx, lambda handle: skipped.extend(write(handle)))
    result.messages += [part.message(run.lang) for part in skipped]
    made = _pdf(docx, run.lang, result) if pdf else None
    if made is None:
        docx.with_suffix(".pdf").unlink(missing_ok=True)  # an earlier one may show old text
    mail = run.rd.approval_mail(project.id)
    attachments = [docx, *([made] if made else [])]
    write_atomic(mail, approval_eml(run, project, practice, attachments))
    if not project.email:
        result.messages.append(t("proofs.no_address", run.lang, project=project.id, mail=mail))
    return Proof(project.id, docx, mail, made, project.email)


def _pdf(docx: Path, lang: str, result: ProofsResult) -> Path | None:
    """The proof as PDF through LibreOffice; None (and why in ``result``) when not made."""
    if find_soffice() is None:
        result.messages.append(t("proofs.no_office", lang, docx=docx))
        return None
    try:
        return convert(docx, ACCESSIBLE_PDF, docx.parent)  # tagged, like the compendium
    except OfficeError as exc:
        result.messages.append(t("proofs.pdf_failed", lang, docx=docx, detail=str(exc)))
        return None


def approval_texts(
    q: Questionnaire, project: RoundProject, chapter: str, deadline: dt.date, file: str
) -> dict[str, str]:
    """Subject and text of the mail asking ``project`` to approve its chapter by
    ``deadline``, in the project's language (the questionnaire's default when it has not
    got that one)."""
    lang = project.language if project.language in q.languages else q.default_language
    texts = mail_texts(q, replace(project, language=lang), deadline)
    values = {
        "title": q.title.get(lang),
        "chapter": chapter,
        "project": project.name,
        "deadline": long_date(deadline, lang),
        "file": file,
    }
    body = t("proofs.mail.body", lang, **values)
    text = "\n\n".join([texts["greeting"], body, texts["closing"] + "\n" + texts["network"]])
    return {"subject": t("proofs.mail.subject", lang, **values), "text": text.rstrip() + "\n"}


def approval_eml(
    run: _Round, project: RoundProject, practice: Practice, attachments: Sequence[Path]
) -> bytes:
    """The unsent mail draft to the project's roster address with the proof attached."""
    texts = approval_texts(run.q, project, practice.title, run.deadline, attachments[0].name)
    boundary = f"praxis-proof-{project.id}-{project.token}"
    return build_draft_eml(run.q, project, texts["subject"], texts["text"], attachments, boundary)


def _log(rd: RoundDir, lang: str, result: ProofsResult) -> None:
    """An event ``proof_sent`` per proof (the files and the date asked for), then each
    project's report rewritten with it."""
    from pipeline.returns.ingest import Ingest

    with Store(rd.store) as store:
        with store.transaction() as db:
            for proof in result.proofs:
                files = ", ".join(p.name for p in (proof.docx, proof.pdf, proof.mail) if p)
                detail = proof_detail(files, result.deadline.isoformat())
                store.log(db, now(), PROOF_SENT, proof.project, None, detail)
        run = Ingest(rd.root, lang)
        for proof in result.proofs:
            run.refresh(store, proof.project, changed=False)
