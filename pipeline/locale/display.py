"""Text from outside shown as text: on the terminal and in Markdown reports.

What a project typed, a file's name, a roster cell or a document property may hold line
breaks, terminal escape sequences, rich markup (``[bold]``) or Markdown (``## ...``,
``- Outcome: accepted``, raw HTML). Every such value passes through one of these functions
before it is shown:

- :func:`shown`: one line of plain text for the terminal; line breaks become ``⏎``, other
  control characters (ANSI escapes, bidi overrides) a visible ``\\x1b`` / ``\\u202e``.
- :func:`cell`: the same as a rich ``Text``, which rich never reads as markup.
- :func:`markdown`: one line of Markdown that renders as exactly that text.
"""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text

LINE_BREAK = " ⏎ "
"""What a line break inside one value looks like, on the terminal and in reports."""

_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>#|~&])")
_LIST_MARKER = re.compile(r"^(\s*(?:[-+]|\d+(?=[.)](?:\s|$))))")


def _visible(char: str) -> str:
    if char == "\t":
        return " "
    if unicodedata.category(char) == "Cc" or char in _BIDI:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def shown(value: object) -> str:
    """``value`` as one line of plain text that cannot steer a terminal."""
    text = _BREAKS.sub(LINE_BREAK, str(value))
    return "".join(_visible(c) for c in text)


def shown_lines(value: object) -> str:
    """``value`` as plain text that cannot steer a terminal, keeping its own line breaks: for
    praxis's own messages that list things line by line (what they quote is of the
    coordinator's files: definitions, rosters)."""
    return "\n".join(shown(line) for line in str(value).splitlines())


def cell(value: object) -> Text:
    """``value`` for a rich table cell or ``console.print``: plain text, never markup."""
    return Text(shown(value))


def markdown(value: object) -> str:
    """``value`` as inline Markdown that renders as the text itself, on one line.

    Markdown's punctuation is escaped with a backslash (CommonMark allows it before any
    ASCII punctuation), so ``## x``, ``**x**``, ``[x](y)``, ``<b>``, ``&amp;`` and ``|`` stay
    text; a list marker at its start (``-``, ``+``, ``1.``) is escaped too.
    """
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", shown(value))
    return _LIST_MARKER.sub(_escape_marker, text)


def _escape_marker(match: re.Match[str]) -> str:
    """``- x`` -> ``\\- x``, ``1. x`` -> ``1\\. x``: a list marker at the start stays text."""
    marker = match.group(1)
    if marker.rstrip()[-1:].isdigit():
        return marker + "\\"
    return marker[:-1] + "\\" + marker[-1]
