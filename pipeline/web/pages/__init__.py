"""The pages of ``praxis serve``, one module each; :data:`ROUTES` is all of them.

Each module holds its page's routes (``ROUTES``) and nothing of a round's logic: it reads the
request, calls the library function the command line calls, and renders the result.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from pipeline.web.pages import (
    inbox,
    letters,
    project,
    projects,
    publication,
    review_actions,
    round_page,
    shared,
    waiting,
    workbooks,
)

ROUTES: list[BaseRoute] = [
    *shared.ROUTES,
    *round_page.ROUTES,
    *projects.ROUTES,
    *project.ROUTES,
    *review_actions.ROUTES,
    *waiting.ROUTES,
    *inbox.ROUTES,
    *letters.ROUTES,
    *publication.ROUTES,
    *workbooks.ROUTES,
]
