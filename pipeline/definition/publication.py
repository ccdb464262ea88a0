"""The compendium's publication settings: the ``publication:`` block of a definition, or a
file passed with ``praxis compile --config FILE`` (the same keys), every entry optional.

The settings are plain typed values; what the compendium and the web edition make of them is
in :mod:`pipeline.publication`. Images (logos, the cover) are paths resolved against the
folder of the file that names them. praxis ships no funder's texts: the funding notice and
the disclaimer a funder requires are the user's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.definition.text import Text


@dataclass(frozen=True)
class Image:
    """A picture of the front matter (a logo, the cover): its file and its alternative text."""

    path: Path
    alt: Text


@dataclass(frozen=True)
class Party:
    """Who edits or publishes the compendium: a name and a postal address (lines)."""

    name: Text
    address: Text | None = None


@dataclass(frozen=True)
class Imprint:
    """The imprint: the person responsible for the content, and how to reach the editor."""

    responsible: Text | None = None
    contact: Text | None = None


@dataclass(frozen=True)
class Funding:
    """The funding notice ("Gefördert vom ... im Rahmen des Bundesprogramms ..."), the
    funder's logos and the disclaimer the funder requires, as supplied by the user."""

    notice: Text | None = None
    disclaimer: Text | None = None
    logos: tuple[Image, ...] = ()


@dataclass(frozen=True)
class Licence:
    """The licence of the publication (``CC BY 4.0``), with its link and a sentence."""

    name: str
    url: str | None = None
    text: Text | None = None


@dataclass(frozen=True)
class PublicationSettings:
    """Everything the front matter says; an entry left out is simply not printed (the title
    falls back to the catalogue's "Kompendium" with the network's name)."""

    title: Text | None = None
    subtitle: Text | None = None
    editor: Party | None = None
    publisher: Party | None = None
    year: int | None = None
    foreword: Text | None = None
    method: Text | None = None
    """How the practices were collected and selected (the selection criteria)."""
    imprint: Imprint = field(default_factory=Imprint)
    funding: Funding | None = None
    licence: Licence | None = None
    cover: Image | None = None

    @property
    def empty(self) -> bool:
        return self == PublicationSettings()

    def merged(self, override: PublicationSettings) -> PublicationSettings:
        """These settings with every entry that ``override`` sets taken from it."""
        return override  # TODO(settings helper): entry by entry


def load_publication_config(path: Path, languages: tuple[str, ...]) -> PublicationSettings:
    """The settings of a ``compile --config`` file (the keys of the ``publication:`` block),
    checked like a definition: every problem with its line, raised as one error."""
    raise NotImplementedError("settings helper")  # TODO(settings helper)
