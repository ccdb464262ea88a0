"""The tables' CSV files written by a second process while this one renders the workbook.

Rendering ``answers.xlsx`` and writing the CSV files of 1,000 submissions are each a second
or two of Python; on a machine with two cores a forked child writes the CSV files meanwhile
(it inherits the tables, nothing is copied). It writes each file to a temporary name beside
its place, made durable; this process moves them into place only once the workbook is
written, so a workbook that fails leaves the CSV files as they were, as before. A child that
fails (a full disk) ends with exit code 1 and no output, and this process then writes the CSV
files itself, so that the problem is named as it would be without the child.

Only where processes are forked (Linux) and the tables are large: elsewhere, and for a small
round, :func:`start` returns None and the caller writes the files itself.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from pipeline.workers import cpu_count

PARALLEL_CELLS = 100_000
"""Tables with fewer cells than this are written in one process (a fork costs ~10 ms)."""

Write = Callable[[BinaryIO], object]


class CsvProcess:
    """A child writing ``(path, write)`` pairs to temporary names; see the module doc."""

    def __init__(self, files: Sequence[tuple[Path, Write]]) -> None:
        token = secrets.token_hex(6)
        self.files = [(path, path.with_name(f".{path.name}.{token}.tmp"), w) for path, w in files]
        context = multiprocessing.get_context("fork")
        self.process = context.Process(target=_write_all, args=(self.files,), daemon=True)
        self.process.start()

    def finish(self) -> bool:
        """Wait for the child; move its files into place (True), or remove them (False)."""
        self.process.join()
        if self.process.exitcode != 0:
            self.discard()
            return False
        for path, temp, _ in self.files:
            os.replace(temp, path)
        return True

    def discard(self) -> None:
        """End the child (when this process failed meanwhile) and remove what it wrote."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        for _, temp, _ in self.files:
            temp.unlink(missing_ok=True)


def start(files: Sequence[tuple[Path, Write]], cells: int) -> CsvProcess | None:
    """A child writing ``files``, or None where one process does better (see module doc)."""
    if cells < PARALLEL_CELLS or cpu_count() < 2 or sys.platform != "linux":
        return None
    try:
        return CsvProcess(files)
    except (OSError, ValueError):
        return None  # no process could be started: the caller writes the files


def _write_all(files: Sequence[tuple[Path, Path, Write]]) -> None:
    """In the child: every file to its temporary name, durable; exit code 1 on any failure
    (the parent names it by writing the file itself)."""
    try:
        for _, temp, write in files:
            with temp.open("w+b") as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        sys.exit(1)


__all__ = ["PARALLEL_CELLS", "CsvProcess", "start"]
