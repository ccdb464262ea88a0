"""One writing praxis per round: a lock file beside the round folder.

Commands that write to a round (``generate``, ``generate --add``, ``ingest``, ``aggregate``,
``compile``) hold ``.<round>.praxis-lock`` in the round's parent folder while they work; it
lies beside the round, not in it, because ``generate`` builds a new round elsewhere and moves
it into place at the end. The lock is the operating system's (``filelock``: ``fcntl`` on
Linux and macOS, ``msvcrt`` on Windows), so a process that is killed or crashes releases it;
the next command takes it over, and first clears what the killed run left (see
:func:`pipeline.round.staging.clear_leftovers`). ``.<round>.praxis-lock.info`` says who holds it
and since when, for the message to the one who has to wait.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from pipeline.errors import RoundError
from pipeline.locale.texts import t
from pipeline.round.staging import clear_leftovers

LOCK_SUFFIX = ".praxis-lock"
F = TypeVar("F", bound=Callable[..., Any])

_held: dict[str, int] = {}
"""Locks this process holds (path -> depth): a locked command may call another one."""


def lock_path(round_dir: Path) -> Path:
    """``<parent>/.<round>.praxis-lock`` of the round folder ``round_dir``; for a round in a
    folder this user may not write to, ``<round>/.praxis-lock`` (the same for every run).
    Symbolic links are followed: a round reached by two paths has one lock."""
    root = Path(os.path.realpath(round_dir))
    if (root / "round.json").exists() and not os.access(root.parent, os.W_OK):
        return root / LOCK_SUFFIX
    return root.parent / f".{root.name}{LOCK_SUFFIX}"


def _info_path(lock: Path) -> Path:
    return lock.with_name(lock.name + ".info")


@contextmanager
def round_lock(round_dir: Path, lang: str = "en", *, create: bool = False) -> Iterator[None]:
    """Hold the round's lock; RoundError at once when another praxis holds it.

    Without ``create`` a folder that is no round is not locked (the command will say so).
    """
    path = lock_path(round_dir)
    key = os.path.normcase(str(path))
    if not create and not (Path(round_dir) / "round.json").exists():
        yield
        return
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    lock = _take(Path(round_dir), path, lang)
    _held[key] = 1
    try:
        _write_info(path)
        clear_leftovers(Path(round_dir))  # what a killed run left; no other run owns it now
        yield
    finally:
        del _held[key]
        with suppress(OSError):  # a folder made read-only meanwhile
            _info_path(path).unlink(missing_ok=True)
        lock.release()


def _take(round_dir: Path, place: Path, lang: str) -> FileLock:
    lock = FileLock(place, timeout=0)
    place.parent.mkdir(parents=True, exist_ok=True)
    try:
        lock.acquire()
    except Timeout:
        raise RoundError(_busy(round_dir, place, lang)) from None
    return lock


def _write_info(path: Path) -> None:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    info = {"pid": os.getpid(), "since": now}
    try:  # only for the message to the one who waits: a full disk is said by the command
        _info_path(path).write_text(json.dumps(info), "utf-8")
    except OSError:
        _info_path(path).unlink(missing_ok=True)


def _busy(round_dir: Path, path: Path, lang: str) -> str:
    try:
        info = json.loads(_info_path(path).read_text("utf-8"))
    except (OSError, ValueError):
        info = {}
    since, pid = info.get("since", "?"), info.get("pid", "?")
    return t("lock.busy", lang, round=round_dir, since=since, pid=pid, lock=path)


def writes_round(parameter: str, *, create: bool = False) -> Callable[[F], F]:
    """Decorate a function that writes to a round: it runs under :func:`round_lock`.

    ``parameter`` names the argument that gives the round folder (a path, or an object with
    ``rd.root``); the message language is the ``lang`` argument or attribute, if any.
    ``create``: the function may make the round (see :func:`round_lock`).
    """

    def decorate(func: F) -> F:
        signature = inspect.signature(func)

        @functools.wraps(func)
        def locked(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            where = bound.arguments[parameter]
            lang = bound.arguments.get("lang") or getattr(where, "lang", None) or "en"
            root = where.rd.root if hasattr(where, "rd") else Path(where)
            with round_lock(root, lang, create=create):
                return func(*args, **kwargs)

        return locked  # type: ignore[return-value]

    return decorate
