"""The one writer of ``praxis serve``: everything that changes the round runs on one thread,
in the order it was asked for.

The round's lock (:mod:`pipeline.round.lock`) keeps two *processes* apart; inside this one
process the writer keeps two requests apart, so two clicks never write at once. Short work
(a state, a comment, a correction) is :meth:`Writer.call`: the request waits for it. Long
work (ingest, tables, the compendium, letters) is :meth:`Writer.submit`: it returns a
:class:`Job` at once, the page shows its progress (``/jobs/<id>``, polled by ``app.js``) and
stays usable meanwhile.
"""

from __future__ import annotations

import datetime as dt
import threading
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pipeline.errors import DefinitionError, PraxisError, environment_failure
from pipeline.locale.texts import t

T = TypeVar("T")

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass
class Job:
    """Long work and how far it got. ``done`` of ``total`` steps (``total`` None while not
    known), ``step`` the name of the last one (a file's name); ``result`` what the work
    returned, ``message`` why it failed (a PraxisError's message, for the page)."""

    id: str
    kind: str
    state: str = QUEUED
    done: int = 0
    total: int | None = None
    step: str = ""
    result: Any = None
    error: BaseException | None = None
    started: str = ""
    finished: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self, total: int) -> None:
        """Tell the number of steps (as ingest's ``start``)."""
        with self._lock:
            self.total = total

    def advance(self, step: str = "") -> None:
        """One step done (as ingest's ``progress``)."""
        with self._lock:
            self.done += 1
            self.step = str(step)

    @property
    def running(self) -> bool:
        return self.state in (QUEUED, RUNNING)

    def as_json(self) -> dict[str, Any]:
        with self._lock:
            return {
                "id": self.id,
                "kind": self.kind,
                "state": self.state,
                "done": self.done,
                "total": self.total,
                "step": self.step,
            }

    def message(self, lang: str) -> str:
        """Why it failed, for people ("" when it did not)."""
        return failure_text(self.error, lang) if self.error is not None else ""


class Writer:
    """The writer thread and the jobs it ran (kept while the server runs)."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="praxis-writer")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def call(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the writer thread and wait for it; its exception is raised here."""
        return self._pool.submit(work).result()

    def submit(self, kind: str, work: Callable[[Job], Any]) -> Job:
        """Queue ``work`` (called with its Job, to tell its progress); the Job at once."""
        job = Job(id=uuid.uuid4().hex, kind=kind)
        with self._lock:
            self._jobs[job.id] = job
        self._pool.submit(self._run, job, work)
        return job

    def job(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self, kind: str | None = None) -> list[Job]:
        """The jobs of ``kind`` (every one without), newest first."""
        with self._lock:
            found = [j for j in self._jobs.values() if kind is None or j.kind == kind]
        return found[::-1]

    def _run(self, job: Job, work: Callable[[Job], Any]) -> None:
        job.state = RUNNING
        job.started = _now()
        try:
            job.result = work(job)
            job.state = DONE
        except Exception as e:  # the page says why (failure_text); nothing is lost
            if not isinstance(e, PraxisError) and environment_failure(e) is None:
                traceback.print_exc()  # a bug: the terminal has the traceback
            job.error = e
            job.state = FAILED
        finally:
            job.finished = _now()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def failure_text(exc: BaseException, lang: str) -> str:
    """What went wrong, said as the command line says it: a full disk or a locked file as
    such, praxis's own errors by their message, a definition's problems line by line, anything
    else as an unexpected error (never a traceback on the page)."""
    failure = environment_failure(exc)
    if failure is not None:
        return failure.message(lang)
    if isinstance(exc, DefinitionError):
        return "\n".join(p.render() for p in exc.problems) or str(exc)
    if isinstance(exc, PraxisError):
        return str(exc)
    return t("cli.unexpected", lang, kind=type(exc).__name__, message=exc)
