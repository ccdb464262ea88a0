"""The speed layer: faster ways to build the same files, behind the plain builders.

Every fast path here has a plain twin in the stage that owns the file (the forms, the
compendium); both give the same content, and tests compare them. ``PRAXIS_FAST=0`` in the
environment switches every fast path off (for debugging, or to compare).
"""

from __future__ import annotations

import os


def enabled() -> bool:
    """Whether the fast paths are used (not when ``PRAXIS_FAST`` is ``0``, ``no`` or ``off``)."""
    return os.environ.get("PRAXIS_FAST", "1").strip().lower() not in ("0", "no", "off", "false")
