"""Issue 10, point 18: when the environment fails (a full disk, a read-only round folder, a
damaged or locked store, a follow-up letter open in Word), praxis says what happened and
what to do, in the user's language; nothing handed in is lost; a letter that could not be
written is written by the next ingest; a letter a later return settles is removed."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER, fill_up, immutable, own_master_data

from pipeline import errors
from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.generate import generate_round
from pipeline.returns.ingest import store_path
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir

COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text()
)
INCOMPLETE = {k: v for k, v in COMPLETE.items() if k != "goals"}
LETTER = Path("reports") / "p03-rueckfrage.docx"


@pytest.fixture(scope="module")
def q():
    return load_questionnaire(BUNDLED)


def _round(target: Path) -> Path:
    """A round of the example's first five projects."""
    roster = target.parent / "roster.csv"
    roster.write_text("".join(ROSTER.read_text("utf-8").splitlines(True)[:6]), "utf-8")
    generate_round(BUNDLED, roster, target, deadline=None, formats=("xlsx",))
    return target


@pytest.fixture
def round_dir(tmp_path) -> Path:
    return _round(tmp_path / "round")


def _fill(rd: Path, q, pid: str, answers: dict[str, Any], target: Path) -> Path:
    answers = own_master_data(pid, answers)
    fill_xlsx(rd / RoundDir(rd).load().projects[pid].files["xlsx"], answers, target, q)
    return target


def _ingest(rd: Path, *sources: Path) -> int:
    return main(["--lang", "de", "--quiet", "ingest", "--round", str(rd), *map(str, sources)])


def _current(rd: Path) -> dict[str, str]:
    with Store(store_path(RoundDir(rd))) as store:
        return {s.project: s.outcome for s in store.submissions()}


def _pending(rd: Path) -> dict[str, str]:
    with Store(store_path(RoundDir(rd))) as store:
        return store.pending()


def _letter_text(path: Path) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(path).paragraphs)


# --- a follow-up letter that cannot be written ---------------------------------------------


def test_a_letter_that_cannot_be_written_does_not_stop_the_ingest(round_dir, q, capsys):
    """A folder where the letter belongs (on Windows: the letter open in Word)."""
    _fill(round_dir, q, "p03", INCOMPLETE, round_dir / "inbox" / "p03.xlsx")
    _fill(round_dir, q, "p04", COMPLETE, round_dir / "inbox" / "p04.xlsx")
    (round_dir / LETTER).mkdir(parents=True)
    assert _ingest(round_dir) == 1
    out = capsys.readouterr().out
    assert (
        "An der Stelle der Datei reports/p03-rueckfrage.docx liegt ein Ordner; die Datei konnte "
        "nicht geschrieben werden. Bitte benennen Sie den Ordner um oder verschieben Sie ihn, "
        "und führen Sie den Befehl erneut aus. Der Rücklauf von p03 ist gespeichert; das "
        "nächste praxis ingest (auch ohne neue Dateien) schreibt reports/p03-rueckfrage.docx."
    ) in out.splitlines()
    assert "Traceback" not in out and "unerwartet" not in out
    assert _current(round_dir) == {"p03": "incomplete", "p04": "accepted"}
    assert (round_dir / "reports" / "p03.md").is_file()
    assert (round_dir / "reports" / "p04.md").is_file()
    assert list(_pending(round_dir)) == ["p03"]

    # the folder is moved away; the next ingest, with no new files, writes the letter
    (round_dir / LETTER).rmdir()
    for path in (round_dir / "inbox").iterdir():
        path.unlink()
    assert _ingest(round_dir) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Jetzt geschrieben (vom letzten Einlesen übrig): reports/p03.md, "
        "reports/p03-rueckfrage.docx",
        f"Keine Dateien zum Einlesen in {round_dir / 'inbox'}.",
    ]
    assert "Frage 4.2" in _letter_text(round_dir / LETTER)
    assert _pending(round_dir) == {}
    assert _ingest(round_dir) == 0  # written once: nothing left to say
    assert capsys.readouterr().out.splitlines() == [
        f"Keine Dateien zum Einlesen in {round_dir / 'inbox'}."
    ]


def test_a_letter_settled_by_a_later_return_is_removed(round_dir, q, capsys):
    _fill(round_dir, q, "p03", INCOMPLETE, round_dir / "inbox" / "p03-first.xlsx")
    assert _ingest(round_dir) == 1
    assert (round_dir / LETTER).is_file()
    _fill(round_dir, q, "p03", COMPLETE, round_dir / "inbox" / "p03-second.xlsx")
    assert _ingest(round_dir) == 0
    assert not (round_dir / LETTER).exists()
    report = (round_dir / "reports" / "p03.md").read_text("utf-8").splitlines()
    assert "- Ergebnis: angenommen" in report
    assert report[-1] == (
        "Dieser Rücklauf beantwortet die Rückfrage reports/p03-rueckfrage.docx; der Brief "
        "wurde entfernt."
    )
    assert _current(round_dir) == {"p03": "accepted"}


