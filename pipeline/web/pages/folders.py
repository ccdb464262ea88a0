"""The folders of a round that pages offer for download: a file of a fixed folder by its name
(looked up among the files the folder holds, never a path from the request), all of them as
one zip, and the folder opened in the computer's file manager."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
from starlette.exceptions import HTTPException
from starlette.responses import Response

from pipeline.web.pages.shared import download


@dataclass(frozen=True)
class FolderFile:
    """A file of a round's folder as a page lists it."""

    name: str
    size: int
    changed: dt.datetime


def folder_files(folder: Path, keep: Callable[[str], bool] = lambda name: True) -> list[Path]:
    """The files directly in ``folder`` whose name ``keep`` accepts (hidden and temporary
    files never), sorted by name; [] when the folder is not there yet."""
    if not folder.is_dir():
        return []
    return [
        p
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.is_file() and not p.name.startswith((".", "~")) and keep(p.name)
    ]


def listed(paths: Sequence[Path]) -> list[FolderFile]:
    """Name, size and time of change of each file (for the page's table)."""
    found = []
    for p in paths:
        info = p.stat()
        changed = dt.datetime.fromtimestamp(info.st_mtime)
        found.append(FolderFile(p.name, info.st_size, changed))
    return found


def download_from(paths: Sequence[Path], name: str, within: Path) -> Response:
    """The file called ``name`` among ``paths`` (the files the server listed), else 404."""
    chosen = next((p for p in paths if p.name == name), None)
    if chosen is None:
        raise HTTPException(404)
    return download(chosen, within)


def zip_bytes(paths: Sequence[Path]) -> bytes:
    """``paths`` as one zip, by name in order, each with its own time of change: the same
    files give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for p in sorted(paths, key=lambda p: p.name):
            stamp = time.localtime(max(p.stat().st_mtime, 315532800))  # zip starts in 1980
            info = zipfile.ZipInfo(p.name, date_time=stamp[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, p.read_bytes())
    return buffer.getvalue()


def zip_response(paths: Sequence[Path], name: str) -> Response:
    """``paths`` as the download ``name`` (404 when there is nothing to pack)."""
    if not paths:
        raise HTTPException(404)
    return Response(
        zip_bytes(paths),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def has_desktop() -> bool:
    """Whether a file manager can be shown: Windows and macOS always, elsewhere only in a
    graphical session (a server or a container has none)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_folder(folder: Path) -> bool:
    """Show ``folder`` (it is there) in the computer's file manager; False when this
    computer has no desktop to show it on, or the file manager failed."""
    if not has_desktop():
        return False
    try:
        return click.launch(str(folder)) == 0
    except OSError:
        return False
