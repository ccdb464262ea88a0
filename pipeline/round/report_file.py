"""A report for people: its Markdown file and, beside it, the same content as HTML, which
a double click opens in the browser (Windows opens ``.md`` files with nothing).

The HTML is made by markdown-it-py (CommonMark with tables). Raw HTML in the Markdown is
not passed through but shown as text, and links to ``javascript:`` and the like are not
made, so what a project typed shows as text in the page as in the Markdown.
"""

from __future__ import annotations

import html
from itertools import pairwise
from pathlib import Path

from markdown_it import MarkdownIt

from pipeline.round.folder import write_atomic

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em;"
    "line-height:1.5}table{border-collapse:collapse}th,td{border:1px solid #888;"
    "padding:.2em .5em;text-align:left}code{background:#eee}"
)


def html_path(path: Path) -> Path:
    """The HTML file beside the Markdown report ``path`` (``a.md`` -> ``a.html``)."""
    return path.with_suffix(".html")


def _title(text: str, fallback: str) -> str:
    tokens = _MARKDOWN.parse(text)
    for opening, inline in pairwise(tokens):
        if opening.type == "heading_open" and inline.children is not None:
            words = "".join(c.content for c in inline.children if c.type in ("text", "code_inline"))
            if words.strip():
                return words.strip()
    return fallback


def report_html(text: str, lang: str, fallback_title: str = "") -> bytes:
    """The Markdown ``text`` as a whole HTML page in ``lang`` (UTF-8, no external resources);
    its title is the first heading (else ``fallback_title``)."""
    title = html.escape(_title(text, fallback_title))
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"{_MARKDOWN.render(text)}</body>\n</html>\n"
    )
    return page.encode("utf-8")


def write_report(path: Path, text: str, lang: str, *, durable: bool = True) -> None:
    """Write the Markdown report ``text`` to ``path`` and the same as HTML beside it."""
    write_atomic(path, text.encode("utf-8"), durable=durable)
    write_atomic(html_path(path), report_html(text, lang, path.stem), durable=durable)


def remove_report(path: Path) -> None:
    """Remove the report ``path`` and its HTML file (either may be missing)."""
    path.unlink(missing_ok=True)
    html_path(path).unlink(missing_ok=True)
