"""Overview charts for the compendium: which questions, what counts, and the PNG bytes.

:func:`overview_charts` picks the questions generically from their compendium roles (the
``group`` question first, then every single or multiple choice or scale ``fact`` question, at most
:data:`MAX_CHARTS`) and counts the practices per option. :func:`render_bar_chart` draws one
horizontal bar chart on matplotlib's Agg canvas (no pyplot state); equal data give equal
bytes (fixed size and resolution, no software or date in the PNG metadata).
"""

from __future__ import annotations

import io
import textwrap
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline.definition.questionnaire import OTHER, Question, Questionnaire
from pipeline.publication.answers import option_label, option_values, picked

MAX_CHARTS = 7
CHART_TYPES = ("select_one", "select_multiple", "scale")
"""Fact questions charted: choices (a bar per option) and scales (a bar per point)."""
ALL_OPTIONS_UP_TO = 10
"""Lists with at most this many options show every option, also those no practice chose;
longer lists (the federal states) show only the options that were chosen."""
WIDTH_IN = 6.3
DPI = 150
BAR_COLOUR = "#1F4E79"
TEXT_COLOUR = "#262626"
LABEL_WRAP = 34
LABEL_LINES = 3
"""A bar's label is wrapped at :data:`LABEL_WRAP` characters and shortened (``…``) to this
many lines; the alt text keeps it whole."""
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.hashsalt": "praxis",
    "path.simplify": True,
    "axes.edgecolor": "#A6A6A6",
    "text.color": TEXT_COLOUR,
    "axes.labelcolor": TEXT_COLOUR,
    "xtick.color": TEXT_COLOUR,
    "ytick.color": TEXT_COLOUR,
}


@dataclass(frozen=True)
class ChartData:
    """One overview chart: the question it counts and (label, count) per option shown."""

    question: Question
    title: str
    bars: tuple[tuple[str, int], ...]

    def data_text(self, lang: str) -> str:
        """``Monitoring & Analyse: 2, Beratung: 1``: the numbers, for the alt text."""
        return ", ".join(f"{label}: {count}" for label, count in self.bars)


def chart_questions(q: Questionnaire) -> list[Question]:
    """The questions charted: the group question, then choice facts, at most MAX_CHARTS."""
    chosen = [x for x in q.with_role("group") if x.type in CHART_TYPES][:1]
    chosen += [x for x in q.with_role("fact") if x.type in CHART_TYPES]
    return chosen[:MAX_CHARTS]


def chart_title(question: Question, lang: str) -> str:
    """The compendium heading of the question when it has one, else its label."""
    if question.compendium and question.compendium.heading:
        return question.compendium.heading.get(lang)
    return question.label.get(lang)


def count_options(
    question: Question, answers: Sequence[Mapping[str, Any]], lang: str
) -> tuple[tuple[str, int], ...]:
    """(label, practices choosing it) per option, in the order of the choice list."""
    counts = dict.fromkeys(option_values(question), 0)
    for given in answers:
        for value in picked(question, given.get(question.id)):
            counts[value] = counts.get(value, 0) + 1
    show_all = len(counts) <= ALL_OPTIONS_UP_TO
    return tuple(
        (option_label(question, value, lang), n)
        for value, n in counts.items()
        if n or (show_all and value != OTHER)
    )


def overview_charts(
    q: Questionnaire, answers: Sequence[Mapping[str, Any]], lang: str
) -> list[ChartData]:
    """The overview charts for the given answers; questions nobody answered are left out."""
    charts = []
    for question in chart_questions(q):
        bars = count_options(question, answers, lang)
        if any(n for _, n in bars):
            charts.append(ChartData(question, chart_title(question, lang), bars))
    return charts


def _height(bars: int) -> float:
    return round(0.9 + 0.34 * max(bars, 2), 2)


SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
}
"""What each format writes into the file's metadata: nothing that changes between runs."""


def render_bar_chart(chart: ChartData, axis_label: str, fmt: str = "png") -> bytes:
    """A horizontal bar chart of ``chart`` as PNG bytes (deterministic); ``fmt="svg"``: as
    SVG (matplotlib's SVG backend; ids salted with ``svg.hashsalt``, no date)."""
    return render_bars(chart.bars, axis_label, fmt)


_ONE_AT_A_TIME = threading.Lock()
"""Held while a chart is drawn: matplotlib's settings (``rc_context``) and the warning filters
are global; two threads drawing at once (the web page's threads, two compendiums built at
once) restored each other's, leaving the chart's settings and "ignore every warning" in
force for the whole process."""


def render_bars(bars: Sequence[tuple[str, int]], axis_label: str, fmt: str = "png") -> bytes:
    """:func:`render_bar_chart` of the (label, count) pairs alone (what a worker process is
    sent)."""
    labels = [_bar_label(label) for label, _ in bars]
    counts = [n for _, n in bars]
    buffer = io.BytesIO()
    with _ONE_AT_A_TIME, matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # matplotlib's layout notes are not for the user
        fig = Figure(figsize=(WIDTH_IN, _height(len(counts))), dpi=DPI)
        FigureCanvasAgg(fig)
        _draw(fig.subplots(), labels, counts, axis_label)
        fig.tight_layout()
        fig.set_layout_engine(None)  # laid out: savefig needs no layout draw before its own
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=SAVE_METADATA[fmt])
    return buffer.getvalue()


def _bar_label(label: str) -> str:
    """``label`` wrapped, at most :data:`LABEL_LINES` lines (a longer one ends in ``…``)."""
    lines = textwrap.wrap(label, LABEL_WRAP) or [""]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_WRAP - 1].rstrip() + "…"
    return "\n".join(lines)


def _draw(ax: Any, labels: list[str], counts: list[int], axis_label: str) -> None:
    positions = list(range(len(counts)))
    ax.barh(positions, counts, color=BAR_COLOUR, height=0.62)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(max(counts, default=0), 1) * 1.12)
    ax.set_xlabel(axis_label)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#E0E0E0", linewidth=0.6)
    ax.set_axisbelow(True)
    for y, n in zip(positions, counts, strict=True):
        if n:
            ax.text(n, y, f" {n}", va="center", ha="left", fontsize=8.5, color=TEXT_COLOUR)
