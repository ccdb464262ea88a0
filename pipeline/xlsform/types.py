"""XLSForm type spellings, read the way pyxform reads them, and what each becomes in praxis.

``select one from L``, ``Select_One L or_other``, ``begin group``, ``string``, ``int``,
``gps``, ``trigger`` and the other legacy spellings are normalised first (case does not
matter). Each type has a :class:`Kind`: a question type praxis has (exact or approximated),
structure (groups, repeats), metadata praxis records itself, or something praxis cannot hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    QUESTION = "question"
    BEGIN_GROUP = "begin_group"
    END_GROUP = "end_group"
    BEGIN_REPEAT = "begin_repeat"
    END_REPEAT = "end_repeat"
    METADATA = "metadata"
    SKIPPED = "skipped"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class TypeSpec:
    """What one ``type`` cell says."""

    kind: Kind
    praxis: str = ""
    """The praxis type (``text``, ``select_one``, ...) for questions."""
    list_name: str = ""
    or_other: bool = False
    approximate: str = ""
    """Why the type maps only approximately (a ``xlsform.approx.*`` text key), else ``""``."""
    original: str = ""
    """The normalised XLSForm type (``select_one``, ``geopoint``, ...)."""


_SYNONYMS = {
    "string": "text",
    "int": "integer",
    "gps": "geopoint",
    "photo": "image",
    "trigger": "acknowledge",
    "imei": "deviceid",
    "datetime": "datetime",
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "select multiple": "select_multiple",
    "begin group": "begin_group",
    "end group": "end_group",
    "begin repeat": "begin_repeat",
    "end repeat": "end_repeat",
    "begin_loop": "begin_repeat",
    "end_loop": "end_repeat",
}

_PLAIN = {
    "text": ("text", ""),
    "integer": ("integer", ""),
    "decimal": ("decimal", ""),
    "date": ("date", ""),
    "note": ("note", ""),
    "datetime": ("date", "xlsform.approx.datetime"),
    "time": ("text", "xlsform.approx.time"),
    "acknowledge": ("yes_no", "xlsform.approx.acknowledge"),
    "barcode": ("text", "xlsform.approx.barcode"),
    "tel": ("text", "xlsform.approx.barcode"),
    "email": ("email", "xlsform.approx.email"),
    "range": ("integer", "xlsform.approx.range"),
}

METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "phonenumber",
        "username",
        "audit",
        "simserial",
        "subscriberid",
        "uri:deviceid",
        "start-geopoint",
        "background-geopoint",
    }
)

SKIPPED = {
    "calculate": "xlsform.skip.calculate",
    "hidden": "xlsform.skip.hidden",
    "geopoint": "xlsform.skip.geo",
    "geotrace": "xlsform.skip.geo",
    "geoshape": "xlsform.skip.geo",
    "image": "xlsform.skip.media",
    "audio": "xlsform.skip.media",
    "video": "xlsform.skip.media",
    "file": "xlsform.skip.media",
    "background-audio": "xlsform.skip.media",
    "xml-external": "xlsform.skip.external",
    "csv-external": "xlsform.skip.external",
}
"""Types praxis cannot hold, with the text key of the reason."""

_STRUCTURE = {
    "begin_group": Kind.BEGIN_GROUP,
    "end_group": Kind.END_GROUP,
    "begin_repeat": Kind.BEGIN_REPEAT,
    "end_repeat": Kind.END_REPEAT,
}


def _normalise(cell: str) -> str:
    text = " ".join(cell.strip().lower().split())
    text = re.sub(r"^(select one|select all that apply|select multiple) from ", r"\1 ", text)
    for spelling, name in sorted(_SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        if text == spelling or text.startswith(spelling + " "):
            return name + text[len(spelling) :]
    return text


def _select(words: list[str], cell: str) -> TypeSpec:
    head, rest = words[0], words[1:]
    given = cell.split()  # the list name as written (list names keep their case)
    or_other = bool(rest) and rest[-1] == "or_other"
    rest = rest[:-1] if or_other else rest
    if head in ("select_one_from_file", "select_multiple_from_file", "select_one_external"):
        return TypeSpec(Kind.QUESTION, "text", approximate="xlsform.approx.external", original=head)
    if len(rest) != 1:
        return TypeSpec(Kind.UNKNOWN, original=head)
    praxis = "select_multiple" if head in ("select_multiple", "rank") else "select_one"
    approx = "xlsform.approx.rank" if head == "rank" else ""
    name = given[-2] if or_other and len(given) > 1 else given[-1]
    return TypeSpec(Kind.QUESTION, praxis, name, or_other, approx, head)


def parse_type(cell: str) -> TypeSpec:
    """The :class:`TypeSpec` of a ``type`` cell (``Kind.UNKNOWN`` for what is not XLSForm)."""
    text = _normalise(cell)
    words = text.split()
    if not words:
        return TypeSpec(Kind.UNKNOWN)
    head = words[0]
    if head in _STRUCTURE:
        return TypeSpec(_STRUCTURE[head], original=head)
    if head.startswith(("select_", "rank")):
        return _select(words, cell)
    if len(words) > 1:
        return TypeSpec(Kind.UNKNOWN, original=text)
    if head in _PLAIN:
        praxis, approx = _PLAIN[head]
        return TypeSpec(Kind.QUESTION, praxis, approximate=approx, original=head)
    if head in METADATA:
        return TypeSpec(Kind.METADATA, original=head)
    if head in SKIPPED:
        return TypeSpec(Kind.SKIPPED, approximate=SKIPPED[head], original=head)
    return TypeSpec(Kind.UNKNOWN, original=text)
