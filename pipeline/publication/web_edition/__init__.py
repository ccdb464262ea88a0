"""The compendium's web edition: a self-contained static site (no external resources) that
opens from the file system: a start page with the front matter and filters, a page per
practice, charts as SVG with text alternatives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.definition.questionnaire import Questionnaire
from pipeline.publication.compendium.content import Compendium


def write_web_edition(
    folder: Path, content: Compendium, q: Questionnaire, *, today: dt.date
) -> Path:
    """Write the web edition of ``content`` into ``folder``; returns its ``index.html``."""
    raise NotImplementedError("web edition helper")  # TODO(web edition helper)
