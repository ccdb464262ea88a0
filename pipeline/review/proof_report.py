"""The report's section on a project's chapter proofs (``reports/<project>.md``): when each
proof was written and by which date approval was asked for, from the store's ``proof_sent``
events (see :mod:`pipeline.review.proofs`)."""

from __future__ import annotations

from pipeline.definition.questionnaire import Questionnaire
from pipeline.locale.display import markdown
from pipeline.locale.formatting import long_date, table_date
from pipeline.locale.texts import t
from pipeline.returns.store import Store

PROOF_SENT = "proof_sent"
"""The event of a proof written (detail: ``<files>; deadline <YYYY-MM-DD>``)."""
DEADLINE_MARK = "; deadline "


def proof_detail(files: str, deadline: str) -> str:
    """The detail of a ``proof_sent`` event: the files written and the date asked for."""
    return f"{files}{DEADLINE_MARK}{deadline}"


def proof_section(store: Store, q: Questionnaire, project: str, lang: str) -> str:
    """The Markdown of the project's proofs, oldest first ("" when none was written)."""
    rows = store.db.execute(
        "SELECT time, detail FROM events WHERE kind = ? AND project = ? ORDER BY id",
        (PROOF_SENT, project),
    ).fetchall()
    if not rows:
        return ""
    lines = ["", f"## {t('proofs.report_title', lang)}", ""]
    for time, detail in rows:
        files, _, deadline = str(detail).rpartition(DEADLINE_MARK)
        line = t(
            "proofs.report_line",
            lang,
            date=table_date(time, lang),
            files=files,
            deadline=long_date(deadline, lang),
        )
        lines.append(f"- {markdown(line)}")
    return "\n".join(lines) + "\n"
