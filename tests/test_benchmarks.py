"""The benchmark keeps working: a run with N = 5 gives the JSON the README describes.

No timing assertions: this only checks the structure. Peers whose tools are missing (docxtpl,
docx2python, pandoc) are reported as null with a note, and are not checked then.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = [
    "generate-docx",
    "generate-xlsx",
    "read-docx",
    "read-xlsx",
    "ingest",
    "reingest",
    "aggregate",
    "compile",
]
PEER_TOOLS = {
    "generate-docx": lambda: importlib.util.find_spec("docxtpl") is not None,
    "generate-xlsx": lambda: True,
    "read-docx": lambda: importlib.util.find_spec("docx2python") is not None,
    "read-xlsx": lambda: True,
    "aggregate": lambda: True,  # pandas and XlsxWriter are dependencies
    "compile": lambda: shutil.which("pandoc") is not None,
}
FLOORS = {"generate-docx", "generate-xlsx", "read-docx", "read-xlsx", "aggregate"}


def _run(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    out = tmp_path / "bench.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--projects", "5"]
    command += ["--repeat", "1", "--out", str(out), "--workdir", str(tmp_path / "work"), *extra]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc, json.loads(out.read_text("utf-8"))


def test_benchmark_runs_every_stage_with_n_5(tmp_path):
    proc, result = _run(tmp_path)
    assert result["n"] == 5
    assert [s["stage"] for s in result["stages"]] == STAGES
    for entry in result["stages"]:
        stage = entry["stage"]
        assert {"stage", "praxis_s", "peer", "peer_s", "floor_s", "peak_rss_mb"} <= set(entry)
        assert entry["praxis_s"] is not None and entry["praxis_s"] >= 0, entry
        assert entry["peak_rss_mb"] > 0
        assert (entry["floor_s"] is not None) == (stage in FLOORS)
        if stage not in PEER_TOOLS:
            assert entry["peer"] is None and entry["peer_s"] is None
        elif PEER_TOOLS[stage]():
            assert entry["peer"] and entry["peer_s"] is not None, entry
        else:
            assert entry["peer_s"] is None and entry["peer_note"], entry
    assert "| stage | praxis s | peer | peer s | ratio |" in proc.stdout
    assert all(stage in proc.stdout for stage in STAGES)


def test_stage_notes_show_the_work_was_done(tmp_path):
    _, result = _run(tmp_path, "--stages", "read-docx,read-xlsx,ingest,reingest", "--no-peers")
    notes = {e["stage"]: e["note"] for e in result["stages"]}
    assert notes["read-docx"].startswith("5/5 identified")
    assert notes["read-xlsx"].startswith("5/5 identified")
    counts = [part.split(" ", 1) for part in notes["ingest"].split(", ")]
    assert sum(int(n) for n, _ in counts) == 5
    assert {outcome for _, outcome in counts} <= {"accepted", "accepted_with_warnings"}
    assert notes["reingest"] == "5 duplicate"
    assert all(e["peer"] is None for e in result["stages"])


def test_web_benchmark_loads_every_main_page_with_n_5(tmp_path):
    out = tmp_path / "web.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "web.py"), "--projects", "5"]
    command += ["--repeat", "2", "--out", str(out), "--workdir", str(tmp_path / "work")]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text("utf-8"))
    assert result["n"] == 5
    pages = [p["page"] for p in result["pages"]]
    assert pages == [
        "/",
        "/projects",
        "/projects/b00003",
        "/inbox",
        "/workbooks",
        "/letters",
        "/publication",
    ]
    for page in result["pages"]:
        assert page["status"] == 200, page
        assert page["bytes"] > 0
        assert 0 <= page["first_byte_ms"] <= page["complete_ms"]
        assert len(page["complete_runs_ms"]) == 2
    assert result["serve_exit"] == 0
    assert "| page | status | KB | first byte ms | complete ms |" in proc.stdout
