"""Writing the web edition's folder: built complete in a temporary folder beside it, then put
in its place, so that nothing of an earlier edition lingers (a practice withdrawn since) and
a failed run leaves the earlier edition whole.

A folder praxis wrote holds the marker file :data:`MARKER`; a folder that is not empty and
has none is someone else's and is never replaced.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path

from pipeline.locale.texts import t
from pipeline.publication.web_edition.errors import WebEditionError

MARKER = ".praxis-web-edition"
MARKER_TEXT = "praxis web edition 1\nThis folder is rewritten by praxis compile --html.\n"


def is_web_edition(folder: Path) -> bool:
    """True for a folder praxis wrote a web edition into (it has the marker file)."""
    return (folder / MARKER).is_file()


def check_replaceable(folder: Path, lang: str) -> None:
    """Raise :class:`WebEditionError` unless ``folder`` is missing, empty or a web
    edition."""
    if folder.exists() and not folder.is_dir():
        raise WebEditionError(t("web_edition.not_a_folder", lang, path=folder))
    if folder.is_dir() and any(folder.iterdir()) and not is_web_edition(folder):
        raise WebEditionError(t("web_edition.foreign_folder", lang, path=folder))


def _write_files(root: Path, files: Mapping[str, bytes]) -> None:
    for name, data in sorted(files.items()):
        path = root.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / MARKER).write_text(MARKER_TEXT, "utf-8")


def _beside(folder: Path) -> tuple[Path, Path]:
    """A new empty folder beside ``folder`` (made with the usual permissions, unlike
    :func:`tempfile.mkdtemp`'s) and the name the earlier edition moves to meanwhile."""
    while True:
        suffix = secrets.token_hex(4)
        new = folder.parent / f".{folder.name}.new-{suffix}"
        try:
            new.mkdir()
        except FileExistsError:
            continue
        return new, folder.parent / f".{folder.name}.old-{suffix}"


def replace_folder(folder: Path, files: Mapping[str, bytes], lang: str) -> None:
    """Write ``files`` (relative ``/``-separated path -> bytes) as the whole content of
    ``folder``, replacing an earlier web edition there."""
    folder = folder.absolute()
    check_replaceable(folder, lang)
    folder.parent.mkdir(parents=True, exist_ok=True)
    new, old = _beside(folder)
    try:
        _write_files(new, files)
        if folder.exists():
            folder.rename(old)
        new.rename(folder)
    except BaseException:
        if old.exists() and not folder.exists():
            old.rename(folder)  # the earlier edition back in its place
        shutil.rmtree(new, ignore_errors=True)
        raise
    with contextlib.suppress(OSError):
        shutil.rmtree(old)
