"""Every German and English string praxis shows, read from the catalogues beside this module.

``de.yaml`` and ``en.yaml`` hold one line per text (``key: "text"``), editable without Python;
``t(key, lang, **values)`` formats the text for ``key`` in ``lang`` (falling back to English).
A text may have plural forms (``{one: ..., other: ...}``), chosen by Babel's plural rules of the
language from the ``count`` value, or from the value the entry names with ``by:`` (``{by: files,
one: "{files} Datei: ...", other: "{files} Dateien: ..."}``). Numbers and dates are formatted in
:mod:`pipeline.locale.formatting`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from babel import Locale
from ruamel.yaml import YAML

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
CATALOGUE_DIR = Path(__file__).resolve().parent


@functools.cache
def catalogue(lang: str) -> dict[str, Any]:
    """Every text of ``lang`` by key, as read from ``<lang>.yaml`` (read once, never changed).

    Read by PyYAML's libyaml loader (half the time of ruamel.yaml's, which every praxis
    process and worker pays) when what it reads is texts only: its YAML 1.1 would read an
    unquoted ``yes`` as True, so any value that is not a text (or a dict of texts) sends the
    file to ruamel.yaml's YAML 1.2 instead."""
    text = (CATALOGUE_DIR / f"{lang}.yaml").read_text("utf-8")
    data = _libyaml_texts(text)
    if data is None:
        data = dict(YAML(typ="safe", pure=False).load(text) or {})
    return data


def _libyaml_texts(text: str) -> dict[str, Any] | None:
    """The catalogue as libyaml reads it, when every key and value is a text (or a plural
    entry: a dict of texts); else None."""
    try:
        import yaml
        from yaml import CSafeLoader
    except ImportError:  # pragma: no cover - PyYAML's wheels carry libyaml
        return None
    try:
        data = yaml.load(text, Loader=CSafeLoader)
    except yaml.YAMLError:
        return None  # ruamel.yaml names the problem
    if not isinstance(data, dict):
        return None
    for key, value in data.items():
        entry = value.values() if isinstance(value, dict) else (value,)
        if not isinstance(key, str) or not all(isinstance(x, str) for x in entry):
            return None
    return data


def has_text(key: str) -> bool:
    """Whether ``key`` is a text of the catalogues."""
    return key in catalogue("en")


@functools.cache
def _plural_rule(lang: str) -> Any:
    return Locale.parse(lang).plural_form


def _template(key: str, lang: str, values: dict[str, object]) -> str:
    entry = catalogue(lang).get(key) if lang in LANGUAGES else None
    if entry is None:
        entry = catalogue("en")[key]
    if isinstance(entry, dict):
        count = values.get(entry.get("by", "count"))
        form = (
            _plural_rule(lang if lang in LANGUAGES else "en")(abs(count))
            if isinstance(count, int | float) and not isinstance(count, bool)
            else "other"
        )
        return str(entry.get(form, entry["other"]))
    return str(entry)


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English if that language is missing), formatted."""
    return _template(key, lang, values).format(**values)
