"""A round is written by one praxis at a time, and whole or not at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import BUNDLED, ROOT, ROSTER

from pipeline.cli import main
from pipeline.errors import RoundError
from pipeline.forms.generate import generate_round
from pipeline.returns.ingest import ingest
from pipeline.returns.status import round_status
from pipeline.round.folder import RoundDir

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _tokens_in_forms(rd: Path) -> dict[str, str]:
    """File name -> the token written into each form's document properties."""
    out = {}
    for path in sorted((rd / "forms").iterdir()):
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("docProps/custom.xml").decode("utf-8")
        start = xml.index('name="praxis.token"')
        value = xml[start:].split("</vt:lpwstr>")[0].rsplit(">", 1)[1]
        out[path.name] = value
    return out


def _assert_consistent(rd: Path) -> None:
    """Every file in forms/ and mails/ is named by the record, every form carries its
    project's token, and the record names only files that are there."""
    record = RoundDir(rd).load()
    named = {name for p in record.projects.values() for name in p.files.values()}
    on_disk = {
        p.relative_to(rd).as_posix()
        for folder in ("forms", "mails")
        for p in (rd / folder).iterdir()
    }
    assert on_disk == named
    tokens = {p.token for p in record.projects.values()}
    assert set(_tokens_in_forms(rd).values()) <= tokens
    for p in record.projects.values():
        for fmt in ("docx", "xlsx"):
            if fmt in p.files:
                assert _tokens_in_forms(rd)[Path(p.files[fmt]).name] == p.token


def _no_leftovers(parent: Path) -> None:
    assert [p.name for p in parent.iterdir() if "praxis-new" in p.name] == []


# --- 9: one writing praxis per round ---------------------------------------------------------

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pipeline.round.lock import round_lock
    with round_lock(Path(sys.argv[1]), create=True):
        print("holding", flush=True)
        time.sleep(120)
    """
)


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock of tmp_path/round (killed at the end)."""
    target = tmp_path / "round"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], stdout=subprocess.PIPE, env=ENV, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    yield target, proc
    proc.kill()
    proc.wait()


def test_generate_refused_while_another_praxis_works_on_the_round(holder, capsys):
    target, proc = holder
    args = ["--lang", "en", "generate", str(BUNDLED), "--roster", str(ROSTER)]
    code = main([*args, "--round", str(target), "--format", "xlsx"])
    err = capsys.readouterr().err
    assert code != 0
    assert "another praxis is working on this round" in err
    assert f"process {proc.pid}" in err and "since 20" in err
    assert not target.exists()
    _no_leftovers(target.parent)


def test_a_lock_left_by_a_killed_process_is_taken_over(holder):
    target, proc = holder
    proc.kill()
    proc.wait()
    result = generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), mail=False)
    assert len(result.added) == 12
    _assert_consistent(target)


def test_ingest_and_add_refused_while_the_round_is_locked(tmp_path):
    target = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), mail=False)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], stdout=subprocess.PIPE, env=ENV, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        with pytest.raises(RoundError, match=f"ein anderes praxis .* Prozess {proc.pid}"):
            ingest(target, lang="de")
        with pytest.raises(RoundError, match="another praxis is working on this round"):
            generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), add=True, lang="en")
        assert len(round_status(target)[1]) == 12  # reading needs no lock
    finally:
        proc.kill()
        proc.wait()
    assert not (target / "praxis.sqlite").exists()
    _assert_consistent(target)


GENERATE = textwrap.dedent(
    """
    import sys
    from pipeline.cli import main
    sys.exit(main(["--quiet", "generate", sys.argv[1], "--roster", sys.argv[2],
                   "--round", sys.argv[3], "--jobs", "1"]))
    """
)


def test_two_generate_runs_at_once_give_one_whole_round(tmp_path):
    target = tmp_path / "round"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", GENERATE, str(BUNDLED), str(ROSTER), str(target)],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    codes = [run.wait(timeout=300) for run in runs]
    errors = [run.stderr.read() for run in runs if run.stderr]
    assert sorted(codes)[0] == 0 and sorted(codes)[1] != 0, errors
    _assert_consistent(target)
    assert len(RoundDir(target).load().projects) == 12
    _no_leftovers(tmp_path)


# --- 19: interrupted generate ----------------------------------------------------------------

