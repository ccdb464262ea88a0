"""``praxis status``: who returned, with what outcome, and whom to remind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.identity import OTHER_PROJECT
from pipeline.ingest import store_path
from pipeline.round import RoundDir, RoundRecord
from pipeline.store import Store
from pipeline.texts import format_date, t


@dataclass(frozen=True)
class StatusRow:
    project: str
    name: str
    email: str
    language: str
    returned: bool
    outcome: str
    received: str
    errors: int
    warnings: int
    alerts: tuple[str, ...] = ()
    """Prominent warnings of the current return (another project's master data)."""


def round_status(round_dir: Path) -> tuple[RoundRecord, list[StatusRow]]:
    """One row per roster project, in roster order."""
    rd = RoundDir(round_dir)
    record = rd.load()
    current = {}
    if store_path(rd).exists():
        with Store(store_path(rd)) as store:
            current = {s.project: s for s in store.submissions()}
    rows = []
    for p in record.projects.values():
        s = current.get(p.id)
        errors = sum(1 for i in s.issues if i["severity"] == "error") if s else 0
        rows.append(
            StatusRow(
                project=p.id,
                name=p.name,
                email=p.email,
                language=p.language,
                returned=s is not None,
                outcome=s.outcome if s else "",
                received=s.received[:10] if s else "",
                errors=errors,
                warnings=(len(s.issues) - errors) if s else 0,
                alerts=tuple(i["message"] for i in s.issues if i["code"] == OTHER_PROJECT)
                if s
                else (),
            )
        )
    return record, rows


def reminder_text(record: RoundRecord, rows: list[StatusRow], lang: str, title: str) -> str:
    """A reminder mail text for the projects that have not returned, with their addresses."""
    missing = [r for r in rows if not r.returned]
    deadline = format_date(record.deadline_date, lang) if record.deadline_date else ""
    lines = [
        t("status.reminder_to", lang, addresses="; ".join(r.email for r in missing)),
        t("status.reminder_subject", lang, title=title),
        "",
        t("mail.greeting_plain", lang),
        "",
        t(
            "status.reminder_body",
            lang,
            title=title,
            deadline=deadline or t("mail.no_deadline", lang),
        ),
        "",
        t("mail.closing", lang),
    ]
    return "\n".join(lines) + "\n"
