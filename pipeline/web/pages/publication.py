"""The publication page of ``praxis serve`` (to be built: a placeholder until then)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.web.rendering import page


def publication_page(request: Request) -> Response:
    return page(request, "placeholder.html", nav="publication")


ROUTES: list[BaseRoute] = [Route("/publication", publication_page, name="publication")]
