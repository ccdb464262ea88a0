"""Returns attributed to the wrong project: conflicting identification, another project's data."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, COMPLETE, ROSTER, fill_return, form_of

from pipeline.cli import main
from pipeline.forms.generate import generate_round
from pipeline.returns.ingest import ingest, store_path
from pipeline.returns.status import round_status
from pipeline.returns.store import Store
from pipeline.round.folder import RoundDir


@pytest.fixture
def round_dir(tmp_path) -> Path:
    target = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, target, formats=("docx", "xlsx"), mail=False)
    return target


def _with_part(source: Path, part: str, data: bytes, target: Path) -> None:
    """``source`` with its zip part ``part`` replaced by ``data``, as ``target``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, data if item.filename == part else old.read(item.filename))


def _part(path: Path, part: str) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(part)


def _answers(rd: Path, pid: str) -> dict[str, Any]:
    """Complete answers with the project's own master data, as pre-filled."""
    p = RoundDir(rd).load().projects[pid]
    own = {"project_name": p.name, "organisation": p.organisation, "contact_name": p.contact}
    return {**COMPLETE, **own, "contact_email": p.email}


def _submissions(rd: Path) -> dict[str, Any]:
    path = store_path(RoundDir(rd))
    if not path.exists():
        return {}
    with Store(path) as store:
        return {s.project: s for s in store.submissions()}


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_conflicting_identification_is_refused_naming_both(round_dir, q, tmp_path, fmt):
    """Hidden sheet / hidden paragraph name p07 with p07's token, the document properties p06
    with p06's token: refused, both named, nothing stored."""
    filled = tmp_path / f"filled.{fmt}"
    fill_return(round_dir, q, "p07", _answers(round_dir, "p07"), filled)
    props_p06 = _part(form_of(round_dir, "p06", fmt), "docProps/custom.xml")
    assert b"p06" in props_p06
    returned = round_dir / "inbox" / f"p07.{fmt}"
    _with_part(filled, "docProps/custom.xml", props_p06, returned)

    report = ingest(round_dir, [returned], lang="en")

    (result,) = report.results
    assert result.outcome == "rejected"
    assert result.project is None
    assert "p06" in result.reason and "p07" in result.reason
    assert "document properties" in result.reason
    hidden = "hidden sheet" if fmt == "xlsx" else "hidden paragraph"
    assert hidden in result.reason
    assert _submissions(round_dir) == {}


def test_conflicting_token_alone_is_refused(round_dir, q, tmp_path):
    """Same project everywhere, but the hidden sheet carries another token."""
    filled = tmp_path / "filled.xlsx"
    fill_return(round_dir, q, "p03", _answers(round_dir, "p03"), filled)
    record = RoundDir(round_dir).load()
    token = record.projects["p03"].token
    props = _part(filled, "docProps/custom.xml").replace(token.encode(), b"0123456789abcdef")
    returned = round_dir / "inbox" / "p03.xlsx"
    _with_part(filled, "docProps/custom.xml", props, returned)

    (result,) = ingest(round_dir, [returned], lang="de").results

    assert result.outcome == "rejected"
    assert (
        "Token" in result.reason and token in result.reason and "0123456789abcdef" in result.reason
    )
    assert _submissions(round_dir) == {}


def test_agreeing_identification_is_accepted(round_dir, q):
    target = round_dir / "inbox" / "p05.docx"
    fill_return(round_dir, q, "p05", _answers(round_dir, "p05"), target)
    (result,) = ingest(round_dir, [target], lang="en").results
    assert (result.outcome, result.project) == ("accepted", "p05")


# --- point 8: a form filled in with another project's master data ----------------------------

P02_DATA = {
    "project_name": "Streetwork im Netz",
    "organisation": "Jugendhilfe Sachsen gGmbH",
    "contact_name": "Tobias Krüger",
    "contact_email": "t.krueger@jugendhilfe-sachsen.example",
}


def test_other_projects_master_data_warns_in_report_status_and_console(round_dir, q, capsys):
    """p01's form with p02's name, organisation and contact: stored for p01 (by token), with a
    prominent warning naming p02 in the report, in status and on the console."""
    target = round_dir / "inbox" / "p01.xlsx"
    # typed the way people do: other case, extra blanks, punctuation
    typed = {
        **P02_DATA,
        "project_name": "  STREETWORK im Netz!",
        "organisation": P02_DATA["organisation"].replace(" gGmbH", "  ggmbh"),
    }
    fill_return(round_dir, q, "p01", {**COMPLETE, **typed}, target)

    assert main(["--quiet", "--lang", "en", "ingest", "--round", str(round_dir)]) in (0, 1)
    console = capsys.readouterr().out

    stored = _submissions(round_dir)
    assert list(stored) == ["p01"]
    assert "p02" in console and "Streetwork im Netz" in console
    assert "another project" in console
    report = (round_dir / "reports" / "p01.md").read_text("utf-8")
    assert "p02" in report and "another project" in report
    warned = [i for i in stored["p01"].issues if i["code"] == "other-project-data"]
    assert len(warned) == 1
    for label in ("Name of the project", "Organisation", "Contact person", "E-mail of the"):
        assert label in warned[0]["message"]
    _, rows = round_status(round_dir)
    (p01,) = [r for r in rows if r.project == "p01"]
    assert any("p02" in alert for alert in p01.alerts)
    assert main(["--quiet", "--lang", "en", "status", "--round", str(round_dir)]) in (0, 1)
    status_out = capsys.readouterr().out
    assert "p02" in status_out and "another project" in status_out


def test_own_data_and_small_edits_do_not_warn(round_dir, q):
    target = round_dir / "inbox" / "p02.xlsx"
    edited = {
        "project_name": "Streetwork im Netz",  # as pre-filled
        "organisation": "Jugendhilfe Sachsen gemeinnützige GmbH",  # a small edit
        "contact_name": "tobias krüger",  # case only
        "contact_email": "t.krueger@jugendhilfe-sachsen.example",
    }
    fill_return(round_dir, q, "p02", {**COMPLETE, **edited}, target)
    (result,) = ingest(round_dir, [target], lang="en").results
    assert (result.outcome, result.project) == ("accepted", "p02")
    assert [p.code for p in result.problems if p.code == "other-project-data"] == []
    _, rows = round_status(round_dir)
    assert [r.alerts for r in rows if r.project == "p02"] == [()]
