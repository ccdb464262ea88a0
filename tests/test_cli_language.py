"""--help and every usage error of the command line: German by default, English with --lang en."""

from __future__ import annotations

import os
import re

import pytest
from conftest import BUNDLED

from pipeline.cli import main


@pytest.fixture(autouse=True)
def _no_language_setting(monkeypatch):
    monkeypatch.delenv("PRAXIS_LANG", raising=False)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_praxis_help_in_german_by_default(capsys):
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert out.startswith("Aufruf: praxis [OPTIONEN] BEFEHL [ARGUMENTE]...")
    assert "\nOptionen:\n" in out and "\nBefehle:\n" in out
    assert "Diese Hilfe zeigen und beenden." in out
    assert "Die Version zeigen und beenden." in out
    assert "Sprache der Meldungen" in out
    # the summary, as long as the width left by the longest command name allows
    assert re.search(r"\n  check +Eine Fragebogen-Definition prüfen und ihre", out)
    assert "Show this message" not in out and "Usage:" not in out


def test_praxis_help_in_english_with_lang_en(capsys):
    code, out, _ = _run(capsys, "--lang", "en", "--help")
    assert code == 0
    assert out.startswith("Usage: praxis [OPTIONS] COMMAND [ARGS]...")
    assert "\nOptions:\n" in out and "\nCommands:\n" in out
    assert "Show this message and exit." in out
    assert re.search(r"\n  check +Validate a questionnaire definition and print", out)


def test_praxis_lang_environment_chooses_english(capsys, monkeypatch):
    monkeypatch.setenv("PRAXIS_LANG", "en")
    code, out, _ = _run(capsys, "--help")
    assert (code, out.split("\n")[0]) == (0, "Usage: praxis [OPTIONS] COMMAND [ARGS]...")


def test_ingest_help_in_both_languages(capsys):
    code, out, _ = _run(capsys, "ingest", "--help")
    assert code == 0
    assert out.startswith("Aufruf: praxis ingest [OPTIONEN] [QUELLEN]...")
    assert "--round ORDNER" in out and "[Pflicht]" in out
    assert "Der Ordner der Erhebungsrunde, den praxis generate" in out
    code, out, _ = _run(capsys, "--lang", "en", "ingest", "--help")
    assert code == 0
    assert out.startswith("Usage: praxis ingest [OPTIONS] [SOURCES]...")
    assert "--round DIRECTORY" in out and "[required]" in out
    assert "The round folder made by praxis generate." in out


def test_generate_help_names_the_date_forms_in_the_language(capsys):
    _, out, _ = _run(capsys, "generate", "--help")
    assert "--deadline [JJJJ-MM-TT|TT.MM.JJJJ]" in out
    _, out, _ = _run(capsys, "--lang", "en", "generate", "--help")
    assert "--deadline [YYYY-MM-DD|DD.MM.YYYY]" in out


def test_a_missing_required_option(capsys, tmp_path):
    code, _, err = _run(capsys, "generate", str(BUNDLED), "--round", str(tmp_path / "r"))
    assert code == 2
    assert "Aufruf: praxis generate [OPTIONEN] FRAGEBOGEN" in err
    assert "Hilfe zeigt „praxis generate --help“." in err
    assert "Fehler: Es fehlt die Option '--roster'." in err
    code, _, err = _run(capsys, "--lang", "en", "generate", str(BUNDLED), "--round", "r")
    assert code == 2
    assert "Usage: praxis generate [OPTIONS] QUESTIONNAIRE" in err
    assert "Error: Missing option '--roster'." in err


def test_an_unknown_option(capsys):
    code, _, err = _run(capsys, "status", "--bogus")
    assert (code, err.strip().split("\n")[-1]) == (2, "Fehler: Unbekannte Option '--bogus'.")
    code, _, err = _run(capsys, "--lang", "en", "status", "--bogus")
    assert (code, err.strip().split("\n")[-1]) == (2, "Error: No such option '--bogus'.")


def test_a_bad_choice(capsys, tmp_path):
    args = ["generate", str(BUNDLED), "--roster", "r.csv", "--round", "r", "--format", "pdf"]
    code, _, err = _run(capsys, *args)
    assert code == 2
    assert (
        "Fehler: Ungültiger Wert für '--format': 'pdf' ist keiner der möglichen Werte "
        "'docx', 'xlsx'." in err
    )
    code, _, err = _run(capsys, "--lang", "en", *args)
    assert code == 2
    assert "Error: Invalid value for '--format': 'pdf' is not one of 'docx', 'xlsx'." in err


def test_a_bad_date(capsys):
    args = ["generate", str(BUNDLED), "--roster", "r.csv", "--round", "r"]
    code, _, err = _run(capsys, *args, "--deadline", "31/01/2026")
    assert code == 2
    assert err.startswith("Fehler: --deadline: „31/01/2026“ ist kein gültiges Datum.")
    code, _, err = _run(capsys, "--lang", "en", *args, "--deadline", "31/01/2026")
    assert code == 2
    assert err.startswith("Error: --deadline: “31/01/2026” is not a date.")


def test_a_round_folder_that_does_not_exist(capsys, tmp_path):
    missing = tmp_path / "nowhere"
    code, _, err = _run(capsys, "status", "--round", str(missing))
    assert code == 2
    assert f"Fehler: Ungültiger Wert für '--round': Ordner '{missing}' existiert nicht." in err
    code, _, err = _run(capsys, "--lang", "en", "status", "--round", str(missing))
    assert code == 2
    assert f"Error: Invalid value for '--round': Directory '{missing}' does not exist." in err


def test_an_extra_argument_and_a_number_out_of_range(capsys, tmp_path):
    code, _, err = _run(capsys, "check", "a.yaml", "b.yaml")
    assert (code, err.strip().split("\n")[-1]) == (
        2,
        "Fehler: Unerwartetes zusätzliches Argument (b.yaml)",
    )
    code, _, err = _run(capsys, "ingest", "--round", str(tmp_path), "--jobs", "0")
    assert code == 2
    assert "Fehler: Ungültiger Wert für '--jobs': 0 liegt nicht im Bereich x>=1." in err


def test_the_version_in_both_languages(capsys):
    assert _run(capsys, "--version")[:2] == (0, "praxis, Version 0.1.0\n")
    assert _run(capsys, "--lang", "en", "--version")[:2] == (0, "praxis, version 0.1.0\n")


def test_the_language_setting_of_the_process_is_left_as_it_was(capsys, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr")
    _run(capsys, "status", "--bogus")
    assert os.environ["LANGUAGE"] == "fr"
    monkeypatch.delenv("LANGUAGE")
    _run(capsys, "--help")
    assert "LANGUAGE" not in os.environ


def test_an_unknown_command_and_an_option_without_its_value(capsys, tmp_path):
    code, _, err = _run(capsys, "statu")
    assert (code, err.strip().split("\n")[-1]) == (
        2,
        "Fehler: Unbekannter Befehl 'statu'. Meinten Sie 'status'?",
    )
    code, _, err = _run(capsys, "--lang", "en", "statu")
    assert (code, err.strip().split("\n")[-1]) == (
        2,
        "Error: No such command 'statu'. Did you mean 'status'?",
    )
    code, _, err = _run(capsys, "review", "--round", str(tmp_path), "--accept")
    assert (code, err.strip().split("\n")[-1]) == (
        2,
        "Fehler: Die Option '--accept' braucht einen Wert.",
    )
    code, _, err = _run(capsys, "check")
    assert (code, err.strip().split("\n")[-1]) == (2, "Fehler: Es fehlt das Argument 'FRAGEBOGEN'.")
