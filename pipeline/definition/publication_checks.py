"""The checks of a ``publication:`` block beyond its meta-schema: every text in each language
of the questionnaire, and every image a readable PNG or JPEG file.

Image files are found relative to the folder of the file that names them (the definition, or
the ``compile --config`` file). Problems carry the YAML path and line like every problem of a
definition (:mod:`pipeline.definition.checks`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.definition.checks import format_path, line_of, split_by_comma
from pipeline.locale.texts import t
from pipeline.problems import Problem

Path_ = list[str | int]

TOP_TEXTS = ("title", "subtitle", "foreword", "method")
NESTED_TEXTS = {
    "editor": ("name", "address"),
    "publisher": ("name", "address"),
    "imprint": ("responsible", "contact"),
    "funding": ("notice", "disclaimer"),
    "licence": ("text",),
}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


def publication_problems(
    root: Any, path: Path_, languages: tuple[str, ...], lang: str, base: Path | None
) -> list[Problem]:
    """The problems of the block at ``path`` in the YAML tree ``root`` (``[]`` for a
    ``--config`` file, ``["publication"]`` in a definition); ``base``: the folder images
    are found in (None: the current folder)."""
    block = _at(root, path)
    if not isinstance(block, dict):
        return []
    problems: list[Problem] = []

    def add(code: str, where: Path_, message: str) -> None:
        problems.append(Problem(code, message, where=format_path(where), line=line_of(root, where)))

    for where, text in _texts(block, path):
        _check_text(add, where, text, languages, lang)
    for where, image in _images(block, path):
        reason = image_problem(image.get("file"), base, lang)
        if reason is not None:
            add(reason[0], [*where, "file"], reason[1])
    return problems


def _at(root: Any, path: Path_) -> Any:
    node = root
    for step in path:
        node = node.get(step) if isinstance(node, dict) else None
    return node


def _texts(block: dict, path: Path_) -> Iterator[tuple[Path_, dict]]:
    """Every language map of the block, with its path."""
    for key in TOP_TEXTS:
        if isinstance(block.get(key), dict):
            yield [*path, key], block[key]
    for parent, keys in NESTED_TEXTS.items():
        node = block.get(parent)
        for key in keys:
            if isinstance(node, dict) and isinstance(node.get(key), dict):
                yield [*path, parent, key], node[key]
    for where, image in _images(block, path):
        if isinstance(image.get("alt"), dict):
            yield [*where, "alt"], image["alt"]


def _images(block: dict, path: Path_) -> Iterator[tuple[Path_, dict]]:
    """The cover and every funder's logo, with their paths."""
    if isinstance(block.get("cover"), dict):
        yield [*path, "cover"], block["cover"]
    funding = block.get("funding")
    logos = funding.get("logos") if isinstance(funding, dict) else None
    for n, logo in enumerate(logos if isinstance(logos, list) else []):
        if isinstance(logo, dict):
            yield [*path, "funding", "logos", n], logo


def _check_text(add: Any, where: Path_, text: dict, languages: tuple[str, ...], lang: str) -> None:
    if split_by_comma(text):
        add("text-comma", where, t("def.text_comma", lang))
        return
    shown = ", ".join(languages)
    for code in languages:
        if not isinstance(text.get(code), str) or not text.get(code, "").strip():
            add(
                "missing-language",
                where,
                t("def.missing_language", lang, lang=code, languages=shown),
            )
    for code in text:
        if code not in languages:
            message = t("def.extra_language", lang, lang=code, languages=shown)
            add("extra-language", [*where, code], message)


def image_problem(file: Any, base: Path | None, lang: str) -> tuple[str, str] | None:
    """Why the image ``file`` (relative to ``base``) cannot be used, as ``(code, message)``:
    missing, unreadable, or neither PNG nor JPEG; None when it can."""
    if not isinstance(file, str) or not file:
        return None  # the meta-schema says what is wrong
    path = (base or Path(".")) / file
    if not path.is_file():
        return "image-missing", t("def.image_missing", lang, path=path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return "image-unreadable", t("def.image_unreadable", lang, path=path, detail=exc.strerror)
    if not (head.startswith(PNG_SIGNATURE) or head.startswith(JPEG_SIGNATURE)):
        return "image-format", t("def.image_format", lang, path=path)
    return None
