"""Starting ``praxis serve``: one server per round, on 127.0.0.1, stopped with Ctrl+C.

A second ``serve`` on the same round is refused (``.<round>.praxis-serve-lock`` beside the
round, the operating system's lock as for the round's own lock, so a killed server frees it);
its message names the address of the one that runs. The port: the one asked for (refused
when taken), else the first free one from 8765.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from pipeline.errors import RoundError, UsageError
from pipeline.locale.texts import t
from pipeline.round.lock import LOCK_SUFFIX, lock_path
from pipeline.web.config import WebConfig, is_loopback

DEFAULT_PORT = 8765
PORTS_TRIED = 20
SERVE_SUFFIX = ".praxis-serve-lock"


def serve_lock_path(round_dir: Path) -> Path:
    place = lock_path(round_dir)
    return place.with_name(place.name.removesuffix(LOCK_SUFFIX) + SERVE_SUFFIX)


@contextmanager
def serving(config: WebConfig) -> Iterator[None]:
    """Hold the round's serve lock while the server runs; RoundError when another holds it."""
    place = serve_lock_path(config.round_dir)
    info = place.with_name(place.name + ".info")
    lock = FileLock(place, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RoundError(_busy(config, info)) from None
    try:
        with suppress(OSError):  # only for the message to a second serve
            since = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
            info.write_text(
                json.dumps({"url": config.base_url, "pid": os.getpid(), "since": since}), "utf-8"
            )
        yield
    finally:
        with suppress(OSError):
            info.unlink(missing_ok=True)
        lock.release()


def refuse_if_serving(config: WebConfig) -> None:
    """RoundError when another ``serve`` holds the round's serve lock (before a port is
    chosen: the message is then the one about the running page, not about its port)."""
    place = serve_lock_path(config.round_dir)
    lock = FileLock(place, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RoundError(_busy(config, place.with_name(place.name + ".info"))) from None
    lock.release()


def _busy(config: WebConfig, info: Path) -> str:
    try:
        found = json.loads(info.read_text("utf-8"))
    except (OSError, ValueError):
        found = {}
    return t(
        "web.already_serving",
        config.lang,
        round=config.round_dir,
        url=found.get("url", "?"),
        pid=found.get("pid", "?"),
        since=found.get("since", "?"),
    )


def port_free(host: str, port: int) -> bool:
    """Whether the server can listen at ``host:port``: bound the way uvicorn binds
    (``SO_REUSEADDR``: a port a stopped server used a moment ago is free again at once)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def choose_port(host: str, asked: int | None, lang: str) -> int:
    """``asked`` when it is free (UsageError when not), else the first free port from 8765."""
    if not port_free(host, 0):
        raise UsageError(t("web.host_unknown", lang, host=host))
    if asked is not None:
        if not port_free(host, asked):
            raise UsageError(t("web.port_taken", lang, port=asked))
        return asked
    for port in range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED):
        if port_free(host, port):
            return port
    raise UsageError(
        t("web.no_port", lang, first=DEFAULT_PORT, last=DEFAULT_PORT + PORTS_TRIED - 1)
    )


def check_round(round_dir: Path, lang: str) -> None:
    if not (round_dir / "round.json").is_file():
        raise UsageError(t("web.not_round", lang, round=round_dir))


def check_host(host: str, allow_network: bool, lang: str) -> str | None:
    """None for an address of this computer only (127.0.0.1, any loopback address); for
    another one the warning to show (UsageError without ``allow_network``)."""
    if is_loopback(host):
        return None
    if not allow_network:
        raise UsageError(t("web.host_needs_flag", lang, host=host))
    return t("web.host_warning", lang, host=host)


def run(config: WebConfig, open_browser: bool, say: Callable[[str], None]) -> None:
    """Serve ``config``'s round until Ctrl+C."""
    import uvicorn

    from pipeline.web.app import create_app

    with serving(config):
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(config),
                host=config.host,
                port=config.port,
                log_level="warning",
                access_log=False,
                server_header=False,
                proxy_headers=False,  # no X-Forwarded-* from another local program
                lifespan="on",
            )
        )
        ready = threading.Thread(
            target=_when_up, args=(server, config, open_browser, say), daemon=True
        )
        ready.start()
        try:
            with suppress(KeyboardInterrupt):  # uvicorn stops cleanly, then passes Ctrl+C on
                server.run()
        except SystemExit:  # uvicorn could not listen: another program took the port meanwhile
            if server.started:
                raise
            raise UsageError(t("web.port_taken", config.lang, port=config.port)) from None
    say(t("web.stopped", config.lang))


def _when_up(
    server: Any, config: WebConfig, open_browser: bool, say: Callable[[str], None]
) -> None:
    """Once the server listens (not before: the address would not answer yet), print the
    address, and open it in the browser with ``--open``."""
    while not server.started:
        if server.should_exit:
            return
        time.sleep(0.05)
    say(t("web.serving", config.lang, url=config.url, round=config.round_dir))
    if open_browser:
        webbrowser.open(config.url)
