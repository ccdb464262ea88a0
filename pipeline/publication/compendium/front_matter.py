"""The front matter of the Word compendium, from its publication settings: the title page,
the imprint, the foreword and "Methode und Auswahl", and the opening of the introduction.

Every entry comes from :class:`~pipeline.definition.publication.PublicationSettings`; an
entry not set is not printed (no empty heading, no empty label). The title falls back to
the catalogue's ``compendium.title``. Pictures (the cover, the funders' logos) carry their
alternative text; one that cannot be read any more is named among the parts left out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.image.image import Image as DocxImage
from docx.shared import Mm

from pipeline.definition.publication import Image, Party, PublicationSettings
from pipeline.definition.questionnaire import Questionnaire
from pipeline.definition.text import Text
from pipeline.locale.formatting import long_date
from pipeline.locale.texts import t
from pipeline.publication.compendium.styles import ACCENT
from pipeline.publication.compendium.wordml import CENTER, PAGE_BREAK, add_run, spacing
from pipeline.publication.compendium.writer import Writer

COVER_WIDTH = Mm(150)
COVER_HEIGHT = Mm(100)
LOGO_HEIGHT = Mm(20)
LOGO_WIDTH = Mm(55)


def publication_title(settings: PublicationSettings, lang: str) -> str:
    """The title of the publication: the settings' title, else the catalogue's."""
    return settings.title.get(lang) if settings.title else t("compendium.title", lang)


def publication_author(settings: PublicationSettings, q: Questionnaire, lang: str) -> str:
    """Who the document is by (its core properties): the publisher, the editor, the
    network, else praxis."""
    for party in (settings.publisher, settings.editor):
        if party is not None:
            return party.name.get(lang)
    return q.network.get(lang) if q.network else "praxis"


def write_front_matter(w: Writer, settings: PublicationSettings, today: dt.date) -> None:
    """The title page, the imprint, the foreword and the method, as far as they are set."""
    _title_page(w, settings, today)
    _imprint(w, settings)
    new_page = True  # the method follows the foreword on its page
    for text, key in ((settings.foreword, "foreword"), (settings.method, "method")):
        if text is not None and text.get(w.lang).strip():
            w.heading(w.t(f"compendium.{key}"), 1, page_break=new_page)
            w.lines(text.get(w.lang))
            new_page = False


def write_intro_opening(w: Writer) -> None:
    """The introduction's first paragraph: what the compendium presents, in plain words (the
    figures of who was asked and who answered follow)."""
    network = w.q.network.get(w.lang) if w.q.network else ""
    if network:
        w.para(w.t("compendium.intro_network", network=network))
    else:
        w.para(w.t("compendium.intro_plain"))


# --- the title page ----------------------------------------------------------------------------


def _title_page(w: Writer, s: PublicationSettings, today: dt.date) -> None:
    before = 40 if s.cover else 160
    w.para(publication_title(s, w.lang), "Title", spacing(before=before))
    if s.subtitle:
        w.para(s.subtitle.get(w.lang), "Subtitle")
    if s.cover:
        _cover(w, s.cover)
    by = s.editor or s.publisher
    name = by.name.get(w.lang) if by else (w.q.network.get(w.lang) if w.q.network else "")
    if name:
        add_run(w.para("", None, spacing(before=18)), name, bold=True, colour=ACCENT)
    if s.year is not None:
        w.para(str(s.year))
    w.para(w.t("compendium.as_of", date=long_date(today, w.lang)))


def _cover(w: Writer, cover: Image) -> None:
    with w.part(w.t("compendium.part.cover")):
        data = cover.path.read_bytes()
        width = _fitted(data, min(int(COVER_WIDTH), w.width), int(COVER_HEIGHT))
        alt = cover.alt.get(w.lang)
        w.picture(w.para("", None, spacing(before=12, after=12), CENTER), data, width, alt, alt)


def _fitted(data: bytes, width: int, height: int) -> int:
    """The width (EMU) at which the picture ``data`` fits into ``width`` x ``height``."""
    image = DocxImage.from_blob(data)
    ratio = image.px_width / image.px_height if image.px_height else 1.0
    return int(min(width, height * ratio))


# --- the imprint -------------------------------------------------------------------------------


def _has_imprint(s: PublicationSettings) -> bool:
    funding = s.funding
    return any(
        (
            s.publisher,
            s.editor,
            s.imprint.responsible,
            s.imprint.contact,
            s.year is not None,
            s.licence,
            funding and (funding.notice or funding.disclaimer or funding.logos),
        )
    )


def _imprint(w: Writer, s: PublicationSettings) -> None:
    """The imprint page: who publishes and edits, who is responsible, the contact, the
    year, the licence (its name a link to its text), the funding notice with the logos and
    the funder's disclaimer exactly as supplied."""
    if not _has_imprint(s):
        return
    heading = w.para("", "Heading 1", PAGE_BREAK)
    add_run(heading, w.t("compendium.imprint"))
    for key, party in (("publisher", s.publisher), ("editor", s.editor)):
        if party is not None:
            _entry(w, key, _party_text(party, w.lang))
    for key, text in (("responsible", s.imprint.responsible), ("contact", s.imprint.contact)):
        if text is not None:
            _entry(w, key, text.get(w.lang))
    if s.year is not None:
        _entry(w, "year", str(s.year))
    if s.licence is not None:
        _label(w, "licence")
        if s.licence.url:
            w.link(w.para(), s.licence.url, s.licence.name)
        else:
            w.para(s.licence.name)
        _optional_lines(w, s.licence.text)
    if s.funding is not None:
        _funding(w, s)


def _party_text(party: Party, lang: str) -> str:
    lines = [party.name.get(lang)]
    if party.address is not None:
        lines.append(party.address.get(lang))
    return "\n".join(lines)


def _label(w: Writer, key: str) -> None:
    add_run(
        w.para("", None, spacing(before=9, after=0)), w.t(f"compendium.imprint.{key}"), bold=True
    )


def _entry(w: Writer, key: str, text: str) -> None:
    """A bold label with its value below, its lines kept (an address)."""
    _label(w, key)
    add_run(w.para(), "\n".join(x.strip() for x in text.strip().splitlines()))


def _optional_lines(w: Writer, text: Text | None) -> None:
    if text is not None:
        w.lines(text.get(w.lang))


def _funding(w: Writer, s: PublicationSettings) -> None:
    funding = s.funding
    assert funding is not None
    if not (funding.notice or funding.disclaimer or funding.logos):
        return
    _label(w, "funding")
    _optional_lines(w, funding.notice)
    if funding.logos:
        paragraph = w.para("", None, spacing(before=6, after=6))
        for n, logo in enumerate(funding.logos):
            if n:
                add_run(paragraph, "\u2003\u2003")
            _logo(w, paragraph, logo)
    _optional_lines(w, funding.disclaimer)


def _logo(w: Writer, paragraph: object, logo: Image) -> None:
    alt = logo.alt.get(w.lang)
    with w.part(w.t("compendium.part.logo", alt=alt)):
        data = Path(logo.path).read_bytes()
        w.picture(paragraph, data, _fitted(data, int(LOGO_WIDTH), int(LOGO_HEIGHT)), alt, alt)
