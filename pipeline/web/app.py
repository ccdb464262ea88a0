"""The application of ``praxis serve``: the guard, the pages, the static files, the errors."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from pipeline.errors import PraxisError
from pipeline.web.config import WebConfig
from pipeline.web.jobs import Writer, failure_text
from pipeline.web.pages import ROUTES
from pipeline.web.rendering import STATIC, page, request_lang
from pipeline.web.security import Guard


def create_app(config: WebConfig) -> Starlette:
    """The application for ``config``'s round (not yet listening: see :mod:`.serve`)."""
    writer = Writer()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        yield
        writer.shutdown()

    app = Starlette(
        routes=[*ROUTES, Mount("/static", app=StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(Guard, config=config)],
        exception_handlers={
            HTTPException: _http_error,
            PraxisError: _failure,  # the user can act on these: a page, not a server error
            OSError: _failure,  # a full disk, a file open elsewhere: said as such
            Exception: _failure,
        },
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.writer = writer
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    key = {404: "web.error.not_found", 405: "web.error.method"}.get(exc.status_code, "")
    message = _detail(exc, request_lang(request), key)
    return page(request, "error.html", status_code=exc.status_code, message=message)


def _detail(exc: HTTPException, lang: str, key: str) -> str:
    from pipeline.locale.texts import t

    if key:
        return t(key, lang)
    return str(exc.detail)


async def _failure(request: Request, exc: Exception) -> Response:
    """Whatever a page raised: said on a page, in the user's language, never a traceback.
    A praxis error (the user can do something about it) is 400, anything else 500."""
    from pipeline.errors import environment_failure

    known = isinstance(exc, PraxisError) or environment_failure(exc) is not None
    if not known:
        import traceback

        traceback.print_exception(exc)
    message = failure_text(exc, request_lang(request))
    return page(request, "error.html", status_code=400 if known else 500, message=message)
