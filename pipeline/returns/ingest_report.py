"""What an ingest run tells its caller: per file its outcome and problems, the totals, which
returns wait for review, and the exit status of ``praxis ingest``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.locale.texts import t
from pipeline.problems import Problem
from pipeline.returns.current import Waiting
from pipeline.returns.identity import OTHER_PROJECT
from pipeline.returns.store import FileRecord, Store
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

__all__ = ["FileResult", "IngestReport", "IngestTotals", "already_read", "hint_summary"]

EARLIER = {REJECTED: "rejected", INCOMPLETE: "incomplete", ACCEPTED_WITH_WARNINGS: "warnings"}
"""The first reading's outcomes a file read again says (the key ``outcome.duplicate_<x>``)."""

HINTS_SHOWN = 2
"""How many hints a line names before "and N more"."""


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
    earlier: str = ""
    """For a file read before (outcome ``duplicate``): the outcome of that first reading."""
    mail_sha256: str = ""
    """For an attachment of a saved e-mail: the SHA-256 of that mail ("" for a file handed
    in on its own, and for a mail itself)."""

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def hints(self) -> list[str]:
        """The warnings of a return accepted with warnings (the hints people are told)."""
        if ACCEPTED_WITH_WARNINGS not in (self.outcome, self.earlier):
            return []
        return [p.message for p in self.problems if not p.is_error]

    @property
    def outcome_key(self) -> str:
        """The text key of the outcome shown: a file read before says how it went then
        (``outcome.duplicate_rejected``, ``_incomplete``, ``_warnings``)."""
        if self.outcome == DUPLICATE and self.earlier in EARLIER:
            return f"outcome.duplicate_{EARLIER[self.earlier]}"
        return f"outcome.{self.outcome}"

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


def already_read(store: Store, path: Path, known: FileRecord) -> FileResult:
    """The result for a file read before (``known``): outcome ``duplicate``, with how it went
    then: a rejected file's reason, an incomplete return, a return's warnings."""
    result = FileResult(path, known.sha256, DUPLICATE, known.project, earlier=known.outcome)
    if known.outcome == REJECTED:
        result.reason = known.reason or ""
    elif known.outcome == ACCEPTED_WITH_WARNINGS:
        row = store.db.execute(
            "SELECT issues FROM submissions WHERE file_sha256 = ?", (known.sha256,)
        ).fetchone()
        issues = json.loads(row["issues"]) if row is not None else []
        result.problems = [Problem.from_dict(i) for i in issues if i.get("severity") != "error"]
    return result


def hint_summary(hints: list[str], lang: str) -> str:
    """The first hints, and how many more ("...; und 3 weitere")."""
    shown = "; ".join(hints[:HINTS_SHOWN])
    more = len(hints) - HINTS_SHOWN
    return f"{shown}; {t('status.more_hints', lang, count=more)}" if more > 0 else shown
