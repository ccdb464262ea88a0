"""The web edition's files, made from the compendium's content model (no file is written
here): ``index.html`` (front matter, figures, charts, the filtered list of practices,
imprint), ``practice/<name>.html`` per practice, the style sheet and the script beside them,
and the front matter's pictures under ``images/``.

Pages come from the Jinja2 templates of ``templates/`` (autoescaped: every text is escaped;
links only for :data:`~pipeline.publication.compendium.content.SAFE_LINK` addresses), with
every text from the catalogues. Equal content and ``today`` give equal bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from pipeline.definition.publication import Image, PublicationSettings
from pipeline.definition.questionnaire import Questionnaire
from pipeline.definition.text import Text
from pipeline.locale.formatting import format_number, long_date
from pipeline.locale.texts import LANGUAGES, catalogue, t
from pipeline.publication.compendium.content import (
    SAFE_LINK,
    Chapter,
    Compendium,
    CreativeSection,
    LeftOut,
    MediaSection,
    TableSection,
    TextSection,
)
from pipeline.publication.web_edition.errors import WebEditionError
from pipeline.publication.web_edition.filters import (
    Filter,
    filters,
    practice_labels,
    practice_marks,
)
from pipeline.publication.web_edition.svg import chart_svg

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
ASSETS = ("edition.css", "edition.js")
"""The style sheet and the script, copied beside ``index.html``."""
PRACTICE_DIR = "practice"
IMAGE_DIR = "images"
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
UNSAFE_NAME = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class Entry:
    """A practice in the list of the start page: its chapter, its page and its filters."""

    chapter: Chapter
    group: str
    href: str
    marks: Mapping[str, str]
    shown: tuple[tuple[str, str], ...]
    """(legend, labels) of the filters besides the group, as the list shows them."""


# --- names ---------------------------------------------------------------------------------


def page_names(projects: Sequence[str]) -> dict[str, str]:
    """Project id -> a safe file name of its page (``p01.html``), unique, deterministic."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for project in projects:
        stem = UNSAFE_NAME.sub("-", project.casefold()).strip("-") or "practice"
        name, n = stem, 1
        while name in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name)
        names[project] = f"{name}.html"
    return names


def _image_name(image: Image, stem: str) -> str:
    return f"{IMAGE_DIR}/{stem}{image.path.suffix.lower()}"


def _image_files(settings: PublicationSettings, lang: str) -> dict[str, Path]:
    """Name in the edition -> the picture's file: the cover, the funders' logos."""
    named = {}
    if settings.cover is not None:
        named[_image_name(settings.cover, "cover")] = settings.cover.path
    logos = settings.funding.logos if settings.funding else ()
    for n, logo in enumerate(logos, start=1):
        named[_image_name(logo, f"logo-{n}")] = logo.path
    for path in named.values():
        if path.suffix.lower() not in IMAGE_TYPES or not path.is_file():
            raise WebEditionError(t("web_edition.bad_image", lang, path=path))
    return named


