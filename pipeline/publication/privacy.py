"""Contact data typed into the free texts of a practice whose contact may not be published.

A practice that did not consent to naming its contact (its ``consent_contact`` answer is not
yes) keeps its contact fields out of the compendium, but a person may still have typed a name,
an e-mail address or a phone number into a text ("Fragen an Jana Petersen, 040 1234567").
:func:`check_answers` finds such passages in every free text the compendium prints (text and
long text answers, the "other, please specify" texts, text cells of tables): the contact's
name, e-mail and phone from the answers and the roster, and any e-mail address or phone
number (also written to hide it: ``name [at] domain.de``), the name also with a middle
name or initial or surname first. :func:`redact_answers` replaces them. No file I/O here.

The phone pattern is careful: a German number starts with ``+``/``00`` and a country code or
with a ``0`` and an area code (``030 1234567``, ``+49 30 123456-7``, ``(0351) 12 34 56``,
``0171/1234567``) and has 7 to 15 digits; years, counts, dates (``12.10.2023``), ranges
(``2019–2023``) and postcodes (``01067 Dresden``) are not phone numbers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.definition.questionnaire import Question, Questionnaire
from pipeline.locale.display import markdown
from pipeline.locale.texts import t
from pipeline.round.folder import RoundProject

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_BRACKETED = (
    r"[ \t]*(?:\[[ \t]*(?:{w})[ \t]*\]|\([ \t]*(?:{w})[ \t]*\)|\{{[ \t]*(?:{w})[ \t]*\}})[ \t]*"
)
_AT = _BRACKETED.format(w="at|ät|@")
_DOT = r"(?:\.|" + _BRACKETED.format(w=r"dot|punkt|\.") + ")"
HIDDEN_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+"
    + _AT
    + r"[\w-]+(?:"
    + _DOT
    + r"[\w-]+)*"
    + _DOT
    + r"[^\W\d_]{2,}(?![\w-])",
    re.I,
)
"""An e-mail address written to hide it from robots: ``name [at] domain.de``,
``name(at)domain(dot)de``, ``name {@} domain [punkt] de``."""
_BRACKETED_AT = re.compile(r"[\[({][ \t]*(?:at|ät|@)[ \t]*[\])}]", re.I)
"""The quick test for :data:`HIDDEN_EMAIL`: a bracketed "at" (compiled here: the contacts'
own name patterns crowd it out of the ``re`` module's cache)."""
_GAP = r"[ \t]?[-/–]?[ \t]?"
PHONE = re.compile(
    r"(?<![\w.,/+-])"
    r"(?:(?:\+|00)[1-9]\d{0,2}" + _GAP + r"(?:\(0\)" + _GAP + r")?\(?[1-9]\d{0,4}\)?"
    r"|\(?0[1-9]\d{1,4}\)?)" + _GAP + r"\d(?:[ \t-]?\d){3,11}"
    r"(?![\w,.]\d|\w)"
)
MIN_DIGITS, MAX_DIGITS = 7, 15
_DIGITS = re.compile(r"\d{3}")
SALUTATIONS = r"(?:Frau|Herrn?|Dr\.|Prof\.|Mrs?\.?|Ms\.?)"
FREE_TEXT = ("text", "long_text")
PRINTED_ROLES = ("title", "fact", "section", "group", "summary", "profile")
KINDS = ("email", "phone", "name")


@dataclass(frozen=True)
class Finding:
    """A passage with contact data in a practice's free text."""

    project: str
    title: str
    number: str
    question: str
    label: str
    kind: str
    text: str

    def line(self, lang: str, redacted: bool) -> str:
        """One line for the console and the privacy check file."""
        what = t(f"privacy.kind.{self.kind}", lang)
        done = t("privacy.redacted" if redacted else "privacy.as_typed", lang)
        return t(
            "privacy.line",
            lang,
            project=self.project,
            title=self.title,
            number=self.number,
            label=self.label,
            question=self.question,
            kind=what,
            text=self.text,
            done=done,
        )


def is_phone(text: str) -> bool:
    """True when ``text`` is one whole phone number by the careful pattern."""
    found = PHONE.fullmatch(text.strip())
    return found is not None and _digits_ok(found.group(0))


def _digits_ok(text: str) -> bool:
    return MIN_DIGITS <= sum(c.isdigit() for c in text) <= MAX_DIGITS


def contact_terms(
    q: Questionnaire,
    answers: Mapping[str, Any],
    project: RoundProject | None,
    roster: Iterable[str] = (),
) -> list[str]:
    """The project's own contact data: its contact answers, the roster's contact and
    e-mail, and ``roster`` (further roster values such as the phone), longest first."""
    terms = [str(answers.get(x.id) or "").strip() for x in q.with_role("contact")]
    if project is not None:
        terms += [project.contact.strip(), project.email.strip()]
    terms += [x.strip() for x in roster]
    return sorted({x for x in terms if len(x) >= 3}, key=lambda x: (-len(x), x))


_PHONE_TERM = re.compile(r"[\d \t()+/.\-–]+")
_DIGIT_RUN = re.compile(r"(?<![\w.,])\+?\(?\d[\d \t()/.\-–]{3,}\d(?![\w,.]\d|\w)")
"""A run of digits that may be a phone number written any way (compared by its digits)."""


def _phone_digits(text: str) -> str:
    """The digits of a phone number, the German country code as a trunk ``0``."""
    digits = "".join(c for c in text if c.isdigit())
    for prefix in ("0049", "49"):
        if digits.startswith(prefix) and (text.lstrip().startswith(("+", "00"))):
            return "0" + digits[len(prefix) :].removeprefix("0")
    return digits


def _is_phone_term(term: str) -> bool:
    return _PHONE_TERM.fullmatch(term) is not None and sum(c.isdigit() for c in term) >= 5


NamePattern = tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str, int]
"""(words in lower case, literals, pattern, flags): see :func:`_name_patterns`."""
_SALUTATION_WORDS = ("Frau", "Herr", "Dr.", "Prof.", "Mr", "Ms")
"""A text the salutation pattern matches has one of these as written (the pattern minds case)."""


