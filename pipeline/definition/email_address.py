"""Whether a text is one e-mail address: the one place that decides it, for answers and rosters.

The syntax is checked by ``email-validator`` (RFC 5321/5322, internationalised addresses
included), without DNS look-ups. Reserved names that can never receive mail (``.test``,
``.invalid``, ``.local``, ``localhost``) are refused; ``.example`` addresses, as in the bundled
example roster, are accepted. What is wrong is told as one of a few kinds (``email.<kind>`` in
:mod:`pipeline.locale.texts`), never as the library's English message.
"""

from __future__ import annotations

import functools
import re
import unicodedata

KINDS = ("no_at", "several", "space", "no_name", "no_domain", "display_name", "no_dot")
KINDS += ("reserved", "invalid", "mailto", "invisible", "lookalike")
"""Every kind of problem :func:`email_problem` can name."""


@functools.lru_cache(maxsize=4096)
def email_problem(text: str) -> str | None:
    """None when ``text`` is one valid e-mail address; else what is wrong (a kind of KINDS)."""
    from email_validator import EmailNotValidError, validate_email  # 80 ms: only when needed

    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        return _kind(text, str(exc))
    if text.isascii():  # ASCII letters are all Latin: no part mixes scripts
        return None
    return "lookalike" if any(_mixes_scripts(part) for part in re.split(r"[@.]", text)) else None


_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
"""Scripts whose letters look alike (Latin ``a``, Cyrillic ``а``, Greek ``α``)."""


def _mixes_scripts(part: str) -> bool:
    """Whether one part of an address (``аdmin``, with a Cyrillic ``а``) mixes letters of
    scripts that look alike: valid for the library, but mail to it goes elsewhere or nowhere."""
    names = (unicodedata.name(c, "").split(" ")[0] for c in part if c.isalpha())
    return len({n for n in names if n in _SCRIPTS}) > 1


def is_email(text: object) -> bool:
    """Whether ``text`` is one valid e-mail address (see :func:`email_problem`)."""
    return isinstance(text, str) and email_problem(text) is None


def _kind(text: str, detail: str) -> str:
    """The kind of problem, from the text itself first and the library's finding last."""
    checks = (
        ("mailto", text.lower().startswith("mailto:")),
        ("invisible", any(unicodedata.category(c) == "Cf" for c in text)),
        ("display_name", "<" in text or ">" in text),
        ("several", bool(re.search(r"[,;]|@\S*\s+\S*@", text))),
        ("no_at", "@" not in text),
        ("space", bool(re.search(r"\s", text))),
        ("no_name", text.startswith("@")),
        ("no_domain", text.endswith("@")),
        ("reserved", "special-use or reserved" in detail),
        ("no_dot", "should have a period" in detail),
    )
    return next((kind for kind, found in checks if found), "invalid")
