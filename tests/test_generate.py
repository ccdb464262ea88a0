"""praxis generate: forms, manifest, mail drafts; never overwrites a round."""

from __future__ import annotations

import csv
import email
import hashlib
import io
import json
from email import policy
from pathlib import Path

import pytest
from conftest import BUNDLED, ROSTER

from pipeline.cli import main


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("round") / "r"
    args = ["--quiet", "generate", str(BUNDLED), "--roster", str(ROSTER), "--round", str(target)]
    assert main([*args, "--deadline", "2027-01-15"]) == 0
    return target


def test_forms_manifest_and_mails(round_dir):
    forms = sorted(p.name for p in (round_dir / "forms").iterdir())
    assert len(forms) == 24
    assert "p01-hinsehen-statt-wegklicken.docx" in forms
    assert "p12-counter-narratives-lab.xlsx" in forms
    assert (round_dir / "inbox").is_dir()
    assert (round_dir / "definition.yaml").read_bytes() == BUNDLED.read_bytes()
    with (round_dir / "manifest.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert [r["project_id"] for r in rows] == [f"p{i:02d}" for i in range(1, 13)]
    for row in rows:
        for fmt in ("docx", "xlsx"):
            data = (round_dir / row[fmt]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == row[f"{fmt}_sha256"]
    assert len({r["token"] for r in rows}) == 12


def test_round_record_languages_and_tokens(round_dir):
    record = json.loads((round_dir / "round.json").read_text("utf-8"))
    assert record["questionnaire"] == "promising-practices"
    assert record["version"] == "2026.1"
    assert record["deadline"] == "2027-01-15"
    languages = {pid: p["language"] for pid, p in record["projects"].items()}
    assert languages["p11"] == "en" and languages["p12"] == "en" and languages["p01"] == "de"


def test_mail_drafts_carry_both_forms_in_the_projects_language(round_dir):
    german = email.message_from_bytes(
        (round_dir / "mails" / "p01-hinsehen-statt-wegklicken.eml").read_bytes(),
        policy=policy.default,
    )
    assert german["To"] == "j.petersen@medienwerkstatt-nord.example"
    assert german["X-Unsent"] == "1"
    assert "bis zum 15.01.2027" in german["Subject"]
    body = german.get_body(("plain",)).get_content()
    assert body.startswith("Guten Tag Jana Petersen,")
    names = [part.get_filename() for part in german.iter_attachments()]
    assert names == ["p01-hinsehen-statt-wegklicken.docx", "p01-hinsehen-statt-wegklicken.xlsx"]
    attached = next(german.iter_attachments()).get_content()
    assert attached == (round_dir / "forms" / names[0]).read_bytes()
    english = email.message_from_bytes(
        (round_dir / "mails" / "p12-counter-narratives-lab.eml").read_bytes(),
        policy=policy.default,
    )
    assert "by 15 January 2027" in english["Subject"]
    assert english.get_body(("plain",)).get_content().startswith("Dear Daniel O'Connor,")
    assert (round_dir / "mails" / "p12-counter-narratives-lab-cover-letter.docx").exists()
    assert (round_dir / "mails" / "p01-hinsehen-statt-wegklicken-anschreiben.docx").exists()


def _parts(data: bytes) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def test_cover_letters_equal_a_full_build(round_dir):
    """The letter filled into its template has the parts python-docx writes in full, for
    every shape of project (no contact, no organisation, markup, line breaks)."""
    import dataclasses

    from docx import Document

    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms.mail import build_cover_letter
    from pipeline.round.folder import RoundDir
    from pipeline.speed.forms import FormBuilder

    record = RoundDir(round_dir).load()
    q = load_questionnaire(BUNDLED)
    projects = list(record.projects.values())
    odd = [
        {"contact": ""},
        {"organisation": ""},
        {"organisation": "", "contact": ""},
        {"name": 'A & B <C> "D"', "contact": "Ümit Öztürk-Meyer"},
        {"name": "Zwei\nZeilen", "contact": "Tab\tTab"},
    ]
    variants = projects[:2] + [dataclasses.replace(projects[-1], **x) for x in odd]
    fast = FormBuilder(fast=True)
    for project in variants:
        quick = fast.letter(q, project, record.deadline_date)
        assert _parts(quick) == _parts(build_cover_letter(q, project, record.deadline_date))
        text = "\n".join(p.text for p in Document(io.BytesIO(quick)).paragraphs)
        assert project.name.replace("\n", "") in text.replace("\n", "")
        assert quick == fast.letter(q, project, record.deadline_date)  # deterministic


def test_second_run_refuses_and_changes_nothing(round_dir, capsys):
    before = _tree(round_dir)
    args = ["--lang", "en", "generate", str(BUNDLED), "--roster", str(ROSTER)]
    assert main([*args, "--round", str(round_dir)]) == 1
    assert "already holds a round" in capsys.readouterr().err
    assert _tree(round_dir) == before


def test_add_only_new_projects(tmp_path):
    target = tmp_path / "r"
    small = tmp_path / "small.csv"
    lines = ROSTER.read_text("utf-8").splitlines()
    small.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    args = ["--quiet", "generate", str(BUNDLED), "--round", str(target)]
    assert main([*args, "--roster", str(small), "--format", "docx"]) == 0
    before = _tree(target)
    assert len(list((target / "forms").iterdir())) == 2
    assert main([*args, "--roster", str(ROSTER), "--format", "docx", "--add"]) == 0
    after = _tree(target)
    assert len(list((target / "forms").iterdir())) == 12
    for name, digest in before.items():
        if name.startswith("forms/"):
            assert after[name] == digest, f"{name} was overwritten"
    record = json.loads((target / "round.json").read_text("utf-8"))
    assert len(record["projects"]) == 12
    # a later roster without the first projects keeps them in the round's roster copy
    later = tmp_path / "later.csv"
    new = "p13,Neu im Netz,Verein Neu e. V.,Eva Neu,eva@neu.example,030 1,Berlin,monitoring,de"
    later.write_text("\n".join([lines[0], *lines[3:], new]) + "\n", encoding="utf-8")
    assert main([*args, "--roster", str(later), "--format", "docx", "--add"]) == 0
    kept = (target / "roster.csv").read_text("utf-8-sig")
    assert '"p01";' in kept and '"p12";' in kept and '"p13";' in kept  # as manifest.csv
    assert (target / "forms" / "p13-neu-im-netz.docx").exists()


def test_bad_roster_is_reported_not_raised(tmp_path, capsys):
    roster = tmp_path / "r.csv"
    roster.write_text("project_id,project\np1,A\n", encoding="utf-8")
    args = ["--lang", "en", "generate", str(BUNDLED), "--roster", str(roster)]
    assert main([*args, "--round", str(tmp_path / "r")]) == 1
    err = capsys.readouterr().err
    assert "missing columns organisation, email" in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()


def test_workers_write_the_same_round(tmp_path):
    """Two worker processes write the same files, record and mails as one process; only the
    random tokens differ, and each form carries its own project's token."""
    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms.excel.reader import read_xlsx
    from pipeline.forms.word.reader import read_docx

    rounds = {}
    for jobs in ("1", "2"):
        target = tmp_path / f"jobs{jobs}"
        args = ["--quiet", "generate", str(BUNDLED), "--roster", str(ROSTER)]
        assert main([*args, "--round", str(target), "--jobs", jobs]) == 0
        rounds[jobs] = target
    one, two = (json.loads((rounds[j] / "round.json").read_text("utf-8")) for j in ("1", "2"))
    assert list(one["projects"]) == list(two["projects"])  # roster order
    for pid, entry in two["projects"].items():
        other = one["projects"][pid]
        assert entry["files"] == other["files"]
        assert entry["token"] != other["token"]
        same = {k: v for k, v in entry.items() if k not in ("token", "sha256")}
        assert same == {k: v for k, v in other.items() if k not in ("token", "sha256")}
    assert sorted(_tree(rounds["1"])) == sorted(_tree(rounds["2"]))
    q = load_questionnaire(BUNDLED)
    for pid, entry in two["projects"].items():
        for fmt, reader in (("docx", read_docx), ("xlsx", read_xlsx)):
            path = rounds["2"] / entry["files"][fmt]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"][fmt]
            ident = reader(path.read_bytes(), q).identification
            assert (ident.project, ident.token) == (pid, entry["token"])


@pytest.mark.parametrize("how", ["dies", "fails"])
def test_a_worker_that_stops_leaves_every_form_to_its_own_project(tmp_path, monkeypatch, how):
    """A worker process that dies mid-round (killed, out of memory) or fails on one form (a
    write refused) is replaced by this process for the rest: no other worker still writes a
    form when this one writes it again, so every form carries the token and checksum the
    record names."""
    import os
    import time

    from pipeline.definition.loading import load_questionnaire
    from pipeline.forms import generate
    from pipeline.forms.excel.reader import read_xlsx

    parent, write = os.getpid(), generate._write_project

    def stops_in_a_worker(job, q, project, builder):
        if os.getpid() != parent and project.id == "p03":
            if how == "dies":
                os._exit(9)  # as a killed process ends: no exception, no cleanup
            raise OSError(28, "No space left on device")
        if os.getpid() != parent and project.id == "p05":
            time.sleep(1.0)  # the other worker is still at work when p03 fails
        return write(job, q, project, builder)

    monkeypatch.setattr(generate, "_write_project", stops_in_a_worker)
    target = tmp_path / "r"
    args = ["--quiet", "generate", str(BUNDLED), "--roster", str(ROSTER), "--format", "xlsx"]
    assert main([*args, "--round", str(target), "--jobs", "2"]) == 0
    record = json.loads((target / "round.json").read_text("utf-8"))
    q = load_questionnaire(BUNDLED)
    assert len(record["projects"]) == 12
    for pid, entry in record["projects"].items():
        data = (target / entry["files"]["xlsx"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]["xlsx"], pid
        ident = read_xlsx(data, q).identification
        assert (ident.project, ident.token) == (pid, entry["token"])
    assert (target / "forms" / "p03-discord-dialog.xlsx").is_file()
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [".r.praxis-lock", "r"]  # no form written after the round was moved in
