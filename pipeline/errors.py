"""One base exception for praxis, one subclass per stage.

Every exception carries a message for people (where, what, how to fix); the CLI maps
them to an ``Error: ...`` line and an exit status, never a traceback.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.problems import Problem


class PraxisError(Exception):
    """Base class of every error praxis raises on purpose."""

    exit_code = 1


class UsageError(PraxisError):
    """The command was called wrongly (a missing file, a bad option value)."""

    exit_code = 2


class DefinitionError(PraxisError):
    """A questionnaire definition could not be loaded; ``problems`` lists every mistake."""

    def __init__(self, source: str, problems: Sequence[Problem]):
        self.source = source
        self.problems = list(problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in the definition")


class RosterError(PraxisError):
    """The roster of projects could not be read or is inconsistent."""


class FormError(PraxisError):
    """A form could not be written or read."""


class RoundError(PraxisError):
    """A round folder is missing, incomplete or would be overwritten."""


class EnvironmentFailure(PraxisError):
    """The computer refused, not the input: a full disk, a read-only folder, a file open in
    another program, a folder in the way, a damaged or locked store.

    ``kind`` names the case (a text ``env.<kind>``), ``path`` the file it happened to.
    :func:`environment_failure` is the one place that tells the cases apart.
    """

    def __init__(self, kind: str, path: Path | None, detail: str = ""):
        self.kind = kind
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {kind} ({detail})" if detail else f"{path}: {kind}")

    def message(self, lang: str) -> str:
        """What happened and what to do, in ``lang``."""
        from pipeline.locale.formatting import format_number
        from pipeline.locale.library import library_detail
        from pipeline.locale.texts import t

        path = self.path or Path(STORE_FILE)
        return t(
            f"env.{self.kind}",
            lang,
            path=path,
            folder=path.parent,
            round=path.parent,
            archive=path.parent / "archive",
            detail=library_detail(self.detail, lang),
            seconds=format_number(STORE_BUSY_SECONDS, lang),
        )


class StoreTooNew(EnvironmentFailure):
    """The round's store was written by a newer praxis (its layout ``found`` is above the
    ``known`` one this code writes): refused unchanged, with what to do."""

    def __init__(self, path: Path, found: int, known: int):
        self.found = found
        self.known = known
        super().__init__("store_newer", path, f"layout {found}, known up to {known}")

    def message(self, lang: str) -> str:
        from pipeline.locale.texts import t

        return t("env.store_newer", lang, path=self.path, found=self.found, known=self.known)


STORE_FILE = "praxis.sqlite"
STORE_BUSY_SECONDS = 60.0
"""How long a command waits for another one that writes to the store before it gives up."""

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM}
_SQLITE_KINDS = (
    ("file is not a database", "store_damaged"),
    ("malformed", "store_damaged"),
    ("is locked", "store_locked"),
    ("database or disk is full", "disk_full"),
)
"""sqlite3 error messages -> kind; others (readonly, unable to open, I/O) are probed."""


def environment_failure(
    exc: BaseException, path: Path | str | None = None
) -> EnvironmentFailure | None:
    """``exc`` (an OSError or sqlite3 error on ``path``) as an :class:`EnvironmentFailure`;
    None when it is no failure of the environment (then it is a bug, shown as such)."""
    if isinstance(exc, EnvironmentFailure):
        return exc
    if isinstance(exc, OSError):
        return _os_failure(exc, path)
    if isinstance(exc, sqlite3.OperationalError) or type(exc) is sqlite3.DatabaseError:
        return _store_failure(exc, Path(path) if path else None)  # others are praxis's bugs
    return None


def _os_failure(exc: OSError, path: Path | str | None) -> EnvironmentFailure | None:
    name = path or exc.filename
    where = Path(name) if isinstance(name, str | os.PathLike) else None
    code, detail = exc.errno, exc.strerror or str(exc)
    if code in _DISK_FULL:
        return EnvironmentFailure("disk_full", where, detail)
    if code == errno.EROFS:
        return EnvironmentFailure("read_only", where, detail)
    if code in _DENIED or isinstance(exc, PermissionError):
        # a file that cannot be replaced in a folder one may write in is open elsewhere;
        # in a folder one may not write in, the folder is the cause
        in_use = where is not None and where.is_file() and os.access(where.parent, os.W_OK)
        return EnvironmentFailure("in_use" if in_use else "no_permission", where, detail)
    if code == errno.EISDIR or isinstance(exc, IsADirectoryError):
        return EnvironmentFailure("folder_in_the_way", where, detail)
    if code == errno.ENOTDIR or isinstance(exc, NotADirectoryError):
        return EnvironmentFailure("file_in_the_way", where, detail)
    if code == errno.EIO:
        return EnvironmentFailure("io", where, detail)
    return None


def _store_failure(exc: sqlite3.Error, path: Path | None) -> EnvironmentFailure:
    text = str(exc)
    for needle, kind in _SQLITE_KINDS:
        if needle in text:
            return EnvironmentFailure(kind, path, text)
    return _probe(path, text)


def _probe(path: Path | None, detail: str) -> EnvironmentFailure:
    """Why SQLite could not open or write ``path`` ("unable to open", "readonly", "disk I/O
    error" say nothing): try writing a small file beside it and ask the operating system."""
    if path is not None and path.is_dir():
        return EnvironmentFailure("folder_in_the_way", path, detail)
    if path is not None:
        try:
            with tempfile.TemporaryFile(dir=path.parent, prefix=".praxis-probe-") as probe:
                probe.write(b"\0" * 4096)
                probe.flush()
                os.fsync(probe.fileno())
        except OSError as exc:
            failure = _os_failure(exc, path)
            if failure is not None:
                return failure
        if path.exists() and not os.access(path, os.W_OK):
            return EnvironmentFailure("in_use", path, detail)
    return EnvironmentFailure("io", path, detail)
