"""``praxis compile``: the compendium of a round folder, written to
``DIR/compendium/compendium-<lang>.docx`` (and, with ``pdf=True`` and LibreOffice installed,
``compendium-<lang>.pdf``; with ``html`` a static web edition), with
``privacy-check-<lang>.md`` beside it when contact data was found in free texts of practices
whose contact may not be published. One set of files per language: an English compendium
never overwrites the German one, nor removes what belongs to it."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pipeline.definition.loading import load_questionnaire
from pipeline.definition.publication import PublicationSettings, load_publication_config
from pipeline.definition.questionnaire import Questionnaire
from pipeline.locale.texts import t
from pipeline.publication.compendium.content import compendium_content
from pipeline.publication.compendium.document import write_compendium
from pipeline.publication.compendium.pdf import make_pdf
from pipeline.publication.compendium.qr import QrCodes, drawing_ahead
from pipeline.publication.compendium.selection import (
    Figures,
    Practice,
    compendium_figures,
    review_selection,
    roster_contacts,
    select_practices,
)
from pipeline.publication.compendium.writer import SkippedPart
from pipeline.publication.privacy import Finding, privacy_report
from pipeline.publication.web_edition import check_replaceable, write_web_edition
from pipeline.returns.answers import current_submissions
from pipeline.returns.media import round_media
from pipeline.returns.store import Store, Submission
from pipeline.review.states import ReviewState, current_states, state_label
from pipeline.review.translation import translated_submissions, untranslated_notes
from pipeline.round.folder import RoundDir, RoundRecord, write_stream_atomic
from pipeline.round.lock import writes_round
from pipeline.round.report_file import remove_report, write_report

COMPENDIUM_DIR = "compendium"
LEGACY_NAMES = ("compendium.docx", "compendium.pdf", "privacy-check.md")
"""What praxis before one file per language wrote: removed by a new compile, with a note
(praxis's own outputs, which may still show what was since withdrawn or redacted)."""


def docx_name(lang: str) -> str:
    """``compendium-de.docx``: the compendium in ``lang``."""
    return f"compendium-{lang}.docx"


def pdf_name(lang: str) -> str:
    """``compendium-de.pdf``: the PDF of :func:`docx_name`."""
    return f"compendium-{lang}.pdf"


def privacy_name(lang: str) -> str:
    """``privacy-check-de.md``: the contact data found in the free texts of
    :func:`docx_name` (one per language, as the texts may be translations)."""
    return f"privacy-check-{lang}.md"


def is_compendium_file(name: str) -> bool:
    """True for the files ``compile`` writes into ``DIR/compendium`` (docx, PDF and privacy
    check of any language, the check as Markdown and as HTML)."""
    stem, dot, ext = name.rpartition(".")
    prefix = "privacy-check-" if ext in ("md", "html") else "compendium-"
    lang = stem.removeprefix(prefix)
    return dot == "." and ext in ("docx", "pdf", "md", "html") and lang != stem and lang.isalpha()


@dataclass
class CompileResult:
    """What :func:`compile_round` wrote, and what the coordinator should know about it."""

    docx: Path
    figures: Figures
    pdf: Path | None = None
    html: Path | None = None
    """The web edition's start page (``index.html``), when one was asked for."""
    messages: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the coordinator should know that is no problem (an earlier PDF removed)."""
    skipped: list[SkippedPart] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Contact data in free texts of practices whose contact may not be published."""
    redacted: bool = False
    privacy_check: Path | None = None
    """The file listing :attr:`findings` (none when nothing was found)."""
    left_out: list[str] = field(default_factory=list)
    """The practices the review loop left out, and why (``p03: nicht freigegeben (Stand:
    geprüft)``, ``p07: zurückgezogen``)."""

    @property
    def paths(self) -> list[Path]:
        """The files written."""
        return [self.docx] + [p for p in (self.pdf, self.html) if p]

    @property
    def message(self) -> str | None:
        """The messages as one text (None when there is nothing to say)."""
        return " ".join(self.messages) or None


def content_messages(q: Questionnaire, figures: Figures, lang: str) -> list[str]:
    """Why the compendium has no practices, when it has none."""
    if not q.with_role("consent"):
        return [t("compendium.no_consent_question", lang)]
    return [] if figures.included else [t("compendium.no_practices", lang)]


def _privacy_check(
    result: CompileResult, practices: Sequence[Practice], redact: bool, lang: str
) -> None:
    """List the contact data found in free texts in ``privacy-check-<lang>.md`` (removed
    when there is none)."""
    result.findings = [f for p in practices for f in p.findings]
    result.redacted = redact
    path = result.docx.parent / privacy_name(lang)
    if not result.findings:
        remove_report(path)
        return
    report = privacy_report(result.findings, redact, lang)
    write_report(path, report, lang)
    result.privacy_check = path


def publication_settings(
    q: Questionnaire, config: Path | None, lang: str | None = None
) -> PublicationSettings:
    """The definition's ``publication:`` block, its entries overridden by ``config``'s
    (its problems said in ``lang``)."""
    if config is None:
        return q.publication
    return q.publication.merged(load_publication_config(config, q.languages, lang))


def review_states(rd: RoundDir) -> dict[str, ReviewState]:
    """Each project's review state (none before anything was ingested)."""
    if not rd.store.exists():
        return {}
    with Store(rd.store) as store:
        return current_states(store)


def left_out_line(project: str, state: str, lang: str) -> str:
    """Why a practice is not in the compendium: withdrawn, or not (yet) approved."""
    if state == ReviewState.WITHDRAWN:
        return t("compendium.left_out_withdrawn", lang, project=project)
    label = state_label(ReviewState(state), lang)
    return t("compendium.left_out_unapproved", lang, project=project, state=label)


@writes_round("round_dir")
def compile_round(
    round_dir: Path,
    lang: str | None = None,
    template: Path | None = None,
    pdf: bool = False,
    include_incomplete: bool = False,
    redact: bool = False,
    approved_only: bool = False,
    config: Path | None = None,
    html: Path | None = None,
) -> CompileResult:
    """Write ``round_dir/compendium/compendium-<lang>.docx`` (and ``compendium-<lang>.pdf``
    with ``pdf``; an earlier PDF of that language is removed without it, the other language's
    files stay), and ``privacy-check-<lang>.md`` beside it when contact data was found in free
    texts of practices whose contact may not be published (replaced with ``redact``, else
    printed as typed). A withdrawn project is left out; with ``approved_only`` every project
    not approved too (named in :attr:`CompileResult.left_out`). ``config``: a publication
    settings file whose entries override the definition's ``publication:`` block; ``html``:
    the folder of the web edition. The ``compendium.docx``, ``.pdf`` and
    ``privacy-check.md`` of an older praxis are removed (named in
    :attr:`CompileResult.notes`)."""
    rd = RoundDir(round_dir)
    record = rd.load()
    lang = lang or record.language
    q = load_questionnaire(rd.definition, lang)
    settings = publication_settings(q, config, lang)
    if html is not None:
        check_replaceable(html, lang)  # before anything is written
    subs, languages = translated_submissions(rd, q, record, current_submissions(rd), lang)
    today = dt.date.today()
    skipped: list[SkippedPart] = []
    states = review_states(rd)
    drawn = _drawing_ahead(q, record, subs, lang, include_incomplete, states, approved_only)
    with contextlib.closing(drawn):  # the worker drawing them ends with the compendium
        roster = roster_contacts(rd, q)
        practices = select_practices(q, record, subs, lang, include_incomplete, redact, roster)
        practices, left_out = review_selection(practices, states, approved_only)
        media = round_media(rd)

        def build(handle: BinaryIO, pages: Mapping[str, int] | None = None) -> None:
            skipped[:] = write_compendium(
                handle,
                q,
                record,
                subs,
                lang,
                include_incomplete=include_incomplete,
                template=template,
                today=today,
                toc_pages=pages,
                redact=redact,
                roster=roster,
                practices=practices,
                media=media,
                languages=languages,
                settings=settings,
                drawn=drawn,
            )

        docx = rd.root / COMPENDIUM_DIR / docx_name(lang)
        write_stream_atomic(docx, build)
        figures = compendium_figures(record, subs, practices)
        messages = content_messages(q, figures, lang)
        result = CompileResult(docx=docx, figures=figures, messages=messages)
        _privacy_check(result, practices, redact, lang)
        result.notes += untranslated_notes(q, [p.project for p in practices], languages, lang)
        result.skipped = skipped
        result.left_out = [left_out_line(p.project, state, lang) for p, state in left_out]
        result.messages += [part.message(lang) for part in skipped]
        if pdf:
            make_pdf(result, build, lang)
        _drop_stale_pdf(result, pdf, lang)
        _drop_legacy(result, lang)
        if html is not None:
            content = compendium_content(q, practices, figures, lang, media, languages, settings)
            result.html = write_web_edition(html, content, q, today=today)
        return result


def _drawing_ahead(
    q: Questionnaire,
    record: RoundRecord,
    subs: Sequence[Submission],
    lang: str,
    include_incomplete: bool,
    states: Mapping[str, ReviewState],
    approved_only: bool,
) -> QrCodes:
    """The charts and QR codes of the practices to publish, drawn ahead (see
    :func:`drawing_ahead`) from a first selection without the privacy check, which takes a
    while and changes no chart and no link: the charts are drawn by the time the overview
    needs them. What the compendium needs and this lacks is drawn as it is needed."""
    first = select_practices(q, record, subs, lang, include_incomplete, privacy=False)
    first, _ = review_selection(first, states, approved_only)
    return drawing_ahead(q, first, lang)


def _drop_stale_pdf(result: CompileResult, pdf_asked: bool, lang: str) -> None:
    """A ``compendium-<lang>.pdf`` not made from the compendium just written (an earlier
    run's, or one whose conversion failed) goes: it may show what this run left out or
    redacted."""
    old = result.docx.with_name(pdf_name(lang))
    if result.pdf is None and old.exists():
        old.unlink()
        note = t("compendium.old_pdf_removed", lang, path=old)
        (result.notes if not pdf_asked else result.messages).append(note)


def _drop_legacy(result: CompileResult, lang: str) -> None:
    """The ``compendium.docx``, ``compendium.pdf`` and ``privacy-check.md`` of a praxis
    before one file per language go, with a note."""
    removed = [old for old in map(result.docx.with_name, LEGACY_NAMES) if old.exists()]
    for old in removed:
        old.unlink()
    if removed:
        paths = ", ".join(str(old) for old in removed)
        note = t(
            "compendium.legacy_removed", lang, count=len(removed), paths=paths, new=result.docx.name
        )
        result.notes.append(note)
