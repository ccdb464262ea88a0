"""Issue 10, point 18, variants: a compendium or tables folder one may not write in is named as
such (not as a file open in Word), and a generate that fills the disk names the file in the
round it could not write, not one in the temporary folder it built the round in."""

from __future__ import annotations

import os

import pytest
from conftest import BUNDLED, ROSTER, immutable
from test_compendium import make_round

from pipeline.cli import main


@pytest.mark.parametrize(
    ("command", "folder", "file"),
    [("compile", "compendium", "compendium-de.docx"), ("aggregate", "tables", "answers.xlsx")],
)
def test_a_folder_one_may_not_write_in_is_named(tmp_path, capsys, command, folder, file):
    rd = make_round(tmp_path / "r")
    assert main(["--lang", "de", "-q", command, "--round", str(rd)]) in (0, 1)
    before = (rd / folder / file).read_bytes()
    capsys.readouterr()
    with immutable(rd / folder):
        assert main(["--lang", "de", "-q", command, "--round", str(rd)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"Fehler: Sie haben keine Schreibrechte im Ordner {rd / folder}: {rd / folder / file} "
        "konnte nicht geschrieben werden."
    ), err
    assert (rd / folder / file).read_bytes() == before


def test_generate_on_a_full_disk_names_the_file_in_the_round(small_disk, capsys):
    target = small_disk / "runde"
    args = ["generate", str(BUNDLED), "--roster", str(ROSTER), "--round", str(target)]
    assert main(["--lang", "de", "-q", *args]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"Fehler: Die Festplatte ist voll: {target}{os.sep}"), line
    assert ".praxis-new" not in line
    assert not target.exists()
    assert [p.name for p in small_disk.iterdir() if not p.name.endswith("praxis-lock")] == []


def test_a_folder_in_place_of_the_store_is_named(tmp_path, capsys):
    rd = make_round(tmp_path / "r")
    store = rd / "praxis.sqlite"
    store.rename(rd / "praxis.sqlite.bak")
    store.mkdir()
    for command in ("status", "aggregate", "compile"):
        capsys.readouterr()
        assert main(["--lang", "de", "-q", command, "--round", str(rd)]) == 1
        assert capsys.readouterr().err == (
            f"Fehler: An der Stelle der Datei {store} liegt ein Ordner; die Datei konnte nicht "
            "geschrieben werden. Bitte benennen Sie den Ordner um oder verschieben Sie ihn, und "
            "führen Sie den Befehl erneut aus.\n"
        ), command
