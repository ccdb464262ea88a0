"""Issue 10, point 11: reminders as one mail draft per project, never one mail to many.

A real round (deadline already past), one complete and one incomplete return filled in the
way a person does, the rest not returned; ``praxis status --missing`` writes a draft per
project to remind, in its language, with the new deadline and, for the incomplete return,
what is missing.
"""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from conftest import BUNDLED, ROSTER
from test_ingest import _answers, fill

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.forms.generate import generate_round
from pipeline.returns.ingest import ingest
from pipeline.round.folder import RoundDir

ADDRESSES = {
    "p01": "j.petersen@medienwerkstatt-nord.example",
    "p02": "t.krueger@jugendhilfe-sachsen.example",
    "p03": "a.demir@vdv-koeln.example",
    "p04": "m.lehmann@exit-brandenburg.example",
    "p05": "f.yilmaz@beratung-hessen.example",
    "p06": "l.schneider@games-bildung.example",
    "p07": "s.wagner@mk-thueringen.example",
    "p08": "e.fischer@irf-berlin.example",
    "p09": "j.becker@jbw-niedersachsen.example",
    "p10": "k.hoffmann@kpbw.example",
    "p11": "s.haddad@iyw-bremen.example",
    "p12": "d.oconnor@epe-network.example",
}
TO_REMIND = [f"p{n:02d}" for n in range(2, 13)]


@pytest.fixture
def round_dir(tmp_path) -> Path:
    import datetime as dt

    target = tmp_path / "round"
    generate_round(BUNDLED, ROSTER, target, deadline=dt.date(2020, 1, 31), formats=("xlsx",))
    q = load_questionnaire(BUNDLED)
    fill(target, q, "p01", _answers("p01"))
    missing = ("goals", "target_groups")
    fill(target, q, "p02", {k: v for k, v in _answers("p02").items() if k not in missing})
    ingest(target)
    return target


def _drafts(rd: Path) -> dict[str, email.message.EmailMessage]:
    folder = rd / "reminders"
    drafts = {}
    for path in sorted(folder.iterdir()):
        drafts[path.name.split("-")[0]] = email.message_from_bytes(
            path.read_bytes(), policy=policy.default
        )
    return drafts


def _body(msg: email.message.EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()


def test_one_draft_per_project_each_to_one_address(round_dir, capsys):
    capsys.readouterr()
    args = ["--lang", "de", "status", "--round", str(round_dir), "--missing", "--check"]
    assert main(args) == 1  # issue 13.6: only --check exits 1 for what is open
    out = capsys.readouterr().out
    names = sorted(p.name for p in (round_dir / "reminders").iterdir())
    assert names[:2] == [
        "p02-streetwork-im-netz-erinnerung.eml",
        "p03-discord-dialog-erinnerung.eml",
    ]
    assert "p11-online-outreach-bremen-reminder.eml" in names
    drafts = _drafts(round_dir)
    assert sorted(drafts) == TO_REMIND  # p01's return is complete
    for pid, msg in drafts.items():
        assert msg["To"] == ADDRESSES[pid]
        assert msg["Cc"] is None and msg["Bcc"] is None
        assert msg["X-Unsent"] == "1"
        raw = (round_dir / "reminders").glob(f"{pid}-*.eml")
        data = next(raw).read_bytes().decode("ascii", "replace")
        others = [a for p, a in ADDRESSES.items() if p != pid]
        assert not [a for a in others if a in data], pid
        assert f"{pid} " in out and ADDRESSES[pid] in out
    assert not (round_dir / "reports" / "reminder-de.txt").exists()
    assert "p01 " not in out.split("Erinnerungen", 1)[-1]


def test_incomplete_return_lists_what_is_missing_in_the_projects_language(round_dir, capsys):
    main(["--lang", "de", "status", "--round", str(round_dir), "--missing"])
    out = capsys.readouterr().out
    assert "31.01.2020" in out and "vorbei" in out  # the round's deadline has passed
    drafts = _drafts(round_dir)
    p02 = drafts["p02"]
    assert p02["Subject"].startswith("Erinnerung: Fragebogen")
    body = _body(p02)
    assert body.startswith("Guten Tag Tobias Krüger,")
    assert "3.1 Wen erreichen Sie mit Ihrem Angebot?" in body
    assert "4.2 Was wollen Sie mit dem Projekt erreichen?" in body
    assert "31.01.2020" in body
    assert "1.1 " not in body  # only what is missing
    assert not list(p02.iter_attachments())  # they complete the form they have
    p03 = drafts["p03"]
    assert "noch keine Antwort" in _body(p03)
    (form,) = p03.iter_attachments()
    record = RoundDir(round_dir).load()
    assert form.get_filename() == Path(record.projects["p03"].files["xlsx"]).name
    assert form.get_content() == (round_dir / record.projects["p03"].files["xlsx"]).read_bytes()
    p11 = drafts["p11"]  # an English project: an English reminder
    assert p11["Subject"].startswith("Reminder: ")
    assert _body(p11).startswith("Dear Samira Haddad,")
    assert "31 January 2020" in _body(p11)


@pytest.mark.parametrize("given", ["31.01.2027", "2027-01-31"])
def test_a_new_deadline(round_dir, capsys, given):
    args = ["--lang", "de", "status", "--round", str(round_dir), "--missing", "--check"]
    assert main([*args, "--deadline", given]) == 1
    out = capsys.readouterr().out
    assert "vorbei" not in out
    first = {p.name: p.read_bytes() for p in (round_dir / "reminders").iterdir()}
    drafts = _drafts(round_dir)
    assert "31.01.2027" in _body(drafts["p02"]) and "31.01.2020" not in _body(drafts["p02"])
    assert "31 January 2027" in _body(drafts["p12"])
    main([*args, "--deadline", given])  # written again: the same drafts, overwritten
    assert {p.name: p.read_bytes() for p in (round_dir / "reminders").iterdir()} == first


def test_a_project_that_has_answered_is_no_longer_reminded(round_dir, capsys):
    args = ["--lang", "de", "status", "--round", str(round_dir), "--missing"]
    main(args)
    assert (round_dir / "reminders" / "p03-discord-dialog-erinnerung.eml").exists()
    fill(round_dir, load_questionnaire(BUNDLED), "p03", _answers("p03"))
    ingest(round_dir)
    capsys.readouterr()
    main(args)
    out = capsys.readouterr().out
    assert not (round_dir / "reminders" / "p03-discord-dialog-erinnerung.eml").exists()
    assert sorted(_drafts(round_dir)) == [p for p in TO_REMIND if p != "p03"]
    assert "p03-discord-dialog" not in out


def test_a_past_new_deadline_is_named_too(round_dir, capsys):
    args = ["--lang", "en", "status", "--round", str(round_dir), "--missing", "--check"]
    assert main([*args, "--deadline", "2021-03-01"]) == 1
    out = capsys.readouterr().out
    assert "1 March 2021" in out and "passed" in out
