"""QR codes for the links to video and audio answers: deterministic PNGs, drawn ahead by a
worker process while the document is written (with the overview charts first)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import qrcode
from PIL import Image as PILImage

from pipeline.definition.questionnaire import Questionnaire
from pipeline.locale.texts import t
from pipeline.publication.charts import ChartData, overview_charts, render_bars
from pipeline.publication.compendium.content import qr_urls
from pipeline.publication.compendium.selection import Practice
from pipeline.workers import worker_count

QR_MASK = 4
"""QR codes use this fixed mask pattern (any of the eight is valid): choosing the best of
eight by qrcode's penalty rules took most of the time of a compendium with many QR codes."""


def qr_png(data: str) -> bytes:
    """A QR code for ``data`` as PNG bytes (deterministic): level M, 8-pixel modules, a
    2-module quiet zone, black on white, drawn from the module matrix in one go."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=8,
        border=2,
        mask_pattern=QR_MASK,
    )
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    modules = PILImage.frombytes("L", (size, size), pixels).convert("1")
    image = modules.resize((size * code.box_size,) * 2, PILImage.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class QrCodes:
    """The QR codes of the chapters' links, drawn ahead by a worker process while this one
    writes the document (pure-Python QR codes are a quarter of the work of a compendium
    with 1,000 links); drawn here when there are few or no worker can be started.

    ``charts`` (with their axis label) are drawn ahead too, before the QR codes: the worker
    draws them while this process makes the content, which comes before the overview."""

    def __init__(
        self, urls: Iterable[str], charts: Sequence[ChartData] = (), axis_label: str = ""
    ) -> None:
        unique = list(dict.fromkeys(urls))
        self.axis_label = axis_label
        self.futures: dict[str, Future[bytes]] = {}
        self.chart_futures: dict[tuple[tuple[str, int], ...], Future[bytes]] = {}
        self.pool: ProcessPoolExecutor | None = None
        if worker_count(None, len(unique)) > 1:
            try:
                self.pool = ProcessPoolExecutor(1)
                for chart in charts:
                    future = self.pool.submit(render_bars, chart.bars, axis_label)
                    self.chart_futures[chart.bars] = future
                self.futures = {url: self.pool.submit(qr_png, url) for url in unique}
            except OSError:
                self.close()

    def png(self, url: str) -> bytes:
        return _result(self.futures.get(url)) or qr_png(url)

    def chart_png(self, chart: ChartData) -> bytes:
        """The PNG of ``chart`` (see :func:`~pipeline.publication.charts.render_bar_chart`)
        with the axis label given."""
        drawn = _result(self.chart_futures.get(chart.bars))
        return drawn or render_bars(chart.bars, self.axis_label)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        self.pool, self.futures, self.chart_futures = None, {}, {}


def drawing_ahead(q: Questionnaire, practices: Sequence[Practice], lang: str) -> QrCodes:
    """The overview charts and the QR codes of ``practices``, drawn ahead by a worker process
    (see :class:`QrCodes`) while the compendium is written."""
    charts = overview_charts(q, [p.answers for p in practices], lang) if practices else []
    return QrCodes(qr_urls(q, practices), charts, t("compendium.axis", lang))


def _result(future: Future[bytes] | None) -> bytes | None:
    """What the worker drew (None when it was not asked, or has gone): a drawing that failed
    raises its error here, as drawing it here would."""
    if future is None:
        return None
    try:
        return future.result()
    except (BrokenProcessPool, OSError):
        return None
