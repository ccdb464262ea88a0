"""``import_xlsform``: an XLSForm workbook as a praxis definition, its problems and report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.locale.texts import t
from pipeline.xlsform.convert import Converter
from pipeline.xlsform.report import ImportProblem, Rows, report_markdown, summary
from pipeline.xlsform.workbook import Workbook, WorkbookUnreadable, read_workbook
from pipeline.xlsform.writer import definition_yaml


@dataclass
class ImportResult:
    """What :func:`import_xlsform` gives: the definition as plain data (ready to dump as
    YAML), every problem, the YAML text with comments, the class of every row, the names that
    were changed, the import report (Markdown) and the workbook cell of each YAML path."""

    definition: dict[str, Any]
    problems: list[ImportProblem]
    yaml_text: str
    rows: Rows
    renamed: list[tuple[str, str]] = field(default_factory=list)
    report: str = ""
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def import_xlsform(
    path: Path,
    lang: str = "en",
    plain_language: str | None = None,
    *,
    report_name: str | None = None,
) -> ImportResult:
    """The praxis definition of the XLSForm at ``path`` (``.xlsx`` or ``.xls``); messages in
    ``lang``; ``plain_language`` is the code of plain ``label`` columns when the settings
    sheet has no ``default_language`` (else English is assumed, and said); ``report_name`` is
    the import report's file name the YAML's header names (default ``<form>.import.md``)."""
    path = Path(path)
    try:
        book = read_workbook(path)
    except WorkbookUnreadable as exc:
        problem = ImportProblem("", "", "", t("xlsform.unreadable", lang, detail=exc), "error")
        return ImportResult({}, [problem], "", Rows())
    return _convert(book, lang, plain_language, report_name or path.stem + ".import.md")


def _convert(book: Workbook, lang: str, plain: str | None, report_name: str) -> ImportResult:
    c = Converter(book, lang, plain)
    definition = c.convert()
    problems = c.problems
    header = [
        t("xlsform.yaml.header", lang, source=book.path.name),
        summary(c.rows, lang),
        t("xlsform.yaml.report", lang, report=report_name),
    ]
    text = definition_yaml(definition, c.comments, header) if definition else ""
    report = report_markdown(book.path.name, problems, c.rows, c.renamed, lang)
    return ImportResult(
        definition, problems, text, c.rows, c.renamed, report, _origins(definition, c.origins)
    )


def _origins(definition: dict[str, Any], cells: dict[int, str]) -> dict[str, str]:
    """``sections[0].questions[3]`` -> ``survey!B14`` for every section, question, column."""
    found: dict[str, str] = {}
    for si, section in enumerate(definition.get("sections", [])):
        if id(section) in cells:
            found[f"sections[{si}]"] = cells[id(section)]
        for qi, q in enumerate(section.get("questions", [])):
            where = f"sections[{si}].questions[{qi}]"
            if id(q) in cells:
                found[where] = cells[id(q)]
            for ci, column in enumerate(q.get("columns", [])):
                if id(column) in cells:
                    found[f"{where}.columns[{ci}]"] = cells[id(column)]
    return found
