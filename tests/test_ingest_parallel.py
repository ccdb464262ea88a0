"""praxis ingest in worker processes gives exactly what the sequential ingest gives."""

from __future__ import annotations

import json
import operator
import os
import shutil
import sqlite3
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER

import pipeline.returns.ingest as ingest_module
from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.generate import generate_round
from pipeline.forms.word.filler import fill_docx
from pipeline.returns.ingest import ingest, store_path
from pipeline.round.folder import RoundDir
from pipeline.round.roster import read_roster

COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text()
)


def _answers(pid: str, *missing: str, **changed: Any) -> dict[str, Any]:
    p = next(p for p in read_roster(ROSTER) if p.id == pid)  # its own master data, not p01's
    own = {"organisation": p.organisation, "contact_name": p.contact, "contact_email": p.email}
    answers = {**COMPLETE, **own, "project_name": f"Projekt {pid}", **changed}
    return {k: v for k, v in answers.items() if k not in missing}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh round (Word and Excel forms) and a folder of returns of every kind."""
    base = tmp_path_factory.mktemp("parallel")
    rd = base / "round"
    generate_round(BUNDLED, ROSTER, rd, formats=("docx", "xlsx"))
    record = RoundDir(rd).load()
    q = load_questionnaire(BUNDLED)
    returns = base / "returns"
    returns.mkdir()

    def form(pid: str, fmt: str) -> Path:
        return rd / record.projects[pid].files[fmt]

    fill_docx(form("p01", "docx"), _answers("p01"), returns / "p01.docx", q)
    fill_xlsx(form("p02", "xlsx"), _answers("p02"), returns / "p02.xlsx", q)
    # incomplete, in English (p11): the letter is checked again in the project's language
    fill_docx(form("p11", "docx"), _answers("p11", "goals"), returns / "p11.docx", q)
    fill_xlsx(
        form("p04", "xlsx"), _answers("p04", "goals", "target_groups"), returns / "p04.xlsx", q
    )
    typed = {"staff_fte": "2,5", "start_date": "12.10.2023", "participants_per_year": "1.234"}
    fill_xlsx(form("p05", "xlsx"), _answers("p05", **typed), returns / "p05.xlsx", q)
    fill_xlsx(form("p06", "xlsx"), _answers("p06", goals="Erste."), returns / "p06-a.xlsx", q)
    fill_docx(form("p06", "docx"), _answers("p06", goals="Zweite."), returns / "p06-b.docx", q)
    shutil.copy(returns / "p02.xlsx", returns / "p02-again.xlsx")  # read first: sorted
    (returns / "notes.txt").write_text("Bitte melden Sie sich.", encoding="utf-8")
    (returns / "notes-again.txt").write_text("Bitte melden Sie sich.", encoding="utf-8")
    (returns / "not-a-form.docx").write_bytes(b"just text, no zip")
    good = (returns / "p01.docx").read_bytes()
    (returns / "truncated.docx").write_bytes(good[: len(good) // 2])
    return rd, returns


def _copy(prepared: tuple[Path, Path], tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(prepared[0], target)
    return target


def _results(report: Any) -> list[tuple[Any, ...]]:
    return [
        (r.path.name, r.sha256, r.outcome, r.project, r.problems, r.reason) for r in report.results
    ]


def _store(rd: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the store, timestamps left out."""
    db = sqlite3.connect(store_path(RoundDir(rd)))
    db.row_factory = sqlite3.Row
    untimed = {"received", "time"}
    tables = {
        "projects": "id",
        "files": "sha256",
        "submissions": "id",
        "events": "id",
    }
    content = {
        table: [
            tuple(v for k, v in dict(row).items() if k not in untimed)
            for row in db.execute(f"SELECT * FROM {table} ORDER BY {key}")
        ]
        for table, key in tables.items()
    }
    db.close()
    return content


def _files(rd: Path) -> dict[str, bytes]:
    """Archive and reports; letters by their text (a .docx zip carries the time of writing)."""
    found = {}
    for path in sorted((rd / "archive").iterdir()) + sorted((rd / "reports").iterdir()):
        if path.suffix == ".docx" and path.parent.name == "reports":
            with zipfile.ZipFile(path) as z:
                found[path.name] = z.read("word/document.xml")
        else:
            found[path.name] = path.read_bytes()
    return found


def _same(one: Path, two: Path, report_one: Any, report_two: Any) -> None:
    assert _results(report_one) == _results(report_two)
    assert _store(one) == _store(two)
    assert _files(one) == _files(two)


def _spy_settled(monkeypatch) -> list[bool]:
    """Records, per file settled in the pool path, whether a worker's result arrived."""
    arrived: list[bool] = []
    settled = ingest_module._settled

    def spy(got, future):
        result = settled(got, future)
        arrived.append(result[1] is not None)
        return result

    monkeypatch.setattr(ingest_module, "_settled", spy)
    return arrived