def test_a_letter_open_in_word_is_settled_by_the_next_ingest(round_dir, q, capsys):
    _fill(round_dir, q, "p03", INCOMPLETE, round_dir / "inbox" / "p03-first.xlsx")
    assert _ingest(round_dir) == 1
    _fill(round_dir, q, "p03", COMPLETE, round_dir / "inbox" / "p03-second.xlsx")
    capsys.readouterr()
    with immutable(round_dir / LETTER):
        assert _ingest(round_dir) == 0
    out = capsys.readouterr().out
    assert (
        "reports/p03-rueckfrage.docx ist in einem anderen Programm geöffnet (oder "
        "schreibgeschützt) und konnte nicht ersetzt werden. Bitte schließen Sie die Datei "
        "(z. B. in Word oder Excel) und führen Sie den Befehl erneut aus. Der Rücklauf von p03 "
        "ist gespeichert; das nächste praxis ingest (auch ohne neue Dateien) schreibt "
        "reports/p03-rueckfrage.docx."
    ) in out.splitlines()
    assert _current(round_dir) == {"p03": "accepted"}
    assert (round_dir / LETTER).is_file()

    assert _ingest(round_dir) == 0  # the letter is closed now
    out = capsys.readouterr().out
    assert "Jetzt geschrieben (vom letzten Einlesen übrig): reports/p03.md" in out.splitlines()
    assert not (round_dir / LETTER).exists()
    report = (round_dir / "reports" / "p03.md").read_text("utf-8")
    assert "beantwortet die Rückfrage reports/p03-rueckfrage.docx" in report
    assert _pending(round_dir) == {}


# --- the store ---------------------------------------------------------------------------


def test_a_damaged_store_is_named_and_everything_can_be_read_in_again(round_dir, q, capsys):
    _fill(round_dir, q, "p01", COMPLETE, round_dir / "inbox" / "p01.xlsx")
    assert _ingest(round_dir) == 0
    db = store_path(RoundDir(round_dir))
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        extra.unlink(missing_ok=True)
    db.write_bytes(b"nonsense " * 1000)
    _fill(round_dir, q, "p02", COMPLETE, round_dir / "inbox" / "p02.xlsx")
    capsys.readouterr()
    message = (
        f"Fehler: Der Speicher der Runde {db} ist beschädigt (die Datei ist keine "
        f"SQLite-Datenbank). Es ist nichts verloren: Alle eingegangenen Dateien liegen "
        f"unverändert in "
        f"{round_dir / 'archive'}. Bitte stellen Sie {db} aus einer Sicherung wieder her, oder "
        f"benennen Sie die Datei um und lesen Sie alles neu ein: praxis ingest --round "
        f"{round_dir} {round_dir / 'archive'}"
    )
    assert _ingest(round_dir) == 1
    assert capsys.readouterr().err.splitlines() == [message]
    assert main(["--lang", "de", "status", "--round", str(round_dir)]) == 1
    assert capsys.readouterr().err.splitlines() == [message]

    # doing what the message says brings every return back
    db.rename(db.with_name("praxis-beschaedigt.sqlite"))
    assert _ingest(round_dir, round_dir / "archive") == 0
    assert _ingest(round_dir) == 0
    assert _current(round_dir) == {"p01": "accepted", "p02": "accepted"}


def test_a_locked_store_says_so_after_the_busy_timeout(round_dir, q, capsys, monkeypatch):
    _fill(round_dir, q, "p01", COMPLETE, round_dir / "inbox" / "p01.xlsx")
    assert _ingest(round_dir) == 0
    _fill(round_dir, q, "p02", COMPLETE, round_dir / "inbox" / "p02.xlsx")
    db = store_path(RoundDir(round_dir))
    monkeypatch.setattr(errors, "STORE_BUSY_SECONDS", 0.5)  # 60 s for people; tests are quick
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the store
    capsys.readouterr()
    try:
        assert _ingest(round_dir) == 1
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert capsys.readouterr().err.splitlines() == [
        f"Fehler: Der Speicher der Runde {db} wird gerade von einem anderen Programm benutzt "
        "(ein anderes praxis, das noch arbeitet, oder ein Programm, das die Datei geöffnet "
        "hat); praxis hat 0,5 Sekunden gewartet. Bitte warten Sie, bis es fertig ist, oder "
        "schließen Sie das Programm, und führen Sie den Befehl erneut aus; was bereits "
        "eingelesen ist, bleibt erhalten."
    ]
    assert _current(round_dir) == {"p01": "accepted"}
    assert _ingest(round_dir) == 0
    assert _current(round_dir) == {"p01": "accepted", "p02": "accepted"}


# --- a small disk of its own: full, read-only ----------------------------------------------


