"""Master data typed into a form that names another project of the roster, and the visible
form code as an identification.

A form is attributed by its token. When its pre-filled identifying answers (the questions
whose ``prefill`` column is the project name, organisation, contact or e-mail) match another
roster project's and not the project's own, someone may have filled in the wrong form (or
the right one for another project): ingest keeps the attribution and warns prominently.

The visible form code (:mod:`pipeline.forms.code`) must fit the token of the hidden
identification (:func:`code_conflict`); when a program dropped the hidden identification, a
code that fits the roster identifies the form, with a warning (:func:`identified_by_code`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from difflib import SequenceMatcher
from typing import Any

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.forms.code import code_project, form_code
from pipeline.forms.content import PROPERTY_PREFIX, FormContent, IdConflict, Identification
from pipeline.locale.texts import t
from pipeline.problems import Problem, ProblemCode, Severity
from pipeline.returns.safety import RejectedFile
from pipeline.round.folder import RoundProject, RoundRecord

OTHER_PROJECT = ProblemCode.OTHER_PROJECT
"""The code of the warning; reports, status and the ingest summary show it prominently."""
IDENTIFYING = {
    "project": "name",
    "organisation": "organisation",
    "contact": "contact",
    "email": "email",
}
"""Roster column a question is pre-filled from -> the round record's field holding it."""
SAME = 0.9
"""Similarity from which a typed value is another project's (a typo of it)."""
OWN = 0.75
"""Similarity from which a typed value is a small edit of the project's own."""

LEGAL_FORMS = frozenset(
    {"e", "v", "ev", "ggmbh", "gmbh", "mbh", "ug", "gug", "ag", "eg", "gbr", "kg", "inc", "ltd"}
)
"""Words of a legal form, often left out when an organisation's name is typed."""

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalised(text: str) -> str:
    """``"  STREETWORK im Netz!"`` -> ``"streetwork im netz"``: case, blanks, punctuation and
    accents do not count."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b).ratio()


def _same_words(a: str, b: str) -> bool:
    """The words of one (two or more, legal forms aside) are all among the other's: the
    same name in another order (``Krüger, Tobias``), without its legal form (``Jugendhilfe
    Sachsen`` for ``... gGmbH``) or with a word added."""
    words_a, words_b = set(a.split()) - LEGAL_FORMS, set(b.split()) - LEGAL_FORMS
    fewer, more = sorted((words_a, words_b), key=len)
    return len(fewer) >= 2 and fewer <= more


def _own_edit(typed: str, own: str) -> bool:
    return bool(own) and (
        _similarity(typed, own) >= OWN or typed in own or own in typed or _same_words(typed, own)
    )


def _names_other(typed: str, other: str) -> bool:
    return bool(other) and (_similarity(typed, other) >= SAME or _same_words(typed, other))


def other_projects(
    q: Questionnaire, record: RoundRecord, project_id: str, answers: Mapping[str, Any]
) -> dict[str, list[tuple[Question, str]]]:
    """Other project id -> the (question, typed text) of this form that match its data."""
    own = record.projects[project_id]
    found: dict[str, list[tuple[Question, str]]] = {}
    for question in q.answerable():
        field = IDENTIFYING.get(question.prefill or "")
        value = answers.get(question.id)
        if field is None or not isinstance(value, str):
            continue
        typed = normalised(value)
        if not typed or _own_edit(typed, normalised(getattr(own, field))):
            continue
        for other in record.projects.values():
            if other.id != project_id and _names_other(typed, normalised(getattr(other, field))):
                found.setdefault(other.id, []).append((question, value))
    return found


def other_project_problem(
    q: Questionnaire,
    record: RoundRecord,
    project_id: str,
    answers: Mapping[str, Any],
    lang: str,
    file: str = "",
) -> Problem | None:
    """The warning for a form whose master data names another roster project, or None."""
    found = other_projects(q, record, project_id, answers)
    if not found:
        return None
    others = "; ".join(_named(record.projects[pid], hits, lang) for pid, hits in found.items())
    own = record.projects[project_id]
    message = t("identity.other_project", lang, project=own.id, name=own.name, others=others)
    return Problem(OTHER_PROJECT, message, Severity.WARNING, file=file)


def _named(other: RoundProject, hits: list[tuple[Question, str]], lang: str) -> str:
    typed = ", ".join(f"{question.label.get(lang)}: '{value}'" for question, value in hits)
    return f"{other.id} {other.name} ({typed})"


# --- the visible form code ---------------------------------------------------------------------

BY_CODE = "form-code"
"""The code of the warning for a form identified by its visible form code."""
UNIDENTIFIED = frozenset({"form-unidentified", "xlsx.no_identification"})
"""The readers' problems for a form without hidden identification (replaced by the warning)."""


def code_conflict(content: FormContent, ident: Identification) -> IdConflict | None:
    """The first visible form code of ``content`` that does not fit the token of ``ident``."""
    expected = form_code(ident.questionnaire, ident.project, ident.token)
    for code in content.form_codes:
        if code != expected:
            return IdConflict("code", _source_of(content, ident), expected, "code", code)
    return None


def _source_of(content: FormContent, ident: Identification) -> str:
    """The identification source ``ident`` was taken from (for the conflict message)."""
    for source, props in content.id_sources.items():
        if props.get(PROPERTY_PREFIX + "token") == ident.token:
            return source
    return "properties"


def identified_by_code(
    content: FormContent, record: RoundRecord, lang: str, file: str = ""
) -> Identification | None:
    """The identification of a form whose hidden one is gone, by its visible form code.

    None: the form shows no code. A code that fits the roster (project and its token's code)
    identifies the form for the round's questionnaire and version, with a warning in place of
    the reader's "no identification"; several different codes, or one that fits no project,
    refuse the form (:class:`RejectedFile`).
    """
    codes = content.form_codes
    if not codes:
        return None
    if len(codes) > 1:
        raise RejectedFile("code_several", ", ".join(codes))
    project = record.projects.get(code_project(codes[0]))
    if project is None or form_code(record.questionnaire, project.id, project.token) != codes[0]:
        raise RejectedFile("code_unknown", codes[0])
    message = t("identity.by_code", lang, code=codes[0], project=project.id, name=project.name)
    warning = Problem(BY_CODE, message, Severity.WARNING, file=file)
    content.problems[:] = [warning, *(p for p in content.problems if p.code not in UNIDENTIFIED)]
    return Identification(
        record.questionnaire, record.version, project.id, project.token, project.language
    )
