"""Skip logic and limits as XLSForm expressions: ``when`` -> ``relevant``, limits ->
``constraint`` (with the form's own limit hints as ``constraint_message``).

Expressions use ``${name}`` references, the way people write XLSForms; pyxform turns them
into XPath paths.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pipeline.definition.question_types import URL_PATTERN, kind_of
from pipeline.definition.questionnaire import Condition, Field
from pipeline.locale.texts import t

try:  # the compound conditions of issue 16 (AllOf/AnyOf), when the model has them
    from pipeline.definition.questionnaire import AllOf, AnyOf  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - until the extended ``when`` is merged
    AllOf = AnyOf = None  # type: ignore[assignment,misc]

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
"""An e-mail address as the online form checks it (ingest checks it properly later)."""

Names = Mapping[str, str]
"""Question id -> its name in the XLSForm."""
Types = Mapping[str, str]
"""Question id -> its praxis type (a yes_no is compared with ``'yes'``/``'no'``)."""


def literal(value: Any) -> str:
    """An XPath 1.0 literal: a number as written, a text in quotes (XPath has no escapes,
    so a text with ``'`` is put in ``"``)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    text = str(value)
    return f'"{text}"' if "'" in text else f"'{text}'"


def number(value: float) -> str:
    """``5`` rather than ``5.0``; ``2.5`` as it is."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def relevant(when: Any, names: Names, types: Types) -> str:
    """The ``relevant`` expression of a condition (``""`` for none)."""
    if when is None:
        return ""
    return _expression(when, names, types, top=True)


def _expression(when: Any, names: Names, types: Types, top: bool = False) -> str:
    if AllOf is not None and isinstance(when, AllOf | AnyOf):
        joiner = " or " if isinstance(when, AnyOf) else " and "
        parts = [_expression(c, names, types) for c in when.conditions]
        joined = joiner.join(parts)
        return joined if top or len(parts) < 2 else f"({joined})"
    if not isinstance(when, Condition):
        raise TypeError(f"not a condition: {when!r}")
    atom = _atom(when, names, types)
    return atom if top or (" and " not in atom and " or " not in atom) else f"({atom})"


def _value(value: Any, qtype: str) -> str:
    if qtype == "yes_no" and isinstance(value, bool):
        return literal("yes" if value else "no")
    return literal(value)


def _atom(c: Condition, names: Names, types: Types) -> str:
    ref = "${" + names.get(c.question, c.question) + "}"
    qtype = types.get(c.question, "")
    op = c.op
    if op == "answered":
        test = f"count({ref}) > 0" if qtype == "table" else f"{ref} != ''"
        return test if c.value else (f"count({ref}) = 0" if qtype == "table" else f"{ref} = ''")
    if op == "includes":
        return f"selected({ref}, {literal(c.value)})"
    if op == "excludes":
        return f"count-selected({ref}) > 0 and not(selected({ref}, {literal(c.value)}))"
    if op == "not_equals":
        return f"{ref} != '' and {ref} != {_value(c.value, qtype)}"
    if op == "in":
        return " or ".join(f"{ref} = {_value(v, qtype)}" for v in c.value)
    return f"{ref} = {_value(c.value, qtype)}"


def _words(f: Field) -> str | None:
    if f.min_words is None and f.max_words is None:
        return None
    low = f.min_words or 0
    high = "" if f.max_words is None else str(f.max_words)
    return rf"regex(., '^\s*(\S+(\s+|$)){{{low},{high}}}$')"


def _range(f: Field, measure: str) -> list[str]:
    low = f.min_choices if measure != "." else f.min
    high = f.max_choices if measure != "." else f.max
    parts = []
    if low is not None and (measure == "." or low > 0):
        parts.append(f"{measure} >= {number(low)}")
    if high is not None:
        parts.append(f"{measure} <= {number(high)}")
    return parts


_PATTERNS = {"email": EMAIL_PATTERN, "url": URL_PATTERN}


def constraint(f: Field) -> str:
    """The ``constraint`` of a question or column from its limits (``""`` for none).

    Word limits become a regular expression that counts runs of non-blanks (praxis counts
    words a little more finely, without lone dashes; its check of the returned answers is
    the one that counts)."""
    parts: list[str] = []
    if f.type in ("integer", "decimal"):
        parts += _range(f, ".")
    if f.type == "select_multiple":
        parts += _range(f, "count-selected(.)")
    if f.max_length is not None and f.type in ("text", "url"):
        parts.append(f"string-length(.) <= {f.max_length}")
    if f.type == "long_text" and (words := _words(f)):
        parts.append(words)
    if f.type in _PATTERNS:
        parts.append(f"regex(., '{_PATTERNS[f.type]}')")
    return " and ".join(parts)


def _url_message(f: Field, lang: str) -> str:
    return ", ".join([t("xlsform_export.url_message", lang), *kind_of(f).hints(f, lang)]) + "."


_MESSAGES: dict[str, Callable[[Field, str], str]] = {
    "email": lambda f, lang: t("xlsform_export.email_message", lang),
    "url": _url_message,
}


def constraint_message(f: Field, lang: str) -> str:
    """What the online form says when the constraint fails: the limit hints of the paper
    forms (``Eine ganze Zahl zwischen 0 und 1.000.000 in Personen.``, ``mind. 20 Wörter;
    max. 300 Wörter``)."""
    special = _MESSAGES.get(f.type)
    return special(f, lang) if special else "; ".join(kind_of(f).hints(f, lang))