def test_workers_give_the_same_results_store_and_reports(prepared, tmp_path, monkeypatch):
    one, two = _copy(prepared, tmp_path, "one"), _copy(prepared, tmp_path, "two")
    sequential = ingest(one, [prepared[1]], "en", jobs=1)
    arrived = _spy_settled(monkeypatch)
    pooled = ingest(two, [prepared[1]], "en", jobs=2)
    outcomes = {r.path.name: (r.outcome, r.project) for r in pooled.results}
    assert outcomes == {
        "not-a-form.docx": ("rejected", None),
        "notes-again.txt": ("rejected", None),
        "notes.txt": ("duplicate", None),
        "p01.docx": ("accepted", "p01"),
        "p02-again.xlsx": ("accepted", "p02"),
        "p02.xlsx": ("duplicate", "p02"),
        "p04.xlsx": ("incomplete", "p04"),
        "p05.xlsx": ("accepted", "p05"),
        "p06-a.xlsx": ("older", "p06"),  # saved before p06-b.docx: in the history
        "p06-b.docx": ("accepted", "p06"),
        "p11.docx": ("incomplete", "p11"),
        "truncated.docx": ("rejected", None),
    }
    assert len(arrived) == 12 and sum(arrived) == 10  # the two duplicates were not sent
    _same(one, two, sequential, pooled)
    assert (two / "reports" / "p11-rueckfrage.docx").exists()
    assert "4.2" in (two / "reports" / "p11.md").read_text("utf-8")
    # again: every file is a duplicate, nothing changes
    again = ingest(two, [prepared[1]], "en", jobs=2)
    assert {r.outcome for r in again.results} == {"duplicate"}
    assert _store(two)["files"] == _store(one)["files"]


def test_a_failing_worker_task_is_done_here_with_the_same_outcome(prepared, tmp_path, monkeypatch):
    one, two = _copy(prepared, tmp_path, "one"), _copy(prepared, tmp_path, "two")
    sequential = ingest(one, [prepared[1]], "de", jobs=1)
    submit = ingest_module._submit

    def failing(pool, got):  # these raise ZeroDivisionError inside a worker
        if got.path.name in ("p04.xlsx", "truncated.docx"):
            return pool.submit(operator.truediv, 1, 0), pool
        return submit(pool, got)

    monkeypatch.setattr(ingest_module, "_submit", failing)
    arrived = _spy_settled(monkeypatch)
    pooled = ingest(two, [prepared[1]], "de", jobs=2)
    assert arrived.count(False) == 4  # two failed, two duplicates not sent
    _same(one, two, sequential, pooled)


def test_a_broken_pool_falls_back_to_this_process(prepared, tmp_path, monkeypatch):
    one, two = _copy(prepared, tmp_path, "one"), _copy(prepared, tmp_path, "two")
    sequential = ingest(one, [prepared[1]], "en", jobs=1)
    monkeypatch.setattr(
        ingest_module,
        "_start_pool",
        lambda workers, round_dir, lang: ProcessPoolExecutor(
            workers, initializer=os._exit, initargs=(3,)
        ),
    )
    arrived = _spy_settled(monkeypatch)
    pooled = ingest(two, [prepared[1]], "en", jobs=2)
    assert not any(arrived)
    _same(one, two, sequential, pooled)


def test_a_file_gone_before_its_archive_copy_is_named_by_both_paths_alike(prepared, tmp_path):
    from pipeline.returns.ingest import Ingest

    files = sorted(prepared[1].iterdir())
    files.insert(6, tmp_path / "gone.xlsx")  # vanished between listing and reading
    one, two = _copy(prepared, tmp_path, "one"), _copy(prepared, tmp_path, "two")
    for rd, jobs in ((one, 1), (two, 2)):
        report = Ingest(rd, "en").run(files, jobs=jobs)
        assert (report.results[6].path.name, report.results[6].outcome) == ("gone.xlsx", "rejected")
        assert "was no longer there" in report.results[6].reason
    assert len(_store(one)["files"]) == 10  # every other file, as without the gone one
    assert _store(one) == _store(two)
    assert _files(one) == _files(two)


def test_cli_accepts_jobs(prepared, tmp_path, capsys):
    rd = _copy(prepared, tmp_path, "cli")
    args = ["--lang", "en", "--quiet", "ingest", "--round", str(rd), str(prepared[1])]
    assert main([*args, "--jobs", "2"]) == 1  # incomplete and rejected returns
    out = capsys.readouterr().out
    assert "12 files: 4 accepted, 2 incomplete, 3 rejected, 2 unchanged." in out
    assert "Of these: 0 to review, 1 saved earlier (kept in the history), 0 blank forms" in out
    assert len(_store(rd)["files"]) == 10 and len(_store(rd)["submissions"]) == 7
    assert main([*args, "--jobs", "0"]) == 2
    assert main(["ingest", "--help"]) == 0
    assert "--jobs" in capsys.readouterr().out
