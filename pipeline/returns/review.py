"""``praxis review``: the coordinator's decision on a return that waits for review.

Which return is current is settled by :mod:`pipeline.returns.current`; this module finds the
return a command names, records the decision as an event and rewrites the project's report.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError
from pipeline.locale.texts import t
from pipeline.returns.current import ACCEPTED, KEPT, settle
from pipeline.returns.ingest import Ingest
from pipeline.returns.received import now
from pipeline.returns.store import Store, Submission
from pipeline.returns.submission import NEEDS_REVIEW
from pipeline.round.lock import writes_round


@dataclass(frozen=True)
class Decision:
    """What ``praxis review`` did: the decided return, its project, the current one after."""

    project: str
    file: str
    accepted: bool
    current: str
    report: Path


@writes_round("round_dir")
def review(round_dir: Path, file: str, accept: bool, lang: str | None = None) -> Decision:
    """Decide on a return that waits for review: ``accept`` makes it current (unless a later
    saved return supersedes it), else it stays in the history as decided. ``file``: the file
    name as ingested, its archive path, its SHA-256 (or a unique start of it, 8 characters or
    more), or the path of a copy of the file. Recorded as an event with the time."""
    run = Ingest(round_dir, lang)
    if not run.rd.store.exists():
        raise UsageError(t("returns.review_nothing", run.lang))
    with Store(run.rd.store) as store:
        with store.transaction() as db:
            chosen = _find(store, file, run.lang)
            before = _current(store, db, chosen.project)
            decision = ACCEPTED if accept else KEPT
            subs = [
                replace(s, review=decision) if s.id == chosen.id else s
                for s in store.project_submissions(chosen.project, db)
            ]
            settled = settle(run.q, subs)
            store.set_states(
                db, chosen.project, settled.current, {**settled.reviews, chosen.id: decision}
            )
            after = _current(store, db, chosen.project)
            kind = "review_accepted" if accept else "review_kept"
            detail = f"{chosen.file_name} -> current: {after.file_name if after else '-'}"
            store.log(db, now(), kind, chosen.project, chosen.file_sha256, detail)
        changed = after is not None and (before is None or after.id != before.id)
        report, _ = run.refresh(store, chosen.project, changed=changed)
    return Decision(
        chosen.project, chosen.file_name, accept, after.file_name if after else "", report
    )


def _current(store: Store, db: Any, project: str) -> Submission | None:
    return store.current_submission(project, db)


def _find(store: Store, file: str, lang: str) -> Submission:
    """The stored return ``file`` names (see :func:`review`); UsageError naming the returns
    that wait when it names none, several, or one that does not wait."""
    subs = store.submissions(current_only=False)
    late = [s for s in subs if s.review == NEEDS_REVIEW]
    listed = "; ".join(f"{s.project}: {s.file_name} ({s.file_sha256[:12]})" for s in late)
    listed = listed or t("returns.review_none_waiting", lang)
    found = _matching(subs, file, store)
    waiting_found = [s for s in found if s.review == NEEDS_REVIEW]
    if len(waiting_found) == 1:
        return waiting_found[0]
    if len(waiting_found) > 1:
        several = "; ".join(f"{s.file_sha256} ({s.project})" for s in waiting_found)
        raise UsageError(t("returns.review_ambiguous", lang, file=file, candidates=several))
    if found:
        raise UsageError(t("returns.review_not_waiting", lang, file=file, waiting=listed))
    raise UsageError(t("returns.review_unknown", lang, file=file, waiting=listed))


def _matching(subs: list[Submission], file: str, store: Store) -> list[Submission]:
    text = file.strip()
    stem = Path(text).name.split(".")[0].lower()
    if re.fullmatch(r"[0-9a-f]{64}", stem):
        return [s for s in subs if s.file_sha256 == stem]
    if re.fullmatch(r"[0-9a-f]{8,63}", text.lower()):
        by_hash = [s for s in subs if s.file_sha256.startswith(text.lower())]
        if by_hash:
            return by_hash
    if Path(text).is_file():  # a copy of the return, e.g. in the inbox
        digest = hashlib.sha256(Path(text).read_bytes()).hexdigest()
        by_bytes = [s for s in subs if s.file_sha256 == digest]
        if by_bytes:
            return by_bytes
    return [s for s in subs if s.file_name == Path(text).name]
