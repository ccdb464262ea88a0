"""The guard of ``praxis serve`` beyond tests/test_web_security.py (issue 14.3): a token in
the address of a change, tokens with other characters, a chunked body beyond the limit on
the real server, IPv6 and every-interface Host headers, another port's cookie, HEAD and
OPTIONS, websockets, a redirect to another server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from pipeline.errors import PraxisError
from pipeline.web.config import WebConfig
from pipeline.web.security import Guard
from tests.webtools import client, config_for, demo_copy, running


@pytest.fixture(scope="module")
def round_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_copy(tmp_path_factory.mktemp("web") / "demo")


def test_a_token_in_the_address_of_a_change_is_no_access(round_dir: Path) -> None:
    from starlette.testclient import TestClient

    from pipeline.web.app import create_app

    config = config_for(round_dir)
    bare = TestClient(create_app(config), base_url=config.base_url.rstrip("/"))
    answer = bare.post(f"/lang/en?token={config.token}", headers={"X-CSRF-Token": config.csrf})
    assert answer.status_code == 403
    assert "Zugangsschlüssel" in answer.text
    # with the cookie, the same request reaches the route (which only knows GET)
    c = client(config)
    answer = c.post(f"/lang/en?token={config.token}", headers={"X-CSRF-Token": config.csrf})
    assert answer.status_code == 405


def test_tokens_with_other_characters_are_wrong_not_a_failure(round_dir: Path) -> None:
    config = config_for(round_dir)
    from starlette.testclient import TestClient

    from pipeline.web.app import create_app

    bare = TestClient(create_app(config), base_url=config.base_url.rstrip("/"))
    assert bare.get("/?token=%C3%A4%E2%82%AC").status_code == 403
    cookie = f"praxis_token_{config.port}=\u00e4".encode("latin-1")
    assert bare.get("/", headers={"Cookie": cookie}).status_code == 403
    c = client(config)
    csrf = "\u00e4".encode("latin-1")
    assert c.post("/lang/en", headers={"X-CSRF-Token": csrf}).status_code == 403
    assert c.post("/lang/en", data={"csrf": "\u00e4\u20ac"}).status_code == 403


def test_the_cookie_of_another_port_is_no_access(round_dir: Path) -> None:
    from starlette.testclient import TestClient

    from pipeline.web.app import create_app

    config = config_for(round_dir)
    other = TestClient(create_app(config), base_url=config.base_url.rstrip("/"))
    other.cookies.set(f"praxis_token_{config.port + 1}", config.token)
    assert other.get("/").status_code == 403


def test_head_and_options_need_the_token_and_allow_no_other_site(round_dir: Path) -> None:
    from starlette.testclient import TestClient

    from pipeline.web.app import create_app

    config = config_for(round_dir)
    bare = TestClient(create_app(config), base_url=config.base_url.rstrip("/"))
    assert bare.head("/").status_code == 403
    assert bare.options("/").status_code == 403
    c = client(config)
    head = c.head("/")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["x-frame-options"] == "DENY"
    preflight = c.options(
        "/",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code == 405


def test_the_printed_url_never_sends_the_browser_to_another_server(round_dir: Path) -> None:
    config = config_for(round_dir)
    with running(config):
        for path, target in (
            ("//evil.example/x", b"/evil.example/x"),
            ("/projekt/%C3%A4", b"/projekt/%C3%A4"),
        ):
            request = f"GET {path}?token={config.token} HTTP/1.1\r\nHost: 127.0.0.1:{config.port}"
            answer = _raw(config, (request + "\r\n\r\n").encode())
            assert answer.startswith(b"HTTP/1.1 303"), answer
            assert b"\r\nlocation: " + target + b"\r\n" in answer, answer


def test_a_websocket_is_refused(round_dir: Path) -> None:
    from starlette.websockets import WebSocketDisconnect

    c = client(config_for(round_dir))
    with pytest.raises(WebSocketDisconnect) as refused, c.websocket_connect("/"):
        pass
    assert refused.value.code == 1008


def test_host_headers_for_ipv6_and_every_interface(round_dir: Path) -> None:
    loopback = config_for(round_dir)
    c = client(loopback)
    assert c.get("/", headers={"Host": f"[::1]:{loopback.port}"}).status_code == 403
    assert c.get("/", headers={"Host": f"LOCALHOST:{loopback.port}"}).status_code == 200

    six = WebConfig(round_dir=round_dir, host="::1", port=8800)
    assert six.base_url == "http://[::1]:8800/"
    assert six.allows_host("[::1]:8800")
    assert not six.allows_host("::1:8800")
    assert not six.allows_host("127.0.0.1:8800")

    every = WebConfig(round_dir=round_dir, host="0.0.0.0", port=8800)
    assert every.base_url == "http://127.0.0.1:8800/"
    for served in ("127.0.0.1:8800", "localhost:8800", "192.168.1.20:8800", "[fe80::1]:8800"):
        assert every.allows_host(served), served
    for refused in ("evil.example:8800", "192.168.1.20:8801", "192.168.1.20", "fe80::1:8800"):
        assert not every.allows_host(refused), refused
    assert not WebConfig(round_dir=round_dir, host="192.168.1.20").allows_host("10.0.0.1:8765")


def _raw(config: WebConfig, request: bytes, chunks: Iterator[bytes] | None = None) -> bytes:
    """Send ``request`` (and then ``chunks``) over a plain socket; the answer's first bytes."""
    with socket.create_connection((config.host, config.port), timeout=10) as s:
        s.sendall(request)
        try:
            for chunk in chunks or ():
                s.sendall(chunk)
        except OSError:  # the server answered and closed before the body ended
            pass
        answer = b""
        while b"\r\n\r\n" not in answer:
            part = s.recv(65536)
            if not part:
                break
            answer += part
        return answer


