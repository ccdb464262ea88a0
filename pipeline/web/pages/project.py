"""The page of one project (to be built: a placeholder until then)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.web.rendering import page


def project_page(request: Request) -> Response:
    return page(request, "placeholder.html", nav="projects")


ROUTES: list[BaseRoute] = [Route("/projects/{project}", project_page, name="project")]
