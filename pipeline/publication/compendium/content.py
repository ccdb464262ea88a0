"""The compendium's content: what it says, as typed data, with no Word in it.

:func:`compendium_content` turns the published practices into a :class:`Compendium`: the
overview charts, the groups with their chapters, each chapter a fact box and blocks (a text
section, a table answer, a link to a video or audio answer), and the appendix. A block that
cannot be made from its answer becomes a :class:`LeftOut` (the renderer names it among the
parts left out, the rest of the compendium goes on). Values are shown as text here: labels,
formatted dates and numbers, joined.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.definition.publication import PublicationSettings
from pipeline.definition.question_types import as_text
from pipeline.definition.questionnaire import OTHER, Field, Question, Questionnaire
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.publication.answers import answered, group_question
from pipeline.publication.charts import ChartData, overview_charts
from pipeline.publication.compendium.selection import Figures, Practice, sort_key
from pipeline.returns.media import MediaFile, file_size, kind_text
from pipeline.review.translation import AnswerLanguage, translation_note

SAFE_LINK = re.compile(r"^(https?://|mailto:)\S+$", re.IGNORECASE)


# --- values in words ---------------------------------------------------------------------------


def value_text(f: Field, value: Any, lang: str, other: str = "") -> str:
    """An answer as the compendium prints it: labels, formatted dates and numbers, joined."""
    if not answered(value):
        return ""
    return as_text(f, value, lang, other=other)


def applies(x: Question, answers: Mapping[str, Any]) -> bool:
    """False for an answer whose skip condition (its own and its section's: ``x.when``) is
    not met (given anyway, kept by ingest)."""
    return x.when is None or x.when.holds(answers)


def shown_heading(x: Question, lang: str) -> str:
    """The question's compendium heading, else its label."""
    if x.compendium and x.compendium.heading:
        return x.compendium.heading.get(lang)
    return x.label.get(lang)


def _in_fact_box(x: Question, practice: Practice, roles: tuple[str, ...]) -> bool:
    role = x.compendium.role if x.compendium else None
    if role == "group":  # under "Other", the box says what the project typed there
        return practice.group == OTHER and answered(practice.answers.get(x.other_id))
    return role in roles and applies(x, practice.answers)


def fact_rows(q: Questionnaire, practice: Practice, lang: str) -> list[tuple[Question, str]]:
    """(question, text) for the fact box: facts, contacts only with consent, and the group's
    "other" text."""
    roles = ("fact", "contact") if practice.show_contact else ("fact",)
    rows = []
    for x in q.answerable():
        if not _in_fact_box(x, practice, roles):
            continue
        other = str(practice.answers.get(x.other_id) or "")
        text = value_text(x, practice.answers.get(x.id), lang, other)
        if text:
            rows.append((x, text))
    return rows


def group_name(q: Questionnaire, lang: str) -> str:
    """What the groups are called (the group question's compendium heading)."""
    group = group_question(q)
    if group and group.compendium and group.compendium.heading:
        return group.compendium.heading.get(lang)
    return t("compendium.col.group", lang)


def media_url(x: Question, answers: Mapping[str, Any]) -> str:
    return str(answers.get(x.id) or "").strip()


def qr_urls(q: Questionnaire, practices: Sequence[Practice]) -> Iterator[str]:
    """The links that get a QR code, in the order of the chapters."""
    media = [x for x in q.answerable() if x.compendium and x.compendium.role == "media"]
    for practice in practices:
        for x in media:
            url = media_url(x, practice.answers)
            if SAFE_LINK.match(url) and applies(x, practice.answers):
                yield url


# --- the content model -------------------------------------------------------------------------


@dataclass(frozen=True)
class LeftOut:
    """A part that could not be made from its answer: which part, and the error."""

    part: str
    error: Exception


@dataclass(frozen=True)
class Fact:
    """A row of the fact box; ``link`` the address it links to ("" for plain text)."""

    label: str
    text: str
    link: str = ""
    language: str = ""
    """The text's language tag when it is in another language than the compendium."""


@dataclass(frozen=True)
class Section:
    """A block under its heading; ``part`` names it when it cannot be drawn."""

    part: str
    heading: str


@dataclass(frozen=True)
class TextSection(Section):
    """A text answer, one paragraph per non-empty line."""

    text: str
    language: str = ""
    """The text's language tag (``en-GB``) when it is untranslated in another language than
    the compendium's ("": the compendium's)."""


@dataclass(frozen=True)
class TableSection(Section):
    """A table answer (no table when it has no rows)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class MediaSection(Section):
    """A link to a video or audio answer; with a QR code when ``linked`` (a safe link)."""

    url: str
    number: str
    linked: bool


@dataclass(frozen=True)
class CreativeSection(Section):
    """The creative answers the project sent as files (video, audio, pictures, PDF): per
    file its name, kind and size, as text; next to the link question's block."""

    files: tuple[tuple[str, str, str], ...]


Block = TextSection | TableSection | MediaSection | CreativeSection


@dataclass(frozen=True)
class Chapter:
    """One practice: its title, its fact box and its blocks, in questionnaire order."""

    practice: Practice
    facts: tuple[Fact, ...] | LeftOut
    blocks: tuple[Block | LeftOut, ...]
    left_out: LeftOut | None = None
    """Set when the chapter as a whole could not be made (then it has no facts or blocks)."""
    translation_note: str = ""
    """"Aus dem Englischen übersetzt" when texts of the chapter are shown translated."""
    summary: TextSection | None = None
    """The short description (the ``summary`` answer) shown at the top of the chapter."""
    profile: tuple[Fact, ...] = ()
    """The self-assessment of quality and evidence (the ``profile`` answers), one row per
    criterion, shown as a compact profile in the fact box and labelled as self-reported."""
    updated: str = ""
    """The date of the current return as the compendium prints it ("last updated")."""

    @property
    def title(self) -> str:
        return self.practice.title


@dataclass(frozen=True)
class Group:
    """A field of action and its chapters."""

    label: str
    chapters: tuple[Chapter, ...]


@dataclass(frozen=True)
class QuestionSection:
    """A questionnaire section in the appendix: its heading and (number, label) lines."""

    heading: str
    questions: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Compendium:
    """Everything the compendium says, in order."""

    figures: Figures
    group_name: str
    charts: tuple[ChartData, ...]
    practices: tuple[Practice, ...]
    groups: tuple[Group, ...]
    questionnaire: tuple[QuestionSection, ...]
    organisations: tuple[tuple[str, tuple[str, ...]], ...]
    settings: PublicationSettings = field(default_factory=PublicationSettings)
    """The front matter's settings (``publication:`` block or ``compile --config``)."""
    lang: str = "de"


def _facts(
    q: Questionnaire, practice: Practice, lang: str, language: AnswerLanguage | None = None
) -> tuple[Fact, ...]:
    facts = []
    for x, text in fact_rows(q, practice, lang):
        label = group_name(q, lang) if x.compendium.role == "group" else shown_heading(x, lang)
        url = f"mailto:{text}" if x.type == "email" else text
        linked = x.type in ("url", "email") and SAFE_LINK.match(url)
        facts.append(Fact(label, text, url if linked else "", _foreign(x, language)))
    return tuple(facts)


def _summary(
    q: Questionnaire, practice: Practice, lang: str, language: AnswerLanguage | None = None
) -> TextSection | None:
    """The short description (the first ``summary`` question answered), marked with its
    language when it is left untranslated."""
    for x in q.with_role("summary"):
        if not applies(x, practice.answers):
            continue
        block = _section(x, practice.answers, lang, f"{x.number} {shown_heading(x, lang)}")
        if isinstance(block, TextSection) and block.text.strip():
            return _marked(block, x, language)
    return None


def _profile(q: Questionnaire, practice: Practice, lang: str) -> tuple[Fact, ...]:
    """A row per answered ``profile`` question: its heading (else label) and the level chosen."""
    rows = []
    for x in q.with_role("profile"):
        if not applies(x, practice.answers):
            continue
        other = str(practice.answers.get(x.other_id) or "")
        text = value_text(x, practice.answers.get(x.id), lang, other)
        if text:
            rows.append(Fact(shown_heading(x, lang), text))
    return tuple(rows)


def _foreign(x: Question, language: AnswerLanguage | None) -> str:
    """The language tag of question ``x``'s text when it is left untranslated, else "" (an
    "other" text stands among the choice labels in the compendium's language: not marked)."""
    if language is None or x.id not in language.untranslated:
        return ""
    return language.tag


def _marked(block: Block | LeftOut | None, x: Question, language: AnswerLanguage | None) -> Any:
    """A text block of ``x`` marked with its language when it is left untranslated."""
    tag = _foreign(x, language)
    return replace(block, language=tag) if tag and isinstance(block, TextSection) else block


def _section(x: Question, answers: Mapping[str, Any], lang: str, part: str) -> Block | None:
    value = answers.get(x.id)
    if not answered(value):
        return None
    heading = shown_heading(x, lang)
    if x.type != "table":
        text = value_text(x, value, lang, str(answers.get(x.other_id) or ""))
        return TextSection(part, heading, text)
    rows = [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []
    if not rows or not x.columns:
        return TableSection(part, heading, (), ())
    texts = tuple(tuple(value_text(c, row.get(c.id), lang) for c in x.columns) for row in rows)
    return TableSection(part, heading, tuple(c.label.get(lang) for c in x.columns), texts)


def _media(x: Question, answers: Mapping[str, Any], lang: str, part: str) -> Block | None:
    url = media_url(x, answers)
    if not url:
        return None
    custom = x.compendium and x.compendium.heading
    heading = shown_heading(x, lang) if custom else t("compendium.media", lang)
    return MediaSection(part, heading, url, x.number, bool(SAFE_LINK.match(url)))


_BLOCKS: dict[str, Callable[[Question, Mapping[str, Any], str, str], Block | None]] = {
    "section": _section,
    "media": _media,
}


def _made(part: str, make: Callable[[], Any]) -> Any:
    """``make()``, or :class:`LeftOut` when it fails (one bad answer must not stop the rest)."""
    try:
        return make()
    except Exception as exc:
        return LeftOut(part, exc)


def chapter(
    q: Questionnaire,
    practice: Practice,
    lang: str,
    media: Sequence[MediaFile] = (),
    language: AnswerLanguage | None = None,
) -> Chapter:
    """A practice's chapter: its short description (the ``summary`` answer, not repeated as
    a section), the fact box with the self-assessment (``profile`` answers) and the day of
    its current return, then its sections and media, in questionnaire
    order (only answers whose skip condition holds); the creative answers it sent as files
    (``media``) next to the link question (at the end when there is none). ``language``:
    which of its texts, written in another language, are translated and which are not (those
    are marked with their language; translated ones get the chapter's note)."""
    make = functools.partial(_chapter, q, practice, lang, media, language)
    made = _made(t("compendium.part.chapter", lang), make)
    return Chapter(practice, (), (), made) if isinstance(made, LeftOut) else made


def _chapter(
    q: Questionnaire,
    practice: Practice,
    lang: str,
    media: Sequence[MediaFile],
    language: AnswerLanguage | None = None,
) -> Chapter:
    facts = _made(t("compendium.facts", lang), lambda: _facts(q, practice, lang, language))
    blocks: list[Block | LeftOut] = []
    creative = _creative(media, lang) if media else None
    for x in q.answerable():
        make = _BLOCKS.get(x.compendium.role) if x.compendium else None
        if make and applies(x, practice.answers):
            name = f"{x.number} {shown_heading(x, lang)}"
            block = _made(name, functools.partial(make, x, practice.answers, lang, name))
            block = _marked(block, x, language)
            if block is not None:
                blocks.append(block)
        if creative is not None and x.compendium and x.compendium.role == "media":
            blocks.append(creative)
            creative = None
    if creative is not None:
        blocks.append(creative)
    note = translation_note(language.source, lang) if language and language.translated else ""
    return Chapter(
        practice,
        facts,
        tuple(blocks),
        translation_note=note,
        summary=_summary(q, practice, lang, language),
        profile=_profile(q, practice, lang),
        updated=long_date(practice.updated, lang) if practice.updated else "",
    )


def _creative(media: Sequence[MediaFile], lang: str) -> CreativeSection:
    """The block of a project's creative answers."""
    files = tuple((m.name, kind_text(m.kind, lang), file_size(m.size, lang)) for m in media)
    return CreativeSection(t("media.report_title", lang), t("media.report_title", lang), files)


def organisations(practices: Sequence[Practice]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each organisation with the titles of its practices, sorted."""
    grouped: dict[str, list[str]] = {}
    for p in practices:
        grouped.setdefault(p.organisation or p.title, []).append(p.title)
    items = ((k, tuple(sorted(v, key=sort_key))) for k, v in grouped.items())
    return tuple(sorted(items, key=lambda i: sort_key(i[0])))


def _questionnaire(q: Questionnaire, lang: str) -> tuple[QuestionSection, ...]:
    return tuple(
        QuestionSection(
            f"{section.number} {section.title.get(lang)}",
            tuple((x.number, x.label.get(lang)) for x in section.questions if x.answerable),
        )
        for section in q.sections
    )


def groups(
    q: Questionnaire,
    practices: Sequence[Practice],
    lang: str,
    media: Mapping[str, Sequence[MediaFile]] | None = None,
    languages: Mapping[str, AnswerLanguage] | None = None,
) -> Iterator[Group]:
    """The chapters by group (the practices come sorted by group)."""
    by_group = itertools.groupby(practices, key=lambda p: (p.group_order, p.group_label))
    files, marks = media or {}, languages or {}
    for (_, label), members in by_group:
        chapters = (
            chapter(q, p, lang, files.get(p.project, ()), marks.get(p.project)) for p in members
        )
        yield Group(label, tuple(chapters))


def compendium_content(
    q: Questionnaire,
    practices: Sequence[Practice],
    figures: Figures,
    lang: str,
    media: Mapping[str, Sequence[MediaFile]] | None = None,
    languages: Mapping[str, AnswerLanguage] | None = None,
    settings: PublicationSettings | None = None,
    charts: Sequence[ChartData] | None = None,
) -> Compendium:
    """The compendium of ``practices`` (sorted as :func:`select_practices` gives them);
    ``media``: the creative answers by project (each published practice consented, so its
    files are listed in its chapter); ``languages``: by project answered in another language,
    its texts translated and left as written (see :mod:`pipeline.review.translation`);
    ``charts``: :func:`overview_charts` of ``practices`` when the caller has them already."""
    if charts is None:
        charts = overview_charts(q, [p.answers for p in practices], lang) if practices else []
    return Compendium(
        figures=figures,
        group_name=group_name(q, lang),
        charts=tuple(charts),
        practices=tuple(practices),
        groups=tuple(groups(q, practices, lang, media, languages)),
        questionnaire=_questionnaire(q, lang),
        organisations=organisations(practices),
        settings=settings if settings is not None else q.publication,
        lang=lang,
    )
