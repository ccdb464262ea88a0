"""LibreOffice, when installed: convert documents headless with a throw-away profile.

Used by ``praxis compile --pdf`` and by the tests that send forms through a real office
program. Each call starts its own ``soffice`` with its own profile in a temporary folder, so
two runs never collide, and ends only the process it started.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import PraxisError

_CANDIDATES = ("soffice", "libreoffice")


class OfficeError(PraxisError):
    """LibreOffice is missing or a conversion failed."""


def find_soffice() -> str | None:
    """The path of LibreOffice's ``soffice``, or None when it is not installed."""
    explicit = os.environ.get("PRAXIS_SOFFICE")
    if explicit and Path(explicit).exists():
        return explicit
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(source: Path, target_ext: str, out_dir: Path, timeout: float = 180) -> Path:
    """Convert ``source`` with LibreOffice to ``target_ext`` (``pdf``, ``docx``, ``xlsx``).

    ``target_ext`` may carry a filter (``docx:MS Word 2007 XML``). Returns the new file,
    ``out_dir/<stem>.<ext>``. Raises OfficeError when LibreOffice is missing or fails.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    ext = target_ext.split(":", 1)[0]
    with tempfile.TemporaryDirectory(prefix="praxis-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target_ext,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            proc.kill()
            proc.communicate()
            raise OfficeError(f"LibreOffice took longer than {timeout:.0f} s for {source}") from exc
    target = out_dir / f"{source.stem}.{ext}"
    if proc.returncode != 0 or not target.exists():
        detail = (err or out).decode("utf-8", "replace").strip()
        raise OfficeError(f"LibreOffice could not convert {source.name}: {detail}")
    return target


def resave(source: Path, out_dir: Path) -> Path:
    """Open ``source`` in LibreOffice and save it again in its own format (.docx or .xlsx)."""
    filters = {".docx": "docx:MS Word 2007 XML", ".xlsx": "xlsx:Calc MS Excel 2007 XML"}
    return convert(source, filters[source.suffix.lower()], out_dir)
