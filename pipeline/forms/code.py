"""The visible form code: a short code printed in every form ("Formular-Code p01-7F3K").

Google Docs and Apple Pages exports carry no custom document properties, and a program may
drop hidden text as well; the code keeps a form's identity wherever visible text survives.
It is the project id, a hyphen and 4 characters (Crockford base32: no I, L, O, U) of a
SHA-256 over questionnaire id, project and token: deterministic, and not guessable without
the token. Ingest checks it against the token and, when the hidden identification is gone,
identifies the form by it (see :mod:`pipeline.returns.identity`).
"""

from __future__ import annotations

import hashlib
import re

from pipeline.forms.content import PROPERTY_PREFIX, FormContent
from pipeline.locale.texts import t

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base32 digits (no I, L, O, U)."""
LENGTH = 4
"""Characters after the project id: 20 bits, one guess in a million fits."""
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
"""Letters a person may type for a digit (Crockford's decoding)."""
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"})
_LABEL = r"(?:formular[-\u2010\u2011\s]?code|form[\s\u00a0]*code)"
_PATTERN = re.compile(
    _LABEL
    + r"[\s\u00a0]*:?[\s\u00a0]*"
    + r"(?P<code>[A-Za-z0-9_.\-\u2010\u2011]*[A-Za-z0-9_]"
    + r"[-\u2010\u2011\u2012\u2013](?P<check>[0-9A-Za-z]{"
    + str(LENGTH)
    + r"}))(?![A-Za-z0-9_])",
    re.IGNORECASE,
)


def _check(questionnaire: str, project: str, token: str) -> str:
    digest = hashlib.sha256(f"{questionnaire}\x1f{project}\x1f{token}".encode()).digest()
    number = int.from_bytes(digest[:4], "big") >> (32 - 5 * LENGTH)
    chars = [ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(LENGTH))]
    return "".join(chars)


def form_code(questionnaire: str, project: str, token: str) -> str:
    """``"p01-7F3K"``: the code of the form of ``questionnaire`` sent to ``project``."""
    return f"{project}-{_check(questionnaire, project, token)}"


def code_project(code: str) -> str:
    """The project id a code names (``"p01"`` for ``"p01-7F3K"``)."""
    return code.rpartition("-")[0]


def code_label(lang: str) -> str:
    """``"Formular-Code"`` / ``"Form code"``: the label printed before the code."""
    return t("form.code_label", lang)


def code_text(code: str, lang: str) -> str:
    """``"Formular-Code p01-7F3K"``: the code as the form prints it."""
    return f"{code_label(lang)} {code}"


def find_form_codes(text: str) -> list[str]:
    """Every form code after its label in ``text`` (either language), in order, once each.

    Tolerant to case, a colon, blanks and non-breaking spaces between label and code, and to
    the letters a person types for digits (O for 0, I and L for 1); codes come back in their
    written form (``"p01-7F3K"``).
    """
    found: list[str] = []
    for match in _matches(text):
        check = match.group("check").upper().translate(_READ_AS)
        if any(c not in ALPHABET for c in check):
            continue
        project = match.group("code")[: -LENGTH - 1].translate(_HYPHENS)
        code = f"{project}-{check}"
        if code not in found:
            found.append(code)
    return found


def _matches(text: str) -> list[re.Match[str]]:
    """``_PATTERN.finditer(text)``, tried only where a label can begin (``_starts``)."""
    found: list[re.Match[str]] = []
    end = 0
    for start in _starts(text):
        if start < end:
            continue
        match = _PATTERN.match(text, start)
        if match is not None:
            found.append(match)
            end = match.end()
    return found


def _starts(text: str) -> list[int]:
    """Every place ``_PATTERN`` can match, found from where "code" is written. Both labels
    end in "code" right after "formular" and at most one separator, or after "form" and
    blanks; their case-blind letters match these ASCII letters only, so an ASCII-lowered
    copy of the text's UTF-8 finds every "code" (a long text is searched once, in C).
    Places that are none (a "code" after other words) are only tried for nothing."""
    data = text.encode("utf-8", "surrogatepass").lower()
    starts: set[int] = set()
    at, char, byte = data.find(b"code"), 0, 0
    while at >= 0:
        char += len(data[byte:at].decode("utf-8", "surrogatepass"))  # (bytes -> characters)
        byte = at
        before = char
        while before > 0 and text[before - 1].isspace():
            before -= 1
        for start in (char - 8, char - 9, before - 4):
            if start >= 0 and text[start : start + 4].lower() == "form":
                starts.add(start)
        at = data.find(b"code", at + 1)
    return sorted(starts)


def note_codes(content: FormContent, texts: list[str]) -> None:
    """Note the form codes found in ``texts`` in ``content``: its ``form_codes`` and, per code,
    an identification source (``code``, ``code-2``, ...) naming the code's project."""
    codes: list[str] = []
    for text in texts:
        codes += [code for code in find_form_codes(text) if code not in codes]
    content.form_codes = codes
    for i, code in enumerate(codes):
        source = "code" if i == 0 else f"code-{i + 1}"
        content.id_sources[source] = {PROPERTY_PREFIX + "project": code_project(code)}
