"""``praxis demo``: a whole round on the bundled example, from forms to compendium.

Generates the forms for the example roster, fills them with the shipped example answers the
way projects would (Word and Excel, one incomplete return, two projects that do not answer),
ingests them, goes once through the review loop (a correction, a chapter proof and an
approval for p01), aggregates and compiles the compendium with the example publication
settings (``publication/publication.yaml``, placeholder logos) as Word, web edition and, where
LibreOffice is installed, PDF. Needs no LibreOffice otherwise.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from pipeline.definition.loading import load_questionnaire
from pipeline.errors import RoundError
from pipeline.examples import DEMO_ANSWERS, bundled_questionnaire, example_roster
from pipeline.forms.generate import generate_round
from pipeline.locale.texts import t
from pipeline.returns.ingest import IngestReport, ingest
from pipeline.round.folder import RoundDir

MARKER = ".praxis-demo"
SETTINGS_DIR = "publication"
"""Where the demo writes its example publication settings (``publication.yaml``, logos)."""
WEB_DIR = "web"
"""The web edition's folder inside ``compendium/``."""
Step = Callable[[str], None]


@dataclass
class DemoResult:
    round: RoundDir
    ingest: IngestReport
    tables: list[Path] = field(default_factory=list)
    compendium: Path | None = None
    pdf: Path | None = None
    """The compendium as PDF (only where LibreOffice is installed)."""
    web: Path | None = None
    """The web edition's start page."""
    settings: Path | None = None
    """The example publication settings the compendium was compiled with."""


def demo_answers() -> dict[str, dict[str, Any]]:
    """Project id -> ``{"format": "docx"|"xlsx", "answers": {...}}`` from the shipped data."""
    data = YAML(typ="safe").load(DEMO_ANSWERS.read_text("utf-8"))
    return {str(k): v for k, v in data.items()}


def _prepare(out: Path, lang: str) -> None:
    """An earlier demo in ``out`` is replaced; any other non-empty folder is left alone."""
    if (out / MARKER).exists():
        shutil.rmtree(out)
    elif out.exists() and any(out.iterdir()):
        raise RoundError(t("demo.not_empty", lang, path=out))
    out.mkdir(parents=True, exist_ok=True)


def _fill_returns(rd: RoundDir, lang: str) -> int:
    from pipeline.forms.excel.filler import fill_xlsx
    from pipeline.forms.word.filler import fill_docx

    q = load_questionnaire(rd.definition, lang)
    record = rd.load()
    fillers = {"docx": fill_docx, "xlsx": fill_xlsx}
    returns = demo_answers()
    for pid, entry in returns.items():
        fmt = entry["format"]
        form = rd.root / record.projects[pid].files[fmt]
        fillers[fmt](form, entry["answers"], rd.inbox / form.name, q)
    return len(returns)


def _review(out: Path, lang: str) -> None:
    """The coordinator's loop on p01: its staff figure corrected after a phone call, its
    chapter proof and approval mail written, its approval recorded."""
    from pipeline.review.correct import correct
    from pipeline.review.proofs import write_proofs
    from pipeline.review.state_command import record

    value = "3,5" if lang == "de" else "3.5"
    correct(out, "p01", "8.3", value, t("demo.correction_reason", lang), lang)
    write_proofs(out, ["p01"], lang=lang)
    record(out, "p01", "approved", t("demo.approval_comment", lang), None, lang)


def run_demo(
    out: Path, lang: str = "de", step: Step | None = None, pdf: bool | None = None
) -> DemoResult:
    """Run the whole round into ``out`` (see module doc) and say where everything is;
    ``pdf``: whether the compendium is also written as PDF (None: where LibreOffice is
    installed)."""
    say = step or (lambda message: None)
    _prepare(out, lang)
    deadline = dt.date.today() + dt.timedelta(days=28)
    say(t("demo.generate", lang))
    generate_round(bundled_questionnaire(), example_roster(), out, lang=lang, deadline=deadline)
    (out / MARKER).write_text("praxis demo\n", encoding="utf-8")
    rd = RoundDir(out)
    say(t("demo.fill", lang, count=_fill_returns(rd, lang)))
    report = ingest(out, lang=lang)
    say(
        t(
            "demo.ingested",
            lang,
            accepted=report.count("accepted", "accepted_with_warnings"),
            incomplete=report.count("incomplete"),
            rejected=report.count("rejected"),
        )
    )
    say(t("demo.review", lang))
    _review(out, lang)
    say(t("demo.aggregate", lang))
    from pipeline.publication.tables import aggregate_round

    tables = aggregate_round(out, lang)
    result = DemoResult(rd, report, tables)
    say(t("demo.compile", lang))
    from pipeline.office import find_soffice
    from pipeline.publication.compendium import compile_round
    from pipeline.publication.example_settings import write_example_settings

    result.settings = write_example_settings(out / SETTINGS_DIR)
    pdf = find_soffice() is not None if pdf is None else pdf
    web = rd.compendium / WEB_DIR
    compiled = compile_round(out, lang, config=result.settings, pdf=pdf, html=web)
    result.compendium, result.pdf, result.web = compiled.docx, compiled.pdf, compiled.html
    return result
