"""The round page: title, deadline, progress through the review loop, what to do next."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.returns.inbox import unread_files
from pipeline.returns.status import RoundStatus, status
from pipeline.review.states import ReviewState, state_label
from pipeline.round.folder import RoundDir
from pipeline.web.pages.shared import questionnaire_of, round_of
from pipeline.web.rendering import page, request_lang


@dataclass(frozen=True)
class NextStep:
    """One thing to do, with the page where it is done: ``web.next.<key>``."""

    key: str
    count: int
    route: str


def inbox_files(rd: RoundDir) -> int:
    """Files lying in the round's inbox that ingest has not read yet."""
    return len(unread_files(rd))


def next_steps(found: RoundStatus, rd: RoundDir) -> list[NextStep]:
    """What the round waits for, most urgent first (nothing: the compendium can be built)."""
    totals = found.totals
    rows = found.rows
    states = [r.state for r in rows]
    steps = [
        NextStep("waiting", len(found.waiting), "projects"),
        NextStep("incomplete", totals.incomplete, "letters"),
        NextStep("missing", totals.missing, "letters"),
        NextStep(
            "to_review",
            sum(1 for r in rows if r.accepted and r.state in ("", ReviewState.RECEIVED)),
            "projects",
        ),
        NextStep("follow_up", states.count(ReviewState.FOLLOW_UP), "projects"),
        NextStep("to_approve", states.count(ReviewState.CHECKED), "letters"),
    ]
    found_steps = [s for s in steps if s.count]
    return found_steps or [NextStep("publish", states.count(ReviewState.APPROVED), "publication")]


def round_overview(request: Request) -> Response:
    rd = round_of(request)
    lang = request_lang(request)
    record = rd.load()
    q = questionnaire_of(request)
    found = status(rd.root)
    states = [(state_label(ReviewState(s), lang), n, s) for s, n in found.state_totals.items()]
    return page(
        request,
        "round.html",
        nav="round",
        title=q.title.get(lang),
        version=q.version,
        deadline=record.deadline_date,
        totals=found.totals,
        states=states,
        steps=next_steps(found, rd),
        inbox=inbox_files(rd),
    )


ROUTES: list[BaseRoute] = [Route("/", round_overview, name="round")]
