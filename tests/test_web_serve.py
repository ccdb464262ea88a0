"""``praxis serve`` as a user runs it: a real process on a copy of the demo round, its printed
address opened with urllib, stopped with Ctrl+C (SIGINT); the refusals and their exit status.
Every process a test starts is ended by its pid."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.webtools import demo_copy, free_port

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"http://\S+/\?token=[\w-]+")


class Serve:
    """A running ``python -m pipeline serve`` and what it printed so far."""

    def __init__(self, *args: str, env: dict[str, str] | None = None):
        command = [sys.executable, "-m", "pipeline", *args]
        self.proc = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "", **(env or {})},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, seen in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, seen), daemon=True).start()

    def _read(self, stream, seen: list[str]) -> None:
        for line in stream:
            seen.append(line)
            self.lines.put(line)

    def url(self, timeout: float = 30) -> str:
        """The printed address (fails the test when the process ends first)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = URL.search("".join(self.out))
            if found:
                return found.group(0)
            if self.proc.poll() is not None:
                time.sleep(0.2)  # the reader threads catch up
                pytest.fail(f"serve ended ({self.proc.returncode}): {self.text()}")
            with contextlib.suppress(queue.Empty):
                self.lines.get(timeout=0.2)
        pytest.fail(f"no address after {timeout} s: {self.text()}")

    def finish(self, timeout: float = 30) -> int:
        code = self.proc.wait(timeout=timeout)
        time.sleep(0.1)
        return code

    def interrupt(self) -> int:
        """Ctrl+C, as in the terminal; the exit status."""
        self.proc.send_signal(signal.SIGINT)
        return self.finish()

    def text(self) -> str:
        return "".join(self.out) + "".join(self.err)

    def end(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def serves() -> Iterator[list[Serve]]:
    started: list[Serve] = []
    yield started
    for s in started:
        s.end()


@pytest.fixture
def start(serves: list[Serve]):
    def starting(*args: str, env: dict[str, str] | None = None) -> Serve:
        s = Serve(*args, env=env)
        serves.append(s)
        return s

    return starting


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_copy(tmp_path / "demo")


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),  # this computer, never through a proxy
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )


