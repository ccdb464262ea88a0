"""The overview charts as inline SVG for the web edition.

matplotlib's SVG backend draws the chart (:func:`pipeline.publication.charts.render_bar_chart`);
this module makes the drawing fit into an HTML page beside the others: an image
(``role="img"``) named by a ``<title>`` that says what it shows with its numbers, every id
prefixed so that the charts of one page do not share ids, no comments, no style sheet that
would apply to the whole page, no DOCTYPE. Equal charts give equal text.
"""

from __future__ import annotations

import re

from lxml import etree

from pipeline.locale.texts import t
from pipeline.publication.charts import ChartData, render_bar_chart

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
URL_REF = re.compile(r"url\(#([^)]+)\)")
ROOT_STYLE = "stroke-linejoin: round; stroke-linecap: butt"
"""What matplotlib's ``<style>`` (``*{...}``) says, as inherited properties of the root."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


def _prefix_ids(root: etree._Element, prefix: str) -> None:
    """Every ``id`` and every reference to one (``xlink:href="#..."``, ``url(#...)``)
    prefixed with ``prefix``."""
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for name, value in node.attrib.items():
            if name == "id":
                node.set(name, f"{prefix}{value}")
            elif name == XLINK_HREF and value.startswith("#"):
                node.set(name, f"#{prefix}{value[1:]}")
            elif "url(#" in value:
                node.set(name, URL_REF.sub(lambda m: f"url(#{prefix}{m.group(1)})", value))


def _drop_style_sheets(root: etree._Element) -> None:
    for style in root.iter(f"{{{SVG_NS}}}style", f"{{{SVG_NS}}}metadata"):
        style.getparent().remove(style)
    root.set("style", ROOT_STYLE)


def chart_title(chart: ChartData, lang: str) -> str:
    """The text alternative: ``Balkendiagramm: Zielgruppen. Jugendliche: 7, ...``."""
    return t("compendium.chart_alt", lang, title=chart.title, data=chart.data_text(lang))


def chart_svg(chart: ChartData, lang: str, name: str) -> str:
    """``chart`` as an inline ``<svg role="img">`` whose ``<title>`` (id ``<name>-title``)
    names it with its numbers; every id in it starts with ``<name>-``."""
    drawn = render_bar_chart(chart, t("compendium.axis", lang), fmt="svg")
    root = etree.fromstring(drawn, _parser())
    _prefix_ids(root, f"{name}-")
    _drop_style_sheets(root)
    title = etree.Element(f"{{{SVG_NS}}}title", id=f"{name}-title")
    title.text = chart_title(chart, lang)
    root.insert(0, title)
    root.set("role", "img")
    root.set("aria-labelledby", f"{name}-title")
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")
