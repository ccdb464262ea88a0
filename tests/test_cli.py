"""The command line: exit codes, outline, messages without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import BUNDLED
from test_definition import FAILING

from pipeline.cli import main


def test_check_bundled_prints_outline(capsys):
    assert main(["--lang", "en", "check", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert "1  Master data" in out
    assert "6.2   Which organisations do you work with?" in out
    assert (
        "(partners: table, columns: organisation (text), role (select_one), since (integer)" in out
    )
    assert "11 sections" in out


def test_check_in_german(capsys):
    assert main(["--lang", "de", "check", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert "1  Stammdaten" in out and "Fragebogen „promising-practices“" in out


def test_check_reports_problems_with_exit_1(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    path.write_text(FAILING["unknown-type"], encoding="utf-8")
    assert main(["--lang", "en", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:9: sections[0].questions[0].type: Unknown question type “txt”." in err
    assert "1 problem found" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check"]) == 2
    assert main(["--lang", "en", "check", str(tmp_path / "missing.yaml")]) == 2
    err = capsys.readouterr().err
    assert "Error: Definition file not found" in err
    assert main(["frobnicate"]) == 2


def test_help_everywhere(capsys):
    for args in (["--help"], ["check", "--help"], ["schema", "--help"]):
        assert main(args) == 0
    assert "Aufruf: praxis" in capsys.readouterr().out  # German by default


def test_schema_writes_file_and_prints(tmp_path, capsys):
    out = tmp_path / "s.json"
    assert main(["schema", str(BUNDLED), "--out", str(out)]) == 0
    schema = json.loads(out.read_text("utf-8"))
    assert schema["$id"] == "urn:praxis:answers:promising-practices:2026.1"
    capsys.readouterr()
    assert main(["schema", str(BUNDLED), "--out", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == schema


def test_schema_default_location(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["schema", str(BUNDLED)]) == 0
    assert (tmp_path / "schemas" / "promising-practices-2026.1.answers.schema.json").exists()


def test_installed_console_script_runs():
    """The real program, as a user starts it: no traceback, exit code passed through."""
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", "/nonexistent.yaml"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_check_names_five_mistakes_in_one_run(tmp_path, capsys):
    from test_definition import FIVE_MISTAKES

    path = tmp_path / "five.yaml"
    path.write_text(FIVE_MISTAKES, encoding="utf-8")
    assert main(["--lang", "en", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for line, text in (
        (13, "Unknown question type “select_mutliple”"),
        (14, "There is no choice list “colours”"),
        (16, "The id “a” is used twice"),
        (21, "which comes later"),
        (22, "has no “en” version"),
    ):
        assert f"{path}:{line}: " in err and text in err, (line, text)
    assert "5 problems found" in err
