"""The workbook a coordinator starts a new questionnaire from (``praxis new-questionnaire``):
the bundled questionnaire as an XLSForm, German and English columns, and a sheet of
instructions in the coordinator's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.definition.loading import load_questionnaire
from pipeline.errors import UsageError
from pipeline.examples import bundled_questionnaire
from pipeline.locale.texts import t
from pipeline.xlsform.export import LINE_HEIGHT, workbook, wrapped_lines
from pipeline.xlsform.export_rows import sheets

WIDTH = 80
"""The width of the instructions' one column, in characters."""
INSTRUCTION_KEYS = (
    "xlsform_export.template.step1",
    "xlsform_export.template.step2",
    "xlsform_export.template.step3",
    "xlsform_export.template.step4",
    "xlsform_export.template.step5",
    "xlsform_export.template.step6",
    "xlsform_export.template.step7",
    "xlsform_export.template.step8",
)
"""The paragraphs of the instructions sheet, in order (after its title)."""


def template_workbook(lang: str) -> bytes:
    """The template's .xlsx bytes: the bundled questionnaire without what only an online
    form needs (the hidden fields, the introductions repeated as notes), and the
    instructions (in ``lang``), which open first."""
    q = load_questionnaire(bundled_questionnaire(), lang)

    def instructions(book: Any, bold: Any) -> None:
        sheet = book.add_worksheet(t("xlsform_export.template.sheet", lang))
        wrapped = book.add_format({"text_wrap": True, "valign": "top"})
        title = book.add_format({"bold": True, "font_size": 14})
        sheet.set_column(0, 0, WIDTH)
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.write_string(0, 0, t("xlsform_export.template.title", lang), title)
        for row, key in enumerate(INSTRUCTION_KEYS, start=2):
            text = t(key, lang)
            sheet.write_string(row, 0, text, wrapped)
            sheet.set_row(row, LINE_HEIGHT * wrapped_lines(text, WIDTH) + 4)
        sheet.activate()

    return workbook(sheets(q, online=False), q.languages, instructions)


def write_template(path: Path, lang: str) -> Path:
    """Write the template to ``path``; never over an existing file."""
    if path.exists():
        raise UsageError(t("xlsform_export.exists", lang, path=path))
    if path.suffix.lower() != ".xlsx":
        raise UsageError(t("xlsform_export.not_xlsx", lang, path=path))
    data = template_workbook(lang)
    with path.open("xb") as handle:  # "x": a file that appeared meanwhile is not replaced
        handle.write(data)
    return path
