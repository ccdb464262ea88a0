"""LibreOffice, when installed: convert documents headless with a throw-away profile.

Used by ``praxis compile --pdf``, by ``praxis ingest`` for OpenDocument and legacy returns
(:mod:`pipeline.returns.conversion`) and by the tests that send forms through a real office
program. Each call starts its own ``soffice`` with its own profile in a temporary folder, so
two runs never collide, and ends only the processes it started. The profile is written before
the start with macros switched off (highest security level, execution disabled, VBA neither
loaded nor run): a document's macros never run here.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import PraxisError

_CANDIDATES = ("soffice", "libreoffice")
OFF = ("none", "off", "no", "0")
"""Values of ``PRAXIS_SOFFICE`` that switch LibreOffice off (as if it were not installed)."""

_SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
_SETTINGS = (
    (_SCRIPTING, "MacroSecurityLevel", "3"),
    (_SCRIPTING, "DisableMacrosExecution", "true"),
    (_SCRIPTING, "BlockUntrustedRefererLinks", "true"),
    *(
        (f"/org.openoffice.Office.{app}/Filter/Import/VBA", prop, "false")
        for app in ("Writer", "Calc")
        for prop in ("Load", "Executable", "Save")
    ),
)
REGISTRY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
    ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    + "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in _SETTINGS
    )
    + "</oor:items>\n"
)
"""The private profile's ``user/registrymodifications.xcu``: macros never run."""


class OfficeError(PraxisError):
    """LibreOffice is missing or a conversion failed (``detail``: what LibreOffice said)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


class OfficeTimeout(OfficeError):
    """LibreOffice did not finish in time (and was ended)."""


def find_soffice() -> str | None:
    """The path of LibreOffice's ``soffice``, or None when it is not installed.

    ``PRAXIS_SOFFICE`` names it (when that file exists; else the ``PATH`` is searched);
    ``PRAXIS_SOFFICE=none`` (or ``off``) switches LibreOffice off.
    """
    explicit = os.environ.get("PRAXIS_SOFFICE", "").strip()
    if explicit.lower() in OFF:
        return None
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
        private_profile(Path(profile))
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target_ext,
            "--outdir",
            str(out_dir),
            str(source),
        ]
        out, err, code = _run(cmd, timeout, source)
    target = out_dir / f"{source.stem}.{ext}"
    if code != 0 or not target.exists():
        detail = (err or out).decode("utf-8", "replace").strip()
        said = "; ".join(_errors(detail))
        raise OfficeError(f"LibreOffice could not convert {source.name}: {detail}", said)
    return target


def _errors(output: str) -> list[str]:
    """LibreOffice's own error lines, without its warnings about Java and the like."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return [line for line in lines if not line.lower().startswith("warning:")]


def private_profile(profile: Path) -> None:
    """Prepare a new LibreOffice profile folder: macros switched off (:data:`REGISTRY`)."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(REGISTRY, "utf-8")


def _run(cmd: list[str], timeout: float, source: Path) -> tuple[bytes, bytes, int]:
    """Run ``soffice`` in its own process group; on a timeout end that group (only the
    processes started here: the ``soffice`` script and the office it started)."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _end_group(proc)
        proc.communicate()
        raise OfficeTimeout(f"LibreOffice took longer than {timeout:.0f} s for {source}") from exc
    return out, err, proc.returncode


def _end_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):  # gone, or no groups here
        proc.kill()


def resave(source: Path, out_dir: Path) -> Path:
    """Open ``source`` in LibreOffice and save it again in its own format (.docx or .xlsx)."""
    filters = {".docx": "docx:MS Word 2007 XML", ".xlsx": "xlsx:Calc MS Excel 2007 XML"}
    return convert(source, filters[source.suffix.lower()], out_dir)
