"""The guard in front of every request of ``praxis serve`` (an ASGI middleware).

In this order, each refusal a short page in the user's language:

1. the ``Host`` header must be the address and port the server listens on (a page of another
   name that resolves to 127.0.0.1, DNS rebinding, gets 403);
2. the access token: ``?token=`` of the printed URL once (only in a GET or HEAD; then a
   cookie for this port, and a redirect to the same address without it), else the cookie;
   without it 403;
3. a request that may change something (not GET/HEAD/OPTIONS) must come from this page
   (``Origin``, when the browser sends one, is this server) and carry the CSRF token: the
   ``X-CSRF-Token`` header (the page's JavaScript), a ``csrf`` field of a plain form, or
   ``?csrf=`` in the address of a file upload form; else 403;
4. a body larger than the limit gets 413 (told by ``Content-Length``, or counted while it
   arrives).

Every response carries headers that keep the page to itself (no framing, no other sources,
no referrer to another site). The referrer policy is ``same-origin``, not ``no-referrer``:
under ``no-referrer`` a browser sends ``Origin: null`` with every form and ``fetch`` of the
page itself, and check 3 would refuse them all. A websocket is refused (the page has none).
Tokens are compared as bytes in constant time (a value with other characters than the
token's is simply wrong).
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import suppress
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from pipeline.errors import PraxisError
from pipeline.locale.texts import LANGUAGES, t
from pipeline.web.config import WebConfig

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Fields = dict[str, str]
Query = dict[str, list[str]]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LANG_COOKIE = "praxis_lang"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
)


def token_cookie(config: WebConfig) -> str:
    """The cookie that holds the access token: one per port (cookies do not tell ports
    apart, two servers on two rounds do not share one)."""
    return f"praxis_token_{config.port}"


class TooLarge(PraxisError):
    """The body grew beyond the limit. A page that catches it gains nothing: see _pass."""


class Guard:
    """The ASGI middleware: see the module doc."""

    def __init__(self, app: ASGIApp, config: WebConfig):
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets here: refused at the handshake (403)
            await receive()
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = _headers(scope)
        cookies = _cookies(headers)
        lang = cookies.get(LANG_COOKIE, "")
        refuse = _Refusal(send, lang if lang in LANGUAGES else self.config.lang)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        why = self._who(scope["method"], headers, cookies, query)
        if why:
            await refuse(*why)
            return
        if query.get("token") and scope["method"] in SAFE_METHODS:
            await self._enter(scope, query, send)
            return
        counter = _Counter(receive, self.config.max_request_bytes)
        receive = counter
        if scope["method"] not in SAFE_METHODS:
            why, receive = await self._change(headers, query, counter)
            if why:
                await refuse(*why)
                return
        await self._pass(scope, receive, send, refuse, counter)

    def _who(self, method: str, headers: Fields, cookies: Fields, query: Query) -> tuple[Any, ...]:
        """Why the request is not served at all (the Host, the token), () when it is."""
        if not self.config.allows_host(headers.get("host", "")):
            return 403, "web.refused.host_title", "web.refused.host"
        given = cookies.get(token_cookie(self.config), "")
        if method in SAFE_METHODS:  # the printed URL; a change never carries it in its address
            given = query.get("token", [""])[0] or given
        if not _same(given, self.config.token):
            return 403, "web.refused.token_title", "web.refused.token"
        return ()

    async def _change(self, headers: Fields, query: Query, receive: Receive) -> tuple[Any, Receive]:
        """Why a request that may change something is refused (its origin, its size, the
        CSRF token), () when it may go on; and the ``receive`` to read its body with."""
        too_large = (413, "web.refused.size_title", "web.refused.size")
        limit = {"limit": _mb(self.config)}
        if not self._same_origin(headers):
            return (403, "web.refused.csrf_title", "web.refused.origin"), receive
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.config.max_request_bytes:
            return (*too_large, limit), receive
        try:
            passed, receive = await self._csrf(headers, query, receive)
        except TooLarge:
            return (*too_large, limit), receive
        if not passed:
            return (403, "web.refused.csrf_title", "web.refused.csrf"), receive
        return (), receive

    async def _pass(
        self, scope: Scope, receive: Receive, send: Send, refuse: _Refusal, counter: _Counter
    ) -> None:
        """Hand the request on; every response gets :data:`HEADERS`. A body beyond the limit
        is answered with 413, also when the page caught :class:`TooLarge` and answered
        itself (its answer is dropped)."""
        started = False

        async def secured(message: Message) -> None:
            nonlocal started
            if counter.exceeded and not started:
                return
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        with suppress(TooLarge):
            await self.app(scope, receive, secured)
        if counter.exceeded and not started:
            await refuse(
                413, "web.refused.size_title", "web.refused.size", {"limit": _mb(self.config)}
            )

    async def _enter(self, scope: Scope, query: Query, send: Send) -> None:
        """The printed URL was opened: set the cookie, go on to the same page without the
        token in the address bar (and the browser's history)."""
        rest = {k: v for k, v in query.items() if k != "token"}
        path = "/" + scope["path"].lstrip("/")  # never //elsewhere (another server)
        target = quote(scope.get("root_path", "") + path)
        if rest:
            target += "?" + urlencode(rest, doseq=True)
        cookie = (
            f"{token_cookie(self.config)}={self.config.token}; Path=/; HttpOnly; SameSite=Strict"
        )
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", target.encode("latin-1")),
                    (b"set-cookie", cookie.encode("latin-1")),
                    *HEADERS,
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    def _same_origin(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin")
        if origin is None:
            return True  # not every client sends one; the CSRF token still has to match
        scheme, _, host = origin.partition("://")
        return scheme == "http" and self.config.allows_host(host)

    async def _csrf(self, headers: Fields, query: Query, receive: Receive) -> tuple[bool, Receive]:
        """Whether the request carries the CSRF token; the ``receive`` to read the body
        with (a plain form's body is read here, and handed on unchanged)."""
        expected = self.config.csrf
        for given in (headers.get(CSRF_HEADER, ""), query.get(CSRF_FIELD, [""])[0]):
            if given and _same(given, expected):
                return True, receive
        kind = headers.get("content-type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            return False, receive
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.config.max_form_bytes:
                raise TooLarge
        fields = parse_qs(body.decode("latin-1"))
        given = fields.get(CSRF_FIELD, [""])[0]
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return bool(given) and _same(given, expected), replay


def _same(given: str, expected: str) -> bool:
    """``given == expected`` in constant time, for any characters (``compare_digest`` of
    two strings refuses non-ASCII ones with a TypeError: a 500 for ``?token=%C3%A4``)."""
    return secrets.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8"))


def _mb(config: WebConfig) -> int:
    return config.max_request_bytes // (1024 * 1024)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


class _Counter:
    """The ``receive`` of a request that counts its body: :class:`TooLarge` beyond
    ``limit`` (and at every later read), ``exceeded`` from then on."""

    def __init__(self, receive: Receive, limit: int):
        self.receive = receive
        self.limit = limit
        self.seen = 0
        self.exceeded = False

    async def __call__(self) -> Message:
        if self.exceeded:
            raise TooLarge
        message = await self.receive()
        self.seen += len(message.get("body", b""))
        if self.seen > self.limit:
            self.exceeded = True
            raise TooLarge
        return message


class _Refusal:
    """A short page that says why nothing is served, in the user's language."""

    def __init__(self, send: Send, lang: str):
        self.send = send
        self.lang = lang

    async def __call__(
        self, status: int, title: str, text: str, values: dict[str, object] | None = None
    ) -> None:
        heading = html.escape(t(title, self.lang))
        body = html.escape(t(text, self.lang, **(values or {})))
        page = (
            f'<!doctype html><html lang="{self.lang}"><head><meta charset="utf-8">'
            f"<title>{heading} – praxis</title></head><body><main><h1>{heading}</h1>"
            f"<p>{body}</p></main></body></html>"
        ).encode()
        await self.send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(page)).encode()),
                    *HEADERS,
                ],
            }
        )
        await self.send({"type": "http.response.body", "body": page})
