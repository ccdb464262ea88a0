"""The projects page: every roster project with its review state, the outcome of its current
return, when it came, its open problems and creative answers; filtered by state, searched by
name or id. The rows are those of ``praxis status`` (:func:`pipeline.returns.status.status`)."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.locale.texts import t
from pipeline.returns.status import StatusRow, status
from pipeline.review.states import ReviewState, state_label
from pipeline.web.pages.shared import round_of
from pipeline.web.rendering import page, request_lang

NO_RETURN = "missing"
"""The filter value for projects without a return (``?state=missing``)."""


@dataclass(frozen=True)
class Row:
    """A row of the table, its texts in the page language."""

    project: str
    name: str
    state: str
    state_label: str
    outcome: str
    received: str
    errors: int
    warnings: int
    media: int


def matches(row: StatusRow, state: str, query: str) -> bool:
    """Whether ``row`` is shown for the filter ``state`` (a :class:`ReviewState` value,
    :data:`NO_RETURN` or "" for all) and the search ``query`` (in its id or name, any case)."""
    if state == NO_RETURN and row.returned:
        return False
    if state and state != NO_RETURN and row.state != state:
        return False
    wanted = query.strip().casefold()
    return not wanted or wanted in row.project.casefold() or wanted in row.name.casefold()


def _row(r: StatusRow, lang: str) -> Row:
    return Row(
        project=r.project,
        name=r.name,
        state=r.state,
        state_label=state_label(ReviewState(r.state), lang) if r.state else "",
        outcome=t(f"outcome.{r.outcome}", lang) if r.outcome else "",
        received=r.received,
        errors=r.errors,
        warnings=r.warnings,
        media=r.media,
    )


def projects_page(request: Request) -> Response:
    lang = request_lang(request)
    found = status(round_of(request).root)
    states = [str(s) for s in ReviewState]
    state = request.query_params.get("state", "")
    if state not in (*states, NO_RETURN):
        state = ""
    query = request.query_params.get("q", "")[:200]
    rows = [_row(r, lang) for r in found.rows if matches(r, state, query)]
    choices = [(s, state_label(ReviewState(s), lang)) for s in states]
    choices.append((NO_RETURN, t("web.projects.no_return", lang)))
    return page(
        request,
        "projects.html",
        nav="projects",
        rows=rows,
        total=len(found.rows),
        state=state,
        query=query,
        choices=choices,
        filtered=bool(state or query.strip()),
    )


ROUTES: list[BaseRoute] = [Route("/projects", projects_page, name="projects")]