KILLED = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from pipeline.forms.generate import generate_round

    def progress(pid):
        if pid == sys.argv[4]:  # killed while the forms of this project are written
            os.kill(os.getpid(), signal.SIGKILL)

    generate_round(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
                   add=sys.argv[5] == "add", progress=progress, jobs=1)
    """
)


def _killed_run(roster: Path, target: Path, at: str, add: bool = False) -> None:
    args = [str(BUNDLED), str(roster), str(target), at, "add" if add else "new"]
    done = subprocess.run([sys.executable, "-c", KILLED, *args], env=ENV, timeout=300)
    assert done.returncode == -9


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_generate_leaves_no_round_and_a_rerun_works(tmp_path, capsys):
    target = tmp_path / "round"
    _killed_run(ROSTER, target, "p05")
    assert not target.exists()  # no half round: it is whole or not there at all
    assert [p.name for p in tmp_path.iterdir() if "praxis-new" in p.name] != []  # a leftover
    args = ["--quiet", "generate", str(BUNDLED), "--roster", str(ROSTER), "--round", str(target)]
    assert main(args) == 0
    _assert_consistent(target)
    _no_leftovers(tmp_path)
    assert main(["--quiet", "status", "--round", str(target)]) == 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_generate_into_an_empty_existing_folder(tmp_path):
    target = tmp_path / "round"
    target.mkdir()
    _killed_run(ROSTER, target, "p02")
    assert list(target.iterdir()) == []
    generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), mail=False)
    _assert_consistent(target)


def _longer_roster(tmp_path: Path) -> Path:
    lines = ROSTER.read_text("utf-8").splitlines()
    extra = [
        "p13,Neues Projekt,Neuer Träger e. V.,Kim Neu,k.neu@neu.example,030 1,Berlin,monitoring,de",
        "p14,Noch eins,Zweiter Träger e. V.,Jo Neu,j.neu@neu.example,030 2,Berlin,monitoring,de",
        "p15,Drittes,Dritter Träger e. V.,Alex Neu,a.neu@neu.example,030 3,Berlin,monitoring,de",
    ]
    path = tmp_path / "roster-longer.csv"
    path.write_text("\n".join([*lines, *extra]) + "\n", "utf-8")
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_add_changes_nothing_and_a_rerun_adds_whole_projects(tmp_path):
    target = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, target)
    before = (target / "round.json").read_bytes()
    manifest = (target / "manifest.csv").read_bytes()
    longer = _longer_roster(tmp_path)
    _killed_run(longer, target, "p15", add=True)  # p13 and p14 written, p15 not yet
    assert (target / "round.json").read_bytes() == before
    assert (target / "manifest.csv").read_bytes() == manifest
    _assert_consistent(target)  # no form of p13 or p14 with a token the round does not know
    result = generate_round(BUNDLED, longer, target, add=True)
    assert [p.id for p in result.added] == ["p13", "p14", "p15"]
    _assert_consistent(target)
    assert [p.name for p in target.iterdir() if p.name.startswith(".praxis")] == []
    record = json.loads((target / "round.json").read_text("utf-8"))
    assert len(record["projects"]) == 15


def test_ctrl_c_during_generate_leaves_nothing(tmp_path):
    target = tmp_path / "round"

    def interrupt(pid: str) -> None:
        if pid == "p05":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), progress=interrupt)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".round.praxis-lock"]
    generate_round(BUNDLED, ROSTER, target, formats=("xlsx",))
    _assert_consistent(target)


KILLED_MOVING = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from pipeline.forms.generate import generate_round

    moved = []
    original = os.replace

    def replace(source, target, *args, **kwargs):  # the power fails while files are moved in
        if ".praxis-add-" in str(source) and ".praxis-add-" not in str(target):
            moved.append(source)
            if len(moved) == 3:
                os.kill(os.getpid(), signal.SIGKILL)
        return original(source, target, *args, **kwargs)

    os.replace = replace
    generate_round(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), add=True, jobs=1)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_while_added_files_are_moved_in_is_undone_by_the_next_command(tmp_path):
    target = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, target)
    before = (target / "round.json").read_bytes()
    longer = _longer_roster(tmp_path)
    args = [str(BUNDLED), str(longer), str(target)]
    done = subprocess.run([sys.executable, "-c", KILLED_MOVING, *args], env=ENV, timeout=300)
    assert done.returncode == -9
    assert (target / "round.json").read_bytes() == before
    stray = sorted(p.name for p in (target / "forms").glob("p13-*"))
    assert stray == ["p13-neues-projekt.docx", "p13-neues-projekt.xlsx"]  # moved, not recorded
    ingest(target)  # the next writing command removes them
    _assert_consistent(target)
    assert [p.name for p in target.iterdir() if p.name.startswith(".praxis")] == []
    result = generate_round(BUNDLED, longer, target, add=True)
    assert [p.id for p in result.added] == ["p13", "p14", "p15"]
    _assert_consistent(target)


def test_generate_into_a_folder_holding_other_files_keeps_them(tmp_path):
    target = tmp_path / "Runde 2026"
    target.mkdir()
    (target / "notizen.txt").write_text("Unsere Notizen", "utf-8")
    generate_round(BUNDLED, ROSTER, target, formats=("xlsx",), mail=False)
    assert (target / "notizen.txt").read_text("utf-8") == "Unsere Notizen"
    _assert_consistent(target)
    assert [p.name for p in target.iterdir() if p.name.startswith(".praxis")] == []
    _no_leftovers(tmp_path)
