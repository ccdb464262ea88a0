"""Texts of a row in every language: labels and hints, cleaned of screen formatting.

``**bold**``, HTML tags and markdown links are screen markup a printed form cannot show:
they are taken out (``[text](url)`` -> ``text (url)``). ``${q}`` in a label names an answer
that a form cannot know before it is given: it becomes the referenced question's label in
brackets (``[Anzahl der Haushaltsmitglieder]``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_HREF = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_REF = re.compile(r"\$\{\s*([^}\s]+)\s*\}")


def clean(text: str) -> tuple[str, bool]:
    """``text`` without screen markup, and whether anything was taken out."""
    out = _HREF.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    out = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", out)
    out = _TAG.sub("", out)
    out = _STRONG.sub(r"\2", out)
    out = _HEADING.sub("", out)
    out = out.replace("\\*", "*").replace("&nbsp;", " ").replace("&amp;", "&")
    out = "\n".join(line.rstrip() for line in out.strip().splitlines())
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out, out != text.strip()


def interpolate(text: str, label_of: Callable[[str], str]) -> tuple[str, list[str]]:
    """``${q}`` -> ``[label of q]``; the names that were replaced."""
    names: list[str] = []

    def replace(match: re.Match[str]) -> str:
        names.append(match.group(1))
        return f"[{label_of(match.group(1))}]"

    return _REF.sub(replace, text), names
