"""Make ``tests/data/store-v1.sqlite``: a round's store as praxis wrote it before the store
carried a layout version (commit 840561d, the last one with the flat modules).

Procedure (run from the repository root, with the project's virtual environment):

    .venv/bin/python tests/data/make_store_v1.py

1. ``git archive 840561d`` into a temporary folder: the old code, untouched.
2. With that code only (``PYTHONPATH`` = the old tree), in a subprocess: generate a round of
   the bundled questionnaire and the example roster (Excel forms, deadline 2030-01-31), fill
   the forms of p01 (complete), p02 (two answers left out) and p03 (complete) as a person
   would, put an empty ``p04.docx`` beside them, and ``ingest`` the inbox.
3. Fold the write-ahead log into the file (``journal_mode=DELETE``) and copy ``praxis.sqlite``
   here. Nothing of the new code runs; tests/test_returns_store.py opens the copy with it.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

COMMIT = "840561d"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TARGET = HERE / "store-v1.sqlite"

SCRIPT = """
import datetime as dt, json, sys
from pathlib import Path
from pipeline.generate import generate_round
from pipeline.definition import load_questionnaire
from pipeline.excel_filler import fill_xlsx
from pipeline.ingest import ingest
from pipeline.round import RoundDir
from pipeline.roster import read_roster

old, out = Path(sys.argv[1]), Path(sys.argv[2])
bundled = old / "questionnaires" / "promising-practices.yaml"
roster = old / "questionnaires" / "examples" / "roster.csv"
complete = json.loads((old / "tests" / "data" / "complete_answers.json").read_text())
generate_round(bundled, roster, out, formats=("xlsx",), deadline=dt.date(2030, 1, 31))
q = load_questionnaire(bundled)
record = RoundDir(out).load()
people = {p.id: p for p in read_roster(roster)}
for pid in ("p01", "p02", "p03"):
    p = people[pid]
    answers = {**complete, "project_name": f"Projekt {pid}", "organisation": p.organisation,
               "contact_name": p.contact, "contact_email": p.email}
    if pid == "p02":
        answers = {k: v for k, v in answers.items() if k not in ("goals", "target_groups")}
    form = out / record.projects[pid].files["xlsx"]
    fill_xlsx(form, answers, out / "inbox" / f"{pid}-returned.xlsx", q)
(out / "inbox" / "p04.docx").write_bytes(b"")
report = ingest(out, lang="de")
print(sorted((r.path.name, r.outcome) for r in report.results))
"""


def main() -> None:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", COMMIT], check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(old, filter="data")
        round_dir = Path(tmp) / "round"
        env = {**os.environ, "PYTHONPATH": str(old), "PRAXIS_LANG": "de"}
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(old), str(round_dir)],
            cwd=old,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        print(done.stdout.strip())
        db = sqlite3.connect(round_dir / "praxis.sqlite")
        db.execute("PRAGMA journal_mode=DELETE")
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
        db.close()
        TARGET.write_bytes((round_dir / "praxis.sqlite").read_bytes())
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
