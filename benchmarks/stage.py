"""One measurement in a fresh process: ``python benchmarks/stage.py STAGE --variant V ...``.

Prints one JSON line: ``{"seconds": ..., "peak_rss_mb": ..., "note": ...}``, or
``{"skipped": reason}`` when a peer's tool is missing. Only the work itself is timed; loading
the questionnaire, listing files and copying a fresh round are not. ``STAGE`` ``prepare``
prepares the work folder (see prepare.py) and prints what it did.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import prepare
from prepare import DEADLINE, LANG, Work

from pipeline.forms.prefill import prefill_values
from pipeline.round.folder import RoundDir


class Skip(Exception):
    """The peer's tool is not installed."""


class Clock:
    """Measures the seconds spent inside ``with clock:`` blocks."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> Clock:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds += time.perf_counter() - self.start


Measure = Callable[[Work, Clock], str]


def _need(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise Skip(f"{module} not installed (pip install -e '.[bench]')")


# --- generate ----------------------------------------------------------------------------


JOBS: int | None = None
"""``--jobs``: worker processes for generate and ingest (None: praxis decides, one per core)."""


def _generate(fmt: str) -> Measure:
    def measure(work: Work, clock: Clock) -> str:
        from pipeline.examples import bundled_questionnaire
        from pipeline.forms.generate import generate_round
        from pipeline.workers import worker_count

        definition, target = bundled_questionnaire(), work.scratch_dir(f"generate-{fmt}") / "r"
        with clock:
            result = generate_round(
                definition,
                work.roster,
                target,
                lang=LANG,
                deadline=DEADLINE,
                formats=(fmt,),
                mail=False,
                jobs=JOBS,
            )
        workers = worker_count(JOBS, len(result.added))
        return f"{len(result.added)} forms, generate_round(mail=False), {workers} process(es)"

    return measure


def generate_docx_peer(work: Work, clock: Clock) -> str:
    _need("docxtpl")
    from peers import docx_context, form_rows, render_docx

    q, template = prepare.questionnaire(), work.peer / "template.docx"
    out, projects = work.scratch_dir("generate-docx-peer"), prepare.projects(work)
    with clock:
        sections = form_rows(q, LANG)
        for project in projects:
            context = docx_context(q, sections, project, prefill_values(q, project), LANG)
            render_docx(template, context, out / f"{project.id}.docx")
    return "docxtpl: template rendered per project"


def generate_xlsx_peer(work: Work, clock: Clock) -> str:
    from peers import SheetWriter

    q, record = prepare.questionnaire(), RoundDir(work.round).load()
    out, projects = work.scratch_dir("generate-xlsx-peer"), prepare.projects(work)
    with clock:
        writer = SheetWriter(q, LANG)
        for project in projects:
            token = record.projects[project.id].token
            wb = writer.workbook(project, prefill_values(q, project), token)
            wb.save(out / f"{project.id}.xlsx")
    return "openpyxl: same layout, cell by cell"


def _generate_floor(fmt: str) -> Measure:
    def measure(work: Work, clock: Clock) -> str:
        first = prepare.forms(work, fmt)[0]
        with zipfile.ZipFile(first) as zf:
            parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
        out, n = work.scratch_dir(f"generate-{fmt}-floor"), len(prepare.forms(work, fmt))
        with clock:
            for i in range(n):
                with zipfile.ZipFile(out / f"{i}.{fmt}", "w", zipfile.ZIP_DEFLATED) as dst:
                    for name, data in parts:
                        dst.writestr(name, data)
        return f"zipfile deflate of the {len(parts)} parts of a praxis {fmt}, {n} times"

    return measure


# --- read ---------------------------------------------------------------------------------


def _read(fmt: str) -> Measure:
    def measure(work: Work, clock: Clock) -> str:
        from pipeline.forms.excel.reader import ExcelFormReader
        from pipeline.forms.word.reader import WordFormReader

        q, files = prepare.questionnaire(), prepare.filled(work, fmt)
        answers = identified = 0
        with clock:  # as ingest reads: one reader for the round's questionnaire, bytes per file
            reader = WordFormReader(q) if fmt == "docx" else ExcelFormReader(q)
            for path in files:
                content = reader.read(path.read_bytes())
                answers += len(content.answers)
                identified += content.identification is not None
        return f"{identified}/{len(files)} identified, {answers / max(len(files), 1):.1f} answers"

    return measure


def read_docx_peer(work: Work, clock: Clock) -> str:
    _need("docx2python")
    from docx2python import docx2python

    files, chars = prepare.filled(work, "docx"), 0
    with clock:
        for path in files:
            with docx2python(path) as extracted:
                chars += len(extracted.text)
                extracted.core_properties  # noqa: B018 (read like praxis reads its properties)
    return f"docx2python body text, {chars // max(len(files), 1)} chars a file"


def read_xlsx_peer(work: Work, clock: Clock) -> str:
    import pandas as pd

    files, cells = prepare.filled(work, "xlsx"), 0
    with clock:
        for path in files:
            frames = pd.read_excel(path, sheet_name=None, header=None)
            cells += sum(frame.size for frame in frames.values())
    return (
        f"pandas.read_excel(sheet_name=None), openpyxl engine, {cells // max(len(files), 1)} cells"
    )


FLOOR_PARTS = {
    "docx": lambda name: name in ("word/document.xml", "docProps/custom.xml"),
    "xlsx": lambda name: (
        name.startswith("xl/worksheets/sheet")
        or name in ("xl/sharedStrings.xml", "docProps/custom.xml")
    ),
}


def _read_floor(fmt: str) -> Measure:
    def measure(work: Work, clock: Clock) -> str:
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        wanted, files, parts = FLOOR_PARTS[fmt], prepare.filled(work, fmt), 0
        with clock:
            for path in files:
                with zipfile.ZipFile(path) as zf:
                    for name in zf.namelist():
                        if wanted(name):
                            etree.fromstring(zf.read(name), parser)
                            parts += 1
        return f"unzip + lxml parse of {parts / max(len(files), 1):.0f} parts a file"

    return measure


# --- ingest, aggregate, compile -------------------------------------------------------------


def _ingest_into(work: Work, target: Path, clock: Clock | None = None) -> Any:
    from pipeline.returns.ingest import ingest

    prepare.fresh_round(work, target)
    with clock or Clock():
        return ingest(target, [work.returns], LANG, jobs=JOBS)


def ensure_ingested(work: Work) -> Path:
    """The round after ingest (made untimed when the ingest stage has not run)."""
    if not (work.ingested / "praxis.sqlite").exists():
        _ingest_into(work, work.ingested)
    return work.ingested


def _outcomes(report: Any) -> str:
    counts: dict[str, int] = {}
    for result in report.results:
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
    return ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))


def ingest_praxis(work: Work, clock: Clock) -> str:
    target = work.scratch / "ingest-round"
    report = _ingest_into(work, target, clock)
    shutil.rmtree(work.ingested, ignore_errors=True)
    target.rename(work.ingested)
    return _outcomes(report)


def reingest_praxis(work: Work, clock: Clock) -> str:
    from pipeline.returns.ingest import ingest

    round_dir = ensure_ingested(work)
    with clock:
        report = ingest(round_dir, [work.returns], LANG, jobs=JOBS)
    return _outcomes(report)


def aggregate_praxis(work: Work, clock: Clock) -> str:
    from pipeline.publication.tables import aggregate_round

    round_dir = ensure_ingested(work)
    with clock:
        paths = aggregate_round(round_dir, LANG)
    return f"{len(paths)} files"


def _aggregate_other(kind: str) -> Measure:
    def measure(work: Work, clock: Clock) -> str:
        """Timed: the reading step of praxis's ``aggregate_round`` (record, questionnaire,
        current submissions from SQLite, ``build_tables``; see peers.aggregate_exports) and
        the writing: pandas ``to_excel``/``to_csv`` (peer) or XlsxWriter constant-memory and
        the csv module (floor). praxis's measurement times ``aggregate_round``: the same
        reading step and its own writing (formats, widths, print setup, formula check)."""
        from peers import aggregate_exports, write_tables_floor, write_tables_pandas

        round_dir, out = ensure_ingested(work), work.scratch_dir(f"aggregate-{kind}")
        write = write_tables_pandas if kind == "peer" else write_tables_floor
        with clock:
            exports = aggregate_exports(round_dir, LANG)
            write(exports, out)
        tool = "pandas to_excel (openpyxl) + to_csv" if kind == "peer" else "XlsxWriter + csv"
        return f"{len(exports) + 1} files, {tool}"

    return measure


def compile_praxis(work: Work, clock: Clock) -> str:
    try:
        from pipeline.publication.compendium import compile_round
    except ImportError as exc:
        raise Skip(f"pipeline.publication.compendium not available ({exc})") from exc
    round_dir = ensure_ingested(work)
    with clock:
        result = compile_round(round_dir, LANG, pdf=False)
    docx = getattr(result, "docx", result)
    return f"{Path(docx).stat().st_size // 1024} KB docx" if docx else ""


def compile_peer(work: Work, clock: Clock) -> str:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise Skip("pandoc not installed (apt-get install pandoc)")
    source, out = work.peer / "compendium.md", work.scratch_dir("compile-peer") / "out.docx"
    with clock:
        subprocess.run([pandoc, str(source), "-o", str(out)], check=True)
    return f"pandoc {source.stat().st_size // 1024} KB Markdown -> {out.stat().st_size // 1024} KB"


MEASURES: dict[tuple[str, str], Measure] = {
    ("generate-docx", "praxis"): _generate("docx"),
    ("generate-docx", "peer"): generate_docx_peer,
    ("generate-docx", "floor"): _generate_floor("docx"),
    ("generate-xlsx", "praxis"): _generate("xlsx"),
    ("generate-xlsx", "peer"): generate_xlsx_peer,
    ("generate-xlsx", "floor"): _generate_floor("xlsx"),
    ("read-docx", "praxis"): _read("docx"),
    ("read-docx", "peer"): read_docx_peer,
    ("read-docx", "floor"): _read_floor("docx"),
    ("read-xlsx", "praxis"): _read("xlsx"),
    ("read-xlsx", "peer"): read_xlsx_peer,
    ("read-xlsx", "floor"): _read_floor("xlsx"),
    ("ingest", "praxis"): ingest_praxis,
    ("reingest", "praxis"): reingest_praxis,
    ("aggregate", "praxis"): aggregate_praxis,
    ("aggregate", "peer"): _aggregate_other("peer"),
    ("aggregate", "floor"): _aggregate_other("floor"),
    ("compile", "praxis"): compile_praxis,
    ("compile", "peer"): compile_peer,
}


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children), in MB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


def run(stage: str, variant: str, work: Work) -> dict[str, Any]:
    clock = Clock()
    try:
        note = MEASURES[(stage, variant)](work, clock)
    except Skip as exc:
        return {"skipped": str(exc)}
    peak = max(peak_rss_mb(), peak_rss_mb(children=True))
    return {"seconds": clock.seconds, "peak_rss_mb": round(peak, 1), "note": note}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage")
    parser.add_argument("--variant", default="praxis", choices=("praxis", "peer", "floor"))
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args(argv)
    global JOBS
    JOBS = args.jobs
    work = Work(args.workdir)
    if args.stage == "prepare":
        info = prepare.prepare(work, args.projects, args.seed, peers=not args.no_peers)
        print(json.dumps(info))
        return 0
    if (args.stage, args.variant) not in MEASURES:
        parser.error(f"no measurement {args.stage} {args.variant}")
    print(json.dumps(run(args.stage, args.variant, work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