def _name_patterns(terms: Iterable[str]) -> Iterator[NamePattern]:
    """(words in lower case, literals, pattern, flags) for the contact's names: the whole
    name, and the surname after a salutation (``Frau Fischer``, ``Dr. Fischer``); compiled
    only for a text that has every one of the words (each one the pattern needs) and, of
    each group of literals, one as written (what the pattern spells out case by case)."""
    for term in terms:
        if EMAIL.fullmatch(term) or _is_phone_term(term):
            continue
        words = term.split()
        whole = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
        yield tuple(w.lower() for w in words), (), whole, re.I
        if len(words) > 1:  # with a middle name or initial, and surname first
            first, last = map(re.escape, (words[0], words[-1]))
            middle = r"(?-i:(?:\s+[A-ZÄÖÜ]\w*\.?){1,2})\s+"
            both = (words[0].lower(), words[-1].lower())
            yield both, (), rf"(?<!\w){first}{middle}{last}(?!\w)", re.I
            yield both, ((",",),), rf"(?<!\w){last},\s*{first}(?!\w)", re.I
        surname = words[-1] if len(words) > 1 else ""
        if len(surname) >= 3:
            literals = ((surname,), _SALUTATION_WORDS)
            pattern = rf"{SALUTATIONS}\s+{re.escape(surname)}(?!\w)"
            yield (surname.lower(),), literals, pattern, 0


@functools.lru_cache(maxsize=64)
def _own(terms: tuple[str, ...]) -> tuple[frozenset[str], tuple[NamePattern, ...]]:
    """The digits of the contact's own phone numbers, and the patterns of its names, each
    with the words a text must contain for the pattern to match (a quick test first)."""
    phones = frozenset(_phone_digits(x) for x in terms if _is_phone_term(x))
    return phones, tuple(_name_patterns(terms))


def _candidates(text: str, terms: tuple[str, ...]) -> Iterator[tuple[str, re.Match[str]]]:
    """Every match, most certain first: e-mail addresses, the contact's own phone however
    it is spaced, phone numbers, the contact's name."""
    phones, names = _own(terms)
    if "@" in text:
        yield from (("email", m) for m in EMAIL.finditer(text))
    if _BRACKETED_AT.search(text):
        yield from (("email", m) for m in HIDDEN_EMAIL.finditer(text))
    if _DIGITS.search(text):
        if phones:
            runs = _DIGIT_RUN.finditer(text)
            yield from (("phone", m) for m in runs if _phone_digits(m.group(0)) in phones)
        yield from (("phone", m) for m in PHONE.finditer(text) if _digits_ok(m.group(0)))
    lower, found = text.lower(), {}  # each word looked for once per text, not per pattern
    for words, literals, pattern, flags in names:
        if not all(any(x in text for x in group) for group in literals):
            continue
        if all(found[w] if w in found else found.setdefault(w, w in lower) for w in words):
            yield from (("name", m) for m in re.finditer(pattern, text, flags))