def status(url: str, browser: urllib.request.OpenerDirector | None = None) -> int:
    try:
        with (browser or opener()).open(url, timeout=10) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def listening(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def test_serve_prints_the_address_serves_it_and_stops_with_ctrl_c(demo: Path, start) -> None:
    port = free_port()
    first = start("serve", "--round", str(demo), "--port", str(port))
    url = first.url()
    assert url.startswith(f"http://127.0.0.1:{port}/?token=")
    assert "Bitte diese Adresse im Browser öffnen" in first.text()
    assert "Beenden mit Strg+C." in first.text()
    browser = opener()
    with browser.open(url, timeout=10) as answer:  # 303 to / without the token, with a cookie
        assert answer.status == 200
        assert answer.url == f"http://127.0.0.1:{port}/"
        assert "Fragebogen" in answer.read().decode("utf-8")
    assert status(f"http://127.0.0.1:{port}/projects", browser) == 200
    assert status(f"http://127.0.0.1:{port}/") == 403  # no token, no cookie
    assert status(f"http://127.0.0.1:{port}/?token=wrong") == 403

    assert first.interrupt() == 0
    assert first.out[-1] == "Die Seite ist beendet.\n"
    assert "Traceback" not in first.text()
    assert not listening(port)
    assert not list(demo.parent.glob(".demo.praxis-serve-lock.info"))

    again = start("serve", "--round", str(demo), "--port", str(port))  # the same port at once
    assert status(again.url()) == 200
    assert again.interrupt() == 0


def test_open_shows_the_address_in_the_browser(demo: Path, start, tmp_path: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n', "utf-8")
    browser.chmod(0o755)
    port = str(free_port())  # not the default: tests run side by side
    s = start(
        "serve", "--round", str(demo), "--port", port, "--open", env={"BROWSER": str(browser)}
    )
    url = s.url()
    for _ in range(100):
        if opened.exists() and opened.read_text("utf-8").strip():
            break
        time.sleep(0.1)
    assert opened.read_text("utf-8").strip() == url
    assert status(url) == 200
    assert s.interrupt() == 0


def test_a_second_serve_on_the_same_round_is_refused(demo: Path, start, tmp_path: Path) -> None:
    first = start("serve", "--round", str(demo), "--port", str(free_port()))
    url = first.url()
    base = url.split("?")[0]
    link = tmp_path / "dieselbe-runde"
    link.symlink_to(demo)
    for path in (demo, link):
        second = start("serve", "--round", str(path))
        assert second.finish() == 1
        text = second.text()
        assert f"Für die Runde {demo} läuft schon eine Seite ({base}, Prozess " in text, text
        assert str(first.proc.pid) in text
        assert "Traceback" not in text
    port = int(base.rsplit(":", 1)[1].strip("/"))
    same_port = start("serve", "--round", str(demo), "--port", str(port))
    assert same_port.finish() == 1  # the running page is named, not its port
    assert "läuft schon eine Seite" in same_port.text()
    assert status(url) == 200  # the first one is untouched
    assert first.interrupt() == 0


def test_a_port_in_use_is_refused(demo: Path, start) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        s = start("serve", "--round", str(demo), "--port", str(port))
        assert s.finish() == 2
    assert f"Der Port {port} ist schon belegt." in s.text()
    assert "Traceback" not in s.text()


def test_another_address_needs_allow_network(demo: Path, start) -> None:
    port = free_port()
    refused = start("serve", "--round", str(demo), "--host", "0.0.0.0", "--port", str(port))
    assert refused.finish() == 2
    assert "Das geht nur mit --allow-network" in "".join(refused.err)
    assert not listening(port)

    unknown = start("serve", "--round", str(demo), "--host", "praxis.invalid", "--allow-network")
    assert unknown.finish() == 2
    assert "Sie gehört nicht zu diesem Rechner" in unknown.text()

    # 127.0.0.2 is this computer only, like 127.0.0.1: no flag needed, no warning
    s = start("serve", "--round", str(demo), "--host", "127.0.0.2", "--port", str(port))
    url = s.url()
    assert url.startswith(f"http://127.0.0.2:{port}/?token=")
    assert "Achtung" not in s.text()
    assert status(url) == 200
    assert not listening(port, "127.0.0.1")
    assert s.interrupt() == 0


def test_every_interface_serves_this_computer_and_addresses_in_numbers(demo: Path, start) -> None:
    port = str(free_port())
    s = start("serve", "--round", str(demo), "--host", "0.0.0.0", "--allow-network", "--port", port)
    url = s.url()
    assert url.startswith("http://127.0.0.1:")  # the address that works on this computer
    assert "Achtung: Die Seite ist unter 0.0.0.0 auch für andere Rechner" in "".join(s.err)
    assert status(url) == 200
    port = int(url.split(":")[2].split("/")[0])
    token = url.split("token=")[1]
    assert status(f"http://127.0.0.2:{port}/?token={token}") == 200  # another address: served
    assert s.interrupt() == 0


def test_a_folder_that_is_no_round_is_refused(tmp_path: Path, start) -> None:
    folder = tmp_path / "kein-ordner"
    folder.mkdir()
    s = start("serve", "--round", str(folder))
    assert s.finish() == 2
    assert f"{folder} ist kein Ordner einer Erhebungsrunde (es fehlt round.json)" in s.text()
    missing = start("serve", "--round", str(tmp_path / "fehlt"))
    assert missing.finish() == 2
    assert "Traceback" not in missing.text()


def test_lang_en_speaks_english(demo: Path, start) -> None:
    s = start("--lang", "en", "serve", "--round", str(demo), "--port", str(free_port()))
    url = s.url()
    assert "Please open this address in your browser" in s.text()
    with opener().open(url, timeout=10) as answer:
        assert '<html lang="en">' in answer.read().decode("utf-8")
    assert s.interrupt() == 0
    assert s.out[-1] == "The page has stopped.\n"


def test_a_port_taken_after_it_was_chosen_is_said_as_such(demo: Path) -> None:
    from pipeline.errors import UsageError
    from pipeline.web.config import WebConfig
    from pipeline.web.serve import refuse_if_serving, run

    said: list[str] = []
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        config = WebConfig(round_dir=demo.resolve(), port=taken.getsockname()[1])
        with pytest.raises(UsageError, match=f"Der Port {config.port} ist schon belegt"):
            run(config, False, said.append)
    assert said == []  # no address printed that does not answer
    refuse_if_serving(config)  # the round is free again
