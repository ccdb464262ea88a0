"""Pages: the Jinja2 templates of ``templates/``, in the language of the request.

Templates ask for every text with ``t("web....")`` (the catalogues, as everywhere) and get
``lang``, ``csrf`` (for the hidden field of every form that changes something), ``nav`` (the
page's place in the navigation) and the formatting helpers of :mod:`pipeline.locale`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from pipeline.locale.formatting import format_number, long_date, table_date
from pipeline.locale.texts import LANGUAGES, t
from pipeline.web.config import WebConfig
from pipeline.web.security import LANG_COOKIE

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
NAV = {
    "round": "/",
    "projects": "/projects",
    "inbox": "/inbox",
    "workbooks": "/workbooks",
    "letters": "/letters",
    "publication": "/publication",
}
"""The pages of the navigation, in its order: name (text ``web.nav.<name>``) -> path."""


@functools.cache
def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def config_of(request: Request) -> WebConfig:
    return request.app.state.config


def request_lang(request: Request) -> str:
    """The page language: the one chosen with the switch (a cookie), else the server's."""
    chosen = request.cookies.get(LANG_COOKIE, "")
    return chosen if chosen in LANGUAGES else config_of(request).lang


def page(
    request: Request, template: str, *, nav: str = "", status_code: int = 200, **context: Any
) -> HTMLResponse:
    """The page ``template`` rendered for ``request`` with ``context``."""
    lang = request_lang(request)
    config = config_of(request)
    values = {
        "lang": lang,
        "other_lang": "en" if lang == "de" else "de",
        "t": functools.partial(t_in, lang),
        "csrf": config.csrf,
        "nav": nav,
        "nav_pages": NAV,
        "number": functools.partial(_number, lang),
        "long_date": functools.partial(_long_date, lang),
        "table_date": functools.partial(_table_date, lang),
        **context,
    }
    return templates().TemplateResponse(request, template, values, status_code=status_code)


def t_in(lang: str, key: str, /, **values: object) -> str:
    return t(key, lang, **values)


def _number(lang: str, value: float | int) -> str:
    return format_number(value, lang)


def _long_date(lang: str, value: Any) -> str:
    return long_date(value, lang) if value else ""


def _table_date(lang: str, value: Any) -> str:
    return table_date(value, lang) if value else ""
