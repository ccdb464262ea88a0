"""What an ingest run tells its caller: per file its outcome and problems, the totals, which
returns wait for review, and the exit status of ``praxis ingest``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.problems import Problem
from pipeline.returns.current import Waiting
from pipeline.returns.identity import OTHER_PROJECT
from pipeline.returns.submission import (
    ACCEPTED,
    ACCEPTED_WITH_WARNINGS,
    BLANK,
    DUPLICATE,
    INCOMPLETE,
    NEEDS_REVIEW,
    OLDER,
    REJECTED,
    Outcome,
)
from pipeline.round.folder import RoundDir

__all__ = ["FileResult", "IngestReport", "IngestTotals"]


@dataclass
class FileResult:
    """What happened to one file."""

    path: Path
    sha256: str
    outcome: Outcome
    project: str | None = None
    problems: list[Problem] = field(default_factory=list)
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    """For people, about the files written for the project (a letter that could not be
    written and is pending, a follow-up letter settled by this return)."""
    mbox: bool = False
    """An mbox file (outcome ``mail``): each of its mails has a result of its own."""

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def alerts(self) -> list[str]:
        """Warnings to show prominently: master data of another project (issue 10.8)."""
        return [p.message for p in self.problems if p.code == OTHER_PROJECT]


@dataclass(frozen=True)
class IngestTotals:
    """How many files of a run had each outcome (accepted counts both kinds of accepted)."""

    files: int
    accepted: int
    incomplete: int
    rejected: int
    duplicate: int
    needs_review: int
    older: int
    blank: int
    media: int = 0
    """Creative answers attached to their projects (not counted as accepted forms)."""


@dataclass
class IngestReport:
    round: RoundDir
    results: list[FileResult] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    """After the run: every return of the round that waits for review."""
    notes: list[str] = field(default_factory=list)
    """About reports and letters left pending by an earlier ingest and written now (or not)."""
    sources: list[Path] = field(default_factory=list)
    """Where the files were looked for (the files and folders given, else the inbox)."""
    found: int = 0
    """How many files were found there (0: nothing was read, the report only has notes)."""

    def count(self, *outcomes: str) -> int:
        return sum(1 for r in self.results if r.outcome in outcomes)

    @property
    def all_accepted(self) -> bool:
        """Every file accepted (or unchanged, older, a creative answer); a saved e-mail
        counts when it brought something to a project (else its ``reason`` says what to do)."""
        fine = (DUPLICATE, OLDER, Outcome.MEDIA)
        return all(
            r.outcome.accepted or r.outcome in fine or (r.outcome == Outcome.MAIL and not r.reason)
            for r in self.results
        )

    @property
    def mails(self) -> tuple[int, int]:
        """How many saved e-mails the run read (a mail of an mbox each, the mbox not), and
        how many of them brought no form to any project."""
        mails = [r for r in self.results if r.outcome == Outcome.MAIL and not r.mbox]
        return len(mails), sum(1 for r in mails if r.reason)

    @property
    def totals(self) -> IngestTotals:
        return IngestTotals(
            files=len(self.results),
            accepted=self.count(ACCEPTED, ACCEPTED_WITH_WARNINGS),
            incomplete=self.count(INCOMPLETE),
            rejected=self.count(REJECTED),
            duplicate=self.count(DUPLICATE),
            needs_review=self.count(NEEDS_REVIEW),
            older=self.count(OLDER),
            blank=self.count(BLANK),
            media=self.count(Outcome.MEDIA),
        )

    @property
    def exit_code(self) -> int:
        """0 when every file found was accepted (or nothing was found), 1 when any was
        incomplete, rejected or waits for review."""
        if not self.found:
            return 0
        return 0 if self.all_accepted and not self.waiting else 1
