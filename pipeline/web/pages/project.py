"""The page of one project (to be built: a placeholder until then)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.web.rendering import page


def project_page(request: Request, notice: str = "", problem: str = "") -> Response:
    """The page of ``request.path_params["project"]``; ``notice`` (what an action did) and
    ``problem`` (why it was refused, a PraxisError's text) are shown above its answers."""
    return page(request, "placeholder.html", nav="projects")


ROUTES: list[BaseRoute] = [Route("/projects/{project}", project_page, name="project")]
