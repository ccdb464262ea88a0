"""Issue 10, point 17, variants: an overview chart whose option labels are thousands of
characters long is still a chart of the usual size with readable, shortened labels, and
matplotlib's layout warnings never reach the console."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from pipeline.definition.loading import parse_definition
from pipeline.publication import charts
from pipeline.publication.charts import ChartData, render_bar_chart

DEFINITION = """
id: lang
version: "1"
languages: [de]
title: {de: Lang}
network: {de: Netz}
return_to: {de: a@example.org}
sections:
  - id: s
    title: {de: S}
    questions:
      - id: pick
        type: select_one
        choices:
          - {value: a, label: {de: A}}
          - {value: b, label: {de: B}}
        label: {de: Wahl}
"""


def test_a_5000_character_label_is_shortened_and_warns_nothing():
    q = parse_definition(DEFINITION, "lang.yaml")
    question = next(iter(q.answerable()))
    long_label = "Sehr langer Name einer Option " * 170
    chart = ChartData(question, "Wahl", ((long_label, 3), ("kurz", 1)))
    short = ChartData(question, "Wahl", (("kurz", 3), ("kurz", 1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_bar_chart(chart, "Anzahl")
    assert (
        Image.open(io.BytesIO(png)).size
        == Image.open(io.BytesIO(render_bar_chart(short, "Anzahl"))).size
    )


def test_a_long_label_is_cut_to_three_lines():
    long_label = "Sehr langer Name einer Option " * 170
    assert charts._bar_label(long_label) == (
        "Sehr langer Name einer Option Sehr\nlanger Name einer Option Sehr\n"
        "langer Name einer Option Sehr…"
    )
    assert charts._bar_label("Ä" * 5000).count("\n") == 2
    assert charts._bar_label("Monitoring & Analyse") == "Monitoring & Analyse"


def test_a_failed_pdf_leaves_no_earlier_pdf_beside_the_new_compendium(tmp_path, monkeypatch):
    """An unredacted PDF of an earlier run must not stay beside a redacted Word file when
    LibreOffice fails on the new one (here: a LibreOffice that cannot load the file)."""
    from test_compendium import make_round

    from pipeline.cli import main

    rd = make_round(tmp_path / "r")
    folder = rd / "compendium"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "compendium-de.pdf").write_bytes(b"%PDF-1.7 an earlier, unredacted compendium")
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    soffice.chmod(0o755)
    monkeypatch.setenv("PRAXIS_SOFFICE", str(soffice))
    assert main(["--lang", "de", "-q", "compile", "--round", str(rd), "--redact", "--pdf"]) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["compendium-de.docx"]
