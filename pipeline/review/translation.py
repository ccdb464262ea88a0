"""Translations of the text answers: which answers a translator gets, which translations
still fit the answer, and the answers of a compendium with them applied.

A return's language is the language of the form praxis sent the project (the roster's
``language`` column, kept in the round record; the round's language when it has none): a
project fills in the form it was sent. The texts to translate are the ``text`` and
``long_text`` answers and the "other, please specify" texts, except the pre-filled master
data (names of the project, organisation and contact), the contact answers and the hidden
ones (never published); table cells stay as typed (mostly names).

A translation is a correction of kind ``translation`` with its target language
(:mod:`pipeline.review.corrections`); its ``original`` is the text it translates. It is used
only while the answer still says that text: a later return that changes the answer makes it
untranslated again (a second export offers the new text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.locale.texts import LANGUAGES, t
from pipeline.returns.store import Store, Submission
from pipeline.review.corrections import Correction, CorrectionKind, corrected, corrections
from pipeline.round.folder import RoundDir, RoundRecord

TEXT_TYPES = ("text", "long_text")
NOT_TRANSLATED_ROLES = ("contact", "hidden")
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}


@dataclass(frozen=True)
class TextAnswer:
    """A text answer to translate: the answer key (a question's id or its "other" key), its
    question, the language it was written in and the text."""

    project: str
    key: str
    question: Question
    language: str
    text: str


@dataclass(frozen=True)
class AnswerLanguage:
    """A project's text answers in a compendium of another language: the language they were
    written in, the answer keys shown translated and those left as written."""

    source: str
    translated: frozenset[str] = frozenset()
    untranslated: frozenset[str] = frozenset()

    @property
    def tag(self) -> str:
        """The language tag of the untranslated texts (``w:lang``: ``en-GB``)."""
        return language_tag(self.source)


def language_tag(language: str) -> str:
    return LANGUAGE_TAGS.get(language, language)


def translatable(q: Questionnaire) -> list[tuple[str, Question]]:
    """(answer key, question) of every text a translator gets, in questionnaire order."""
    keys = []
    for x in q.answerable():
        if x.compendium and x.compendium.role in NOT_TRANSLATED_ROLES:
            continue
        if x.type in TEXT_TYPES and not x.prefill:
            keys.append((x.id, x))
        if x.other:
            keys.append((x.other_id, x))
    return keys


def answer_language(record: RoundRecord, project: str) -> str:
    """The language project ``project`` answered in: that of the form it was sent."""
    sent = record.projects.get(project)
    return sent.language if sent is not None and sent.language else record.language


def text_answers(
    q: Questionnaire, record: RoundRecord, sub: Submission, to: str
) -> list[TextAnswer]:
    """The texts of ``sub`` to translate into ``to`` (none when it was answered in ``to``)."""
    language = answer_language(record, sub.project)
    if language == to:
        return []
    return [
        TextAnswer(sub.project, key, x, language, value)
        for key, x in translatable(q)
        if isinstance(value := sub.answers.get(key), str) and value.strip()
    ]


def fitting(
    found: Iterable[Correction], answers: Mapping[tuple[str, str], str], to: str
) -> dict[tuple[str, str], Correction]:
    """(project, key) -> the latest translation into ``to`` of the text the answer says now
    (``answers``: (project, key) -> the text)."""
    latest: dict[tuple[str, str], Correction] = {}
    for c in found:
        key = (c.project, c.question)
        fits = c.kind == CorrectionKind.TRANSLATION and c.language == to
        if fits and key in answers and c.original == answers[key]:
            latest[key] = c
    return latest


def translations(store: Store, texts: Sequence[TextAnswer], to: str) -> dict[tuple[str, str], Any]:
    """(project, key) -> the translation into ``to`` of each of ``texts`` that has one."""
    found = corrections(store, kind=CorrectionKind.TRANSLATION)
    answers = {(a.project, a.key): a.text for a in texts}
    return {key: c.value for key, c in fitting(found, answers, to).items()}


def _applies(x: Question, answers: Mapping[str, Any]) -> bool:
    return x.when is None or x.when.holds(answers)


def translated_submissions(
    rd: RoundDir, q: Questionnaire, record: RoundRecord, subs: Sequence[Submission], to: str
) -> tuple[list[Submission], dict[str, AnswerLanguage]]:
    """The submissions with their text answers translated into ``to`` where a translation
    fits (:func:`corrected` with those translations), and per project answered in another
    language which texts are translated and which are not (only answers whose skip
    condition holds)."""
    if not rd.store.exists():
        return list(subs), {}
    with Store(rd.store) as store:
        found = corrections(store, kind=CorrectionKind.TRANSLATION)
    result, languages = [], {}
    for sub in subs:
        texts = [a for a in text_answers(q, record, sub, to) if _applies(a.question, sub.answers)]
        if not texts:
            result.append(sub)
            continue
        answers = {(a.project, a.key): a.text for a in texts}
        used = fitting(found, answers, to)
        result.append(corrected(sub, list(used.values()), language=to))
        done = frozenset(key for _, key in used)
        rest = frozenset(a.key for a in texts) - done
        languages[sub.project] = AnswerLanguage(texts[0].language, done, rest)
    return result, languages


def language_name(language: str, lang: str) -> str:
    """The language's name in ``lang`` ("Englisch"), its code for one praxis does not know."""
    return t(f"translation.language.{language}", lang) if language in LANGUAGES else language


def translation_note(language: str, lang: str) -> str:
    """The chapter's note: "Aus dem Englischen übersetzt"."""
    if language in LANGUAGES:
        return t(f"translation.note.{language}", lang)
    return t("translation.note.other", lang, language=language)


def untranslated_notes(
    q: Questionnaire, projects: Iterable[str], languages: Mapping[str, AnswerLanguage], lang: str
) -> list[str]:
    """The compile summary's lines on untranslated texts of the published ``projects``:
    "p11: 5 Antworten auf Englisch, nicht übersetzt: 4.1, 4.2, ..."."""
    numbers = {key: x.number for key, x in translatable(q)}
    notes = []
    for project in projects:
        marks = languages.get(project)
        if marks is None or not marks.untranslated:
            continue
        shown = [numbers[key] for key, _ in translatable(q) if key in marks.untranslated]
        notes.append(
            t(
                "translation.untranslated",
                lang,
                project=project,
                count=len(shown),
                language=language_name(marks.source, lang),
                questions=", ".join(shown),
            )
        )
    return notes
