"""What an import found: its problems (each with sheet, cell and column), the class of every
row, and the import report written beside the definition (``Q.import.md``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.locale.texts import t
from pipeline.problems import Problem


class RowClass(StrEnum):
    """How one ``survey`` row came over."""

    EXACT = "exact"
    APPROX = "approx"
    SKIPPED = "skipped"
    COMPUTED = "computed"
    """``calculate`` and ``hidden``: computed values, not questions (skipped too)."""
    IGNORED = "ignored"
    """Metadata praxis records itself, ``end_group``/``end_repeat``."""
    ERROR = "error"


_RANK = {
    RowClass.EXACT: 0,
    RowClass.IGNORED: 1,
    RowClass.APPROX: 1,
    RowClass.SKIPPED: 2,
    RowClass.COMPUTED: 2,
    RowClass.ERROR: 3,
}


@dataclass(frozen=True)
class ImportProblem:
    """One problem: ``error`` (nothing is written) or ``loss`` (written, with something lost
    or approximated)."""

    sheet: str
    cell: str
    column: str
    message: str
    severity: str = "loss"

    def render(self) -> str:
        """``survey!D14 (relevant): message``."""
        where = self.cell or self.sheet
        head = f"{where} ({self.column})" if self.column else where
        return f"{head}: {self.message}" if head else self.message

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def as_problem(self, file: str) -> Problem:
        """The problem as ``praxis check`` reports it (``where`` is the cell and column)."""
        where = self.cell or self.sheet
        where = f"{where} ({self.column})" if self.column else where
        return Problem("xlsform", self.message, file=file, where=where)


@dataclass
class Rows:
    """The class of every ``survey`` row (by row number), and the conditions' fate."""

    classes: dict[int, RowClass] = field(default_factory=dict)
    conditions_kept: int = 0
    conditions_lost: int = 0

    def mark(self, number: int, row_class: RowClass) -> None:
        """Record ``row_class``; a row keeps the worst class it was given."""
        now = self.classes.get(number)
        if now is None or _RANK[row_class] > _RANK[now]:
            self.classes[number] = row_class

    def count(self) -> Counter[RowClass]:
        return Counter(self.classes.values())

    @property
    def total(self) -> int:
        return len(self.classes)

    @property
    def content_rows(self) -> int:
        """Rows that are not metadata or the end of a group."""
        return self.total - self.count()[RowClass.IGNORED]

    @property
    def question_rows(self) -> int:
        """Rows that ask or show something: the content rows less computed values."""
        return self.content_rows - self.count()[RowClass.COMPUTED]

    @property
    def mapped(self) -> int:
        counts = self.count()
        return counts[RowClass.EXACT] + counts[RowClass.APPROX]

    @property
    def share_mapped(self) -> float:
        """Mapped exactly or approximately, of the question rows (0 to 1)."""
        return self.mapped / self.question_rows if self.question_rows else 1.0

    @property
    def share_of_content(self) -> float:
        """Mapped exactly or approximately, of every content row (computed values included)."""
        return self.mapped / self.content_rows if self.content_rows else 1.0

    def as_dict(self) -> dict[str, int]:
        counts = self.count()
        return {
            "rows": self.total,
            "content_rows": self.content_rows,
            "question_rows": self.question_rows,
            "exact": counts[RowClass.EXACT],
            "approx": counts[RowClass.APPROX],
            "skipped": counts[RowClass.SKIPPED],
            "computed": counts[RowClass.COMPUTED],
            "ignored": counts[RowClass.IGNORED],
            "errors": counts[RowClass.ERROR],
            "conditions_kept": self.conditions_kept,
            "conditions_lost": self.conditions_lost,
        }


def summary(rows: Rows, lang: str) -> str:
    """The one-line summary a run prints."""
    return t("xlsform.summary", lang, share=round(100 * rows.share_mapped), **rows.as_dict())


def report_markdown(
    source: str, problems: list[ImportProblem], rows: Rows, names: list[tuple[str, str]], lang: str
) -> str:
    """The import report: summary, every problem one line each, the names that changed."""
    lines = [f"# {t('xlsform.report.title', lang, source=source)}", ""]
    lines += [summary(rows, lang), "", t("xlsform.report.check", lang), ""]
    lines += [f"## {t('xlsform.report.problems', lang)}", ""]
    lines += [
        f"- `{p.cell or p.sheet}`{f' ({p.column})' if p.column else ''}: {p.message}"
        for p in problems
    ] or [t("xlsform.report.none", lang)]
    if names:
        lines += ["", f"## {t('xlsform.report.names', lang)}", ""]
        lines += [f"| {t('xlsform.report.original', lang)} | id |", "|---|---|"]
        lines += [f"| `{original}` | `{new}` |" for original, new in names]
    return "\n".join(lines) + "\n"