def test_a_full_disk_says_so_and_loses_nothing(disk, tmp_path, q, capsys):
    rd = _round(disk / "round")
    _fill(rd, q, "p01", COMPLETE, rd / "inbox" / "p01.xlsx")
    assert _ingest(rd) == 0
    returned = _fill(rd, q, "p02", COMPLETE, tmp_path / "p02.xlsx")
    before = returned.read_bytes()
    filler = fill_up(disk)
    capsys.readouterr()
    assert _ingest(rd, returned) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"Fehler: Die Festplatte ist voll: {rd}{os.sep}"), line
    assert line.endswith(
        " konnte nicht geschrieben werden. Bitte schaffen Sie Platz auf dem Laufwerk und führen "
        "Sie den Befehl erneut aus; was bereits eingelesen ist, bleibt erhalten."
    ), line
    assert returned.read_bytes() == before
    filler.unlink()
    assert _current(rd) == {"p01": "accepted"}
    assert _ingest(rd, returned) == 0
    assert _current(rd) == {"p01": "accepted", "p02": "accepted"}


def test_a_read_only_round_folder_says_so(disk, tmp_path, q, capsys):
    rd = _round(disk / "round")
    _fill(rd, q, "p01", COMPLETE, rd / "inbox" / "p01.xlsx")
    assert _ingest(rd) == 0
    returned = _fill(rd, q, "p02", COMPLETE, tmp_path / "p02.xlsx")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    try:
        capsys.readouterr()
        assert _ingest(rd, returned) == 1
        err = capsys.readouterr().err.splitlines()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert err == [
        f"Fehler: Der Ordner {rd} ist schreibgeschützt (ein schreibgeschütztes Laufwerk oder "
        f"Netzlaufwerk): {rd / '.praxis-lock'} konnte nicht geschrieben werden. Bitte arbeiten "
        "Sie mit einer Kopie der Runde auf einem beschreibbaren Laufwerk oder lassen Sie sich "
        "Schreibrechte geben, und führen Sie den Befehl erneut aus."
    ]
    assert _ingest(rd, returned) == 0
    assert _current(rd) == {"p01": "accepted", "p02": "accepted"}


def test_a_full_disk_while_a_report_is_written_in_english(round_dir, q, capsys, monkeypatch):
    """The disk fills while the report is written (injected where praxis meets the operating
    system): the return is stored, the report is written by the next ingest."""
    import errno

    import pipeline.round.folder as round_module

    _fill(round_dir, q, "p05", COMPLETE, round_dir / "inbox" / "p05.xlsx")
    real = round_module.os.replace

    def replace(src, dst):
        if str(dst).endswith(".md"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(round_module.os, "replace", replace)
    assert main(["--lang", "en", "--quiet", "ingest", "--round", str(round_dir)]) == 0
    monkeypatch.setattr(round_module.os, "replace", real)
    assert (
        "The disk is full: reports/p05.md could not be written. Please free some space on the "
        "drive and run the command again; what was already read in is kept. The return of p05 "
        "is stored; the next praxis ingest (also without new files) writes reports/p05.md."
    ) in capsys.readouterr().out.splitlines()
    assert _current(round_dir) == {"p05": "accepted"}
    assert not (round_dir / "reports" / "p05.md").exists()
    assert main(["--lang", "en", "--quiet", "ingest", "--round", str(round_dir)]) == 0
    assert (
        "Written now (left over from an earlier ingest): reports/p05.md"
        in capsys.readouterr().out.splitlines()
    )
    assert "- Outcome: accepted" in (round_dir / "reports" / "p05.md").read_text("utf-8")


def test_the_archive_copy_comes_first_and_a_full_disk_there_loses_nothing(
    round_dir, q, capsys, monkeypatch
):
    """The disk fills while the return is copied into the archive (injected where praxis
    meets the operating system): nothing is recorded, the inbox is untouched, the next
    ingest takes the return."""
    import errno
    import hashlib

    returned = _fill(round_dir, q, "p02", COMPLETE, round_dir / "inbox" / "p02.xlsx")
    data = returned.read_bytes()
    archived = round_dir / "archive" / f"{hashlib.sha256(data).hexdigest()}.xlsx"
    real = os.replace

    def replace(src, dst):
        if Path(dst).parent.name == "archive":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert _ingest(round_dir) == 1
    monkeypatch.setattr(os, "replace", real)
    assert capsys.readouterr().err.splitlines() == [
        f"Fehler: Die Festplatte ist voll: {archived} konnte nicht geschrieben werden. Bitte "
        "schaffen Sie Platz auf dem Laufwerk und führen Sie den Befehl erneut aus; was bereits "
        "eingelesen ist, bleibt erhalten."
    ]
    assert returned.read_bytes() == data and not archived.exists()
    assert list((round_dir / "archive").iterdir()) == []  # no half copy left behind
    assert _current(round_dir) == {}
    assert _ingest(round_dir) == 0
    assert archived.read_bytes() == data
    assert _current(round_dir) == {"p02": "accepted"}
