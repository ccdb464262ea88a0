"""A return that answers less than the current one waits for review; on the project page the
coordinator takes it or keeps the current one (as praxis review --accept / --keep-current)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.definition.loading import load_questionnaire
from pipeline.demo import demo_answers
from pipeline.forms.word.filler import fill_docx
from pipeline.returns.answers import current_submissions
from pipeline.returns.ingest import ingest
from pipeline.round.folder import RoundDir
from tests.test_trust_returns import office_save
from tests.webtools import client, config_for, demo_copy


def _waiting_return(root: Path) -> Path:
    """p03 sends its form again, later, without its goals (4.2)."""
    rd = RoundDir(root)
    q = load_questionnaire(rd.definition, "de")
    answers = {k: v for k, v in demo_answers()["p03"]["answers"].items() if k != "goals"}
    form = root / rd.load().projects["p03"].files["docx"]
    later = root.parent / "p03-nochmal.docx"
    fill_docx(form, answers, later, q)
    office_save(later, "2099-01-01T09:00:00Z")
    report = ingest(root, [later], "de")
    assert [r.outcome for r in report.results] == ["needs_review"]
    return later


def _current_file(root: Path, project: str) -> str:
    return next(s.file_name for s in current_submissions(RoundDir(root)) if s.project == project)


def test_the_coordinator_takes_the_waiting_return_on_the_page(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "demo")
    later = _waiting_return(root)
    sha = hashlib.sha256(later.read_bytes()).hexdigest()
    c = client(config_for(root))
    before = _current_file(root, "p03")
    assert before != "p03-nochmal.docx"
    forged = c.post(
        "/projects/p03/decide", data={"csrf": c.csrf, "sha256": "0" * 64, "decision": "accept"}
    )
    assert forged.status_code == 404
    other = c.post(
        "/projects/p02/decide", data={"csrf": c.csrf, "sha256": sha, "decision": "accept"}
    )
    assert other.status_code == 404  # not a return of p02
    assert _current_file(root, "p03") == before
    done = c.post(
        "/projects/p03/decide", data={"csrf": c.csrf, "sha256": sha, "decision": "accept"}
    )
    assert done.status_code == 200
    assert _current_file(root, "p03") == "p03-nochmal.docx"


def test_keeping_the_current_return_leaves_it_current(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "demo")
    later = _waiting_return(root)
    sha = hashlib.sha256(later.read_bytes()).hexdigest()
    c = client(config_for(root))
    before = _current_file(root, "p03")
    done = c.post("/projects/p03/decide", data={"csrf": c.csrf, "sha256": sha, "decision": "keep"})
    assert done.status_code == 200
    assert _current_file(root, "p03") == before
    again = c.post("/projects/p03/decide", data={"csrf": c.csrf, "sha256": sha, "decision": "keep"})
    assert again.status_code == 404  # decided: it waits no more
