"""The compendium's web edition: a self-contained static site (no external resources) that
opens from the file system: a start page with the front matter and filters, a page per
practice, charts as SVG with text alternatives.

:func:`site_files` (:mod:`.site`) makes the files from the compendium's content model;
:func:`write_web_edition` puts them in their folder (:mod:`.folder`), replacing an earlier
edition there and refusing a folder that is not one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.definition.questionnaire import Questionnaire
from pipeline.publication.compendium.content import Compendium
from pipeline.publication.web_edition.errors import WebEditionError
from pipeline.publication.web_edition.folder import MARKER, check_replaceable, replace_folder
from pipeline.publication.web_edition.site import site_files

__all__ = ["MARKER", "WebEditionError", "check_replaceable", "site_files", "write_web_edition"]


def write_web_edition(
    folder: Path, content: Compendium, q: Questionnaire, *, today: dt.date
) -> Path:
    """Write the web edition of ``content`` into ``folder`` (replacing an earlier edition
    there; :class:`WebEditionError` for a folder that is not empty and no edition); returns
    its ``index.html``."""
    check_replaceable(folder, content.lang)
    replace_folder(folder, site_files(content, q, today=today), content.lang)
    return folder / "index.html"
