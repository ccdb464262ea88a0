"""The publication settings as typed values, and how a checked ``publication:`` block (of a
definition or of a ``compile --config`` file) becomes them.

Its own module so that the questionnaire model can hold the settings while
:mod:`pipeline.definition.publication` reads ``--config`` files with the definition loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

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

    @property
    def pictures(self) -> tuple[Path, ...]:
        """The files of the cover and the logos, in that order."""
        logos = self.funding.logos if self.funding else ()
        return tuple(i.path for i in (self.cover, *logos) if i is not None)

    def relative_to(self, folder: Path) -> PublicationSettings:
        """These settings with the pictures inside ``folder`` named relative to it (to
        compare the settings of two copies of a definition in different folders)."""

        def moved(image: Image | None) -> Image | None:
            if image is None or not image.path.is_relative_to(folder):
                return image
            return replace(image, path=image.path.relative_to(folder))

        funding = self.funding
        if funding is not None:
            funding = replace(funding, logos=tuple(moved(i) or i for i in funding.logos))
        return replace(self, cover=moved(self.cover), funding=funding)

    def merged(self, override: PublicationSettings) -> PublicationSettings:
        """These settings with every entry that ``override`` sets taken from it.

        Entry by entry: a top-level entry the override sets replaces this one's whole (an
        override's ``editor`` brings its own address); the imprint, made of two entries
        that are each optional, is merged entry by entry too."""
        changes: dict[str, Any] = {}
        for entry in fields(self):
            value = getattr(override, entry.name)
            if entry.name == "imprint":
                value = _merged_imprint(self.imprint, override.imprint)
            elif value is None:
                continue
            changes[entry.name] = value
        return replace(self, **changes)


def _merged_imprint(base: Imprint, override: Imprint) -> Imprint:
    return Imprint(
        responsible=override.responsible or base.responsible,
        contact=override.contact or base.contact,
    )


# --- from a checked YAML tree ------------------------------------------------------------------


def build_publication(
    raw: Any, languages: tuple[str, ...], base: Path | None = None
) -> PublicationSettings:
    """The settings of a checked ``publication:`` block (None or empty: no settings); image
    files resolve against ``base``, the folder of the file naming them."""
    if not raw:
        return PublicationSettings()
    folder = base or Path(".")

    def text(value: Any) -> Text | None:
        if value is None:
            return None
        if isinstance(value, str):
            return Text.of(value, languages)
        return Text(tuple((str(k), str(v)) for k, v in value.items()))

    def party(value: Any) -> Party | None:
        if not value:
            return None
        name = text(value["name"])
        assert name is not None
        return Party(name, text(value.get("address")))

    def image(value: Any) -> Image | None:
        if not value:
            return None
        alt = text(value["alt"])
        assert alt is not None
        return Image((folder / str(value["file"])).resolve(), alt)

    imprint = raw.get("imprint") or {}
    funding = raw.get("funding")
    licence = raw.get("licence")
    year = raw.get("year")
    return PublicationSettings(
        title=text(raw.get("title")),
        subtitle=text(raw.get("subtitle")),
        editor=party(raw.get("editor")),
        publisher=party(raw.get("publisher")),
        year=int(year) if year is not None else None,
        foreword=text(raw.get("foreword")),
        method=text(raw.get("method")),
        imprint=Imprint(text(imprint.get("responsible")), text(imprint.get("contact"))),
        funding=None
        if not funding
        else Funding(
            notice=text(funding.get("notice")),
            disclaimer=text(funding.get("disclaimer")),
            logos=tuple(i for i in (image(x) for x in funding.get("logos") or []) if i),
        ),
        licence=None
        if not licence
        else Licence(
            name=str(licence["name"]),
            url=str(licence["url"]) if licence.get("url") else None,
            text=text(licence.get("text")),
        ),
        cover=image(raw.get("cover")),
    )
