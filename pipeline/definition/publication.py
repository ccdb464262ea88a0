"""The compendium's publication settings: the ``publication:`` block of a definition, or a
file passed with ``praxis compile --config FILE`` (the same keys), every entry optional.

The settings are plain typed values (:mod:`pipeline.definition.publication_settings`, named
here too); what the compendium and the web edition make of them is in
:mod:`pipeline.publication`. Images (logos, the cover) are paths resolved against the folder
of the file that names them. praxis ships no funder's texts: the funding notice and the
disclaimer a funder requires are the user's own.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.definition.loading import check_publication_config, parse_yaml
from pipeline.definition.publication_settings import (
    Funding,
    Image,
    Imprint,
    Licence,
    Party,
    PublicationSettings,
    build_publication,
)
from pipeline.errors import DefinitionError, UsageError
from pipeline.locale.texts import t
from pipeline.problems import Problem

__all__ = [
    "Funding",
    "Image",
    "Imprint",
    "Licence",
    "Party",
    "PublicationConfigError",
    "PublicationSettings",
    "load_publication_config",
]


class PublicationConfigError(DefinitionError):
    """A ``compile --config`` file has mistakes (listed like a definition's): the command
    was called with a wrong file, so it ends with the status of a usage error."""

    exit_code = 2


def load_publication_config(
    path: Path, languages: tuple[str, ...], lang: str | None = None
) -> PublicationSettings:
    """The settings of a ``compile --config`` file (the keys of the ``publication:`` block),
    checked like a definition: every problem with its line, raised as one
    :class:`PublicationConfigError` naming the file. Texts must be given in ``languages``
    (the questionnaire's); messages are in ``lang`` (default: the first of them)."""
    lang = lang or (languages[0] if languages else "en")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise UsageError(t("def.config_missing", lang, path=path)) from exc
    except UnicodeDecodeError as exc:
        problem = Problem("yaml-syntax", t("def.yaml_syntax", lang, problem=exc.reason))
        raise PublicationConfigError(str(path), [problem]) from exc
    base = path.resolve().parent
    root, problems = parse_yaml(text, lang)
    if root is not None or not problems:
        problems += check_publication_config(root, languages, lang, base)
    problems = [replace(p, file=str(path)) for p in problems]
    if any(p.is_error for p in problems):
        raise PublicationConfigError(str(path), problems)
    return build_publication(root, languages, base)
