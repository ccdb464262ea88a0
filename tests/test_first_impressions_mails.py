"""Issue 17, mails and files: the mail drafts' sender has the network's name, the files a
round writes get the user's usual permissions, and every report is also an HTML page."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import os
import stat
import sys
from pathlib import Path

import pytest

from pipeline.definition.text import Text
from pipeline.locale.display import markdown
from pipeline.round.report_file import remove_report, report_html, write_report

ADDRESS = "praxis@netzwerk-praevention.example"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo round, made under the umask 027 (group may read, others nothing)."""
    from pipeline.demo import run_demo

    out = tmp_path_factory.mktemp("mails") / "demo"
    old = os.umask(0o027)
    try:
        run_demo(out, "de", pdf=False)
    finally:
        os.umask(old)
    return out


def _headers(eml: Path) -> list[bytes]:
    head = eml.read_bytes().split(b"\r\n\r\n", 1)[0]
    return [line for line in head.split(b"\r\n") if line[:1] not in (b" ", b"\t")]


def test_a_mail_draft_comes_from_the_network_by_name(demo):
    eml = demo / "mails" / "p03-discord-dialog.eml"
    raw = eml.read_bytes()
    assert raw.startswith(
        b"From: Netzwerk =?utf-8?q?Extremismuspr=C3=A4vention?= im digitalen Raum\r\n"
        b" <praxis@netzwerk-praevention.example>\r\n"
        b"Reply-To: Netzwerk =?utf-8?q?Extremismuspr=C3=A4vention?= im digitalen Raum\r\n"
        b" <praxis@netzwerk-praevention.example>\r\n"
    )
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    (sender,) = msg["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Netzwerk Extremismusprävention im digitalen Raum",
        ADDRESS,
    )
    assert msg["X-Unsent"] == "1"
    assert all(line.isascii() for line in _headers(eml))


def test_an_english_mail_draft_comes_from_the_networks_english_name(demo):
    froms = sorted(
        str(email.message_from_bytes(p.read_bytes(), policy=email.policy.default)["From"])
        for p in (demo / "mails").glob("*.eml")
    )
    english = "Network for the prevention of extremism in digital spaces <" + ADDRESS + ">"
    german = "Netzwerk Extremismusprävention im digitalen Raum <" + ADDRESS + ">"
    assert froms == [english] * 2 + [german] * 10


def test_a_network_name_with_a_comma_and_a_line_break_stays_one_quoted_name(q):
    from email.message import EmailMessage

    from pipeline.forms.mail import set_sender

    named = dataclasses.replace(q, network=Text.of({"de": 'Netzwerk "Süd", e.V.\nBayern'}))
    msg = EmailMessage()
    set_sender(msg, named, "de")
    assert msg.as_bytes(policy=email.policy.SMTP).split(b"\r\n")[0:2] == [
        b"From: Netzwerk =?utf-8?b?IlPDvGQiLCBlLlYuIOKPjg==?= Bayern",
        b" <praxis@netzwerk-praevention.example>",
    ]
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    assert parsed["From"].addresses[0].display_name == 'Netzwerk "Süd", e.V. ⏎ Bayern'


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no Unix permissions")
def test_forms_tables_compendium_and_reports_get_the_users_umask(demo):
    modes = {
        p.relative_to(demo).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in [demo, *demo.rglob("*")]
    }
    wrong = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o750 if (demo / name).is_dir() else 0o640)
    }
    assert wrong == {}
    assert modes["forms/p03-discord-dialog.docx"] == 0o640
    assert modes["forms/p03-discord-dialog.xlsx"] == 0o640
    assert modes["mails/p03-discord-dialog.eml"] == 0o640
    assert modes["tables/answers.xlsx"] == 0o640
    assert modes["compendium/compendium-de.docx"] == 0o640
    assert modes["compendium/web/index.html"] == 0o640
    assert modes["reports/p03.md"] == modes["reports/p03.html"] == 0o640
    assert modes["compendium"] == modes["compendium/web"] == 0o750


def test_every_report_has_an_html_page_beside_it(demo):
    reports = demo / "reports"
    md = sorted(p.stem for p in reports.glob("*.md"))
    assert md == sorted(p.stem for p in reports.glob("*.html"))
    assert md == ["p01", "p02", "p03", "p04", "p05", "p07", "p08", "p09", "p11", "p12"]
    page = (reports / "p03.html").read_text("utf-8")
    assert page.startswith(
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        "<title>Rücklauf von Discord-Dialog</title>\n"
    )
    assert (
        "<h1>Rücklauf von Discord-Dialog</h1>\n<ul>\n<li>Datei: p03-discord-dialog.docx</li>"
        in page
    )
    assert "<h2>Rückgaben dieses Projekts</h2>" in page
    assert "http" not in page.replace("http-equiv", "")  # nothing from outside


def test_what_a_project_typed_shows_as_text_in_the_html_page():
    typed = '<img src=x onerror="alert(1)"> **fett** [Link](javascript:alert(1)) & Co.'
    text = f"# Bericht <b>\n\n- Antwort: {markdown(typed)}\n- [x](javascript:alert(2))\n"
    page = report_html(text, "en", "fallback").decode("utf-8")
    assert page == (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Bericht &lt;b&gt;</title>\n"
        f"<style>{page.split('<style>')[1].split('</style>')[0]}</style>\n"
        "</head>\n<body>\n"
        "<h1>Bericht &lt;b&gt;</h1>\n<ul>\n"
        "<li>Antwort: &lt;img src=x onerror=&quot;alert(1)&quot;&gt; **fett** "
        "[Link](javascript:alert(1)) &amp; Co.</li>\n"
        "<li>[x](javascript:alert(2))</li>\n"
        "</ul>\n</body>\n</html>\n"
    )
    assert "<script" not in page and "<img" not in page and 'href="javascript' not in page


def test_a_report_without_heading_is_titled_by_its_name_and_goes_with_its_page(tmp_path):
    path = tmp_path / "reports" / "rejected.md"
    write_report(path, "- eins\n- zwei\n", "de")
    assert path.read_text("utf-8") == "- eins\n- zwei\n"
    page = (tmp_path / "reports" / "rejected.html").read_text("utf-8")
    assert "<title>rejected</title>" in page
    assert "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n" in page
    remove_report(path)
    assert sorted(os.listdir(tmp_path / "reports")) == []
