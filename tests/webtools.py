"""Helpers for the tests of ``praxis serve``: a round to show, the server in a thread, a
client that passes the guard, Debian's Chromium through Playwright, axe-core.

- :func:`demo_copy`: a copy of a demo round (made once per test worker) to change freely;
- :func:`fresh_round`: a round just generated (no returns yet) and, beside it, filled returns
  of three projects and a saved e-mail with a fourth, the way projects send them;
- :func:`client`: Starlette's TestClient with the access cookie and the right Host header;
- :func:`running`: the real server (uvicorn) on a free port of 127.0.0.1, in a thread;
- :func:`chromium` / :func:`new_page`: the browser (CI=true: a missing browser fails the
  test, elsewhere it is skipped) and a page that opened the printed URL;
- :func:`axe_findings`: the serious and critical findings of axe-core on a page.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.web.config import WebConfig

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Without the background-networking flags Chromium tries to reach Google at every start
(this machine has no network: many refused connections)."""

_demo: dict[str, Path] = {}

DEMO_PRACTICES = [
    "Hinsehen statt Wegklicken",
    "Counter-Narratives Lab",
    "Discord-Dialog",
    "Online Outreach Bremen",
    "Streetwork im Netz",
    "Wegweiser Ausstieg",
    "Peer-Botschafter*innen",
    "Faktencheck Jugend",
]
"""The titles of the demo's published practices, in the compendium's order (literal: the
compendium sorts them by field of action, then title)."""


def demo_copy(target: Path, lang: str = "de") -> Path:
    """A copy of the demo round (``praxis demo``: 12 projects, 10 returns, one incomplete,
    p01 corrected and approved) at ``target``; the demo itself runs once per worker."""
    from pipeline.demo import run_demo

    if lang not in _demo:
        import tempfile

        where = Path(tempfile.mkdtemp(prefix=f"praxis-web-demo-{lang}-")) / "demo"
        run_demo(where, lang, pdf=False)  # the copies' tests compile PDFs themselves
        _demo[lang] = where
    shutil.copytree(_demo[lang], target)
    return target


@dataclass(frozen=True)
class FreshRound:
    """A round after ``generate`` and the files that came back, not yet in its inbox."""

    root: Path
    returns: tuple[Path, ...]
    """p02 (Excel), p03 and p05 (Word): filled with the demo's answers."""
    mail: Path
    """A saved e-mail (.eml) from p04 with its filled Word form attached."""


def fresh_round(tmp_path: Path, lang: str = "de") -> FreshRound:
    from pipeline.definition.loading import load_questionnaire
    from pipeline.demo import demo_answers
    from pipeline.examples import bundled_questionnaire, example_roster
    from pipeline.forms.excel.filler import fill_xlsx
    from pipeline.forms.generate import generate_round
    from pipeline.forms.word.filler import fill_docx
    from pipeline.round.folder import RoundDir
    from tests.mailfiles import eml_message

    root = tmp_path / "runde"
    deadline = dt.date.today() + dt.timedelta(days=28)
    generate_round(bundled_questionnaire(), example_roster(), root, lang=lang, deadline=deadline)
    rd = RoundDir(root)
    q = load_questionnaire(rd.definition, lang)
    record = rd.load()
    answers = demo_answers()
    sent = tmp_path / "zurueck"
    sent.mkdir()
    fillers = {"docx": fill_docx, "xlsx": fill_xlsx}
    made = []
    for pid in ("p02", "p03", "p05", "p04"):
        fmt = answers[pid]["format"]
        form = root / record.projects[pid].files[fmt]
        fillers[fmt](form, answers[pid]["answers"], sent / form.name, q)
        made.append(sent / form.name)
    attached = made.pop()
    p04 = record.projects["p04"]
    mail = sent / "Antwort p04.eml"
    mail.write_bytes(
        eml_message(
            subject="Fragebogen zurück",
            sender=p04.email,
            sender_name=p04.contact,
            date=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1),
            body="Guten Tag,\r\nanbei unser ausgefüllter Fragebogen.\r\n",
            attachments=[(attached.name, attached.read_bytes())],
        )
    )
    attached.unlink()
    return FreshRound(root, tuple(made), mail)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def config_for(round_dir: Path, lang: str = "de", port: int | None = None) -> WebConfig:
    return WebConfig(round_dir=round_dir.resolve(), lang=lang, port=port or free_port())


def client(config: WebConfig) -> Any:
    """A TestClient that opened the printed URL: it holds the access cookie and sends the
    server's own Host header; ``client.csrf`` is the page's CSRF token."""
    from starlette.testclient import TestClient

    from pipeline.web.app import create_app

    c = TestClient(create_app(config), base_url=config.base_url.rstrip("/"))
    c.get(f"/?token={config.token}", follow_redirects=False)
    c.csrf = config.csrf  # type: ignore[attr-defined]
    return c


@contextmanager
def running(config: WebConfig, app: Any = None) -> Iterator[WebConfig]:
    """The real server for ``config`` (uvicorn, in a thread) until the block ends; ``app``:
    another application to serve there (default: praxis's own for ``config``)."""
    import uvicorn

    from pipeline.web.app import create_app

    app = app if app is not None else create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(app, host=config.host, port=config.port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield config
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def browser_or_skip() -> None:
    if CHROMIUM.exists() and AXE.exists():
        return
    missing = [str(p) for p in (CHROMIUM, AXE) if not p.exists()]
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests need {', '.join(missing)} in CI (see .ci/run)")
    pytest.skip(
        f"not installed: {', '.join(missing)} (apt install chromium; npm ci --prefix tests/browser)"
    )


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (which cannot download its own)."""
    browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, config: WebConfig, locale: str = "de-DE") -> Any:
    """A new page (own cookies) that opened the URL ``praxis serve`` prints."""
    context = browser.new_context(locale=locale, accept_downloads=True)
    page = context.new_page()
    page.goto(config.url)
    return page


def axe_findings(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's findings of ``impacts`` on the page as it is, one line each (rule, impact,
    the first element); [] when there is none."""
    page.evaluate(AXE.read_text("utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]
