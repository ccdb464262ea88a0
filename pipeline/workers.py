"""Independent work spread over the machine's cores, and files made durable in one go.

``praxis generate`` (a form pair, mail and letter per project) and ``praxis ingest`` (read and
check per returned file) do the same work for many independent items. :func:`worker_count`
says how many worker processes that pays for: starting a worker costs about as much as a few
dozen items, so small rounds stay in one process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

MIN_ITEMS = 24
"""Fewer items than this are done in the calling process (a worker costs ~0.1-1 s to start)."""
CHUNKS_PER_WORKER = 4
"""Items are sent in this many chunks per worker: few messages, and the workers end together."""

T = TypeVar("T")


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # Windows, macOS
        return os.cpu_count() or 1


def worker_count(jobs: int | None, items: int, minimum: int = MIN_ITEMS) -> int:
    """How many processes to use for ``items`` independent items; 1 means "do it here".

    ``jobs`` is what the user asked for (``--jobs``); None means one per core, but only
    for at least ``minimum`` items.
    """
    if items <= 1:
        return 1
    if jobs is not None:
        return max(1, min(jobs, items))
    if items < minimum:
        return 1
    return max(1, min(cpu_count(), items))


def chunks(items: Sequence[T], workers: int) -> list[list[T]]:
    """``items`` in order, cut into about :data:`CHUNKS_PER_WORKER` chunks per worker."""
    count = max(1, min(len(items), workers * CHUNKS_PER_WORKER))
    size = -(-len(items) // count)
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def make_durable(paths: Iterable[Path]) -> None:
    """Flush files written without ``fsync`` to the disk, before a record points at them.

    One ``os.sync()`` where the system has it (a fraction of one fsync per file), else an
    fsync per file.
    """
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with path.open("rb+") as handle:
            os.fsync(handle.fileno())