def _chunked(size: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < size:
        yield f"{piece:x}\r\n".encode() + b"x" * piece + b"\r\n"
        sent += piece
    yield b"0\r\n\r\n"


def _head(config: WebConfig, path: str, kind: str) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {config.host}:{config.port}\r\n"
        f"Cookie: praxis_token_{config.port}={config.token}\r\n"
        f"X-CSRF-Token: {config.csrf}\r\nContent-Type: {kind}\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()


async def _reads(request: Request) -> PlainTextResponse:
    try:
        body = await request.body()
    except PraxisError:  # a page that handles its own errors must not swallow the limit
        return PlainTextResponse("swallowed")
    return PlainTextResponse(f"{len(body)} bytes")


def test_a_chunked_body_beyond_the_limit_is_refused_on_the_real_server(round_dir: Path) -> None:
    config = replace(config_for(round_dir), max_request_bytes=256 * 1024)
    app = Starlette(  # the guard where create_app puts it
        routes=[Route("/up", _reads, methods=["POST"])],
        middleware=[Middleware(Guard, config=config)],
    )
    with running(config, app):
        small = _raw(config, _head(config, "/up", "application/octet-stream"), _chunked(1024, 1024))
        assert small.startswith(b"HTTP/1.1 200"), small
        big = _raw(config, _head(config, "/up", "application/octet-stream"), _chunked(2**20))
        assert big.startswith(b"HTTP/1.1 413"), big[:200]


def test_a_chunked_form_beyond_the_form_limit_is_refused(round_dir: Path) -> None:
    config = replace(config_for(round_dir), max_form_bytes=64 * 1024)
    with running(config):
        head = _head(config, "/lang/en", "application/x-www-form-urlencoded")
        head = head.replace(f"X-CSRF-Token: {config.csrf}\r\n".encode(), b"")
        answer = _raw(config, head, _chunked(2**20))
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        upgrade = (
            f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{config.port}\r\nConnection: Upgrade\r\n"
            f"Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        ).encode()
        assert _raw(config, upgrade).startswith(b"HTTP/1.1 403")  # no token: no page, no socket
