"""Issue 10, points 19 and 20, variants: a round built in a temporary folder and files
written atomically must still be readable by the colleagues who share the round folder."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from conftest import BUNDLED, ROSTER

from pipeline.cli import main


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no Unix permissions")
def test_round_files_get_the_users_usual_permissions(tmp_path):
    rd = tmp_path / "round"
    old = os.umask(0o022)
    try:
        assert main(["generate", str(BUNDLED), "--roster", str(ROSTER), "--round", str(rd)]) == 0
        form = next((rd / "forms").glob("p02-*.docx"))
        assert main(["ingest", "--round", str(rd), str(form)]) == 1  # the blank form: refused
        (rd / "inbox" / "kopie.docx").write_bytes(form.read_bytes()[:-10])  # damaged: archived
        main(["ingest", "--round", str(rd), str(rd / "inbox")])
    finally:
        os.umask(old)
    modes = {
        p.relative_to(rd).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [rd, *rd.rglob("*")]
    }
    wrong = {name: oct(mode) for name, mode in modes.items() if mode not in (0o644, 0o755)}
    assert wrong == {}
    assert modes["."] == 0o755 and modes["round.json"] == 0o644
    assert any(name.startswith("archive/") and mode == 0o644 for name, mode in modes.items())


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need rights on Windows")
def test_a_round_reached_through_a_symbolic_link_shares_its_lock(tmp_path, capsys):
    """One coordinator opens the round through a link (a synced folder, a share), another
    praxis works on it by its real path: the second must wait, not write at the same time."""
    import subprocess

    rd = tmp_path / "real" / "round"
    assert main(["generate", str(BUNDLED), "--roster", str(ROSTER), "--round", str(rd)]) == 0
    link = tmp_path / "Runde-Link"
    link.symlink_to(rd, target_is_directory=True)
    holder = (
        "import sys; from pathlib import Path; from pipeline.round.lock import round_lock\n"
        "with round_lock(Path(sys.argv[1])):\n"
        "    print('held', flush=True); sys.stdin.read()\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", holder, str(rd)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "held\n"
        capsys.readouterr()
        form = rd / "round.json"  # any file: refused, but only after the lock
        code = main(["ingest", "--round", str(link), str(form)])
        err = capsys.readouterr().err
    finally:
        proc.communicate("")
    assert code != 0
    assert "ein anderes praxis arbeitet gerade an dieser Runde" in " ".join(err.split())