# --- the template environment --------------------------------------------------------------


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def paragraphs(text: str | None) -> list[str]:
    """A text's paragraphs: its non-empty lines, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def safe_link(url: str | None) -> bool:
    """True for an address the edition may link to (``http(s)://``, ``mailto:``)."""
    return bool(url and SAFE_LINK.match(url))


def language_name(tag: str, lang: str) -> str:
    """``en-GB`` -> ``Englisch`` (the tag itself for a language praxis has no name for)."""
    code = tag.split("-")[0]
    return t(f"translation.language.{code}", lang) if code in LANGUAGES else tag


def untranslated(chapter: Chapter) -> str:
    """The language tag of texts of ``chapter`` left as written ("" when there is none)."""
    facts = () if isinstance(chapter.facts, LeftOut) else chapter.facts
    tags = [getattr(x, "language", "") for x in (*facts, *chapter.blocks)]
    return next((tag for tag in tags if tag), "")


BLOCK_KINDS = {
    TextSection: "text",
    TableSection: "table",
    MediaSection: "media",
    CreativeSection: "creative",
}


def block_kind(block: object) -> str:
    """What a chapter's block is, for the template (``text``, ``table``, ...)."""
    return BLOCK_KINDS.get(type(block), "left_out")


def count_forms(key: str, lang: str, **values: object) -> tuple[str, str]:
    """The singular and the plural form of the text ``key`` with ``{count}`` left in it,
    for the page's script to fill in (the catalogue entry has ``one`` and ``other``)."""
    entry = catalogue(lang)[key]
    return tuple(str(entry[form]).format(count="{count}", **values) for form in ("one", "other"))


def has_imprint(s: PublicationSettings) -> bool:
    """Whether the settings say anything the imprint shows (besides the date)."""
    imprint = s.imprint.responsible or s.imprint.contact
    return any((s.editor, s.publisher, s.year, imprint, s.funding, s.licence))


def _context(c: Compendium, q: Questionnaire, today: dt.date, root: str) -> dict[str, Any]:
    lang, s = c.lang, c.settings

    def text(value: Text | None) -> str:
        return value.get(lang) if value is not None else ""

    network = text(q.network)
    return {
        "lang": lang,
        "t": functools.partial(_t, lang),
        "text": text,
        "paragraphs": paragraphs,
        "safe_link": safe_link,
        "number": functools.partial(format_number, lang=lang),
        "is_left_out": lambda x: isinstance(x, LeftOut),
        "block_kind": block_kind,
        "language_name": functools.partial(language_name, lang=lang),
        "settings": s,
        "site_title": text(s.title) or t("compendium.title", lang),
        "subtitle": text(s.subtitle) or network,
        "as_of": t("compendium.as_of", lang, date=long_date(today, lang)),
        "today": long_date(today, lang),
        "root": root,
    }


def _t(lang: str, key: str, /, **values: object) -> str:
    return t(key, lang, **values)


def _render(name: str, context: Mapping[str, Any]) -> bytes:
    return environment().get_template(name).render(context).encode("utf-8")


# --- the pages -----------------------------------------------------------------------------


def _entries(c: Compendium, chosen: Sequence[Filter], names: Mapping[str, str]) -> list[Entry]:
    others = [f for f in chosen if f.question.compendium.role != "group"]
    entries = []
    for group in c.groups:
        for chapter in group.chapters:
            practice = chapter.practice
            shown = tuple((f.legend, practice_labels(practice, f)) for f in others)
            entries.append(
                Entry(
                    chapter=chapter,
                    group=group.label,
                    href=f"{PRACTICE_DIR}/{names[practice.project]}",
                    marks=practice_marks(practice, chosen),
                    shown=tuple((legend, labels) for legend, labels in shown if labels),
                )
            )
    return entries


def _grouped(entries: Sequence[Entry]) -> list[tuple[str, list[Entry]]]:
    grouped: list[tuple[str, list[Entry]]] = []
    for entry in entries:
        if not grouped or grouped[-1][0] != entry.group:
            grouped.append((entry.group, []))
        grouped[-1][1].append(entry)
    return grouped


def index_page(
    c: Compendium, q: Questionnaire, today: dt.date, images: Mapping[Path, str]
) -> bytes:
    """The start page: front matter, the round's figures, the charts, the practices with
    their filters, the imprint."""
    chosen = filters(q, c.practices, c.lang, c.group_name)
    names = page_names([p.project for p in c.practices])
    charts = [(x, chart_svg(x, c.lang, f"chart-{n}")) for n, x in enumerate(c.charts, start=1)]
    context = _context(c, q, today, "")
    one, other = count_forms("web_edition.filter.shown", c.lang, total=len(c.practices))
    context.update(
        shown_one=one,
        shown_other=other,
        figures=c.figures,
        charts=charts,
        filters=chosen,
        groups=_grouped(_entries(c, chosen, names)),
        total=len(c.practices),
        images=images,
        has_imprint=has_imprint(c.settings),
    )
    return _render("index.html", context)


def practice_page(
    c: Compendium, q: Questionnaire, today: dt.date, chapter: Chapter, group: str
) -> bytes:
    """The page of one practice."""
    context = _context(c, q, today, "../")
    context.update(
        chapter=chapter,
        group=group,
        group_name=c.group_name,
        untranslated=untranslated(chapter),
        images={},
    )
    return _render("practice.html", context)


def _chapters(c: Compendium) -> Iterator[tuple[Chapter, str]]:
    for group in c.groups:
        for chapter in group.chapters:
            yield chapter, group.label


def site_files(c: Compendium, q: Questionnaire, *, today: dt.date) -> dict[str, bytes]:
    """Every file of the web edition: relative path (``/``-separated) -> its bytes."""
    pictures = _image_files(c.settings, c.lang)
    images = {path: name for name, path in pictures.items()}
    files = {"index.html": index_page(c, q, today, images)}
    names = page_names([p.project for p in c.practices])
    for chapter, group in _chapters(c):
        page = practice_page(c, q, today, chapter, group)
        files[f"{PRACTICE_DIR}/{names[chapter.practice.project]}"] = page
    for name in ASSETS:
        files[name] = (STATIC / name).read_bytes()
    for name, path in pictures.items():
        files[name] = path.read_bytes()
    return files
