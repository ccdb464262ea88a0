"""Issue 10, points 1-3 and 20: no return silently replaces good answers.

Real generated rounds, forms filled the way a person would, and the saved time set the way
an office program sets it (``docProps/core.xml``) or left to the file's time.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from conftest import COMPLETE, fill_return, form_of, own_master_data

from pipeline.cli import main
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.returns.answers import current_submissions
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.status import round_status
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir


def _answers(pid: str, *missing: str, **changed: Any) -> dict[str, Any]:
    answers = own_master_data(pid, {**COMPLETE, "project_name": f"Projekt {pid}", **changed})
    return {k: v for k, v in answers.items() if k not in missing}


def fill(rd: Path, q, pid: str, name: str, answers: dict[str, Any], saved: str | None = None):
    """Fill the project's form (format by ``name``) as a person would, into the inbox;
    ``saved``: the time an office program writes as the document's modified time."""
    target = rd / "inbox" / name
    target.parent.mkdir(exist_ok=True)
    fill_return(rd, q, pid, own_master_data(pid, answers), target)
    if saved is not None:
        office_save(target, saved)
    return target


def office_save(path: Path, modified: str | None) -> None:
    """Rewrite docProps/core.xml as Word, Excel or LibreOffice do on saving: the document's
    own modified time (None: no modified time at all)."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info)) for info in z.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "docProps/core.xml":
                pattern = rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>"
                value = b"" if modified is None else rb"<dcterms:modified\1>" + modified.encode()
                value += b"" if modified is None else b"</dcterms:modified>"
                data, count = re.subn(pattern, value, data)
                assert count == 1
                data = data.replace(b"<cp:lastModifiedBy>praxis<", b"<cp:lastModifiedBy>Jana<")
            z.writestr(info, data)
    path.write_bytes(out.getvalue())


def _set_mtime(path: Path, iso: str) -> None:
    import datetime as dt

    stamp = dt.datetime.fromisoformat(iso).timestamp()
    os.utime(path, (stamp, stamp))


def _history(rd: Path, pid: str) -> list[tuple[str, bool, str | None]]:
    with Store(store_path(RoundDir(rd))) as store:
        return [(s.file_name, s.current, s.review) for s in store.project_submissions(pid)]


def _current(rd: Path) -> dict[str, dict[str, Any]]:
    return {s.project: s.answers for s in current_submissions(RoundDir(rd))}


def _rows(rd: Path, table: str, leave_out: set[str]) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(store_path(RoundDir(rd)))
    db.row_factory = sqlite3.Row
    rows = [
        tuple(v for k, v in dict(r).items() if k not in leave_out)
        for r in db.execute(f"SELECT * FROM {table} ORDER BY 1")
    ]
    db.close()
    return rows


def _snapshot(rd: Path) -> dict[str, Any]:
    """Every row of the store and every file of the archive and the reports."""
    db = sqlite3.connect(store_path(RoundDir(rd)))
    rows = {
        table: db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("projects", "files", "submissions", "events")
    }
    db.close()
    files = {
        p.relative_to(rd).as_posix(): p.read_bytes()
        for folder in ("archive", "reports")
        for p in sorted((rd / folder).rglob("*"))
        if p.is_file()
    }
    return {"rows": rows, "files": files}


# --- 1. the blank form sent back -----------------------------------------------------------


def test_the_blank_form_sent_back_is_refused_and_changes_nothing(rd, q, capsys):
    fill(rd, q, "p01", "p01-antwort.xlsx", _answers("p01"))
    ingest(rd, lang="en")
    before = _snapshot(rd)
    inbox = rd / "inbox"
    shutil.rmtree(inbox)
    inbox.mkdir()
    shutil.copy(form_of(rd, "p01", "xlsx"), inbox / "Fragebogen p01 zurück.xlsx")
    shutil.copy(form_of(rd, "p01", "docx"), inbox / "p01.docx")
    assert main(["--lang", "en", "--quiet", "ingest", "--round", str(rd)]) == 1
    out = capsys.readouterr().out
    assert (
        "Fragebogen p01 zurück.xlsx: this is the blank form sent to p01, not a return. "
        "Nothing was read or changed; if the project meant to send its answers, please ask "
        "it for the filled form."
    ) in out
    assert "p01.docx: this is the blank form sent to p01, not a return." in out
    assert "Of these: 0 to review, 0 saved earlier (kept in the history), 2 blank forms" in out
    assert _snapshot(rd) == before  # no file, submission, event, report or letter
    assert _current(rd) == {"p01": _answers("p01")}
    assert not (rd / "reports" / "p01-rueckfrage.docx").exists()


def test_ingesting_the_forms_folder_by_mistake_changes_nothing(rd, q, capsys):
    fill(rd, q, "p02", "p02.docx", _answers("p02", "goals"))  # incomplete: has a letter
    ingest(rd, lang="de")
    before = _snapshot(rd)
    assert main(["--quiet", "ingest", "--round", str(rd), str(rd / "forms")]) == 1
    out = capsys.readouterr().out
    assert out.count("das ist das leere Formular, das an p") == 24
    assert "das ist das leere Formular, das an p07 verschickt wurde, keine Rückgabe." in out
    assert "Davon: 0 zur Prüfung, 0 früher gespeichert (im Verlauf), 24 leere Formulare" in out
    assert _snapshot(rd) == before
    assert set(_current(rd)) == {"p02"}


# --- 2. a return that answers less ---------------------------------------------------------


def test_a_return_that_answers_less_waits_for_review_until_accepted(rd, q, capsys):
    fill(rd, q, "p03", "p03.xlsx", _answers("p03"), saved="2026-03-01T09:00:00Z")
    ingest(rd, lang="en")
    less = _answers("p03", "goals", "remarks", pitfalls="Neu formuliert.")
    fill(rd, q, "p03", "p03-neu.xlsx", less, saved="2026-03-05T16:30:00Z")
    report = ingest(rd, [rd / "inbox" / "p03-neu.xlsx"], lang="en")
    assert [(r.path.name, r.outcome) for r in report.results] == [("p03-neu.xlsx", "needs_review")]
    assert _current(rd) == {"p03": _answers("p03")}  # what aggregate and compile use
    assert _history(rd, "p03") == [
        ("p03.xlsx", True, None),
        ("p03-neu.xlsx", False, "needs_review"),
    ]
    assert not (rd / "reports" / "p03-rueckfrage.docx").exists()  # no letter for it
    text = (rd / "reports" / "p03.md").read_text("utf-8")
    assert "- File: p03.xlsx" in text
    assert (
        "Current: p03.xlsx (saved 1 March 2026 09:00 UTC by the document's own saved time)."
        " A return saved later answers less and waits for your review" in text
    )
    assert (
        "- p03-neu.xlsx: needs review: answers less than the current return (missing: "
        "4.2 What do you want to achieve with the project?, 11.3 Remarks for the coordination "
        "office (not published)); saved 5 March 2026 16:30 UTC" in text
    )
    assert '`praxis review --round ROUND --accept "p03-neu.xlsx"`' in text

    (row,) = [r for r in round_status(rd)[1] if r.project == "p03"]
    assert [w.file for w in row.waiting] == ["p03-neu.xlsx"]
    capsys.readouterr()
    assert main(["--lang", "en", "status", "--round", str(rd), "--check"]) == 1  # issue 13.6
    out = capsys.readouterr().out
    assert "1 return needs your review." in out
    assert "  p03: p03-neu.xlsx (current: p03.xlsx); missing there: 4.2 What do you" in out

    assert main(["--lang", "en", "review", "--round", str(rd), "--accept", "p03-neu.xlsx"]) == 0
    out = capsys.readouterr().out
    assert "p03-neu.xlsx is taken over for p03. Current return: p03-neu.xlsx." in out
    assert _current(rd) == {"p03": less}
    assert _history(rd, "p03") == [("p03.xlsx", False, None), ("p03-neu.xlsx", True, "accepted")]
    with Store(store_path(RoundDir(rd))) as store:
        (event,) = [e for e in store.events() if e["kind"].startswith("review")]
    assert event["kind"] == "review_accepted" and event["project"] == "p03"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", event["time"])
    text = (rd / "reports" / "p03.md").read_text("utf-8")
    assert "Current: p03-neu.xlsx, accepted after review" in text
    assert "- p03.xlsx: in the history (saved earlier)" in text
    assert (rd / "reports" / "p03-rueckfrage.docx").exists()  # now current and incomplete
    args = ["--lang", "en", "status", "--round", str(rd), "--check"]  # issue 13.6: --check
    assert main(args) == 1  # incomplete, no review
    assert "need your review" not in capsys.readouterr().out


def test_keep_current_leaves_the_return_in_the_history_as_decided(rd, q, capsys):
    fill(rd, q, "p04", "p04.docx", _answers("p04"), saved="2026-03-01T09:00:00Z")
    fewer_rows = _answers("p04", partners=COMPLETE["partners"][:1])
    path = fill(rd, q, "p04", "p04-b.docx", fewer_rows, saved="2026-03-02T09:00:00Z")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    report = ingest(rd, lang="de")  # p04-b.docx is read first: it waits all the same
    assert [(r.path.name, r.outcome) for r in report.results] == [
        ("p04-b.docx", "needs_review"),
        ("p04.docx", "accepted"),
    ]
    assert "Prüfung nötig" in (rd / "reports" / "p04.md").read_text("utf-8")
    args = ["--lang", "de", "review", "--round", str(rd), "--keep-current"]
    assert main([*args, f"archive/{sha}.docx"]) == 0
    out = capsys.readouterr().out
    assert "p04-b.docx bleibt im Verlauf von p04. Aktuelle Rückgabe: p04.docx." in out
    assert _history(rd, "p04") == [("p04-b.docx", False, "kept"), ("p04.docx", True, None)]
    assert round_status(rd)[1][3].waiting == ()
    text = (rd / "reports" / "p04.md").read_text("utf-8")
    assert "später gespeicherte Rückgaben wurden nach Prüfung nicht übernommen" in text
    assert "- p04-b.docx: im Verlauf (nach Prüfung nicht übernommen)" in text
    with Store(store_path(RoundDir(rd))) as store:
        kinds = [e["kind"] for e in store.events()]
    assert kinds == ["accepted", "accepted", "needs_review", "review_kept"]
    # decided: a second decision on it is refused with the reason
    assert main([*args, sha[:12]]) == 2
    err = capsys.readouterr().err
    assert f"„{sha[:12]}“ wartet nicht auf Prüfung" in err
    assert "keine Rückgabe wartet auf Prüfung" in err


def test_a_return_that_adds_or_changes_becomes_current_but_one_swapping_answers_waits(rd, q):
    fill(rd, q, "p05", "a.xlsx", _answers("p05", "remarks"), saved="2026-03-01T09:00:00Z")
    changes = {"goals": "Geändert.", "phenomena": ["right_wing"]}  # no "other" any more
    more = _answers("p05", "phenomena_other", **changes)  # adds remarks, changes the rest
    fill(rd, q, "p05", "b.xlsx", more, saved="2026-03-02T09:00:00Z")
    swapped = _answers("p05", "phenomena_other", "pitfalls", **changes)
    fill(rd, q, "p05", "c.xlsx", swapped, saved="2026-03-03T09:00:00Z")  # same count
    report = ingest(rd, lang="en")
    assert [r.outcome for r in report.results] == ["older", "accepted", "needs_review"]
    assert _current(rd)["p05"] == more  # "other" text gone with the choice: a change
    assert _history(rd, "p05")[2] == ("c.xlsx", False, "needs_review")


def test_review_names_what_it_cannot_find(rd, q, capsys):
    fill(rd, q, "p06", "p06.xlsx", _answers("p06"), saved="2026-03-01T09:00:00Z")
    fill(rd, q, "p06", "p06-2.xlsx", _answers("p06", "goals"), saved="2026-03-02T09:00:00Z")
    ingest(rd, lang="en")
    args = ["--lang", "en", "review", "--round", str(rd)]
    assert main([*args, "--accept", "p07.xlsx"]) == 2
    err = capsys.readouterr().err
    assert "No ingested return matches “p07.xlsx”." in err
    assert "Waiting for review: p06: p06-2.xlsx (" in err
    assert main(args) == 2
    assert "Give either --accept FILE or --keep-current FILE." in capsys.readouterr().err
    assert main(["review", "--help"]) == 0
    assert "SHA-256" in capsys.readouterr().out
    # the path of the file in the inbox names it too
    assert main([*args, "--accept", str(rd / "inbox" / "p06-2.xlsx")]) == 0
    assert _history(rd, "p06") == [("p06-2.xlsx", True, "accepted"), ("p06.xlsx", False, None)]


# --- 3. which return is newer --------------------------------------------------------------


def test_the_copy_saved_later_wins_whatever_its_name_in_one_batch(rd, q):
    fill(rd, q, "p04", "p04.docx", _answers("p04", goals="Alt."), saved="2026-03-01T09:00:00Z")
    new = _answers("p04", goals="Neu.")
    fill(rd, q, "p04", "p04 (1).docx", new, saved="2026-03-02T10:15:00Z")
    report = ingest(rd, lang="en")
    assert [(r.path.name, r.outcome) for r in report.results] == [
        ("p04 (1).docx", "accepted"),
        ("p04.docx", "older"),
    ]
    assert _current(rd)["p04"] == new
    text = (rd / "reports" / "p04.md").read_text("utf-8")
    assert "- File: p04 (1).docx" in text
    assert (
        "Current: p04 (1).docx, the return saved last (saved 2 March 2026 10:15 UTC "
        "by the document's own saved time)." in text
    )
    assert "- p04.docx: in the history (saved earlier); saved 1 March 2026 09:00 UTC" in text


def test_an_older_save_read_later_goes_into_the_history(rd, q):
    new = _answers("p08", goals="Neu.")
    fill(rd, q, "p08", "neu.xlsx", new, saved="2026-03-02T10:15:00+01:00")
    ingest(rd, lang="en")
    fill(rd, q, "p08", "alt.xlsx", _answers("p08", goals="Alt."), saved="2026-03-02T09:14:00Z")
    report = ingest(rd, [rd / "inbox" / "alt.xlsx"], lang="en")
    assert [r.outcome for r in report.results] == ["older"]
    assert _current(rd)["p08"] == new
    assert _history(rd, "p08") == [("neu.xlsx", True, None), ("alt.xlsx", False, None)]
    assert not (rd / "reports" / "p08-rueckfrage.docx").exists()


def test_without_a_document_time_the_file_time_decides(rd, q):
    # the Word filler keeps the blank form's own time: no office program saved it
    first = fill(rd, q, "p09", "p09 (1).docx", _answers("p09", goals="Neu."))
    second = fill(rd, q, "p09", "p09.docx", _answers("p09", goals="Alt."))
    _set_mtime(first, "2026-03-04T12:00:00+00:00")
    _set_mtime(second, "2026-03-03T12:00:00+00:00")
    third = fill(rd, q, "p10", "p10 (1).xlsx", _answers("p10", goals="Neu."), saved=None)
    office_save(third, None)  # no dcterms:modified at all
    fourth = fill(rd, q, "p10", "p10.xlsx", _answers("p10", goals="Alt."))
    office_save(fourth, None)
    _set_mtime(third, "2026-03-04T12:00:00+00:00")
    _set_mtime(fourth, "2026-03-03T12:00:00+00:00")
    report = ingest(rd, lang="en")
    outcomes = {r.path.name: r.outcome for r in report.results}
    assert outcomes == {
        "p09 (1).docx": "accepted",
        "p09.docx": "older",
        "p10 (1).xlsx": "accepted",
        "p10.xlsx": "older",
    }
    assert _current(rd)["p09"]["goals"] == "Neu." and _current(rd)["p10"]["goals"] == "Neu."
    text = (rd / "reports" / "p09.md").read_text("utf-8")
    assert "Current: p09 (1).docx, the return saved last (saved 4 March 2026 12:00 UTC " in text
    assert "by the file's time stamp)." in text


# --- 20. archive integrity ---------------------------------------------------------------


def test_the_archive_holds_exactly_the_bytes_that_were_hashed(rd, q, monkeypatch):
    path = fill(rd, q, "p01", "p01.xlsx", _answers("p01", goals="Erste."))
    other = rd.parent / "p02.xlsx"
    fill_xlsx(form_of(rd, "p02", "xlsx"), _answers("p02"), other, q)
    replacement = other.read_bytes()
    real_open = Path.open
    opened: list[Path] = []

    def sync_client(self, *args, **kwargs):  # replaces the file once praxis has read it
        mode = args[0] if args else kwargs.get("mode", "r")
        if self == path and "r" in mode:
            opened.append(self)
            if len(opened) == 2:
                with open(os.fspath(path), "wb") as handle:
                    handle.write(replacement)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", sync_client)
    report = ingest(rd, [path], lang="en")
    monkeypatch.undo()
    (result,) = report.results
    archived = rd / "archive" / f"{result.sha256}.xlsx"
    assert hashlib.sha256(archived.read_bytes()).hexdigest() == result.sha256
    for copy in (rd / "archive").iterdir():
        assert hashlib.sha256(copy.read_bytes()).hexdigest() == copy.name.split(".")[0]
    assert (result.outcome, result.project) == ("accepted", "p01")
    assert _current(rd) == {"p01": _answers("p01", goals="Erste.")}


def test_workers_settle_blank_older_and_waiting_returns_as_this_process_does(rd, q, tmp_path):
    returns = tmp_path / "returns"
    returns.mkdir()
    shutil.copy(form_of(rd, "p01", "docx"), returns / "blank.docx")
    for pid in ("p02", "p03"):
        fill(rd, q, pid, f"{pid}.xlsx", _answers(pid), saved="2026-03-01T09:00:00Z")
        fewer = _answers(pid, "goals")
        fill(rd, q, pid, f"{pid}-b.xlsx", fewer, saved="2026-03-02T09:00:00Z")
        fill(rd, q, pid, f"{pid}-c.docx", _answers(pid), saved="2026-02-01T09:00:00Z")
    for path in (rd / "inbox").iterdir():
        shutil.move(path, returns / path.name)
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(rd, one)
    shutil.copytree(rd, two)
    sequential = ingest(one, [returns], "en", jobs=1)
    pooled = ingest(two, [returns], "en", jobs=2)
    outcomes = {r.path.name: r.outcome for r in pooled.results}
    assert outcomes == {
        "blank.docx": "blank",
        "p02-b.xlsx": "needs_review",
        "p02-c.docx": "older",
        "p02.xlsx": "accepted",
        "p03-b.xlsx": "needs_review",
        "p03-c.docx": "older",
        "p03.xlsx": "accepted",
    }
    untimed = [(r.path.name, r.sha256, r.outcome, r.project, r.reason) for r in pooled.results]
    assert untimed == [
        (r.path.name, r.sha256, r.outcome, r.project, r.reason) for r in sequential.results
    ]
    snap_one, snap_two = _snapshot(one), _snapshot(two)
    assert snap_one["files"].keys() == snap_two["files"].keys()
    for name in ("p02.md", "p03.md"):
        assert snap_one["files"][f"reports/{name}"] == snap_two["files"][f"reports/{name}"]
    timeless = {"received", "time"}
    for table in ("files", "submissions", "events"):
        assert _rows(one, table, timeless) == _rows(two, table, timeless)
    assert [w.file for w in pooled.waiting] == ["p02-b.xlsx", "p03-b.xlsx"]


OLD_SUBMISSIONS = """CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL REFERENCES projects(id),
    file_sha256 TEXT NOT NULL REFERENCES files(sha256),
    received TEXT NOT NULL, questionnaire TEXT NOT NULL, version TEXT NOT NULL,
    format TEXT NOT NULL, answers TEXT NOT NULL, issues TEXT NOT NULL, coercions TEXT NOT NULL,
    outcome TEXT NOT NULL, current INTEGER NOT NULL DEFAULT 0
)"""
"""The submissions table as stores made before saved times and reviews have it."""


def test_a_store_made_before_saved_times_is_settled_by_the_time_received(rd, q):
    db = sqlite3.connect(store_path(RoundDir(rd)))
    db.execute(OLD_SUBMISSIONS)
    db.commit()
    db.close()
    fill(rd, q, "p11", "first.xlsx", _answers("p11"))
    ingest(rd, lang="en")
    db = sqlite3.connect(store_path(RoundDir(rd)))
    db.execute("UPDATE submissions SET saved = NULL, saved_from = NULL")  # as made before
    db.commit()
    db.close()
    fill(rd, q, "p11", "second.xlsx", _answers("p11", "goals"), saved="2030-01-01T00:00:00Z")
    report = ingest(rd, [rd / "inbox" / "second.xlsx"], lang="en")
    assert [r.outcome for r in report.results] == ["needs_review"]
    text = (rd / "reports" / "p11.md").read_text("utf-8")
    assert "by the time it was read in (saved time unknown)" in text
