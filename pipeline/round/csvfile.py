"""CSV files that a spreadsheet program opens safely, whichever separator it splits by.

Written the way German Excel opens a CSV file with a double click: ``;`` between fields,
UTF-8 with BOM, CRLF line ends (``,`` on request, for the English convention). Every field is
quoted, so a separator or a line break inside a text never splits it. A text that a
spreadsheet program could run as a formula gets a ``'`` before the character that would start
it: at its beginning (``=``, ``+``, ``-``, ``@``, tab, carriage return, and their full-width
forms) and after any ``,``, ``;``, tab or line break inside it, where a program reading by
another separator, or ignoring the quotes, would start a new cell. Numbers are written without
thousands separators; with ``;`` a decimal has a comma (``2,5``, as German Excel reads it), with
``,`` a point (``2.5``). Equal rows give equal bytes.
"""

from __future__ import annotations

import codecs
import decimal
import io
import numbers
import re
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

SEPARATORS = (";", ",")
"""``;``: German Excel (the default); ``,``: the English convention."""
DEFAULT_SEPARATOR = ";"
UNSAFE_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""A cell starting with one of these could be run as a formula by a spreadsheet program."""
_FORMULA_CHARS = "=+\\-@＝＋－＠"
_CELL_STARTS = re.compile(rf"(^|[,;\t\r\n])([ \t\r\n]*)(?=[{_FORMULA_CHARS}])")
"""Where a cell could start in a text (its beginning, after a separator or a line break),
just before a formula character."""
_SEPARATOR_FORMULA = re.compile(rf"[,;\t\r\n][ \t\r\n]*[{_FORMULA_CHARS}]")
"""A quick test: a formula character after a separator or a line break (see :func:`neutralise`)."""
_FORMULA_START = tuple(_FORMULA_CHARS.replace("\\", ""))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def number_text(value: numbers.Real, sep: str = DEFAULT_SEPARATOR) -> str:
    """``1234``, ``2,5`` (``;``) or ``2.5`` (``,``): no grouping, no exponent, shortest form."""
    if isinstance(value, numbers.Integral):
        return str(int(value))
    text = format(decimal.Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if sep == ";" else text


def neutralise(text: str) -> str:
    """``text`` with a ``'`` before every formula character where a cell could start."""
    text = "'" + text if text.startswith(("\t", "\r")) else text
    if not (text.lstrip(" \t\r\n").startswith(_FORMULA_START) or _SEPARATOR_FORMULA.search(text)):
        return text  # no place where a cell could start with a formula character
    return _CELL_STARTS.sub(lambda m: f"{m.group(1)}{m.group(2)}'", text)


_NEUTRALISED = re.compile(rf"(^|[,;\t\r\n])([ \t\r\n]*)'(?=[{_FORMULA_CHARS}])|^'(?=[\t\r])")


def restore(text: str) -> str:
    """``text`` as it was before :func:`neutralise`, for praxis reading back a CSV file it wrote
    (the round's copy of the roster): every ``'`` that :func:`neutralise` puts in is taken out."""
    return _NEUTRALISED.sub(lambda m: (m.group(1) or "") + (m.group(2) or ""), text)


def csv_cell(value: Any, sep: str = DEFAULT_SEPARATOR) -> str:
    """A value as CSV text: numbers in the separator's convention, texts neutralised."""
    if type(value) is str:  # the common case first, without the abstract type checks
        return neutralise(value)
    if _empty(value):
        return ""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return number_text(value, sep)
    return neutralise(value if isinstance(value, str) else str(value))


_PLAIN_NOT_FIRST = ("\t", "\r", "\n", " ", *_FORMULA_START)
_WIDE_FORMULA = re.compile("[＝＋－＠]")


def _plain(text: str) -> bool:
    """True when :func:`neutralise` leaves ``text`` as it is: it starts with none of
    :data:`_PLAIN_NOT_FIRST` and has no formula character after a separator (looked for only
    when it has a formula character at all: four quick searches, and a fifth for non-ASCII)."""
    if text.startswith(_PLAIN_NOT_FIRST):
        return False
    if not (
        "=" in text
        or "+" in text
        or "-" in text
        or "@" in text
        or (not text.isascii() and _WIDE_FORMULA.search(text))
    ):
        return True
    return not _SEPARATOR_FORMULA.search(text)


def _fields(row: Iterable[Any], sep: str) -> list[str]:
    """:func:`csv_cell` of each value, a plain text or an int the quick way (most cells)."""
    return [
        v
        if v.__class__ is str and _plain(v)
        else str(v)
        if v.__class__ is int
        else csv_cell(v, sep)
        for v in row
    ]


def _lines(rows: Iterable[Iterable[Any]], sep: str, chunk: int = 1 << 20) -> Iterator[str]:
    """The CSV lines of ``rows``, about ``chunk`` characters a string: every field quoted, a
    quote in a field doubled, CRLF after each row (what :class:`csv.writer` writes with
    ``QUOTE_ALL``, without its scan of every character)."""
    between = f'"{sep}"'
    lines: list[str] = []
    size = 0
    for row in rows:
        fields = [f.replace('"', '""') for f in _fields(row, sep)]
        lines.append(f'"{between.join(fields)}"\r\n' if fields else "\r\n")
        size += len(lines[-1])
        if size >= chunk:
            yield "".join(lines)
            lines, size = [], 0
    if lines:
        yield "".join(lines)


def write_rows(
    rows: Iterable[Iterable[Any]], handle: BinaryIO, sep: str = DEFAULT_SEPARATOR
) -> None:
    """``rows`` as CSV into ``handle``: UTF-8 with BOM, CRLF, every field quoted.

    Streamed some rows at a time, so a large table never sits in memory as one string.
    """
    if sep not in SEPARATORS:
        raise ValueError(f"CSV separator must be one of {SEPARATORS}, not {sep!r}")
    for n, text in enumerate(_lines(rows, sep)):
        handle.write(codecs.BOM_UTF8 + text.encode("utf-8") if n == 0 else text.encode("utf-8"))


def rows_bytes(rows: Iterable[Iterable[Any]], sep: str = DEFAULT_SEPARATOR) -> bytes:
    """The CSV of ``rows`` as bytes (see :func:`write_rows`)."""
    buffer = io.BytesIO()
    write_rows(rows, buffer, sep)
    return buffer.getvalue()
