"""Who did a step of the review loop: the name recorded with every state, comment and
correction."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    """``PRAXIS_USER`` when set, else the login name of this computer's user ("" if unknown)."""
    explicit = os.environ.get("PRAXIS_USER", "").strip()
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (a container, a service)
        return ""
