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
