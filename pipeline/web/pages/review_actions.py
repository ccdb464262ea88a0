"""The review actions on a project's page: set its state, comment, correct an answer
(to be built: no routes until then)."""

from __future__ import annotations

from starlette.routing import BaseRoute

ROUTES: list[BaseRoute] = []
