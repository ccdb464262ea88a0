"""A return that waits for review (it answers less than the project's current one): make it
current or keep the current one, as ``praxis review --accept FILE`` / ``--keep-current FILE``."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pipeline.locale.texts import t
from pipeline.web.pages.project_view import waiting_returns
from pipeline.web.pages.shared import round_of, writer_of
from pipeline.web.rendering import request_lang

SHA256 = re.compile(r"[0-9a-f]{64}")


async def decide(request: Request) -> Response:
    """POST ``/projects/{project}/decide``: ``sha256`` of one of its waiting returns and
    ``decision`` (``accept`` or ``keep``)."""
    from pipeline.returns.review import review
    from pipeline.web.pages.project import project_page  # which shows waiting_returns

    project = request.path_params["project"]
    form = await request.form()
    sha, choice = str(form.get("sha256", "")), str(form.get("decision", ""))
    found = [w for w in waiting_returns(request, project) if w.sha256 == sha]
    if not SHA256.fullmatch(sha) or not found or choice not in ("accept", "keep"):
        raise HTTPException(404)
    lang = request_lang(request)
    rd = round_of(request)
    done = writer_of(request).call(lambda: review(rd.root, sha, choice == "accept", lang))
    key = "returns.review_accepted" if done.accepted else "returns.review_kept"
    notice = t(
        key, lang, file=done.file, project=done.project, current=done.current, report=done.report
    )
    return project_page(request, notice=notice)


ROUTES: list[BaseRoute] = [Route("/projects/{project}/decide", decide, methods=["POST"])]
