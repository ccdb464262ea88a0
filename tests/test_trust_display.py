"""Issue 10, point 16: what a project typed (and every file name, roster text, document
property) is shown as text, in every report and on the console."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ROOT, ROSTER, own_master_data
from markdown_it import MarkdownIt

from pipeline.cli import main
from pipeline.definition.loading import load_questionnaire
from pipeline.forms.content import Identification
from pipeline.forms.excel.filler import fill_xlsx
from pipeline.forms.excel.writer import build_xlsx
from pipeline.forms.generate import generate_round
from pipeline.round.folder import RoundDir

COMPLETE: dict[str, Any] = json.loads(
    (ROOT / "tests" / "data" / "complete_answers.json").read_text()
)
FORGED = "x\n## Forged\n- Outcome: accepted\n1 file: 1 accepted <b>hi</b>"
"""A typed answer that, copied verbatim, forges a heading, an outcome and a summary line."""


@pytest.fixture(scope="module")
def q():
    return load_questionnaire(BUNDLED)


@pytest.fixture
def round_dir(tmp_path) -> Path:
    """The example round, with two project names that rich would read as markup."""
    roster = tmp_path / "roster.csv"
    text = ROSTER.read_text("utf-8").replace("Peer-Botschafter*innen", "Peer-Botschafter[innen]")
    roster.write_text(text.replace("Fachkräfte stärken", "Netz [/] Werk"), "utf-8")
    target = tmp_path / "round"
    generate_round(BUNDLED, roster, target, deadline=None, formats=("xlsx",))
    return target


def _fill(rd: Path, q, pid: str, answers: dict[str, Any], name: str) -> Path:
    record = RoundDir(rd).load()
    target = rd / "inbox" / name
    answers = own_master_data(pid, answers)
    fill_xlsx(rd / record.projects[pid].files["xlsx"], answers, target, q)
    return target


def _html(markdown_text: str) -> str:
    return MarkdownIt("commonmark").render(markdown_text)


def _texts(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)


def test_typed_markdown_and_line_breaks_stay_text_in_the_report(round_dir, q, capsys):
    answers = {**COMPLETE, "contact_email": FORGED, "website": "`x` [link](javascript:alert(1))"}
    _fill(round_dir, q, "p09", answers, "p09.xlsx")
    assert main(["--lang", "en", "--quiet", "ingest", "--round", str(round_dir)]) == 1
    report = (round_dir / "reports" / "p09.md").read_text("utf-8")
    lines = report.splitlines()
    assert lines[0] == r"# Return of Peer-Botschafter\[innen\]"
    assert [line for line in lines if line.startswith("- Outcome")] == ["- Outcome: incomplete"]
    assert [line for line in lines if line.startswith("#")] == [
        lines[0],
        "## To be clarified",
        "## Returns of this project",
    ]
    assert (
        r"- Question 1.9 “E-mail of the contact person”: “x ⏎ \#\# Forged ⏎ - Outcome: accepted"
        r" ⏎ 1 file: 1 accepted \<b\>hi\</b\>” is not a valid e-mail address: please give"
        r" only the address, without a name or angle brackets. (at Fragebogen!D18)"
    ) in lines
    html = _html(report)
    # rendered, the report has its own headings and shows every typed character as text
    assert _texts(html, "h1") == ["Return of Peer-Botschafter[innen]"]
    assert _texts(html, "h2") == ["To be clarified", "Returns of this project"]
    assert "<b>" not in html and "<a " not in html and "<code>" not in html
    assert (
        "<li>Question 1.7 “Website of the project”: “`x` [link](javascript:alert(1))” is not a "
        "web address; please give it as https://... (at Fragebogen!D16)</li>"
    ) in html.replace("&#x27;", "'")
    assert (
        "“x ⏎ ## Forged ⏎ - Outcome: accepted ⏎ 1 file: 1 accepted &lt;b&gt;hi&lt;/b&gt;”"
        in html.replace("&#x27;", "'")
    )


def test_file_names_and_roster_names_are_text_on_the_console(round_dir, q, capsys):
    name = "p09 [bold red]x\n1 file: 1 accepted\x1b[2J.xlsx"
    _fill(round_dir, q, "p09", COMPLETE, name)
    assert main(["--lang", "en", "--quiet", "ingest", "--round", str(round_dir)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert [line for line in out.splitlines() if "file:" in line and "Reports" in line] == [
        f"1 file: 1 accepted, 0 incomplete, 0 rejected, 0 unchanged. Reports in "
        f"{round_dir / 'reports'}"
    ]
    assert re.search(
        r"^p09 \[bold red\]x ⏎ 1 file: 1 accepted\\x1b\[2J\.xlsx +p09 +accepted +0 *$",
        out,
        flags=re.M,
    ), out
    report = (round_dir / "reports" / "p09.md").read_text("utf-8")
    assert r"- File: p09 \[bold red\]x ⏎ 1 file: 1 accepted\\x1b\[2J.xlsx" in report

    assert main(["--lang", "en", "status", "--round", str(round_dir)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^p09 Peer-Botschafter\[innen\] +yes +accepted ", out, flags=re.M), out
    assert re.search(r"^p10 Netz \[/\] Werk +no +- ", out, flags=re.M), out


def test_a_crafted_document_property_is_text_on_the_console_and_in_rejected_md(
    round_dir, q, capsys
):
    from pipeline.round.roster import read_roster

    record = RoundDir(round_dir).load()
    crafted = Identification(q.id, q.version, FORGED, record.projects["p05"].token, "de")
    project = read_roster(ROSTER)[4]
    (round_dir / "inbox" / "p05.xlsx").write_bytes(build_xlsx(q, project, crafted, "de"))
    assert main(["--lang", "en", "--quiet", "ingest", "--round", str(round_dir)]) == 1
    out = capsys.readouterr().out
    assert (
        "p05.xlsx: The form names project “x ⏎ ## Forged ⏎ - Outcome: accepted ⏎ 1 file: 1 "
        "accepted <b>hi</b>”, which is not on this round's roster. It was not attributed to "
        "any project."
    ) in out.splitlines()
    assert [line for line in out.splitlines() if line.startswith("1 file")] == [
        f"1 file: 0 accepted, 0 incomplete, 1 rejected, 0 unchanged. Reports in "
        f"{round_dir / 'reports'}"
    ]
    rejected = (round_dir / "reports" / "rejected.md").read_text("utf-8")
    assert len(rejected.splitlines()) == 3, rejected
    html = _html(rejected)
    assert _texts(html, "h1") == ["Rejected files"] and "<h2>" not in html
    assert "<b>" not in html and html.count("<li>") == 1


def test_file_names_in_the_progress_bar_are_not_markup(round_dir, q, capsys, monkeypatch):
    _fill(round_dir, q, "p09", COMPLETE, "p09 [bold red]x[not a tag].xlsx")
    monkeypatch.setenv("FORCE_COLOR", "1")  # the progress bar shows only on a terminal
    assert main(["--lang", "en", "ingest", "--round", str(round_dir)]) == 0
    err = capsys.readouterr().err
    assert "p09 [bold red]x[not a tag].xlsx" in err


def test_shown_and_markdown_keep_every_character_as_text():
    from pipeline.locale.display import markdown, shown

    assert shown("a\r\nb\nc\x1b[31md\u202ee\tf\x85g\u2028h") == (
        "a ⏎ b ⏎ c\\x1b[31md\\u202ee f ⏎ g ⏎ h"
    )
    assert markdown("- x") == r"\- x"
    assert markdown("12. x") == r"12\. x"
    assert markdown("3.4 About *Moderator*innen* e. V.") == r"3.4 About \*Moderator\*innen\* e. V."
    text = "| a | b |\n> quote\n[x]: https://example.org\n&amp; <!-- c --> ~~s~~ \\ `c`"
    html = _html(f"- {markdown(text)}")
    assert html == (
        "<ul>\n<li>| a | b | ⏎ &gt; quote ⏎ [x]: https://example.org ⏎ &amp;amp; &lt;!-- c "
        "--&gt; ~~s~~ \\ `c`</li>\n</ul>\n"
    )
