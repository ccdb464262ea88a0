"""The review actions on a project's page: set its state, comment (on a question), correct an
answer in place with a reason.

Each is a plain POST form (``templates/review_actions.html``, the macro ``correct_form`` of
``templates/review_macros.html``) that works without JavaScript. The handler calls the function
the command line calls (``praxis review PROJECT --set/--comment/--question``: :func:`record`;
``praxis correct``: :func:`correct`) on the writer thread and shows the project page with what
was done (200) or why it was refused (400, the library's message).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

import pipeline.web.pages.project as project_module  # looked up at each call (tests observe it)
from pipeline.errors import PraxisError
from pipeline.locale.texts import t
from pipeline.review.correct import Done, correct
from pipeline.review.state_command import Recorded, record
from pipeline.review.states import SETTABLE, state_label
from pipeline.web.jobs import failure_text
from pipeline.web.pages.shared import questionnaire_of, round_of, writer_of
from pipeline.web.rendering import request_lang, templates

T = TypeVar("T")

LONG_VALUE = 60
"""A current answer longer than this (or with a line break) is corrected in a textarea."""


@dataclass(frozen=True)
class Choice:
    """One option of a select: its value and its text."""

    value: str
    text: str


@dataclass(frozen=True)
class ReviewChoices:
    """What the review forms offer: the states ``praxis review --set`` takes, and the
    questions a comment can be tied to (by id, shown as number and label)."""

    states: tuple[Choice, ...]
    questions: tuple[Choice, ...]


def review_choices(request: Request) -> ReviewChoices:
    """The options of the review forms, in the page language (the templates call it)."""
    lang = request_lang(request)
    q = questionnaire_of(request)
    return ReviewChoices(
        states=tuple(Choice(str(s), state_label(s, lang)) for s in SETTABLE),
        questions=tuple(Choice(x.id, f"{x.number} {x.label.get(lang)}") for x in q.answerable()),
    )


def is_long(current: object) -> bool:
    """Whether a current answer is corrected in a textarea rather than a one-line input."""
    text = str(current or "")
    return "\n" in text or len(text) > LONG_VALUE


@dataclass(frozen=True)
class Typed:
    """A correction that was refused, as typed: its form shows it again, open."""

    question: str
    value: str
    reason: str


def typed_before(request: Request, number: str) -> Typed | None:
    """The refused correction of question ``number`` in this request (None: there is none)."""
    typed = getattr(request.state, "review_typed", None)
    return typed if isinstance(typed, Typed) and typed.question == number else None


templates().env.globals.update(
    review_choices=review_choices, review_is_long=is_long, review_typed=typed_before
)


def known_project(request: Request) -> str:
    """The project of the address; 404 when the round has no such project."""
    project = str(request.path_params["project"])
    if project not in round_of(request).load().projects:
        raise HTTPException(404)
    return project


def field(form: object, name: str) -> str:
    """A form field's text ("" when it is missing or is a file)."""
    value = form.get(name, "")  # type: ignore[attr-defined]
    return value if isinstance(value, str) else ""


async def outcome(
    request: Request, work: Callable[[], T], notice: Callable[[T], str], typed: Typed | None = None
) -> Response:
    """Run ``work`` on the writer thread, then the project page with ``notice(result)``, or
    with the message of the praxis error it raised (status 400; ``typed`` shown again)."""
    writer = writer_of(request)
    try:
        done = await run_in_threadpool(writer.call, work)
    except PraxisError as e:
        return refused(request, failure_text(e, request_lang(request)), typed)
    return project_module.project_page(request, notice=notice(done))


def refused(request: Request, problem: str, typed: Typed | None = None) -> Response:
    request.state.review_typed = typed
    response = project_module.project_page(request, problem=problem)
    response.status_code = 400
    return response


async def set_state(request: Request) -> Response:
    """POST ``/projects/{project}/state``: ``state`` and an optional ``comment``."""
    project = known_project(request)
    form = await request.form()
    lang, root = request_lang(request), round_of(request).root
    state, comment = field(form, "state"), field(form, "comment").strip()

    def work() -> Recorded:
        return record(root, project, state, comment or None, None, lang)

    def notice(done: Recorded) -> str:
        key = "web.review.state_set_comment" if comment else "web.review.state_set"
        return t(key, lang, state=done.state)

    return await outcome(request, work, notice)


async def add_comment(request: Request) -> Response:
    """POST ``/projects/{project}/comment``: ``comment``, optionally on ``question`` (its id)."""
    project = known_project(request)
    form = await request.form()
    lang, root = request_lang(request), round_of(request).root
    comment, question = field(form, "comment").strip(), field(form, "question").strip()
    if not comment:
        return refused(request, t("web.review.need_comment", lang))

    def work() -> Recorded:
        return record(root, project, None, comment, question or None, lang)

    def notice(done: Recorded) -> str:
        if done.question:
            return t("web.review.commented_on", lang, question=done.question)
        return t("web.review.commented", lang)

    return await outcome(request, work, notice)


async def correct_answer(request: Request) -> Response:
    """POST ``/projects/{project}/correct``: ``question`` (its number), ``value``, ``reason``."""
    project = known_project(request)
    form = await request.form()
    lang, root = request_lang(request), round_of(request).root
    question, value = field(form, "question").strip(), field(form, "value")
    reason = field(form, "reason").strip()
    typed = Typed(question, value, reason)
    if not reason:
        return refused(request, t("web.review.need_reason", lang, question=question), typed)

    def work() -> Done:
        return correct(root, project, question, value, reason, lang)

    def notice(done: Done) -> str:
        key = "web.review.corrected" if done.recorded else "web.review.unchanged"
        return t(key, lang, question=question)

    return await outcome(request, work, notice, typed)


async def back_to_project(request: Request) -> Response:
    """GET of an action's address (the language switch after an action, a bookmark): the
    project page."""
    return RedirectResponse(f"/projects/{quote(known_project(request))}", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/projects/{project}/state", set_state, methods=["POST"], name="review_state"),
    Route("/projects/{project}/comment", add_comment, methods=["POST"], name="review_comment"),
    Route("/projects/{project}/correct", correct_answer, methods=["POST"], name="review_correct"),
    *(
        Route(f"/projects/{{project}}/{action}", back_to_project, methods=["GET"])
        for action in ("state", "comment", "correct")
    ),
]