def find_contact_data(text: str, terms: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(kind, passage) for each e-mail address, phone number and contact name in ``text``,
    in the order they appear; passages do not overlap."""
    spans: list[tuple[int, int, str]] = []
    for kind, found in _candidates(text, tuple(terms)):
        start, end = found.span()
        if all(end <= s or start >= e for s, e, _ in spans):
            spans.append((start, end, kind))
    return [(kind, text[s:e]) for s, e, kind in sorted(spans)]


def free_texts(q: Questionnaire, answers: Mapping[str, Any]) -> Iterator[tuple[Question, str]]:
    """(question, text) for every free text of ``answers`` the compendium prints."""
    for x in q.answerable():
        role = x.compendium.role if x.compendium else None
        if role not in PRINTED_ROLES:
            continue
        if x.other and isinstance(answers.get(x.other_id), str):
            yield x, answers[x.other_id]
        value = answers.get(x.id)
        if x.type in FREE_TEXT and isinstance(value, str):
            yield x, value
        if x.type == "table" and isinstance(value, list):
            columns = [c.id for c in x.columns if c.type in FREE_TEXT]
            for row in value:
                if isinstance(row, Mapping):
                    yield from ((x, row[c]) for c in columns if isinstance(row.get(c), str))


def check_answers(
    q: Questionnaire,
    answers: Mapping[str, Any],
    project: RoundProject | None,
    ids: tuple[str, str],
    lang: str,
    roster: Iterable[str] = (),
) -> list[Finding]:
    """The contact data in the printed free texts of one practice (``ids``: its project id
    and title; ``roster``: its contact values in the roster), each passage once per
    question."""
    terms = contact_terms(q, answers, project, roster)
    findings: dict[tuple[str, str], Finding] = {}
    for x, text in free_texts(q, answers):
        for kind, passage in find_contact_data(text, terms):
            label = x.label.get(lang)
            finding = Finding(ids[0], ids[1], x.number, x.id, label, kind, passage)
            findings.setdefault((x.id, passage), finding)
    return list(findings.values())


ROSTER_CONTACT_COLUMNS = ("contact", "email", "phone", "telefon", "mobile", "mobil", "fax")


def roster_contact_values(
    q: Questionnaire, rows: Iterable[Mapping[str, str]]
) -> dict[str, list[str]]:
    """Project id -> its contact values in the roster's ``rows`` (the contact, e-mail and
    phone columns, and those the contact questions are pre-filled from)."""
    columns = {*ROSTER_CONTACT_COLUMNS, *(x.prefill for x in q.with_role("contact") if x.prefill)}
    found: dict[str, list[str]] = {}
    for row in rows:
        values = [str(v) for k, v in row.items() if k and k.strip().lower() in columns and v]
        found[str(row.get("project_id", "")).strip()] = values
    return found


def _replace(value: Any, passages: list[str], replacement: str) -> Any:
    if isinstance(value, str):
        for passage in passages:
            value = value.replace(passage, replacement)
        return value
    if isinstance(value, list):
        return [_replace(v, passages, replacement) for v in value]
    if isinstance(value, Mapping):
        return {k: _replace(v, passages, replacement) for k, v in value.items()}
    return value


def redact_answers(
    q: Questionnaire, answers: Mapping[str, Any], findings: Iterable[Finding], replacement: str
) -> dict[str, Any]:
    """``answers`` with every found passage replaced by ``replacement`` in the free texts
    where it was found."""
    by_question: dict[str, list[str]] = {}
    for f in findings:
        by_question.setdefault(f.question, []).append(f.text)
    redacted = dict(answers)
    for x in q.answerable():
        passages = sorted(by_question.get(x.id, []), key=len, reverse=True)
        if not passages:
            continue
        for key in (x.id, x.other_id):
            if key in redacted:
                redacted[key] = _replace(redacted[key], passages, replacement)
    return redacted


def privacy_report(findings: Iterable[Finding], redacted: bool, lang: str) -> str:
    """The privacy check as Markdown: what was found where, and what was done with it."""
    lines = [f"# {t('privacy.title', lang)}", "", t("privacy.intro", lang), ""]
    for f in findings:
        safe = Finding(*(markdown(v) for v in vars(f).values()))
        lines.append(f"- {safe.line(lang, redacted)}")
    lines += ["", t("privacy.redacted_note" if redacted else "privacy.as_typed_note", lang), ""]
    return "\n".join(lines)
