"""A round is written whole or not at all: built in a staging folder, then moved into place.

A new round is built in ``<parent>/.<round>.praxis-new-XXXX`` beside the target and renamed
to it at the end (one rename: the folder exists whole or not at all). Files added to an
existing round (``generate --add``) are built in ``<round>/.praxis-add-XXXX`` and moved in
file by file, ``round.json`` last; a journal (``<round>/.praxis-moving.json``) lists them
first, so that after an interruption the next writing command removes every moved file the
record does not name. Staging folders left by a killed run are removed by the next one
(callers hold the round's lock, see :mod:`pipeline.round.lock`, so no other run owns them).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from pipeline.round.folder import RECORD, RoundDir, manifest_csv, usual_mode, write_atomic
from pipeline.workers import make_durable

NEW_INFIX = ".praxis-new-"
ADD_PREFIX = ".praxis-add-"
JOURNAL = ".praxis-moving.json"


def _new_prefix(root: Path) -> str:
    return f".{root.name}{NEW_INFIX}"


def clear_leftovers(round_dir: Path) -> None:
    """Remove what an interrupted run left: staging folders, and moved files the record does
    not name (see module doc). Call it holding the round's lock."""
    root = Path(os.path.abspath(round_dir))
    if root.parent.is_dir():
        for stale in root.parent.glob(_new_prefix(root) + "*"):
            shutil.rmtree(stale, ignore_errors=True)
    if not root.is_dir():
        return
    for stale in root.glob(ADD_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    journal = root / JOURNAL
    if journal.exists():
        _undo_unrecorded(RoundDir(root), json.loads(journal.read_text("utf-8")))
        journal.unlink()


def _undo_unrecorded(rd: RoundDir, moved: list[str]) -> None:
    if not rd.exists():  # a new round whose record never arrived: none of it is a round
        for rel in moved:
            (rd.root / rel).unlink(missing_ok=True)
        return
    record = rd.load()
    named = {RECORD, rd.definition.name, rd.roster.name, rd.manifest.name, "prefill.json"}
    named.update(name for p in record.projects.values() for name in p.files.values())
    for rel in moved:
        if rel not in named:
            (rd.root / rel).unlink(missing_ok=True)
    write_atomic(rd.manifest, manifest_csv(record).encode("utf-8"))  # only what it records


class Staging:
    """The folder a run writes into; :meth:`commit` moves it into the round (module doc)."""

    def __init__(self, round_dir: Path, new_round: bool):
        self.target = Path(os.path.abspath(round_dir))
        self.new_round = new_round
        if new_round:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            where, prefix = self.target.parent, _new_prefix(self.target)
        else:
            where, prefix = self.target, ADD_PREFIX
        self.root = Path(tempfile.mkdtemp(dir=where, prefix=prefix))
        usual_mode(self.root, folder=True)  # it becomes the round folder

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        shutil.rmtree(self.root, ignore_errors=True)  # gone after commit; else discarded
        if isinstance(exc, OSError) and isinstance(exc.filename, str):
            # a message names the file in the round, not in this folder that is gone now
            staged = Path(os.path.abspath(exc.filename))
            if staged.is_relative_to(self.root):
                exc.filename = str(self.target / staged.relative_to(self.root))

    def commit(self) -> None:
        """Make the staged files durable and move them into the round, the record last."""
        files = sorted(
            (p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()),
            key=lambda rel: (rel == RECORD, rel.count("/") == 0, rel),
        )
        make_durable(self.root / rel for rel in files)
        if self.new_round and _empty_or_missing(self.target):
            if self.target.exists():
                self.target.rmdir()  # Windows renames no folder onto an existing one
            _rename(self.root, self.target)
            return
        journal = self.target / JOURNAL
        write_atomic(journal, json.dumps(files).encode("utf-8"))
        for folder in sorted(p for p in self.root.rglob("*") if p.is_dir()):
            (self.target / folder.relative_to(self.root)).mkdir(parents=True, exist_ok=True)
        for rel in files:
            os.replace(self.root / rel, self.target / rel)
        make_durable(self.target / rel for rel in files)
        journal.unlink()


def _rename(source: Path, target: Path, tries: int = 20) -> None:
    """``os.rename``, retried briefly while a virus scanner or indexer on Windows still has
    a just-written file open (PermissionError); then the error is raised."""
    for attempt in range(tries):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if attempt == tries - 1 or sys.platform != "win32":
                raise
            time.sleep(0.25)


def _empty_or_missing(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))
