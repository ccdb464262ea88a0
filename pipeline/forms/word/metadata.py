"""The identification of a returned Word form (custom properties and the hidden paragraph)
and the check that its controls belong to the round's questionnaire."""

from __future__ import annotations

from typing import Any

from pipeline.errors import FormError
from pipeline.forms.content import ID_FIELDS, PROPERTY_PREFIX, FormContent, Identification
from pipeline.forms.word.layout import WordLayout
from pipeline.forms.word.locate import Index
from pipeline.forms.word.xml import W_P, W_T, node_text, parse_hidden_meta
from pipeline.locale.texts import t


def _hidden_metas(root: Any) -> list[dict[str, str]]:
    """The identification of every hidden ``praxis:`` paragraph (a pasted form brings its own)."""
    found = []
    for node in root.iter(W_T):
        if node.text and "praxis:" in node.text:
            paragraph = node.getparent()
            while paragraph is not None and paragraph.tag != W_P:
                paragraph = paragraph.getparent()
            meta = parse_hidden_meta(node_text(paragraph if paragraph is not None else node))
            if any(PROPERTY_PREFIX + name in meta for name in ID_FIELDS) and meta not in found:
                found.append(meta)
    return found


def identify(
    root: Any, props: dict[str, str], content: FormContent | None = None
) -> Identification | None:
    """The identification from custom properties, else from the hidden paragraph; every
    source is noted in ``content.id_sources`` (ingest refuses a form whose sources differ)."""
    hidden = _hidden_metas(root)
    if content is not None:
        content.id_sources["properties"] = {k: v for k, v in props.items()}
        for i, meta in enumerate(hidden):
            content.id_sources["paragraph" if i == 0 else f"paragraph-{i + 1}"] = meta
    return Identification.from_properties(props) or Identification.from_properties(
        hidden[0] if hidden else {}
    )


def check_mapping(layout: WordLayout, index: Index, lang: str) -> None:
    """Refuse a form whose controls (or, without tags, bookmarks) name answers the
    questionnaire of ``layout`` lacks.

    Such a form was made from another definition: reading it against the questionnaire would
    put answers under the wrong question or drop them without a word.
    """
    known = layout.keys
    unknown = sorted(tag for tag in index.by_tag if tag and tag not in known)
    if not index.by_tag:  # LibreOffice dropped every tag: the bookmarks name the answers
        names = layout.bookmarks
        marks = [name for name, mark in index.marks.items() if mark.sdt is not None]
        unknown = sorted(m for m in marks if m and not m.startswith("_") and m not in names)
    if unknown:
        shown = ", ".join(t("quoted", lang, text=name) for name in unknown[:5]) + (
            ", …" if len(unknown) > 5 else ""
        )
        raise FormError(t("word.untrusted_layout", lang, names=shown))
