"""Issue 10, point 11, variants: reminders for contacts whose names have commas, quotes, angle
brackets and non-ASCII letters go to exactly one address each; a --deadline typed the wrong
way is a usage error in the user's language, not click's English one."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path

import pytest
from conftest import BUNDLED

from pipeline.cli import main
from pipeline.forms.generate import generate_round

HEADER = "project_id,project,organisation,contact,email,phone,state,field_of_action,language\n"
ROWS = (
    'p01,Netz [/] Werk,Verein A,"Lehmann, Markus ""Max""",m.lehmann@a.example,030 1,Berlin,'
    "monitoring,de\n"
    "p02,Zweites Projekt,Verein B,Fatma Yılmaz-Øster <chefin@b.example>,f.yilmaz@b.example,"
    "030 2,Berlin,monitoring,de\n"
)


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("erinnerung")
    roster = base / "roster.csv"
    roster.write_text(HEADER + ROWS, encoding="utf-8")
    target = base / "round"
    generate_round(BUNDLED, roster, target, deadline=dt.date(2020, 1, 31), formats=("xlsx",))
    return target


def test_each_reminder_has_exactly_one_recipient(round_dir, capsys):
    assert main(["--lang", "de", "status", "--round", str(round_dir), "--missing"]) == 0
    found = {}
    for path in sorted((round_dir / "reminders").iterdir()):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        found[path.name[:3]] = [a.addr_spec for a in msg["To"].addresses]
        assert msg["To"].defects == () and msg["Cc"] is None
    assert found == {"p01": ["m.lehmann@a.example"], "p02": ["f.yilmaz@b.example"]}
    assert "Netz [/] Werk" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("de", "31/12/2030", "Fehler: --deadline: „31/12/2030“ ist kein gültiges Datum."),
        ("de", "2030-02-30", "Fehler: --deadline: „2030-02-30“ ist kein gültiges Datum."),
        ("en", "12/31/2030", "Error: --deadline: “12/31/2030” is not a date."),
    ],
)
def test_a_deadline_typed_another_way_is_a_usage_error_in_the_users_language(
    round_dir, capsys, lang, value, expected
):
    args = ["--lang", lang, "status", "--round", str(round_dir), "--deadline", value]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(expected)
    assert "JJJJ-MM-TT oder TT.MM.JJJJ" in err if lang == "de" else "YYYY-MM-DD" in err


def test_generate_takes_the_same_date_option(tmp_path, capsys):
    args = ["--lang", "de", "generate", "--round", str(tmp_path / "r"), "--deadline", "1.2.30"]
    assert main(args) == 2
    assert "„1.2.30“ ist kein gültiges Datum" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
