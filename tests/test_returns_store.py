"""pipeline.returns.store: the SQLite file of a round, its layout version and the migration of
an older round's store (tests/data/store-v1.sqlite, made by tests/data/make_store_v1.py with
the code of 840561d, before the store carried a version)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline.cli import main
from pipeline.errors import StoreTooNew
from pipeline.problems import Problem, ProblemCode, Severity
from pipeline.returns.store import SCHEMA_VERSION, FileRecord, Store, SubmissionRecord
from pipeline.returns.submission import Coercion, Outcome
from pipeline.round.folder import RoundDir

V1 = ROOT / "tests" / "data" / "store-v1.sqlite"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "praxis.sqlite"
    shutil.copyfile(V1, target)
    return target


def _user_version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("PRAGMA user_version").fetchone()[0])
    finally:
        db.close()


def test_the_fixture_is_a_store_without_a_version():
    assert _user_version(V1) == 0
    assert SCHEMA_VERSION == 4


def test_a_store_of_the_old_code_opens_migrated_and_keeps_every_submission(tmp_path):
    path = _copy(tmp_path)
    with Store(path) as store:
        assert store.version == 4
        subs = store.submissions()
        files = store.files()
        events = store.events()
    assert _user_version(path) == 4
    assert [(s.project, s.outcome, s.current, s.file_name) for s in subs] == [
        ("p01", Outcome.ACCEPTED, True, "p01-returned.xlsx"),
        ("p02", Outcome.INCOMPLETE, True, "p02-returned.xlsx"),
        ("p03", Outcome.ACCEPTED, True, "p03-returned.xlsx"),
    ]
    p02 = subs[1]
    assert p02.answers["project_name"] == "Projekt p02"
    assert p02.answers["staff_fte"] == 2.5
    assert "goals" not in p02.answers and "target_groups" not in p02.answers
    assert [(p.code, p.severity) for p in p02.problems] == [
        (ProblemCode.MISSING, Severity.ERROR),
        (ProblemCode.MISSING, Severity.ERROR),
    ]
    assert [(f.name, f.outcome, f.reason) for f in files if f.outcome == "rejected"] == [
        ("p04.docx", Outcome.REJECTED, "Die Datei ist leer.")
    ]
    assert [e["kind"] for e in events][-1] == "store_migrated"
    assert events[-1]["detail"] == "1 -> 4"
    with Store(path) as store:  # opened again: nothing more to do
        assert [e["kind"] for e in store.events()].count("store_migrated") == 1


def test_a_store_that_lacks_the_later_columns_gets_them(tmp_path):
    path = _copy(tmp_path)
    db = sqlite3.connect(path)
    for column in ("review", "saved_from", "saved"):
        db.execute(f"ALTER TABLE submissions DROP COLUMN {column}")
    db.commit()
    db.close()
    with Store(path) as store:
        subs = store.submissions()
    assert [(s.project, s.saved, s.saved_from, s.review) for s in subs] == [
        ("p01", "", "", None),
        ("p02", "", "", None),
        ("p03", "", "", None),
    ]


def test_a_store_of_a_newer_praxis_is_refused_unchanged(tmp_path):
    path = _copy(tmp_path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 5")
    db.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreTooNew) as caught:
        Store(path)
    assert (caught.value.found, caught.value.known) == (5, 4)
    assert caught.value.message("en") == (
        f"The round's store {path} was written by a newer version of praxis (store format 5; "
        "this version knows the formats up to 4). Please go on with the newer praxis the "
        "round was last worked on with; praxis left the file unchanged."
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["praxis.sqlite"]  # no WAL made


def test_the_cli_names_the_newer_store_in_german_and_english_without_a_traceback(rd, capsys):
    store = RoundDir(rd).store
    shutil.copyfile(V1, store)
    db = sqlite3.connect(store)
    db.execute("PRAGMA user_version = 7")
    db.close()
    assert main(["status", "--round", str(rd)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"Fehler: Der Speicher der Runde {store} wurde von einer neueren praxis-Version "
        "geschrieben (Speicherformat 7; diese praxis-Version kennt die Formate bis 4). Bitte "
        "arbeiten Sie mit der neueren praxis-Version weiter, mit der die Runde zuletzt "
        "bearbeitet wurde; praxis hat die Datei nicht verändert.\n"
    )
    assert main(["--lang", "en", "ingest", "--round", str(rd)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: The round's store {store} was written by a newer version")
    assert "Traceback" not in err
    assert _user_version(store) == 7


def _record(project: str, sha: str, outcome: Outcome) -> SubmissionRecord:
    problem = Problem(
        ProblemCode.MISSING,
        "Frage 4.2 Ziele: bitte beantworten.",
        question="goals",
        location="Fragebogen!D30",
    )
    return SubmissionRecord(
        project=project,
        file_sha256=sha,
        received="2030-01-02T09:00:00.000000Z",
        questionnaire="promising-practices",
        version="2025.1",
        format="xlsx",
        answers={"project_name": "Netz & Co", "staff_fte": 2.5},
        issues=[problem] if outcome == Outcome.INCOMPLETE else [],
        coercions=[Coercion("staff_fte", "'2,5' gelesen als 2.5", "2,5", 2.5)],
        outcome=outcome,
        saved="2030-01-01T08:00:00Z",
        saved_from="document",
    )


def test_a_new_store_records_submissions_as_one_record_each(tmp_path):
    path = tmp_path / "new" / "praxis.sqlite"
    with Store(path) as store, store.transaction() as db:
        store.upsert_project(
            db,
            id="p01",
            name="Eins",
            organisation="",
            email="",
            contact="",
            language="de",
            token="t",
        )
        for n, outcome in enumerate((Outcome.INCOMPLETE, Outcome.ACCEPTED)):
            sha = f"{n:064d}"
            store.add_file(
                db,
                FileRecord(
                    sha, f"r{n}.xlsx", 10, "2030-01-02", f"archive/{sha}.xlsx", "p01", outcome, None
                ),
            )
            store.add_submission(db, _record("p01", sha, outcome))
    assert _user_version(path) == 4
    with Store(path) as store:
        assert store.events() == []  # a new store is made at the current version, no migration
        history = store.project_submissions("p01")
        (current,) = store.submissions()
    assert [(s.file_name, s.current, s.outcome) for s in history] == [
        ("r0.xlsx", False, Outcome.INCOMPLETE),
        ("r1.xlsx", True, Outcome.ACCEPTED),
    ]
    first = history[0]
    assert first.issues == [
        {
            "code": "missing",
            "severity": "error",
            "question": "goals",
            "location": "Fragebogen!D30",
            "message": "Frage 4.2 Ziele: bitte beantworten.",
        }
    ]
    assert first.problems[0].code is ProblemCode.MISSING
    assert first.changes == [Coercion("staff_fte", "'2,5' gelesen als 2.5", "2,5", 2.5)]
    assert (current.saved, current.saved_from) == ("2030-01-01T08:00:00Z", "document")
    with Store(path) as store:  # the current one's time, without reading its answers
        assert store.current_received() == {"p01": current.received}


def test_the_event_log_is_append_only(tmp_path):
    with Store(tmp_path / "praxis.sqlite") as store:
        with store.transaction() as db:
            store.log(db, "2030-01-01T00:00:00Z", "accepted", None, None, "r.xlsx")
        refused = pytest.raises(sqlite3.IntegrityError, match="append-only")
        with refused, store.transaction() as db:
            db.execute("UPDATE events SET detail = 'x'")
        refused = pytest.raises(sqlite3.IntegrityError, match="append-only")
        with refused, store.transaction() as db:
            db.execute("DELETE FROM events")
        assert [e["detail"] for e in store.events()] == ["r.xlsx"]


def test_a_store_of_layout_2_gets_the_mail_media_and_review_tables(tmp_path):
    path = _copy(tmp_path)
    with Store(path):
        pass
    db = sqlite3.connect(path)
    db.execute("DROP TABLE mails")
    db.execute("DROP TABLE media")
    db.execute("ALTER TABLE files DROP COLUMN mail_sha256")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.version == 4
        assert [e["detail"] for e in store.events() if e["kind"] == "store_migrated"] == [
            "1 -> 4",
            "2 -> 4",
        ]
        assert [f.mail_sha256 for f in store.files()] == [None, None, None, None]
    db = sqlite3.connect(path)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    db.close()
    assert {"mails", "media", "reviews", "corrections"} <= tables
