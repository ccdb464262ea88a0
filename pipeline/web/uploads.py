"""Files handed to the page: the name they are kept under is made by the server."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME = 120
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
"""Names Windows refuses for a file, whatever their extension."""


def safe_name(uploaded: str, fallback: str = "datei") -> str:
    """A base name for a file of the browser's name ``uploaded``: no folder parts (either
    slash), no control characters, no leading dots, not a name Windows reserves, at most
    :data:`MAX_NAME` characters with its extension kept; ``fallback`` when nothing is left."""
    base = re.split(r"[\\/]", uploaded)[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = re.sub(r'[<>:"|?*]', "_", base).strip().lstrip(".").strip()
    if not base or RESERVED.match(base):
        base = f"{fallback}-{base}" if base else fallback
    if len(base) > MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        if dot and 0 < len(suffix) <= 8:
            base = stem[: MAX_NAME - len(suffix) - 1] + "." + suffix
        else:
            base = base[:MAX_NAME]
    return base
