"""Issue 17: the README's first command and its step-by-step work as written, on a fresh
copy in a new terminal. The commands are taken from the README itself (its first fenced
block, then the fenced block of "A round, step by step") and run one by one with bash in an
empty folder that holds only a copy of the repository's questionnaires and a ``.venv`` that is
this test's environment, with that environment's ``bin`` first on PATH, as ``source
.venv/bin/activate`` puts it. What the README asks a person to do between two commands (put
the returned files into the inbox) is done as a person would: the forms filled in Word and
Excel. Every command exits 0, except one whose comment in the README says it exits 1."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline.definition.loading import load_questionnaire
from pipeline.demo import demo_answers
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.word.filler import fill_docx
from pipeline.round.folder import RoundDir
from tests.test_trust_returns import office_save

README = ROOT / "README.md"
INSTALL = "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/praxis demo"
ACTIVATE = "source .venv/bin/activate          # Windows: .venv\\Scripts\\activate"
RETURNS_STEP = (
    "# send outputs/runde-2025/mails/*.eml, then put the returned files into "
    "outputs/runde-2025/inbox/"
)


def _blocks(text: str) -> list[str]:
    return re.findall(r"^```bash\n(.*?)^```", text, flags=re.M | re.S)


def _lines(block: str) -> list[str]:
    """The block's lines, a command continued with ``\\`` joined into one line."""
    joined = block.replace("\\\n", "")
    return [line.strip() for line in joined.splitlines() if line.strip()]


def first_command() -> str:
    return _lines(_blocks(README.read_text("utf-8"))[0])[0]


def step_by_step() -> list[str]:
    section = README.read_text("utf-8").split("## A round, step by step", 1)[1]
    return _lines(_blocks(section.split("\n## ", 1)[0])[0])


def expected_status(command: str) -> int:
    """1 where the README's comment beside the command says so, else 0."""
    comment = command.partition(" # ")[2]
    return 1 if re.search(r"\bexits? 1\b|exit status 1", comment) else 0


def hand_in_the_returns(folder: Path) -> None:
    """Ten projects answer (the demo's returns: nine complete, p05 incomplete), in the form
    the round sent each, into the inbox; p04 sends its Word form a second time, saved a day
    later and without its lessons learned, as a second download is named: ``p04 (1).docx``."""
    rd = RoundDir(folder / "outputs" / "runde-2025")
    q = load_questionnaire(rd.definition, "de")
    record = rd.load()
    fillers = {"docx": fill_docx, "xlsx": fill_xlsx}
    for pid, entry in demo_answers().items():
        form = rd.root / record.projects[pid].files[entry["format"]]
        fillers[entry["format"]](form, entry["answers"], rd.inbox / form.name, q)
        office_save(rd.inbox / form.name, "2026-01-20T09:00:00Z")
    p04 = demo_answers()["p04"]["answers"]
    fewer = {k: v for k, v in p04.items() if k != "lessons_learned"}
    second = rd.inbox / "p04 (1).docx"
    fill_docx(rd.root / record.projects["p04"].files["docx"], fewer, second, q)
    office_save(second, "2026-01-21T09:00:00Z")


STEPS: dict[str, Callable[[Path], None]] = {RETURNS_STEP: hand_in_the_returns}
"""What a person does where the README says so in a comment line."""


@dataclass
class Ran:
    command: str
    status: int
    output: str
    seconds: float = 0.0


def _environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAXIS_")}
    bin_dir = folder / ".venv" / "bin"
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}",
        VIRTUAL_ENV=str(folder / ".venv"),
        HOME=str(folder),
        PRAXIS_USER="Koordination",
    )
    return env


@pytest.fixture(scope="module")
def walked(tmp_path_factory) -> tuple[Path, list[Ran]]:
    folder = tmp_path_factory.mktemp("readme") / "praxis"
    folder.mkdir()
    shutil.copytree(ROOT / "questionnaires", folder / "questionnaires")
    (folder / ".venv").symlink_to(Path(sys.executable).parent.parent)
    env = _environment(folder)
    commands = [first_command().rsplit(" && ", 1)[1], *step_by_step()[1:]]
    ran = []
    for command in commands:
        if command.startswith("#"):
            if command in STEPS:
                STEPS[command](folder)
            continue
        started = time.monotonic()
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        took = time.monotonic() - started
        ran.append(Ran(command, done.returncode, done.stdout + done.stderr, took))
    (folder / "timings.txt").write_text("\n".join(f"{r.seconds:6.1f} {r.command}" for r in ran))
    return folder, ran


def test_the_first_command_installs_and_runs_the_demo():
    assert first_command() == INSTALL


def test_the_step_by_step_starts_by_activating_the_environment():
    commands = step_by_step()
    assert commands[0] == ACTIVATE
    assert RETURNS_STEP in commands  # the step this test does as a person would


def test_every_command_works_as_written(walked):
    _, ran = walked
    failed = [
        f"{r.command}\n  exit {r.status}, expected {expected_status(r.command)}:\n{r.output}"
        for r in ran
        if r.status != expected_status(r.command)
    ]
    assert not failed, "\n\n".join(failed)
    assert len(ran) == 18  # the demo and the 17 praxis commands of the step-by-step


def test_the_walk_through_ends_with_tables_compendium_and_next_round(walked):
    folder, _ = walked
    out = folder / "outputs"
    assert (out / "runde-2025" / "tables" / "answers.xlsx").is_file()
    assert (out / "runde-2025" / "compendium" / "compendium-de.docx").is_file()
    assert (out / "runde-2025" / "web" / "index.html").is_file()
    assert (out / "runde-2026" / "manifest.csv").is_file()


def test_the_demo_says_where_the_html_reports_are(walked):
    _, ran = walked
    demo = ran[0]
    assert demo.command == ".venv/bin/praxis demo"
    line = next(x for x in demo.output.splitlines() if "Berichte im Browser" in x)
    assert line == "  Berichte im Browser (.html):     outputs/demo/reports/*.html"
    assert "  Berichte und Rückfragen:         outputs/demo/reports" in demo.output
