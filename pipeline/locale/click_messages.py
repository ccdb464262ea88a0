"""click's own messages (``Usage:``, ``Missing option``, ``Invalid value for ...``) in our language.

click translates its messages with :func:`gettext.gettext` (domain ``messages``). The texts for
it are ordinary catalogue entries: every key ``click.*`` holds click's English message in
``en.yaml`` (its gettext msgid, exactly as click writes it, placeholders included) and its
translation in ``de.yaml``; a plural entry ``{one: ..., other: ...}`` is an ``ngettext`` pair.
From them a gettext catalogue ``click/<lang>/LC_MESSAGES/messages.mo`` beside this module is
built (``python -m pipeline.locale.click_messages`` after editing a ``click.*`` text; a test
fails while the built file is out of date), and :func:`click_language` selects it while the
command line is parsed and its errors are shown.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from pipeline.locale.texts import CATALOGUE_DIR, LANGUAGES, catalogue

DOMAIN = "messages"
"""click's gettext domain: it calls the module-level ``gettext.gettext``."""
LOCALE_DIR = CATALOGUE_DIR / "click"
SOURCE_LANGUAGE = "en"
"""The language click writes its messages in: no catalogue is needed for it."""
_FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # a deterministic .mo header


def mo_path(lang: str) -> Path:
    """Where the gettext catalogue of click's messages in ``lang`` lives."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def click_entries() -> dict[str, object]:
    """The ``click.*`` entries of the English catalogue: click's msgids by key."""
    return {k: v for k, v in catalogue(SOURCE_LANGUAGE).items() if k.startswith("click.")}


def build_mo(lang: str) -> bytes:
    """The gettext catalogue of click's messages in ``lang``, from the ``click.*`` texts."""
    cat = Catalog(
        locale=lang,
        domain=DOMAIN,
        project="praxis",
        creation_date=_FIXED_TIME,
        revision_date=_FIXED_TIME,
        fuzzy=False,
    )
    texts = catalogue(lang)
    for key, msgid in click_entries().items():
        text = texts[key]
        if isinstance(msgid, dict):
            assert isinstance(text, dict), key
            cat.add((msgid["one"], msgid["other"]), (text["one"], text["other"]))
        else:
            cat.add(str(msgid), str(text))
    out = io.BytesIO()
    write_mo(out, cat, use_fuzzy=False)
    return out.getvalue()


def write_catalogues() -> list[Path]:
    """Build the ``.mo`` file of every language but click's own (after editing a text)."""
    written = []
    for lang in LANGUAGES:
        if lang == SOURCE_LANGUAGE:
            continue
        path = mo_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(build_mo(lang))
        written.append(path)
    return written


@contextmanager
def click_language(lang: str) -> Iterator[None]:
    """click's messages in ``lang`` inside this block (English for a language without one).

    gettext picks the language from ``LANGUAGE``, so it is set for the block and restored
    after it; the process's own locale settings stay as they are.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    before = os.environ.get("LANGUAGE")
    _outer.append(before)
    _set_language(lang if mo_path(lang).exists() else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _outer.pop()
        _set_language(before)


@contextmanager
def process_language() -> Iterator[None]:
    """Inside :func:`click_language`: the process's own ``LANGUAGE`` again, e.g. while a
    command runs (a program it starts, such as LibreOffice, sees the user's setting)."""
    if not _outer:
        yield
        return
    inner = os.environ.get("LANGUAGE")
    _set_language(_outer[-1])
    try:
        yield
    finally:
        _set_language(inner)


_outer: list[str | None] = []


def _set_language(value: str | None) -> None:
    if value is None:
        os.environ.pop("LANGUAGE", None)
    else:
        os.environ["LANGUAGE"] = value


if __name__ == "__main__":  # pragma: no cover
    for written in write_catalogues():
        print(written)
